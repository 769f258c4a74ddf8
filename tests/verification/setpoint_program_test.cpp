// The setpoint program (validation/setpoint_program.hpp) and the validation step built on it
// (validation/program_validation.hpp), on a hand-made ring that needs both a station and a
// regulator:
//   S (free supply, at most 60 bar) --p1 (40 km)--> A --station cs--> B --p2 (60 km)--> Y,
//   S --p3 (30 km)--> C --regulator r--> D --p4 (10 km)--> Z,   A --p5 (30 km)--> C.
// Y takes 25 kg/s at 62 bar or more (above S's maximum: the station must compress); Z takes
// 10 kg/s at 20-30 bar (below what reaches C: the regulator must drop).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

#include "linepack/steady/solver.hpp"
#include "linepack/validation/map_limit_setpoints.hpp"
#include "linepack/validation/program_validation.hpp"
#include "linepack/validation/setpoint_program.hpp"
#include "support/make_elements.hpp"

using namespace linepack;
using model::ControlState;
using model::NodeBoundary;

namespace {

model::Network ring(double y_min_bar) {
  model::Network net;
  net.name = "station-and-regulator-ring";
  net.physics.eos.kind = gas::EosKind::ideal;
  net.physics.temperature_k = 288.15;
  net.nodes = {{.id = "S", .pressure_min_pa = 1e5, .pressure_max_pa = 60e5},
               {.id = "A", .pressure_min_pa = 1e5, .pressure_max_pa = 100e5},
               {.id = "B", .pressure_min_pa = 1e5, .pressure_max_pa = 100e5},
               {.id = "Y", .pressure_min_pa = y_min_bar * 1e5, .pressure_max_pa = 100e5},
               {.id = "C", .pressure_min_pa = 1e5, .pressure_max_pa = 100e5},
               {.id = "D", .pressure_min_pa = 1e5, .pressure_max_pa = 30e5},
               {.id = "Z", .pressure_min_pa = 20e5, .pressure_max_pa = 30e5}};
  for (auto [id, from, to, length_m] :
       {std::tuple{"p1", "S", "A", 40e3}, {"p2", "B", "Y", 60e3}, {"p3", "S", "C", 30e3},
        {"p4", "D", "Z", 10e3}, {"p5", "A", "C", 30e3}}) {
    auto p = test::make_pipe(id, from, to, length_m, 0.5);
    p.friction_factor = 0.01;
    net.pipes.push_back(p);
  }
  auto cs = test::make_branch<model::Compressor>("cs", "A", "B");
  cs.ratio_max = 1.5;
  cs.power_max_w = 20e6;
  net.compressors.push_back(cs);
  net.control_valves.push_back(test::make_branch<model::ControlValve>("r", "C", "D"));
  return net;
}

model::Scenario nomination() {
  model::Scenario s;
  s.boundaries = {{"S", NodeBoundary::Kind::pressure, 50e5},
                  {"Y", NodeBoundary::Kind::flow, 25.0},
                  {"Z", NodeBoundary::Kind::flow, 10.0}};
  return s;
}

validation::DiscreteControl both_active() {
  return {{}, {ControlState::active}, {ControlState::active}};
}

double pressure_at(const steady::SteadyResult& r, const std::string& id) {
  for (const auto& n : r.nodes)
    if (n.id == id) return n.pressure_pa;
  return std::nan("");
}

}  // namespace

TEST(SetpointProgram, FindsAPointInsideEveryBoundThatTheSteadySolverConfirms) {
  const auto net = ring(62.0);
  const auto point = validation::solve_setpoint_program(net, nomination(), both_active());
  ASSERT_TRUE(point.within_bounds()) << point.status << ", excess " << point.bound_excess_pa << " Pa";
  ASSERT_EQ(point.pressure_pa.size(), net.nodes.size());
  ASSERT_EQ(point.mass_flow_kg_per_s.size(), net.element_count());
  // Elements in steady-result order: p1..p5, then r, then cs.
  const double q_r = point.mass_flow_kg_per_s[5], q_cs = point.mass_flow_kg_per_s[6];
  EXPECT_NEAR(q_r, 10.0, 1e-6);   // Z's only way in
  EXPECT_NEAR(q_cs, 25.0, 1e-6);  // Y's only way in
  EXPECT_GE(point.pressure_pa[3], 62e5);               // Y at its minimum or above
  EXPECT_GT(point.pressure_pa[2], point.pressure_pa[1]);  // the station compresses
  EXPECT_LE(point.pressure_pa[2], 1.5 * point.pressure_pa[1] * (1 + 1e-9));

  std::vector<std::string> referenced;
  const auto control =
      validation::control_from_program(net, nomination(), both_active(), point, referenced);
  EXPECT_TRUE(referenced.empty());  // S references everything upstream of the machines
  steady::SteadyOptions options;
  options.start = steady::SteadyStart{point.pressure_pa, point.mass_flow_kg_per_s};
  const auto check = steady::solve(net, control, options);
  ASSERT_EQ(check.status, steady::Status::converged) << check.message;
  EXPECT_TRUE(check.violations.empty()) << validation::why_not_passed(check);
  // The state is the program's (its equations are the steady solver's own).
  for (std::size_t v = 0; v < net.nodes.size(); ++v)
    EXPECT_NEAR(check.nodes[v].pressure_pa, point.pressure_pa[v], 1.0) << net.nodes[v].id;
}

