#include "linepack/validation/heuristic_controls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linepack/model/validation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/decisions.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

/// A candidate control: which regulators and stations are active (the rest bypassed; every
/// valve open), and whether setpoints sit at the top or the middle of their zone's window.
struct Config {
  std::vector<char> regulator_active, station_active;
  bool top = true;
  std::vector<char> valve_open;  ///< per valve; empty: every valve open
  bool is_open(std::size_t valve) const { return valve_open.empty() || valve_open[valve]; }
  std::string describe() const {
    const auto count = [](const std::vector<char>& v) { return std::count(v.begin(), v.end(), 1); };
    return fmt::format("{}, {} of {} regulators and {} of {} stations active, setpoints "
                       "and reference {}",
                       valve_open.empty()
                           ? std::string("valves open")
                           : fmt::format("{} of {} valves open (none bridging an active element)",
                                         count(valve_open), valve_open.size()),
                       count(regulator_active), regulator_active.size(), count(station_active),
                       station_active.size(),
                       top ? "at the top of their zone's window" : "mid-window");
  }
};

/// Valves for a candidate with active regulators and stations: a valve open across an active
/// element's two ends would bridge it (the control loop then holds it open, so it cannot separate
/// two pressure levels; GasLib's interchange stations and regulator bypasses are such valves).
/// Valves are opened in turn, each only when it joins two parts not yet joined and leaves every
/// active element's ends apart (a union-find over pipes, short pipes, resistors and the valves
/// opened so far); the rest are closed.
std::vector<char> valves_not_bridging(
    const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& index,
    const std::vector<char>& regulator_active, const std::vector<char>& station_active) {
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
  std::vector<std::pair<std::size_t, std::size_t>> active_ends;
  for (std::size_t i = 0; i < net.control_valves.size(); ++i)
    if (regulator_active[i])
      active_ends.emplace_back(index.at(net.control_valves[i].from), index.at(net.control_valves[i].to));
  for (std::size_t i = 0; i < net.compressors.size(); ++i)
    if (station_active[i])
      active_ends.emplace_back(index.at(net.compressors[i].from), index.at(net.compressors[i].to));
  std::vector<char> open(net.valves.size(), 0);
  for (std::size_t k = 0; k < net.valves.size(); ++k) {
    const std::size_t a = find(index.at(net.valves[k].from)), b = find(index.at(net.valves[k].to));
    if (a == b) {  // both ends already joined: open adds no path between different levels
      open[k] = 1;
      continue;
    }
    const auto saved = parent;
    parent[a] = b;
    const bool bridges = std::any_of(active_ends.begin(), active_ends.end(), [&](const auto& e) {
      return find(e.first) == find(e.second);
    });
    if (bridges) parent = saved;
    else open[k] = 1;
  }
  return open;
}

/// Zones: the nodes a node reaches through pipes, short pipes, resistors and valves (one
/// pressure level up to its pipes' losses). Active regulators and stations separate zones,
/// bypassed ones join them. `window`: [max pressure_min, min pressure_max] of each zone.
struct Zones {
  std::vector<std::size_t> of;  ///< per node: its zone (a node index)
  std::vector<std::pair<double, double>> window;  ///< per zone index
};

