// Station maps through the command line: a GasLib-11 solve reports every active station's
// working point (JSON and PREFIX.stations.csv); bad station data (a map with one point, a
// configuration naming an unknown unit) exits 2, names the file and element, writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;
using linepack::test::CliRun;
using linepack::test::run_cli;

namespace {

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / "linepack_station_cli_test";
  fs::create_directories(dir);
  return dir;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

fs::path gaslib11() { return linepack::test::source_dir() / "data/gaslib/official/GasLib-11"; }

/// GasLib-11 copied to `dir` with its .cs text changed by `edit`.
fs::path copy_gaslib11(const std::string& dir, const std::string& from, const std::string& to) {
  const fs::path d = scratch() / dir;
  fs::create_directories(d);
  for (const char* ext : {".net", ".scn"})
    fs::copy_file(gaslib11() / (std::string("GasLib-11") + ext), d / (std::string("GasLib-11") + ext),
                  fs::copy_options::overwrite_existing);
  std::string cs = read(gaslib11() / "GasLib-11.cs");
  if (!from.empty()) {
    const auto at = cs.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    cs.replace(at, from.size(), to);
  }
  write(d / "GasLib-11.cs", cs);
  return d;
}

// Both stations of GasLib-11 at ratio 1.2 (docs/cli.md's example).
const std::string controls = R"({"controls": [
  {"element": "CS01_entry03_N01", "state": "active", "mode": "pressure_ratio", "setpoint": 1.2},
  {"element": "CS02_N04_N05", "state": "active", "mode": "pressure_ratio", "setpoint": 1.2}]})";

}  // namespace

TEST(StationCli, GaslibSolveReportsWorkingPoints) {
  const fs::path d = copy_gaslib11("ok", "", "");
  write(d / "ctl.json", controls);
  const fs::path out = d / "out.json";
  const CliRun r = run_cli("solve " + (d / "GasLib-11.net").string() + " --scenario " +
                           (d / "GasLib-11.scn").string() + " --controls " +
                           (d / "ctl.json").string() + " -o " + out.string() + " --csv " +
                           (d / "res").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(read(out));
  int stations = 0;
  for (const auto& e : j["elements"]) {
    if (e["kind"] != "compressor" || !e.contains("station")) continue;
    ++stations;
    const auto& s = e["station"];
    EXPECT_TRUE(s["running"].get<bool>()) << e["id"];
    EXPECT_NEAR(e["shaft_power_w"].get<double>(), s["shaft_power_w"].get<double>(), 1e-6);
    EXPECT_NEAR(e["fuel_kg_per_s"].get<double>(), s["fuel_kg_per_s"].get<double>(), 1e-12);
    ASSERT_EQ(s["units"].size(), 1u);
    EXPECT_GT(s["units"][0]["speed_per_min"].get<double>(), 0.0);
  }
  EXPECT_EQ(stations, 2);
  const std::string csv = read(d / "res.stations.csv");
  EXPECT_EQ(csv.rfind("station,configuration,inside_map,unit", 0), 0u) << csv;
  EXPECT_NE(csv.find("CS01_entry03_N01,1,"), std::string::npos) << csv;
}

TEST(StationCli, MapWithOnePointExitsTwoAndWritesNothing) {
  const std::string one =
      "<surgelineMeasurements><measurement><speed value=\"4000\" unit=\"per_min\"/>"
      "<adiabaticHead value=\"40\" unit=\"kJ_per_kg\"/><volumetricFlowrate value=\"4\" "
      "unit=\"m_cube_per_s\"/></measurement></surgelineMeasurements>"
      "<characteristicDiagramMeasurements><adiabaticEfficiency value=\"0.8\"/>"
      "</characteristicDiagramMeasurements>\n      </turboCompressor>";
  const fs::path d = copy_gaslib11("one", "</turboCompressor>", one);
  write(d / "ctl.json", controls);
  const fs::path out = d / "out.json";
  const CliRun r = run_cli("solve " + (d / "GasLib-11.net").string() + " --scenario " +
                           (d / "GasLib-11.scn").string() + " --controls " +
                           (d / "ctl.json").string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("GasLib-11.cs"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CS01_entry03_N01"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 measurement point(s)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST(StationCli, NativeConfigurationWithUnknownUnitExitsTwo) {
  std::string text = read(linepack::test::source_dir() / "examples/pakistan-stream/model-maps.json");
  const std::string from = "\"unit-3\"\n       ]";
  const auto at = text.rfind(from);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, from.size(), "\"unit-9\"\n       ]");
  const fs::path model = scratch() / "bad-maps.json";
  write(model, text);
  const fs::path out = scratch() / "bad-maps-out.json";
  fs::remove(out);
  const CliRun r = run_cli("solve " + model.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("bad-maps.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CS-3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("names unknown compressor unit 'unit-9'"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(StationCli, NativeMapWithOnePointExitsTwo) {
  std::string text = read(linepack::test::source_dir() / "examples/pakistan-stream/model-maps.json");
  // Replace CS-1's first unit's coefficients by one measurement.
  const auto at = text.find("\"head_j_per_kg\"");
  const auto end = text.find("\"choke_line_head_j_per_kg\"", at);
  const auto close = text.find(']', end);
  ASSERT_NE(close, std::string::npos);
  text.replace(at, close + 1 - at,
               "\"measurements\": [{\"volume_flow_m3_per_s\": 4, \"speed_per_s\": 80, "
               "\"head_j_per_kg\": 40000, \"efficiency\": 0.8}]");
  const fs::path model = scratch() / "one-point.json";
  write(model, text);
  const fs::path out = scratch() / "one-point-out.json";
  fs::remove(out);
  const CliRun r = run_cli("solve " + model.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("one-point.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CS-1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 measurement point(s)"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}
