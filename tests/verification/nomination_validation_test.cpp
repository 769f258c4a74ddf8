// Nomination validation on a hand-made tree whose pressures follow in closed form
// (tests/support/validation_line.hpp): the least pressure that exit X's minimum needs at the
// entry, through the regulator, p2, the station at its largest ratio and p1, is
//   p_S = sqrt((sqrt(p_min^2 + K2 q_X^2) / r_max)^2 + K1 (q_X + q_Y)^2).
// Above 60 bar (the entry's maximum) the nomination is infeasible and the certificate must name
// X, the chain and that bound; below it the control found must compress just enough.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "linepack/io/native_json.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/nomination.hpp"
#include "support/data_dir.hpp"
#include "support/validation_line.hpp"

namespace {

using namespace linepack;
using validation::Verdict;

double entry_needs(const test::ValidationLine& v, double p_min, double qx, double qy) {
  const double b = std::sqrt(p_min * p_min + v.k2 * qx * qx);
  const double a = b / 1.2;
  return std::sqrt(a * a + v.k1 * (qx + qy) * (qx + qy));
}

TEST(NominationValidation, ExitBelowItsMinimumIsProvenInfeasibleAndNamed) {
  const double qx = 60.0, qy = 5.0;
  const auto v = test::validation_line(qx, qy);
  const auto r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::infeasible) << r.message;
  ASSERT_TRUE(r.certificate);
  const auto& c = *r.certificate;
  EXPECT_EQ(c.node, "X");
  EXPECT_EQ(c.conflict_node, "S");
  // The proof relaxes every node bound by 1 Pa (ValidationOptions::proof_slack_pa).
  const double need = entry_needs(v, 50e5 - 1.0, qx, qy);
  EXPECT_GT(need, 60e5);
  EXPECT_NEAR(c.required_pa / need, 1.0, 1e-8);
  EXPECT_NEAR(c.allowed_pa, 60e5 + 1.0, 1e-6);
  const std::vector<std::string> chain = {"X", "cv", "C", "p2", "B", "cs", "A", "p1", "S"};
  EXPECT_EQ(c.lower_chain, chain);
  EXPECT_NE(c.explanation.find("exit 'X' cannot be supplied"), std::string::npos) << c.explanation;
  EXPECT_NE(c.explanation.find("'S'"), std::string::npos) << c.explanation;
  EXPECT_FALSE(r.control);
  std::printf("certificate: %s\n", c.explanation.c_str());
}

TEST(NominationValidation, FeasibleControlCompressesJustEnough) {
  const double qx = 30.0, qy = 5.0;
  const auto v = test::validation_line(qx, qy);
  ASSERT_LT(entry_needs(v, 50e5, qx, qy), 60e5);
  validation::ValidationOptions options;
  options.objective = validation::Objective::fuel;
  const auto r = validation::validate_nomination(v.network, v.scenario, options);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  ASSERT_TRUE(r.control && r.check);
  // Entry at its maximum less the margin; the station lifts B to what X's minimum (plus the
  // margin) needs through p2; the regulator stays open.
  const double m = options.margin_pa;
  const double p_s = 60e5 - m;
  const double p_a = std::sqrt(p_s * p_s - v.k1 * (qx + qy) * (qx + qy));
  const double p_b = std::sqrt((50e5 + m) * (50e5 + m) + v.k2 * qx * qx);
  ASSERT_GT(p_b, p_a);
  for (const auto& d : r.decisions) {
    if (d.id == "cs") {
      EXPECT_EQ(d.state, model::ControlState::active);
      ASSERT_TRUE(d.outlet_pressure_pa);
      EXPECT_NEAR(*d.outlet_pressure_pa / p_b, 1.0, 1e-9);
      EXPECT_NEAR(d.pressure_in_pa / p_a, 1.0, 1e-9);
    }
    if (d.id == "cv") EXPECT_EQ(d.state, model::ControlState::bypass);
  }
  // Re-solved independently: converged, no violation.
  const auto check = steady::solve(v.network, *r.control);
  EXPECT_EQ(check.status, steady::Status::converged);
  EXPECT_TRUE(check.violations.empty());
  EXPECT_GT(r.fuel_kg_per_s, 0.0);
  EXPECT_NEAR(r.fuel_kg_per_s, check.total_fuel_kg_per_s, 1e-12);
  // The bound: the station's power at the highest inlet the entry allows (60 bar, relaxed by
  // the proof's 1 Pa) and the lowest outlet X's minimum needs (50 bar less 1 Pa), as fuel.
  const double a_hi = std::sqrt((60e5 + 1.0) * (60e5 + 1.0) - v.k1 * (qx + qy) * (qx + qy));
  const double b_lo = std::sqrt((50e5 - 1.0) * (50e5 - 1.0) + v.k2 * qx * qx);
  const auto& gas = v.network.physics.gas;
  const auto& cs = v.network.compressors[0];
  const double power = physics::compressor_shaft_power_w(
      qx, a_hi, b_lo, 1.0, gas.specific_gas_constant(), v.network.physics.temperature_k,
      gas.isentropic_exponent, cs.efficiency, cs.polytropic);
  const double fuel = power / (cs.driver_efficiency * gas.higher_heating_value_j_per_m3 /
                               gas.normal_density());
  ASSERT_TRUE(r.objective_bound && r.gap);
  EXPECT_EQ(r.objective_bound_source, "tree_station_corners");
  EXPECT_NEAR(*r.objective_bound / fuel, 1.0, 1e-9);
  EXPECT_LE(*r.objective_bound, r.fuel_kg_per_s);
  // The construction sits 10 Pa inside the bounds; near ratio 1 the power (r^x - 1) is ~25 times
  // as sensitive to the ratio as the ratio is to those 10 Pa.
  EXPECT_LT(*r.gap, 1e-3);
}

