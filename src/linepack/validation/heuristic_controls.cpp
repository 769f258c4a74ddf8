#include "linepack/validation/heuristic_controls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linepack/steady/solver.hpp"
#include "linepack/validation/decisions.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

struct Candidate {
  bool stations_active = false;    // stations at their highest allowed discharge
  bool regulators_active = false;  // regulators at their highest allowed outlet
  bool reference_top = true;       // pressures at the top of their zone's window (else the middle)
  std::string name() const {
    return fmt::format("valves open, stations {}, regulators {}, setpoints and reference {}",
                       stations_active ? "active" : "bypassed",
                       regulators_active ? "active" : "bypassed",
                       reference_top ? "at the top of their zone's window" : "mid-window");
  }
};

/// Zones: the nodes a node reaches through pipes, short pipes, resistors and valves (one
/// pressure level up to its pipes' losses). Active regulators and stations separate zones,
/// bypassed ones join them. `window`: [max pressure_min, min pressure_max] of each zone.
struct Zones {
  std::vector<std::size_t> of;  ///< per node: its zone (a node index)
  std::vector<std::pair<double, double>> window;  ///< per zone index
};

Zones zones_of(const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& index,
               bool regulators_active, bool stations_active) {
  std::vector<std::size_t> parent(net.nodes.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  const auto find = [&](std::size_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  const auto join = [&](const auto& elements) {
    for (const auto& e : elements) parent[find(index.at(e.from))] = find(index.at(e.to));
  };
  join(net.pipes);
  join(net.short_pipes);
  join(net.resistors);
  join(net.valves);
  if (!regulators_active) join(net.control_valves);
  if (!stations_active) join(net.compressors);
  Zones z;
  z.of.resize(net.nodes.size());
  z.window.assign(net.nodes.size(), {0.0, model::unbounded});
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    z.of[i] = find(i);
    auto& w = z.window[z.of[i]];
    w.first = std::max(w.first, net.nodes[i].pressure_min_pa);
    w.second = std::min(w.second, net.nodes[i].pressure_max_pa);
  }
  return z;
}

/// Per zone, the shift of p^2 [Pa^2] that centres the solved pressures in their bounds: on a
/// zone whose flows stay put, p_i^2 - p_set^2 hardly depends on the level p_set (exactly so for
/// an ideal gas without elevation), so moving the setpoint's square by the shift moves every
/// node's square by about as much. NaN for zones without a violation.
std::vector<double> recentring_shifts(const model::Network& net, const Zones& z,
                                      const steady::SteadyResult& r) {
  const std::size_t n = net.nodes.size();
  std::vector<double> lo(n, -model::unbounded), hi(n, model::unbounded);
  std::vector<char> violated(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = r.nodes[i].pressure_pa, p2 = p * p;
    const auto& node = net.nodes[i];
    const std::size_t k = z.of[i];
    lo[k] = std::max(lo[k], node.pressure_min_pa * node.pressure_min_pa - p2);
    hi[k] = std::min(hi[k], node.pressure_max_pa * node.pressure_max_pa - p2);
    if (p < node.pressure_min_pa - 1.0 || p > node.pressure_max_pa + 1.0) violated[k] = 1;
  }
  std::vector<double> shift(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < n; ++k)
    if (violated[k]) shift[k] = std::isfinite(hi[k]) ? 0.5 * (lo[k] + hi[k]) : std::max(lo[k], 0.0);
  return shift;
}

}  // namespace

