#pragma once
// Shared pieces of the real-gas verification tests: the NIST test mixture of AGA Report No. 8
// (2017) and comparison helpers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/helmholtz.hpp"

namespace linepack::test {

/// The 21-component mixture of the TEST_GERG / TEST_DETAIL blocks of usnistgov/AGA8 (AGA8
/// component order; sums to 1).
inline gas::Composition nist_test_mixture() {
  return gas::Composition::from_fractions(
      {0.77824, 0.02,    0.06,    0.08,  0.03,  0.0015, 0.003,  0.0005, 0.00165, 0.00215, 0.00088,
       0.00024, 0.00015, 0.00009, 0.004, 0.005, 0.002,  0.0001, 0.0025, 0.007,   0.001});
}

/// Expects `actual` to match `expected` to at least `digits` significant digits (relative
/// difference <= 10^-digits) and prints how many digits agree.
inline void expect_significant_digits(const std::string& what, double actual, double expected,
                                      int digits = 9) {
  const double rel = std::abs(actual - expected) / std::abs(expected);
  const double agree = rel > 0.0 ? -std::log10(rel) : 17.0;
  std::printf("  %-28s %.16g (reference %.16g): %.1f digits\n", what.c_str(), actual, expected,
              agree);
  EXPECT_LE(rel, std::pow(10.0, -digits)) << what << ": " << actual << " vs " << expected;
}

/// rho(T, p) then p(T, rho) and the reverse close to `tolerance` (relative) over a grid of
/// gas states.
inline void expect_round_trip(const gas::HelmholtzMixture& eos, double tolerance) {
  for (double t : {275.0, 300.0, 350.0, 400.0, 450.0}) {
    for (double p : {1e4, 1e5, 1e6, 5e6, 1e7, 2e7, 5e7}) {
      const double rho = eos.density_mol_per_m3(t, p);
      EXPECT_NEAR(eos.pressure_pa(t, rho) / p, 1.0, tolerance) << "T " << t << " p " << p;
      const double rho2 = eos.density_mol_per_m3(t, eos.pressure_pa(t, rho));
      EXPECT_NEAR(rho2 / rho, 1.0, tolerance) << "T " << t << " p " << p;
    }
  }
}

}  // namespace linepack::test
