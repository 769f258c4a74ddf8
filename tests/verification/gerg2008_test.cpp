// GERG-2008 against the test output printed by NIST's reference implementation of AGA Report
// No. 8 (2017), Part 2 (usnistgov/AGA8, AGA8CODE/C/GERG2008.cpp, TEST_GERG block): the
// 21-component mixture at T = 400 K, p = 50 000 kPa. Every printed property must agree to at
// least 9 significant digits (relative 1e-9; most agree to 13 or more).
//
// One exception, d2P/drho2: the printed 1130.481239114938 lacks the contribution of the
// gaussian (bell-shaped) terms of the binary departure functions to delta^3 d3(alphar)/ddelta3.
// Our value is the derivative of our pressure (checked by finite differences below), whose
// pressure and dP/drho match NIST to 15 digits; without that contribution it matches the
// printed value to 9 digits (test D2PDrho2 below).
#include "linepack/gas/gerg2008.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "linepack/gas/gerg2008_tables.hpp"
#include "verification/real_gas_reference.hpp"

namespace {

using linepack::gas::Gerg2008;
using linepack::test::expect_significant_digits;

TEST(Gerg2008, NistReferencePoint) {
  const Gerg2008 eos(linepack::test::nist_test_mixture());
  const double t = 400.0, p = 50000e3;
  const double rho = eos.density_mol_per_m3(t, p);
  const auto s = eos.properties(t, rho);
  // Expected values as printed by the NIST code (units there: mol/l, kPa, J/mol, K/kPa).
  expect_significant_digits("molar mass [g/mol]", s.molar_mass_kg_per_mol * 1e3, 20.54274450160000);
  expect_significant_digits("molar density [mol/l]", rho * 1e-3, 12.79828626082062);
  expect_significant_digits("pressure [kPa]", s.pressure_pa * 1e-3, 50000.00000000001);
  expect_significant_digits("Z", s.z, 1.174690666383717);
  expect_significant_digits("dP/drho [kPa/(mol/l)]", s.dp_drho, 7000.694030193327);
  expect_significant_digits("dP/dT [kPa/K]", s.dp_dt * 1e-3, 235.9832292593096);
  expect_significant_digits("U [J/mol]", s.internal_energy_j_per_mol, -2746.492901212530);
  expect_significant_digits("H [J/mol]", s.enthalpy_j_per_mol, 1160.280160510973);
  expect_significant_digits("S [J/(mol K)]", s.entropy_j_per_mol_k, -38.57590392409089);
  expect_significant_digits("Cv [J/(mol K)]", s.cv_j_per_mol_k, 39.02948218156372);
  expect_significant_digits("Cp [J/(mol K)]", s.cp_j_per_mol_k, 58.45522051000366);
  expect_significant_digits("W [m/s]", s.speed_of_sound_m_per_s, 714.4248840596024);
  expect_significant_digits("G [J/mol]", s.gibbs_energy_j_per_mol, 16590.64173014733);
  expect_significant_digits("JT [K/kPa]", s.joule_thomson_k_per_pa * 1e3, 7.155629581480913e-05);
  expect_significant_digits("kappa", s.isentropic_exponent, 2.683820255058032);
}

/// delta^3 d3/ddelta3 of the gaussian departure terms x_i x_j F_ij n delta^d tau^t
/// exp(-eta (delta - eps)^2 - beta (delta - gamma)) (Kunz & Wagner 2012, Table B4 derivatives).
double gaussian_departure_d3(const linepack::gas::Composition& comp, double delta, double tau) {
  double sum = 0.0;
  for (const auto& p : linepack::gas::gerg::departure_pairs()) {
    const double w = comp.fractions()[p.i] * comp.fractions()[p.j] * p.f;
    for (const auto& t : p.terms) {
      if (!t.gaussian) continue;
      const double q = t.eta * delta * delta, b = 2.0 * t.eta * t.eps - t.beta;
      const double f =
          w * t.n * std::pow(delta, t.d) * std::pow(tau, t.t) *
          std::exp(-t.eta * (delta - t.eps) * (delta - t.eps) - t.beta * (delta - t.gamma));
      const double h = t.d - 2.0 * q + b * delta;
      sum += f * (h * h * h - 3.0 * t.d * h - 6.0 * q * h + 2.0 * t.d);
    }
  }
  return sum;
}

TEST(Gerg2008, D2PDrho2) {
  const auto x = linepack::test::nist_test_mixture();
  const Gerg2008 eos(x);
  const double t = 400.0, rho = eos.density_mol_per_m3(t, 50000e3);
  const double d2p = eos.properties(t, rho).d2p_drho2;
  // Central differences of the pressure (step 1 mol/m3 of 12 798).
  const double h = 1.0;
  const double fd =
      (eos.pressure_pa(t, rho + h) - 2.0 * eos.pressure_pa(t, rho) + eos.pressure_pa(t, rho - h)) /
      (h * h);
  EXPECT_NEAR(fd / d2p, 1.0, 1e-7);
  // NIST's printed value omits the gaussian departure terms' share of delta^3 alphar_ddd.
  const double delta = rho / eos.reducing_density_mol_per_m3();
  const double tau = eos.reducing_temperature_k() / t;
  const double rt = eos.gas_constant() * t;
  const double without = d2p - rt * gaussian_departure_d3(x, delta, tau) / rho;
  expect_significant_digits("d2P/drho2 without gaussian d3 [kPa/(mol/l)^2]", without * 1e3,
                            1130.481239114938);
  std::printf("  d2P/drho2 (correct derivative) %.16g kPa/(mol/l)^2\n", d2p * 1e3);
}

TEST(Gerg2008, PressureFromDensityRoundTrip) {
  const Gerg2008 eos(linepack::test::nist_test_mixture());
  linepack::test::expect_round_trip(eos, 1e-12);
}

TEST(Gerg2008, MergedTermsAreFewerThanComponentTerms) {
  // The 21-component mixture: 17 fluids share the 12-term form and 3 the 24-term form.
  const Gerg2008 eos(linepack::test::nist_test_mixture());
  EXPECT_LT(eos.term_count(), 150u);
}

}  // namespace
