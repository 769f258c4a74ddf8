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
    // Laws that do not depend on Re are evaluated once.
    if (c.law == model::FrictionLaw::nikuradse) {
      c.fixed_lambda = darcy_friction(c.law, 0.0, c.relative_roughness).lambda;
      c.law = model::FrictionLaw::fixed;
    }
    coef_.push_back(c);
  }
}

double PipeEquations::friction_factor(std::size_t i, double q) const {
  const auto& c = coef_[i];
  const double re = 4.0 * std::abs(q) / (units::pi * c.diameter_m * viscosity_pa_s_);
  return darcy_friction(c.law, re, c.relative_roughness, c.fixed_lambda).lambda;
}

void PipeEquations::evaluate(std::span<const double> p, std::span<const double> q,
                             std::span<BranchEval> out) const {
  const double g = units::gravity_m_per_s2;
  for (std::size_t i = 0; i < size(); ++i) {
    const auto& c = coef_[i];
    const double pf = p[from(i)], pt = p[to(i)], qi = q[i];
    const double p_mean = 0.5 * (pf + pt);
    const double rho_mean = eos_.density(std::max(p_mean, 1.0));
    // s = 2 g dh / (Z R_s T) = 2 g dh rho / p at the mean pressure.
    const double s = c.elevation_change_m == 0.0
                         ? 0.0
                         : 2.0 * g * c.elevation_change_m * rho_mean / std::max(p_mean, 1.0);
    const auto [decay, phi, dphi] = elevation_factors(s);

    const double re_per_q = 4.0 / (units::pi * c.diameter_m * viscosity_pa_s_);
    const double re = re_per_q * std::abs(qi);
    const FrictionValue f = darcy_friction(c.law, re, c.relative_roughness, c.fixed_lambda);
    const double k = c.length_m / (2.0 * c.diameter_m * c.area_m2 * c.area_m2) * phi;
    const double abs_q = std::abs(qi);
    // d(lambda q|q|)/dq = 2 lambda |q| + lambda'(Re) Re q|q|/|q|... written with Re/|q| = re_per_q.
    const double d_friction =
        2.0 * f.lambda * std::max(abs_q, flow_floor_kg_per_s_) + f.d_lambda_d_re * re_per_q * qi * qi;

    const double scale = 1.0 / rho_mean;
    BranchEval& e = out[i];
    e.kind = RowKind::pressure;
    // Pi(pf) e^{-s} - Pi(pt) = [Pi(pf) - Pi(pt)] - (1 - e^{-s}) Pi(pf).
    double driving = eos_.potential_difference(pf, pt);
    if (s != 0.0) driving -= (1.0 - decay) * eos_.potential(pf);
    e.residual = (driving - k * f.lambda * qi * abs_q) * scale;
    e.d_p_from = eos_.density(pf) * decay * scale;
    e.d_p_to = -eos_.density(pt) * scale;
    if (s != 0.0 && !eos_.is_linear()) {
      // s = 2 g dh / (Z(p_m) R_s T) depends on the mean pressure through Z.
      const double pm = std::max(p_mean, 1.0);
      const double z = eos_.z_factor(pm);
      const double ds_dpm = -s * eos_.z_factor_derivative(pm) / z;
      const double dr_ds = -eos_.potential(pf) * decay - k / phi * dphi * f.lambda * qi * abs_q;
      e.d_p_from += 0.5 * dr_ds * ds_dpm * scale;
      e.d_p_to += 0.5 * dr_ds * ds_dpm * scale;
    }
    e.d_q = -k * d_friction * scale;
  }
}

}  // namespace linepack::physics
