// Imports every LANL GasSteadySim case folder of the reference data, and round-trips them
// through the native JSON format.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "linepack/io/input_error.hpp"
#include "linepack/io/lanl_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/units/constants.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;
using namespace linepack;

namespace {

// GasFlowRuns' folders (shipped) and GasSteadySim's (outside data folder only), where present.
std::vector<fs::path> lanl_case_folders() {
  std::vector<fs::path> out;
  for (const fs::path rel : {"gassteadysim/test/data", "gasflowruns"}) {
    const auto root = linepack::test::data_dir_with(rel);
    if (!root) continue;
    const fs::path parent = *root / rel;
    for (const auto& entry : fs::directory_iterator(parent))
      if (fs::exists(entry.path() / "network.json")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t count(const nlohmann::json& network, const char* key) {
  return network.contains(key) ? network[key].size() : 0;
}

}  // namespace

TEST(LanlImport, EveryCaseFolderImports) {
  LINEPACK_REQUIRE_DATA(dir);
  const auto folders = lanl_case_folders();
  // 3 GasFlowRuns folders + 5 of GasSteadySim when the outside data folder has them.
  EXPECT_GE(folders.size(),
            linepack::test::data_dir_with("gassteadysim/test/data") ? 8u : 3u);
  for (const auto& folder : folders) {
    SCOPED_TRACE(folder.string());
    io::LoadedModel m;
    ASSERT_NO_THROW(m = io::read_lanl_case(folder));
    const auto network = io::read_json_file(folder / "network.json");
    EXPECT_EQ(m.network.nodes.size(), count(network, "nodes"));
    // GasSteadySim's short pipes become 1 m pipes with its small resistance, its resistors and
    // zero-friction pipes lossless short pipes (lanl_reader.cpp); loss resistors stay resistors.
    EXPECT_EQ(m.network.pipes.size() + m.network.short_pipes.size(),
              count(network, "pipes") + count(network, "short_pipes") + count(network, "resistors"));
    EXPECT_EQ(m.network.compressors.size(), count(network, "compressors"));
    EXPECT_EQ(m.network.valves.size(), count(network, "valves"));
    EXPECT_EQ(m.network.control_valves.size(), count(network, "control_valves"));
    EXPECT_EQ(m.network.resistors.size(), count(network, "loss_resistors"));
    EXPECT_FALSE(m.scenario.boundaries.empty());
  }
}

TEST(LanlImport, EightNode) {
  LINEPACK_REQUIRE_DATA_WITH(dir, "gassteadysim/test/data");
  const auto m = io::read_lanl_case(dir / "gassteadysim/test/data/8-node");
  const auto& n = m.network;
  EXPECT_EQ(n.name, "8-node");
  EXPECT_EQ(n.nodes.size(), 8u);
  EXPECT_EQ(n.pipes.size(), 5u);
  EXPECT_EQ(n.compressors.size(), 3u);
  EXPECT_EQ(n.nodes[0].id, "1");
  EXPECT_EQ(n.pipes[0].id, "p1");
  EXPECT_EQ(n.pipes[0].from, "6");
  EXPECT_EQ(n.pipes[0].to, "2");
  EXPECT_EQ(n.pipes[0].length_m, 20000.0);
  EXPECT_EQ(n.pipes[0].diameter_m, 0.9144);
  EXPECT_EQ(n.pipes[0].friction_factor, 0.01);
  EXPECT_EQ(n.pipes[0].roughness_m, 0.0);
  const auto& c1 = n.compressors[0];
  EXPECT_EQ(c1.id, "c1");
  EXPECT_EQ(c1.state, model::ControlState::active);
  EXPECT_EQ(c1.mode, model::CompressorMode::pressure_ratio);
  EXPECT_EQ(c1.setpoint, 1.257963995);
  EXPECT_EQ(c1.ratio_max, 1.4);

  // LANL's R_s = 8.314 / (0.02896 G) exactly (to rounding).
  EXPECT_NEAR(n.physics.gas.specific_gas_constant(), 8.314 / (0.02896 * 0.6), 1e-12);
  EXPECT_NEAR(n.physics.temperature_k, 288.706, 1e-9);
  EXPECT_EQ(n.physics.gas.isentropic_exponent, 1.4);
  EXPECT_EQ(n.physics.eos.kind, gas::EosKind::ideal);
  EXPECT_EQ(n.physics.eos.cnga_specific_gravity, 0.6);
  EXPECT_EQ(n.physics.friction, model::FrictionLaw::fixed);

  ASSERT_EQ(m.scenario.boundaries.size(), 3u);
  EXPECT_EQ(m.scenario.boundaries[0],
            (model::NodeBoundary{"1", model::NodeBoundary::Kind::pressure, 3447378.645}));
  EXPECT_EQ(m.scenario.boundaries[1],
            (model::NodeBoundary{"3", model::NodeBoundary::Kind::flow, 150.0}));
}

TEST(LanlImport, GasLib24CountsAndControlValves) {
  LINEPACK_REQUIRE_DATA_WITH(dir, "gassteadysim/test/data");
  const auto m = io::read_lanl_case(dir / "gassteadysim/test/data/GasLib-24");
  const auto& n = m.network;
  EXPECT_EQ(n.nodes.size(), 25u);
  EXPECT_EQ(n.pipes.size(), 20u);        // 19 pipes + short pipe sp1 as GasSteadySim's 1 m pipe
  EXPECT_EQ(n.short_pipes.size(), 1u);   // resistor r1, lossless in GasSteadySim
  EXPECT_EQ(n.resistors.size(), 0u);
  EXPECT_EQ(n.compressors.size(), 3u);
  EXPECT_EQ(n.control_valves.size(), 2u);
  EXPECT_EQ(n.valves.size(), 0u);
  EXPECT_EQ(n.short_pipes[0].id, "r1");
  EXPECT_EQ(n.pipes.back().id, "sp1");
  EXPECT_EQ(n.pipes.back().from, "19");
  EXPECT_EQ(n.pipes.back().length_m, 1.0);
  // "on" with control_type 0, ratio 1: an open regulator that does not regulate.
  EXPECT_EQ(n.control_valves[0].state, model::ControlState::bypass);
}

TEST(LanlImport, GasLib582ValvesAndZeroFrictionFactors) {
  LINEPACK_REQUIRE_DATA(dir);
  const auto m = io::read_lanl_case(dir / "gasflowruns/GasLib-582");
  std::size_t closed_valves = 0, closed_cvs = 0;
  for (const auto& v : m.network.valves) closed_valves += !v.open;
  for (const auto& v : m.network.control_valves)
    closed_cvs += v.state == model::ControlState::closed;
  EXPECT_EQ(closed_valves, 8u);
  EXPECT_EQ(closed_cvs, 1u);
  // The 108 pipes with friction_factor 0 and the 8 resistors become lossless short pipes; the
  // 269 short pipes become GasSteadySim's 1 m resistive pipes.
  EXPECT_EQ(m.network.short_pipes.size(), 108u + 8u);
  EXPECT_EQ(m.network.pipes.size(), 278u - 108u + 269u);
  EXPECT_TRUE(std::any_of(m.network.nodes.begin(), m.network.nodes.end(),
                          [](const auto& x) { return x.elevation_m != 0.0; }));
}

TEST(LanlImport, RoundTripThroughNativeFormat) {
  const fs::path tmp = fs::temp_directory_path() / "linepack_lanl_import_test";
  fs::create_directories(tmp);
  for (const auto& folder : lanl_case_folders()) {
    SCOPED_TRACE(folder.string());
    const auto m = io::read_lanl_case(folder);
    const fs::path file = tmp / (folder.filename().string() + ".json");
    io::write_native_model(m, file);
    const auto back = io::read_native_model(file);
    EXPECT_EQ(back.network, m.network);
    EXPECT_EQ(back.scenario, m.scenario);
  }
}

TEST(LanlImport, ErrorsNameFileAndElement) {
  const fs::path tmp = fs::temp_directory_path() / "linepack_lanl_import_test" / "broken";
  fs::create_directories(tmp);
  auto write = [&](const char* name, const char* text) { std::ofstream(tmp / name) << text; };
  write("network.json", R"({"nodes": {"1": {"id": 1, "slack_bool": 1}, "2": {"id": 2}},
    "pipes": {"1": {"id": 1, "fr_node": 1, "to_node": 2, "diameter": 0.5}}})");
  write("bc.json", R"({"boundary_pslack": {"1": 5e6}})");
  write("params.json", R"j({"params": {"units (SI = 0, standard = 1)": 0}})j");
  try {
    io::read_lanl_case(tmp);
    FAIL() << "no error";
  } catch (const io::InputError& e) {
    EXPECT_EQ(e.file(), tmp / "network.json");
    EXPECT_EQ(e.element(), "p1");
    EXPECT_NE(std::string(e.what()).find("length"), std::string::npos) << e.what();
  }
  write("params.json", R"j({"params": {"units (SI = 0, standard = 1)": 1}})j");
  try {
    io::read_lanl_case(tmp);
    FAIL() << "no error";
  } catch (const io::InputError& e) {
    EXPECT_EQ(e.file(), tmp / "params.json");
    EXPECT_NE(std::string(e.what()).find("standard units not supported"), std::string::npos);
  }
}
