// Parts of a network that a control cuts off without any flow (validation/idle_parts.hpp): a
// stub behind a closed valve has no pressure reference, which the steady solver rejects; where
// it does, the validation's solves hold such a part at the top of its window and solve again.
// A part with a withdrawal but no way in is left for the solve to reject. Hand-made ring:
//   S (60 bar) --p1 (50 km)--> X --p2 (50 km)--> Y (exit),  S --p3 (120 km)--> Y,
//   X --valve v--> T --p4 (10 km)--> U, the stub T-U with maxima of 40 and 45 bar.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "linepack/model/validation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/combined_decisions.hpp"
#include "linepack/validation/idle_parts.hpp"
#include "linepack/validation/nomination.hpp"
#include "support/make_elements.hpp"

using namespace linepack;
using model::ControlState;
using model::NodeBoundary;

namespace {

constexpr double margin_pa = 10.0;

model::Network ring_with_stub() {
  model::Network net;
  net.name = "ring-with-stub";
  net.physics.eos.kind = gas::EosKind::ideal;
  net.physics.temperature_k = 288.15;
  net.nodes = {{.id = "S", .pressure_min_pa = 1e5, .pressure_max_pa = 60e5},
               {.id = "X", .pressure_min_pa = 1e5, .pressure_max_pa = 70e5},
               {.id = "Y", .pressure_min_pa = 30e5, .pressure_max_pa = 70e5},
               {.id = "T", .pressure_min_pa = 5e5, .pressure_max_pa = 40e5},
               {.id = "U", .pressure_min_pa = 5e5, .pressure_max_pa = 45e5}};
  for (auto [id, from, to, length_m] : {std::tuple{"p1", "S", "X", 50e3}, {"p2", "X", "Y", 50e3},
                                        {"p3", "S", "Y", 120e3}, {"p4", "T", "U", 10e3}}) {
    auto p = test::make_pipe(id, from, to, length_m, 0.5);
    p.friction_factor = 0.01;
    net.pipes.push_back(p);
  }
  net.valves.push_back(test::make_branch<model::Valve>("v", "X", "T"));
  return net;
}

model::Scenario nomination(double stub_withdrawal_kg_per_s) {
  model::Scenario s;
  s.boundaries = {{"S", NodeBoundary::Kind::pressure, 60e5},
                  {"Y", NodeBoundary::Kind::flow, 20.0},
                  {"U", NodeBoundary::Kind::flow, stub_withdrawal_kg_per_s}};
  return s;
}

model::Scenario valve_closed(model::Scenario s) {
  s.controls = {{"v", ControlState::closed, std::nullopt, std::nullopt}};
  return s;
}

}  // namespace

TEST(IdleParts, AStubBehindAClosedValveIsHeldAtTheTopOfItsWindow) {
  const auto net = ring_with_stub();
  model::Scenario control = valve_closed(nomination(0.0));
  // As it is, the stub has no pressure reference.
  EXPECT_THROW(steady::solve(net, control), model::ValidationError);

  const auto r = validation::solve_within_decisions(net, control, nullptr, margin_pa);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_TRUE(r.violations.empty());
  // U's zero-flow boundary became the stub's reference, at the least maximum (T's) less the
  // margin; the stub carries nothing, so T and U share it.
  ASSERT_EQ(control.boundaries.size(), 3u);
  EXPECT_EQ(control.boundaries[2].node, "U");
  EXPECT_EQ(control.boundaries[2].kind, NodeBoundary::Kind::pressure);
  EXPECT_DOUBLE_EQ(control.boundaries[2].value, 40e5 - margin_pa);
  for (const auto& n : r.nodes)
    if (n.id == "T" || n.id == "U") EXPECT_NEAR(n.pressure_pa, 40e5 - margin_pa, 1e-3);
  for (const auto& e : r.elements)
    if (e.id == "p4" || e.id == "v") EXPECT_NEAR(e.mass_flow_kg_per_s, 0.0, 1e-9);
  // The control as returned solves as it is (the re-check of a feasible answer).
  const auto again = steady::solve(net, control);
  EXPECT_EQ(again.status, steady::Status::converged);

  // A stub without any boundary gets one at its first node.
  model::Scenario bare = control;
  bare.boundaries = {{"S", NodeBoundary::Kind::pressure, 60e5}, {"Y", NodeBoundary::Kind::flow, 20.0}};
  EXPECT_EQ(validation::hold_idle_parts(net, bare, margin_pa), 1u);
  ASSERT_EQ(bare.boundaries.size(), 3u);
  EXPECT_EQ(bare.boundaries[2].node, "T");
  EXPECT_EQ(validation::hold_idle_parts(net, bare, margin_pa), 0u);  // nothing left to hold
}

TEST(IdleParts, AStubThatWithdrawsIsNotHeld) {
  // Gas withdrawn behind the closed valve has no way in: no pressure is invented for it.
  const auto net = ring_with_stub();
  model::Scenario control = valve_closed(nomination(1.0));
  EXPECT_EQ(validation::hold_idle_parts(net, control, margin_pa), 0u);
  EXPECT_THROW(validation::solve_within_decisions(net, control, nullptr, margin_pa),
               model::ValidationError);
}

TEST(IdleParts, ANominationWithinACdfThatClosesTheStubIsFeasible) {
  // A .cdf that keeps v closed: the candidate controls cut the stub off, and the validation
  // finds its control with the stub held (before, every candidate was rejected unsolved).
  const auto net = ring_with_stub();
  auto cdf = std::make_shared<validation::CombinedDecisions>();
  cdf->groups.push_back(
      {"stub_shut", {{"d", {{"v", validation::DecisionElementKind::valve, false, std::nullopt, std::nullopt}}}}});
  validation::ValidationOptions options;
  options.combined_decisions = cdf;
  const auto r = validation::validate_nomination(net, nomination(0.0), options);
  ASSERT_EQ(r.verdict, validation::Verdict::feasible) << r.message;
  ASSERT_TRUE(r.control && r.check);
  const auto check = steady::solve(net, *r.control);
  ASSERT_EQ(check.status, steady::Status::converged) << check.message;
  EXPECT_TRUE(check.violations.empty());
  for (const auto& c : r.control->controls)
    if (c.element == "v") EXPECT_EQ(c.state, ControlState::closed);
}
