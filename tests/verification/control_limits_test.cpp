// Control with limits (steady/control_loop.hpp): one test per limit and mode switch, each with
// a hand-derived expectation. Ideal gas, horizontal pipes with a fixed Darcy factor, so each
// pipe obeys p1^2 - p2^2 = K q|q| with K = lambda L R_s T / (D A^2) (isothermal flow equation,
// Menon 2005 eq. 2.4 without the kinetic term), and the station head of an ideal gas is
// h = R_s T k/(k-1) (r^((k-1)/k) - 1) (Menon 2005 ch. 8).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <string>

#include "linepack/model/validation.hpp"
#include "linepack/steady/control_loop.hpp"
#include "linepack/steady/solver.hpp"
#include "support/control_networks.hpp"
#include "support/make_elements.hpp"

using namespace linepack;

namespace {

constexpr double bar = 1e5;
using test::add_control_node, test::add_control_pipe, test::control_base_network,
    test::control_pipe_k;
model::NodeBoundary pressure(const std::string& node, double pa) {
  return {node, model::NodeBoundary::Kind::pressure, pa};
}
model::NodeBoundary withdrawal(const std::string& node, double kg_per_s) {
  return {node, model::NodeBoundary::Kind::flow, kg_per_s};
}

const steady::ElementResult& element(const steady::SteadyResult& r, const std::string& id) {
  for (const auto& e : r.elements)
    if (e.id == id) return e;
  throw std::runtime_error("no element " + id);
}
double node_pressure(const steady::SteadyResult& r, const std::string& id) {
  for (const auto& n : r.nodes)
    if (n.id == id) return n.pressure_pa;
  throw std::runtime_error("no node " + id);
}

// ---- regulators ---------------------------------------------------------------------------
// S1 (fixed 60 bar) --P0 (10 km)--> U --R--> M --P1 (20 km)--> D (withdrawal w)
//                                     S2 (fixed p2) --P2 (30 km)--> M
struct RegulatorCase {
  model::Network net;
  model::Scenario scenario;
  double k0, k1, k2;
};

RegulatorCase regulator_case(double p2_pa, double w_kg_per_s) {
  RegulatorCase c{control_base_network(), {}, 0, 0, 0};
  for (const char* n : {"S1", "U", "M", "D", "S2"}) add_control_node(c.net, n);
  add_control_pipe(c.net, "P0", "S1", "U", 10e3);
  add_control_pipe(c.net, "P1", "M", "D", 20e3);
  add_control_pipe(c.net, "P2", "S2", "M", 30e3);
  model::ControlValve r;
  r.id = "R";
  r.from = "U";
  r.to = "M";
  r.state = model::ControlState::active;
  r.outlet_pressure_pa = 50 * bar;
  c.net.control_valves.push_back(r);
  c.scenario.boundaries = {pressure("S1", 60 * bar), pressure("S2", p2_pa), withdrawal("D", w_kg_per_s)};
  c.k0 = control_pipe_k(c.net, 10e3);
  c.k1 = control_pipe_k(c.net, 20e3);
  c.k2 = control_pipe_k(c.net, 30e3);
  return c;
}

TEST(ControlLimits, RegulatorHoldsItsSetpoint) {
  auto c = regulator_case(45 * bar, 60.0);
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_NEAR(node_pressure(r, "M"), 50 * bar, 1.0);
  // M at 50 bar pushes gas back into S2 through P2: q_R = w + sqrt((50^2 - 45^2) bar^2 / K2).
  const double back = std::sqrt((2500.0 - 2025.0) * bar * bar / c.k2);
  EXPECT_NEAR(element(r, "R").mass_flow_kg_per_s, 60.0 + back, 1e-6 * (60.0 + back));
  EXPECT_EQ(element(r, "R").control_mode, "outlet_pressure");
  EXPECT_EQ(element(r, "R").binding_limit, "none");
}

// The regulator starts fully open (round 1) and holds its setpoint from round 2 on: the result
// counts every round and all their Newton iterations, beyond the last round's `iterations`.
// Bypassed, nothing is controlled: one round, whose iterations are the result's.
TEST(ControlLimits, TheResultCountsEveryControlRoundAndItsIterations) {
  auto c = regulator_case(45 * bar, 60.0);
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_GE(r.control_rounds, 2);
  EXPECT_GT(r.newton_iterations_total, r.iterations);
  c.net.control_valves[0].state = model::ControlState::bypass;
  const auto plain = steady::solve(c.net, c.scenario);
  ASSERT_EQ(plain.status, steady::Status::converged) << plain.message;
  EXPECT_EQ(plain.control_rounds, 1);
  EXPECT_EQ(plain.newton_iterations_total, plain.iterations);
}

// The regulator starts fully open and holds its setpoint from the second control round on
// (physics.md 8.1): a deadline already passed stops the rounds after the first solve, and the
// result is not converged (the open state's modes were never checked), whatever its residual.
TEST(ControlLimits, DeadlineStopsTheControlRoundsAndIsNeverConverged) {
  auto c = regulator_case(45 * bar, 60.0);
  steady::SteadyOptions past;
  past.deadline = std::chrono::steady_clock::now();
  const auto stopped = steady::solve(c.net, c.scenario, past);
  EXPECT_EQ(stopped.status, steady::Status::not_converged);
  EXPECT_NE(stopped.message.find("deadline"), std::string::npos) << stopped.message;
  steady::SteadyOptions later;
  later.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  const auto settled = steady::solve(c.net, c.scenario, later);
  ASSERT_EQ(settled.status, steady::Status::converged) << settled.message;
  EXPECT_NEAR(node_pressure(settled, "M"), 50 * bar, 1.0);
}

TEST(ControlLimits, RegulatorMaximumFlowBinds) {
  auto c = regulator_case(45 * bar, 100.0);
  c.net.control_valves[0].flow_max_kg_per_s = 80.0;
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "R").control_mode, "flow");
  EXPECT_EQ(element(r, "R").binding_limit, "flow_max");
  EXPECT_NEAR(element(r, "R").mass_flow_kg_per_s, 80.0, 1e-7);
  // S2 supplies the other 20 kg/s through P2: p_M^2 = p2^2 - K2 20^2.
  const double pm = std::sqrt(45.0 * 45.0 * bar * bar - c.k2 * 20.0 * 20.0);
  EXPECT_NEAR(node_pressure(r, "M"), pm, 1.0);
  EXPECT_LT(node_pressure(r, "M"), 50 * bar);
}

