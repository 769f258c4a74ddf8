// Control input errors at the command line: a limit below its setpoint and a mode that does not
// exist exit 2, name the element and write nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/cli_run.hpp"
#include "support/replace_first.hpp"

namespace fs = std::filesystem;

namespace {

const char* station_model = R"({
  "format": "linepack-model", "version": 1,
  "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
  "pipes": [{"id": "p1", "from": "b", "to": "c", "length_m": 10000, "diameter_m": 0.5}],
  "compressors": [{"id": "cs1", "from": "a", "to": "b", "state": "active", STATION}],
  "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": 5e6},
                              {"node": "c", "kind": "flow", "value": 50}]}
})";

struct Case {
  const char* name;
  const char* station;
  const char* expected;
};

class ControlCliBadInput : public ::testing::TestWithParam<Case> {};

TEST_P(ControlCliBadInput, ExitsTwoNamesTheElementAndWritesNothing) {
  const Case& c = GetParam();
  const std::string text = linepack::test::replace_first(station_model, "STATION", c.station);
  const fs::path dir = fs::temp_directory_path() / "linepack_control_cli_test";
  fs::create_directories(dir);
  const fs::path model = dir / (std::string(c.name) + ".json");
  std::ofstream(model) << text;
  const fs::path out = dir / (std::string(c.name) + "_result.json");
  fs::remove(out);
  const auto r = linepack::test::run_cli("solve " + model.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cs1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ControlCliBadInput,
    ::testing::Values(
        Case{"discharge_limit_below_setpoint",
             R"("mode": "outlet_pressure", "setpoint": 7e6, "pressure_out_max_pa": 6e6)",
             "above the maximum discharge"},
        Case{"ratio_limit_below_setpoint", R"("mode": "pressure_ratio", "setpoint": 1.5, "ratio_max": 1.3)",
             "above the maximum ratio"},
        Case{"power_limit_below_setpoint", R"("mode": "shaft_power", "setpoint": 5e6, "power_max_w": 4e6)",
             "above the maximum power"},
        Case{"unknown_mode", R"("mode": "speed", "setpoint": 1.2)", "unknown compressor mode"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
