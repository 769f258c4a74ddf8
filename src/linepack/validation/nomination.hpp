#pragma once
// Validation of a nomination: can the nominated entry and exit flows be transported within
// every pressure bound and machine limit, and with which control (valve states, regulator and
// compressor states and setpoints)? docs/validation-of-nominations.md.
//
// Verdicts:
//   feasible   - with a control that the steady solver (steady::solve) confirms: converged, no
//                bound or limit violated;
//   infeasible - only with a proof: a certificate naming the bounds and elements that conflict;
//   undecided  - neither (time limit, a network the exact method does not cover, or a control
//                that did not pass the steady re-check), with what is known.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"
#include "linepack/validation/combined_decisions.hpp"

namespace linepack::validation {

enum class Verdict { feasible, infeasible, undecided };
std::string to_string(Verdict verdict);

enum class Objective { none, fuel, power };
/// "none", "fuel", "power"; throws std::invalid_argument otherwise.
Objective parse_objective(const std::string& name);
std::string to_string(Objective objective);

struct ValidationOptions {
  Objective objective = Objective::none;
  double time_limit_s = 60.0;
  /// The constructed control keeps node pressures this far inside their bounds [Pa] where
  /// the bounds leave room, so the steady re-check's rounding never reads as a violation.
  double margin_pa = 10.0;
  /// `infeasible` is claimed only when the bounds relaxed by this much [Pa] still conflict:
  /// a conflict smaller than the numerical error of the propagation is `undecided`.
  double proof_slack_pa = 1.0;
  /// Stations with a map (GasLib .cs, docs/physics.md §8.2) must run inside it: speed, surge,
  /// choke and drive power are bounds of the validation (the candidate controls' solves hold
  /// them as limits, SteadyOptions::hold_map_limits, and the control returned states the outlet
  /// a station reaches on one). False: every station is the "ratio
  /// box" of its ratio, pressure, power and flow limits only, the model of LANL's published
  /// GasSteadyOpt runs (docs/validation-of-nominations.md).
  bool station_maps = true;
  /// Newton iterations per control round in the candidate controls' solves (the steady
  /// solver's default: 60). A round that has not converged by then is treated as failed (the
  /// loop takes switches back or the candidate is not converged); a converged solve is the
  /// same re-check as with more iterations. GasLib-582 v2-full with maps: the rounds that failed
  /// used all 60 iterations and most of the search's time, while 99 % of the converged rounds
  /// needed at most 30 (docs/validation-of-nominations.md, Benchmark).
  int candidate_newton_iterations = 30;
  /// GasLib combined decisions (`.cdf`): a control is feasible only if every group's states are
  /// one of the group's decisions (combined_decisions.hpp). Null: no such restriction.
  std::shared_ptr<const CombinedDecisions> combined_decisions;
};

/// The control of one element in a feasible answer.
struct ElementDecision {
  std::string id;
  std::string kind;  ///< valve, control_valve, compressor
  model::ControlState state = model::ControlState::bypass;  ///< valves: active = open
  std::optional<double> outlet_pressure_pa;  ///< active regulators and compressors
  double mass_flow_kg_per_s = 0.0;
  double pressure_in_pa = 0.0, pressure_out_pa = 0.0;
  /// Regulators and stations: what the steady control loop settled on in the re-check (the
  /// quantity held, e.g. `outlet_pressure`, or `open` / `bypass` / `closed`) and the limit that
  /// binds (`none` when the setpoint itself is held; steady/control_loop.hpp).
  std::string control_mode, binding_limit;
};

/// The proof behind `infeasible`, in words a dispatcher can act on, and its parts.
struct NominationCertificate {
  std::string relaxation;   ///< the model the proof holds for
  std::string explanation;  ///< "exit X cannot be supplied at its minimum pressure because ..."
  std::string node;         ///< where the chain of the unmet minimum starts (the exit)
  std::string conflict_node;  ///< where the two chains meet
  double required_pa = 0.0;   ///< the least pressure the lower chain needs at conflict_node
  double allowed_pa = 0.0;    ///< the most pressure the upper chain allows there
  std::vector<std::string> lower_chain;  ///< node, element, node, ... from `node` to conflict_node
  std::vector<std::string> upper_chain;  ///< from the origin of the upper bound to conflict_node
};

struct ValidationResult {
  Verdict verdict = Verdict::undecided;
  std::string method;   ///< "tree_interval_propagation", "heuristic_controls", ...
  std::string message;  ///< one line: what was shown or why undecided
  /// feasible: the nomination with the control applied, as re-checked by the steady solver
  /// (the pressure reference at its chosen pressure, element controls for every valve,
  /// regulator and station).
  std::optional<model::Scenario> control;
  std::vector<ElementDecision> decisions;
  std::optional<steady::SteadyResult> check;  ///< the steady re-check of `control`
  /// Largest |p_check - p_constructed| over the nodes [Pa] (feasible on a tree).
  double construction_mismatch_pa = 0.0;
  std::optional<NominationCertificate> certificate;
  Objective objective = Objective::none;
  double fuel_kg_per_s = 0.0;  ///< of the control found
  double power_w = 0.0;
  std::optional<double> objective_bound;  ///< a lower bound of the objective, when known
  /// Where `objective_bound` comes from: "tree_station_corners" (on a tree,
  /// validation/objective_bound.hpp) or "zero" (fuel and power are never negative; a control
  /// with every station idle or bypassed reaches it, so its gap 0 proves it optimal).
  std::string objective_bound_source;
  std::optional<double> gap;              ///< (value - bound) / value, when known
  double time_s = 0.0;
  std::string station_model = "maps";  ///< "maps" or "box" (ValidationOptions::station_maps)
  /// With combined decisions and a feasible control: (group id, decision id) of every group.
  std::vector<std::pair<std::string, std::string>> decisions_used;
};

/// Validates `scenario`'s nominated node flows on `network`. The scenario's pressure boundary
/// (one per component) marks the node that balances the nomination; its pressure is a decision
/// within the node's bounds, not a given. The scenario's element controls are ignored: the
/// validation chooses every control. Throws model::ValidationError for invalid input.
ValidationResult validate_nomination(const model::Network& network,
                                     const model::Scenario& scenario,
                                     const ValidationOptions& options = {});

}  // namespace linepack::validation