TEST(ControlLimits, RegulatorMinimumInletPressureBinds) {
  auto c = regulator_case(45 * bar, 90.0);
  c.net.control_valves[0].pressure_in_min_pa = 58 * bar;
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "R").control_mode, "inlet_pressure");
  EXPECT_EQ(element(r, "R").binding_limit, "pressure_in_min");
  EXPECT_NEAR(node_pressure(r, "U"), 58 * bar, 1.0);
  // q_R = sqrt((60^2 - 58^2) bar^2 / K0); S2 supplies the rest of w.
  const double q = std::sqrt((3600.0 - 58.0 * 58.0) * bar * bar / c.k0);
  EXPECT_NEAR(element(r, "R").mass_flow_kg_per_s, q, 1e-6 * q);
  const double rest = 90.0 - q;
  const double pm = std::sqrt(45.0 * 45.0 * bar * bar - c.k2 * rest * std::abs(rest));
  EXPECT_NEAR(node_pressure(r, "M"), pm, 1.0);
}

TEST(ControlLimits, RegulatorOpensFullyWhenItsSetpointIsOutOfReach) {
  auto c = regulator_case(45 * bar, 60.0);
  c.net.control_valves[0].outlet_pressure_pa = 65 * bar;  // above the 60 bar supply
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "R").control_mode, "open");
  EXPECT_EQ(element(r, "R").binding_limit, "setpoint_unreachable");
  EXPECT_NEAR(node_pressure(r, "U"), node_pressure(r, "M"), 0.1);
  EXPECT_LT(node_pressure(r, "M"), 60 * bar);
}

