// The reproducers of issue 14 (fuzzing audit) and the guards of issue 13: each gives a clear
// error naming the input, exit code 2 and nothing written, or a correct result; none crashes,
// hangs or fills the disk (docs/limits.md).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli_run.hpp"
#include "support/data_dir.hpp"
#include "support/replace_first.hpp"

namespace fs = std::filesystem;

namespace {

using linepack::test::CliRun;
using linepack::test::run_cli;

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() /
                       ("linepack_hardening_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path example() { return linepack::test::source_dir() / "examples/pakistan-stream/model.json"; }

/// The message names the file and carries no library's raw text.
void expect_clean_error(const CliRun& r, const fs::path& file) {
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(file.filename().string()), std::string::npos) << r.err;
  for (const char* raw : {"[json.exception", "stod", "map::at", "basic_string"})
    EXPECT_EQ(r.err.find(raw), std::string::npos) << r.err;
}

/// A two-node model; REPLACE_* parts substituted by the tests.
std::string model(const std::string& pipe_extra = "", const std::string& supply_pa = "5e6",
                  const std::string& extra_elements = "") {
  return R"({"format": "linepack-model", "version": 1,
  "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
  "pipes": [{"id": "p1", "from": "a", "to": "b", "length_m": 10000, "diameter_m": 0.5)" +
         pipe_extra + R"(}],
  "short_pipes": [{"id": "s1", "from": "b", "to": "c"}])" +
         extra_elements + R"(,
  "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": )" + supply_pa +
         R"(}, {"node": "c", "kind": "flow", "value": 20}]}})";
}

}  // namespace

// ---- issue 14 item 1: runs that never end or fill the disk ----

