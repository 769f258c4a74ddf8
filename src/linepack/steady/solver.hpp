#pragma once
// Steady-state solve of a network: node-branch formulation (node pressures and element mass
// flows), one equation per element kind from physics/, damped Newton with KLU.
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/numerics/newton.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::steady {

struct SteadyOptions {
  numerics::NewtonOptions newton;
  /// `infeasible` needs the certificate's solution to be at most this [Pa] below zero at some
  /// node (a margin far above the converged residual, 0.01 Pa).
  double certificate_margin_pa = 1e3;
  /// Energy equation (physics.thermal.energy_equation): the hydraulic-thermal (Picard) iteration
  /// stops when no pipe's mean temperature changes by more than this [K].
  double thermal_tolerance_k = 1e-4;
  int max_thermal_iterations = 30;
};

/// Validates, builds the equations once, solves, and reports. Throws model::ValidationError for
/// invalid input. `converged`: every pressure positive and the residual within tolerance (bounds
/// and limits that the state violates are listed). `infeasible`: only with a certificate
/// (steady/infeasibility_certificate.hpp). Everything else is `not_converged`, a numerical
/// outcome that says nothing about feasibility.
SteadyResult solve(const model::Network& network, const model::Scenario& scenario,
                   const SteadyOptions& options = {});

}  // namespace linepack::steady
