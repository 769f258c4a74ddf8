#include "linepack/gas/ideal_gas_part.hpp"

#include <array>
#include <cmath>

namespace linepack::gas {
namespace {

// Per component (AGA8 order): n1, n2, n3, n4, n5, n6, n7 and theta4..theta7 [K] of
// cp0/R* = n3 + sum_{k=4,6} n_k (th_k/T / sinh(th_k/T))^2 + sum_{k=5,7} n_k (th_k/T /
// cosh(th_k/T))^2 (Jaeschke & Schley 1995; GERG-2008 Table A6; AGA8 (2017) Part 2). n1, n2
// are the integration constants of the NIST reference code for the reference state h = s = 0
// of the ideal gas at 298.15 K, 101.325 kPa.
struct Coefficients {
  std::array<double, 7> n;
  std::array<double, 4> theta;
};
// clang-format off
constexpr std::array<Coefficients, component_count> table = {{
    {{29.83843397, -15999.69151, 4.00088, 0.76315, 0.0046, 8.74432, -4.46921},
     {820.659, 178.41, 1062.82, 1090.53}},  // methane
    {{17.56770785, -2801.729072, 3.50031, 0.13732, -0.1466, 0.90066, 0.0},
     {662.738, 680.562, 1740.06, 0.0}},  // nitrogen
    {{20.65844696, -4902.171516, 3.50002, 2.04452, -1.06044, 2.03366, 0.01393},
     {919.306, 865.07, 483.553, 341.109}},  // carbon dioxide
    {{36.73005938, -23639.65301, 4.00263, 4.33939, 1.23722, 13.1974, -6.01989},
     {559.314, 223.284, 1031.38, 1071.29}},  // ethane
    {{44.70909619, -31236.63551, 4.02939, 6.60569, 3.197, 19.1921, -8.37267},
     {479.856, 200.893, 955.312, 1027.29}},  // propane
    {{34.30180349, -38525.50276, 4.06714, 8.97575, 5.25156, 25.1423, 16.1388},
     {438.27, 198.018, 1905.02, 893.765}},  // isobutane
    {{36.53237783, -38957.80933, 4.33944, 9.44893, 6.89406, 24.4618, 14.7824},
     {468.27, 183.636, 1914.1, 903.185}},  // n-butane
    {{43.17218626, -51198.30946, 4.0, 11.7618, 20.1101, 33.1688, 0.0},
     {292.503, 910.237, 1919.37, 0.0}},  // isopentane
    {{42.67837089, -45215.83, 4.0, 8.95043, 21.836, 33.4032, 0.0},
     {178.67, 840.538, 1774.25, 0.0}},  // n-pentane
    {{46.99717188, -52746.83318, 4.0, 11.6977, 26.8142, 38.6164, 0.0},
     {182.326, 859.207, 1826.59, 0.0}},  // n-hexane
    {{52.07631631, -57104.81056, 4.0, 13.7266, 30.4707, 43.5561, 0.0},
     {169.789, 836.195, 1760.46, 0.0}},  // n-heptane
    {{57.25830934, -60546.76385, 4.0, 15.6865, 33.8029, 48.1731, 0.0},
     {158.922, 815.064, 1693.07, 0.0}},  // n-octane
    {{62.09646901, -66600.12837, 4.0, 18.0241, 38.1235, 53.3415, 0.0},
     {156.854, 814.882, 1693.79, 0.0}},  // n-nonane
    {{65.93909154, -74131.45483, 4.0, 21.0069, 43.4931, 58.3657, 0.0},
     {164.947, 836.264, 1750.24, 0.0}},  // n-decane
    {{13.07520288, -5836.943696, 2.47906, 0.95806, 0.45444, 1.56039, -1.3756},
     {228.734, 326.843, 1651.71, 1671.69}},  // hydrogen
    {{16.8017173, -2318.32269, 3.50146, 1.07558, 1.01334, 0.0, 0.0},
     {2235.71, 1116.69, 0.0, 0.0}},  // oxygen
    {{17.45786899, -2635.244116, 3.50055, 1.02865, 0.00493, 0.0, 0.0},
     {1550.45, 704.525, 0.0, 0.0}},  // carbon monoxide
    {{21.57882705, -7766.733078, 4.00392, 0.01059, 0.98763, 3.06904, 0.0},
     {268.795, 1141.41, 2507.37, 0.0}},  // water
    {{21.5830944, -6069.035869, 4.0, 3.11942, 1.00243, 0.0, 0.0},
     {1833.63, 847.181, 0.0, 0.0}},  // hydrogen sulfide
    {{10.04639507, -745.375, 2.5, 0.0, 0.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.0}},  // helium
    {{10.04639507, -745.375, 2.5, 0.0, 0.0, 0.0, 0.0}, {0.0, 0.0, 0.0, 0.0}},  // argon
}};
// clang-format on

constexpr double reference_temperature_k = 298.15;
constexpr double reference_pressure_kpa = 101.325;

}  // namespace

IdealGasPart::IdealGasPart(const Composition& x, double r_ratio, double r) {
  // Reference density in mol/l (kPa / (J/(mol K) K) = mol/l), as in AGA8.
  const double ln_d0 = std::log(reference_pressure_kpa / (r * reference_temperature_k));
  const double t0 = reference_temperature_k;
  for (std::size_t i = 0; i < component_count; ++i) {
    const double xi = x.fractions()[i];
    if (!(xi > 0.0)) continue;
    const auto& c = table[i];
    species_.push_back({xi, r_ratio * c.n[0] - ln_d0 + std::log(xi), r_ratio * (c.n[1] + t0) - t0,
                        r_ratio * (c.n[2] - 1.0)});
    for (std::size_t k = 0; k < 4; ++k)
      if (c.theta[k] > 0.0)
        hyperbolic_.push_back({xi * r_ratio * c.n[3 + k], c.theta[k], k % 2 == 0});
  }
}

ReducedHelmholtz IdealGasPart::evaluate(double t_k, double rho) const {
  // alpha0 = sum x_i [ln(x_i rho) + c1 + c2/T - c3 ln T] + hyperbolic terms, rho in mol/l.
  const double ln_rho = std::log(rho > 0.0 ? rho * 1e-3 : 1e-20);
  const double ln_t = std::log(t_k);
  ReducedHelmholtz o;
  for (const auto& s : species_) {
    o.a += s.x * (ln_rho + s.c1 + s.c2 / t_k - s.c3 * ln_t);
    o.t1 += s.x * (s.c3 + s.c2 / t_k);
    o.t2 -= s.x * s.c3;
  }
  for (const auto& h : hyperbolic_) {
    const double u = h.theta / t_k;
    const double ep = std::exp(u), em = 1.0 / ep;
    const double sh = 0.5 * (ep - em), ch = 0.5 * (ep + em);
    if (h.sinh) {  // + n ln|sinh(u)|
      o.a += h.weight * std::log(std::abs(sh));
      o.t1 += h.weight * u * ch / sh;
      o.t2 -= h.weight * (u / sh) * (u / sh);
    } else {  // - n ln cosh(u)
      o.a -= h.weight * std::log(ch);
      o.t1 -= h.weight * u * sh / ch;
      o.t2 -= h.weight * (u / ch) * (u / ch);
    }
  }
  return o;
}

}  // namespace linepack::gas
