#include "linepack/physics/pipe_equation.hpp"

#include <algorithm>
#include <cmath>

#include "linepack/model/validation.hpp"
#include "linepack/physics/friction.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::physics {
namespace {
/// (1 - e^{-s}) / s and e^{-s}, with the series near s = 0.
struct ElevationFactors {
  double decay;  // e^{-s}
  double phi;    // (1 - e^{-s}) / s
  double dphi;   // d phi / ds
};
ElevationFactors elevation_factors(double s) {
  if (std::abs(s) < 1e-4)
    return {std::exp(-s), 1.0 - 0.5 * s + s * s / 6.0, -0.5 + s / 3.0 - s * s / 8.0};
  const double e = std::exp(-s);
  return {e, -std::expm1(-s) / s, (e * (s + 1.0) - 1.0) / (s * s)};
}
/// The equation of state continued to negative pressures as an odd potential:
/// Pi(-p) = -Pi(p), rho(-p) = rho(p). Physical states have p > 0, where nothing changes; Newton's
/// iterates may cross p = 0 on their way (in the potential every pipe law without elevation is
/// linear and indifferent to the sign of Pi), and a result with p <= 0 is never converged.
double odd_potential_difference(const gas::EquationOfState& eos, double pf, double pt) {
  if (pf >= 0.0 && pt >= 0.0) return eos.potential_difference(pf, pt);
  auto pot = [&](double p) { return p >= 0.0 ? eos.potential(p) : -eos.potential(-p); };
  return pot(pf) - pot(pt);
}
}  // namespace

PipeEquations::PipeEquations(const model::Network& network, const std::vector<std::size_t>& from,
                             const std::vector<std::size_t>& to, const gas::EquationOfState& eos)
    : eos_(eos),
      viscosity_pa_s_(network.physics.gas.dynamic_viscosity_pa_s),
      flow_floor_kg_per_s_(default_flow_floor_kg_per_s) {
  const auto& settings = network.physics;
  for (std::size_t i = 0; i < network.pipes.size(); ++i) {
    const auto& pipe = network.pipes[i];
    add_endpoints(pipe.id, from[i], to[i]);
    PipeCoefficients c{};
    c.length_m = pipe.length_m;
    c.diameter_m = pipe.diameter_m;
    c.area_m2 = 0.25 * units::pi * pipe.diameter_m * pipe.diameter_m;
    c.relative_roughness = pipe.roughness_m / pipe.diameter_m;
    c.elevation_change_m =
        network.nodes[to[i]].elevation_m - network.nodes[from[i]].elevation_m;
    if (pipe.friction_factor) {
      c.law = model::FrictionLaw::fixed;
      c.fixed_lambda = *pipe.friction_factor;
    } else {
      c.law = settings.friction;
      c.fixed_lambda = settings.fixed_friction_factor;
      if (c.law == model::FrictionLaw::nikuradse && !(c.relative_roughness > 0.0))
        throw model::ValidationError(pipe.id, "Nikuradse's law needs a positive roughness");
    }
    // Nikuradse's rough part does not depend on Re: evaluate it once.
    if (c.law == model::FrictionLaw::nikuradse)
      c.fixed_lambda = nikuradse_rough_part(c.relative_roughness);
    c.loss_coefficient = pipe.loss_coefficient;
    coef_.push_back(c);
  }
  colebrook_start_.assign(coef_.size(), 0.0);
  density_factor_.assign(coef_.size(), 1.0);
}

FrictionValue PipeEquations::friction(std::size_t i, double re) const {
  const auto& c = coef_[i];
  if (c.law == model::FrictionLaw::nikuradse) {  // 64/Re + the precomputed rough part
    const double re_safe = std::max(re, 1.0);
    return {64.0 / re_safe + c.fixed_lambda, re < 1.0 ? 0.0 : -64.0 / (re_safe * re_safe)};
  }
  return darcy_friction(c.law, re, c.relative_roughness, c.fixed_lambda, &colebrook_start_[i]);
}

double PipeEquations::friction_factor(std::size_t i, double q) const {
  const double re = 4.0 * std::abs(q) / (units::pi * coef_[i].diameter_m * viscosity_pa_s_);
  return friction(i, re).lambda;
}

