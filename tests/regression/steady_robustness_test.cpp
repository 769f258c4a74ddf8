// Robustness set: perturbed operating cases of GasLib-582 and GasLib-4197 (tests/support/
// perturbed_cases.hpp: every station active at a random ratio in [1.0, 1.5] with its bypass
// closed, exits scaled by a random factor in [0.5, 1.5]). Counts converged / proven infeasible /
// neither. Measured on the solver before the globalisation of issue 9 (same cases, 200 + 100):
// GasLib-582 and GasLib-4197 figures in docs/validation.md.
#include <gtest/gtest.h>

#include <cmath>

#include <fmt/format.h>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"
#include "support/perturbed_cases.hpp"

namespace {

using namespace linepack;
using steady::Status;

struct Counts {
  std::size_t converged = 0, infeasible = 0, neither = 0;
};

Counts run(const std::filesystem::path& net, const std::filesystem::path& scn, std::size_t count,
           std::uint64_t seed, const steady::SteadyOptions& options = {}) {
  const auto m = io::read_gaslib(net, scn);
  Counts c;
  for (const auto& pc : test::perturbed_cases(m.network, m.scenario, count, seed)) {
    SCOPED_TRACE(fmt::format("demand x{:.4f}, ratio {:.4f}", pc.demand_scale, pc.ratio));
    const auto r = steady::solve(m.network, pc.scenario, options);
    switch (r.status) {
      case Status::converged:
        ++c.converged;
        for (const auto& n : r.nodes) EXPECT_GT(n.pressure_pa, 0.0) << n.id;
        EXPECT_FALSE(r.certificate);
        break;
      case Status::infeasible:  // only ever with its proof
        ++c.infeasible;
        EXPECT_TRUE(r.certificate) << r.message;
        break;
      case Status::not_converged:
        ++c.neither;
        EXPECT_FALSE(r.certificate);
        EXPECT_FALSE(r.message.empty());
        fmt::print("  neither: demand x{:.4f}, ratio {:.4f}: {}\n", pc.demand_scale, pc.ratio,
                   r.message.substr(0, 400));
        break;
    }
  }
  fmt::print("{}: {} cases: {} converged, {} proven infeasible, {} neither\n",
             net.filename().string(), count, c.converged, c.infeasible, c.neither);
  return c;
}

// Every case has a state (the same cases converge all, measured when this test was written);
// the solver before issue 9 converged 2 of 200 / 38 of 100 with bypasses open and the
// per-station ratios (docs/validation.md).
/// The robustness sets: 250 perturbed cases of GasLib-582 v1, 50 of GasLib-4197.
Counts gaslib582_set(const std::filesystem::path& data, const steady::SteadyOptions& options = {}) {
  const auto dir = data / "gaslib/582-v1";
  return run(dir / "GasLib-582.net", dir / "GasLib-582.scn", 250, 782, options);
}
Counts gaslib4197_set(const std::filesystem::path& data, const steady::SteadyOptions& options = {}) {
  const auto dir = data / "gaslib/4197";
  return run(dir / "GasLib-4197.net", dir / "nomination_mild_0006.scn", 50, 682, options);
}

steady::SteadyOptions with_map_limits() {
  steady::SteadyOptions options;
  options.hold_map_limits = true;  // the default
  return options;
}
steady::SteadyOptions without_map_limits() {
  steady::SteadyOptions options;
  options.hold_map_limits = false;
  return options;
}

TEST(SteadyRobustness, PerturbedGasLib582) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/582-v1/GasLib-582.net");
  EXPECT_EQ(gaslib582_set(data, without_map_limits()).converged, 250u);
}

TEST(SteadyRobustness, PerturbedGasLib4197) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.net");
  EXPECT_EQ(gaslib4197_set(data, without_map_limits()).converged, 50u);
}

// The same cases with the stations' map limits held (SteadyOptions::hold_map_limits, the
// default since this reached 50; docs/physics.md 8.2): 50 of 50 converge, in about 8 s here. 49 until the final check judged a
// station that the loop had bypassed (no state at its hold) by the regulators' rule: case
// demand x0.5592, ratio 1.47 ended not_converged with compressorStation_8 bypassed carrying
// 0.67 kg/s backwards, a state of its own (48 of 50 before held limits were solved again as
// they move, 29 of 50 before the control loop's fixes of docs/physics.md 8.1 steps 4-5).
TEST(SteadyRobustness, PerturbedGasLib4197WithMapLimits) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.net");
  EXPECT_EQ(gaslib4197_set(data, with_map_limits()).converged, 50u);
}

TEST(SteadyRobustness, PerturbedGasLib582WithMapLimits) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/582-v1/GasLib-582.net");
  EXPECT_EQ(gaslib582_set(data, with_map_limits()).converged, 250u);
}

}  // namespace
