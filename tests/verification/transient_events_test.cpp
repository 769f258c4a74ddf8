// Schedules and events: each event kind does what docs/transient.md says, step and linear series,
// events at the start time, the schedule readers (JSON round trip, CSV), and the equations'
// Jacobian against finite differences.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <vector>

#include "linepack/io/schedule_reader.hpp"
#include "linepack/transient/simulator.hpp"
#include "verification/transient_support.hpp"

namespace {

namespace tr = linepack::transient;
namespace fs = std::filesystem;
using linepack::model::ControlState;
using linepack::model::NodeBoundary;

tr::TransientOptions options(double duration, tr::Scheme scheme = tr::Scheme::backward_euler) {
  tr::TransientOptions o;
  o.scheme = scheme;
  o.dt_s = 60.0;
  o.dx_m = 2000.0;
  o.duration_s = duration;
  return o;
}

tr::Event event(double t, tr::EventKind kind, const std::string& target) {
  tr::Event e;
  e.time_s = t;
  e.kind = kind;
  e.target = target;
  return e;
}

/// Element index in topology order of the small network: p1..p5, sp1, r1, v1, c1.
constexpr std::size_t p1 = 0, sp1 = 5, r1 = 6, v1 = 7, c1 = 8;

struct Trace {
  std::vector<double> t;
  std::vector<std::vector<double>> p, q;  // node pressures, element flows per step end
};

Trace run(const linepack::test::SmallModel& m, const tr::Schedule& s, const tr::TransientOptions& o) {
  tr::Simulator sim(m.network, m.scenario, s, o);
  EXPECT_TRUE(sim.start_from_steady().converged) << sim.message();
  Trace tr;
  EXPECT_TRUE(sim.run([&](const tr::Simulator& x) {
    tr.t.push_back(x.time());
    tr.p.push_back(x.snapshot().node_pressure_pa);
    tr.q.push_back(x.snapshot().element_flow_kg_per_s);
  })) << sim.message();
  EXPECT_LT(std::abs(sim.mass_balance_error_kg()), 1e-6 * sim.initial_linepack_kg());
  return tr;
}

std::size_t at(const Trace& t, double time) {
  for (std::size_t i = 0; i < t.t.size(); ++i)
    if (std::abs(t.t[i] - time) < 1e-6) return i;
  ADD_FAILURE() << "no step end at " << time;
  return 0;
}

}  // namespace

TEST(TransientEvents, ValveCloseStopsItsFlowAndValveOpenRestoresIt) {
  const auto m = linepack::test::small_network();
  tr::Schedule s;
  s.events.push_back(event(1800, tr::EventKind::valve_close, "v1"));
  s.events.push_back(event(5400, tr::EventKind::valve_open, "v1"));
  const Trace t = run(m, s, options(7200));
  EXPECT_GT(std::abs(t.q[at(t, 1740)][v1]), 1.0);
  EXPECT_EQ(t.q[at(t, 1860)][v1], 0.0);
  EXPECT_EQ(t.q[at(t, 5400)][v1], 0.0);
  EXPECT_GT(std::abs(t.q[at(t, 5460)][v1]), 1.0);
  // With the valve shut, the short pipe behind it carries nothing either (n5 is a dead end).
  EXPECT_LT(std::abs(t.q[at(t, 3600)][sp1]), 1e-6);
}

TEST(TransientEvents, CompressorTripWithNonReturnValveAndRestart) {
  const auto m = linepack::test::small_network();
  tr::Schedule s;
  s.events.push_back(event(1800, tr::EventKind::compressor_trip, "c1"));
  auto start = event(12600, tr::EventKind::compressor_start, "c1");
  start.mode = linepack::model::CompressorMode::pressure_ratio;
  start.value = 1.2;
  s.events.push_back(start);
  const Trace t = run(m, s, options(14400));
  // Before: ratio 1.3 on 50 bar. After the trip the discharge (n1) is above the suction
  // (50 bar): the non-return valve holds, no flow, n1 falls; once n1 is below 50 bar the valve
  // opens and gas flows in bypass (p_n1 = p_s).
  EXPECT_NEAR(t.p[at(t, 1800)][1], 65e5, 1.0);
  EXPECT_EQ(t.q[at(t, 1860)][c1], 0.0);
  bool opened = false;
  for (std::size_t i = at(t, 1860); i < at(t, 12600); ++i) {
    EXPECT_GE(t.q[i][c1], -1e-9) << t.t[i];
    if (t.q[i][c1] > 1.0) {
      opened = true;
      EXPECT_NEAR(t.p[i][1], t.p[i][0], 1.0);
    }
  }
  EXPECT_TRUE(opened);
  EXPECT_NEAR(t.p[at(t, 12660)][1], 1.2 * 50e5, 1.0);  // restarted at ratio 1.2
}

