#include "linepack/validation/milp_validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include "linepack/model/validation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/combined_decisions.hpp"
#include "linepack/validation/decisions.hpp"
#include "linepack/validation/map_limit_setpoints.hpp"
#include "linepack/validation/milp_certificate.hpp"
#include "linepack/validation/milp_relaxation.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// The relaxation's decisions as a control: valves open or closed, regulators and stations in
/// the relaxation's mode; setpoints (outlet pressures, the references' pressures) at the
/// relaxation's pressures (`at_top` false) or at the top of the outlet's bounds less the margin.
model::Scenario control_from(const model::Network& net, const model::Scenario& nomination,
                             const RelaxationPoint& pt, double margin_pa, bool at_top) {
  std::unordered_map<std::string, std::size_t> node;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) node.emplace(net.nodes[v].id, v);
  const auto level = [&](const std::string& id, double own_max) {
    const std::size_t v = node.at(id);
    const auto& nd = net.nodes[v];
    const double hi = std::min(nd.pressure_max_pa, own_max);
    const double m = std::min(margin_pa, 0.25 * std::max(hi - nd.pressure_min_pa, 0.0));
    const double lo = std::min(nd.pressure_min_pa + m, hi - m);
    return at_top ? hi - m : std::clamp(pt.pressure_pa[v], lo, hi - m);
  };
  model::Scenario s = nomination;
  s.controls.clear();
  for (auto& b : s.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure) b.value = level(b.node, model::unbounded);
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    s.controls.push_back({net.valves[k].id,
                          pt.valve_open[k] ? model::ControlState::active : model::ControlState::closed,
                          std::nullopt, std::nullopt});
  for (std::size_t i = 0; i < net.control_valves.size(); ++i) {
    const auto& c = net.control_valves[i];
    model::ElementControl ctl{c.id, pt.regulator_state[i], std::nullopt, std::nullopt};
    if (ctl.state == model::ControlState::active) ctl.setpoint = level(c.to, c.pressure_out_max_pa);
    s.controls.push_back(ctl);
  }
  for (std::size_t i = 0; i < net.compressors.size(); ++i) {
    const auto& c = net.compressors[i];
    model::ElementControl ctl{c.id, pt.station_state[i], std::nullopt, std::nullopt};
    if (ctl.state == model::ControlState::active) {
      ctl.mode = model::CompressorMode::outlet_pressure;
      ctl.setpoint = level(c.to, c.pressure_out_max_pa);
    }
    s.controls.push_back(ctl);
  }
  return s;
}

std::string decisions_words(const RelaxationPoint& pt) {
  const auto count = [](const auto& v, model::ControlState s) { return std::count(v.begin(), v.end(), s); };
  return fmt::format("{} of {} valves closed, {} of {} regulators and {} of {} stations active",
                     std::count(pt.valve_open.begin(), pt.valve_open.end(), 0), pt.valve_open.size(),
                     count(pt.regulator_state, model::ControlState::active), pt.regulator_state.size(),
                     count(pt.station_state, model::ControlState::active), pt.station_state.size());
}

ValidationResult infeasible_result(const model::Network& net, const model::Scenario& scenario,
                                   const ConflictingBounds& bounds,
                                   const CombinedDecisions* decisions) {
  ValidationResult r;
  r.verdict = Verdict::infeasible;
  r.method = "milp_relaxation";
  r.certificate = milp_certificate(net, scenario, bounds, milp_proof_slack_pa);
  if (decisions != nullptr) {  // the proof holds for the controls the .cdf allows
    r.certificate->relaxation +=
        "; restricted to the combined decisions (.cdf): one decision of each group";
    r.certificate->explanation += " (among the controls the combined decisions (.cdf) allow)";
  }
  r.message = r.certificate->explanation;
  return r;
}

/// The relaxation, restricted to the combined decisions when there are some.
std::optional<MilpRelaxation> relaxation(const model::Network& net, const model::Scenario& scenario,
                                         const CombinedDecisions* decisions, std::string& why) {
  auto rel = MilpRelaxation::build(net, scenario, milp_proof_slack_pa, why);
  if (rel && decisions != nullptr) rel->restrict_to(*decisions, net);
  return rel;
}

}  // namespace

std::optional<ValidationResult> linear_relaxation_proof(const model::Network& net,
                                                        const model::Scenario& scenario,
                                                        double time_limit_s,
                                                        const CombinedDecisions* decisions) {
  const auto deadline = steady::deadline_after(Clock::now(), time_limit_s);
  std::string why;
  const auto rel = relaxation(net, scenario, decisions, why);
  if (!rel) return std::nullopt;
  const auto bounds = conflicting_bounds_linear(*rel, net, deadline);
  if (!bounds) return std::nullopt;
  return infeasible_result(net, scenario, *bounds, decisions);
}