Zones zones_of(const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& index,
               const Config& cfg) {
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
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    if (cfg.is_open(k))
      parent[find(index.at(net.valves[k].from))] = find(index.at(net.valves[k].to));
  for (std::size_t i = 0; i < net.control_valves.size(); ++i)
    if (!cfg.regulator_active[i])
      parent[find(index.at(net.control_valves[i].from))] = find(index.at(net.control_valves[i].to));
  for (std::size_t i = 0; i < net.compressors.size(); ++i)
    if (!cfg.station_active[i])
      parent[find(index.at(net.compressors[i].from))] = find(index.at(net.compressors[i].to));
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

namespace {

/// One candidate, solved and recentred.
struct Trial {
  model::Scenario scenario;
  steady::SteadyResult check;
  int recentred = 0;
  bool usable = false;
  /// Fewest is best: violations of a converged solve; not converged or unusable last.
  std::size_t score() const {
    if (!usable || check.status != steady::Status::converged) return static_cast<std::size_t>(-1);
    return check.violations.size();
  }
};

class CandidateSearch {
 public:
  CandidateSearch(const model::Network& net, const model::Scenario& scenario,
                  const ValidationOptions& options)
      : net_(net), scenario_(scenario), options_(options) {
    for (std::size_t i = 0; i < net.nodes.size(); ++i) node_.emplace(net.nodes[i].id, i);
  }

  const std::unordered_map<std::string_view, std::size_t>& node_index() const { return node_; }

  Trial evaluate(const Config& cfg) const {
    Trial t;
    const Zones zones = zones_of(net_, node_, cfg);
    // A pressure for a node's zone, below `own_limit`: the top of the window less the margin,
    // or its middle; NaN when the window is unbounded above.
    const auto level = [&](const std::string& id, double own_limit) {
      const auto [lo, hi_zone] = zones.window[zones.of[node_.at(id)]];
      const double hi = std::min(hi_zone, own_limit);
      if (!std::isfinite(hi)) return std::numeric_limits<double>::quiet_NaN();
      // Never above `hi`: a window whose minimum exceeds the element's own outlet limit gives
      // the limit (the steady control loop rejects a setpoint above its element's limit).
      return cfg.top ? hi - std::min(options_.margin_pa, 0.25 * std::max(hi - lo, 0.0))
                     : std::min(0.5 * (lo + hi), hi);
    };
    model::Scenario& s = t.scenario;
    s = scenario_;
    s.controls.clear();
    for (auto& b : s.boundaries) {
      if (b.kind != model::NodeBoundary::Kind::pressure) continue;
      const double p = level(b.node, model::unbounded);
      if (std::isfinite(p)) b.value = p;  // else keep the given value
    }
    for (std::size_t k = 0; k < net_.valves.size(); ++k)
      s.controls.push_back({net_.valves[k].id,
                            cfg.is_open(k) ? model::ControlState::active : model::ControlState::closed,
                            {}, {}});
    for (std::size_t i = 0; i < net_.control_valves.size(); ++i) {
      const auto& c = net_.control_valves[i];
      if (!cfg.regulator_active[i]) {
        s.controls.push_back({c.id, model::ControlState::bypass, std::nullopt, std::nullopt});
        continue;
      }
      const double set = level(c.to, c.pressure_out_max_pa);
      if (!std::isfinite(set)) return t;  // unusable
      s.controls.push_back({c.id, model::ControlState::active, std::nullopt, set});
    }
    for (std::size_t i = 0; i < net_.compressors.size(); ++i) {
      const auto& c = net_.compressors[i];
      if (!cfg.station_active[i]) {
        s.controls.push_back({c.id, model::ControlState::bypass, std::nullopt, std::nullopt});
        continue;
      }
      const double set = level(c.to, c.pressure_out_max_pa);
      if (!std::isfinite(set)) return t;
      s.controls.push_back(
          {c.id, model::ControlState::active, model::CompressorMode::outlet_pressure, set});
    }
    // The control loop rejects holds that contradict each other (e.g. two setters of one
    // lossless island at different pressures): such a candidate is unusable, not an error.
    // GasLib combined decisions (.cdf), when given: the candidate is repaired to the nearest
    // allowed combination before its solve, and a result that breaks one is not feasible.
    const auto solve = [&](model::Scenario& sc) -> std::optional<steady::SteadyResult> {
      try {
        return solve_within_decisions(net_, sc, options_.combined_decisions.get(),
                                      options_.margin_pa);
      } catch (const model::ValidationError&) {
        return std::nullopt;
      }
    };
    auto first = solve(s);
    if (!first) return t;
    t.usable = true;
    t.check = std::move(*first);
    // Up to three recentring rounds: each setter (pressure reference, active regulator or
    // station outlet) moves its zone toward the middle of the zone's bounds.
    while (t.recentred < 3 && t.check.status == steady::Status::converged &&
           !t.check.violations.empty()) {
      const auto shift = recentring_shifts(net_, zones, t.check);
      const auto moved = [&](const std::string& id, double p, double own_limit) {
        const std::size_t v = node_.at(id);
        const double d = shift[zones.of[v]];
        if (!std::isfinite(d)) return p;
        const auto& nd = net_.nodes[v];
        const double hi = std::min(nd.pressure_max_pa, own_limit);
        return std::min(std::max(std::sqrt(std::max(p * p + d, 1.0)), nd.pressure_min_pa), hi);
      };
      model::Scenario next = s;
      for (auto& b : next.boundaries)
        if (b.kind == model::NodeBoundary::Kind::pressure)
          b.value = moved(b.node, b.value, model::unbounded);
      const std::size_t cv0 = net_.valves.size(), cs0 = cv0 + net_.control_valves.size();
      for (std::size_t i = 0; i < net_.control_valves.size(); ++i) {
        auto& c = next.controls[cv0 + i];
        if (c.setpoint)
          c.setpoint = moved(net_.control_valves[i].to, *c.setpoint,
                             net_.control_valves[i].pressure_out_max_pa);
      }
      for (std::size_t i = 0; i < net_.compressors.size(); ++i) {
        auto& c = next.controls[cs0 + i];
        if (c.setpoint)
          c.setpoint = moved(net_.compressors[i].to, *c.setpoint,
                             net_.compressors[i].pressure_out_max_pa);
      }
      auto again = solve(next);
      if (!again || again->status != steady::Status::converged ||
          again->violations.size() >= t.check.violations.size())
        break;
      s = std::move(next);
      t.check = std::move(*again);
      ++t.recentred;
    }
    return t;
  }

 private:
  const model::Network& net_;
  const model::Scenario& scenario_;
  const ValidationOptions& options_;
  std::unordered_map<std::string_view, std::size_t> node_;
};

}  // namespace

ValidationResult heuristic_controls(const model::Network& net, const model::Scenario& scenario,
                                    const ValidationOptions& options,
                                    const std::string& why_not_tree) {
  const auto t0 = Clock::now();
  const auto out_of_time = [&] {
    return std::chrono::duration<double>(Clock::now() - t0).count() > options.time_limit_s;
  };
  const CandidateSearch search(net, scenario, options);
  ValidationResult r;
  r.method = "heuristic_controls";
  std::size_t tried = 0;
  std::optional<Config> best;
  Trial best_trial;
  const auto feasible = [&](const Config& cfg, Trial& t) {
    r.verdict = Verdict::feasible;
    r.message = fmt::format(
        "feasible: candidate control '{}'{} keeps every bound and limit (steady re-check "
        "converged in {} iterations; {} candidates tried)",
        cfg.describe(), t.recentred ? fmt::format(", recentred {} time(s),", t.recentred) : "",
        t.check.iterations, tried);
    r.decisions = decisions_of(t.scenario, t.check);
    r.control = std::move(t.scenario);
    r.check = std::move(t.check);
    return r;
  };
  const auto consider = [&](const Config& cfg) -> bool {  // true when feasible
    Trial t = search.evaluate(cfg);
    if (t.usable) ++tried;
    if (t.score() == 0) {
      feasible(cfg, t);
      return true;
    }
    if (t.score() < best_trial.score()) {
      best = cfg;
      best_trial = std::move(t);
    }
    return false;
  };
  // Uniform candidates, least action first; after the first, every regulator and station
  // active with the valves that would bridge them closed (regulators' setpoints at the top of
  // their outlet zone's window, stations' at their discharge limit or that window's top, each
  // element held at whichever limit binds by the steady solver's control loop).
  bool separated_tried = false;
  for (const bool stations : {false, true})
    for (const bool regulators : {false, true})
      for (const bool top : {true, false}) {
        if (out_of_time()) break;
        Config cfg{std::vector<char>(net.control_valves.size(), regulators),
                   std::vector<char>(net.compressors.size(), stations), top, {}};
        if (consider(cfg)) return r;
        if (separated_tried || out_of_time()) continue;
        separated_tried = true;
        const bool machines = !net.control_valves.empty() || !net.compressors.empty();
        if (net.valves.empty() || !machines) continue;
        Config all{std::vector<char>(net.control_valves.size(), 1),
                   std::vector<char>(net.compressors.size(), 1), true, {}};
        all.valve_open = valves_not_bridging(net, search.node_index(), all.regulator_active,
                                             all.station_active);
        if (consider(all)) return r;
        all.top = false;
        if (!out_of_time() && consider(all)) return r;
      }
  // Local search from the closest: switch one regulator or station at a time, keep what
  // lowers the number of violations, until a pass changes nothing.
  for (bool improved = best.has_value(); improved && !out_of_time();) {
    improved = false;
    const std::size_t n_cv = net.control_valves.size();
    for (std::size_t k = 0; k < n_cv + net.compressors.size() && !out_of_time(); ++k) {
      Config cfg = *best;
      auto& flag = k < n_cv ? cfg.regulator_active[k] : cfg.station_active[k - n_cv];
      flag = !flag;
      const std::size_t before = best_trial.score();
      if (consider(cfg)) return r;
      if (best_trial.score() < before) improved = true;
    }
  }
  std::string closest;
  if (best && best_trial.score() != static_cast<std::size_t>(-1) && !best_trial.check.violations.empty()) {
    const auto& v = best_trial.check.violations[0];
    closest = fmt::format(" (closest: '{}' converged with {} violation(s), first {} at '{}')",
                          best->describe(), best_trial.check.violations.size(), v.what, v.id);
  }
  r.message = fmt::format(
      "undecided: {}, so the exact tree method does not apply; none of the {} candidate controls "
      "passed the steady re-check{}{}, and no relaxation bound is computed for such networks yet",
      why_not_tree, tried, closest, out_of_time() ? " before the time limit" : "");
  return r;
}

}  // namespace linepack::validation
