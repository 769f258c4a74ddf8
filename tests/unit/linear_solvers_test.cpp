// The three linear solvers agree: KLU on the whole matrix, and the Schur-complement solver with
// KLU or UMFPACK, on a matrix shaped like a network Jacobian (node rows, branch rows with a
// diagonal flow entry, a few branches kept).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "linepack/numerics/klu_solver.hpp"
#include "linepack/numerics/schur_solver.hpp"

namespace {

using namespace linepack::numerics;

struct Problem {
  SparsePattern pattern{0};
  std::vector<double> values;
  std::vector<bool> eliminate;
};

/// A k x k grid network: node i's row sums the flows of its branches; branch b's row is
/// a_f p_f + a_t p_t + d q_b. The first node has a fixed-pressure row. Every 7th branch is kept.
Problem grid_problem(std::size_t k) {
  const std::size_t nodes = k * k;
  std::vector<std::pair<std::size_t, std::size_t>> branches;
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t c = 0; c < k; ++c) {
      if (c + 1 < k) branches.push_back({r * k + c, r * k + c + 1});
      if (r + 1 < k) branches.push_back({r * k + c, (r + 1) * k + c});
    }
  const std::size_t n = nodes + branches.size();
  Problem p;
  p.pattern = SparsePattern(n);
  std::vector<std::pair<std::size_t, double>> entries;
  unsigned long long seed = 12345;
  auto rnd = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return 0.5 + static_cast<double>(seed >> 11) * 0x1.0p-53;
  };
  entries.push_back({p.pattern.add(0, 0), 1.0});
  for (std::size_t b = 0; b < branches.size(); ++b) {
    const auto [f, t] = branches[b];
    const std::size_t q = nodes + b;
    if (f != 0) entries.push_back({p.pattern.add(f, q), -1.0});
    if (t != 0) entries.push_back({p.pattern.add(t, q), 1.0});
    entries.push_back({p.pattern.add(q, f), rnd()});
    entries.push_back({p.pattern.add(q, t), -rnd()});
    entries.push_back({p.pattern.add(q, q), b % 7 == 3 ? 0.0 : -rnd()});
  }
  p.pattern.finalize();
  p.values.assign(p.pattern.nonzeros(), 0.0);
  for (const auto& [entry, v] : entries) p.values[p.pattern.slot(entry)] += v;
  p.eliminate.assign(n, false);
  for (std::size_t b = 0; b < branches.size(); ++b) p.eliminate[nodes + b] = b % 7 != 3;
  return p;
}

TEST(LinearSolvers, SchurWithKluAndUmfpackMatchFullKlu) {
  const Problem p = grid_problem(12);
  const std::size_t n = p.pattern.size();
  std::vector<double> rhs(n);
  for (std::size_t i = 0; i < n; ++i) rhs[i] = std::sin(static_cast<double>(i));

  KluSolver full(p.pattern);
  ASSERT_TRUE(full.factor(p.values));
  std::vector<double> x_full = rhs;
  full.solve(x_full);

  for (LuBackend backend : {LuBackend::klu, LuBackend::umfpack}) {
    SchurSolver schur(p.pattern, p.eliminate, backend);
    EXPECT_EQ(schur.uses_umfpack(), backend == LuBackend::umfpack);
    EXPECT_LT(schur.reduced_size(), n);
    ASSERT_TRUE(schur.factor(p.values));
    std::vector<double> x = rhs;
    schur.solve(x);
    double worst = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      worst = std::max(worst, std::abs(x[i] - x_full[i]) / (1.0 + std::abs(x_full[i])));
    EXPECT_LT(worst, 1e-10);
  }
}

TEST(LinearSolvers, SchurRejectsCoupledEliminatedUnknowns) {
  SparsePattern pattern(2);
  pattern.add(0, 0);
  pattern.add(0, 1);
  pattern.add(1, 1);
  pattern.finalize();
  EXPECT_THROW(SchurSolver(pattern, {true, true}), std::invalid_argument);
}

}  // namespace
