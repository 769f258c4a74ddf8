// Control with limits in time (transient/control_modes.hpp): a station whose discharge limit
// binds while the line packs, a regulator that saturates (opens fully) and returns to its
// setpoint, a flow-set regulator that then holds its maximum outlet pressure, and a trip.
// Ideal gas, horizontal pipes, fixed Darcy factor, no inertia: the discrete steady state of a
// pipe is then exactly p1^2 - p2^2 = K q|q|, K = lambda L R_s T / (D A^2) (the cell law with the
// mean density (p_l + p_r) / (2 R_s T); Menon 2005 eq. 2.4), so the settled end states are
// checked against that law by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "linepack/transient/simulator.hpp"
#include "support/control_networks.hpp"
#include "support/make_elements.hpp"

namespace {

using namespace linepack;
namespace tr = linepack::transient;
constexpr double bar = 1e5;
using test::add_control_node, test::add_control_pipe, test::control_base_network,
    test::control_pipe_k;

tr::TransientOptions options(double duration_s, bool hold_limits = true) {
  tr::TransientOptions o;
  o.scheme = tr::Scheme::backward_euler;
  o.dt_s = 300.0;
  o.dx_m = 5000.0;
  o.duration_s = duration_s;
  o.inertia = false;
  o.hold_limits = hold_limits;
  return o;
}
tr::NodeSeries step_series(const std::string& node, model::NodeBoundary::Kind kind,
                           std::vector<double> t, std::vector<double> v,
                           tr::Interpolation how = tr::Interpolation::linear) {
  return {node, kind, {std::move(t), std::move(v), how}};
}

struct Trace {
  std::vector<double> t;
  std::vector<std::vector<double>> p, q;
  std::vector<std::vector<std::string>> mode, binding;
  std::size_t switches = 0;
};
Trace run(const model::Network& net, const model::Scenario& sc, const tr::Schedule& s,
          const tr::TransientOptions& o) {
  tr::Simulator sim(net, sc, s, o);
  const auto st = sim.start_from_steady();
  EXPECT_TRUE(st.converged) << sim.message();
  Trace t;
  if (!st.converged) return t;
  EXPECT_TRUE(sim.run([&](const tr::Simulator& x) {
    t.t.push_back(x.time());
    t.p.push_back(x.snapshot().node_pressure_pa);
    t.q.push_back(x.snapshot().element_flow_kg_per_s);
    t.mode.push_back(x.snapshot().control_mode);
    t.binding.push_back(x.snapshot().binding_limit);
  })) << sim.message();
  EXPECT_LT(std::abs(sim.mass_balance_error_kg()), 1e-8 * sim.initial_linepack_kg());
  t.switches = sim.control_switches();
  return t;
}

// ---- station --------------------------------------------------------------------------------
// S (fixed 30 bar) --C--> A --P1 (50 km)--> D (withdrawal w(t)) --P2 (50 km)--> E (fixed 40 bar)
// C: throughput 40 kg/s, maximum discharge 50 bar. w = 30 kg/s at the start (p_A = 47.5 bar),
// then 0 from 1 h on: the line packs until p_A reaches 50 bar, where C holds it.
struct StationCase {
  model::Network net;
  model::Scenario sc;
  tr::Schedule schedule;
};
StationCase station_case() {
  StationCase c{control_base_network(), {}, {}};
  for (const char* n : {"S", "A", "D", "E"}) add_control_node(c.net, n);
  auto cs = test::make_active_compressor("C", "S", "A", model::CompressorMode::throughput, 40.0);
  cs.pressure_out_max_pa = 50 * bar;
  c.net.compressors.push_back(cs);
  add_control_pipe(c.net, "P1", "A", "D", 50e3);
  add_control_pipe(c.net, "P2", "D", "E", 50e3);
  c.sc.boundaries = {{"S", model::NodeBoundary::Kind::pressure, 30 * bar},
                     {"E", model::NodeBoundary::Kind::pressure, 40 * bar},
                     {"D", model::NodeBoundary::Kind::flow, 30.0}};
  c.schedule.nodes.push_back(step_series("D", model::NodeBoundary::Kind::flow, {0.0, 3600.0},
                                         {30.0, 0.0}, tr::Interpolation::step));
  return c;
}

TEST(TransientControl, StationDischargeLimitHoldsWhileTheLinePacks) {
  const auto c = station_case();
  const auto t = run(c.net, c.sc, c.schedule, options(3 * 86400.0));
  ASSERT_FALSE(t.t.empty());
  const std::size_t a = 1, cs = 2;  // node A; element C after P1, P2
  // Start: throughput held (hand: p_A^2 = 40^2 + K 10^2 + K 40^2 bar^2 = 47.5 bar < 50).
  EXPECT_EQ(t.mode.front()[0], "flow");
  EXPECT_EQ(t.binding.front()[0], "none");
  EXPECT_NEAR(t.q.front()[cs], 40.0, 1e-6);
  double p_max = 0.0;
  for (const auto& p : t.p) p_max = std::max(p_max, p[a]);
  EXPECT_LE(p_max, 50 * bar * (1.0 + 1e-6));  // never above the limit at a step end
  EXPECT_EQ(t.mode.back()[0], "outlet_pressure");
  EXPECT_EQ(t.binding.back()[0], "pressure_out_max");
  EXPECT_NEAR(t.p.back()[a], 50 * bar, 1e-3);
  // Settled: 50^2 - 40^2 = (K1 + K2) q^2.
  const double k = control_pipe_k(c.net, 50e3);
  const double q = std::sqrt((2500.0 - 1600.0) * bar * bar / (2.0 * k));
  EXPECT_NEAR(t.q.back()[cs], q, 1e-3 * q);
  EXPECT_LT(t.switches, 4u);  // one switch, no chattering
  // Without limits the same day drives A above the limit (the test can fail).
  const auto free = run(c.net, c.sc, c.schedule, options(3 * 86400.0, false));
  double p_free = 0.0;
  for (const auto& p : free.p) p_free = std::max(p_free, p[a]);
  EXPECT_GT(p_free, 52 * bar);
}

TEST(TransientControl, TrippedStationReportsTripAndItsEndsEqualise) {
  auto c = station_case();
  c.schedule.nodes.clear();
  tr::Event trip;
  trip.time_s = 7200.0;
  trip.kind = tr::EventKind::compressor_trip;
  trip.target = "C";
  c.schedule.events.push_back(trip);
  const auto t = run(c.net, c.sc, c.schedule, options(2 * 86400.0));
  ASSERT_FALSE(t.t.empty());
  EXPECT_EQ(t.binding.front()[0], "none");
  EXPECT_EQ(t.binding.back()[0], "trip");
  // The non-return valve closes (A above the 30 bar suction): A and D settle at E's 40 bar,
  // D's 30 kg/s come from E.
  EXPECT_EQ(t.mode.back()[0], "closed");
  EXPECT_NEAR(t.q.back()[2], 0.0, 1e-9);
  const double k = control_pipe_k(c.net, 50e3);
  const double p_d = std::sqrt(1600.0 * bar * bar - k * 30.0 * 30.0);
  EXPECT_NEAR(t.p.back()[2], p_d, 1e-4 * p_d);
  EXPECT_NEAR(t.p.back()[1], p_d, 1e-4 * p_d);  // dead end behind D
}

// ---- regulators -----------------------------------------------------------------------------
// S (fixed p_S(t)) --P0 (10 km)--> U --R--> M --P1 (20 km)--> D (withdrawal w(t))
//                                            M --P2 (30 km)--> E (fixed 30 bar)
struct RegulatorCase {
  model::Network net;
  model::Scenario sc;
};
RegulatorCase regulator_case(const model::ControlValve& r, double w_kg_per_s) {
  RegulatorCase c{control_base_network(), {}};
  for (const char* n : {"S", "U", "M", "D", "E"}) add_control_node(c.net, n);
  add_control_pipe(c.net, "P0", "S", "U", 10e3);
  add_control_pipe(c.net, "P1", "M", "D", 20e3);
  add_control_pipe(c.net, "P2", "M", "E", 30e3);
  c.net.control_valves.push_back(r);
  c.sc.boundaries = {{"S", model::NodeBoundary::Kind::pressure, 60 * bar},
                     {"E", model::NodeBoundary::Kind::pressure, 30 * bar},
                     {"D", model::NodeBoundary::Kind::flow, w_kg_per_s}};
  return c;
}
model::ControlValve regulator() {
  model::ControlValve r;
  r.id = "R";
  r.from = "U";
  r.to = "M";
  r.state = model::ControlState::active;
  return r;
}

TEST(TransientControl, RegulatorSaturatesWhenItsInletFallsAndReturnsToItsSetpoint) {
  auto r = regulator();
  r.outlet_pressure_pa = 50 * bar;
  const auto c = regulator_case(r, 20.0);
  tr::Schedule s;
  // Supply 60 bar, down to 40 bar between 2 h and 4 h, back to 60 bar between 10 h and 12 h.
  s.nodes.push_back(step_series("S", model::NodeBoundary::Kind::pressure,
                                {0.0, 7200.0, 14400.0, 36000.0, 43200.0},
                                {60 * bar, 60 * bar, 40 * bar, 40 * bar, 60 * bar}));
  const auto t = run(c.net, c.sc, s, options(86400.0));
  ASSERT_FALSE(t.t.empty());
  const std::size_t u = 1, m = 2;
  EXPECT_EQ(t.mode.front()[0], "outlet_pressure");
  EXPECT_NEAR(t.p.front()[m], 50 * bar, 1e-3);
  // At 9 h the supply is 40 bar: the regulator is fully open (p_U = p_M) below its setpoint.
  const auto k9 = static_cast<std::size_t>(std::find(t.t.begin(), t.t.end(), 32400.0) - t.t.begin());
  ASSERT_LT(k9, t.t.size());
  EXPECT_EQ(t.mode[k9][0], "open");
  EXPECT_EQ(t.binding[k9][0], "setpoint_unreachable");
  EXPECT_NEAR(t.p[k9][u], t.p[k9][m], 1e-6 * t.p[k9][m]);
  EXPECT_LT(t.p[k9][m], 40 * bar);
  // Back at 60 bar: the setpoint again, M held at 50 bar exactly.
  EXPECT_EQ(t.mode.back()[0], "outlet_pressure");
  EXPECT_EQ(t.binding.back()[0], "none");
  EXPECT_NEAR(t.p.back()[m], 50 * bar, 1e-3);
  for (std::size_t i = 0; i < t.t.size(); ++i) EXPECT_LE(t.p[i][m], 50 * bar * (1.0 + 1e-6)) << t.t[i];
  EXPECT_LT(t.switches, 6u);
}

TEST(TransientControl, FlowSetRegulatorThenHoldsItsMaximumOutletPressure) {
  auto r = regulator();
  r.mode = model::ControlValveMode::flow;
  r.flow_setpoint_kg_per_s = 40.0;
  r.pressure_out_max_pa = 35 * bar;
  r.outlet_pressure_pa = 35 * bar;  // validation wants one; the flow setpoint is held
  const auto c = regulator_case(r, 30.0);
  tr::Schedule s;
  // Demand at D 30 kg/s (p_M = 30.4 bar), then 0 from 1 h on: 40 kg/s into E would need
  // p_M = 35.9 bar, above the 35 bar limit.
  s.nodes.push_back(step_series("D", model::NodeBoundary::Kind::flow, {0.0, 3600.0}, {30.0, 0.0},
                                tr::Interpolation::step));
  const auto t = run(c.net, c.sc, s, options(2 * 86400.0));
  ASSERT_FALSE(t.t.empty());
  const std::size_t m = 2, rv = 3;
  EXPECT_EQ(t.mode.front()[0], "flow");
  EXPECT_NEAR(t.q.front()[rv], 40.0, 1e-6);
  EXPECT_EQ(t.mode.back()[0], "outlet_pressure");
  EXPECT_EQ(t.binding.back()[0], "pressure_out_max");
  EXPECT_NEAR(t.p.back()[m], 35 * bar, 1e-3);
  // Settled: 35^2 - 30^2 = K2 q^2 (everything goes to E).
  const double q = std::sqrt((35.0 * 35.0 - 900.0) * bar * bar / control_pipe_k(c.net, 30e3));
  EXPECT_NEAR(t.q.back()[rv], q, 1e-3 * q);
  for (std::size_t i = 0; i < t.t.size(); ++i) EXPECT_LE(t.p[i][m], 35 * bar * (1.0 + 1e-6)) << t.t[i];
}

}  // namespace
