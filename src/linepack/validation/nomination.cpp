#include "linepack/validation/nomination.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/certificate.hpp"
#include "linepack/validation/decisions.hpp"
#include "linepack/validation/edge_relation.hpp"
#include "linepack/validation/heuristic_controls.hpp"
#include "linepack/validation/map_limit_setpoints.hpp"
#include "linepack/validation/milp_validation.hpp"
#include "linepack/validation/network_tree.hpp"
#include "linepack/validation/objective_bound.hpp"
#include "linepack/validation/program_validation.hpp"
#include "linepack/validation/tree_validation.hpp"

namespace linepack::validation {

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::feasible: return "feasible";
    case Verdict::infeasible: return "infeasible";
    case Verdict::undecided: return "undecided";
  }
  return "?";
}

Objective parse_objective(const std::string& name) {
  if (name == "none") return Objective::none;
  if (name == "fuel") return Objective::fuel;
  if (name == "power") return Objective::power;
  throw std::invalid_argument(
      fmt::format("unknown objective '{}' (expected none, fuel or power)", name));
}

std::string to_string(Objective o) {
  switch (o) {
    case Objective::none: return "none";
    case Objective::fuel: return "fuel";
    case Objective::power: return "power";
  }
  return "?";
}

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// The nomination with the tree's control applied: pressure references at their chosen
/// pressures, a pressure boundary at every node that a closed element cuts off or an active
/// regulator leaves without a reference (`pinned`: their nominated flow is checked after the
/// solve), and a control for every valve, regulator and station.
model::Scenario control_scenario(const model::Network& net, const model::Scenario& nomination,
                                 const NetworkTree& tree, const TreeOutcome& t,
                                 std::vector<std::size_t>& pinned) {
  model::Scenario s = nomination;
  s.controls.clear();
  std::vector<long> boundary_of(net.nodes.size(), -1);
  for (std::size_t b = 0; b < s.boundaries.size(); ++b)
    for (std::size_t v = 0; v < net.nodes.size(); ++v)
      if (net.nodes[v].id == s.boundaries[b].node) boundary_of[v] = static_cast<long>(b);
  const auto pin = [&](std::size_t v) {
    const long b = boundary_of[v];
    if (b >= 0) {
      s.boundaries[static_cast<std::size_t>(b)].kind = model::NodeBoundary::Kind::pressure;
      s.boundaries[static_cast<std::size_t>(b)].value = t.pressure_pa[v];
    } else {
      s.boundaries.push_back({net.nodes[v].id, model::NodeBoundary::Kind::pressure, t.pressure_pa[v]});
    }
  };
  for (std::size_t r : tree.roots) pin(r);
  for (std::size_t e = 0; e < tree.edges.size(); ++e) {
    const Edge& edge = tree.edges[e];
    const EdgeSetting& set = t.settings[e];
    if (set.isolates_child) {
      // The child is the end that is not the parent of the other.
      const std::size_t child =
          tree.parent_edge[edge.to] == static_cast<long>(e) ? edge.to : edge.from;
      pin(child);
      pinned.push_back(child);
    }
    if (edge.kind != EdgeKind::valve && edge.kind != EdgeKind::control_valve &&
        edge.kind != EdgeKind::compressor)
      continue;
    model::ElementControl c{edge.id, set.state, std::nullopt, std::nullopt};
    if (set.state == model::ControlState::active && edge.kind != EdgeKind::valve) {
      // An outlet-pressure setpoint fixes the outlet only. When the inlet side is the child
      // (the reference lies downstream), the inlet needs its own tie: a station runs at the
      // ratio instead; behind a regulator the child is pinned at its chosen pressure (the
      // supply pressure of that side is a decision too), its balance checked after the solve.
      const bool inlet_is_child = tree.parent_edge[edge.from] == static_cast<long>(e);
      c.setpoint = t.pressure_pa[edge.to];
      if (edge.kind == EdgeKind::compressor) {
        c.mode = model::CompressorMode::outlet_pressure;
        if (inlet_is_child) {
          c.mode = model::CompressorMode::pressure_ratio;
          c.setpoint = t.pressure_pa[edge.to] / t.pressure_pa[edge.from];
        }
      } else if (inlet_is_child) {
        pin(edge.from);
        pinned.push_back(edge.from);
      }
    }
    s.controls.push_back(std::move(c));
  }
  return s;
}

