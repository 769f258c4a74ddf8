// Thermal inputs on the command line (docs/model-format.md, Thermal inputs): bad values give a
// clear error naming the file and element, exit code 2 and nothing written; a good model writes
// temperatures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"

namespace fs = std::filesystem;

namespace {

using linepack::test::run_cli;

fs::path scratch() {
  const fs::path dir =
      fs::temp_directory_path() / ("linepack_thermal_cli_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

/// A one-pipe model with the energy equation on; `thermal` and `pipe_extra` are spliced in.
fs::path model(const std::string& name, const std::string& thermal, const std::string& pipe_extra) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << R"({"format": "linepack-model", "version": 1,
 "physics": {"thermal": {"energy_equation": true)" + thermal + R"(}},
 "nodes": [{"id": "a"}, {"id": "b"}],
 "pipes": [{"id": "p1", "from": "a", "to": "b", "length_m": 50000, "diameter_m": 0.6)" +
                             pipe_extra + R"(}],
 "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": 6e6},
                             {"node": "b", "kind": "flow", "value": 30}]}}
)";
  return p;
}

void expect_refused(const fs::path& in, const std::string& what, const std::string& element) {
  const fs::path out = scratch() / (in.stem().string() + ".out.json");
  fs::remove(out);
  const auto r = run_cli("solve " + in.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(in.filename().string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(what), std::string::npos) << r.err;
  if (!element.empty()) {
    EXPECT_NE(r.err.find(element), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out));
}

}  // namespace

TEST(ThermalCli, NegativeHeatTransferCoefficientIsRefused) {
  expect_refused(model("neg_u.json", "", R"(, "heat_transfer_coefficient_w_per_m2_k": -2)"),
                 "heat-transfer coefficient must not be negative", "p1");
}

TEST(ThermalCli, GroundTemperatureInCelsiusIsRefused) {
  expect_refused(model("celsius.json", R"(, "ground_temperature_k": 15)", ""),
                 "ground temperature must be in kelvin", "");
  expect_refused(model("celsius_pipe.json", "", R"(, "ground_temperature_k": 20)"),
                 "ground temperature must be in kelvin", "p1");
}

TEST(ThermalCli, ImplausibleTemperatureNeedsAllowUnusual) {
  const fs::path in = model("hot.json", R"(, "supply_temperature_k": 450)", "");
  expect_refused(in, "supply temperature", "");
  const fs::path out = scratch() / "hot.allowed.json";
  const auto r = run_cli("solve " + in.string() + " --allow-unusual -o " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(ThermalCli, SolveWritesTemperatures) {
  const fs::path in = model("good.json", R"(, "ground_temperature_k": 283.15,
    "supply_temperature_k": 313.15)", "");
  const fs::path out = scratch() / "good.out.json";
  const auto r = run_cli("solve " + in.string() + " -o " + out.string() + " --csv " +
                         (scratch() / "good").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(std::ifstream(out));
  EXPECT_EQ(j["status"], "converged");
  EXPECT_DOUBLE_EQ(j["nodes"][0]["temperature_k"].get<double>(), 313.15);
  const double t_out = j["nodes"][1]["temperature_k"].get<double>();
  EXPECT_LT(t_out, 313.15);
  EXPECT_GT(t_out, 270.0);
  EXPECT_EQ(j["thermal"]["temperature_profiles"][0]["pipe"], "p1");
  std::stringstream csv;
  csv << std::ifstream(scratch() / "good.nodes.csv").rdbuf();
  EXPECT_NE(csv.str().find(",temperature_k"), std::string::npos) << csv.str();
}
