// AGA8 DETAIL against the test output printed by NIST's reference implementation of AGA
// Report No. 8 (2017), Part 1 (usnistgov/AGA8, AGA8CODE/C/Detail.cpp, TEST_DETAIL block): the
// 21-component mixture at T = 400 K, p = 50 000 kPa. Every printed property must agree to at
// least 9 significant digits.
#include "linepack/gas/aga8_detail.hpp"

#include <gtest/gtest.h>

#include "verification/real_gas_reference.hpp"

namespace {

using linepack::gas::Aga8Detail;
using linepack::test::expect_significant_digits;

TEST(Aga8Detail, NistReferencePoint) {
  const Aga8Detail eos(linepack::test::nist_test_mixture());
  const double t = 400.0, p = 50000e3;
  const double rho = eos.density_mol_per_m3(t, p);
  const auto s = eos.properties(t, rho);
  expect_significant_digits("molar mass [g/mol]", s.molar_mass_kg_per_mol * 1e3, 20.54333051000000);
  expect_significant_digits("molar density [mol/l]", rho * 1e-3, 12.80792403648801);
  expect_significant_digits("pressure [kPa]", s.pressure_pa * 1e-3, 50000.00000000004);
  expect_significant_digits("Z", s.z, 1.173801364147326);
  expect_significant_digits("dP/drho [kPa/(mol/l)]", s.dp_drho, 6971.387690924090);
  expect_significant_digits("d2P/drho2 [kPa/(mol/l)^2]", s.d2p_drho2 * 1e3, 1118.803636639520);
  expect_significant_digits("dP/dT [kPa/K]", s.dp_dt * 1e-3, 235.6641493068212);
  expect_significant_digits("U [J/mol]", s.internal_energy_j_per_mol, -2739.134175817231);
  expect_significant_digits("H [J/mol]", s.enthalpy_j_per_mol, 1164.699096269404);
  expect_significant_digits("S [J/(mol K)]", s.entropy_j_per_mol_k, -38.54882684677111);
  expect_significant_digits("Cv [J/(mol K)]", s.cv_j_per_mol_k, 39.12076154430332);
  expect_significant_digits("Cp [J/(mol K)]", s.cp_j_per_mol_k, 58.54617672380667);
  expect_significant_digits("W [m/s]", s.speed_of_sound_m_per_s, 712.6393684057903);
  expect_significant_digits("G [J/mol]", s.gibbs_energy_j_per_mol, 16584.22983497785);
  expect_significant_digits("JT [K/kPa]", s.joule_thomson_k_per_pa * 1e3, 7.432969304794577e-05);
  expect_significant_digits("kappa", s.isentropic_exponent, 2.672509225184606);
}

TEST(Aga8Detail, PressureFromDensityRoundTrip) {
  const Aga8Detail eos(linepack::test::nist_test_mixture());
  linepack::test::expect_round_trip(eos, 1e-12);
}

}  // namespace
