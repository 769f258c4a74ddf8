// Nomination validation on the meshed GasLib instances with their shipped nominations (data/):
// never `infeasible` without a certificate, every feasible control re-solved here within every
// bound; GasLib-11, -24, -40, -135 and GasLib-582 v1, v2 and v2-full are decided feasible, and so
// are perturbed nominations of GasLib-582 v1 and v2-full. Prints the verdicts of v2-full with
// station maps and, when the outside data folder has it, GasLib-4197: those the candidate
// controls do not decide are `undecided` (docs/validation-of-nominations.md).
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <filesystem>
#include <vector>
#include <string>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/nomination.hpp"
#include "support/data_dir.hpp"
#include "support/perturbed_nominations.hpp"

namespace fs = std::filesystem;
using namespace linepack;
using validation::Verdict;

namespace {

/// The network without its stations' maps: the "ratio box" model of ValidationOptions.
model::Network boxed(model::Network n) {
  for (auto& c : n.compressors) c.station.reset();
  return n;
}

Verdict validate_and_check(const fs::path& net, const fs::path& scn, bool station_maps = true,
                           double time_limit_s = 60.0) {
  auto m = io::read_gaslib(net, scn);
  validation::ValidationOptions options;
  options.station_maps = station_maps;
  options.time_limit_s = time_limit_s;
  const auto r = validation::validate_nomination(m.network, m.scenario, options);
  if (!station_maps) {
    EXPECT_EQ(r.station_model, "box");
    m.network = boxed(m.network);
  }
  fmt::print("{}: {} ({}, {:.1f} ms): {}\n", net.filename().string(), validation::to_string(r.verdict),
             r.method, r.time_s * 1e3, r.message.substr(0, 240));
  if (r.verdict == Verdict::infeasible) EXPECT_TRUE(r.certificate) << net;
  if (r.verdict == Verdict::feasible) {
    EXPECT_TRUE(r.control.has_value());
    const auto check = steady::solve(m.network, *r.control);
    EXPECT_EQ(check.status, steady::Status::converged) << net;
    EXPECT_TRUE(check.violations.empty()) << net;
  }
  return r.verdict;
}

/// Validates each nomination and counts the feasible ones, each of whose controls is re-solved
/// here within every bound; an `infeasible` verdict must carry its certificate.
std::size_t feasible_and_rechecked(const model::Network& net,
                                   const std::vector<model::Scenario>& nominations) {
  std::size_t feasible = 0;
  for (const auto& s : nominations) {
    const auto r = validation::validate_nomination(net, s);
    if (r.verdict == Verdict::infeasible) EXPECT_TRUE(r.certificate) << s.name;
    if (r.verdict != Verdict::feasible) continue;
    ++feasible;
    EXPECT_TRUE(r.control.has_value()) << s.name;
    if (!r.control) continue;
    const auto check = steady::solve(net, *r.control);
    EXPECT_EQ(check.status, steady::Status::converged) << s.name;
    EXPECT_TRUE(check.violations.empty()) << s.name;
  }
  return feasible;
}

}  // namespace

TEST(GaslibValidation, SmallInstancesAreDecidedFeasible) {
  LINEPACK_REQUIRE_DATA(data);
  for (const std::string n : {"GasLib-11", "GasLib-24", "GasLib-40", "GasLib-135"}) {
    const fs::path dir = data / "gaslib/official" / n;
    EXPECT_EQ(validate_and_check(dir / (n + ".net"), dir / (n + ".scn")), Verdict::feasible) << n;
  }
}

TEST(GaslibValidation, LargeInstancesAreNeverInfeasibleWithoutProof) {
  LINEPACK_REQUIRE_DATA(data);
  // Decided by the all-active candidate once the loop's closed and bypassed elements are
  // restated as such (settled) and the reference recentred.
  EXPECT_EQ(validate_and_check(data / "gaslib/582-v1/GasLib-582.net",
                               data / "gaslib/582-v1/GasLib-582.scn"),
            Verdict::feasible);
  // Decided by the candidate with every regulator and station active, the valves that would
  // bridge them closed, and the control loop holding their limits; v2-full's stations as ratio
  // boxes (its .cs maps: undecided, printed).
  EXPECT_EQ(validate_and_check(data / "gaslib/582-v2/GasLib-582-v2.net",
                               data / "gaslib/582-v2/GasLib-582-v2_nomination_cool_2866_scale_0.95.scn"),
            Verdict::feasible);
  EXPECT_EQ(validate_and_check(data / "gaslib/582-v2-full/GasLib-582-v2.net",
                               data / "gaslib/582-v2-full/nomination_cold_5.scn", false),
            Verdict::feasible);
  validate_and_check(data / "gaslib/582-v2-full/GasLib-582-v2.net",
                     data / "gaslib/582-v2-full/nomination_cold_5.scn");
  // GasLib-4197 within its benchmark target of 10 s (undecided today: each all-active
  // candidate's control loop runs for seconds without settling).
  if (const auto big = test::data_dir_with("gaslib/4197/GasLib-4197.net"))
    validate_and_check(*big / "gaslib/4197/GasLib-4197.net",
                       *big / "gaslib/4197/nomination_mild_0006.scn", true, 10.0);
}

