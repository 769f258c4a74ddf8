// GasSteadySim (LANL) exact steady solutions: 8-node, GasLib-24, GasLib-40-multiple-slacks with
// ideal gas, simple CNGA and full CNGA (gassteadysim/test/data of LINEPACK_DATA_DIR;
// not shipped: GasSteadySim.jl has no licence, data/README.md). Acceptance: every
// pressure within relative 1e-6, every flow within relative 1e-5 or 1e-3 kg/s, whichever is
// larger (the reference solutions satisfy their own equations only to about 1e-7).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "linepack/io/lanl_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"

namespace {

using linepack::io::LanlKind;

struct Case {
  const char* folder;
  const char* eos;
};

class GasSteadySimExact : public ::testing::TestWithParam<Case> {};

TEST_P(GasSteadySimExact, PressuresAndFlowsMatch) {
  LINEPACK_REQUIRE_DATA_WITH(dir, "gassteadysim/test/data");
  const Case c = GetParam();
  const auto folder = dir / "gassteadysim/test/data" / c.folder;
  auto model = linepack::io::read_lanl_case(folder);
  model.network.physics.eos.kind = linepack::gas::parse_eos_kind(c.eos);
  // GasSteadySim holds the given compressor ratios whatever the limits: so does linepack here.
  linepack::steady::SteadyOptions options;
  options.hold_limits = false;
  options.withdraw_fuel = false;  // nor does it burn fuel from the line
  const auto result = linepack::steady::solve(model.network, model.scenario, options);
  ASSERT_EQ(result.status, linepack::steady::Status::converged) << result.message;
  EXPECT_LE(result.iterations, 20);

  std::ifstream in(folder / (std::string("exact_sol_") + c.eos + ".json"));
  const auto exact = nlohmann::json::parse(in);

  std::map<std::string, double> pressure, flow;
  for (const auto& n : result.nodes) pressure[n.id] = n.pressure_pa;
  for (const auto& e : result.elements) flow[e.id] = e.mass_flow_kg_per_s;

  double worst_p = 0.0, worst_q = 0.0;
  std::size_t checked = 0;
  for (const auto& [id, value] : exact.at("nodal_pressure").items()) {
    ASSERT_TRUE(pressure.count(id)) << "node " << id;
    const double rel = std::abs(pressure[id] / value.get<double>() - 1.0);
    worst_p = std::max(worst_p, rel);
    EXPECT_LT(rel, 1e-6) << "node " << id << ": " << pressure[id] << " vs " << value;
    ++checked;
  }
  const std::pair<const char*, LanlKind> flow_tables[] = {
      {"pipe_flow", LanlKind::pipe},
      {"compressor_flow", LanlKind::compressor},
      {"short_pipe_flow", LanlKind::short_pipe},
      {"resistor_flow", LanlKind::resistor},
      {"control_valve_flow", LanlKind::control_valve},
      {"valve_flow", LanlKind::valve},
      {"loss_resistor_flow", LanlKind::loss_resistor}};
  for (const auto& [table, kind] : flow_tables) {
    if (!exact.contains(table)) continue;
    for (const auto& [lanl_id, value] : exact.at(table).items()) {
      const std::string id = linepack::io::lanl_element_id(kind, lanl_id);
      ASSERT_TRUE(flow.count(id)) << table << " " << lanl_id;
      const double ref = value.get<double>();
      const double err = std::abs(flow[id] - ref);
      const double allowed = std::max(1e-5 * std::abs(ref), 1e-3);
      worst_q = std::max(worst_q, err / std::max(std::abs(ref), 1e-300));
      EXPECT_LE(err, allowed) << table << " " << lanl_id << ": " << flow[id] << " vs " << ref;
      ++checked;
    }
  }
  RecordProperty("max_rel_pressure_error", std::to_string(worst_p));
  RecordProperty("max_rel_flow_error", std::to_string(worst_q));
  std::printf("[gassteadysim] %s %s: %zu values, max rel pressure error %.2e, max rel flow error "
              "%.2e, %d iterations\n",
              c.folder, c.eos, checked, worst_p, worst_q, result.iterations);
}

INSTANTIATE_TEST_SUITE_P(
    AllCases, GasSteadySimExact,
    ::testing::Values(Case{"8-node", "ideal"}, Case{"8-node", "simple_cnga"},
                      Case{"8-node", "full_cnga"}, Case{"GasLib-24", "ideal"},
                      Case{"GasLib-24", "simple_cnga"}, Case{"GasLib-24", "full_cnga"},
                      Case{"GasLib-40-multiple-slacks", "ideal"},
                      Case{"GasLib-40-multiple-slacks", "simple_cnga"},
                      Case{"GasLib-40-multiple-slacks", "full_cnga"}),
    [](const auto& info) {
      std::string name = std::string(info.param.folder) + "_" + info.param.eos;
      for (auto& ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return name;
    });

}  // namespace