TEST(ControlLimits, RegulatorClosesAgainstReverseFlow) {
  // S2 at 70 bar keeps M above the 50 bar setpoint: the regulator would have to flow backwards.
  auto c = regulator_case(70 * bar, 60.0);
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "R").control_mode, "closed");
  EXPECT_EQ(element(r, "R").binding_limit, "reverse_flow");
  EXPECT_NEAR(element(r, "R").mass_flow_kg_per_s, 0.0, 1e-9);
  const double pm = std::sqrt(70.0 * 70.0 * bar * bar - c.k2 * 60.0 * 60.0);
  EXPECT_NEAR(node_pressure(r, "M"), pm, 1.0);
}

TEST(ControlLimits, ParallelRegulatorsIntoOneNodeShareTheFlow) {
  auto c = regulator_case(45 * bar, 60.0);
  auto twin = c.net.control_valves[0];
  twin.id = "R2";
  c.net.control_valves.push_back(twin);
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_NEAR(node_pressure(r, "M"), 50 * bar, 1.0);
  const double total = 60.0 + std::sqrt((2500.0 - 2025.0) * bar * bar / c.k2);
  EXPECT_NEAR(element(r, "R").mass_flow_kg_per_s, total / 2, 1e-5 * total);
  EXPECT_NEAR(element(r, "R2").mass_flow_kg_per_s, total / 2, 1e-5 * total);
  EXPECT_EQ(element(r, "R2").binding_limit, "parallel_share");

  // A lower setting in parallel: the higher one holds the node, the lower one stays shut.
  c.net.control_valves[1].outlet_pressure_pa = 48 * bar;
  const auto s = steady::solve(c.net, c.scenario);
  ASSERT_EQ(s.status, steady::Status::converged) << s.message;
  EXPECT_NEAR(node_pressure(s, "M"), 50 * bar, 1.0);
  EXPECT_EQ(element(s, "R2").control_mode, "closed");
  EXPECT_EQ(element(s, "R2").binding_limit, "parallel_setpoint");
}

TEST(ControlLimits, LimitBelowItsSetpointIsAnErrorNamingTheElement) {
  auto c = regulator_case(45 * bar, 60.0);
  c.net.control_valves[0].pressure_out_max_pa = 40 * bar;
  try {
    (void)steady::solve(c.net, c.scenario);
    FAIL() << "no error";
  } catch (const model::ValidationError& e) {
    EXPECT_EQ(e.element(), "R");
    EXPECT_NE(std::string(e.what()).find("maximum outlet pressure"), std::string::npos);
  }
}

// ---- compressor stations ------------------------------------------------------------------
// S (fixed 50 bar) --Pin (20 km)--> I --C--> O --Pout (10 km)--> D (withdrawal w, or fixed)
struct StationCase {
  model::Network net;
  model::Scenario scenario;
  double k_in, k_out;
};

StationCase station_case(model::CompressorMode mode, double setpoint) {
  StationCase c{control_base_network(), {}, 0, 0};
  for (const char* n : {"S", "I", "O", "D"}) add_control_node(c.net, n);
  add_control_pipe(c.net, "Pin", "S", "I", 20e3);
  add_control_pipe(c.net, "Pout", "O", "D", 10e3);
  c.net.compressors.push_back(test::make_active_compressor("C", "I", "O", mode, setpoint));
  c.scenario.boundaries = {pressure("S", 50 * bar), withdrawal("D", 100.0)};
  c.k_in = control_pipe_k(c.net, 20e3);
  c.k_out = control_pipe_k(c.net, 10e3);
  return c;
}

