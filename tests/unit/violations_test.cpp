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

// GasLib's element model (SCIP's GasLib reader, ZIB): a regulator or station without an
// internal bypass (internalBypassRequired="0") has no bypass mode; its "bypass" is the element
// itself fully open, so gas passes it forward only, and a regulator needs its minimum drop
// (pressureDifferentialMin) whenever gas flows through it.
TEST(Violations, AnElementWithoutABypassPassesGasForwardOnly) {
  auto c = regulator(model::ControlState::bypass, "bypass", 55 * bar, 55 * bar, -5.0);
  c.net.control_valves[0].has_bypass = false;
  EXPECT_EQ(whats(c), "R:control_valve_reverse_flow ");
  c = regulator(model::ControlState::bypass, "bypass", 55 * bar, 55 * bar, 5.0);
  c.net.control_valves[0].has_bypass = false;
  EXPECT_EQ(whats(c), "");  // forward, no minimum drop: the regulator fully open
}

TEST(Violations, AParallelOpenValveCarriesTheFlowOfAnElementWithoutABypass) {
  // GasLib models such bypasses as explicit valves; the split of the flow between two lossless
  // parallel paths proves nothing about its direction in the element.
  auto c = regulator(model::ControlState::bypass, "bypass", 55 * bar, 55 * bar, -5.0);
  c.net.control_valves[0].has_bypass = false;
  model::Valve bypass;
  bypass.id = "V";
  bypass.from = "A";
  bypass.to = "B";
  c.net.valves.push_back(bypass);
  EXPECT_EQ(whats(c), "");
  c.net.valves[0].open = false;
  EXPECT_EQ(whats(c), "R:control_valve_reverse_flow ");
}

TEST(Violations, AFlowingRegulatorDropsAtLeastItsMinimum) {
  // Active, 0.5 bar drop, minimum 1 bar.
  auto c = regulator(model::ControlState::active, "outlet_pressure", 55.5 * bar, 55 * bar, 5.0);
  c.net.control_valves[0].pressure_drop_min_pa = 1 * bar;
  EXPECT_EQ(whats(c), "R:control_valve_drop_below_min ");
  // Without flow it is as good as closed.
  c.result.elements[0].mass_flow_kg_per_s = 0.0;
  EXPECT_EQ(whats(c), "");
  // Fully open through its own bypass: no drop needed; without a bypass it is the regulator.
  c = regulator(model::ControlState::bypass, "open", 55 * bar, 55 * bar, 5.0);
  c.net.control_valves[0].pressure_drop_min_pa = 1 * bar;
  EXPECT_EQ(whats(c), "");
  c.net.control_valves[0].has_bypass = false;
  EXPECT_EQ(whats(c), "R:control_valve_drop_below_min ");
  // The maximum drop of an active one.
  c = regulator(model::ControlState::active, "outlet_pressure", 80 * bar, 55 * bar, 5.0);
  c.net.control_valves[0].pressure_drop_max_pa = 20 * bar;
  EXPECT_EQ(whats(c), "R:control_valve_drop_above_max ");
}
