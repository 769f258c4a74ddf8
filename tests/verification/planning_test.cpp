// Mechanical design and economics against figures computed by hand from the formulas' sources:
// ASME B31.8 §841.1.1 (t = P D / 2 S F E T), ISO 13623 §6.4.2.2, the capital recovery factor.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "linepack/design/economics.hpp"
#include "linepack/design/mechanical.hpp"

namespace {

using namespace linepack;
using design::B318Factors;

constexpr double kDesignPressurePa = 98e5;  // 98 barg

double wall_mm(double nps, double factor) {
  return design::b318_wall_thickness_m(kDesignPressurePa, design::outside_diameter_of_nps_m(nps),
                                       design::steel_grade("X70"), B318Factors{factor, 1.0, 1.0}) *
         1e3;
}

TEST(Mechanical, WallThickness56InchX70At98Barg) {
  // Issue 12 / the data sheet's DERIVED walls, to 0.1 mm.
  EXPECT_NEAR(wall_mm(56, 0.72), 20.1, 0.05);
  EXPECT_NEAR(wall_mm(56, 0.60), 24.1, 0.05);
  EXPECT_NEAR(wall_mm(56, 0.50), 28.9, 0.05);
  EXPECT_NEAR(wall_mm(56, 0.40), 36.1, 0.05);
}

TEST(Mechanical, WallThickness42InchX70At98Barg) {
  EXPECT_NEAR(wall_mm(42, 0.72), 15.0, 0.05);
  EXPECT_NEAR(wall_mm(42, 0.60), 18.1, 0.05);
}

TEST(Mechanical, DesignFactorsByLocationClass) {
  EXPECT_DOUBLE_EQ(design::b318_design_factor("1.1"), 0.80);
  EXPECT_DOUBLE_EQ(design::b318_design_factor("1.2"), 0.72);
  EXPECT_DOUBLE_EQ(design::b318_design_factor("2"), 0.60);
  EXPECT_DOUBLE_EQ(design::b318_design_factor("3"), 0.50);
  EXPECT_DOUBLE_EQ(design::b318_design_factor("4"), 0.40);
  EXPECT_THROW(design::b318_design_factor("5"), std::invalid_argument);
}

TEST(Mechanical, MaximumPressureInvertsTheWall) {
  const auto x70 = design::steel_grade("x70");
  const B318Factors f{0.6, 0.95, design::b318_temperature_factor(273.15 + 135.0)};
  const double d = 1.4224;
  const double t = design::b318_wall_thickness_m(98e5, d, x70, f);
  EXPECT_NEAR(design::b318_max_pressure_pa(t, d, x70, f), 98e5, 1e-6);
  // 135 degC = 275 degF: halfway between 250 (1.000) and 300 degF (0.967).
  EXPECT_NEAR(f.temperature_factor, 0.9835, 1e-9);
  // 20.6 mm at F = 0.72: 2 x 482.6 MPa x 0.0206 x 0.72 / 1.4224 = 100.6 barg.
  EXPECT_NEAR(design::b318_max_pressure_pa(0.0206, d, x70, {0.72, 1, 1}) / 1e5, 100.65, 0.05);
}

TEST(Mechanical, Iso13623UsesTheMeanDiameterForm) {
  const auto x70 = design::steel_grade("X70");
  const double d = 1.4224, fh = 0.77;
  const double t = design::iso13623_wall_thickness_m(98e5, d, x70, fh);
  // Hoop stress p (D - t) / (2 t) equals f_h SMYS at that wall.
  EXPECT_NEAR(98e5 * (d - t) / (2.0 * t), fh * x70.smys_pa, 1e-3);
  EXPECT_NEAR(design::iso13623_max_pressure_pa(t, d, x70, fh), 98e5, 1e-3);
  EXPECT_LT(t, design::b318_wall_thickness_m(98e5, d, x70, {fh, 1, 1}));
}

TEST(Mechanical, TonnageAndHydrotestAlongARoute) {
  const auto x70 = design::steel_grade("X70");
  const double d = 1.4224;
  const std::vector<design::RouteStretch> route{{1000e3, "1.2"}, {80e3, "2"}, {20e3, "3"}};
  const auto p = design::design_pipe(98e5, d, x70, route);
  ASSERT_EQ(p.stretches.size(), 3u);
  double mass = 0.0;
  for (const auto& s : p.stretches) {
    // Independent: ring area pi/4 (D^2 - (D - 2t)^2) times 7850 kg/m3.
    const double t = s.nominal_wall_m;
    const double ring = 0.25 * 3.14159265358979 * (d * d - (d - 2 * t) * (d - 2 * t));
    EXPECT_NEAR(s.mass_kg, ring * 7850.0 * s.stretch.length_m, 1e-6 * s.mass_kg);
    EXPECT_GE(s.nominal_wall_m, s.pressure_wall_m);
    EXPECT_LT(s.nominal_wall_m, s.pressure_wall_m + 1e-4 + 1e-12);
    mass += s.mass_kg;
  }
  EXPECT_NEAR(p.steel_mass_kg, mass, 1e-6 * mass);
  EXPECT_NEAR(p.stretches[0].nominal_wall_m, 0.0201, 1e-9);
  EXPECT_NEAR(p.stretches[2].nominal_wall_m, 0.0289, 1e-9);
  EXPECT_NEAR(p.inner_diameter_m, d - 2 * 0.0201, 1e-9);  // the longest stretch's bore
  // B31.8 water test: 1.1 x in class 1 div 2, 1.25 x in class 2, 1.4 x in class 3.
  EXPECT_NEAR(p.stretches[0].hydrotest_pressure_pa, 1.10 * 98e5, 1e-6);
  EXPECT_NEAR(p.stretches[1].hydrotest_pressure_pa, 1.25 * 98e5, 1e-6);
  EXPECT_NEAR(p.stretches[2].hydrotest_pressure_pa, 1.40 * 98e5, 1e-6);
  // At 1.1 x design in class 1 div 2 the hoop stress is 1.1 x 0.72 of SMYS (nominal ~ design wall).
  EXPECT_NEAR(p.stretches[0].hydrotest_hoop_smys, 1.1 * 0.72, 0.005);
  // 1,100 km of 56" at about 20-29 mm: roughly 0.8 Mt.
  EXPECT_GT(p.steel_mass_kg, 0.75e9);
  EXPECT_LT(p.steel_mass_kg, 0.85e9);
}

TEST(Mechanical, BadInputIsRejectedWithTheReason) {
  const auto x70 = design::steel_grade("X70");
  try {
    design::b318_wall_thickness_m(98e5, 1.4224, x70, {1.2, 1, 1});
    FAIL() << "a design factor of 1.2 was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("design factor"), std::string::npos) << e.what();
  }
  try {
    design::steel_grade("X99");
    FAIL() << "grade X99 was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("X99"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("X70"), std::string::npos) << e.what();
  }
  EXPECT_THROW(design::b318_wall_thickness_m(-1e5, 1.4224, x70, {}), std::invalid_argument);
  EXPECT_THROW(design::b318_temperature_factor(273.15 + 260.0), std::invalid_argument);
}

TEST(Economics, CapitalRecoveryFactor) {
  EXPECT_NEAR(design::capital_recovery_factor(0.10, 25.0), 0.11017, 5e-6);
  EXPECT_NEAR(design::capital_recovery_factor(0.0, 25.0), 0.04, 1e-15);
  // The annuity factor is the sum of the discount factors of years 1..n.
  double sum = 0.0;
  for (int y = 1; y <= 25; ++y) sum += std::pow(1.1, -y);
  EXPECT_NEAR(design::annuity_factor(0.10, 25.0), sum, 1e-12);
  EXPECT_NEAR(design::net_present_value(0.10, {-100.0, 60.0, 60.0}), -100 + 60 / 1.1 + 60 / 1.21,
              1e-12);
}

TEST(Economics, LevelisedCostByHand) {
  design::CostModel m;
  m.load_factor = 1.0;
  design::CostInputs in;
  in.steel_mass_kg = 800e6;  // 800,000 t
  in.nps_inch = 56;
  in.length_m = 1100e3;
  in.station_power_w = {10e6};
  in.fuel_kg_per_s = 1.0;
  in.throughput_kg_per_s = 290.0;
  in.hhv_j_per_kg = 54e6;
  in.standard_density_kg_per_m3 = 0.74;
  const auto c = design::cost_of(m, in);
  const double line = 800e3 * 1200.0 + 25000.0 * 56 * 1100;
  const double station = 20e6 + 2e6 * 1.25 * 10;
  EXPECT_NEAR(c.line_capex_usd, line, 1e-3);
  EXPECT_NEAR(c.station_capex_usd, station, 1e-3);
  const double year_s = 365 * 86400.0;
  const double fuel = 1.0 * year_s * 54e6 / 1.05505585262e9 * 10.0;
  const double annual = (line + station) * 0.110168072 + 0.01 * line + 0.04 * station + fuel;
  EXPECT_NEAR(c.annual_cost_usd / annual, 1.0, 1e-6);
  EXPECT_NEAR(c.levelised_usd_per_mmbtu / (annual / (290.0 * year_s * 54e6 / 1.05505585262e9)), 1.0, 1e-6);
  EXPECT_NEAR(c.levelised_usd_per_km3 / (annual / (290.0 * year_s / 0.74 / 1000.0)), 1.0, 1e-6);
}

TEST(Economics, NegativePriceIsRejected) {
  design::CostModel m;
  m.gas_price_usd_per_mmbtu = -1.0;
  try {
    design::check(m);
    FAIL() << "a negative gas price was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("gas_price_usd_per_mmbtu"), std::string::npos);
  }
}

}  // namespace