/// The limit tests leave the fuel in the line, so that one flow runs through both pipes and
/// the pipe formulas stay exact; FuelIsWithdrawn... covers the fuel withdrawal.
steady::SteadyResult solve_without_fuel(const model::Network& net, const model::Scenario& sc) {
  steady::SteadyOptions o;
  o.withdraw_fuel = false;
  return steady::solve(net, sc, o);
}

/// Ideal-gas isentropic shaft power [W] at ratio r (independent of the library's function).
double ideal_power(const model::Network& net, double q, double r, double eta) {
  const double k = net.physics.gas.isentropic_exponent;
  const double rt = net.physics.gas.specific_gas_constant() * net.physics.temperature_k;
  return q * rt * k / (k - 1.0) * (std::pow(r, (k - 1.0) / k) - 1.0) / eta;
}

TEST(ControlLimits, StationPowerLimitBinds) {
  auto c = station_case(model::CompressorMode::outlet_pressure, 70 * bar);
  const double pi = std::sqrt(2500.0 * bar * bar - c.k_in * 100.0 * 100.0);
  const double eta = c.net.compressors[0].efficiency;
  const double needed = ideal_power(c.net, 100.0, 70 * bar / pi, eta);
  c.net.compressors[0].power_max_w = 0.6 * needed;
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "C").control_mode, "shaft_power");
  EXPECT_EQ(element(r, "C").binding_limit, "power_max");
  // P_max = q R_s T k/(k-1) (r^((k-1)/k) - 1) / eta, solved for r.
  const double k = c.net.physics.gas.isentropic_exponent;
  const double rt = c.net.physics.gas.specific_gas_constant() * c.net.physics.temperature_k;
  const double ratio =
      std::pow(1.0 + 0.6 * needed * eta / (100.0 * rt * k / (k - 1.0)), k / (k - 1.0));
  EXPECT_NEAR(node_pressure(r, "I"), pi, 1.0);
  EXPECT_NEAR(node_pressure(r, "O"), ratio * pi, 5.0);
  EXPECT_NEAR(element(r, "C").shaft_power_w, 0.6 * needed, 1e-6 * needed);
}

TEST(ControlLimits, StationDischargeLimitBinds) {
  auto c = station_case(model::CompressorMode::pressure_ratio, 1.6);
  c.net.compressors[0].pressure_out_max_pa = 45 * bar;
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  const double pi = std::sqrt(2500.0 * bar * bar - c.k_in * 100.0 * 100.0);
  ASSERT_GT(1.6 * pi, 45 * bar);  // the ratio alone would exceed the limit
  EXPECT_EQ(element(r, "C").control_mode, "outlet_pressure");
  EXPECT_EQ(element(r, "C").binding_limit, "pressure_out_max");
  EXPECT_NEAR(node_pressure(r, "O"), 45 * bar, 1.0);
}

TEST(ControlLimits, StationSuctionLimitBinds) {
  // Delivery at a fixed 55 bar: the flow follows the compression. At 65 bar discharge the
  // suction would fall below 40 bar; the station holds 40 bar suction instead.
  auto c = station_case(model::CompressorMode::outlet_pressure, 65 * bar);
  c.scenario.boundaries = {pressure("S", 50 * bar), pressure("D", 55 * bar)};
  c.net.compressors[0].pressure_in_min_pa = 40 * bar;
  const double q_free = std::sqrt((65.0 * 65.0 - 55.0 * 55.0) * bar * bar / c.k_out);
  ASSERT_LT(2500.0 * bar * bar - c.k_in * q_free * q_free, 1600.0 * bar * bar);
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "C").control_mode, "inlet_pressure");
  EXPECT_EQ(element(r, "C").binding_limit, "pressure_in_min");
  const double q = std::sqrt((2500.0 - 1600.0) * bar * bar / c.k_in);
  EXPECT_NEAR(element(r, "C").mass_flow_kg_per_s, q, 1e-6 * q);
  EXPECT_NEAR(node_pressure(r, "O"), std::sqrt(55.0 * 55.0 * bar * bar + c.k_out * q * q), 1.0);
}

