// When Newton stops without a solution: its line search on a direction from a numerically
// singular Jacobian (NewtonOptions::few_backtracks_when_inconsistent; docs/physics.md §8.1
// step 4), steps that crawl towards a minimum of the merit that is no root
// (NewtonOptions::stagnant_steps_limit), and a caller's deadline (NewtonOptions::deadline).
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

#include "linepack/numerics/newton.hpp"
#include "linepack/numerics/sparse_pattern.hpp"

namespace {

using namespace linepack::numerics;

/// F0 = eps x0 + x1 - 1, F1 = x0 + x1 + 5, with x0 eliminated through its tiny pivot eps (as the
/// Schur solver does with a flow whose row barely depends on it). The exact Newton step from 0 is
/// about (-6, 1); the elimination, dividing by eps, rounds it to dx = (0, 1), which leaves the
/// linearised residual (0, 6) against F = (-1, 5), and along which the merit rises for every
/// step length: 0.5((a - 1)^2 + (a + 5)^2) > 13.
class TinyPivot : public NonlinearSystem {
 public:
  TinyPivot() : pattern_(2) {
    e00_ = pattern_.add(0, 0);
    e01_ = pattern_.add(0, 1);
    e10_ = pattern_.add(1, 0);
    e11_ = pattern_.add(1, 1);
    pattern_.finalize();
  }
  const SparsePattern& pattern() const override { return pattern_; }
  void evaluate(std::span<const double> x, std::span<double> f, std::span<double> j) override {
    residual(x, f);
    j[pattern_.slot(e00_)] = eps;
    j[pattern_.slot(e01_)] = 1.0;
    j[pattern_.slot(e10_)] = 1.0;
    j[pattern_.slot(e11_)] = 1.0;
  }
  void residual(std::span<const double> x, std::span<double> f) override {
    ++evaluations;
    f[0] = eps * x[0] + x[1] - 1.0;
    f[1] = x[0] + x[1] + 5.0;
  }
  std::span<const double> row_weights() const override { return weights_; }
  double max_step(std::span<const double>, std::span<const double>) const override { return 1.0; }
  std::vector<bool> eliminable() const override { return {true, false}; }

  int evaluations = 0;

 private:
  static constexpr double eps = 1e-17;
  SparsePattern pattern_;
  std::size_t e00_, e01_, e10_, e11_;
  std::vector<double> weights_{1.0, 1.0};
};

NewtonReport run(TinyPivot& system, bool few,
                 std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt) {
  std::vector<double> x{0.0, 0.0};
  NewtonOptions options;
  options.few_backtracks_when_inconsistent = few;
  options.deadline = deadline;
  return solve_newton(system, x, options);
}

TEST(NewtonLineSearch, SingularDirectionStallsAfterAllHalvingsByDefault) {
  TinyPivot system;
  const auto report = run(system, false);
  EXPECT_TRUE(report.stalled);
  EXPECT_FALSE(report.converged);
  EXPECT_EQ(system.evaluations, 1 + 31);  // the start, then alpha = 1, 1/2, ..., 2^-30
}

TEST(NewtonLineSearch, SingularDirectionStallsAfterFewHalvingsWhenAsked) {
  TinyPivot system;
  const auto report = run(system, true);
  EXPECT_TRUE(report.stalled);
  EXPECT_FALSE(report.converged);
  EXPECT_EQ(system.evaluations, 1 + 5);  // alpha = 1, 1/2, 1/4, 1/8, 1/16
}

/// F = x^2 + 1: no root; the merit's minimum is at x = 0, where the Jacobian vanishes. From
/// x = 0.01 each Newton step overshoots by a factor of thousands and is accepted only when cut
/// to about 2^-12 and less, taking 2e-4 of the merit or less.
class NoRoot : public NonlinearSystem {
 public:
  NoRoot() : pattern_(1) {
    e_ = pattern_.add(0, 0);
    pattern_.finalize();
  }
  const SparsePattern& pattern() const override { return pattern_; }
  void evaluate(std::span<const double> x, std::span<double> f, std::span<double> j) override {
    residual(x, f);
    j[pattern_.slot(e_)] = 2.0 * x[0];
  }
  void residual(std::span<const double> x, std::span<double> f) override { f[0] = x[0] * x[0] + 1.0; }
  std::span<const double> row_weights() const override { return weights_; }
  double max_step(std::span<const double>, std::span<const double>) const override { return 1.0; }
  std::vector<bool> eliminable() const override { return {false}; }

 private:
  SparsePattern pattern_;
  std::size_t e_;
  std::vector<double> weights_{1.0};
};

NewtonReport crawl(int stagnant_steps_limit) {
  NoRoot system;
  std::vector<double> x{0.01};
  NewtonOptions options;
  options.stagnant_steps_limit = stagnant_steps_limit;
  return solve_newton(system, x, options);
}

TEST(NewtonLineSearch, CrawlingStopsAsStalledWhenAsked) {
  const auto report = crawl(3);
  EXPECT_TRUE(report.stalled);
  EXPECT_FALSE(report.converged);
  EXPECT_EQ(report.iterations, 3);
  EXPECT_EQ(report.stalled_direction.size(), 1u);
  // By default it crawls on until a step finds no decrease at all.
  const auto by_default = crawl(0);
  EXPECT_FALSE(by_default.converged);
  EXPECT_GT(by_default.iterations, 3);
}

TEST(NewtonDeadline, StopsBeforeAnIterationPastIt) {
  TinyPivot system;
  const auto report = run(system, false, std::chrono::steady_clock::now());
  EXPECT_TRUE(report.past_deadline);
  EXPECT_FALSE(report.converged);
  EXPECT_FALSE(report.stalled);
  EXPECT_EQ(system.evaluations, 1);  // the start only: no step was tried
  TinyPivot later;
  EXPECT_FALSE(run(later, false, std::chrono::steady_clock::now() + std::chrono::hours(1)).past_deadline);
}

}  // namespace
