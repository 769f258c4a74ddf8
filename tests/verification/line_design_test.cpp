// Station siting on a flat ideal-gas line with a fixed friction factor, where the distance over
// which the pressure falls from discharge to minimum suction is closed-form:
//   L_s = (p_d^2 - p_s^2) D A^2 / (lambda R_s T q^2).
#include <gtest/gtest.h>

#include <cmath>

#include "linepack/design/line_design.hpp"
#include "linepack/units/constants.hpp"

namespace {

using namespace linepack;

design::LineSpec flat_line() {
  design::LineSpec spec;
  spec.route = {{"head", 0.0, 0.0, 0.0, 0.0}, {"end", 1000e3, 0.0, 1.0, 40e5}};
  spec.inner_diameter_m = 1.0;
  spec.physics.eos.kind = gas::EosKind::ideal;
  spec.physics.friction = model::FrictionLaw::fixed;
  spec.physics.fixed_friction_factor = 0.01;
  spec.physics.temperature_k = 288.15;
  spec.supply_pressure_pa = 55e5;
  spec.discharge_max_pa = 98e5;
  spec.suction_min_pa = 60e5;
  spec.segment_length_m = 1000.0;
  return spec;
}

TEST(LineDesign, StationSpacingFollowsTheClosedForm) {
  const auto spec = flat_line();
  const double q = 400.0;
  const double area = 0.25 * units::pi;
  const double rs_t = spec.physics.gas.specific_gas_constant() * spec.physics.temperature_k;
  const double spacing = (98e5 * 98e5 - 60e5 * 60e5) * 1.0 * area * area / (0.01 * rs_t * q * q);
  const auto r = design::design_line(spec, q);
  ASSERT_TRUE(r.feasible) << r.message;
  ASSERT_GE(r.stations.size(), 2u);
  for (std::size_t s = 1; s < r.stations.size(); ++s) {
    const double gap = r.stations[s].chainage_m - r.stations[s - 1].chainage_m;
    // Greedy on a 1 km grid: the farthest grid node within the closed-form spacing.
    EXPECT_LE(gap, spacing);
    EXPECT_GT(gap, spacing - spec.segment_length_m);
    EXPECT_GE(r.stations[s].suction_pa, 60e5 - 1.0);
    EXPECT_NEAR(r.stations[s].discharge_pa, 98e5, 1.0);
  }
  EXPECT_GE(r.delivery_pressure_pa, 40e5);
  // The last station is needed: from the one before, the terminal would fall below 40 bar.
  const double from_previous = 1000e3 - r.stations[r.stations.size() - 2].chainage_m;
  const double p_end2 = 98e5 * 98e5 - 0.01 * rs_t * q * q * from_previous / (1.0 * area * area);
  EXPECT_LT(p_end2, 40e5 * 40e5);
}

TEST(LineDesign, TooMuchFlowIsReportedNotThrown) {
  const auto r = design::design_line(flat_line(), 20000.0);
  EXPECT_FALSE(r.feasible);
  EXPECT_FALSE(r.message.empty());
}

}  // namespace