void PipeEquations::evaluate(std::span<const double> p, std::span<const double> q,
                             std::span<BranchEval> out) const {
  const double g = units::gravity_m_per_s2;
  for (std::size_t i = 0; i < size(); ++i) {
    const auto& c = coef_[i];
    const double pf = p[from(i)], pt = p[to(i)], qi = q[i], abs_q = std::abs(qi);
    const double p_mean = std::max(0.5 * (std::abs(pf) + std::abs(pt)), 1.0);
    const double c_rho = density_factor_[i];  // 1 unless the energy equation sets it
    const double rho_mean = c_rho * eos_.density(p_mean);

    // Elevation: with rho^2 ~ sigma Pi (exact for rho proportional to p), dPi/dx =
    // -F - g sin(theta) sigma Pi integrates to Pi_to = Pi_from e^{-s} - F L phi(s) with
    // s = g dh rho_m^2 / Pi_m; for the ideal gas s = 2 g dh / (R_s T).
    double s = 0.0, pi_mean = 0.0;
    if (c.elevation_change_m != 0.0) {
      pi_mean = c_rho * eos_.potential(p_mean);
      // The hydrostatic part keeps the density of the network temperature (c_rho = 1): s does not
      // scale with the energy equation's density factor (physics.md §14.3).
      s = g * c.elevation_change_m * rho_mean * rho_mean / pi_mean / c_rho;
    }
    const auto [decay, phi, dphi] = elevation_factors(s);

    // Friction term (lambda L / D + zeta) q|q| / (2 A^2) and its derivative in q.
    const double re_per_q = 4.0 / (units::pi * c.diameter_m * viscosity_pa_s_);
    // Friction at |q| but not below the flow floor: at the default floor (1e-6 kg/s) this
    // changes nothing measurable, and in the linearised starting step it evaluates lambda at
    // the typical flow instead of the laminar value at zero flow.
    const FrictionValue f = friction(i, re_per_q * std::max(abs_q, flow_floor_kg_per_s_));
    const double inv_2a2 = 1.0 / (2.0 * c.area_m2 * c.area_m2);
    const double resistance = (f.lambda * c.length_m / c.diameter_m + c.loss_coefficient) * inv_2a2;
    const double loss = resistance * qi * abs_q;
    // d/dq [r(q) q|q|] = 2 r |q| + r'(Re) re_per_q q^2; |q| floored so that q = 0 is regular.
    const double d_loss = 2.0 * resistance * std::max(abs_q, flow_floor_kg_per_s_) +
                          f.d_lambda_d_re * c.length_m / c.diameter_m * inv_2a2 * re_per_q * qi * qi;

    // Residual Pi(pf) e^{-s} - Pi(pt) - phi(s) loss, divided by rho_m to read in Pa.
    // Pi(pf) e^{-s} - Pi(pt) = [Pi(pf) - Pi(pt)] - (1 - e^{-s}) Pi(pf).
    const double scale = 1.0 / rho_mean;
    double driving = c_rho * odd_potential_difference(eos_, pf, pt);
    const double pi_from =
        s != 0.0 ? c_rho * (pf >= 0.0 ? eos_.potential(pf) : -eos_.potential(-pf)) : 0.0;
    if (s != 0.0) driving += std::expm1(-s) * pi_from;
    BranchEval& e = out[i];
    e.kind = RowKind::pressure;
    e.residual = (driving - phi * loss) * scale;
    e.d_p_from = c_rho * eos_.density(std::abs(pf)) * decay * scale;
    e.d_p_to = -c_rho * eos_.density(std::abs(pt)) * scale;
    e.d_q = -phi * d_loss * scale;
    if (s != 0.0 && !eos_.is_linear()) {
      // s depends on the mean pressure through rho_m^2 / Pi_m:
      // ds/dp_m = g dh (2 rho rho' / Pi - rho^3 / Pi^2), rho' = rho/p (1 - p Z'/Z).
      const double z = eos_.z_factor(p_mean);
      const double drho = rho_mean / p_mean * (1.0 - p_mean * eos_.z_factor_derivative(p_mean) / z);
      const double ds_dpm = g * c.elevation_change_m *
                            (2.0 * rho_mean * drho / pi_mean -
                             rho_mean * rho_mean * rho_mean / (pi_mean * pi_mean)) / c_rho;
      const double dr_ds = -pi_from * decay - dphi * loss;
      e.d_p_from += 0.5 * dr_ds * ds_dpm * scale;
      e.d_p_to += 0.5 * dr_ds * ds_dpm * scale;
    }
  }
}

}  // namespace linepack::physics
