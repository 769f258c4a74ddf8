// Validation with --objective fuel on GasLib-582's shipped nominations (v1 and v2-full, station
// maps and ratio boxes, each with its .cdf as the command line reads it): the control found is
// re-solved here, its fuel equals the reported fuel, and the gap to the bound is at most 1 %
// (measured: 0, every station bypassed, which the bound 0 proves optimal). With ratio boxes the
// first feasible control of v2-full runs all five stations (4.74 kg/s of fuel, measured before
// the improvement); the search for cheaper controls must find the one without.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <string>

#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/nomination.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;
using namespace linepack;
using validation::Verdict;

namespace {

struct Case {
  std::string net, scn, cdf;
};

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

void expect_optimal_fuel(const fs::path& dir, const Case& c, bool station_maps) {
  auto m = io::read_gaslib(dir / c.net, dir / c.scn);
  validation::ValidationOptions options;
  options.objective = validation::Objective::fuel;
  options.time_limit_s = 20.0;
  options.station_maps = station_maps;
  options.combined_decisions = std::make_shared<const validation::CombinedDecisions>(
      io::read_gaslib_cdf(dir / c.cdf, m.network));
  const auto r = validation::validate_nomination(m.network, m.scenario, options);
  const std::string label = fmt::format("{} {}", c.net, station_maps ? "maps" : "box");
  fmt::print("{}: {} in {:.0f} ms, fuel {:.4f} kg/s, gap {}: {}\n", label,
             validation::to_string(r.verdict), r.time_s * 1e3, r.fuel_kg_per_s,
             r.gap ? fmt::format("{:.4f}", *r.gap) : "-", r.message.substr(0, 300));
  ASSERT_EQ(r.verdict, Verdict::feasible) << label << ": " << r.message;
  ASSERT_TRUE(r.control && r.check) << label;
  // The bound is justified (0: fuel is never negative) and the gap within the 1 % of issue 10.
  ASSERT_TRUE(r.objective_bound && r.gap) << label;
  EXPECT_EQ(r.objective_bound_source, "zero") << label;
  EXPECT_EQ(*r.objective_bound, 0.0) << label;
  EXPECT_LE(*r.gap, 0.01) << label;
  EXPECT_EQ(occurrences(r.message, "combined decisions (.cdf) used"), 1u) << r.message;
  // An independent re-solve of the control: within every bound, and the fuel reported.
  if (!station_maps)
    for (auto& s : m.network.compressors) s.station.reset();
  const auto check = steady::solve(m.network, *r.control);
  ASSERT_EQ(check.status, steady::Status::converged) << label;
  EXPECT_TRUE(check.violations.empty()) << label;
  EXPECT_NEAR(check.total_fuel_kg_per_s, r.fuel_kg_per_s, 1e-9 * (1.0 + r.fuel_kg_per_s)) << label;
  EXPECT_NEAR(check.total_compressor_power_w, r.power_w, 1e-6 * (1.0 + r.power_w)) << label;
}

}  // namespace

TEST(GaslibObjective, GasLib582v1ShippedNominationAtLeastFuel) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/582-v1/GasLib-582.cdf");
  const Case c{"GasLib-582.net", "GasLib-582.scn", "GasLib-582.cdf"};
  expect_optimal_fuel(root / "gaslib/582-v1", c, true);
  expect_optimal_fuel(root / "gaslib/582-v1", c, false);
}

TEST(GaslibObjective, GasLib582v2fullShippedNominationAtLeastFuel) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/582-v2-full/GasLib-582-v2.cdf");
  const Case c{"GasLib-582-v2.net", "nomination_cold_5.scn", "GasLib-582-v2.cdf"};
  expect_optimal_fuel(root / "gaslib/582-v2-full", c, true);
  expect_optimal_fuel(root / "gaslib/582-v2-full", c, false);
}

TEST(GaslibObjective, WithoutAnObjectiveNoBoundIsClaimed) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/582-v1/GasLib-582.net");
  const fs::path dir = root / "gaslib/582-v1";
  const auto m = io::read_gaslib(dir / "GasLib-582.net", dir / "GasLib-582.scn");
  const auto r = validation::validate_nomination(m.network, m.scenario);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  EXPECT_FALSE(r.objective_bound);
  EXPECT_FALSE(r.gap);
  EXPECT_TRUE(r.objective_bound_source.empty());
}
