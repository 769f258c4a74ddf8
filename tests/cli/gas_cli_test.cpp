// `linepack gas` and the real-gas options of `linepack solve`: JSON keys, exit codes and
// messages for bad compositions and states (never a NaN in the output).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "linepack/gas/gerg2008.hpp"
#include "linepack/gas/presets.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;

namespace {

struct Run {
  int exit_code;
  std::string out, err;
};

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / "linepack_gas_cli_test";
  fs::create_directories(dir);
  return dir;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Run run(const std::string& args) {
  static int counter = 0;
  const std::string tag = std::to_string(::getpid()) + "_" + std::to_string(counter++);
  const fs::path out = scratch() / ("out_" + tag), err = scratch() / ("err_" + tag);
  const std::string cmd = linepack::test::cli_path().string() + " " + args + " > " + out.string() +
                          " 2> " + err.string();
  const int status = std::system(cmd.c_str());
  return {WEXITSTATUS(status), slurp(out), slurp(err)};
}

fs::path write(const std::string& name, const std::string& text) {
  const fs::path p = scratch() / name;
  std::ofstream(p) << text;
  return p;
}

TEST(GasCli, JsonPropertiesOfAPreset) {
  const auto r = run("gas --composition lean-lng --pressure-bar 70 --temperature-k 288.15 --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"z", "density_kg_per_m3", "molar_mass_kg_per_mol",
                          "speed_of_sound_m_per_s", "cp_j_per_kg_k", "joule_thomson_k_per_pa",
                          "isentropic_exponent", "enthalpy_j_per_kg", "entropy_j_per_kg_k"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(std::isfinite(j[key].get<double>())) << key;
  }
  EXPECT_EQ(j["eos"], "gerg2008");
  const linepack::gas::Gerg2008 eos(*linepack::gas::preset_composition("lean-lng"));
  EXPECT_DOUBLE_EQ(j["z"].get<double>(), eos.properties_tp(288.15, 70e5).z);
  EXPECT_GT(j["iso6976"]["gross_cv_j_per_m3"].get<double>(), 40e6);
  EXPECT_GT(j["energy_flow"]["mw_per_mmscfd"].get<double>(), 10.0);
}

TEST(GasCli, Aga8DetailAndTextOutput) {
  const auto r =
      run("gas --composition pipeline-gas --pressure-bar 50 --temperature-k 280 "
          "--eos aga8-detail");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("aga8-detail at 50 bar"), std::string::npos);
  EXPECT_NE(r.out.find("Wobbe"), std::string::npos);
  EXPECT_EQ(r.out.find("nan"), std::string::npos);
}

TEST(GasCli, BadCompositionsExitTwo) {
  const auto negative = write("negative.json", R"({"methane": 1.05, "ethane": -0.05})");
  auto r = run("gas --composition " + negative.string() + " --pressure-bar 70 --temperature-k 288");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("non-negative"), std::string::npos) << r.err;
  const auto unknown = write("unknown.json", R"({"methane": 0.9, "ethylene": 0.1})");
  r = run("gas --composition " + unknown.string() + " --pressure-bar 70 --temperature-k 288");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown component 'ethylene'"), std::string::npos) << r.err;
  const auto sum = write("sum.json", R"({"methane": 0.8, "ethane": 0.1})");
  r = run("gas --composition " + sum.string() + " --pressure-bar 70 --temperature-k 288");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("sum to 0.9"), std::string::npos) << r.err;
  r = run("gas --composition rich-gas --pressure-bar 70 --temperature-k 288");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("neither a preset"), std::string::npos) << r.err;
}

TEST(GasCli, OutOfRangeStatesExitTwo) {
  for (const char* state :
       {"--pressure-bar 0 --temperature-k 288", "--pressure-bar -5 --temperature-k 288",
        "--pressure-bar 800 --temperature-k 288", "--pressure-bar 70 --temperature-k 20",
        "--pressure-bar nan --temperature-k 288"}) {
    const auto r = run(std::string("gas --composition lean-lng ") + state + " --json");
    EXPECT_EQ(r.exit_code, 2) << state;
    EXPECT_NE(r.err.find("outside the range"), std::string::npos) << state << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << state;
  }
  // Inside the range of the equation but two-phase for this gas.
  const auto rich = write("rich.json", R"({"propane": 0.5, "n_butane": 0.5})");
  const auto r =
      run("gas --composition " + rich.string() + " --pressure-bar 50 --temperature-k 250");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("did not converge"), std::string::npos) << r.err;
  EXPECT_EQ(
      run("gas --composition lean-lng --pressure-bar 70 --temperature-k 288 --eos papay").exit_code,
      2);
}

TEST(GasCli, SolveWithGerg2008) {
  const fs::path model = linepack::test::source_dir() / "examples/pakistan-stream/model.json";
  const fs::path out = scratch() / ("gerg_" + std::to_string(::getpid()) + ".json");
  fs::remove(out);
  auto r = run("solve " + model.string() + " --eos gerg2008 -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("needs a gas composition"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
  r = run("solve " + model.string() + " --eos gerg2008 --composition lean-lng -q -o " +
          out.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(slurp(out))["status"], "converged");
}

}  // namespace
