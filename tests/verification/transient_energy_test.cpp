// The energy equation in transients (transient/energy_tracker.hpp):
//   - with no heat exchange the total energy in the network changes over the Pakistan Stream day
//     (demand profiles, CS-2 trip, FSRU trip) only by what the supply brings, the offtakes take
//     and the compressors add: to 1e-8 relative over 24 h;
//   - the initial (steady) temperature along a pipe with heat exchange and an ideal gas (no
//     Joule-Thomson effect) follows the closed form T = Tg + (Tin - Tg) exp(-U pi D x / (q cp))
//     (Coulter and Bardon 1979 without the Joule-Thomson term) to 0.05 K at dx = 100 m;
//   - an adiabatic ideal-gas pipe climbing 500 m cools by g dz / cp;
//   - with the energy equation off nothing is tracked.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "linepack/io/native_json.hpp"
#include "linepack/io/schedule_reader.hpp"
#include "linepack/transient/simulator.hpp"
#include "linepack/units/constants.hpp"
#include "support/data_dir.hpp"
#include "transient_support.hpp"

namespace {

namespace tr = linepack::transient;
using namespace linepack;

TEST(TransientEnergy, EnergyIsConservedOverThePakistanDayWithNoHeatExchange) {
  const auto dir = test::source_dir() / "examples/pakistan-stream";
  auto m = io::read_native_model(dir / "model.json");
  auto& thermal = m.network.physics.thermal;
  thermal.energy_equation = true;
  thermal.heat_transfer_coefficient_w_per_m2_k = 0.0;
  thermal.supply_temperature_k = 308.15;  // warmer than the 298.15 K of the model
  const auto s = io::read_schedule(dir / "day-schedule.json", m.network);
  tr::TransientOptions o;
  o.dt_s = 60.0;
  o.dx_m = 1000.0;
  o.duration_s = 86400.0;
  tr::Simulator sim(m.network, m.scenario, s, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  ASSERT_NE(sim.energy(), nullptr);
  ASSERT_TRUE(sim.run()) << sim.message();
  const auto* e = sim.energy();
  const double e0 = sim.initial_energy_j(), e1 = e->energy_j();
  const double error = e1 - e0 - e->boundary_energy_j() - e->heat_from_ground_j() -
                       e->compressor_work_j();
  std::printf("  energy %.6e J -> %.6e J; supplies - offtakes %.6e J, compressors %.6e J, "
              "error %.3e (relative %.2e)\n",
              e0, e1, e->boundary_energy_j(), e->compressor_work_j(), error, error / e0);
  EXPECT_EQ(e->heat_from_ground_j(), 0.0);
  EXPECT_LT(std::abs(error), 1e-8 * e0);
  // The balance is not empty: the day moves energy and the stations work.
  EXPECT_GT(std::abs(e1 - e0), 1e-4 * e0);
  EXPECT_GT(e->compressor_work_j(), 0.0);
  // Plausible temperatures: no heat loss, so the gas stays near its supply temperature, cooled
  // by the Joule-Thomson effect (about 0.5 K/bar) and warmed by compression.
  for (double t : sim.snapshot().node_temperature_k) {
    EXPECT_GT(t, 280.0);
    EXPECT_LT(t, 360.0);
  }
}

TEST(TransientEnergy, SteadyStartFollowsTheClosedFormProfileWithHeatExchange) {
  auto m = test::single_pipe(50e3, 0.6, 40.0);  // ideal gas: no Joule-Thomson effect
  auto& th = m.network.physics.thermal;
  th.energy_equation = true;
  th.heat_transfer_coefficient_w_per_m2_k = 2.0;
  th.ground_temperature_k = 288.15;
  th.supply_temperature_k = 320.0;
  tr::TransientOptions o;
  o.dx_m = 100.0;
  o.duration_s = 0.0;
  tr::Simulator sim(m.network, m.scenario, tr::Schedule{}, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  const auto* e = sim.energy();
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->joule_thomson_k_per_pa(), 0.0);
  const double cp = e->specific_heat_j_per_kg_k();
  const auto& gas = m.network.physics.gas;
  EXPECT_NEAR(cp, gas.isentropic_exponent / (gas.isentropic_exponent - 1.0) *
                      gas.specific_gas_constant(), 1e-9 * cp);
  const double a = 2.0 * units::pi * 0.6 / (40.0 * cp);  // 1/m
  const auto& eq = sim.equations();
  const auto& pc = eq.pipes()[0];
  double worst = 0.0;
  for (std::size_t j = 0; j <= pc.cells; ++j) {
    // Upwind: a volume holds the gas that leaves it, at its downstream face (the inlet node's
    // half cell ends at h/2, an interior volume at x_j + h/2, the outlet node's at L).
    const double x = j == pc.cells ? 50e3 : (static_cast<double>(j) + 0.5) * pc.cell_length_m;
    const double exact = 288.15 + (320.0 - 288.15) * std::exp(-a * x);
    worst = std::max(worst, std::abs(e->temperature_k(eq.pressure_index(0, j)) - exact));
  }
  std::printf("  largest deviation from the closed form: %.4f K (outlet %.3f K)\n", worst,
              e->temperature_k(eq.pressure_index(0, pc.cells)));
  EXPECT_LT(worst, 0.05);
}

TEST(TransientEnergy, AdiabaticIdealGasPipeClimbingCoolsByGravityOverCp) {
  auto m = test::single_pipe(20e3, 0.6, 40.0, false, 500.0);
  auto& th = m.network.physics.thermal;
  th.energy_equation = true;
  th.heat_transfer_coefficient_w_per_m2_k = 0.0;
  th.supply_temperature_k = 300.0;
  tr::TransientOptions o;
  o.dx_m = 1000.0;
  o.duration_s = 0.0;
  tr::Simulator sim(m.network, m.scenario, tr::Schedule{}, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  const double cp = sim.energy()->specific_heat_j_per_kg_k();
  const auto& t = sim.snapshot().node_temperature_k;
  EXPECT_NEAR(t[0], 300.0, 1e-9);
  EXPECT_NEAR(t[0] - t[1], units::gravity_m_per_s2 * 500.0 / cp, 1e-9);
}

TEST(TransientEnergy, InfiniteHeatTransferHoldsTheGroundTemperatureAndTheBalanceCloses) {
  auto m = test::single_pipe(50e3, 0.6, 40.0, true);
  auto& th = m.network.physics.thermal;
  th.energy_equation = true;
  th.heat_transfer_coefficient_w_per_m2_k = std::numeric_limits<double>::infinity();
  th.ground_temperature_k = 285.0;
  th.supply_temperature_k = 320.0;
  tr::Schedule s;
  s.nodes.push_back({"b", model::NodeBoundary::Kind::flow,
                     {{0.0, 1800.0}, {40.0, 60.0}, tr::Interpolation::linear}});
  tr::TransientOptions o;
  o.dx_m = 2000.0;
  o.dt_s = 60.0;
  o.duration_s = 3600.0;
  tr::Simulator sim(m.network, m.scenario, s, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  ASSERT_TRUE(sim.run()) << sim.message();
  const auto* e = sim.energy();
  for (std::size_t i = 0; i < sim.equations().pressure_count(); ++i)
    EXPECT_NEAR(e->temperature_k(i), 285.0, 1e-9);
  const double error = e->energy_j() - sim.initial_energy_j() - e->boundary_energy_j() -
                       e->heat_from_ground_j() - e->compressor_work_j();
  EXPECT_LT(std::abs(error), 1e-8 * sim.initial_energy_j());
  EXPECT_LT(e->heat_from_ground_j(), 0.0);  // the warm supply gives its heat to the ground
}

TEST(TransientEnergy, OffByDefault) {
  const auto m = test::single_pipe();
  tr::TransientOptions o;
  o.duration_s = 0.0;
  tr::Simulator sim(m.network, m.scenario, tr::Schedule{}, o);
  ASSERT_TRUE(sim.start_from_steady().converged);
  EXPECT_EQ(sim.energy(), nullptr);
  EXPECT_TRUE(sim.snapshot().node_temperature_k.empty());
}

}  // namespace
