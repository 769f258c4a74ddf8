#include "linepack/physics/resistor_equation.hpp"

#include <algorithm>
#include <cmath>

#include "linepack/physics/connection_equations.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::physics {

ResistorEquations::ResistorEquations(const model::Network& network,
                                     const std::vector<std::size_t>& from,
                                     const std::vector<std::size_t>& to,
                                     const gas::EquationOfState& eos)
    : eos_(eos) {
  for (std::size_t i = 0; i < network.resistors.size(); ++i) {
    const auto& r = network.resistors[i];
    add_endpoints(r.id, from[i], to[i]);
    double drag = 0.0;
    if (!r.pressure_loss_pa && r.diameter_m > 0.0) {
      const double area = 0.25 * units::pi * r.diameter_m * r.diameter_m;
      drag = r.drag_factor / (2.0 * area * area);
    }
    coef_.push_back({drag, r.pressure_loss_pa});
  }
}

void ResistorEquations::evaluate(std::span<const double> p, std::span<const double> q,
                                 std::span<BranchEval> out) const {
  constexpr double q_eps = 1e-3;
  constexpr double q_ref = 1.0;
  constexpr double q_floor = 1e-6;
  constexpr double r_open = lossless_resistance_pa_per_kg_per_s;
  for (std::size_t i = 0; i < size(); ++i) {
    const double pf = p[from(i)], pt = p[to(i)], qi = q[i];
    BranchEval e{pf - pt, 1.0, -1.0, 0.0, RowKind::pressure};
    if (coef_[i].fixed_loss_pa) {
      // dp - r q = L s with s in sign(q) (set-valued at q = 0), as the projection
      // s = clamp(s + q / q_ref, -1, 1) (the kink then lies at q = 0 and |dp| = L, away from
      // both branches), with a leak q = q_eps dp / L below the loss so that nodes behind it keep
      // one pressure: R = y - (1 - d) clamp(y + k q, -L', L'), y = dp - r q, k = L / q_ref,
      // d = q_eps / q_ref, L' = L / (1 - d). R = 0: y = +-L where |q| > 0, else q = q_eps y / L.
      const double loss = *coef_[i].fixed_loss_pa;
      const double y = pf - pt - r_open * qi;
      const double k = loss / q_ref, d = q_eps / q_ref, bound = loss / (1.0 - d);
      const double a = y + k * qi;
      if (std::abs(a) >= bound) {
        e.residual = y - std::copysign(loss, a);
        e.d_q = -r_open;
      } else {
        e.residual = d * y - (1.0 - d) * k * qi;
        e.d_p_from = d;
        e.d_p_to = -d;
        e.d_q = -d * r_open - (1.0 - d) * k;
      }
    } else if (coef_[i].drag_per_area2 == 0.0) {
      e = equal_pressures(pf, pt, qi);  // no drag: a lossless connection
    } else {
      const double p_up = qi >= 0.0 ? pf : pt;
      const double p_rho = std::max(p_up, 1.0);
      const double rho = eos_.density(p_rho);
      const double k = coef_[i].drag_per_area2 / rho;
      const double loss = k * qi * std::abs(qi);
      e.residual -= loss;
      e.d_q = -2.0 * k * std::max(std::abs(qi), std::max(q_floor, flow_floor_kg_per_s_));
      // The density follows the upstream pressure: d(loss)/dp_up = -loss rho'/rho, with
      // rho'/rho = 1/p - Z'/Z (rho = p / (Z R_s T)). Without it Newton converges only linearly.
      if (p_up > 1.0) {
        const double d_up = loss * (1.0 / p_rho - eos_.z_factor_derivative(p_rho) / eos_.z_factor(p_rho));
        (qi >= 0.0 ? e.d_p_from : e.d_p_to) += d_up;
      }
    }
    out[i] = e;
  }
}

}  // namespace linepack::physics