/// The shaft power of the constructed control, from the constructed pressures (before the
/// re-check), to compare constructions.
double estimated_power_w(const model::Network& net, const NetworkTree& tree, const TreeOutcome& t,
                         const gas::EquationOfState& eos) {
  double total = 0.0;
  const auto& gas = net.physics.gas;
  for (std::size_t e = 0; e < tree.edges.size(); ++e) {
    const Edge& edge = tree.edges[e];
    if (edge.kind != EdgeKind::compressor || t.settings[e].state != model::ControlState::active)
      continue;
    const auto& c = net.compressors[edge.index];
    const double a = t.pressure_pa[edge.from], b = t.pressure_pa[edge.to];
    total += physics::compressor_shaft_power_w(tree.flow_kg_per_s[e], a, b, eos.z_factor(a),
                                               gas.specific_gas_constant(),
                                               net.physics.temperature_k, gas.isentropic_exponent,
                                               c.efficiency, c.polytropic);
  }
  return total;
}

/// Fills the objective fields from the re-check and a lower bound: on a tree
/// validation/objective_bound.hpp, elsewhere 0 (fuel and power are never negative).
void fill_objective(ValidationResult& r, const std::optional<ObjectiveBound>& bound) {
  if (!r.check) return;
  r.fuel_kg_per_s = r.check->total_fuel_kg_per_s;
  r.power_w = r.check->total_compressor_power_w;
  if (r.objective == Objective::none) return;
  const bool fuel = r.objective == Objective::fuel;
  const double value = fuel ? r.fuel_kg_per_s : r.power_w;
  r.objective_bound = bound ? (fuel ? bound->fuel_kg_per_s : bound->power_w) : 0.0;
  r.objective_bound_source = bound ? "tree_station_corners" : "zero";
  r.gap = value > 0.0 ? (value - *r.objective_bound) / value : 0.0;
}

}  // namespace