TEST(TransientEvents, SupplyLossTurnsThePressureNodeIntoAFlowNode) {
  // Two supplies: s (pressure) behind the compressor, and n4 injects 20 kg/s; s is lost at 1 h
  // and the line runs down on n4's supply and line pack alone.
  auto m = linepack::test::small_network();
  m.scenario.boundaries.push_back({"n4", NodeBoundary::Kind::flow, -20.0});
  tr::Schedule s;
  auto loss = event(3600, tr::EventKind::supply_loss, "s");
  loss.value = 10.0;  // 10 kg/s remain
  s.events.push_back(loss);
  tr::TransientOptions o = options(3 * 3600);
  tr::Simulator sim(m.network, m.scenario, s, o);
  ASSERT_TRUE(sim.start_from_steady().converged);
  double lp_at_loss = 0.0;
  ASSERT_TRUE(sim.run([&](const tr::Simulator& x) {
    if (std::abs(x.time() - 3600) < 1e-6) lp_at_loss = x.snapshot().linepack_kg;
    if (x.time() > 3600 + 1e-6) {
      EXPECT_FALSE(x.equations().pressure_fixed(0));
      EXPECT_NEAR(x.snapshot().element_flow_kg_per_s[c1], 10.0, 1e-6);  // s: no storage
      EXPECT_NEAR(x.snapshot().supply_kg_per_s, 30.0, 1e-6);
    }
  }));
  // 75 kg/s out, 30 in: the line pack falls by 45 kg/s for 2 h.
  EXPECT_NEAR(sim.snapshot().linepack_kg - lp_at_loss, -45.0 * 7200, 1e-6 * lp_at_loss);
}

TEST(TransientEvents, OfftakeStepAndRampAndStepSeries) {
  const auto m = linepack::test::single_pipe();
  tr::Schedule s;
  auto step = event(1800, tr::EventKind::offtake_step, "b");
  step.value = 50.0;
  s.events.push_back(step);
  auto ramp = event(3600, tr::EventKind::offtake_step, "b");
  ramp.value = 30.0;
  ramp.duration_s = 1200;  // linear from 50 to 30 over 20 min
  s.events.push_back(ramp);
  const Trace t = run(m, s, options(7200));
  // Mass balance of the outlet node is exact, so the withdrawal shows in the line pack; here
  // check the series the equations saw through the supply at the steady end: 30 kg/s.
  EXPECT_NEAR(t.q.back()[0], 30.0, 0.05);
  // A step series (CSV, interpolation step) and the same as events give the same run.
  const fs::path csv = fs::temp_directory_path() / "linepack_events_step.csv";
  std::ofstream(csv) << "# interpolation: step\ntime_s,flow:b\n0,40\n1800,50\n";
  const auto from_csv = linepack::io::read_schedule(csv, m.network);
  ASSERT_EQ(from_csv.nodes.size(), 1u);
  EXPECT_EQ(from_csv.nodes[0].series.interpolation, tr::Interpolation::step);
  tr::Schedule only_step;
  only_step.events.push_back(step);
  const Trace a = run(m, from_csv, options(3600));
  const Trace b = run(m, only_step, options(3600));
  ASSERT_EQ(a.p.size(), b.p.size());
  for (std::size_t i = 0; i < a.p.size(); ++i) EXPECT_NEAR(a.p[i][1], b.p[i][1], 1e-6) << a.t[i];
}

