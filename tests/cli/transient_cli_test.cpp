// `linepack transient`: output files and their columns, exit codes (0 completed, 2 bad input or
// schedule with nothing written), error messages naming file, line and id, restart from a
// saved state.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "linepack/io/gzip_file.hpp"
#include "support/cli_run.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;

namespace {

using linepack::test::CliRun;

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("linepack_transient_cli_" + std::to_string(::getpid()));
  // Emptied once per process: a pid reused from an earlier run may have left outputs that a
  // test expects not to exist.
  static const bool emptied = [&] { return fs::remove_all(dir) >= 0; }();
  (void)emptied;
  fs::create_directories(dir);
  return dir;
}

CliRun run(const std::string& args) { return linepack::test::run_cli("transient " + args); }

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

std::vector<std::vector<double>> rows(const fs::path& csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::vector<double>> out;
  while (std::getline(in, line)) {
    std::vector<double> r;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) r.push_back(std::stod(cell));
    out.push_back(r);
  }
  return out;
}

fs::path model() { return linepack::test::source_dir() / "examples/pakistan-stream/model.json"; }

const std::string base = " --duration 7200 --dt 300 --dx 10000 ";

}  // namespace

TEST(TransientCli, WritesTheOutputFilesWithTheirColumns) {
  const fs::path out = scratch() / "out";
  fs::remove_all(out);
  const fs::path schedule =
      linepack::test::source_dir() / "examples/pakistan-stream/day-schedule.json";
  const CliRun r = run(model().string() + " --schedule " + schedule.string() + base +
                       "--output-interval 600 --profile-times 3600 -q -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* f : {"nodes.csv", "elements.csv", "linepack.csv", "compressors.csv",
                        "profiles.csv", "summary.json", "final_state.json"})
    EXPECT_TRUE(fs::exists(out / f)) << f;
  EXPECT_EQ(first_line(out / "nodes.csv"), "time_s,N0s,N0,N1,N2,N2d,N3,N4,N4d,N5,N6,N7");
  EXPECT_EQ(first_line(out / "elements.csv"), "time_s,P1,P2,P3,P4,P5,P6,P7,CS-1,CS-2,CS-3");
  EXPECT_TRUE(first_line(out / "linepack.csv").starts_with("time_s,linepack_kg,"));
  const auto n = rows(out / "nodes.csv");
  ASSERT_EQ(n.size(), 13u);  // 0, 600, ..., 7200
  EXPECT_DOUBLE_EQ(n[1][0], 600.0);
  EXPECT_NEAR(n[0][1], 55e5, 1e-3);  // N0s held at 55 bara
  const auto j = nlohmann::json::parse(read(out / "summary.json"));
  EXPECT_EQ(j.at("status"), "completed");
  EXPECT_EQ(j.at("steps").get<int>(), 24);
  EXPECT_GT(j.at("newton_iterations").get<int>(), 0);
  ASSERT_EQ(j.at("survival").size(), 1u);
  EXPECT_EQ(j.at("survival")[0].at("node"), "N7");
  EXPECT_TRUE(j.at("survival")[0].at("survival_time_s").is_null());
  EXPECT_LT(std::abs(j.at("linepack").at("mass_balance_error_kg").get<double>()), 1e-3);
}