TEST(Hardening, HugeStartTimeIsRefusedBeforeWriting) {
  const fs::path out = scratch() / "t_start";
  fs::remove_all(out);
  const CliRun r = run_cli("transient " + example().string() +
                           " --duration 3600 --dt 60 --dx 100000 --start-time 1e18 -o " +
                           out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("1e+12"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Hardening, TinyOutputIntervalIsRefusedUnlessAllowed) {
  const fs::path out = scratch() / "t_interval";
  fs::remove_all(out);
  const CliRun r = run_cli("transient " + example().string() +
                           " --duration 3600 --dt 60 --dx 100000 --output-interval 1e-9 -o " +
                           out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("lost to rounding"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  // Resolvable but too many rows: refused unless allowed.
  const CliRun rows = run_cli("transient " + example().string() +
                              " --duration 3600 --dt 60 --dx 100000 --output-interval 1e-4 -o " +
                              out.string());
  EXPECT_EQ(rows.exit_code, 2) << rows.err;
  EXPECT_NE(rows.err.find("--allow-large-output"), std::string::npos) << rows.err;
  EXPECT_FALSE(fs::exists(out));
  // A step count over the limit too.
  const CliRun steps = run_cli("transient " + example().string() +
                               " --duration 3600 --dt 1e-4 --dx 100000 -o " + out.string());
  EXPECT_EQ(steps.exit_code, 2) << steps.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Hardening, TinyDxIsAnErrorNotOneCell) {
  const fs::path out = scratch() / "t_dx";
  fs::remove_all(out);
  const CliRun r = run_cli("transient " + example().string() +
                           " --duration 60 --dt 60 --dx 1e-15 -o " + out.string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("cells"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Hardening, GasTranSimInitialTimeOfTwoToThe64IsRefused) {
  LINEPACK_REQUIRE_DATA(data);
  const fs::path src = data / "gastransim/examples/data/8-node";
  if (!fs::exists(src)) GTEST_SKIP() << "GasTranSim 8-node case not found";
  const fs::path dir = scratch() / "gts_8node";
  fs::remove_all(dir);
  fs::copy(src, dir, fs::copy_options::recursive);
  auto params = nlohmann::json::parse(read(dir / "params.json"));
  auto& p = params.contains("simulation_params") ? params["simulation_params"] : params["params"];
  std::string key = "Initial time";
  for (const auto& [k, v] : p.items())
    if (k.find("Initial time") != std::string::npos) key = k;
  p[key] = 18446744073709551616.0;
  std::ofstream(dir / "params.json") << params.dump(1);
  const fs::path out = scratch() / "gts_out";
  fs::remove_all(out);
  const CliRun r = run_cli("transient " + dir.string() + " --duration 60 --dt 10 --dx 1000 -o " +
                           out.string());
  expect_clean_error(r, "params.json");
  EXPECT_FALSE(fs::exists(out));
}

// ---- item 2: deep nesting ----

TEST(Hardening, DeeplyNestedJsonIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const fs::path m = write("deep.json", deep);
  expect_clean_error(run_cli("solve " + m.string() + " -o " + (scratch() / "deep_out.json").string()), m);
  EXPECT_FALSE(fs::exists(scratch() / "deep_out.json"));
  // In a study's stations (copied into study.json), and in a GasTranSim-style bc file.
  const fs::path cfg = write("deep_study.json", R"({"supply_node": "N0s", "line_start_node": "N0s",
    "terminal_node": "N7", "cases": [], "stations": )" + deep + "}");
  expect_clean_error(run_cli("study " + cfg.string() + " -o " + (scratch() / "deep_study").string()), cfg);
  EXPECT_FALSE(fs::exists(scratch() / "deep_study"));
}

// ---- item 3: a study tag writes outside the output folder ----

TEST(Hardening, StudyTagMustBeAPlainFileName) {
  fs::remove("/tmp/linepack_escaped_abs.json");  // left by an earlier, faulty build
  for (const std::string tag : {"../escaped", "/tmp/linepack_escaped_abs", "a/b", ".."}) {
    const fs::path cfg = write("tag_study.json", R"({"supply_node": "N0s", "line_start_node": "N0s",
      "terminal_node": "N7", "cases": [{"name": "base", "tag": ")" + tag + R"(", "model": ")" +
                                                  example().string() + R"("}]})");
    const fs::path out = scratch() / "tag_out";
    fs::remove_all(out);
    const CliRun r = run_cli("study " + cfg.string() + " -o " + out.string());
    expect_clean_error(r, cfg);
    EXPECT_NE(r.err.find("plain file name"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(scratch() / "escaped.json"));
    EXPECT_FALSE(fs::exists("/tmp/linepack_escaped_abs.json"));
    EXPECT_FALSE(fs::exists(out));
  }
}

// ---- item 4: exit code 2 with files left behind ----

TEST(Hardening, StudyConfigErrorAfterCasesLeavesNothing) {
  const fs::path cfg = write("late_error_study.json", R"({"supply_node": "N0s",
    "line_start_node": "N0s", "terminal_node": "N7",
    "cases": [{"name": "base", "tag": "base", "model": ")" + example().string() + R"("}],
    "capacity": [{"case": "c", "model": ")" + example().string() + R"(", "stations": "bogus",
                  "deliver": {"N7": 1}}]})");
  const fs::path out = scratch() / "late_error_out";
  fs::remove_all(out);
  const CliRun r = run_cli("study " + cfg.string() + " -o " + out.string());
  expect_clean_error(r, cfg);
  EXPECT_NE(r.err.find("bogus"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out / "base.json"));
  EXPECT_FALSE(fs::exists(out));
}

TEST(Hardening, StudyStationsMustBeAnArray) {
  const fs::path cfg = write("bogus_stations_study.json", R"({"supply_node": "N0s",
    "line_start_node": "N0s", "terminal_node": "N7", "cases": [], "stations": "bogus"})");
  const fs::path out = scratch() / "bogus_stations_out";
  fs::remove_all(out);
  expect_clean_error(run_cli("study " + cfg.string() + " -o " + out.string()), cfg);
  EXPECT_FALSE(fs::exists(out));
}

TEST(Hardening, SolveWithCsvInMissingFolderWritesNoJson) {
  const fs::path out = scratch() / "csv_missing.json";
  fs::remove(out);
  const CliRun r = run_cli("solve " + example().string() + " -o " + out.string() + " --csv " +
                           (scratch() / "no_such_dir/p").string());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("no_such_dir"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

// ---- items 6 and 4: non-UTF-8 ids; a failing convert keeps the existing output ----

TEST(Hardening, NonUtf8GaslibIdIsAnInputErrorAndConvertKeepsOldOutput) {
  const std::string net = R"(<?xml version="1.0" encoding="UTF-8"?>
<network xmlns="http://gaslib.zib.de/Gas" xmlns:framework="http://gaslib.zib.de/Framework">
  <framework:nodes>
    <source id="s)" "\xff\xfe" R"(" x="0" y="0">
      <height value="0" unit="m"/><pressureMin value="1" unit="bar"/><pressureMax value="80" unit="bar"/>
    </source>
  </framework:nodes>
  <framework:connections/>
</network>
)";
  const fs::path file = write("bad_utf8.net", net);
  const fs::path out = write("bad_utf8_existing.json", "keep me\n");
  const CliRun r = run_cli("convert " + file.string() + " -o " + out.string());
  expect_clean_error(r, file);
  EXPECT_NE(r.err.find("UTF-8"), std::string::npos) << r.err;
  EXPECT_EQ(read(out), "keep me\n");
}

// ---- item 5: two fixed pressures joined without loss ----

TEST(Hardening, ShortPipeBetweenTwoFixedPressuresIsAnError) {
  const std::string text = R"({"format": "linepack-model", "version": 1,
  "nodes": [{"id": "a"}, {"id": "b"}],
  "short_pipes": [{"id": "s1", "from": "a", "to": "b"}],
  "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": 5e6},
                              {"node": "b", "kind": "pressure", "value": 4e6}]}})";
  const fs::path m = write("two_fixed.json", text);
  const fs::path out = scratch() / "two_fixed_out.json";
  fs::remove(out);
  const CliRun r = run_cli("solve " + m.string() + " -o " + out.string());
  expect_clean_error(r, m);
  EXPECT_NE(r.err.find("'s1'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no solution"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

// ---- item 7: memory bounded by input size ----

TEST(Hardening, OversizedInputIsRefusedBeforeReading) {
  const fs::path m = scratch() / "huge.json";
  { std::ofstream(m) << " "; }
  fs::resize_file(m, (std::uintmax_t{257} << 20));  // sparse: no disk used
  const CliRun r = run_cli("solve " + m.string() + " -o " + (scratch() / "huge_out.json").string());
  expect_clean_error(r, m);
  EXPECT_NE(r.err.find("256 MiB"), std::string::npos) << r.err;
  fs::remove(m);
}

// ---- items 9 and 10: raw library messages, absurd values ----

TEST(Hardening, NumberOverflowNamesTheFile) {
  const fs::path m = write("overflow.json", model(", \"roughness_m\": 1e400"));
  expect_clean_error(run_cli("solve " + m.string() + " -o " + (scratch() / "ov.json").string()), m);
}

TEST(Hardening, WrongTypeInStudyNamesTheFile) {
  const fs::path cfg = write("type_study.json", R"({"supply_node": 7, "line_start_node": "N0s",
    "terminal_node": "N7", "cases": []})");
  expect_clean_error(run_cli("study " + cfg.string() + " -o " + (scratch() / "type_out").string()), cfg);
}

TEST(Hardening, ImplausibleValuesNeedAllowUnusual) {
  struct Case {
    std::string name, text, words;
  };
  const Case cases[] = {
      {"supply_50pa.json", model("", "50"), "boundary pressure"},
      {"diameter_600.json", linepack::test::replace_first(model(""), "\"diameter_m\": 0.5",
                                                          "\"diameter_m\": 600"),
       "diameter"},
      {"length_1e308.json", linepack::test::replace_first(model(""), "\"length_m\": 10000",
                                                          "\"length_m\": 1e308"),
       "length"},
  };
  for (const auto& c : cases) {
    const fs::path m = write(c.name, c.text);
    const fs::path out = scratch() / (c.name + ".out.json");
    fs::remove(out);
    const CliRun r = run_cli("solve " + m.string() + " -o " + out.string());
    expect_clean_error(r, m);
    EXPECT_NE(r.err.find(c.words), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--allow-unusual"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
  // With the option the 50 Pa supply is solved (and is not "converged" with a positive demand).
  const fs::path m = write("supply_50pa.json", model("", "50"));
  const CliRun allowed = run_cli("solve " + m.string() + " --allow-unusual -o " +
                                 (scratch() / "allowed.json").string());
  EXPECT_NE(allowed.exit_code, 2) << allowed.err;
}

TEST(Hardening, AbsurdCompressorRatioIsRefused) {
  const std::string text = R"({"format": "linepack-model", "version": 1,
  "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
  "pipes": [{"id": "p1", "from": "b", "to": "c", "length_m": 10000, "diameter_m": 0.5}],
  "compressors": [{"id": "k1", "from": "a", "to": "b", "state": "active", "mode": "pressure_ratio",
                   "setpoint": 1e6}],
  "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": 5e6},
                              {"node": "c", "kind": "flow", "value": 20}]}})";
  const fs::path m = write("ratio.json", text);
  const CliRun r = run_cli("solve " + m.string() + " -o " + (scratch() / "ratio_out.json").string());
  expect_clean_error(r, m);
  EXPECT_NE(r.err.find("'k1'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pressure ratio"), std::string::npos) << r.err;
}