namespace {

/// The verdict by the tree method or the candidate search (the latter already within any
/// combined decisions); validate_nomination checks the decisions once more.
ValidationResult validate_any_method(const model::Network& net, const model::Scenario& scenario,
                                     const ValidationOptions& options) {
  if (!options.station_maps &&
      std::any_of(net.compressors.begin(), net.compressors.end(),
                  [](const model::Compressor& c) { return c.station.has_value(); })) {
    model::Network boxed = net;  // the same stations without their maps
    for (auto& c : boxed.compressors) c.station.reset();
    auto r = validate_any_method(boxed, scenario, options);  // the .cdf is checked by the caller
    r.station_model = "box";
    return r;
  }
  const auto t0 = Clock::now();
  ValidationResult r;
  if (!options.station_maps) r.station_model = "box";
  r.objective = options.objective;
  std::string why;
  const auto tree = build_tree(net, scenario, why);  // validates; throws on bad input
  if (!tree) {
    // Meshed, in three steps:
    // 1. The MILP relaxation's LP (binaries in [0, 1]): when it is infeasible, so is the
    //    nomination, with a certificate in a second or two on GasLib-4197 (a Clp solve of
    //    0.12 s, then its deletion filter); on GasLib-582 a feasible LP costs about 20 ms.
    // 2. The candidate controls: they decide most feasible nominations in a fraction of a
    //    second (GasLib-582 v1: median 0.04 s).
    // 3. For one still undecided, the MILP outer relaxation in the time left (a proof of
    //    infeasibility, or its decisions re-checked). The candidates get half of what is left
    //    when the limit is 2.5 s or more, else all of it: the relaxation's first answer on
    //    GasLib-582 took 1.7 s to over 60 s (docs/validation-of-nominations.md), so a shorter
    //    slot would only be lost.
    const CombinedDecisions* cdf = options.combined_decisions.get();
    if (cdf != nullptr && cdf->groups.empty()) cdf = nullptr;
    if (auto proof = linear_relaxation_proof(net, scenario, options.time_limit_s, cdf)) {
      r = std::move(*proof);
      if (!options.station_maps) r.station_model = "box";
      r.objective = options.objective;
      fill_objective(r, std::nullopt);
      r.time_s = seconds_since(t0);
      return r;
    }
    ValidationOptions first = options;
    first.time_limit_s = options.time_limit_s - seconds_since(t0);
    const double candidates_and_improvement_s = first.time_limit_s;
    if (options.time_limit_s >= 2.5) first.time_limit_s *= 0.5;
    r = heuristic_controls(net, scenario, first, why, candidates_and_improvement_s);
    if (r.verdict == Verdict::undecided) {
      // 3. The setpoint program for the discrete states of the .cdf's first decisions and of
      //    every machine active, in three quarters of the time left (at least a second).
      const double left = options.time_limit_s - seconds_since(t0);
      if (left >= 1.0) {
        std::vector<DiscreteControl> starts;
        if (cdf != nullptr) starts.push_back(first_decisions(net, *cdf));
        starts.push_back(all_active(net));
        ProgramOutcome program = program_validation(net, scenario, options, 0.75 * left, starts);
        if (program.decided) r = std::move(*program.decided);
        else r.message += "; " + program.status;
      }
    }
    if (r.verdict == Verdict::undecided) {
      const double left = options.time_limit_s - seconds_since(t0);
      MilpOutcome milp;
      if (left >= 0.5) milp = milp_validation(net, scenario, options, left);
      else milp.status = "the MILP relaxation was not run (under 0.5 s left of the time limit)";
      if (milp.decided) r = std::move(*milp.decided);
      else r.message += "; " + milp.status;
    }
    if (!options.station_maps) r.station_model = "box";
    r.objective = options.objective;
    fill_objective(r, std::nullopt);
    r.time_s = seconds_since(t0);
    return r;
  }
  r.method = "tree_interval_propagation";
  const gas::EquationOfState eos(net.physics.eos, net.physics.gas, net.physics.temperature_k);
  std::vector<EdgeRelation> rel;
  rel.reserve(tree->edges.size());
  for (std::size_t e = 0; e < tree->edges.size(); ++e)
    rel.emplace_back(net, tree->edges[e], tree->flow_kg_per_s[e], eos);

  // The proof: bounds relaxed by the numerical slack still conflict.
  const TreeOutcome relaxed = propagate_tree(net, *tree, rel, -options.proof_slack_pa);
  if (relaxed.conflict) {
    r.verdict = Verdict::infeasible;
    r.certificate = tree_certificate(net, *tree, rel, *relaxed.conflict);
    r.message = r.certificate->explanation;
    r.time_s = seconds_since(t0);
    return r;
  }
  const ObjectiveBound bound = tree_objective_bound(net, *tree, rel, relaxed, eos, options.proof_slack_pa);
  // A control inside the bounds by the margin, else on them. With an objective, the roots'
  // pressures are scanned (17 positions in their intervals) for the least estimated power.
  TreeOutcome chosen = propagate_tree(net, *tree, rel, options.margin_pa);
  if (options.objective != Objective::none && !chosen.conflict && chosen.constructed) {
    double least = estimated_power_w(net, *tree, chosen, eos);
    for (int k = 15; k >= 0 && least > 0.0; --k) {
      TreeOutcome t = propagate_tree(net, *tree, rel, options.margin_pa, k / 16.0);
      if (!t.constructed) continue;
      const double p = estimated_power_w(net, *tree, t, eos);
      if (p < least) {
        least = p;
        chosen = std::move(t);
      }
    }
  }
  if (chosen.conflict || !chosen.constructed) chosen = propagate_tree(net, *tree, rel, 0.0);
  if (chosen.conflict || !chosen.constructed) {
    r.message = fmt::format(
        "no conflict beyond {} Pa, but no control could be constructed inside the bounds: the "
        "nomination lies on the edge of what is feasible",
        options.proof_slack_pa);
    r.time_s = seconds_since(t0);
    return r;
  }
  std::vector<std::size_t> pinned;
  model::Scenario control = control_scenario(net, scenario, *tree, chosen, pinned);
  steady::SteadyOptions recheck;
  recheck.hold_map_limits = false;  // the constructed state is checked against the maps
  steady::SteadyResult check = steady::solve(net, control, recheck);
  for (std::size_t v = 0; v < net.nodes.size() && v < check.nodes.size(); ++v)
    r.construction_mismatch_pa = std::max(
        r.construction_mismatch_pa, std::abs(check.nodes[v].pressure_pa - chosen.pressure_pa[v]));
  std::string failed;
  if (check.status != steady::Status::converged)
    failed = fmt::format("the steady re-check did not converge ({})", check.message);
  else if (!check.violations.empty())
    failed = "the steady re-check reports " + why_not_passed(check);
  for (std::size_t v : pinned)
    if (failed.empty() &&
        std::abs(check.nodes[v].withdrawal_kg_per_s - tree->withdrawal_kg_per_s[v]) > 1e-6)
      failed = fmt::format("node '{}', pinned at its chosen pressure, does not balance",
                           net.nodes[v].id);
  if (failed.empty()) {  // and as linepack solve solves it (map_limit_setpoints.hpp)
    steady::SteadyResult as_solved = solve_as_linepack_solve(net, control, std::nullopt);
    if (passes(as_solved))
      check = std::move(as_solved);
    else
      failed = "the re-check passed, but not as linepack solve solves it (map limits held): " +
               why_not_passed(as_solved);
  }
  r.decisions = decisions_of(control, check);
  r.control = std::move(control);
  r.check = std::move(check);
  if (failed.empty()) {
    r.verdict = Verdict::feasible;
    r.message = fmt::format(
        "feasible: the control keeps every bound and limit (steady re-check: converged in {} "
        "iterations, no violation)",
        r.check->iterations);
  } else {
    r.message = "a control was constructed but " + failed;
  }
  fill_objective(r, bound);
  r.time_s = seconds_since(t0);
  if (r.time_s > options.time_limit_s && r.verdict == Verdict::undecided)
    r.message += fmt::format(" (time limit {} s)", options.time_limit_s);
  return r;
}

}  // namespace