TEST(ControlLimits, StationBypassesWhenSuctionIsAboveItsDischargeSetpoint) {
  auto c = station_case(model::CompressorMode::outlet_pressure, 30 * bar);
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "C").control_mode, "bypass");
  EXPECT_EQ(element(r, "C").binding_limit, "cannot_compress");
  EXPECT_NEAR(node_pressure(r, "I"), node_pressure(r, "O"), 0.1);
  EXPECT_EQ(element(r, "C").shaft_power_w, 0.0);
}

// Delivery end fixed at 60 bar, above both the source and the 55 bar discharge setpoint.
auto reverse_flow_station_case() {
  auto c = station_case(model::CompressorMode::outlet_pressure, 55 * bar);
  c.scenario.boundaries = {pressure("S", 50 * bar), pressure("D", 60 * bar)};
  return c;
}

TEST(ControlLimits, StationBypassesOnReverseFlow) {
  const auto c = reverse_flow_station_case();
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "C").control_mode, "bypass");
  EXPECT_EQ(element(r, "C").binding_limit, "reverse_flow");
  const double q = -std::sqrt((3600.0 - 2500.0) * bar * bar / (c.k_in + c.k_out));
  EXPECT_NEAR(element(r, "C").mass_flow_kg_per_s, q, 1e-5 * std::abs(q));
}

TEST(ControlLimits, StationBelowSurgeRecyclesAndPowerCountsTheSurgeFlow) {
  auto c = station_case(model::CompressorMode::pressure_ratio, 1.3);
  const double pi = std::sqrt(2500.0 * bar * bar - c.k_in * 100.0 * 100.0);
  const double rho_in = pi / (c.net.physics.gas.specific_gas_constant() * c.net.physics.temperature_k);
  const double surge_m3_per_s = 1.5 * 100.0 / rho_in;  // the machines need 150 kg/s here
  c.net.compressors[0].surge_volume_flow_m3_per_s = surge_m3_per_s;
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_EQ(element(r, "C").control_mode, "pressure_ratio");
  EXPECT_EQ(element(r, "C").binding_limit, "surge");
  EXPECT_NEAR(element(r, "C").mass_flow_kg_per_s, 100.0, 1e-7);  // the line carries the demand
  const double p = ideal_power(c.net, 150.0, 1.3, c.net.compressors[0].efficiency);
  EXPECT_NEAR(element(r, "C").shaft_power_w, p, 1e-6 * p);
}

TEST(ControlLimits, FuelIsWithdrawnAtTheStationInletAndTheMassBalanceCloses) {
  auto c = station_case(model::CompressorMode::outlet_pressure, 60 * bar);
  steady::SteadyOptions o;
  o.withdraw_fuel = true;
  const auto r = steady::solve(c.net, c.scenario, o);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  const auto& cs = element(r, "C");
  ASSERT_GT(cs.fuel_kg_per_s, 0.0);
  // Supply = the delivery's 100 kg/s + the fuel, to 1e-9 relative.
  EXPECT_NEAR(r.total_supply_kg_per_s, 100.0 + r.total_fuel_kg_per_s, 1e-9 * r.total_supply_kg_per_s);
  // The inlet node I withdraws the fuel; the line into I carries it, the station does not.
  double inlet_withdrawal = 0.0;
  for (const auto& n : r.nodes)
    if (n.id == "I") inlet_withdrawal = n.withdrawal_kg_per_s;
  EXPECT_NEAR(inlet_withdrawal, cs.fuel_kg_per_s, 1e-9 * 100.0);
  EXPECT_NEAR(element(r, "Pin").mass_flow_kg_per_s, 100.0 + cs.fuel_kg_per_s, 1e-9 * 100.0);
  EXPECT_NEAR(cs.mass_flow_kg_per_s, 100.0, 1e-9 * 100.0);
  // Fuel = P / (eta_driver HHV / rho_n), P from the ideal-gas head at the solved pressures.
  const double ratio = node_pressure(r, "O") / node_pressure(r, "I");
  const double p = ideal_power(c.net, 100.0, ratio, c.net.compressors[0].efficiency);
  const auto& gas = c.net.physics.gas;
  const double fuel = p / (c.net.compressors[0].driver_efficiency *
                           gas.higher_heating_value_j_per_m3 / gas.normal_density());
  EXPECT_NEAR(cs.fuel_kg_per_s, fuel, 1e-8 * fuel);
}

