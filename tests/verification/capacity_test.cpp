// Capacity against independent calculations: a single pipe against the closed-form isothermal
// flow equation, and the Pakistan Stream line against a dense sweep of steady solves.
#include <gtest/gtest.h>

#include <cmath>

#include "linepack/design/capacity.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/units/constants.hpp"
#include "support/data_dir.hpp"
#include "support/make_elements.hpp"

namespace {

using namespace linepack;

TEST(Capacity, SinglePipeMatchesTheClosedFormFlowEquation) {
  // Ideal gas, fixed Darcy factor, no elevation: p1^2 - p2^2 = lambda L R_s T q^2 / (D A^2), so
  // the largest flow with p2 >= p_min is q = A sqrt(D (p1^2 - p_min^2) / (lambda L R_s T)).
  model::Network net;
  net.physics.eos.kind = gas::EosKind::ideal;
  net.physics.temperature_k = 288.15;
  net.nodes.push_back({.id = "in"});
  net.nodes.push_back({.id = "out", .pressure_min_pa = 40e5});
  auto p = test::make_pipe("p", "in", "out", 200e3, 0.9);
  p.friction_factor = 0.009;
  net.pipes.push_back(p);
  model::Scenario sc;
  sc.boundaries.push_back({"in", model::NodeBoundary::Kind::pressure, 70e5});

  design::CapacityOptions options;
  options.deliveries = {{"out", 1.0}};
  options.relative_tolerance = 1e-8;
  const auto r = design::capacity(net, sc, options);
  ASSERT_TRUE(r.found);

  const double area = 0.25 * units::pi * 0.81;
  const double rs_t = net.physics.gas.specific_gas_constant() * 288.15;
  // Bounds are checked with a 1 Pa tolerance (steady/violations.cpp), so the limit is 40e5 - 1 Pa.
  const double p_min = 40e5 - 1.0;
  const double q = area * std::sqrt(0.9 * (70e5 * 70e5 - p_min * p_min) / (0.009 * 200e3 * rs_t));
  EXPECT_NEAR(r.total_kg_per_s / q, 1.0, 1e-8);
  ASSERT_EQ(r.binding.size(), 1u);
  EXPECT_EQ(r.binding[0].id, "out");
  EXPECT_EQ(r.binding[0].what, "pressure_below_min");
}

TEST(Capacity, PakistanStreamLineAgreesWithADenseSweep) {
  const auto m = io::read_native_model(test::source_dir() / "examples/pakistan-stream/model.json");
  design::CapacityOptions options;
  options.deliveries = {{"N1", 100}, {"N2", 150}, {"N5", 250}, {"N7", 700}};
  options.stations = design::StationPolicy::off;
  const auto r = design::capacity(m.network, m.scenario, options);
  ASSERT_TRUE(r.found);
  // Sweep 0 .. 2x capacity in 400 steps: the last feasible point must lie within one step below
  // the bisection's answer, and every point above it must be infeasible.
  const double step = 2.0 * r.total_kg_per_s / 400.0;
  double last_feasible = 0.0;
  bool infeasible_seen = false;
  for (int i = 0; i <= 400; ++i) {
    const double total = i * step;
    const auto s = steady::solve(m.network, design::scenario_at(m.network, m.scenario, options, total));
    if (design::feasible(s)) {
      EXPECT_FALSE(infeasible_seen) << "feasible again at " << total << " kg/s";
      last_feasible = total;
    } else {
      infeasible_seen = true;
    }
  }
  EXPECT_LE(last_feasible, r.total_kg_per_s);
  EXPECT_GT(last_feasible, r.total_kg_per_s - step);
}

}  // namespace

namespace {

TEST(Capacity, StationsAtMaximumDischargeRespectTheirPowerLimit) {
  using namespace linepack;
  auto m = io::read_native_model(test::source_dir() / "examples/pakistan-stream/model.json");
  for (auto& c : m.network.compressors) c.power_max_w = 20e6;
  design::CapacityOptions options;
  options.deliveries = {{"N1", 100}, {"N2", 150}, {"N5", 250}, {"N7", 700}};
  options.stations = design::StationPolicy::max_discharge;
  const auto r = design::capacity(m.network, m.scenario, options);
  ASSERT_TRUE(r.found);
  bool at_limit = false;
  for (const auto& e : r.at_capacity.elements)
    if (e.kind == "compressor") {
      EXPECT_LE(e.shaft_power_w, 20e6 * (1.0 + 1e-6)) << e.id;
      at_limit = at_limit || e.shaft_power_w > 20e6 * (1.0 - 1e-3);
    }
  EXPECT_TRUE(at_limit) << "no station works at its power limit at capacity";
  EXPECT_TRUE(r.at_capacity.violations.empty());
}

}  // namespace