TEST(NominationValidation, RegulatorReducesWhenTheExitMayNotTakeTheLinePressure) {
  // X may hold at most 52 bar while C must keep 55 bar: only the regulator can bridge them.
  auto v = test::validation_line(10.0, 5.0);
  v.network.nodes[4].pressure_max_pa = 52e5;
  v.network.nodes[3].pressure_min_pa = 55e5;  // C must stay at 55 bar or more
  const auto r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  for (const auto& d : r.decisions)
    if (d.id == "cv") {
      EXPECT_EQ(d.state, model::ControlState::active);
      EXPECT_LE(d.pressure_out_pa, 52e5);
      EXPECT_GE(d.pressure_in_pa, 55e5 - 1.0);
    }
}

TEST(NominationValidation, MeshedNetworkWithoutAControlIsUndecidedNeverInfeasible) {
  auto v = test::validation_line(60.0, 5.0);
  model::Pipe loop = v.network.pipes[0];
  loop.id = "p1b";  // a second line S -> A makes a cycle
  v.network.pipes.push_back(loop);
  const auto r = validation::validate_nomination(v.network, v.scenario);
  EXPECT_NE(r.verdict, Verdict::infeasible);
  EXPECT_EQ(r.method, "heuristic_controls");
  EXPECT_FALSE(r.certificate);
}

TEST(NominationValidation, MeshedNetworkThatNeedsItsStationReportsTheZeroBound) {
  // p2 doubled (B -> C twice): a cycle, so the candidate search decides. With X taking 40 kg/s
  // the entry's 60 bar leave A at p_a, below what X's 50 bar need at B through the two lines,
  // p_b: every feasible control compresses. The only bound known on a meshed network is 0
  // (fuel is never negative), so the gap is 100 %, and it is said which bound it is.
  const double qx = 40.0, qy = 5.0;
  auto v = test::validation_line(qx, qy);
  model::Pipe twin = v.network.pipes[1];
  twin.id = "p2b";
  v.network.pipes.push_back(twin);
  const double p_a = std::sqrt(60e5 * 60e5 - v.k1 * (qx + qy) * (qx + qy));
  const double p_b = std::sqrt(50e5 * 50e5 + 0.25 * v.k2 * qx * qx);  // two equal lines: K/4
  ASSERT_GT(p_b, p_a);
  ASSERT_LT(p_b, 1.2 * p_a);  // within the station's ratio
  validation::ValidationOptions options;
  options.objective = validation::Objective::fuel;
  const auto r = validation::validate_nomination(v.network, v.scenario, options);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  EXPECT_EQ(r.method, "heuristic_controls");
  ASSERT_TRUE(r.check && r.objective_bound && r.gap);
  EXPECT_GT(r.fuel_kg_per_s, 0.0);
  EXPECT_EQ(*r.objective_bound, 0.0);
  EXPECT_EQ(r.objective_bound_source, "zero");
  EXPECT_EQ(*r.gap, 1.0);
  const auto check = steady::solve(v.network, *r.control);
  EXPECT_EQ(check.status, steady::Status::converged);
  EXPECT_TRUE(check.violations.empty());
  EXPECT_NEAR(check.total_fuel_kg_per_s, r.fuel_kg_per_s, 1e-12);
}