TEST(TransientCli, RestartFromTheFinalStateContinuesTheRun) {
  const fs::path whole = scratch() / "whole", first = scratch() / "first", second = scratch() / "second";
  const std::string common = model().string() + " --dt 300 --dx 10000 --scheme euler -q ";
  ASSERT_EQ(run(common + "--duration 7200 -o " + whole.string()).exit_code, 0);
  ASSERT_EQ(run(common + "--duration 3600 -o " + first.string()).exit_code, 0);
  const CliRun r = run(common + "--duration 3600 --initial-state " +
                       (first / "final_state.json").string() + " -o " + second.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto a = rows(whole / "nodes.csv"), b = rows(second / "nodes.csv");
  ASSERT_DOUBLE_EQ(b.front()[0], 3600.0);
  ASSERT_DOUBLE_EQ(b.back()[0], 7200.0);
  for (std::size_t i = 1; i < a.back().size(); ++i)
    EXPECT_NEAR(a.back()[i], b.back()[i], 1e-9 * a.back()[i]) << i;
  // A state from another grid is rejected by name.
  const CliRun bad = run(model().string() + " --dt 300 --dx 5000 --duration 600 --initial-state " +
                         (first / "final_state.json").string() + " -o " +
                         (scratch() / "bad").string());
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("'P1'"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("--dx"), std::string::npos) << bad.err;
}

TEST(TransientCli, NumericalFailureExitsOneAndWritesTheRunSoFar) {
  // Ten times the design offtake at Kasur from 600 s: the line cannot deliver it.
  const fs::path schedule = write("collapse.json", R"({"format": "linepack-schedule", "version": 1,
 "events": [{"time_s": 600, "type": "offtake_step", "node": "N7", "value": 3000}]})");
  const fs::path out = scratch() / "collapse";
  const CliRun r = run(model().string() + " --schedule " + schedule.string() +
                       " --duration 86400 --dt 300 --dx 10000 -o " + out.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("Newton did not converge"), std::string::npos) << r.err;
  const auto j = nlohmann::json::parse(read(out / "summary.json"));
  EXPECT_EQ(j.at("status"), "failed");
  EXPECT_LT(j.at("time_s").get<double>(), 86400.0);
  EXPECT_FALSE(j.at("survival")[0].at("survival_time_s").is_null());  // Kasur fell below 40 bara
  EXPECT_GE(rows(out / "nodes.csv").size(), 3u);
}

struct BadSchedule {
  const char* name;
  const char* file;  // file name (extension decides the reader)
  const char* text;
  const char* options;  // extra options (overriding the defaults)
  std::vector<std::string> expected;  // substrings of the message
};

class TransientCliBadInput : public testing::TestWithParam<BadSchedule> {};

TEST_P(TransientCliBadInput, ExitsTwoNamesTheProblemAndWritesNothing) {
  const auto& c = GetParam();
  const fs::path out = scratch() / (std::string("bad_") + c.name);
  fs::remove_all(out);
  std::string args = model().string();
  fs::path file;
  if (c.file) {
    file = write(c.file, c.text);
    args += " --schedule " + file.string();
  }
  args += std::string(" ") + c.options + " -o " + out.string();
  const CliRun r = run(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  for (auto expected : c.expected) {
    if (expected.starts_with("FILE")) expected = file.string() + expected.substr(4);
    EXPECT_NE(r.err.find(expected), std::string::npos) << "missing '" << expected << "' in: " << r.err;
  }
  EXPECT_FALSE(fs::exists(out)) << "output written for a bad input";
}

const char* json_head = R"({"format": "linepack-schedule", "version": 1,
)";

