// Two-way coupling of the transient energy equation (docs/transient.md §11): the gas temperature
// of each volume sets its density factor c = rho(p, T) / rho(p, T_model), lagged by one step.
//   - with constant boundaries the transient started from the coupled steady state stays there:
//     after 6 h the outlet pressure is within 1 mbar of the steady solver's energy-equation
//     solution (an independent discretisation: exact pipe law, per-pipe factor), and the
//     coupling is not empty (the isothermal outlet pressure is far from it);
//   - with a very large heat-transfer coefficient and the ground at the model temperature the
//     transient equals the isothermal one (to 1 mbar) through a demand change;
//   - the mass balance closes as tightly as in the isothermal transients.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "linepack/steady/solver.hpp"
#include "linepack/transient/simulator.hpp"
#include "transient_support.hpp"

namespace {

namespace tr = linepack::transient;
using namespace linepack;

test::SmallModel warm_supply_pipe(double u_w_per_m2_k) {
  auto m = test::single_pipe(100e3, 0.6, 40.0, true);  // Papay: Z depends on T
  auto& th = m.network.physics.thermal;
  th.energy_equation = true;
  th.heat_transfer_coefficient_w_per_m2_k = u_w_per_m2_k;
  th.ground_temperature_k = m.network.physics.temperature_k;
  th.supply_temperature_k = m.network.physics.temperature_k + 30.0;
  return m;
}

tr::Schedule demand_change() {
  tr::Schedule s;
  s.nodes.push_back({"b", model::NodeBoundary::Kind::flow,
                     {{0.0, 1800.0, 7200.0}, {40.0, 60.0, 60.0}, tr::Interpolation::linear}});
  return s;
}

TEST(TransientThermalCoupling, ConstantBoundariesStayAtTheSteadyEnergyEquationState) {
  const auto m = warm_supply_pipe(2.0);
  const auto steady = steady::solve(m.network, m.scenario, {});
  ASSERT_EQ(steady.status, steady::Status::converged) << steady.message;
  auto iso = m;
  iso.network.physics.thermal.energy_equation = false;
  const auto steady_iso = steady::solve(iso.network, iso.scenario, {});
  ASSERT_EQ(steady_iso.status, steady::Status::converged);
  tr::TransientOptions o;
  o.dx_m = 1000.0;
  o.dt_s = 300.0;
  o.duration_s = 6 * 3600.0;
  tr::Simulator sim(m.network, m.scenario, tr::Schedule{}, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  const double start_b = sim.snapshot().node_pressure_pa[1];
  ASSERT_TRUE(sim.run()) << sim.message();
  const double end_b = sim.snapshot().node_pressure_pa[1];
  const double ref_b = steady.nodes[1].pressure_pa, iso_b = steady_iso.nodes[1].pressure_pa;
  std::printf("  outlet: steady coupled %.5f bar, isothermal %.5f bar; transient start %.5f, "
              "after 6 h %.5f bar\n", ref_b / 1e5, iso_b / 1e5, start_b / 1e5, end_b / 1e5);
  EXPECT_GT(std::abs(ref_b - iso_b), 0.05e5);  // the temperature matters here
  EXPECT_NEAR(end_b, ref_b, 100.0);            // 1 mbar
  EXPECT_NEAR(end_b, start_b, 100.0);
  EXPECT_LT(std::abs(sim.mass_balance_error_kg()), 1e-9 * sim.initial_linepack_kg());
}

TEST(TransientThermalCoupling, VeryLargeHeatTransferEqualsTheIsothermalTransient) {
  const auto m = warm_supply_pipe(1e6);
  auto iso = m;
  iso.network.physics.thermal.energy_equation = false;
  tr::TransientOptions o;
  o.dx_m = 2000.0;
  o.dt_s = 120.0;
  o.duration_s = 3 * 3600.0;
  tr::Simulator a(m.network, m.scenario, demand_change(), o);
  tr::Simulator b(iso.network, iso.scenario, demand_change(), o);
  ASSERT_TRUE(a.start_from_steady().converged) << a.message();
  ASSERT_TRUE(b.start_from_steady().converged) << b.message();
  double worst = 0.0;
  auto compare = [&] {
    for (std::size_t i = 0; i < 2; ++i)
      worst = std::max(worst, std::abs(a.snapshot().node_pressure_pa[i] -
                                       b.snapshot().node_pressure_pa[i]));
  };
  compare();
  while (a.time() < o.duration_s - 1e-9) {
    ASSERT_TRUE(a.step()) << a.message();
    ASSERT_TRUE(b.step()) << b.message();
    compare();
  }
  std::printf("  largest pressure difference to the isothermal transient: %.3g Pa\n", worst);
  EXPECT_LT(worst, 100.0);
  EXPECT_LT(std::abs(a.mass_balance_error_kg()), 1e-9 * a.initial_linepack_kg());
}

TEST(TransientThermalCoupling, MassBalanceClosesWhileTheTemperaturesMove) {
  const auto m = warm_supply_pipe(2.0);
  tr::TransientOptions o;
  o.dx_m = 2000.0;
  o.dt_s = 120.0;
  o.duration_s = 3 * 3600.0;
  tr::Simulator sim(m.network, m.scenario, demand_change(), o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  const double t_out0 = sim.snapshot().node_temperature_k[1];
  ASSERT_TRUE(sim.run()) << sim.message();
  const double t_out1 = sim.snapshot().node_temperature_k[1];
  std::printf("  outlet temperature %.3f K -> %.3f K; mass balance error %.3g kg of %.4g kg\n",
              t_out0, t_out1, sim.mass_balance_error_kg(), sim.initial_linepack_kg());
  EXPECT_GT(std::abs(t_out1 - t_out0), 0.1);  // the factors did change
  EXPECT_LT(std::abs(sim.mass_balance_error_kg()), 1e-9 * sim.initial_linepack_kg());
}

}  // namespace
