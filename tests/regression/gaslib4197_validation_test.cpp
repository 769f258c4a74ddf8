// GasLib-4197's shipped nomination within a time limit: the candidate controls' steady solves
// stop their control rounds and Newton iterations at the validation's deadline
// (steady::SteadyOptions::deadline), so the answer comes near the limit. Before, the candidate with every regulator and station active
// ran its control loop for 74 s in one solve (shipped nomination, 240 s limit, measured
// 2026-12-03), and a 30 s validation took 46 s. The verdict is never `infeasible` without a
// certificate, and a feasible control is re-solved here within every bound.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/nomination.hpp"
#include "support/data_dir.hpp"
#include "support/gaslib4197_cdf.hpp"
#include "support/perturbed_nominations.hpp"

using namespace linepack;

TEST(GasLib4197Validation, ShippedNominationAnswersNearItsTimeLimit) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.net");
  const auto m = io::read_gaslib(data / "gaslib/4197/GasLib-4197.net",
                                 data / "gaslib/4197/nomination_mild_0006.scn");
  validation::ValidationOptions options;
  options.time_limit_s = 6.0;  // 3 s for the candidates: the second one starts after the first
  const auto r = validation::validate_nomination(m.network, m.scenario, options);
  std::printf("  %s after %.2f s: %s\n", validation::to_string(r.verdict).c_str(), r.time_s,
              r.message.substr(0, 300).c_str());
  // The limit plus one Newton iteration (milliseconds: each one checks the deadline), the
  // relaxation's build (0.1 s) and CBC's grace (2 % + 0.25 s): 6.13 s measured. Before Newton
  // checked the deadline, one control round of the all-active candidate came on top (2-4 s).
  EXPECT_LT(r.time_s, options.time_limit_s + 3.0);
  // Undecided says what the candidates came to: the closest one, or why the first stopped
  // (measured: none converges here; the first, every element bypassed, hits Newton's limit).
  if (r.verdict == validation::Verdict::undecided)
    EXPECT_TRUE(r.message.find("(closest: ") != std::string::npos ||
                r.message.find("(none converged; the first, ") != std::string::npos)
        << r.message;
  if (r.verdict == validation::Verdict::infeasible) EXPECT_TRUE(r.certificate);
  if (r.verdict == validation::Verdict::feasible) {
    ASSERT_TRUE(r.control);
    const auto check = steady::solve(m.network, *r.control);
    EXPECT_EQ(check.status, steady::Status::converged);
    EXPECT_TRUE(check.violations.empty());
  }
}

// Perturbed nomination 1 (seed 2026, exits scaled 0.7-1.3) is proven infeasible by the MILP
// relaxation's LP before any candidate control is tried, and its certificate is a handful of
// bounds a dispatcher can read: measured 2026-12-03, 2.7 s, an entry's minimum against an
// exit's maximum. Before, the candidates took half the limit, CBC's proof came after them, and
// the deletion filter ran out of time with all 8,394 node bounds still in the set.
namespace {

/// Perturbed nomination 1 of GasLib-4197 (seed 2026) validated within `time_limit_s`.
validation::ValidationResult perturbed_nomination_1(const std::filesystem::path& data,
                                                    double time_limit_s) {
  const auto m = io::read_gaslib(data / "gaslib/4197/GasLib-4197.net",
                                 data / "gaslib/4197/nomination_mild_0006.scn");
  const auto nomination = test::perturbed_nominations(m.scenario, 2, 2026)[0];
  validation::ValidationOptions options;
  options.time_limit_s = time_limit_s;
  return validation::validate_nomination(m.network, nomination, options);
}

}  // namespace

TEST(GasLib4197Validation, PerturbedNominationProvenInfeasibleWithAFewBounds) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.net");
  const double limit_s = 20.0;
  const auto r = perturbed_nomination_1(data, limit_s);
  std::printf("  %s (%s) after %.2f s: %s\n", validation::to_string(r.verdict).c_str(),
              r.method.c_str(), r.time_s, r.message.substr(0, 300).c_str());
  EXPECT_EQ(r.verdict, validation::Verdict::infeasible);
  EXPECT_EQ(r.method, "milp_relaxation");
  ASSERT_TRUE(r.certificate);
  EXPECT_GE(r.certificate->lower_chain.size() + r.certificate->upper_chain.size(), 1u);
  EXPECT_LE(r.certificate->lower_chain.size() + r.certificate->upper_chain.size(), 6u);
  EXPECT_NE(r.certificate->relaxation.find("minimal conflicting set"), std::string::npos);
  // Half the limit: the proof does not wait for the candidate controls.
  EXPECT_LT(r.time_s, 0.5 * limit_s);
}