INSTANTIATE_TEST_SUITE_P(
    Cases, TransientCliBadInput,
    testing::Values(
        BadSchedule{"unknown_node", "unknown_node.json",
                    R"({"format": "linepack-schedule", "version": 1,
 "nodes": [
  {"node": "N7", "kind": "flow", "time_s": [0, 3600], "value": [100, 120]},
  {"node": "Lahore", "kind": "flow", "time_s": [0, 3600], "value": [10, 20]}
 ]})",
                    "--duration 3600 --dt 60 --dx 1000", {"FILE:4:", "'Lahore'", "unknown node id"}},
        BadSchedule{"unknown_element", "unknown_element.json",
                    R"({"format": "linepack-schedule", "version": 1,
 "events": [
  {"time_s": 600, "type": "compressor_trip", "element": "CS-9"}
 ]})",
                    "--duration 3600 --dt 60 --dx 1000", {"FILE:3:", "'CS-9'", "unknown element id"}},
        BadSchedule{"times_out_of_order_json", "order.json",
                    R"({"format": "linepack-schedule", "version": 1,
 "nodes": [{"node": "N5", "kind": "flow",
            "time_s": [0, 7200, 3600], "value": [50, 60, 70]}]})",
                    "--duration 3600 --dt 60 --dx 1000",
                    {"FILE:2:", "'N5'", "times out of order"}},
        BadSchedule{"times_out_of_order_csv", "order.csv",
                    "# interpolation: step\ntime_s,flow:N7,pressure:N0s\n0,160,5.5e6\n3600,170,5.5e6\n1800,150,\n",
                    "--duration 3600 --dt 60 --dx 1000", {"FILE:5:", "times out of order"}},
        BadSchedule{"unknown_csv_node", "unknown.csv", "time_s,flow:N7,flow:N99\n0,1,2\n",
                    "--duration 3600 --dt 60 --dx 1000", {"FILE:1:", "'N99'", "unknown node id"}},
        BadSchedule{"negative_event_duration", "negative.json",
                    R"({"format": "linepack-schedule", "version": 1,
 "events": [
  {"time_s": 600, "type": "offtake_step", "node": "N7", "value": 150, "duration_s": -60}
 ]})",
                    "--duration 3600 --dt 60 --dx 1000", {"FILE:3:", "'N7'", "negative duration"}},
        BadSchedule{"trip_on_a_pipe", "pipe.json",
                    R"({"format": "linepack-schedule", "version": 1,
 "events": [{"time_s": 600, "type": "compressor_trip", "element": "P3"}]})",
                    "--duration 3600 --dt 60 --dx 1000", {"'P3'", "compressor_trip on a pipe"}},
        BadSchedule{"unknown_key", "key.json",
                    R"({"format": "linepack-schedule", "version": 1,
 "events": [{"time_s": 600, "type": "offtake_step", "node": "N7", "vlaue": 150}]})",
                    "--duration 3600 --dt 60 --dx 1000", {"FILE:2:", "unknown key \"vlaue\""}},
        BadSchedule{"negative_duration", nullptr, nullptr, "--duration -3600 --dt 60 --dx 1000",
                    {"--duration", "non-negative"}},
        BadSchedule{"zero_dt", nullptr, nullptr, "--duration 3600 --dt 0 --dx 1000",
                    {"--dt", "positive"}},
        BadSchedule{"negative_dt", nullptr, nullptr, "--duration 3600 --dt -60 --dx 1000",
                    {"--dt", "positive"}},
        BadSchedule{"zero_dx", nullptr, nullptr, "--duration 3600 --dt 60 --dx 0",
                    {"--dx", "positive"}},
        BadSchedule{"bad_scheme", nullptr, nullptr,
                    "--duration 3600 --dt 60 --dx 1000 --scheme leapfrog", {"unknown scheme"}}),
    [](const testing::TestParamInfo<BadSchedule>& info) { return std::string(info.param.name); });

TEST(TransientCli, GasTranSimFolderWithItsBcFiles) {
  LINEPACK_REQUIRE_DATA(data);
  const fs::path folder = data / "gastransim/examples/data/GasLib-40";
  const fs::path out = scratch() / "gaslib40";
  // No bc.json in this folder: the error lists the ones there.
  const CliRun missing = run(folder.string() + " --duration 3600 --dt 60 --dx 2000 -o " + out.string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("bc_ramp.json"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(out));
  const CliRun r = run(folder.string() + " --schedule " + (folder / "bc_ramp.json").string() +
                       " --duration 3600 --dt 60 --dx 2000 --no-inertia -q -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(first_line(out / "elements.csv").find(",c1,") != std::string::npos);
}

TEST(TransientCliCompress, GzipOutputsHoldTheSameRows) {
  namespace fs = std::filesystem;
  const fs::path model = linepack::test::source_dir() / "examples/pakistan-stream/model.json";
  const fs::path plain = fs::temp_directory_path() / "linepack_tr_plain";
  const fs::path packed = fs::temp_directory_path() / "linepack_tr_gz";
  fs::remove_all(plain);
  fs::remove_all(packed);
  const std::string cli = linepack::test::cli_path().string();
  const std::string args = " transient " + model.string() + " --duration 7200 --dt 300 --dx 20000 -q -o ";
  ASSERT_EQ(std::system((cli + args + plain.string()).c_str()), 0);
  ASSERT_EQ(std::system((cli + args + packed.string() + " --compress").c_str()), 0);
  for (const char* name : {"nodes.csv", "elements.csv", "linepack.csv"}) {
    EXPECT_FALSE(fs::exists(packed / name)) << name;
    std::ifstream in(plain / name);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(linepack::io::read_gzip_file(packed / (std::string(name) + ".gz")), ss.str()) << name;
  }
}
