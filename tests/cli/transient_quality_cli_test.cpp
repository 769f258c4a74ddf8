// `linepack transient` with gas quality tracking: quality.csv with ISO 6976 values at the
// boundary nodes, and bad compositions (sum not 1, unknown component, unknown node, a supply
// whose gas is unknown): exit code 2, the file, line and node named, nothing written.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/cli_run.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;

namespace {

fs::path scratch() {
  const fs::path dir =
      fs::temp_directory_path() / ("linepack_quality_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p;
}

fs::path model() { return linepack::test::source_dir() / "examples/pakistan-stream/model.json"; }

linepack::test::CliRun run(const fs::path& schedule, const fs::path& out) {
  return linepack::test::run_cli("transient " + model().string() + " --schedule " +
                                 schedule.string() +
                                 " --duration 7200 --dt 300 --dx 10000 -q -o " + out.string());
}

std::string schedule_with(const std::string& composition, const std::string& node = "N0s") {
  return "{\"format\": \"linepack-schedule\", \"version\": 1,\n"
         " \"compositions\": [\n"
         "  {\"node\": \"" + node + "\", \"time_s\": [0, 3600],\n"
         "   \"composition\": [\"pipeline-gas\", " + composition + "]}\n"
         " ]\n}\n";
}

}  // namespace

TEST(TransientQualityCli, WritesQualityCsvAtTheBoundaryNodes) {
  const fs::path out = scratch() / "ok";
  fs::remove_all(out);
  const auto s = write("ok.json", schedule_with("\"lean-lng\""));
  const auto r = run(s, out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out / "quality.csv");
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header.rfind("time_s,N0s:gross_cv_j_per_m3,N0s:wobbe_j_per_m3,N0s:relative_density,"
                         "N0s:energy_flow_w,N1:gross_cv_j_per_m3",
                         0),
            0u)
      << header;
  EXPECT_NE(header.find("N7:energy_flow_w"), std::string::npos) << header;
  // Pipeline gas at the start: 40.50 MJ per normal m3 (ISO 6976, real gas, combustion 25 degC,
  // metering 0 degC), all along the line.
  std::stringstream row(first);
  std::string cell;
  std::getline(row, cell, ',');
  std::getline(row, cell, ',');
  EXPECT_NEAR(std::stod(cell) / 1e6, 40.50, 0.01) << first;
  std::ifstream summary(out / "summary.json");
  std::stringstream ss;
  ss << summary.rdbuf();
  EXPECT_NE(ss.str().find("\"gas_quality\""), std::string::npos);
}

TEST(TransientQualityCli, BadCompositionsAreClearErrorsAndNothingIsWritten) {
  struct Case {
    std::string name, schedule, expected;
  };
  const Case cases[] = {
      {"sum", schedule_with("{\"methane\": 0.8, \"ethane\": 0.1}"),
       "bad_sum.json:3: 'N0s': composition series 1: composition 2: composition: mole fractions sum to "
       "0.9, not 1"},
      {"component", schedule_with("{\"methane\": 0.9, \"etane\": 0.1}"),
       "unknown component 'etane'"},
      {"negative", schedule_with("{\"methane\": 1.1, \"ethane\": -0.1}"),
       "mole fraction of ethane must be a non-negative number"},
      {"node", schedule_with("\"lean-lng\"", "Lahore"), "'Lahore': unknown node id"},
      {"preset", schedule_with("\"rich-lng\""), "unknown composition preset 'rich-lng'"},
      // N0s supplies the line; a composition for N1 only leaves N0s's gas unknown.
      {"supply", schedule_with("\"lean-lng\"", "N1"), "node 'N0s' supplies gas"},
  };
  for (const auto& c : cases) {
    const fs::path out = scratch() / ("bad_" + c.name);
    fs::remove_all(out);
    const auto s = write("bad_" + c.name + ".json", c.schedule);
    const auto r = run(s, out);
    EXPECT_EQ(r.exit_code, 2) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(s.string()), std::string::npos) << c.name << ": " << r.err;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
    EXPECT_FALSE(fs::exists(out / "quality.csv")) << c.name;
    EXPECT_FALSE(fs::exists(out / "summary.json")) << c.name;
  }
}

TEST(TransientEnergyCli, WritesTemperaturesAndTheEnergyBalance) {
  // The Pakistan Stream model with the energy equation on (physics.thermal).
  std::ifstream in(model());
  std::stringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  const std::string key = "\"physics\": {";
  const auto at = json.find(key);
  ASSERT_NE(at, std::string::npos);
  json.insert(at + key.size(), "\"thermal\": {\"energy_equation\": true, \"ground_temperature_k\": "
                               "288.15, \"supply_temperature_k\": 308.15}, ");
  const auto thermal_model = write("thermal_model.json", json);
  const fs::path out = scratch() / "energy";
  fs::remove_all(out);
  const auto r = linepack::test::run_cli(
      "transient " + thermal_model.string() + " --schedule " +
      (linepack::test::source_dir() / "examples/pakistan-stream/day-schedule.json").string() +
      " --duration 7200 --dt 300 --dx 10000 -q -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream t(out / "temperatures.csv");
  std::string header, first;
  std::getline(t, header);
  std::getline(t, first);
  EXPECT_EQ(header, "time_s,N0s,N0,N1,N2,N2d,N3,N4,N4d,N5,N6,N7");
  std::stringstream row(first);
  std::string cell;
  std::getline(row, cell, ',');
  std::getline(row, cell, ',');
  EXPECT_NEAR(std::stod(cell), 308.15, 1e-9) << first;  // the supply's temperature
  std::ifstream summary(out / "summary.json");
  std::stringstream ss;
  ss << summary.rdbuf();
  EXPECT_NE(ss.str().find("\"balance_error_relative\""), std::string::npos);
  EXPECT_FALSE(fs::exists(out / "quality.csv"));  // no compositions: no gas quality
}

TEST(StudyQualityDayCli, WritesTheCalorificValueAtTheDeliveryPointsOrRefusesAScheduleWithoutGas) {
  const fs::path dir = linepack::test::source_dir() / "examples/pakistan-stream";
  auto config = [&](const std::string& schedule) {
    return "{\"supply_node\": \"N0s\", \"line_start_node\": \"N0\", \"terminal_node\": \"N7\",\n"
           " \"cases\": [{\"name\": \"B\", \"model\": \"" + (dir / "model.json").string() + "\"}],\n"
           " \"quality_day\": {\"model\": \"" + (dir / "model.json").string() + "\", \"schedule\": \"" +
           (dir / schedule).string() + "\", \"nodes\": [\"N1\", \"N7\"], \"duration_s\": 7200, "
           "\"dt_s\": 300, \"dx_m\": 10000, \"sample_s\": 1800}}\n";
  };
  const fs::path out = scratch() / "study_ok";
  fs::remove_all(out);
  auto r = linepack::test::run_cli("study " + write("study_ok.json", config("quality-day-schedule.json")).string() +
                                   " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out / "study.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string study = ss.str();
  EXPECT_NE(study.find("\"quality_day\""), std::string::npos);
  EXPECT_NE(study.find("\"node\": \"N7\""), std::string::npos) << study.substr(0, 400);
  EXPECT_NE(study.find("\"time_h\": [\n"), std::string::npos);

  const fs::path bad = scratch() / "study_bad";
  fs::remove_all(bad);
  const auto config_bad = write("study_bad.json", config("day-schedule.json"));
  r = linepack::test::run_cli("study " + config_bad.string() + " -o " + bad.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("quality_day"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("gives no supply compositions"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(bad / "study.json"));
}
