// `linepack validate`: exit codes (0 feasible, 1 infeasible or undecided with the result
// written, 2 bad input with nothing written), the certificate in the result, and a control that
// `linepack solve --controls` accepts and confirms.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "linepack/io/native_json.hpp"
#include "support/cli_run.hpp"
#include "support/data_dir.hpp"
#include "support/validation_line.hpp"

namespace fs = std::filesystem;
using linepack::test::run_cli;

namespace {

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / "linepack_validate_cli_test";
  fs::create_directories(dir);
  return dir;
}

fs::path write_line(const std::string& name, double qx) {
  const auto v = linepack::test::validation_line(qx, 5.0);
  const fs::path p = scratch() / name;
  linepack::io::write_native_model({v.network, v.scenario}, p);
  return p;
}

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

}  // namespace

TEST(ValidateCli, InfeasibleExitsOneWithTheCertificate) {
  const fs::path model = write_line("infeasible.json", 60.0);
  const fs::path out = scratch() / "infeasible_result.json";
  fs::remove(out);
  const auto r = run_cli("validate " + model.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto j = read_json(out);
  EXPECT_EQ(j["verdict"], "infeasible");
  EXPECT_EQ(j["certificate"]["node"], "X");
  EXPECT_NE(j["certificate"]["explanation"].get<std::string>().find("exit 'X'"), std::string::npos);
  EXPECT_TRUE(j["steady_check"].is_null());
}

TEST(ValidateCli, FeasibleControlIsAcceptedBySolve) {
  const fs::path model = write_line("feasible.json", 30.0);
  const fs::path out = scratch() / "feasible_result.json";
  const auto r = run_cli("validate " + model.string() + " --objective fuel -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = read_json(out);
  EXPECT_EQ(j["verdict"], "feasible");
  EXPECT_GT(j["fuel_kg_per_s"].get<double>(), 0.0);
  // The control as a controls file: `linepack solve` converges within every bound (exit 0).
  const fs::path controls = scratch() / "controls.json";
  std::ofstream(controls) << j["controls"].dump(1);
  const fs::path solved = scratch() / "solved.json";
  const auto s = run_cli("solve " + model.string() + " --controls " + controls.string() + " -o " +
                         solved.string());
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_TRUE(read_json(solved)["violations"].empty());
}

TEST(ValidateCli, ScenarioOfAnotherNetworkExitsTwoNamingFileAndNode) {
  LINEPACK_REQUIRE_DATA(dir);
  const fs::path out = scratch() / "wrong_network.json";
  fs::remove(out);
  const fs::path scn = dir / "gaslib/official/GasLib-24/GasLib-24.scn";
  const auto r = run_cli("validate " + (dir / "gaslib/official/GasLib-11/GasLib-11.net").string() +
                         " --scenario " + scn.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("GasLib-24.scn"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("node"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(ValidateCli, UnknownObjectiveIsAUsageError) {
  const fs::path model = write_line("usage.json", 30.0);
  EXPECT_EQ(run_cli("validate " + model.string() + " --objective cost").exit_code, 2);
  EXPECT_EQ(run_cli("validate " + model.string() + " --time-limit -1").exit_code, 2);
}

TEST(ValidateCli, FolderOfNominationsWritesEveryStatusAndResumes) {
  LINEPACK_REQUIRE_DATA(dir);
  const fs::path in = scratch() / "nominations";
  const fs::path out = scratch() / "batch";
  fs::remove_all(in);
  fs::remove_all(out);
  fs::create_directories(in);
  const fs::path gaslib11 = dir / "gaslib/official/GasLib-11";
  fs::copy_file(gaslib11 / "GasLib-11.scn", in / "day1.scn");
  fs::copy_file(gaslib11 / "GasLib-11.scn", in / "day2.scn");
  std::ofstream(in / "broken.scn") << "<boundaryValue><scenario id='x'><node id='nowhere'";
  const std::string cmd = "validate " + (gaslib11 / "GasLib-11.net").string() + " --scenarios " +
                          in.string() + " -o " + out.string();
  const auto first = run_cli(cmd);
  EXPECT_EQ(first.exit_code, 1) << first.err;  // the broken nomination is an error row
  std::ifstream status(out / "status.csv");
  std::string text((std::istreambuf_iterator<char>(status)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("broken,error,"), std::string::npos) << text;
  EXPECT_NE(text.find("day1,feasible,"), std::string::npos) << text;
  EXPECT_NE(text.find("day2,feasible,"), std::string::npos) << text;
  EXPECT_TRUE(fs::exists(out / "results/day1.json"));
  EXPECT_EQ(read_json(out / "results/day2.json")["verdict"], "feasible");
  // Resume: unchanged nominations are reused; a changed one is validated again.
  std::ofstream(in / "day2.scn", std::ios::app) << "\n<!-- edited -->\n";
  const auto second = run_cli(cmd);
  const auto line_of = [&](const std::string& name) {
    const std::size_t at = second.err.find("] " + name + ":");
    return at == std::string::npos ? std::string()
                                   : second.err.substr(at, second.err.find('\n', at) - at);
  };
  EXPECT_NE(line_of("day1").find("feasible"), std::string::npos) << second.err;
  EXPECT_NE(line_of("day1").find("reused"), std::string::npos) << second.err;
  EXPECT_NE(line_of("day2").find("feasible"), std::string::npos) << second.err;
  EXPECT_EQ(line_of("day2").find("reused"), std::string::npos) << second.err;
  EXPECT_EQ(line_of("broken").find("reused"), std::string::npos) << second.err;  // errors rerun
}

TEST(ValidateCli, OneNominationOrAFolderNotBoth) {
  LINEPACK_REQUIRE_DATA(dir);
  const fs::path g = dir / "gaslib/official/GasLib-11";
  EXPECT_EQ(run_cli("validate " + (g / "GasLib-11.net").string() + " --scenario " +
                    (g / "GasLib-11.scn").string() + " --scenarios " + g.string() + " -o " +
                    (scratch() / "both").string())
                .exit_code,
            2);
}