TEST(ControlLimits, SetpointsOnlyKeepsTheOldSemantics) {
  auto c = station_case(model::CompressorMode::pressure_ratio, 1.6);
  c.net.compressors[0].pressure_out_max_pa = 45 * bar;
  steady::SteadyOptions o;
  o.hold_limits = false;
  const auto r = steady::solve(c.net, c.scenario, o);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_NEAR(node_pressure(r, "O"), 1.6 * node_pressure(r, "I"), 1.0);
  EXPECT_FALSE(r.violations.empty());
}

// ---- the violation list judges each element by the mode the loop settled ----------------------
bool names(const steady::SteadyResult& r, const std::string& id, const std::string& what) {
  for (const auto& v : r.violations)
    if (v.id == id && v.what == what) return true;
  return false;
}

TEST(ControlLimits, ViolationsDoNotJudgeAClosedRegulatorByItsPressures) {
  // Closed against reverse flow (as RegulatorClosesAgainstReverseFlow): its outlet M is fed by
  // S2 at 70 bar and sits above its inlet U (60 bar, no flow in P0); closed, the two sides are
  // independent, so that is no violation.
  auto c = regulator_case(70 * bar, 60.0);
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  ASSERT_EQ(element(r, "R").control_mode, "closed");
  ASSERT_GT(node_pressure(r, "M"), node_pressure(r, "U") + 1e5);
  EXPECT_FALSE(names(r, "R", "control_valve_outlet_above_inlet"));
  EXPECT_TRUE(r.violations.empty());
}

