// The warm-started LP of validation/linear_program.hpp, which the certificate's deletion filter
// solves dozens of times: infeasibility proven, feasibility found again after a bound change,
// and the Farkas ray weighing only the columns whose bounds the proof uses.
#include "linepack/validation/linear_program.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace linepack::validation;

namespace {

/// x0 + x1 = 1 with x0, x1 in [0, 0.4] (infeasible: at most 0.8), and x2 - x3 = 0 with
/// x2, x3 in [0, 1] (feasible on its own, unrelated to the conflict).
MilpProblem two_blocks() {
  MilpProblem p;
  for (int c = 0; c < 4; ++c) p.add_column(0.0, c < 2 ? 0.4 : 1.0, c == 3);
  p.add_row({{0, 1.0}, {1, 1.0}}, 1.0, 1.0);
  p.add_row({{2, 1.0}, {3, -1.0}}, 0.0, 0.0);
  return p;
}

}  // namespace

TEST(LinearProgram, ProvesInfeasibilityAndWeighsOnlyTheColumnsOfTheConflict) {
  LinearProgram lp(two_blocks());
  ASSERT_EQ(lp.solve(10.0), LpStatus::infeasible);
  const auto ray = lp.column_ray();
  ASSERT_EQ(ray.size(), 4u);
  EXPECT_GT(std::abs(ray[0]), 1e-9);
  EXPECT_GT(std::abs(ray[1]), 1e-9);
  EXPECT_LT(std::abs(ray[2]), 1e-12);
  EXPECT_LT(std::abs(ray[3]), 1e-12);
}

TEST(LinearProgram, IsFeasibleAgainWhenABoundOfTheConflictIsLoosened) {
  LinearProgram lp(two_blocks());
  ASSERT_EQ(lp.solve(10.0), LpStatus::infeasible);
  lp.set_column_bounds(1, 0.0, 0.6);  // 0.4 + 0.6 reaches 1
  EXPECT_EQ(lp.solve(10.0), LpStatus::feasible);
  lp.set_column_bounds(1, 0.0, 0.5);  // back below: infeasible again, from the last basis
  EXPECT_EQ(lp.solve(10.0), LpStatus::infeasible);
}

TEST(LinearProgram, DropsIntegralityFromTheProblem) {
  // 2 x = 1 with x an integer in [0, 1]: no integer solution, but the LP has x = 0.5.
  MilpProblem p;
  p.add_column(0.0, 1.0, true);
  p.add_row({{0, 2.0}}, 1.0, 1.0);
  LinearProgram lp(p);
  EXPECT_EQ(lp.solve(10.0), LpStatus::feasible);
}
