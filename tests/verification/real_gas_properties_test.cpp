// Property tests of AGA8 DETAIL and GERG-2008 over random natural-gas compositions and states
// inside their normal ranges (methane 70-100 %, the rest ethane ... hexane, N2, CO2, H2, He,
// H2S, water traces; 250-350 K; 0.1-15 MPa): the density solve converges and closes to 1e-12,
// Z is continuous, and every derivative property agrees with finite differences of the
// equation's own pressure, energy, enthalpy and entropy.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "linepack/gas/aga8_detail.hpp"
#include "linepack/gas/gerg2008.hpp"

namespace {

using namespace linepack::gas;

Composition random_gas(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Composition::Fractions x{};
  const Component minor[] = {Component::ethane,   Component::propane,          Component::isobutane,
                             Component::n_butane, Component::n_pentane,        Component::n_hexane,
                             Component::nitrogen, Component::carbon_dioxide,   Component::hydrogen,
                             Component::helium,   Component::hydrogen_sulfide, Component::water};
  const double share[] = {0.12, 0.04, 0.01, 0.01, 0.003, 0.002, 0.1, 0.08, 0.05, 0.01, 0.005, 1e-4};
  double rest = 0.0;
  for (std::size_t k = 0; k < std::size(minor); ++k) {
    const double v = u(rng) < 0.7 ? share[k] * u(rng) * 0.5 : 0.0;
    x[static_cast<std::size_t>(minor[k])] = v;
    rest += v;
  }
  x[static_cast<std::size_t>(Component::methane)] = 1.0 - rest;  // at least about 0.79
  return Composition::from_fractions(x);
}

template <class Eos>
void check_random_states(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> temperature(250.0, 350.0),
      log_p(std::log(1e5), std::log(15e6));
  for (int n = 0; n < 60; ++n) {
    const Composition x = random_gas(rng);
    const Eos eos(x);
    const double t = temperature(rng), p = std::exp(log_p(rng));
    SCOPED_TRACE(::testing::Message() << "case " << n << ": T " << t << " K, p " << p << " Pa");
    double rho = 0.0;
    ASSERT_NO_THROW(rho = eos.density_mol_per_m3(t, p));
    EXPECT_NEAR(eos.pressure_pa(t, rho) / p, 1.0, 1e-12);
    const ThermoProperties s = eos.properties(t, rho);
    EXPECT_GT(s.dp_drho, 0.0);
    EXPECT_GT(s.cv_j_per_mol_k, 0.0);
    EXPECT_GT(s.cp_j_per_mol_k, s.cv_j_per_mol_k);
    // Z continuous in p.
    EXPECT_NEAR(eos.properties_tp(t, p * (1.0 + 1e-9)).z / s.z, 1.0, 1e-8);

    // Derivatives at constant T or rho by central differences (relative steps 1e-4 / 1e-5).
    const double hr = 1e-4 * rho, ht = 1e-4 * t;
    auto rel = [](double a, double b) { return std::abs(a / b - 1.0); };
    const double dp_drho = (eos.pressure_pa(t, rho + hr) - eos.pressure_pa(t, rho - hr)) / (2 * hr);
    EXPECT_LT(rel(dp_drho, s.dp_drho), 1e-7);
    const double d2p = (eos.pressure_pa(t, rho + hr) - 2 * eos.pressure_pa(t, rho) +
                        eos.pressure_pa(t, rho - hr)) /
                       (hr * hr);
    EXPECT_LT(std::abs(d2p - s.d2p_drho2), 1e-4 * std::abs(s.dp_drho / rho) + 1e-5 * std::abs(d2p));
    const double dp_dt = (eos.pressure_pa(t + ht, rho) - eos.pressure_pa(t - ht, rho)) / (2 * ht);
    EXPECT_LT(rel(dp_dt, s.dp_dt), 1e-7);
    const double cv = (eos.properties(t + ht, rho).internal_energy_j_per_mol -
                       eos.properties(t - ht, rho).internal_energy_j_per_mol) /
                      (2 * ht);
    EXPECT_LT(rel(cv, s.cv_j_per_mol_k), 1e-6);
    // At constant pressure: cp = (dh/dT)_p, cp/T = (ds/dT)_p, mu_JT = -(dh/dp)_T / cp.
    const auto up = eos.properties_tp(t + ht, p), down = eos.properties_tp(t - ht, p);
    EXPECT_LT(rel((up.enthalpy_j_per_mol - down.enthalpy_j_per_mol) / (2 * ht), s.cp_j_per_mol_k),
              1e-6);
    EXPECT_LT(
        rel((up.entropy_j_per_mol_k - down.entropy_j_per_mol_k) / (2 * ht) * t, s.cp_j_per_mol_k),
        1e-6);
    const double hp = 1e-5 * p;
    const double dh_dp = (eos.properties_tp(t, p + hp).enthalpy_j_per_mol -
                          eos.properties_tp(t, p - hp).enthalpy_j_per_mol) /
                         (2 * hp);
    EXPECT_NEAR(-dh_dp / s.cp_j_per_mol_k, s.joule_thomson_k_per_pa,
                1e-6 * std::abs(s.joule_thomson_k_per_pa) + 1e-12);
    // Speed of sound: w^2 = (dp/d(mass density))_s, by a step in T and rho at constant s.
    const double ds_dt = s.cv_j_per_mol_k / t, ds_drho = -s.dp_dt / (rho * rho);  // Maxwell
    const double dt_s = -ds_drho / ds_dt * hr;  // dT along s = const for d rho = hr
    const double dp_s =
        (eos.pressure_pa(t + dt_s, rho + hr) - eos.pressure_pa(t - dt_s, rho - hr)) / (2 * hr);
    EXPECT_LT(rel(std::sqrt(dp_s / s.molar_mass_kg_per_mol), s.speed_of_sound_m_per_s), 1e-6);
  }
}

TEST(RealGasProperties, Gerg2008RandomStates) { check_random_states<Gerg2008>(2008); }
TEST(RealGasProperties, Aga8DetailRandomStates) { check_random_states<Aga8Detail>(1992); }

}  // namespace