TEST(Hardening, CapacityShareOfZeroIsAnError) {
  const CliRun r = run_cli("capacity " + example().string() + " --deliver N7:0 --deliver N5:1");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("N7:0"), std::string::npos) << r.err;
  const CliRun text = run_cli("capacity " + example().string() + " --deliver N7:abc");
  EXPECT_EQ(text.exit_code, 2) << text.err;
  EXPECT_EQ(text.err.find("stod"), std::string::npos) << text.err;
}

TEST(Hardening, LanlParamsWithoutParamsObjectIsAnError) {
  LINEPACK_REQUIRE_DATA(data);
  const fs::path src = data / "gassteadysim/test/data/8-node";
  if (!fs::exists(src)) GTEST_SKIP() << "GasSteadySim 8-node case not found";
  const fs::path dir = scratch() / "lanl_8node";
  fs::remove_all(dir);
  fs::copy(src, dir, fs::copy_options::recursive);
  std::ofstream(dir / "params.json") << R"({"something_else": {"Temperature (K):": 150}})";
  const CliRun r = run_cli("info " + dir.string());
  expect_clean_error(r, "params.json");
  EXPECT_NE(r.err.find("params"), std::string::npos) << r.err;
}

// ---- issue 13: nominations of another network ----

TEST(Hardening, NominationOfAnotherNetworkIsAnError) {
  LINEPACK_REQUIRE_DATA(data);
  const fs::path net = data / "gaslib/582-v1/GasLib-582.net";
  const fs::path scn = data / "gaslib/official/GasLib-40/GasLib-40.scn";
  if (!fs::exists(net) || !fs::exists(scn)) GTEST_SKIP() << "GasLib-582 or GasLib-40 not found";
  const fs::path out = scratch() / "mismatch.json";
  fs::remove(out);
  const CliRun r = run_cli("solve " + net.string() + " --scenario " + scn.string() + " -o " +
                           out.string());
  expect_clean_error(r, scn);
  EXPECT_FALSE(fs::exists(out));
}

