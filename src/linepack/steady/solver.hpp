#pragma once
// Steady-state solve of a network: node-branch formulation (node pressures and element mass
// flows), one equation per element kind from physics/, damped Newton with KLU.
#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/numerics/newton.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::steady {

/// A state to start Newton from instead of the solver's own guess (e.g. a validation's
/// nonlinear program, which solved the same equations): node pressures [Pa] in the network's
/// node order, element mass flows [kg/s] in the order of SteadyResult::elements (pipes, short
/// pipes, resistors, valves, control valves, compressors).
struct SteadyStart {
  std::vector<double> pressure_pa;
  std::vector<double> mass_flow_kg_per_s;
};

struct SteadyOptions {
  numerics::NewtonOptions newton;
  /// `infeasible` needs the certificate's solution to be at most this [Pa] below zero at some
  /// node (a margin far above the converged residual, 0.01 Pa).
  double certificate_margin_pa = 1e3;
  /// Active regulators and stations hold their limits and switch mode automatically
  /// (steady/control_loop.hpp). False: they hold their setpoints whatever the limits (which are
  /// then only reported as violations), as GasSteadySim and the transient solver do.
  bool hold_limits = true;
  /// Active stations burn their fuel gas from the line at their inlet node (a withdrawal that
  /// follows the power; iterated with the control loop until it changes by < 1e-10 relative),
  /// so the network's mass balance closes with the fuel. False (default, as before; the line
  /// design's closed form assumes it): fuel is only reported.
  bool withdraw_fuel = false;
  /// Energy equation (physics.thermal.energy_equation): the hydraulic-thermal (Picard) iteration
  /// stops when no pipe's mean temperature changes by more than this [K].
  double thermal_tolerance_k = 1e-4;
  int max_thermal_iterations = 30;
  /// Stations with a map (docs/physics.md 8.2) also hold the limits of their map's working point
  /// (choke flow, the drives' maximum power and speed, surge recycling), updated each control
  /// round. On by default since GasLib-4197's perturbed robustness set converges in 50 of 50
  /// cases with them (as without); false: the map's limits are only reported as violations.
  bool hold_map_limits = true;
  /// Control rounds stop when this time has passed (checked before each round after the first,
  /// and before each Newton iteration): the result is `not_converged`, its message says so.
  /// Callers with a time limit (validation of nominations) set it; none by default.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// Start from this state; active regulators then start holding their setpoints, not fully
  /// open (the state is taken to be near the answer). Sizes must match the network
  /// (std::invalid_argument otherwise).
  std::optional<SteadyStart> start;
};

/// The time point `seconds` after `start` (capped at 1e7 s, so that an unlimited time limit does
/// not overflow the clock): a deadline from a time limit.
inline std::chrono::steady_clock::time_point deadline_after(std::chrono::steady_clock::time_point start,
                                                           double seconds) {
  return start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                     std::chrono::duration<double>(std::min(seconds, 1e7)));
}

/// Validates, builds the equations once, solves, and reports. Throws model::ValidationError for
/// invalid input. `converged`: every pressure positive and the residual within tolerance (bounds
/// and limits that the state violates are listed). `infeasible`: only with a certificate
/// (steady/infeasibility_certificate.hpp). Everything else is `not_converged`, a numerical
/// outcome that says nothing about feasibility.
SteadyResult solve(const model::Network& network, const model::Scenario& scenario,
                   const SteadyOptions& options = {});

}  // namespace linepack::steady