ValidationResult heuristic_controls(const model::Network& net, const model::Scenario& scenario,
                                    const ValidationOptions& options,
                                    const std::string& why_not_tree) {
  const auto t0 = Clock::now();
  std::unordered_map<std::string_view, std::size_t> node;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) node.emplace(net.nodes[i].id, i);
  std::vector<Candidate> candidates;
  for (const bool stations : {false, true})
    for (const bool regulators : {false, true})
      for (const bool top : {true, false}) candidates.push_back({stations, regulators, top});
  ValidationResult r;
  r.method = "heuristic_controls";
  std::size_t tried = 0;
  std::string best;  // the candidate that came closest: fewest violations among converged
  std::size_t best_violations = 0;
  for (const auto& cand : candidates) {
    if (std::chrono::duration<double>(Clock::now() - t0).count() > options.time_limit_s) break;
    const Zones zones = zones_of(net, node, cand.regulators_active, cand.stations_active);
    // A pressure for a node's zone, below `own_limit`: the top of the window less the margin,
    // or its middle; NaN when the window is unbounded above.
    const auto level = [&](const std::string& id, double own_limit) {
      const auto [lo, hi_zone] = zones.window[zones.of[node.at(id)]];
      const double hi = std::min(hi_zone, own_limit);
      if (!std::isfinite(hi)) return std::numeric_limits<double>::quiet_NaN();
      return cand.reference_top ? hi - std::min(options.margin_pa, 0.25 * std::max(hi - lo, 0.0))
                                : 0.5 * (lo + hi);
    };
    model::Scenario s = scenario;
    s.controls.clear();
    for (auto& b : s.boundaries) {
      if (b.kind != model::NodeBoundary::Kind::pressure) continue;
      const double p = level(b.node, model::unbounded);
      if (std::isfinite(p)) b.value = p;  // else keep the given value
    }
    for (const auto& v : net.valves) s.controls.push_back({v.id, model::ControlState::active, {}, {}});
    bool usable = true;
    for (const auto& c : net.control_valves) {
      const double set = level(c.to, c.pressure_out_max_pa);
      if (cand.regulators_active && !std::isfinite(set)) usable = false;
      s.controls.push_back(cand.regulators_active
                               ? model::ElementControl{c.id, model::ControlState::active,
                                                       std::nullopt, set}
                               : model::ElementControl{c.id, model::ControlState::bypass,
                                                       std::nullopt, std::nullopt});
    }
    for (const auto& c : net.compressors) {
      const double set = level(c.to, c.pressure_out_max_pa);
      if (cand.stations_active && !std::isfinite(set)) usable = false;
      s.controls.push_back(
          cand.stations_active ? model::ElementControl{c.id, model::ControlState::active,
                                                       model::CompressorMode::outlet_pressure, set}
                               : model::ElementControl{c.id, model::ControlState::bypass,
                                                       std::nullopt, std::nullopt});
    }
    if (!usable) continue;
    ++tried;
    steady::SteadyResult check = steady::solve(net, s);
    int recentred = 0;
    // Up to three recentring rounds: each setter (pressure reference, active regulator or
    // station outlet) moves its zone toward the middle of the zone's bounds.
    for (int round = 0; round < 3 && check.status == steady::Status::converged &&
                        !check.violations.empty();
         ++round) {
      if (std::chrono::duration<double>(Clock::now() - t0).count() > options.time_limit_s) break;
      const auto shift = recentring_shifts(net, zones, check);
      const auto moved = [&](const std::string& id, double p, double own_limit) {
        const std::size_t v = node.at(id);
        const double d = shift[zones.of[v]];
        if (!std::isfinite(d)) return p;
        const auto& nd = net.nodes[v];
        return std::clamp(std::sqrt(std::max(p * p + d, 1.0)), nd.pressure_min_pa,
                          std::min(nd.pressure_max_pa, own_limit));
      };
      model::Scenario next = s;
      for (auto& b : next.boundaries)
        if (b.kind == model::NodeBoundary::Kind::pressure) b.value = moved(b.node, b.value, model::unbounded);
      for (auto& c : next.controls) {
        if (c.state != model::ControlState::active || !c.setpoint) continue;
        for (const auto& cv : net.control_valves)
          if (cv.id == c.element) c.setpoint = moved(cv.to, *c.setpoint, cv.pressure_out_max_pa);
        for (const auto& cs : net.compressors)
          if (cs.id == c.element) c.setpoint = moved(cs.to, *c.setpoint, cs.pressure_out_max_pa);
      }
      steady::SteadyResult again = steady::solve(net, next);
      if (again.status != steady::Status::converged ||
          again.violations.size() >= check.violations.size())
        break;
      s = std::move(next);
      check = std::move(again);
      ++recentred;
    }
    if (check.status == steady::Status::converged && !check.violations.empty() &&
        (best.empty() || check.violations.size() < best_violations)) {
      best_violations = check.violations.size();
      best = fmt::format("'{}' converged with {} violation(s), first {} at '{}'", cand.name(),
                         best_violations, check.violations[0].what, check.violations[0].id);
    }
    if (check.status == steady::Status::converged && check.violations.empty()) {
      r.verdict = Verdict::feasible;
      r.message = fmt::format("feasible: candidate control '{}'{} keeps every bound and limit "
                              "(steady re-check converged in {} iterations)",
                              cand.name(),
                              recentred ? fmt::format(", recentred {} time(s),", recentred) : "",
                              check.iterations);
      r.decisions = decisions_of(s, check);
      r.control = std::move(s);
      r.check = std::move(check);
      return r;
    }
  }
  r.message = fmt::format(
      "undecided: {}, so the exact tree method does not apply; none of the {} candidate controls "
      "passed the steady re-check{}, and no relaxation bound is computed for such networks yet",
      why_not_tree, tried, best.empty() ? std::string() : " (closest: " + best + ")");
  return r;
}

}  // namespace linepack::validation
