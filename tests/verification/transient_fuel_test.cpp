// Fuel gas withdrawn from the line in transients (TransientOptions::withdraw_fuel): each active
// station's fuel is withdrawn at its inlet node, lagged by one step. Checked here by a balance the
// test computes itself: the line pack change equals the integral of what enters the first pipe
// (its reported step-mean inlet flow) less the scheduled offtake less the fuel the station
// reported at each step's start, to 1e-9 of the line pack.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <string>
#include <tuple>
#include <vector>

#include "linepack/transient/simulator.hpp"
#include "support/make_elements.hpp"

namespace {

using namespace linepack;
namespace tr = linepack::transient;
constexpr double bar = 1e5;

// S (fixed 40 bar) --P0 (40 km)--> I --C (ratio 1.3)--> A --P1 (60 km)--> D (offtake 30 kg/s,
// 45 kg/s from 1 h on). The station's inlet I is an inner node: its fuel leaves the pipes there.
struct FuelCase {
  model::Network net;
  model::Scenario sc;
  tr::Schedule schedule;
};
FuelCase fuel_case() {
  FuelCase c;
  c.net.physics.eos.kind = gas::EosKind::ideal;
  for (const char* n : {"S", "I", "A", "D"}) c.net.nodes.push_back({.id = n});
  for (const auto& [id, from, to, length_m] :
       {std::tuple{"P0", "S", "I", 40e3}, std::tuple{"P1", "A", "D", 60e3}}) {
    auto p = test::make_pipe(id, from, to, length_m, 0.6);
    p.roughness_m = 2e-5;
    c.net.pipes.push_back(p);
  }
  c.net.compressors.push_back(
      test::make_active_compressor("C", "I", "A", model::CompressorMode::pressure_ratio, 1.3));
  c.sc.boundaries = {{"S", model::NodeBoundary::Kind::pressure, 40 * bar},
                     {"D", model::NodeBoundary::Kind::flow, 30.0}};
  c.schedule.nodes.push_back({"D", model::NodeBoundary::Kind::flow,
                              {{0.0, 3600.0}, {30.0, 45.0}, tr::Interpolation::step}});
  return c;
}

tr::TransientOptions fuel_options(tr::Scheme scheme, bool withdraw_fuel) {
  tr::TransientOptions o;
  o.scheme = scheme;
  o.dt_s = 300.0;
  o.dx_m = 5000.0;
  o.duration_s = 6 * 3600.0;
  o.withdraw_fuel = withdraw_fuel;
  return o;
}

double offtake_kg_per_s(double t_s) { return t_s < 3600.0 ? 30.0 : 45.0; }

}  // namespace

TEST(TransientFuel, MassBalanceClosesWithTheFuelWithdrawn) {
  const auto c = fuel_case();
  for (const auto scheme : {tr::Scheme::backward_euler, tr::Scheme::tr_bdf2}) {
    SCOPED_TRACE(tr::to_string(scheme));
    tr::Simulator sim(c.net, c.sc, c.schedule, fuel_options(scheme, true));
    const auto st = sim.start_from_steady();
    ASSERT_TRUE(st.converged) << sim.message();
    // The start is the steady state with its fuel withdrawn: P0 carries offtake + fuel.
    const auto& s0 = sim.snapshot();
    const double fuel0 = s0.compressor_fuel_kg_per_s[0];
    ASSERT_GT(fuel0, 0.01);
    EXPECT_NEAR(s0.element_flow_kg_per_s[0], 30.0 + fuel0, 1e-6 * 30.0);
    EXPECT_NEAR(s0.fuel_withdrawn_kg_per_s, fuel0, 1e-6 * fuel0);

    double fuel_before = fuel0, t_before = sim.time();
    double inflow_kg = 0.0, offtake_kg = 0.0, fuel_kg = 0.0;
    ASSERT_TRUE(sim.run([&](const tr::Simulator& x) {
      const auto& s = x.snapshot();
      const double dt = x.time() - t_before;
      if (dt <= 0.0) return;
      // The fuel withdrawn in a step is the fuel reported at its start (lagged by one step).
      EXPECT_DOUBLE_EQ(s.compressor_fuel_withdrawn_kg_per_s[0], fuel_before);
      EXPECT_DOUBLE_EQ(s.fuel_withdrawn_kg_per_s, fuel_before);
      inflow_kg += dt * s.element_flow_kg_per_s[0];  // P0's inlet: what S supplies
      offtake_kg += dt * offtake_kg_per_s(t_before);  // steps land on the 1 h breakpoint
      fuel_kg += dt * fuel_before;
      fuel_before = s.compressor_fuel_kg_per_s[0];
      t_before = x.time();
    })) << sim.message();
    const auto& s = sim.snapshot();
    EXPECT_GT(s.compressor_fuel_kg_per_s[0], fuel0);  // more flow, more fuel
    EXPECT_NEAR(s.fuel_withdrawn_cumulative_kg, fuel_kg, 1e-12 * fuel_kg);
    EXPECT_NEAR(s.compressor_fuel_withdrawn_cumulative_kg[0], fuel_kg, 1e-12 * fuel_kg);
    const double lp0 = sim.initial_linepack_kg();
    const double change_kg = s.linepack_kg - lp0;
    EXPECT_NEAR(change_kg, inflow_kg - offtake_kg - fuel_kg, 1e-9 * lp0);
    EXPECT_LT(std::abs(sim.mass_balance_error_kg()), 1e-9 * lp0);
    // The fuel is more than the balance's tolerance: without it the balance would not close.
    EXPECT_GT(fuel_kg, 1e3 * 1e-9 * lp0);
    // The simulator's own net inflow counts the fuel as withdrawal.
    EXPECT_NEAR(s.net_inflow_cumulative_kg, inflow_kg - offtake_kg - fuel_kg, 1e-9 * lp0);
    std::cout << "[transient fuel] " << tr::to_string(scheme) << ": fuel withdrawn " << fuel_kg
              << " kg, line pack " << lp0 << " kg, balance by hand "
              << (change_kg - (inflow_kg - offtake_kg - fuel_kg)) / lp0 << " relative, simulator's "
              << sim.mass_balance_error_kg() / lp0 << " relative\n";
  }
}

TEST(TransientFuel, DefaultTakesNoFuelFromTheLine) {
  const auto c = fuel_case();
  tr::Simulator sim(c.net, c.sc, c.schedule, fuel_options(tr::Scheme::tr_bdf2, false));
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  EXPECT_NEAR(sim.snapshot().element_flow_kg_per_s[0], 30.0, 1e-6 * 30.0);
  ASSERT_TRUE(sim.run()) << sim.message();
  const auto& s = sim.snapshot();
  EXPECT_GT(s.compressor_fuel_kg_per_s[0], 0.0);  // reported
  EXPECT_EQ(s.fuel_withdrawn_kg_per_s, 0.0);      // not withdrawn
  EXPECT_EQ(s.fuel_withdrawn_cumulative_kg, 0.0);
  EXPECT_NEAR(s.withdrawal_kg_per_s, 45.0, 1e-9);
  EXPECT_LT(std::abs(sim.mass_balance_error_kg()), 1e-9 * sim.initial_linepack_kg());
}
