#pragma once
// Validation by the setpoint program (validation/setpoint_program.hpp;
// docs/validation-of-nominations.md, "Setpoints from a nonlinear program"): for a discrete
// state, the program's point gives every setpoint; the control that holds them is re-checked by
// the steady solver started from that point. Where the point is outside some node bounds and
// an active station works at the edge of its map or power, that station is bypassed (or
// closed, without a bypass of its own) and the program solved again, while the excess falls.
// Only `feasible` comes from here (a local method proves nothing about infeasibility).
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/combined_decisions.hpp"
#include "linepack/validation/nomination.hpp"
#include "linepack/validation/setpoint_program.hpp"

namespace linepack::validation {

/// The discrete state of a GasLib `.cdf`: in each group its first decision; elements no
/// decision names: valves open, regulators and stations active.
DiscreteControl first_decisions(const model::Network& network, const CombinedDecisions& decisions);

/// Without combined decisions: every regulator and station active, the valves that would
/// bridge them closed, and regulators on a lossless line across a station closed (as the
/// candidate search's all-active candidate, validation/candidate_zones.hpp).
DiscreteControl all_active(const model::Network& network);

/// The control that holds the program's point: valves and modes as `discrete`, every active
/// regulator and station at the outlet pressure of the point (machines sharing one outlet at
/// the same value), pressure boundaries at the point's pressures; a part of the network that
/// has no pressure reference then (its supply leaves only through active machines, or it
/// carries no flow) gets one at its largest entry, else at its first node, at the point's
/// pressure. `referenced` lists those nodes (their nominated flow must be met in the check).
model::Scenario control_from_program(const model::Network& network, const model::Scenario& scenario,
                                     const DiscreteControl& discrete,
                                     const SetpointProgramResult& point,
                                     std::vector<std::string>& referenced);

struct ProgramOutcome {
  std::optional<ValidationResult> decided;  ///< feasible, re-checked
  std::string status;                       ///< what the program reached otherwise
};

/// Tries each of `starts` in turn within `time_limit_s` (the steady re-checks included).
ProgramOutcome program_validation(const model::Network& network, const model::Scenario& scenario,
                                  const ValidationOptions& options, double time_limit_s,
                                  const std::vector<DiscreteControl>& starts);

}  // namespace linepack::validation
