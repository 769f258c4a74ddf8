#pragma once
// The row of a regulator that holds an outlet pressure (`HeldQuantity::regulated_outlet`):
// throttling to the value, fully open below it, and closed when its outlet side is held above
// it from elsewhere, in one equation (docs/physics.md 8.1).
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

/// Closing stiffness kappa [Pa per kg/s] of the row's flow term.
inline constexpr double regulator_closing_pa_per_kg_per_s = 1e5;
/// Leak share delta: closed, the regulator passes q = -delta g / kappa backward (1e-3 kg/s per
/// bar of outlet overpressure g), which keeps the pressure behind it defined.
inline constexpr double regulator_closed_leak_share = 1e-3;
/// Above this outlet overpressure [Pa] the leak grows by 1 kg/s per bar, so that a round whose
/// holds leave gas no way out but backward stays at plausible pressures.
inline constexpr double regulator_relief_overpressure_pa = 1e5;

/// The outlet overpressure g = p_to - min(value, p_from - r q) [Pa] (r: the open connection's
/// regularisation): 0 while the regulator holds the value or is fully open and flowing, > 0 when
/// it is closed.
BranchEval regulator_overpressure(double value_pa, double pf, double pt, double q);

/// Fischer-Burmeister row phi(a, g) = a + g - sqrt(a^2 + g^2), a = kappa q + delta g +
/// max(g - G, 0): zero exactly when a >= 0, g >= 0 and a g = 0 (flowing at g = 0, or closed
/// with its leak).
BranchEval regulated_outlet_row(double value_pa, double pf, double pt, double q);

}  // namespace linepack::physics
