#pragma once
// Steady isothermal pipe law, integrated exactly along the pipe:
//   Pi(p_from) e^{-s} - Pi(p_to) = (lambda(q) L / D + zeta) q|q| / (2 A^2) * (1 - e^{-s}) / s,
// with Pi(p) = integral_0^p rho dp (gas::EquationOfState::potential) and
// s = g (h_to - h_from) rho_m^2 / Pi(p_m) (= 2 g dh / (Z R_s T) for rho proportional to p).
// Without elevation (s = 0) this is exact for every equation of state; with elevation it is
// exact for rho proportional to p (ideal gas, constant Z; cf. Menon, Gas Pipeline Hydraulics,
// 2005, eq. 2.37) and approximates rho^2 by sigma Pi with sigma taken at the mean pressure p_m
// otherwise.
// The residual is divided by rho at the mean pressure, so it reads as a pressure error [Pa].
#include <algorithm>
#include <cmath>
#include <span>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"
#include "linepack/physics/friction.hpp"

namespace linepack::physics {

/// Geometry and friction data of one pipe as the kernel needs them.
struct PipeCoefficients {
  double length_m;
  double diameter_m;
  double area_m2;
  double relative_roughness;
  double elevation_change_m;      ///< h_to - h_from
  model::FrictionLaw law;         ///< fixed when the pipe has its own factor
  double fixed_lambda;            ///< the fixed factor, or Nikuradse's rough part
  double loss_coefficient;        ///< local losses zeta, added to lambda L / D
};

class PipeEquations final : public BranchEquations {
 public:
  PipeEquations(const model::Network& network, const std::vector<std::size_t>& from,
                const std::vector<std::size_t>& to, const gas::EquationOfState& eos);
  std::string_view kind_name() const override { return "pipe"; }
  bool always_flow_dependent() const override { return true; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;

  /// Smallest |q| used in the flow derivative (default 1e-6 kg/s). A large value linearises the
  /// law around that flow: used once to compute the starting point.
  void set_flow_floor(double q_kg_per_s) { flow_floor_kg_per_s_ = q_kg_per_s; }
  static constexpr double default_flow_floor_kg_per_s = 1e-6;

  /// The factor pipe i's residual is multiplied by at node pressures p: 1 / rho(p_mean), so the
  /// residual reads in Pa. It depends on the state; evaluate() treats it as constant in the
  /// Jacobian, so a line search must freeze it (numerics::NonlinearSystem::row_scaling).
  double residual_scale(std::size_t i, std::span<const double> p) const {
    return 1.0 / (density_factor_[i] *
                  eos_.density(std::max(0.5 * (std::abs(p[from(i)]) + std::abs(p[to(i)])), 1.0)));
  }

  /// Non-isothermal flow (steady energy equation): pipe i carries gas whose density is
  /// `factor` times the density of the isothermal equation of state at the same pressure,
  /// rho_i(p) = c_i rho(p), so Pi_i = c_i Pi (exact for rho proportional to p / T; physics.md).
  /// Default 1 for every pipe: the isothermal law, unchanged.
  void set_density_factors(std::vector<double> factors) { density_factor_ = std::move(factors); }
  double density_factor(std::size_t i) const { return density_factor_[i]; }

  /// Darcy factor of pipe i at mass flow q.
  double friction_factor(std::size_t i, double q) const;
  const PipeCoefficients& coefficients(std::size_t i) const { return coef_[i]; }
  /// Darcy factor of pipe i and its derivative at Reynolds number re.
  FrictionValue friction(std::size_t i, double re) const;

 private:
  std::vector<PipeCoefficients> coef_;
  gas::EquationOfState eos_;
  double viscosity_pa_s_;
  double flow_floor_kg_per_s_;
  std::vector<double> density_factor_;  // per pipe, 1 = isothermal
  mutable std::vector<double> colebrook_start_;  // warm starts of Colebrook-White, per pipe
};

}  // namespace linepack::physics
