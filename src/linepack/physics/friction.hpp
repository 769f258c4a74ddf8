#pragma once
// Darcy friction factor lambda(Re, k/D) by law. Sources:
//  Colebrook & White (1939): 1/sqrt(l) = -2 log10(k/(3.71 D) + 2.51/(Re sqrt(l)))
//  Nikuradse (1933), rough pipes: l = 64/Re + (2 log10(D/k) + 1.14)^-2, with the laminar term
//  added as STANET and pandapipes do (it vanishes at transmission Reynolds numbers)
//  Hofer (1973): l = (-2 log10(4.518/Re log10(Re/7) + k/(3.71 D)))^-2
//  Swamee & Jain (1976): l = 0.25 / log10(k/(3.7 D) + 5.74/Re^0.9)^2
// Laminar flow (Re below the turbulent branch) follows Hagen-Poiseuille l = 64/Re; the smooth
// laws take max(64/Re, turbulent) so lambda is continuous in Re.
#include "linepack/model/network.hpp"

namespace linepack::physics {

struct FrictionValue {
  double lambda = 0.0;
  double d_lambda_d_re = 0.0;
};

/// Nikuradse's rough-pipe part (2 log10(D/k) + 1.14)^-2, for a relative roughness k/D > 0.
double nikuradse_rough_part(double relative_roughness);

/// Darcy factor and its derivative with respect to the Reynolds number (Re >= 0).
/// Nikuradse and fixed do not depend on Re. `fixed_lambda` is used by FrictionLaw::fixed.
/// `colebrook_start` (optional, in/out): 1/sqrt(lambda) to start Colebrook-White's iteration
/// from, updated with the solution, so repeated calls at nearby Re take one or two steps.
FrictionValue darcy_friction(model::FrictionLaw law, double reynolds, double relative_roughness,
                             double fixed_lambda = 0.01, double* colebrook_start = nullptr);

}  // namespace linepack::physics
