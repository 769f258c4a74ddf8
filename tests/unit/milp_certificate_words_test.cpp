// The certificate's words for a dispatcher (validation/milp_certificate.hpp): a minimal set is
// named in full; a set the deletion filter could not narrow before its deadline (every bound of
// GasLib-4197, 8,396 of them) is named by its first entries and a count, with all of them in the
// certificate's chains, and the relaxation's text says that the set may be larger than needed.
#include <gtest/gtest.h>
#include <fmt/format.h>

#include "linepack/validation/milp_certificate.hpp"

namespace {

using namespace linepack;

model::Network chain_of(std::size_t n) {
  model::Network net;
  for (std::size_t i = 0; i < n; ++i)
    net.nodes.push_back({.id = fmt::format("n{}", i), .pressure_min_pa = 40e5, .pressure_max_pa = 70e5});
  return net;
}

model::Scenario exits_of(const model::Network& net) {
  model::Scenario s;
  s.boundaries.push_back({net.nodes[0].id, model::NodeBoundary::Kind::pressure, 60e5});
  for (std::size_t i = 1; i < net.nodes.size(); ++i)
    s.boundaries.push_back({net.nodes[i].id, model::NodeBoundary::Kind::flow, 1.0});
  return s;
}

TEST(MilpCertificateWords, ALongUnfinishedSetIsNamedByItsFirstEntriesAndACount) {
  const auto net = chain_of(30);
  validation::ConflictingBounds all;
  all.keep_min.assign(30, 1);
  all.keep_max.assign(30, 1);
  all.minimal = false;
  const auto c = validation::milp_certificate(net, exits_of(net), all, 1.0);
  EXPECT_EQ(c.lower_chain.size(), 30u);
  EXPECT_EQ(c.upper_chain.size(), 30u);
  EXPECT_NE(c.explanation.find("exit 'n7' (minimum 40.000 bar), ... and 22 more (all in the certificate)"),
            std::string::npos)
      << c.explanation;
  EXPECT_EQ(c.explanation.find("'n8' (minimum"), std::string::npos) << c.explanation;
  EXPECT_LT(c.explanation.size(), 1500u);
  EXPECT_NE(c.relaxation.find("may be larger than needed"), std::string::npos) << c.relaxation;
}

TEST(MilpCertificateWords, AShortMinimalSetIsNamedInFull) {
  const auto net = chain_of(10);
  validation::ConflictingBounds few;
  few.keep_min.assign(10, 1);
  few.keep_max.assign(10, 0);
  few.keep_max[0] = 1;
  few.minimal = true;
  const auto c = validation::milp_certificate(net, exits_of(net), few, 1.0);
  EXPECT_NE(c.explanation.find("exit 'n8' (minimum 40.000 bar) and exit 'n9' (minimum 40.000 bar)"),
            std::string::npos)
      << c.explanation;
  EXPECT_NE(c.explanation.find("entry 'n0' (maximum 70.000 bar)"), std::string::npos) << c.explanation;
  EXPECT_NE(c.relaxation.find("minimal conflicting set"), std::string::npos);
}

TEST(MilpCertificateWords, SaysWhichSolverProvedTheSet) {
  const auto net = chain_of(4);
  validation::ConflictingBounds b;
  b.keep_min.assign(4, 0);
  b.keep_max.assign(4, 0);
  b.keep_min[3] = 1;
  b.keep_max[0] = 1;
  b.minimal = true;
  const auto by_cbc = validation::milp_certificate(net, exits_of(net), b, 1.0);
  EXPECT_NE(by_cbc.relaxation.find("proven infeasible by CBC; the bounds named are a minimal "
                                   "conflicting set"),
            std::string::npos)
      << by_cbc.relaxation;
  b.by_linear_relaxation = true;
  const auto by_lp = validation::milp_certificate(net, exits_of(net), b, 1.0);
  EXPECT_NE(by_lp.relaxation.find("proven infeasible by CBC (the bounds found on its linear "
                                  "relaxation"),
            std::string::npos)
      << by_lp.relaxation;
  EXPECT_NE(by_lp.relaxation.find("minimal conflicting set of its linear relaxation (the MILP "
                                  "may need fewer)"),
            std::string::npos)
      << by_lp.relaxation;
  b.linear_only = true;
  const auto lp_only = validation::milp_certificate(net, exits_of(net), b, 1.0);
  EXPECT_NE(lp_only.relaxation.find("proven infeasible by Clp on its linear relaxation"),
            std::string::npos)
      << lp_only.relaxation;
  EXPECT_EQ(lp_only.relaxation.find("by CBC"), std::string::npos) << lp_only.relaxation;
}

}  // namespace