// ---- issue 13: safe outputs ----

TEST(Hardening, DashWritesTheResultToStandardOutput) {
  const fs::path captured = scratch() / "stdout.json";
  fs::remove(fs::current_path() / "-");  // left by an earlier, faulty build
  const std::string cmd = linepack::test::cli_path().string() + " solve " + example().string() +
                          " -q -o - > " + captured.string() + " 2>/dev/null";
  const int status = std::system(cmd.c_str());
  ASSERT_EQ(WEXITSTATUS(status), 0);
  const auto j = nlohmann::json::parse(read(captured));
  EXPECT_EQ(j.at("status"), "converged");
  EXPECT_FALSE(fs::exists(fs::current_path() / "-"));
}

TEST(Hardening, FifoOutputIsWrittenThroughNotReplaced) {
  const fs::path fifo = scratch() / "result.fifo";
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // The read end is opened first, without blocking; the small result fits the pipe's buffer, so
  // the run never waits for a reader and a regression (the FIFO replaced) cannot hang the test.
  const int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(fd, 0);
  const fs::path m = write("fifo_model.json", model());
  const CliRun r = run_cli("solve " + m.string() + " -q -o " + fifo.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, std::size_t(n));
  ::close(fd);
  ASSERT_FALSE(text.empty()) << "nothing came through the FIFO";
  EXPECT_EQ(nlohmann::json::parse(text).at("status"), "converged");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_FALSE(fs::exists(fs::path(fifo.string() + ".partial")));
  fs::remove(fifo);
}

// ---- issue 14 item 9: a problem a controls file brings in names the controls file ----

TEST(Hardening, ControlsProblemNamesTheControlsFile) {
  const fs::path ctl = write("bad_controls.json", R"({"controls": [
    {"element": "CS-1", "state": "active", "mode": "outlet_pressure", "setpoint": 9e6}],
    "boundaries": [{"node": "no_such_node", "kind": "flow", "value": 1}]})");
  const CliRun r = run_cli("solve " + example().string() + " --controls " + ctl.string() +
                           " -o " + (scratch() / "bad_controls_out.json").string());
  expect_clean_error(r, ctl);
  EXPECT_NE(r.err.find("no_such_node"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("model.json"), std::string::npos) << r.err;
  // A setpoint of 1e300 Pa is a plausibility error of the controls file.
  const fs::path big = write("big_controls.json", R"({"controls": [
    {"element": "CS-1", "state": "active", "mode": "outlet_pressure", "setpoint": 1e300}]})");
  const CliRun b = run_cli("solve " + example().string() + " --controls " + big.string() +
                           " -o " + (scratch() / "big_controls_out.json").string());
  expect_clean_error(b, big);
  EXPECT_NE(b.err.find("--allow-unusual"), std::string::npos) << b.err;
}

TEST(Hardening, SavedStateAtAnExtremeTimeIsRefused) {
  const fs::path m = write("state_model.json", model());
  const fs::path first = scratch() / "state_first";
  fs::remove_all(first);
  const CliRun r = run_cli("transient " + m.string() + " --duration 60 --dt 60 --dx 5000 -q -o " +
                           first.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto state = nlohmann::json::parse(read(first / "final_state.json"));
  state["time_s"] = 1e18;
  const fs::path saved = write("state_1e18.json", state.dump());
  const fs::path out = scratch() / "state_second";
  fs::remove_all(out);
  const CliRun again = run_cli("transient " + m.string() + " --initial-state " + saved.string() +
                               " --duration 60 --dt 60 --dx 5000 -q -o " + out.string());
  expect_clean_error(again, saved);
  EXPECT_NE(again.err.find("time_s"), std::string::npos) << again.err;
  EXPECT_FALSE(fs::exists(out));
}
