// Friction laws: Colebrook-White satisfies its implicit equation; the explicit laws stay close to
// it where they are designed to (Swamee & Jain 1976 quote about 1 % over 5e3 < Re < 1e8,
// 1e-6 < k/D < 1e-2); every Re-derivative matches a central finite difference; Nikuradse
// carries the laminar term 64/Re (as STANET); laminar flow gives 64/Re.
#include <gtest/gtest.h>

#include <cmath>

#include "linepack/physics/friction.hpp"

namespace {

using linepack::model::FrictionLaw;
using linepack::physics::darcy_friction;

TEST(Friction, ColebrookSolvesItsEquation) {
  for (double re : {4e3, 1e5, 1e7, 1e8})
    for (double rr : {0.0, 1e-6, 1e-4, 1e-2}) {
      const double l = darcy_friction(FrictionLaw::colebrook_white, re, rr).lambda;
      const double lhs = 1.0 / std::sqrt(l);
      const double rhs = -2.0 * std::log10(rr / 3.71 + 2.51 / (re * std::sqrt(l)));
      EXPECT_NEAR(lhs, rhs, 1e-12 * lhs) << re << " " << rr;
    }
}

TEST(Friction, MoodyChartValue) {
  // Colebrook at Re = 1e5, k/D = 1e-4: lambda = 0.01851 (Moody chart / Colebrook tables).
  EXPECT_NEAR(darcy_friction(FrictionLaw::colebrook_white, 1e5, 1e-4).lambda, 0.01851, 5e-5);
}

TEST(Friction, ExplicitLawsCloseToColebrook) {
  for (double re : {1e4, 1e6, 1e8})
    for (double rr : {1e-6, 1e-4, 1e-2}) {
      const double cw = darcy_friction(FrictionLaw::colebrook_white, re, rr).lambda;
      EXPECT_NEAR(darcy_friction(FrictionLaw::swamee_jain, re, rr).lambda / cw, 1.0, 0.03);
      EXPECT_NEAR(darcy_friction(FrictionLaw::hofer, re, rr).lambda / cw, 1.0, 0.03);
    }
}

TEST(Friction, NikuradseRoughLimitAndLaminarTerm) {
  const double rr = 1e-4;
  const double rough = 1.0 / std::pow(2.0 * std::log10(1.0 / rr) + 1.14, 2);
  EXPECT_NEAR(darcy_friction(FrictionLaw::nikuradse, 1e7, rr).lambda, rough + 64.0 / 1e7, 1e-15);
  // Fully rough Colebrook tends to Nikuradse's rough law (1.14 = 2 log10 3.71 to 1e-3).
  EXPECT_NEAR(darcy_friction(FrictionLaw::colebrook_white, 1e12, rr).lambda / rough, 1.0, 1e-3);
}

TEST(Friction, LaminarIs64OverRe) {
  for (auto law : {FrictionLaw::colebrook_white, FrictionLaw::hofer, FrictionLaw::swamee_jain})
    EXPECT_DOUBLE_EQ(darcy_friction(law, 100.0, 1e-4).lambda, 0.64);
}

TEST(Friction, DerivativesMatchFiniteDifferences) {
  for (auto law : {FrictionLaw::colebrook_white, FrictionLaw::hofer, FrictionLaw::swamee_jain,
                   FrictionLaw::nikuradse})
    for (double re : {3e3, 5e4, 2e6})
      for (double rr : {1e-5, 1e-3}) {
        const double h = re * 1e-6;
        const double fd = (darcy_friction(law, re + h, rr).lambda -
                           darcy_friction(law, re - h, rr).lambda) / (2.0 * h);
        const double d = darcy_friction(law, re, rr).d_lambda_d_re;
        EXPECT_NEAR(d, fd, 1e-6 * std::abs(fd) + 1e-16) << static_cast<int>(law) << " " << re;
      }
}

TEST(Friction, ColebrookWarmStartGivesTheSameValue) {
  double start = 0.0;
  const double cold = darcy_friction(FrictionLaw::colebrook_white, 2e6, 1e-5).lambda;
  darcy_friction(FrictionLaw::colebrook_white, 1e5, 1e-3, 0.01, &start);
  const double warm = darcy_friction(FrictionLaw::colebrook_white, 2e6, 1e-5, 0.01, &start).lambda;
  EXPECT_NEAR(warm, cold, 1e-14);
}

}  // namespace