namespace {

TEST(Mechanical, AStretchMayUseAStricterFactorThanItsClass) {
  using namespace linepack;
  const auto p = design::design_pipe(98e5, 1.4224, design::steel_grade("X70"), {{10e3, "1.2", 0.6}});
  EXPECT_NEAR(p.stretches[0].nominal_wall_m, 0.0241, 1e-9);
  EXPECT_THROW(design::design_pipe(98e5, 1.4224, design::steel_grade("X70"), {{10e3, "1.2", 1.1}}),
               std::invalid_argument);
}

}  // namespace

namespace {

TEST(Economics, NpvIsZeroAtTheLevelisedTariff) {
  using namespace linepack;
  design::CostModel m;
  design::CostInputs in{800e6, 56, 1100e3, {5e6}, 0.3, 290.0, 54e6, 0.74};
  const auto c = design::cost_of(m, in);
  std::vector<double> flows{-c.capex_usd};
  for (int y = 1; y <= 25; ++y)
    flows.push_back(c.levelised_usd_per_mmbtu * c.delivered_mmbtu_per_year - c.om_usd_per_year -
                    c.fuel_usd_per_year);
  EXPECT_NEAR(design::net_present_value(m.discount_rate, flows) / c.capex_usd, 0.0, 1e-9);
}

}  // namespace
