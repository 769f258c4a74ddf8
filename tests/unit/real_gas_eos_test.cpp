// The real-gas laws inside EquationOfState (aga8-detail, gerg2008): the fitted isotherm against
// the full equation, the pressure potential against its definition, and the errors.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/iso6976.hpp"
#include "linepack/gas/presets.hpp"
#include "linepack/gas/real_gas_curve.hpp"

namespace {

using namespace linepack::gas;

EquationOfState make(EosKind kind, const char* preset, double t_k) {
  EosParameters p;
  p.kind = kind;
  p.composition = preset_composition(preset);
  return EquationOfState(p, apply_composition({}, *p.composition), t_k);
}

class RealGasEos : public ::testing::TestWithParam<EosKind> {};

TEST_P(RealGasEos, FitMatchesTheFullEquation) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> pressure(1e3, 30e6);
  for (const char* preset : {"lean-lng", "pipeline-gas", "gulf-coast", "ekofisk"}) {
    for (double t : {265.0, 288.15, 320.0}) {
      const auto eos = make(GetParam(), preset, t);
      const auto& curve = *eos.real_gas_curve();
      const auto& mix = curve.mixture();
      EXPECT_EQ(curve.fit_pressure_pa(), RealGasCurve::default_fit_pressure_pa);
      EXPECT_LT(curve.fit_error(), 1e-10);
      double worst = 0.0;
      for (int i = 0; i < 300; ++i) {
        const double p = pressure(rng);
        const double rho = mix.density_mol_per_m3(t, p) * mix.molar_mass_kg_per_mol();
        worst = std::max(worst, std::abs(eos.density(p) / rho - 1.0));
      }
      EXPECT_LT(worst, 1e-10) << preset << " at " << t << " K";
    }
  }
}

TEST_P(RealGasEos, PotentialIsTheIntegralOfDensity) {
  const auto eos = make(GetParam(), "lean-lng", 298.15);
  for (double p : {1e5, 20e5, 55e5, 98e5, 150e5, 299e5}) {
    // dPi/dp = rho (the fitted density, to rounding).
    const double h = 1e-5 * p;
    const double dpi = (eos.potential(p + h) - eos.potential(p - h)) / (2.0 * h);
    EXPECT_NEAR(dpi / eos.density(p), 1.0, 1e-8) << p;
    // Pi(p) - Pi(p/2) against 16-point composite Simpson on the full equation.
    const auto& mix = eos.real_gas_curve()->mixture();
    const int n = 2000;
    const double a = 0.5 * p, w = (p - a) / n;
    double simpson = 0.0;
    for (int i = 0; i <= n; ++i) {
      const double s = a + i * w;
      const double rho = mix.density_mol_per_m3(298.15, s) * mix.molar_mass_kg_per_mol();
      simpson += (i == 0 || i == n ? 1.0 : (i % 2 ? 4.0 : 2.0)) * rho;
    }
    simpson *= w / 3.0;
    EXPECT_NEAR(eos.potential_difference(p, a) / simpson, 1.0, 1e-10) << p;
    EXPECT_NEAR(eos.pressure_from_potential(eos.potential(p)) / p, 1.0, 1e-12);
  }
}

TEST_P(RealGasEos, ZDerivativeAndContinuityAtTheFitEnd) {
  const auto eos = make(GetParam(), "pipeline-gas", 288.15);
  for (double p : {10e5, 70e5, 140e5}) {
    const double h = 10.0;
    const double fd = (eos.z_factor(p + h) - eos.z_factor(p - h)) / (2.0 * h);
    EXPECT_NEAR(eos.z_factor_derivative(p), fd, 1e-9 * std::abs(fd) + 1e-16);
  }
  // Above the fitted range the full equation is used: Z and Pi stay continuous.
  const double pf = eos.real_gas_curve()->fit_pressure_pa();
  EXPECT_NEAR(eos.z_factor(pf * (1 + 1e-12)) / eos.z_factor(pf), 1.0, 1e-10);
  EXPECT_NEAR(eos.potential(pf * (1 + 1e-9)) / eos.potential(pf), 1.0, 1e-8);
  EXPECT_GT(eos.density(500e5), eos.density(400e5));
  EXPECT_TRUE(std::isfinite(eos.potential(600e5)));
}

TEST_P(RealGasEos, UsesTheEquationsGasConstantAndMolarMass) {
  const auto eos = make(GetParam(), "lean-lng", 288.15);
  const auto& mix = eos.real_gas_curve()->mixture();
  EXPECT_DOUBLE_EQ(eos.ideal_sound_speed_squared(),
                   mix.gas_constant() * 288.15 / mix.molar_mass_kg_per_mol());
  EXPECT_FALSE(eos.is_linear());
  EXPECT_EQ(eos.kind(), GetParam());
  // The fitted isotherm is built once per (law, composition, temperature).
  EXPECT_EQ(make(GetParam(), "lean-lng", 288.15).real_gas_curve(), eos.real_gas_curve());
}

INSTANTIATE_TEST_SUITE_P(Laws, RealGasEos,
                         ::testing::Values(EosKind::aga8_detail, EosKind::gerg2008),
                         [](const auto& info) {
                           return info.param == EosKind::gerg2008 ? "gerg2008" : "aga8_detail";
                         });

TEST(RealGasEosErrors, NeedsAComposition) {
  EosParameters p;
  p.kind = EosKind::gerg2008;
  try {
    EquationOfState eos(p, GasProperties{}, 288.15);
    FAIL() << "no error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("needs a gas composition"), std::string::npos);
  }
}

TEST(RealGasEosErrors, Names) {
  EXPECT_EQ(parse_eos_kind("aga8-detail"), EosKind::aga8_detail);
  EXPECT_EQ(parse_eos_kind("aga8_detail"), EosKind::aga8_detail);
  EXPECT_EQ(parse_eos_kind("gerg2008"), EosKind::gerg2008);
  EXPECT_EQ(parse_eos_kind("gerg-2008"), EosKind::gerg2008);
  EXPECT_EQ(to_string(EosKind::aga8_detail), "aga8-detail");
  EXPECT_EQ(to_string(EosKind::gerg2008), "gerg2008");
  EXPECT_THROW(make_real_gas_mixture(EosKind::papay, *preset_composition("lean-lng")),
               std::invalid_argument);
}

TEST(RealGasEosErrors, TwoPhaseIsothermIsShortenedOrRejected) {
  // A rich gas far below its cricondentherm: no gas root over most of the range.
  const auto rich = Composition::from_named({{"propane", 0.5}, {"n_butane", 0.5}});
  const auto mixture = make_real_gas_mixture(EosKind::gerg2008, rich);
  EXPECT_THROW(RealGasCurve(mixture, 250.0), std::domain_error);
  // The full equation itself says so rather than returning a liquid or NaN.
  EXPECT_THROW(mixture->density_mol_per_m3(250.0, 5e6), std::domain_error);
}

}  // namespace
