// The command line's contract: exit codes (0 converged, 1 not converged/infeasible with the
// report written, 2 invalid input or usage with nothing written), error messages that name the
// file, line or element, and the result file's required fields.
#include <gtest/gtest.h>

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
using linepack::test::replace_first;

namespace {

using linepack::test::CliRun;

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / "linepack_cli_test";
  fs::create_directories(dir);
  return dir;
}

CliRun run(const std::string& args) { return linepack::test::run_cli(args); }

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p;
}

fs::path example() { return linepack::test::source_dir() / "examples/pakistan-stream/model.json"; }

const char* two_node_model = R"({
  "format": "linepack-model", "version": 1,
  "nodes": [{"id": "a"}, {"id": "b"}],
  "pipes": [{"id": "p1", "from": "a", "to": "b", "length_m": 10000, "diameter_m": 0.5}],
  "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": 5e6},
                              {"node": "b", "kind": "flow", "value": FLOW}]}
})";

std::string with_flow(const std::string& flow) {
  return replace_first(two_node_model, "FLOW", flow);
}

}  // namespace

TEST(Cli, SolveWritesRequiredFields) {
  const fs::path out = scratch() / "ok.json";
  fs::remove(out);
  const CliRun r = run("solve " + example().string() + " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j.at("status"), "converged");
  EXPECT_GT(j.at("iterations").get<int>(), 0);
  ASSERT_FALSE(j.at("nodes").empty());
  EXPECT_TRUE(j["nodes"][0].contains("id"));
  EXPECT_TRUE(j["nodes"][0].contains("pressure_pa"));
  EXPECT_TRUE(j["nodes"][0].contains("pressure_bar"));
  ASSERT_FALSE(j.at("elements").empty());
  for (const char* key : {"id", "kind", "mass_flow_kg_per_s", "flow_1000m3_per_h"})
    EXPECT_TRUE(j["elements"][0].contains(key)) << key;
}

TEST(Cli, InfeasibleDemandExitsOneWithReport) {
  const fs::path model = write("infeasible.json", with_flow("2000"));
  const fs::path out = scratch() / "infeasible_result.json";
  fs::remove(out);
  const CliRun r = run("solve " + model.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  ASSERT_TRUE(fs::exists(out));
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j.at("status"), "infeasible");
  EXPECT_FALSE(j.at("worst_equations").empty());
  // infeasible only with its proof: the relaxation's negative potential and where it is lost
  ASSERT_TRUE(j.at("certificate").is_object());
  EXPECT_EQ(j["certificate"].at("reason"), "negative_potential");
  EXPECT_LT(j["certificate"].at("lowest_pressure_pa").get<double>(), 0.0);
  EXPECT_GE(j["certificate"].at("path").size(), 3u);
}

TEST(Cli, ZeroFlowConverges) {
  const fs::path model = write("zero.json", with_flow("0"));
  const CliRun r = run("solve " + model.string() + " -o " + (scratch() / "zero_result.json").string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

struct BadInput {
  const char* name;
  std::string text;
  std::string expected;  // a piece of the error message
};

void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

class CliBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliBadInput, ExitsTwoNamesTheProblemAndWritesNothing) {
  const BadInput& c = GetParam();
  const fs::path model = write(std::string(c.name) + ".json", c.text);
  const fs::path out = scratch() / (std::string(c.name) + "_result.json");
  fs::remove(out);
  const CliRun r = run("solve " + model.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(model.filename().string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadInput,
    ::testing::Values(
        BadInput{"malformed", "{\"format\": \"linepack-model\",\n \"version\": 1,\n \"nodes\": [",
                 ":3"},
        BadInput{"negative_length", replace_first(with_flow("10"), "10000", "-5"), "p1"},
        BadInput{"unknown_node", replace_first(with_flow("10"), "\"to\": \"b\"", "\"to\": \"x\""),
                 "x"},
        BadInput{"duplicate_id",
                 replace_first(with_flow("10"), "{\"id\": \"b\"}", "{\"id\": \"a\"}"),
                 "duplicate"},
        BadInput{"no_pressure_reference",
                 replace_first(with_flow("10"), "\"kind\": \"pressure\", \"value\": 5e6",
                               "\"kind\": \"flow\", \"value\": -10"),
                 "pressure reference"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("solve").exit_code, 2);
  EXPECT_EQ(run("frobnicate x").exit_code, 2);
  EXPECT_EQ(run("solve " + example().string()).exit_code, 2);  // no -o
  const CliRun missing = run("solve /nonexistent/model.json -o /tmp/x.json");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/model.json"), std::string::npos) << missing.err;
}

TEST(Cli, GaslibWrongUnitNamesFileLineAndElement) {
  LINEPACK_REQUIRE_DATA(dir);
  std::ifstream in(dir / "gaslib/official/GasLib-11/GasLib-11.net");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const std::size_t at = text.find("<length unit=\"km\"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 17, "<length unit=\"furlong\"");
  const fs::path net = write("GasLib-11-bad.net", text);
  const fs::path out = scratch() / "gaslib_bad.json";
  fs::remove(out);
  const CliRun r = run("solve " + net.string() + " --scenario " +
                    (dir / "gaslib/official/GasLib-11/GasLib-11.scn").string() + " -o " +
                    out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("GasLib-11-bad.net:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("furlong"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pipe"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, ConvertRoundTripSolvesTheSame) {
  LINEPACK_REQUIRE_DATA(dir);
  const fs::path net = dir / "gaslib/official/GasLib-40/GasLib-40.net";
  const fs::path scn = dir / "gaslib/official/GasLib-40/GasLib-40.scn";
  const fs::path model = scratch() / "gaslib40.json";
  ASSERT_EQ(run("convert " + net.string() + " --scenario " + scn.string() + " -o " +
                model.string()).exit_code, 0);
  const fs::path a = scratch() / "a.json", b = scratch() / "b.json";
  ASSERT_EQ(run("solve " + net.string() + " --scenario " + scn.string() + " -o " + a.string())
                .exit_code, 0);
  ASSERT_EQ(run("solve " + model.string() + " -o " + b.string()).exit_code, 0);
  std::ifstream ia(a), ib(b);
  auto ja = nlohmann::json::parse(ia), jb = nlohmann::json::parse(ib);
  ASSERT_EQ(ja["nodes"].size(), jb["nodes"].size());
  for (std::size_t i = 0; i < ja["nodes"].size(); ++i)
    EXPECT_EQ(ja["nodes"][i]["pressure_pa"], jb["nodes"][i]["pressure_pa"]);
  EXPECT_EQ(run("info " + model.string()).exit_code, 0);
}

TEST(Cli, SolveStartsFromAResultsStateAndNamesWhatIsMissing) {
  const fs::path first = scratch() / "start_first.json", again = scratch() / "start_again.json";
  fs::remove(first);
  fs::remove(again);
  ASSERT_EQ(run("solve " + example().string() + " -o " + first.string()).exit_code, 0);
  // From its own converged state: the same state, without Newton's path from the guess.
  const CliRun r = run("solve " + example().string() + " --start " + first.string() + " -o " +
                       again.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream a(first), b(again);
  const auto ja = nlohmann::json::parse(a), jb = nlohmann::json::parse(b);
  EXPECT_LE(jb.at("iterations").get<int>(), 1);
  EXPECT_LT(jb.at("iterations").get<int>(), ja.at("iterations").get<int>());
  for (std::size_t i = 0; i < ja["nodes"].size(); ++i)
    EXPECT_NEAR(jb["nodes"][i]["pressure_pa"].get<double>(), ja["nodes"][i]["pressure_pa"].get<double>(), 1e-2);
  // A node missing from the start: exit 2, the file and the node named, nothing written.
  auto partial = ja;
  const std::string dropped = partial["nodes"][0]["id"].get<std::string>();
  partial["nodes"].erase(partial["nodes"].begin());
  const fs::path bad = write("start_partial.json", partial.dump());
  const fs::path out = scratch() / "start_bad_out.json";
  fs::remove(out);
  const CliRun e = run("solve " + example().string() + " --start " + bad.string() + " -o " + out.string());
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_NE(e.err.find("start_partial.json"), std::string::npos) << e.err;
  EXPECT_NE(e.err.find(dropped), std::string::npos) << e.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, SolveTakesAValidateResultAsControlsAndStart) {
  // linepack validate's result holds its control (`controls`) and its re-checked state
  // (`steady_check`): given as both, linepack solve reproduces that state at once.
  const fs::path result = scratch() / "validated.json", solved = scratch() / "validated_solved.json";
  fs::remove(result);
  fs::remove(solved);
  const CliRun v = run("validate " + example().string() + " -o " + result.string());
  ASSERT_EQ(v.exit_code, 0) << v.err;
  const CliRun s = run("solve " + example().string() + " --controls " + result.string() +
                       " --start " + result.string() + " -o " + solved.string());
  ASSERT_EQ(s.exit_code, 0) << s.err;
  std::ifstream a(result), b(solved);
  const auto check = nlohmann::json::parse(a).at("steady_check"), again = nlohmann::json::parse(b);
  EXPECT_LE(again.at("iterations").get<int>(), 1);
  ASSERT_EQ(check.at("nodes").size(), again.at("nodes").size());
  for (std::size_t i = 0; i < again["nodes"].size(); ++i)
    EXPECT_NEAR(again["nodes"][i]["pressure_pa"].get<double>(),
                check["nodes"][i]["pressure_pa"].get<double>(), 1e-2);
}
