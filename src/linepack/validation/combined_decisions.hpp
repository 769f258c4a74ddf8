#pragma once
// GasLib combined decisions (`.cdf`, read by io/gaslib_cdf_reader): groups of valves, regulators
// and compressor stations whose states may only be combined as one of the group's listed
// decisions (e.g. the valves and stations of an interchange station; Pfetsch et al., "Validation
// of nominations in gas network optimization", OMS 30(1), 2015). Meaning of an entry
// (docs/validation-of-nominations.md, "Combined decisions"):
//   value 0: the element is closed;
//   value 1: open (a valve) or running (a regulator or station: active or bypass; with
//            mode="active" or mode="bypass" only that);
//   flowDirection 0 / 1 (with value 1): the flow goes from -> to / to -> from.
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::validation {

enum class DecisionElementKind { valve, control_valve, compressor };
std::string to_string(DecisionElementKind kind);  ///< "valve", "control_valve", "compressor"

/// One element's state in one decision.
struct DecisionEntry {
  std::string element;
  DecisionElementKind kind = DecisionElementKind::valve;
  bool open = false;  ///< value="1"
  /// Regulators and stations: "active" or "bypass" when the file says which (mode attribute).
  std::optional<model::ControlState> mode;
  std::optional<int> flow_direction;  ///< 0: from -> to, 1: to -> from
  bool operator==(const DecisionEntry&) const = default;
};

struct Decision {
  std::string id;
  std::vector<DecisionEntry> entries;
  bool operator==(const Decision&) const = default;
};

struct DecisionGroup {
  std::string id;
  std::vector<Decision> decisions;  ///< the allowed combinations
  bool operator==(const DecisionGroup&) const = default;
};

struct CombinedDecisions {
  std::vector<DecisionGroup> groups;
  std::size_t decision_count() const;
  bool operator==(const CombinedDecisions&) const = default;
};

/// The state an element is in (valves: active = open, closed) and its flow from -> to.
struct ElementState {
  model::ControlState state = model::ControlState::active;
  double mass_flow_kg_per_s = 0.0;
};
using ElementStates = std::unordered_map<std::string, ElementState>;

/// A flow within this of zero [kg/s] counts as either direction.
inline constexpr double flow_direction_tolerance_kg_per_s = 1e-3;

/// Whether `states` meets every entry of `decision` (an element missing from `states` does not).
bool meets(const Decision& decision, const ElementStates& states);
/// The index of the first decision of `group` that `states` meets, if any.
std::optional<std::size_t> decision_met(const DecisionGroup& group, const ElementStates& states);
/// Whether every group has a decision that `states` meets.
bool allows(const CombinedDecisions& decisions, const ElementStates& states);

/// The states of every valve, regulator and station after a steady solve with `control`: valves
/// as the control (or the network) sets them; regulators and stations as the steady control loop
/// settled them (`control_mode` closed / bypass / open, else active), except that a regulator
/// set active and shut by the loop, with its drop and pressures within its limits, is active
/// (GasLib's active control valve at zero flow); flows from `check`.
ElementStates element_states(const model::Network& network, const model::Scenario& control,
                             const steady::SteadyResult& check);

/// The decision each group uses: (group id, decision id), or an empty decision id where none is
/// met.
std::vector<std::pair<std::string, std::string>> decisions_used(const CombinedDecisions& decisions,
                                                                const ElementStates& states);

inline constexpr std::size_t no_decision = static_cast<std::size_t>(-1);

/// Repairs `control` before a solve: in each group, the decision that differs from the control's
/// states in the fewest element states (the first such in the file; decisions marked in
/// `excluded[group]` skipped) is imposed: valves opened or closed, regulators and stations
/// closed, or set running (kept active or bypassed as they were, a closed one bypassed, or the
/// decision's mode). An element set active holds an outlet pressure `margin_pa` below the least
/// of its outlet limit and its outlet node's maximum (left bypassed where both are unbounded).
/// Flow directions are checked after the solve, not imposed. Returns, per group, the index of
/// the decision imposed or already met (no_decision when every one is excluded).
std::vector<std::size_t> impose_nearest_decisions(
    const CombinedDecisions& decisions, const model::Network& network, model::Scenario& control,
    double margin_pa, const std::vector<std::vector<char>>& excluded = {});

/// Solves tried per candidate control by solve_within_decisions.
inline constexpr int max_decision_attempts = 4;

/// One candidate control's steady solve under combined decisions (the hook of the candidate
/// search, heuristic_controls.cpp). Each solve that rejects its control for a part without a
/// pressure reference is tried again with the parts that carry no flow held (hold_idle_parts,
/// idle_parts.hpp), unless `hold_idle` is false. With `decisions` null, that solve as is.
/// Otherwise the control is repaired first (impose_nearest_decisions), and a converged result
/// that still breaks a group (the control loop closed or bypassed an element, or a flow runs
/// against a decision's direction) gets one violation `combined_decision_broken` per such group
/// (id: the group), so that it is never taken as feasible; then the broken groups' next nearest decisions are tried,
/// up to max_decision_attempts solves while the violations decrease. `control` becomes the
/// repaired control of the result returned (the one with the fewest violations). `steady`: the
/// options of each solve (the validation's deadline).
steady::SteadyResult solve_within_decisions(const model::Network& network,
                                            model::Scenario& control,
                                            const CombinedDecisions* decisions, double margin_pa,
                                            const steady::SteadyOptions& steady = {},
                                            bool hold_idle = true);

}  // namespace linepack::validation
