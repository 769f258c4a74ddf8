#pragma once
// Networks the exact tree method does not cover (cycles, several pressure references): a few
// candidate controls, each verified by the steady solver, give `feasible` when one keeps every
// bound; otherwise `undecided` (a heuristic proves nothing about infeasibility).
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

/// Candidates, every valve open: stations bypassed or active, regulators bypassed or active, and
/// every setpoint and pressure reference at the top (less the margin) or the middle of the
/// pressure window of the zone it feeds (the nodes reached through pipes, short pipes, resistors
/// and valves, capped by the element's own outlet limit): 8 controls, least action first; after
/// the first, every regulator and station active with the valves that would bridge them closed
/// (and regulators on a lossless line across an active station closed). Each solve is settled:
/// regulators and stations that the control loop closed, bypassed or held fully open are
/// restated as closed or bypassed, and idle stations named by a violation as closed; after the
/// maps' limits were held, a station still off its map is bypassed, other settings kept. A
/// candidate whose solve converges with violated node bounds is recentred up to three times:
/// each setter's zone is moved toward the middle of its bounds in p^2. The mid-window variant is
/// skipped when the top one left only nodes below their minimum. Then a local search from the
/// closest candidate switches one regulator or station at a time (bypass <-> active), the
/// switches nearest the violations first (candidate_order.hpp), and keeps the first switch that
/// lowers the number of violations, until a switch passes, none helps, or the time limit.
/// With an objective, after the first feasible control: its running stations bypassed (all, then
/// each alone), each variant repaired by the local search without starting a station, keeping
/// the cheapest feasible control, until none is cheaper, the objective is 0, or
/// `improve_limit_s` (0: the options' limit). `why_not_tree` goes into the message of an
/// undecided result.
ValidationResult heuristic_controls(const model::Network& network,
                                    const model::Scenario& scenario,
                                    const ValidationOptions& options,
                                    const std::string& why_not_tree,
                                    double improve_limit_s = 0.0);

}  // namespace linepack::validation
