// `linepack design-pipe` and the planning keys of `linepack study`: bad input (a design factor
// above 1, a negative price, an unknown grade) is a clear error, exit 2, and nothing is written.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "support/cli_run.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;
using linepack::test::run_cli;

namespace {

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("linepack_planning_cli_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

TEST(DesignPipeCli, WritesTheWallAndTonnage) {
  const fs::path out = scratch("ok.json");
  const auto r = run_cli("design-pipe --nps 56 --pressure-barg 98 --route 1010:1.2,70:2,20:3 -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  EXPECT_NEAR(j["pressure_wall_mm"].get<double>(), 20.06, 0.01);
  EXPECT_EQ(j["stretches"].size(), 3u);
  EXPECT_NEAR(j["stretches"][1]["nominal_wall_mm"].get<double>(), 24.1, 1e-9);
}

TEST(DesignPipeCli, DesignFactorAboveOneIsRejected) {
  const fs::path out = scratch("f.json");
  const auto r = run_cli("design-pipe --nps 56 --pressure-barg 98 --design-factor 1.2 -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("design factor must be in (0, 1], got 1.2"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DesignPipeCli, UnknownGradeIsRejected) {
  const fs::path out = scratch("g.json");
  const auto r = run_cli("design-pipe --nps 56 --pressure-barg 98 --grade X99 -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown steel grade \"X99\""), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(DesignPipeCli, NegativePriceIsRejected) {
  const fs::path out = scratch("p.json");
  const auto r = run_cli("design-pipe --nps 56 --pressure-barg 98 --line-pipe-usd-per-t -5 -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line_pipe_usd_per_t must be a finite number >= 0, got -5"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

/// The example's study config with one change, written beside the example (paths are relative).
fs::path study_with(const std::string& name, const std::function<void(nlohmann::json&)>& edit) {
  const fs::path dir = linepack::test::source_dir() / "examples/pakistan-stream";
  std::ifstream in(dir / "study.json");
  auto cfg = nlohmann::json::parse(in);
  edit(cfg);
  const fs::path file = scratch(name);
  fs::create_directories(file);
  // Model paths must resolve: point them at the example folder.
  std::function<void(nlohmann::json&)> absolutise = [&](nlohmann::json& j) {
    if (j.is_object()) {
      for (auto& [k, v] : j.items()) {
        if ((k == "model" || k == "controls" || k == "schedule") && v.is_string()) v = (dir / v.get<std::string>()).string();
        else absolutise(v);
      }
    } else if (j.is_array()) {
      for (auto& v : j) absolutise(v);
    }
  };
  absolutise(cfg);
  std::ofstream(file / "study.json") << cfg.dump(1);
  return file / "study.json";
}

TEST(StudyCli, NegativeGasPriceStopsTheStudyBeforeAnythingIsWritten) {
  const auto cfg = study_with("neg", [](nlohmann::json& c) { c["economics"]["gas_price_usd_per_mmbtu"] = -2.0; });
  const fs::path out = cfg.parent_path() / "out";
  const auto r = run_cli("study " + cfg.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("gas_price_usd_per_mmbtu must be a finite number >= 0, got -2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("study.json"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(StudyCli, UnknownGradeAndBadDesignFactorStopTheStudy) {
  {
    const auto cfg = study_with("grade", [](nlohmann::json& c) { c["mechanical"]["grade"] = "X99"; });
    const fs::path out = cfg.parent_path() / "out";
    const auto r = run_cli("study " + cfg.string() + " -o " + out.string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("mechanical.grade: unknown steel grade \"X99\""), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
  {
    const auto cfg = study_with("factor", [](nlohmann::json& c) {
      c["mechanical"]["location_classes"][0]["design_factor"] = 1.3;
    });
    const fs::path out = cfg.parent_path() / "out";
    const auto r = run_cli("study " + cfg.string() + " -o " + out.string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("a design factor must be in (0, 1], got 1.3"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
  }
}

}  // namespace
