#pragma once
// Controls whose stations would run beyond their maps (docs/validation-of-nominations.md,
// "Candidate controls"): where a validation's steady solve of a control converges with only
// stations' maps violated, the control is solved again with the maps' limits held
// (steady::SteadyOptions::hold_map_limits); a station that ends on one is given the outlet
// pressure it reaches there as its setpoint (one the loop bypassed or closed, that state) and
// the control solved once more without map limits: the control returned gives its state in a
// plain steady solve.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::validation {

/// States in `control` what each active station does in `result`, a solve with map limits held:
/// one whose binding limit comes from its map (speed_max, drive_power_max, choke) gets the
/// outlet pressure it reaches as its setpoint; one the loop bypassed or closed, that state.
void state_map_limit_modes(model::Scenario& control, const steady::SteadyResult& result);

/// The control solved as `linepack solve` solves it (the default options: map limits held from
/// the first round), within `deadline`. The methods' re-checks hold map limits only where only
/// they break, and the control loop may settle one control in other modes on the two paths
/// (GasLib-582 v2-full within its .cdf: 13 of 175 controls that passed the re-check ended with
/// sink_23 at 59 bar against its 8.3 bar maximum), so a control is feasible only when this
/// solve passes too, and this solve is the answer's check. Throws model::ValidationError as
/// steady::solve does.
steady::SteadyResult solve_as_linepack_solve(
    const model::Network& network, const model::Scenario& control,
    std::optional<std::chrono::steady_clock::time_point> deadline);
/// Converged with no violation.
inline bool passes(const steady::SteadyResult& r) {
  return r.status == steady::Status::converged && r.violations.empty();
}
/// Why a result does not pass, for messages: "N violation(s), first <what> at '<id>'", or
/// "not converged (<message>)".
std::string why_not_passed(const steady::SteadyResult& r);

/// Whether a converged result's violations are all of stations' maps (`station_<what>:<unit>`).
bool breaks_only_maps(const steady::SteadyResult& result);

/// The solve with map limits held gets this many times the plain solve's time (at least
/// `map_solve_floor`), within the caller's deadline: where the station held on its map cannot
/// carry the nomination, the loop switches and retreats for a long time before it gives up.
inline constexpr double map_solve_budget = 2.0;
inline constexpr auto map_solve_floor = std::chrono::milliseconds(2);

/// Where `result`, the solve of `control` with `plain` options (no map limits held), converged
/// breaking nothing but maps: `solve(control, options)` again with the maps' limits held, then
/// plain with the stations' modes stated as they ended (state_map_limit_modes). Takes that control and result when they
/// converge with fewer violations; returns whether it did. `solve` may change the control it is
/// given (combined decisions).
template <class Solve>
bool hold_maps_where_only_they_break(model::Scenario& control, steady::SteadyResult& result,
                                     const steady::SteadyOptions& plain, const Solve& solve) {
  using Clock = std::chrono::steady_clock;
  if (!breaks_only_maps(result)) return false;
  const auto now = Clock::now();
  steady::SteadyOptions held_options = plain;
  held_options.hold_map_limits = true;
  const auto budget = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(map_solve_budget * result.solve_time_s));
  held_options.deadline = now + std::max<Clock::duration>(budget, map_solve_floor);
  if (plain.deadline) held_options.deadline = std::min(*held_options.deadline, *plain.deadline);
  model::Scenario held = control;
  const steady::SteadyResult with_maps = solve(held, held_options);
  if (with_maps.status != steady::Status::converged) return false;
  state_map_limit_modes(held, with_maps);
  steady::SteadyResult second = solve(held, plain);  // the control as returned: plain
  if (second.status != steady::Status::converged ||
      second.violations.size() >= result.violations.size())
    return false;
  control = std::move(held);
  result = std::move(second);
  return true;
}

}  // namespace linepack::validation
