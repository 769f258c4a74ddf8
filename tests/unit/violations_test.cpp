// steady::find_violations on hand-built results: the cases a solve cannot produce (flow through
// a closed element: its equation is q = 0) and the given state when a result has no modes.
#include <gtest/gtest.h>

#include <string>

#include "linepack/steady/violations.hpp"

using namespace linepack;

namespace {

constexpr double bar = 1e5;

/// One regulator R from A to B, with pressures p_a, p_b and flow q in the result.
struct Case {
  model::Network net;
  steady::SteadyResult result;
};

Case regulator(model::ControlState given, const std::string& settled_mode, double p_a, double p_b,
               double q) {
  Case c;
  c.net.nodes = {{.id = "A"}, {.id = "B"}};
  model::ControlValve v;
  v.id = "R";
  v.from = "A";
  v.to = "B";
  v.state = given;
  c.net.control_valves.push_back(v);
  for (auto [id, p] : {std::pair{"A", p_a}, std::pair{"B", p_b}}) {
    steady::NodeResult n;
    n.id = id;
    n.pressure_pa = p;
    n.pressure_max_pa = 100 * bar;
    c.result.nodes.push_back(n);
  }
  steady::ElementResult e;
  e.id = "R";
  e.kind = "control_valve";
  e.from = "A";
  e.to = "B";
  e.mass_flow_kg_per_s = q;
  e.control_mode = settled_mode;
  c.result.elements.push_back(e);
  return c;
}

std::string whats(const Case& c) {
  std::string s;
  for (const auto& v : steady::find_violations(c.net, c.result)) s += v.id + ":" + v.what + " ";
  return s;
}

}  // namespace

TEST(Violations, FlowThroughAClosedRegulatorIsReported) {
  const auto c = regulator(model::ControlState::active, "closed", 60 * bar, 50 * bar, 3.0);
  EXPECT_EQ(whats(c), "R:control_valve_closed_with_flow ");
}

TEST(Violations, AClosedRegulatorWithItsOutletAboveItsInletIsNot) {
  const auto c = regulator(model::ControlState::active, "closed", 50 * bar, 60 * bar, 0.0);
  EXPECT_EQ(whats(c), "");
}

TEST(Violations, AnOpenRegulatorWithReverseFlowIsJudgedAsABypass) {
  const auto c = regulator(model::ControlState::active, "open", 55 * bar, 55 * bar, -20.0);
  EXPECT_EQ(whats(c), "");
}

TEST(Violations, ARegulatorHoldingALimitKeepsTheRulesOfAnActiveOne) {
  const auto c = regulator(model::ControlState::active, "flow", 50 * bar, 60 * bar, -20.0);
  EXPECT_EQ(whats(c), "R:control_valve_reverse_flow R:control_valve_outlet_above_inlet ");
}

TEST(Violations, WithoutAModeTheGivenStateIsJudged) {
  auto c = regulator(model::ControlState::active, "", 50 * bar, 60 * bar, 0.0);
  EXPECT_EQ(whats(c), "R:control_valve_outlet_above_inlet ");
  c = regulator(model::ControlState::bypass, "", 50 * bar, 60 * bar, -5.0);
  EXPECT_EQ(whats(c), "");
  c = regulator(model::ControlState::closed, "", 50 * bar, 60 * bar, 5.0);
  EXPECT_EQ(whats(c), "R:control_valve_closed_with_flow ");
}

TEST(Violations, NodeBoundsAreCheckedWhateverTheMode) {
  const auto c = regulator(model::ControlState::active, "closed", 50 * bar, 101 * bar, 0.0);
  EXPECT_EQ(whats(c), "B:pressure_above_max ");
}