// The benchmark's 2 s limit: the LP's proof (0.12 s of Clp) decides before the candidates start;
// the set may be left unconfirmed by CBC (or not minimal) when the time runs out, never unproven.
TEST(GasLib4197Validation, PerturbedNominationProvenInfeasibleWithinTwoSeconds) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.net");
  const double limit_s = 2.0;
  const auto r = perturbed_nomination_1(data, limit_s);
  std::printf("  %s (%s) after %.2f s\n", validation::to_string(r.verdict).c_str(),
              r.method.c_str(), r.time_s);
  EXPECT_EQ(r.verdict, validation::Verdict::infeasible);
  ASSERT_TRUE(r.certificate);
  EXPECT_LT(r.time_s, limit_s + 1.0);
}

// The shipped nomination within GasLib-4197's own combined decisions, corrected: the published
// GasLib-4197.cdf names valve_22 (group dG_191, its only entry), which the network does not
// have; that group is dropped here, every other decision kept as published. The candidate
// controls converge in none of their solves; the setpoint program, started from the .cdf's
// first decisions with every free regulator and station active, ends 0.56 bar below
// innode_1142's minimum with compressorStation_11 and _12 at the edge of their maps; with _12
// (the nearer) bypassed, the program from that point finds a point inside every bound, and the
// steady solver started from it confirms the control (measured 2026-12-04: feasible after 24 s
// of the default 60 s limit; 2 programs, 15 s and 5 s).
TEST(GasLib4197Validation, ShippedNominationFeasibleWithinItsCorrectedCombinedDecisions) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.cdf");
  const auto m = io::read_gaslib(data / "gaslib/4197/GasLib-4197.net",
                                 data / "gaslib/4197/nomination_mild_0006.scn");
  const auto corrected = std::filesystem::temp_directory_path() / "linepack-GasLib-4197-corrected.cdf";
  test::write_corrected_gaslib4197_cdf(data / "gaslib/4197/GasLib-4197.cdf", corrected);
  validation::ValidationOptions options;
  // 24 s here within the default 60 s; a generous limit so that a slower machine still decides
  // (the verdict comes as soon as the control is confirmed).
  options.time_limit_s = 240.0;
  options.combined_decisions = std::make_shared<validation::CombinedDecisions>(
      io::read_gaslib_cdf(corrected, m.network));
  std::filesystem::remove(corrected);
  const auto r = validation::validate_nomination(m.network, m.scenario, options);
  std::printf("  %s (%s) after %.1f s: %s\n", validation::to_string(r.verdict).c_str(),
              r.method.c_str(), r.time_s, r.message.substr(0, 300).c_str());
  ASSERT_EQ(r.verdict, validation::Verdict::feasible) << r.message;
  EXPECT_EQ(r.method, "setpoint_program");
  ASSERT_TRUE(r.control && r.check);
  EXPECT_EQ(r.decisions_used.size(), options.combined_decisions->groups.size());
  for (const auto& [group, decision] : r.decisions_used) EXPECT_FALSE(decision.empty()) << group;
  // Solved again as linepack solve --controls --start solves it: every bound held.
  steady::SteadyOptions again_options;
  steady::SteadyStart start;
  for (const auto& n : r.check->nodes) start.pressure_pa.push_back(n.pressure_pa);
  for (const auto& e : r.check->elements) start.mass_flow_kg_per_s.push_back(e.mass_flow_kg_per_s);
  again_options.start = start;
  const auto again = steady::solve(m.network, *r.control, again_options);
  ASSERT_EQ(again.status, steady::Status::converged) << again.message;
  EXPECT_TRUE(again.violations.empty());
  // Every nominated exit gets its flow (a node the control references by pressure included).
  for (const auto& b : m.scenario.boundaries) {
    if (b.kind != model::NodeBoundary::Kind::flow) continue;
    for (const auto& n : again.nodes)
      if (n.id == b.node) EXPECT_NEAR(n.withdrawal_kg_per_s, b.value, 1e-6) << b.node;
  }
}