TEST(SetpointProgram, AnOutOfReachMinimumLeavesExcessAndNoVerdict) {
  // Y at 95 bar or more: S gives at most 60 bar and the station at most 1.5 times its suction.
  const auto net = ring(95.0);
  const auto point = validation::solve_setpoint_program(net, nomination(), both_active());
  EXPECT_FALSE(point.within_bounds());
  EXPECT_GT(point.bound_excess_pa, 1e5);  // Y alone is more than 5 bar short
  ASSERT_FALSE(point.nodes_outside.empty());
  validation::ValidationOptions options;
  const auto outcome =
      validation::program_validation(net, nomination(), options, 30.0, {both_active()});
  EXPECT_FALSE(outcome.decided);  // a local program proves nothing: no verdict
  EXPECT_NE(outcome.status.find("outside the bounds"), std::string::npos) << outcome.status;
}

TEST(SetpointProgram, ValidationStepGivesAControlThatLinepackSolveReproducesFromItsState) {
  const auto net = ring(62.0);
  validation::ValidationOptions options;
  const auto outcome =
      validation::program_validation(net, nomination(), options, 30.0, {both_active()});
  ASSERT_TRUE(outcome.decided) << outcome.status;
  const auto& r = *outcome.decided;
  EXPECT_EQ(r.verdict, validation::Verdict::feasible);
  EXPECT_EQ(r.method, "setpoint_program");
  ASSERT_TRUE(r.control && r.check);
  // linepack solve --controls ... --start RESULT.json: the same state.
  steady::SteadyOptions start;
  std::vector<double> p, q;
  for (const auto& n : r.check->nodes) p.push_back(n.pressure_pa);
  for (const auto& e : r.check->elements) q.push_back(e.mass_flow_kg_per_s);
  start.start = steady::SteadyStart{p, q};
  const auto again = steady::solve(net, *r.control, start);
  ASSERT_EQ(again.status, steady::Status::converged) << again.message;
  EXPECT_TRUE(again.violations.empty());
  EXPECT_NEAR(pressure_at(again, "Y"), pressure_at(*r.check, "Y"), 1.0);
  EXPECT_GE(pressure_at(again, "Y"), 62e5);
  EXPECT_LE(pressure_at(again, "Z"), 30e5);
}

TEST(SteadyStart, AConvergedStateIsKeptAndAWrongSizeIsRejected) {
  auto net = ring(40.0);
  model::Scenario s = nomination();
  s.controls = {{"cs", ControlState::active, model::CompressorMode::outlet_pressure, 70e5},
                {"r", ControlState::active, std::nullopt, 25e5}};
  const auto cold = steady::solve(net, s);
  ASSERT_EQ(cold.status, steady::Status::converged) << cold.message;
  steady::SteadyOptions options;
  std::vector<double> p, q;
  for (const auto& n : cold.nodes) p.push_back(n.pressure_pa);
  for (const auto& e : cold.elements) q.push_back(e.mass_flow_kg_per_s);
  options.start = steady::SteadyStart{p, q};
  const auto warm = steady::solve(net, s, options);
  ASSERT_EQ(warm.status, steady::Status::converged) << warm.message;
  EXPECT_LE(warm.newton_iterations_total, 2);  // already a solution
  for (std::size_t v = 0; v < p.size(); ++v) EXPECT_NEAR(warm.nodes[v].pressure_pa, p[v], 1e-2);
  options.start->pressure_pa.pop_back();
  EXPECT_THROW(steady::solve(net, s, options), std::invalid_argument);
}