ValidationResult validate_nomination(const model::Network& net, const model::Scenario& scenario,
                                     const ValidationOptions& options) {
  ValidationResult r = validate_any_method(net, scenario, options);
  const CombinedDecisions* cdf = options.combined_decisions.get();
  if (cdf == nullptr || cdf->groups.empty() || r.verdict != Verdict::feasible) return r;
  // A feasible control must be one of each group's decisions (a tree's control is built without
  // them; the candidate search imposes them, and this is the check of its result too).
  r.decisions_used = decisions_used(*cdf, element_states(net, *r.control, *r.check));
  const auto broken = std::find_if(r.decisions_used.begin(), r.decisions_used.end(),
                                   [](const auto& g) { return g.second.empty(); });
  if (broken == r.decisions_used.end()) {
    std::string used;
    if (r.decisions_used.size() > 8) {
      used = fmt::format("one decision in each of the {} groups (listed in the result)",
                         r.decisions_used.size());
    } else {
      for (const auto& [group, decision] : r.decisions_used)
        used += fmt::format("{}{}: {}", used.empty() ? "" : ", ", group, decision);
    }
    r.message += fmt::format("; combined decisions (.cdf) used: {}", used);
    return r;
  }
  r.verdict = Verdict::undecided;
  r.message = fmt::format(
      "undecided: the control found keeps every bound but is none of the decisions of combined "
      "decision group '{}' (.cdf), and no control within them was found",
      broken->first);
  r.decisions_used.clear();
  return r;
}

}  // namespace linepack::validation
