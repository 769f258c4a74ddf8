#include "linepack/validation/heuristic_controls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include "linepack/steady/solver.hpp"
#include "linepack/validation/decisions.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

struct Candidate {
  bool stations_active = false;    // stations at their highest allowed discharge
  bool regulators_active = false;  // regulators at their highest allowed outlet
  bool reference_top = true;       // reference at its upper bound (else the middle)
  std::string name() const {
    return fmt::format("valves open, stations {}, regulators {}, reference {}",
                       stations_active ? "at their highest discharge" : "bypassed",
                       regulators_active ? "at their highest outlet" : "bypassed",
                       reference_top ? "at its upper bound" : "mid-bounds");
  }
};

/// The highest pressure allowed at an element's outlet: its own limit and the node's bound.
double top_outlet(double own_limit, const model::Node& to, double margin) {
  const double hi = std::min(own_limit, to.pressure_max_pa);
  return std::isfinite(hi) ? hi - margin : NAN;
}

}  // namespace

ValidationResult heuristic_controls(const model::Network& net, const model::Scenario& scenario,
                                    const ValidationOptions& options,
                                    const std::string& why_not_tree) {
  const auto t0 = Clock::now();
  std::unordered_map<std::string, const model::Node*> node;
  for (const auto& n : net.nodes) node.emplace(n.id, &n);
  std::vector<Candidate> candidates;
  for (const bool stations : {false, true})
    for (const bool regulators : {false, true})
      for (const bool top : {true, false}) candidates.push_back({stations, regulators, top});
  ValidationResult r;
  r.method = "heuristic_controls";
  std::size_t tried = 0;
  for (const auto& cand : candidates) {
    if (std::chrono::duration<double>(Clock::now() - t0).count() > options.time_limit_s) break;
    model::Scenario s = scenario;
    s.controls.clear();
    for (auto& b : s.boundaries) {
      if (b.kind != model::NodeBoundary::Kind::pressure) continue;
      const model::Node& n = *node.at(b.node);
      if (!std::isfinite(n.pressure_max_pa)) continue;  // keep the given value
      b.value = cand.reference_top
                    ? n.pressure_max_pa - std::min(options.margin_pa,
                                                   0.25 * (n.pressure_max_pa - n.pressure_min_pa))
                    : 0.5 * (n.pressure_min_pa + n.pressure_max_pa);
    }
    for (const auto& v : net.valves) s.controls.push_back({v.id, model::ControlState::active, {}, {}});
    bool usable = true;
    for (const auto& c : net.control_valves) {
      const double set = top_outlet(c.pressure_out_max_pa, *node.at(c.to), options.margin_pa);
      if (cand.regulators_active && !std::isfinite(set)) usable = false;
      s.controls.push_back(cand.regulators_active
                               ? model::ElementControl{c.id, model::ControlState::active,
                                                       std::nullopt, set}
                                       : model::ElementControl{c.id, model::ControlState::bypass,
                                                               std::nullopt, std::nullopt});
    }
    for (const auto& c : net.compressors) {
      const double set = top_outlet(c.pressure_out_max_pa, *node.at(c.to), options.margin_pa);
      if (cand.stations_active && !std::isfinite(set)) usable = false;
      s.controls.push_back(
          cand.stations_active ? model::ElementControl{c.id, model::ControlState::active,
                                              model::CompressorMode::outlet_pressure, set}
                      : model::ElementControl{c.id, model::ControlState::bypass, std::nullopt,
                                              std::nullopt});
    }
    if (!usable) continue;
    ++tried;
    steady::SteadyResult check = steady::solve(net, s);
    if (check.status == steady::Status::converged && check.violations.empty()) {
      r.verdict = Verdict::feasible;
      r.message = fmt::format("feasible: candidate control '{}' keeps every bound and limit "
                              "(steady re-check converged in {} iterations)",
                              cand.name(), check.iterations);
      r.decisions = decisions_of(s, check);
      r.control = std::move(s);
      r.check = std::move(check);
      return r;
    }
  }
  r.message = fmt::format(
      "undecided: {}, so the exact tree method does not apply; none of the {} candidate controls "
      "passed the steady re-check, and no relaxation bound is computed for such networks yet",
      why_not_tree, tried);
  return r;
}

}  // namespace linepack::validation