MilpOutcome milp_validation(const model::Network& net, const model::Scenario& scenario,
                            const ValidationOptions& options, double time_limit_s) {
  const auto t0 = Clock::now();
  // The search for a small conflicting set may use the validation's whole time limit: the
  // verdict is proven once the first solve is infeasible, the filter only words it better.
  const auto deadline =
      steady::deadline_after(t0, std::max({time_limit_s, options.time_limit_s - time_limit_s, 0.0}));
  MilpOutcome out;
  std::string why;
  const CombinedDecisions* decisions = options.combined_decisions.get();
  if (decisions != nullptr && decisions->groups.empty()) decisions = nullptr;
  const auto rel = relaxation(net, scenario, decisions, why);
  if (!rel) {
    out.status = "the MILP relaxation does not apply (" + why + ")";
    return out;
  }
  const auto t_solve = Clock::now();
  const MilpSolution sol = rel->solve({}, {}, time_limit_s - seconds_since(t0));
  const double proof_s = seconds_since(t_solve);
  const std::string size = fmt::format("{} binaries, {} rows, {} flows fixed by the nomination",
                                       rel->binaries(), rel->rows(), rel->fixed_flow_elements());
  if (sol.status == MilpStatus::infeasible) {
    // A MILP solve of the filter gets twice the first proof's time: one that runs longer is
    // most likely searching a feasible relaxation, and its group of bounds stays in the set.
    out.decided = infeasible_result(
        net, scenario, conflicting_bounds(*rel, net, deadline, std::max(0.5, 2.0 * proof_s)),
        decisions);
    return out;
  }
  if (sol.status == MilpStatus::unknown) {
    out.status = sol.failure.empty()
                     ? fmt::format("the MILP relaxation ({}) found neither a solution nor a proof "
                                   "within its {:.3g} s",
                                   size, time_limit_s)
                     : fmt::format("the MILP relaxation ({}) has no answer: its solver failed ({})",
                                   size, sol.failure);
    return out;
  }
  const RelaxationPoint pt = rel->point(sol);
  // The re-checks stop their control rounds at the relaxation's time limit (a stopped one is
  // not_converged, never accepted): on GasLib-4197 one solve can run its loop for a minute.
  steady::SteadyOptions recheck;
  recheck.hold_map_limits = false;  // checked; held below only where only they break
  recheck.deadline = steady::deadline_after(t0, time_limit_s);
  std::string last;
  for (const bool at_top : {true, false}) {
    if (seconds_since(t0) > time_limit_s) break;
    model::Scenario control = control_from(net, scenario, pt, options.margin_pa, at_top);
    steady::SteadyResult check;
    try {
      check = solve_within_decisions(net, control, decisions, options.margin_pa, recheck);
      hold_maps_where_only_they_break(control, check, recheck,
                                      [&](model::Scenario& c, const steady::SteadyOptions& o) {
                                        return solve_within_decisions(net, c, decisions,
                                                                      options.margin_pa, o);
                                      });
    } catch (const model::ValidationError& e) {
      last = fmt::format("rejected by the control loop: {}", e.what());
      continue;
    }
    if (check.status != steady::Status::converged) {
      last = fmt::format("did not converge ({})", check.message);
      continue;
    }
    if (!check.violations.empty()) {
      last = why_not_passed(check);
      continue;
    }
    check = solve_as_linepack_solve(net, control, recheck.deadline);
    if (!passes(check)) {
      last = "passed the re-check, but not as linepack solve solves it (map limits held): " +
             why_not_passed(check);
      continue;
    }
    ValidationResult r;
    r.verdict = Verdict::feasible;
    r.method = "milp_relaxation";
    r.message = fmt::format(
        "feasible: the MILP relaxation's decisions ({}), setpoints {}, keep every bound and "
        "limit (steady re-check: converged in {} iterations, no violation)",
        decisions_words(pt), at_top ? "at the top of their outlet's bounds" : "at its pressures",
        check.iterations);
    r.decisions = decisions_of(control, check);
    r.control = std::move(control);
    r.check = std::move(check);
    out.decided = std::move(r);
    return out;
  }
  out.status = fmt::format("the MILP relaxation ({}) is {}; its decisions ({}) did not pass the "
                           "steady re-check (last: {})",
                           size, to_string(sol.status), decisions_words(pt), last);
  return out;
}

}  // namespace linepack::validation
