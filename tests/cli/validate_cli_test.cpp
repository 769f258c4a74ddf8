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

// ---- GasLib combined decisions (.cdf) ----

namespace {

void write_cdf(const fs::path& p, const std::string& groups) {
  std::ofstream(p) << "<?xml version=\"1.0\"?>\n<combinedDecisions "
                      "xmlns=\"http://gaslib.zib.de/CombinedDecisions\">\n"
                   << groups << "</combinedDecisions>\n";
}

/// GasLib-11 (.net, .cs, .scn) copied into `dir`, so that a .cdf can sit beside it.
fs::path gaslib11_copy(const fs::path& data, const std::string& dir) {
  const fs::path out = scratch() / dir;
  fs::remove_all(out);
  fs::create_directories(out);
  for (const char* ext : {".net", ".cs", ".scn"})
    fs::copy_file(data / "gaslib/official/GasLib-11" / (std::string("GasLib-11") + ext),
                  out / (std::string("GasLib-11") + ext));
  return out;
}

}  // namespace

TEST(ValidateCli, CdfForbiddingTheOnlyFeasibleCombinationIsNotFeasible) {
  // The line of validation_line.hpp at 30 kg/s is feasible only with its station compressing
  // (tests/verification/combined_decisions_test.cpp); this .cdf allows it bypassed or closed.
  const fs::path model = write_line("cdf_line.json", 30.0);
  const fs::path cdf = scratch() / "cdf_line.cdf";
  write_cdf(cdf, "<decisionGroup id=\"station_rule\">\n"
                 " <decision id=\"bypassed\"><compressorStation id=\"cs\" value=\"1\" mode=\"bypass\"/></decision>\n"
                 " <decision id=\"closed\"><compressorStation id=\"cs\" value=\"0\"/></decision>\n"
                 "</decisionGroup>\n");
  const fs::path out = scratch() / "cdf_line_result.json";
  fs::remove(out);
  const auto free = run_cli("validate " + model.string() + " -q -o " + out.string());
  ASSERT_EQ(free.exit_code, 0) << free.err;
  const auto r = run_cli("validate " + model.string() + " --cdf " + cdf.string() + " -q -o " +
                         out.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const auto j = read_json(out);
  EXPECT_NE(j["verdict"], "feasible");
  EXPECT_NE(j["message"].get<std::string>().find("station_rule"), std::string::npos);
}

TEST(ValidateCli, CdfBesideTheNetIsReadAndReported) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/official/GasLib-11/GasLib-11.net");
  const fs::path dir = gaslib11_copy(data, "cdf_g11");
  write_cdf(dir / "GasLib-11.cdf",
            "<decisionGroup id=\"entry\">\n"
            " <decision id=\"shut\"><valve id=\"V01_N01_N03\" value=\"0\"/></decision>\n"
            " <decision id=\"through\"><valve id=\"V01_N01_N03\" value=\"1\" flowDirection=\"0\"/>"
            "<compressorStation id=\"CS01_entry03_N01\" value=\"1\" flowDirection=\"0\"/></decision>\n"
            "</decisionGroup>\n");
  const fs::path out = dir / "result.json";
  const auto r = run_cli("validate " + (dir / "GasLib-11.net").string() + " --scenario " +
                         (dir / "GasLib-11.scn").string() + " -q -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = read_json(out);
  ASSERT_EQ(j["verdict"], "feasible");
  ASSERT_EQ(j["combined_decisions"].size(), 1u);
  EXPECT_EQ(j["combined_decisions"][0]["group"], "entry");
  EXPECT_FALSE(j["combined_decisions"][0]["decision"].get<std::string>().empty());
  // --no-cdf: no combined decisions in the result.
  const auto n = run_cli("validate " + (dir / "GasLib-11.net").string() + " --scenario " +
                         (dir / "GasLib-11.scn").string() + " --no-cdf -q -o " + out.string());
  ASSERT_EQ(n.exit_code, 0) << n.err;
  EXPECT_FALSE(read_json(out).contains("combined_decisions"));
}

TEST(ValidateCli, CdfNamingAnUnknownElementExitsTwoWithNothingWritten) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/official/GasLib-11/GasLib-11.net");
  const fs::path dir = gaslib11_copy(data, "cdf_g11_bad");
  write_cdf(dir / "GasLib-11.cdf",
            "<decisionGroup id=\"dG_7\">\n <decision id=\"d1\">\n"
            "  <valve id=\"valve_nowhere\" value=\"1\"/>\n </decision>\n</decisionGroup>\n");
  const fs::path out = dir / "result.json";
  const std::string args = "validate " + (dir / "GasLib-11.net").string() + " --scenario " +
                           (dir / "GasLib-11.scn").string() + " -o " + out.string();
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_NE(r.err.find("GasLib-11.cdf:5"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("valve_nowhere"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("dG_7"), std::string::npos) << r.err;
  // The same in a folder run: exit 2, no status table.
  fs::create_directories(dir / "noms");
  fs::copy_file(dir / "GasLib-11.scn", dir / "noms/a.scn");
  const auto b = run_cli("validate " + (dir / "GasLib-11.net").string() + " --scenarios " +
                         (dir / "noms").string() + " -o " + (dir / "batch").string());
  EXPECT_EQ(b.exit_code, 2) << b.err;
  EXPECT_FALSE(fs::exists(dir / "batch"));
  // --no-cdf sets it aside.
  const auto n = run_cli(args + " --no-cdf -q");
  EXPECT_EQ(n.exit_code, 0) << n.err;
}
