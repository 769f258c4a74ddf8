// The fixed-loss resistor (LANL loss resistor, GasLib `pressureLoss`): p_from - p_to = L sign(q),
// set-valued at q = 0 (docs/physics.md section 6). Its row is piecewise linear: the Jacobian
// matches central differences on each piece, a flowing resistor loses exactly L, and one whose
// parallel path loses less than L carries (almost) nothing, solved in a few Newton iterations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/resistor_equation.hpp"
#include "linepack/steady/solver.hpp"
#include "support/make_elements.hpp"

namespace {

using namespace linepack;

constexpr double loss_pa = 0.5e5;
constexpr double r_open = physics::lossless_resistance_pa_per_kg_per_s;
/// The flow a resistor passes below its loss at p_from - p_to = dp: 1e-3 kg/s at dp = L / (1 - d).
double leak_kg_per_s(double dp) { return 1e-3 * dp / loss_pa / (1.0 - 1e-3); }

physics::BranchEval eval(const physics::ResistorEquations& eq, double pf, double pt, double q) {
  const std::vector<double> p{pf, pt}, flow{q};
  std::vector<physics::BranchEval> out(1);
  eq.evaluate(p, flow, out);
  return out[0];
}

model::Resistor loss_resistor(const std::string& id, const std::string& from, const std::string& to) {
  auto r = test::make_branch<model::Resistor>(id, from, to);
  r.pressure_loss_pa = loss_pa;
  return r;
}

TEST(FixedLossResistor, RowVanishesOnTheLawAndItsJacobianMatchesCentralDifferences) {
  model::Network net;
  net.nodes = {{"a"}, {"b"}};
  net.resistors.push_back(loss_resistor("r", "a", "b"));
  const gas::EquationOfState eos(net.physics.eos, net.physics.gas, net.physics.temperature_k);
  const physics::ResistorEquations eq(net, {0}, {1}, eos);
  const double pt = 60e5;
  // On the law: flowing either way (dp = +-L + r q), and without flow below the loss (a leak of
  // q = 1e-3 kg/s * dp / L, up to 1e-3 relative).
  for (const double q : {40.0, -40.0, 0.3})
    EXPECT_NEAR(eval(eq, pt + std::copysign(loss_pa, q) + r_open * q, pt, q).residual, 0.0, 1e-9) << q;
  EXPECT_NEAR(eval(eq, pt + 0.4 * loss_pa, pt, leak_kg_per_s(0.4 * loss_pa)).residual, 0.0, 1e-6);
  // Off the law: the residual says by how much.
  EXPECT_NEAR(eval(eq, pt + loss_pa + 100.0, pt, 40.0).residual, 100.0 - r_open * 40.0, 1e-6);
  EXPECT_GT(std::abs(eval(eq, pt + 0.4 * loss_pa, pt, 20.0).residual), 1e3);  // q = 20 needs dp = L
  // Derivatives on each piece, away from its kinks.
  for (const auto& [dp, q] : std::vector<std::pair<double, double>>{
           {loss_pa + 500.0, 30.0}, {-loss_pa - 500.0, -30.0}, {0.3 * loss_pa, 0.01}, {-0.2 * loss_pa, -0.05}}) {
    const double pf = pt + dp;
    const auto e = eval(eq, pf, pt, q);
    const double hp = 1.0, hq = 1e-4;
    const double d_pf = (eval(eq, pf + hp, pt, q).residual - eval(eq, pf - hp, pt, q).residual) / (2 * hp);
    const double d_pt = (eval(eq, pf, pt + hp, q).residual - eval(eq, pf, pt - hp, q).residual) / (2 * hp);
    const double d_q = (eval(eq, pf, pt, q + hq).residual - eval(eq, pf, pt, q - hq).residual) / (2 * hq);
    EXPECT_NEAR(e.d_p_from, d_pf, 1e-6 * std::max(1.0, std::abs(d_pf))) << dp << " " << q;
    EXPECT_NEAR(e.d_p_to, d_pt, 1e-6 * std::max(1.0, std::abs(d_pt))) << dp << " " << q;
    EXPECT_NEAR(e.d_q, d_q, 1e-6 * std::max(1.0, std::abs(d_q))) << dp << " " << q;
  }
}

/// source (60 bar) -> pipe -> a; a -> [loss resistor | pipe `parallel`] -> b; b -> pipe -> sink.
model::Network parallel_paths(double parallel_length_m) {
  model::Network net;
  net.nodes = {{"source"}, {"a"}, {"b"}, {"sink"}};
  auto pipe = [&](const std::string& id, const std::string& from, const std::string& to, double length_m) {
    auto p = test::make_pipe(id, from, to, length_m, 0.5);
    p.roughness_m = 1e-5;
    net.pipes.push_back(p);
  };
  pipe("in", "source", "a", 10e3);
  pipe("parallel", "a", "b", parallel_length_m);
  pipe("out", "b", "sink", 10e3);
  net.resistors.push_back(loss_resistor("r", "a", "b"));
  return net;
}

model::Scenario demand(double kg_per_s) {
  model::Scenario s;
  s.boundaries = {{"source", model::NodeBoundary::Kind::pressure, 60e5},
                  {"sink", model::NodeBoundary::Kind::flow, kg_per_s}};
  return s;
}

double flow(const steady::SteadyResult& r, const std::string& id) {
  return std::find_if(r.elements.begin(), r.elements.end(), [&](const auto& e) { return e.id == id; })
      ->mass_flow_kg_per_s;
}

double pressure(const steady::SteadyResult& r, const std::string& id) {
  return std::find_if(r.nodes.begin(), r.nodes.end(), [&](const auto& n) { return n.id == id; })->pressure_pa;
}

TEST(FixedLossResistor, CarriesFlowOnlyWhereItsParallelPathLosesMoreThanItsLoss) {
  // A short parallel pipe (1 km, about 0.2 bar at 60 kg/s): the resistor's loss is not reached,
  // it carries at most its leak and the pipe everything.
  const auto idle = steady::solve(parallel_paths(1e3), demand(60.0));
  ASSERT_EQ(idle.status, steady::Status::converged) << idle.message;
  const double dp_idle = pressure(idle, "a") - pressure(idle, "b");
  EXPECT_GT(dp_idle, 0.0);
  EXPECT_LT(dp_idle, loss_pa);
  EXPECT_NEAR(flow(idle, "r"), leak_kg_per_s(dp_idle), 1e-9);
  EXPECT_NEAR(flow(idle, "parallel"), 60.0, 1e-3);
  EXPECT_LE(idle.iterations, 8);
  // A long one (200 km): the resistor carries the rest of the flow and loses exactly L.
  const auto flowing = steady::solve(parallel_paths(200e3), demand(60.0));
  ASSERT_EQ(flowing.status, steady::Status::converged) << flowing.message;
  const double q = flow(flowing, "r");
  EXPECT_GT(q, 1.0);
  EXPECT_NEAR(pressure(flowing, "a") - pressure(flowing, "b"), loss_pa + r_open * q, 0.01);
  EXPECT_NEAR(q + flow(flowing, "parallel"), 60.0, 1e-6);
  EXPECT_LE(flowing.iterations, 8);
}

}  // namespace