TEST(ControlLimits, ViolationsJudgeABridgedRegulatorAsABypass) {
  // An open valve V in parallel with R joins U and M without loss: R is open (`bridged`). S2 at
  // 70 bar feeds S1 (60 bar) backwards through V and R; lossless in either direction, R's
  // reverse flow is no violation.
  auto c = regulator_case(70 * bar, 10.0);
  model::Valve v;
  v.id = "V";
  v.from = "U";
  v.to = "M";
  c.net.valves.push_back(v);
  const auto r = steady::solve(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  ASSERT_EQ(element(r, "R").control_mode, "open");
  EXPECT_EQ(element(r, "R").binding_limit, "bridged");
  ASSERT_LT(element(r, "R").mass_flow_kg_per_s, -1.0);
  EXPECT_FALSE(names(r, "R", "control_valve_reverse_flow"));
  EXPECT_TRUE(r.violations.empty());
}

TEST(ControlLimits, ViolationsJudgeABypassedStationAsABypass) {
  // As StationBypassesOnReverseFlow: bypassed against reverse flow, the station carries it.
  const auto c = reverse_flow_station_case();
  const auto r = solve_without_fuel(c.net, c.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  ASSERT_EQ(element(r, "C").control_mode, "bypass");
  ASSERT_LT(element(r, "C").mass_flow_kg_per_s, -1.0);
  EXPECT_FALSE(names(r, "C", "compressor_reverse_flow"));
  EXPECT_TRUE(r.violations.empty());
}

TEST(ControlLimits, ViolationsKeepTheRulesOfAnElementHoldingItsSetpoint) {
  // Setpoints only: R holds 50 bar at M although S2 at 70 bar pushes gas back through it.
  auto c = regulator_case(70 * bar, 60.0);
  steady::SteadyOptions o;
  o.hold_limits = false;
  const auto r = steady::solve(c.net, c.scenario, o);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  ASSERT_EQ(element(r, "R").control_mode, "outlet_pressure");
  EXPECT_TRUE(names(r, "R", "control_valve_reverse_flow"));
}

// A round whose holds have no state takes back the switch next to where its Newton step was
// largest (physics.md 8.1 step 4), and that element waits until nothing else switches. Three
// regulators U -> Mi (Mi -> Di by a pipe) start fully open; at a state with every outlet above its
// 50 bar setpoint all three switch in round 1. Told that the failed solve's step was largest at
// D1, retreat() takes back R1's switch only (R0 and R2 keep holding); in the next round R0 and
// R2 settled, R1 still above its setpoint, and R1 switches alone.
TEST(ControlLimits, ARoundWithoutAStateTakesBackTheSwitchNextToItsLargestStep) {
  model::Network net = control_base_network();
  model::Scenario scenario;
  for (const char* n : {"S", "U"}) add_control_node(net, n);
  add_control_pipe(net, "P", "S", "U", 10e3);
  scenario.boundaries = {pressure("S", 60 * bar)};
  for (int i = 0; i < 3; ++i) {
    const std::string m = "M" + std::to_string(i), d = "D" + std::to_string(i);
    add_control_node(net, m);
    add_control_node(net, d);
    add_control_pipe(net, "P" + m, m, d, 20e3);
    model::ControlValve r;
    r.id = "R" + std::to_string(i);
    r.from = "U";
    r.to = m;
    r.state = model::ControlState::active;
    r.outlet_pressure_pa = 50 * bar;
    net.control_valves.push_back(r);
    scenario.boundaries.push_back(withdrawal(d, 10.0));
  }
  const auto topology = model::validate(net, scenario);
  steady::ControlLoop loop(net, scenario, topology);
  auto held = [&](int i) { return loop.network().control_valves[i].hold->quantity; };
  for (int i = 0; i < 3; ++i) ASSERT_EQ(held(i), model::HeldQuantity::open);
  // Nodes S, U, M0, D0, M1, D1, M2, D2 (in the order added).
  const std::vector<double> open_state = {60 * bar, 58 * bar, 58 * bar, 55 * bar,
                                          58 * bar, 55 * bar, 58 * bar, 55 * bar};
  const std::vector<double> flows = {10.0, 10.0, 10.0};
  ASSERT_TRUE(loop.update(open_state, flows, {}));
  for (int i = 0; i < 3; ++i) ASSERT_NE(held(i), model::HeldQuantity::open) << i;
  ASSERT_TRUE(loop.retreat("no state", {5}));  // D1
  EXPECT_NE(held(0), model::HeldQuantity::open);
  EXPECT_EQ(held(1), model::HeldQuantity::open);
  EXPECT_NE(held(2), model::HeldQuantity::open);
  // R0 and R2 at their setpoints, R1 still open above it: R1 switches, alone.
  const std::vector<double> settled = {60 * bar, 58 * bar, 50 * bar, 47 * bar,
                                       58 * bar, 55 * bar, 50 * bar, 47 * bar};
  ASSERT_TRUE(loop.update(settled, flows, {}));
  EXPECT_NE(held(1), model::HeldQuantity::open);
  // That switch alone without a state (no node given): R1 would close for good, but closed it
  // leaves M1 and D1 without a pressure, so it stays fully open (ensure_determined).
  ASSERT_TRUE(loop.retreat("no state", {}));
  EXPECT_EQ(held(1), model::HeldQuantity::open);
}

}  // namespace
