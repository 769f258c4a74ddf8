// A regulator around a running station, from its outlet back to its inlet (a recycle or bypass
// line, as GasLib-4197's controlValve_8 around compressorStation_10): active with a setpoint
// below the station's suction pressure, it stays shut and the station holds its outlet. The
// control loop starts regulators fully open, but this one open would join the station's outlet
// to its inlet without loss, which contradicts the station's hold before any solve (the steady
// solver answered "ill-posed"). Hand-made line, ideal gas, fixed Darcy factor:
//   S (40 bar) --p1 (20 km)--> A --station cs (outlet 60 bar)--> B --p2 (50 km)--> X (20 kg/s),
//   regulator rv B -> A.
#include <gtest/gtest.h>

#include "linepack/steady/solver.hpp"
#include "support/recycle_line.hpp"

using namespace linepack;

namespace {

model::Network line_with_recycle(double recycle_setpoint_pa) {
  auto net = test::recycle_line();
  auto& cs = net.compressors[0];
  cs.state = model::ControlState::active;
  cs.mode = model::CompressorMode::outlet_pressure;
  cs.setpoint = 60e5;
  auto& rv = net.control_valves[0];
  rv.state = model::ControlState::active;
  rv.outlet_pressure_pa = recycle_setpoint_pa;
  return net;
}

}  // namespace

TEST(StationRecycle, ARecycleRegulatorBelowTheSuctionPressureStaysShut) {
  const auto r = steady::solve(line_with_recycle(30e5), test::recycle_line_nomination());
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  for (const auto& n : r.nodes) {
    if (n.id == "B") EXPECT_NEAR(n.pressure_pa, 60e5, 1.0);
    if (n.id == "A") EXPECT_GT(n.pressure_pa, 30e5);  // above the recycle's setpoint
  }
  for (const auto& e : r.elements) {
    if (e.id == "rv") {
      EXPECT_EQ(e.control_mode, "closed");
      EXPECT_NEAR(e.mass_flow_kg_per_s, 0.0, 1e-6);
    }
    if (e.id == "cs") EXPECT_NEAR(e.mass_flow_kg_per_s, 20.0, 1e-6);
  }
}