TEST(TransientEvents, EventsAtTheStartTimeActAfterTheInitialState) {
  const auto m = linepack::test::single_pipe();
  tr::Schedule s;
  auto step = event(0, tr::EventKind::offtake_step, "b");
  step.value = 60.0;
  s.events.push_back(step);
  tr::Simulator sim(m.network, m.scenario, s, options(600));
  ASSERT_TRUE(sim.start_from_steady().converged);
  EXPECT_NEAR(sim.snapshot().element_flow_kg_per_s[0], 40.0, 1e-9);  // the steady 40 kg/s
  ASSERT_TRUE(sim.step());
  EXPECT_NEAR(sim.equations().withdrawal_mean(1), 60.0, 1e-12);
}

TEST(TransientEvents, ScheduleJsonRoundTrip) {
  const auto m = linepack::test::small_network();
  tr::Schedule s;
  tr::NodeSeries ns;
  ns.node = "n3";
  ns.series = {{0, 3600, 7200}, {60, 70, 65}, tr::Interpolation::linear};
  s.nodes.push_back(ns);
  tr::ElementSeries es;
  es.element = "c1";
  es.mode = linepack::model::CompressorMode::outlet_pressure;
  es.setpoint = {{0, 3600}, {65e5, 66e5}, tr::Interpolation::step};
  s.elements.push_back(es);
  auto trip = event(1000, tr::EventKind::compressor_trip, "c1");
  trip.state = ControlState::closed;
  s.events.push_back(trip);
  auto loss = event(2000, tr::EventKind::supply_loss, "s");
  loss.value = 5.0;
  loss.duration_s = 300.0;
  s.events.push_back(loss);
  const fs::path file = fs::temp_directory_path() / "linepack_schedule_roundtrip.json";
  linepack::io::write_schedule_json(s, file);
  const auto back = linepack::io::read_schedule(file, m.network);
  EXPECT_EQ(back, s);
}

TEST(TransientEquations, JacobianMatchesFiniteDifferences) {
  // At a transient state of the small network (every element kind, inertia on), each stage
  // type's Jacobian column equals the central difference of the residual.
  const auto m = linepack::test::small_network();
  tr::Schedule s;
  auto step = event(600, tr::EventKind::offtake_step, "n3");
  step.value = 80.0;
  s.events.push_back(step);
  tr::Simulator sim(m.network, m.scenario, s, options(1200, tr::Scheme::crank_nicolson));
  ASSERT_TRUE(sim.start_from_steady().converged);
  ASSERT_TRUE(sim.run());
  // Rebuild an equations object of the same network and evaluate at the final state.
  const auto topology = linepack::model::validate(m.network, m.scenario);
  tr::TransientEquations eq(m.network, topology, 2000.0, true);
  std::vector<double> x(sim.state().begin(), sim.state().end());
  std::vector<double> x_old = x;
  for (std::size_t i = 0; i < eq.pressure_count(); ++i) x_old[i] *= 1.001;
  eq.set_pressure(0, x[0]);
  for (std::size_t i = 1; i < eq.node_count(); ++i) eq.set_withdrawal(i, 10.0, 3.0);
  eq.refresh_controls(x);
  eq.begin_stage(x_old, x_old, 60.0, 0.4, 0.3, 0.3);
  const auto& pattern = eq.pattern();
  std::vector<double> r(x.size()), rp(x.size()), rm(x.size()), jac(pattern.nonzeros());
  eq.evaluate(x, r, jac.data());
  double worst = 0.0;
  const auto& cs = pattern.column_start();
  const auto& ri = pattern.row_index();
  for (std::size_t c = 0; c < x.size(); ++c) {
    const double h = 1e-6 * std::max(std::abs(x[c]), c < eq.pressure_count() ? 1e5 : 1.0);
    auto xp = x, xm = x;
    xp[c] += h;
    xm[c] -= h;
    eq.evaluate(xp, rp, nullptr);
    eq.evaluate(xm, rm, nullptr);
    for (int k = cs[c]; k < cs[c + 1]; ++k) {
      const std::size_t row = static_cast<std::size_t>(ri[k]);
      const double fd = (rp[row] - rm[row]) / (2 * h);
      const double scale = std::max(std::abs(fd), std::abs(jac[k])) + 1e-6;
      worst = std::max(worst, std::abs(fd - jac[k]) / scale);
    }
  }
  std::printf("  largest relative Jacobian error (central differences): %.2e\n", worst);
  EXPECT_LT(worst, 1e-5);
}
