#include "linepack/physics/regulated_outlet_row.hpp"

#include <algorithm>
#include <cmath>

#include "linepack/physics/connection_equations.hpp"

namespace linepack::physics {

BranchEval regulator_overpressure(double value_pa, double pf, double pt, double q) {
  // p_to - min(value, p_from - r q): piecewise linear, the piece of the iterate linearised.
  const BranchEval open = equal_pressures(pf, pt, q);  // pf - pt - r q
  if (open.residual + pt < value_pa)  // p_from - r q below the value: fully open
    return {-open.residual, -open.d_p_from, -open.d_p_to, -open.d_q, RowKind::pressure};
  return {pt - value_pa, 0.0, 1.0, 0.0, RowKind::pressure};
}

BranchEval regulated_outlet_row(double value_pa, double pf, double pt, double q) {
  // Complementarity a >= 0, g >= 0, a g = 0 by the Fischer-Burmeister function (Fischer,
  // Optimization 24, 1992): smooth away from a = g = 0, so the line search sees no kink where a
  // regulator closes inside a Newton solve (min(a, g) stalls there: docs/physics.md 8.1).
  const BranchEval g = regulator_overpressure(value_pa, pf, pt, q);
  const double relief = std::max(g.residual - regulator_relief_overpressure_pa, 0.0);
  const double slope = regulator_closed_leak_share + (relief > 0.0 ? 1.0 : 0.0);  // da/dg
  const double a = regulator_closing_pa_per_kg_per_s * q + regulator_closed_leak_share * g.residual + relief;
  const double rho = std::hypot(a, g.residual);
  // At a = g = 0 any element of the generalised gradient will do; this one is its centre.
  const double da = rho > 0.0 ? 1.0 - a / rho : 1.0 - M_SQRT1_2;
  const double dg = rho > 0.0 ? 1.0 - g.residual / rho : 1.0 - M_SQRT1_2;
  const double dx = da * slope + dg;  // through g
  return {a + g.residual - rho, dx * g.d_p_from, dx * g.d_p_to,
          da * regulator_closing_pa_per_kg_per_s + dx * g.d_q, RowKind::pressure};
}

}  // namespace linepack::physics
