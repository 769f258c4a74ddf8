#include "linepack/physics/friction.hpp"

#include <algorithm>
#include <cmath>

namespace linepack::physics {
namespace {

constexpr double ln10 = 2.302585092994046;

/// Colebrook-White solved for x = 1/sqrt(lambda) by Newton; derivative by implicit differentiation.
FrictionValue colebrook(double re, double rr, double* start) {
  // F(x) = x + 2 log10(rr/3.71 + 2.51 x / Re) = 0 is increasing in x > 0 with one root; Newton
  // from the caller's value or the Swamee-Jain value, kept positive by halving.
  const double a = rr / 3.71;
  double x = start && *start > 0.0
                 ? *start
                 : 2.0 * std::abs(std::log10(rr / 3.7 + 5.74 * std::pow(re, -0.9)));
  for (int it = 0; it < 60; ++it) {
    const double arg = a + 2.51 * x / re;
    const double f = x + 2.0 * std::log10(arg);
    const double df = 1.0 + 2.0 / ln10 * (2.51 / re) / arg;
    double next = x - f / df;
    if (!(next > 0.0)) next = 0.5 * x;
    const double dx = next - x;
    x = next;
    if (std::abs(dx) < 1e-14 * x) break;
  }
  const double arg = a + 2.51 * x / re;
  const double f_x = 1.0 + 2.0 / ln10 * (2.51 / re) / arg;
  const double f_re = 2.0 / ln10 * (-2.51 * x / (re * re)) / arg;
  const double dx_dre = -f_re / f_x;
  const double lambda = 1.0 / (x * x);
  if (start) *start = x;
  return {lambda, -2.0 / (x * x * x) * dx_dre};
}

FrictionValue hofer(double re, double rr) {
  const double re_safe = std::max(re, 8.0);
  const double l7 = std::log10(re_safe / 7.0);
  const double arg = 4.518 / re_safe * l7 + rr / 3.71;
  const double s = -2.0 * std::log10(arg);
  const double d_arg = -4.518 / (re_safe * re_safe) * l7 + 4.518 / re_safe / (re_safe * ln10);
  const double ds = -2.0 / ln10 * d_arg / arg;
  return {1.0 / (s * s), re > 8.0 ? -2.0 / (s * s * s) * ds : 0.0};
}

FrictionValue swamee_jain(double re, double rr) {
  const double arg = rr / 3.7 + 5.74 * std::pow(re, -0.9);
  const double l = std::log10(arg);
  const double d_arg = -0.9 * 5.74 * std::pow(re, -1.9);
  return {0.25 / (l * l), -0.5 / (l * l * l) * d_arg / (arg * ln10)};
}

FrictionValue with_laminar(FrictionValue turbulent, double re) {
  const FrictionValue laminar{64.0 / re, -64.0 / (re * re)};
  return laminar.lambda > turbulent.lambda ? laminar : turbulent;
}

}  // namespace

double nikuradse_rough_part(double rr) {
  const double s = 2.0 * std::log10(1.0 / rr) + 1.14;
  return 1.0 / (s * s);
}

FrictionValue darcy_friction(model::FrictionLaw law, double re, double rr, double fixed_lambda,
                             double* colebrook_start) {
  using model::FrictionLaw;
  switch (law) {
    case FrictionLaw::fixed: return {fixed_lambda, 0.0};
    case FrictionLaw::nikuradse: {
      const double re_safe = std::max(re, 1.0);
      return {64.0 / re_safe + nikuradse_rough_part(rr),
              re < 1.0 ? 0.0 : -64.0 / (re_safe * re_safe)};
    }
    default: break;
  }
  // Re-dependent laws: below Re = 1 the laminar law governs; avoid division by zero. The
  // turbulent laws are not evaluated below Re = 500, where 64/Re is larger than all of them.
  const double re_safe = std::max(re, 1.0);
  if (re_safe < 500.0) return {64.0 / re_safe, re < 1.0 ? 0.0 : -64.0 / (re_safe * re_safe)};
  FrictionValue turbulent;
  switch (law) {
    case FrictionLaw::colebrook_white: turbulent = colebrook(re_safe, rr, colebrook_start); break;
    case FrictionLaw::hofer: turbulent = hofer(re_safe, rr); break;
    case FrictionLaw::swamee_jain: turbulent = swamee_jain(re_safe, rr); break;
    default: break;
  }
  FrictionValue v = with_laminar(turbulent, re_safe);
  if (re < 1.0) v.d_lambda_d_re = 0.0;
  return v;
}

}  // namespace linepack::physics