TEST(NominationValidation, StationOnItsMaximumSpeedGetsTheOutletItReachesAsItsSetpoint) {
  // Pakistan Stream with station maps (case C's offtakes), P2 doubled so that the candidate
  // search decides, and the LNG terminal's send-out held at most 56 bar: CS-1 must compress.
  // The candidates set it at the top of its outlet's window, a head beyond its units' map at
  // maximum speed; the candidates' solves hold the map limits, and the control returned states
  // the outlet CS-1 reaches at maximum speed, so that a plain steady solve of it (no map
  // limits held) gives the same state within every bound and limit.
  auto m = io::read_native_model(test::source_dir() / "examples/pakistan-stream/model-maps.json");
  m.scenario = io::read_controls_file(test::source_dir() / "examples/pakistan-stream/case-C.json",
                                      m.scenario);
  model::Pipe twin = m.network.pipes[1];
  twin.id = "P2b";
  m.network.pipes.push_back(twin);
  for (auto& n : m.network.nodes)
    if (n.id == "N0s") n.pressure_max_pa = 56e5;
  const auto r = validation::validate_nomination(m.network, m.scenario);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  EXPECT_EQ(r.method, "heuristic_controls");
  ASSERT_TRUE(r.control && r.check);
  const auto cs1 = std::find_if(r.check->elements.begin(), r.check->elements.end(),
                                [](const auto& e) { return e.id == "CS-1"; });
  ASSERT_NE(cs1, r.check->elements.end());
  ASSERT_TRUE(cs1->station);
  EXPECT_TRUE(cs1->station->inside_map);
  const double n_max = m.network.compressors[0].station->turbo_compressors.at(0).speed_max_per_s;
  for (const auto& u : cs1->station->units) EXPECT_NEAR(u.speed_per_s, n_max, 1e-6 * n_max) << u.id;
  const auto control = std::find_if(r.control->controls.begin(), r.control->controls.end(),
                                    [](const auto& c) { return c.element == "CS-1"; });
  ASSERT_NE(control, r.control->controls.end());
  ASSERT_TRUE(control->setpoint);
  const auto outlet = std::find_if(r.check->nodes.begin(), r.check->nodes.end(),
                                   [&](const auto& n) { return n.id == cs1->to; });
  EXPECT_NEAR(*control->setpoint, outlet->pressure_pa, 1.0);
  const auto check = steady::solve(m.network, *r.control);
  EXPECT_EQ(check.status, steady::Status::converged);
  EXPECT_TRUE(check.violations.empty());
}

}  // namespace

// GasLib's element model: a regulator without a bypass of its own (internalBypassRequired="0")
// that needs a minimum drop (pressureDifferentialMin) must drop it whenever gas flows. With
// 5 bar, X's minimum of 50 bar needs 55 bar at C, which the station provides; with 30 bar, C
// would need 80 bar, above what the station (70 bar outlet, ratio 1.2 on at most 60 bar) can
// reach, so the nomination is infeasible, and the certificate names the regulator's drop. With
// a bypass of its own the regulator may pass the gas without a drop, and the same nomination
// is feasible.
TEST(NominationValidation, ARegulatorWithoutABypassDropsAtLeastItsMinimum) {
  auto v = test::validation_line(10.0, 5.0);
  auto& cv = v.network.control_valves[0];
  cv.has_bypass = false;
  cv.pressure_drop_min_pa = 5e5;
  auto r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  for (const auto& d : r.decisions)
    if (d.id == "cv") {
      EXPECT_EQ(d.state, model::ControlState::active);
      EXPECT_GE(d.pressure_in_pa - d.pressure_out_pa, 5e5 - 1.0);
    }
  const auto check = steady::solve(v.network, *r.control);
  EXPECT_EQ(check.status, steady::Status::converged);
  EXPECT_TRUE(check.violations.empty());

  cv.pressure_drop_min_pa = 30e5;
  r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::infeasible) << r.message;
  ASSERT_TRUE(r.certificate);
  EXPECT_EQ(r.certificate->node, "X");
  EXPECT_NE(r.message.find("control_valve 'cv' (10.000 kg/s, drop at least 30.000 bar when "
                           "active, no bypass)"),
            std::string::npos)
      << r.message;
  std::printf("certificate: %s\n", r.message.c_str());

  cv.has_bypass = true;
  r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  for (const auto& d : r.decisions)
    if (d.id == "cv") EXPECT_EQ(d.state, model::ControlState::bypass);
}

// The nomination sends X's gas through the regulator from its outlet to its inlet (the element
// is drawn from X to C). Through its own bypass that is a state; without one it is none.
TEST(NominationValidation, ReverseFlowThroughAnElementWithoutABypassIsProvenInfeasible) {
  auto v = test::validation_line(10.0, 5.0);
  auto& cv = v.network.control_valves[0];
  std::swap(cv.from, cv.to);
  auto r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  cv.has_bypass = false;
  r = validation::validate_nomination(v.network, v.scenario);
  ASSERT_EQ(r.verdict, Verdict::infeasible) << r.message;
  ASSERT_TRUE(r.certificate);
  EXPECT_NE(r.message.find("through control_valve 'cv' from its outlet 'C' to its inlet 'X'"),
            std::string::npos)
      << r.message;
  EXPECT_NE(r.message.find("no bypass of its own"), std::string::npos) << r.message;
}