TEST(GaslibValidation, PerturbedGasLib582NominationsAreDecidedOrUndecidedNeverUnproven) {
  // Ten perturbed nominations of GasLib-582 v2-full (exits scaled 0.7-1.3, entries rebalanced):
  // every feasible control re-solved here within every bound, never infeasible without proof.
  // With the default time limit the candidate search is deterministic; the count below is the
  // one measured when the all-active candidates were added (docs/validation-of-nominations.md).
  LINEPACK_REQUIRE_DATA(data);
  const fs::path dir = data / "gaslib/582-v2-full";
  // Stations as ratio boxes (ValidationOptions::station_maps false), the model of the count.
  auto m = io::read_gaslib(dir / "GasLib-582-v2.net", dir / "nomination_cold_5.scn");
  m.network = boxed(m.network);
  const std::size_t feasible =
      feasible_and_rechecked(m.network, test::perturbed_nominations(m.scenario, 10, 2026));
  fmt::print("GasLib-582 v2-full, 10 perturbed nominations: {} feasible\n", feasible);
  EXPECT_GE(feasible, 9u);
}

TEST(GaslibValidation, AStationFarOffItsMapIsBypassedInTheSettledCandidate) {
  // GasLib-582 v2-full with station maps, perturbed nomination 5 (seed 2026): the settled
  // all-active candidate has compressorStation_5 carrying 931 kg/s, three times what its
  // largest configuration takes at maximum speed (its piston unit at 8.3 times its maximum
  // speed). Bypassed with every other setting kept, the candidate passes; measured 2026-12-04,
  // before this rule: undecided, also with 10 s.
  LINEPACK_REQUIRE_DATA(data);
  const fs::path dir = data / "gaslib/582-v2-full";
  const auto m = io::read_gaslib(dir / "GasLib-582-v2.net", dir / "nomination_cold_5.scn");
  const auto nomination = test::perturbed_nominations(m.scenario, 5, 2026)[4];
  validation::ValidationOptions options;
  options.time_limit_s = 10.0;
  const auto r = validation::validate_nomination(m.network, nomination, options);
  fmt::print("GasLib-582 v2-full, maps, perturbed 5: {} ({:.1f} ms): {}\n",
             validation::to_string(r.verdict), r.time_s * 1e3, r.message.substr(0, 300));
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  ASSERT_TRUE(r.control.has_value());
  bool bypassed = false;
  for (const auto& c : r.control->controls)
    if (c.element == "compressorStation_5") bypassed = c.state == model::ControlState::bypass;
  EXPECT_TRUE(bypassed);
  const auto check = steady::solve(m.network, *r.control);
  EXPECT_EQ(check.status, steady::Status::converged);
  EXPECT_TRUE(check.violations.empty());
}

TEST(GaslibValidation, PerturbedGasLib582v1NominationsAreAllDecidedFeasible) {
  // Twenty perturbed nominations of GasLib-582 v1 (exits scaled 0.7-1.3, entries rebalanced),
  // with its stations' maps: every one decided feasible (measured: 200 of 200 in the
  // benchmark), each control re-solved here within every bound.
  LINEPACK_REQUIRE_DATA(data);
  const fs::path dir = data / "gaslib/582-v1";
  const auto m = io::read_gaslib(dir / "GasLib-582.net", dir / "GasLib-582.scn");
  const std::size_t feasible =
      feasible_and_rechecked(m.network, test::perturbed_nominations(m.scenario, 20, 2026));
  fmt::print("GasLib-582 v1, 20 perturbed nominations: {} feasible\n", feasible);
  EXPECT_EQ(feasible, 20u);
}

TEST(GaslibValidation, CandidateSolvesStopAtTheirNewtonIterationLimit) {
  // ValidationOptions::candidate_newton_iterations caps each control round of the candidates'
  // solves: with the default (30) the shipped nomination of GasLib-582 v2-full with station maps
  // is decided feasible, and its control passes the steady solver with its own default (60
  // iterations); with 1 iteration no round converges, so the verdict is undecided (never
  // infeasible: a failed solve proves nothing). The limit leaves the MILP relaxation no time.
  LINEPACK_REQUIRE_DATA(data);
  const fs::path dir = data / "gaslib/582-v2-full";
  const auto m = io::read_gaslib(dir / "GasLib-582-v2.net", dir / "nomination_cold_5.scn");
  validation::ValidationOptions options;
  options.time_limit_s = 2.0;
  const auto r = validation::validate_nomination(m.network, m.scenario, options);
  ASSERT_EQ(r.verdict, Verdict::feasible) << r.message;
  ASSERT_TRUE(r.control.has_value());
  const auto check = steady::solve(m.network, *r.control);
  EXPECT_EQ(check.status, steady::Status::converged) << check.message;
  EXPECT_TRUE(check.violations.empty());

  options.candidate_newton_iterations = 1;
  const auto capped = validation::validate_nomination(m.network, m.scenario, options);
  EXPECT_EQ(capped.verdict, Verdict::undecided) << capped.message;
  EXPECT_NE(capped.message.find("candidate controls passed"), std::string::npos) << capped.message;
}
