// Fuel gas from the stations' drive curves, withdrawn at their inlets (SteadyOptions::
// withdraw_fuel): the network's mass balance closes with it, and the map's limits (choke flow,
// the drives' maximum power at the current speeds) are held by the control loop.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "linepack/io/native_json.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"

using namespace linepack;

namespace {

io::LoadedModel pakistan_maps_case_c() {
  auto m = io::read_native_model(test::source_dir() / "examples/pakistan-stream/model-maps.json");
  m.scenario = io::read_controls_file(test::source_dir() / "examples/pakistan-stream/case-C.json",
                                      m.scenario);
  return m;
}

const steady::ElementResult& element(const steady::SteadyResult& r, const std::string& id) {
  return *std::find_if(r.elements.begin(), r.elements.end(), [&](const auto& e) { return e.id == id; });
}

/// Supply = offtakes + withdrawn fuel.
void expect_mass_balance(const steady::SteadyResult& r) {
  double injected = 0.0, withdrawn = 0.0;
  for (const auto& n : r.nodes)
    (n.withdrawal_kg_per_s < 0 ? injected : withdrawn) += std::abs(n.withdrawal_kg_per_s);
  EXPECT_NEAR(injected, withdrawn, 1e-9 * injected);
}

/// Case C with map limits held: converged, CS-1 holding `mode` for `limit`, its discharge N0
/// below its 98 bara setpoint and its units inside their map, and the mass balance closed.
void expect_cs1_on_its_map_limit(const steady::SteadyResult& held, const std::string& mode,
                                 const std::string& limit) {
  ASSERT_EQ(held.status, steady::Status::converged) << held.message;
  const auto& cs1 = element(held, "CS-1");
  EXPECT_EQ(cs1.control_mode, mode);
  EXPECT_EQ(cs1.binding_limit, limit);
  EXPECT_LT(held.nodes.at(1).pressure_pa, 98e5);  // N0, CS-1's discharge
  ASSERT_TRUE(cs1.station);
  EXPECT_TRUE(cs1.station->inside_map);
  expect_mass_balance(held);
}

}  // namespace

// Case C (CS-1, CS-2, CS-3 at 98 bara): fuel of CS-2 and CS-3 is taken at their inlets N2 and N4
// (CS-1's inlet is the supply node, which supplies it). Supply = offtakes + withdrawn fuel.
TEST(StationFuel, SteadyMassBalanceClosesWithFuelWithdrawn) {
  const auto m = pakistan_maps_case_c();
  double offtakes = 0.0;
  for (const auto& b : m.scenario.boundaries)
    if (b.kind == model::NodeBoundary::Kind::flow) offtakes += b.value;
  steady::SteadyOptions options;
  options.withdraw_fuel = true;
  const auto r = steady::solve(m.network, m.scenario, options);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  double fuel_withdrawn = 0.0;
  for (const char* id : {"CS-2", "CS-3"}) {
    const auto& e = element(r, id);
    if (e.station && e.station->running) fuel_withdrawn += e.fuel_kg_per_s;
  }
  EXPECT_GT(fuel_withdrawn, 0.0);
  // Node balances: what the supply node injects leaves as offtakes and fuel.
  double injected = 0.0, withdrawn = 0.0;
  for (const auto& n : r.nodes) (n.withdrawal_kg_per_s < 0 ? injected : withdrawn) += std::abs(n.withdrawal_kg_per_s);
  EXPECT_NEAR(injected, withdrawn, 1e-9 * injected);
  EXPECT_NEAR(withdrawn, offtakes + fuel_withdrawn, 1e-9 * withdrawn);
  EXPECT_NEAR(r.total_supply_kg_per_s, offtakes + fuel_withdrawn, 1e-9 * r.total_supply_kg_per_s);
  // Flow into a station's inlet node = flow through the station + its fuel (+ offtake there).
  const auto& cs2 = element(r, "CS-2");
  const auto& p2 = element(r, "P2");  // N1 -> N2
  double offtake_n2 = 0.0;
  for (const auto& b : m.scenario.boundaries)
    if (b.node == "N2") offtake_n2 = b.value;
  EXPECT_NEAR(p2.mass_flow_kg_per_s, cs2.mass_flow_kg_per_s + cs2.fuel_kg_per_s + offtake_n2,
              1e-9 * p2.mass_flow_kg_per_s);
  std::cout << "[station fuel] case C with maps: fuel withdrawn " << fuel_withdrawn
            << " kg/s, CS-2 " << cs2.fuel_kg_per_s << " kg/s, supply " << r.total_supply_kg_per_s
            << " kg/s\n";
}

// Case C's CS-1 (outlet setpoint 98 bara at 2,000 mmcfd): at its setpoint the head is beyond
// its units' map at maximum speed (no_speed) and the power beyond its drives' maximum. With
// hold_map_limits (the default) it holds the ratio at which its units reach maximum speed (the
// tighter of the two: the drives then have room), below its setpoint and inside its map.
// Without it, the setpoint is held and the map reports both.
TEST(StationFuel, MaximumSpeedOfTheMapIsHeld) {
  const auto m = pakistan_maps_case_c();
  steady::SteadyOptions options;
  options.withdraw_fuel = true;
  options.hold_map_limits = false;
  const auto free = steady::solve(m.network, m.scenario, options);
  ASSERT_EQ(free.status, steady::Status::converged) << free.message;
  const auto& cs1_free = element(free, "CS-1");
  ASSERT_TRUE(cs1_free.station);
  EXPECT_EQ(cs1_free.binding_limit, "none");
  EXPECT_GT(cs1_free.station->shaft_power_w, cs1_free.station->drive_power_max_w);
  EXPECT_FALSE(cs1_free.station->inside_map);

  options.hold_map_limits = steady::SteadyOptions{}.hold_map_limits;
  ASSERT_TRUE(options.hold_map_limits);
  const auto held = steady::solve(m.network, m.scenario, options);
  ASSERT_NO_FATAL_FAILURE(expect_cs1_on_its_map_limit(held, "pressure_ratio", "speed_max"));
  const auto& cs1 = element(held, "CS-1");
  ASSERT_TRUE(cs1.station);
  const auto& unit = m.network.compressors[0].station->turbo_compressors.at(0);
  for (const auto& u : cs1.station->units) {
    EXPECT_NEAR(u.speed_per_s, unit.speed_max_per_s, 1e-6 * unit.speed_max_per_s) << u.id;
    EXPECT_LT(u.shaft_power_w, u.drive_power_max_w) << u.id;
  }
}

// The same with CS-1's drives derated to 60 %: the drives' power now binds before the units'
// speed, and CS-1 holds its drives' maximum power at the final speeds.
TEST(StationFuel, DrivePowerOfTheMapIsHeld) {
  auto m = pakistan_maps_case_c();
  for (auto& d : m.network.compressors[0].station->drives)
    for (auto& c : d.power_max_w) c *= 0.6;
  steady::SteadyOptions options;
  options.withdraw_fuel = true;
  options.hold_map_limits = true;
  const auto held = steady::solve(m.network, m.scenario, options);
  ASSERT_NO_FATAL_FAILURE(expect_cs1_on_its_map_limit(held, "shaft_power", "drive_power_max"));
  const auto& cs1 = element(held, "CS-1");
  ASSERT_TRUE(cs1.station);
  EXPECT_NEAR(cs1.station->shaft_power_w, cs1.station->drive_power_max_w,
              1e-6 * cs1.station->drive_power_max_w);
}
