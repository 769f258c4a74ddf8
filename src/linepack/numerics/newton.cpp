#include "linepack/numerics/newton.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <cmath>

#include "linepack/numerics/klu_solver.hpp"
#include "linepack/numerics/linear_solver.hpp"

namespace linepack::numerics {
namespace {

constexpr int inconsistent_backtracks = 4;  // 1/16 of the step: the last trial
// A Newton direction that leaves more than this share of the linearised residual, ||W(J dx + F)||
// / ||W F||, comes from a numerically singular Jacobian. Measured in the 2-norm over the control
// rounds of GasLib-4197 at its operating point and of 2 x 201 GasLib-582 validations (v1 and
// v2-full, 138,000 steps): every step accepted at 1/16 or more left at most 1.3e-4; those between
// 2e-3 and 0.1 were accepted only at 2e-8 or less (no progress), and GasLib-4197's singular
// rounds leave 0.015 to 9.
constexpr double inexact_linear_residual = 2e-3;

double weighted_inf_norm(std::span<const double> f, std::span<const double> w) {
  double m = 0.0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double v = std::abs(f[i] * w[i]);
    if (!(v <= m)) m = std::isnan(v) ? INFINITY : v;
  }
  return m;
}

double merit(std::span<const double> f, std::span<const double> w) {
  double s = 0.0;
  for (std::size_t i = 0; i < f.size(); ++i) s += (f[i] * w[i]) * (f[i] * w[i]);
  return std::isfinite(s) ? 0.5 * s : INFINITY;
}

/// The merit of f (scaled by the factors `at`) with the factors `frozen` instead:
/// 0.5 sum (w f frozen / at)^2.
double frozen_merit(std::span<const double> f, std::span<const double> w,
                    std::span<const double> frozen, std::span<const double> at) {
  double s = 0.0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const double v = f[i] * w[i] * (frozen[i] / at[i]);
    s += v * v;
  }
  return std::isfinite(s) ? 0.5 * s : INFINITY;
}

/// ||W (J dx + f)||_2 for J in the CSC order of `pattern`; `r` is scratch of f's size.
double linear_residual_norm(const SparsePattern& pattern, std::span<const double> jac,
                            std::span<const double> dx, std::span<const double> f,
                            std::span<const double> w, std::vector<double>& r) {
  r.assign(f.begin(), f.end());
  const auto& start = pattern.column_start();
  const auto& row = pattern.row_index();
  for (std::size_t c = 0; c < pattern.size(); ++c)
    for (int k = start[c]; k < start[c + 1]; ++k) r[row[k]] += jac[k] * dx[c];
  return std::sqrt(2.0 * merit(r, w));
}

}  // namespace

NewtonReport solve_newton(NonlinearSystem& system, std::span<double> x,
                          const NewtonOptions& options, LinearSolver* solver) {
  const SparsePattern& pattern = system.pattern();
  const std::size_t n = pattern.size();
  const auto w = system.row_weights();
  std::vector<double> f(n), jac(pattern.nonzeros()), dx(n), x_trial(n), f_trial(n);
  std::vector<double> jac_trial(pattern.nonzeros());
  std::vector<double> linear_residual;  // few_backtracks_when_inconsistent: J dx + F
  std::vector<double> scale(n, 1.0), scale_trial(n, 1.0);
  std::unique_ptr<LinearSolver> own;
  if (!solver) {
    own = std::make_unique<LinearSolver>(pattern, system.eliminable());
    solver = own.get();
  }
  LinearSolver& lu = *solver;
  NewtonReport report;

  system.evaluate(x, f, jac);
  double phi = merit(f, w);
  const bool scaled = system.row_scaling(x, scale);
  int stagnant_steps = 0;  // accepted steps in a row that were cut short and hardly descended
  for (int it = 0;; ++it) {
    report.iterations = it;
    report.residual_norm = weighted_inf_norm(f, w);
    if (options.trace)
      std::fprintf(stderr, "newton %3d  residual %.3e  merit %.3e\n", it, report.residual_norm, phi);
    if (report.residual_norm <= options.tolerance) {
      report.converged = true;
      break;
    }
    if (it >= options.max_iterations || !std::isfinite(phi)) break;
    if (options.deadline && std::chrono::steady_clock::now() > *options.deadline) {
      report.past_deadline = true;
      break;
    }
    if (!lu.factor(jac)) {
      report.singular = true;
      break;
    }
    for (std::size_t i = 0; i < n; ++i) dx[i] = -f[i];
    lu.solve(dx);
    // A direction that leaves a tenth of the linearised residual or more comes from a singular
    // Jacobian whose equations are inconsistent; it is not certain to descend (at
    // ||W (J dx + F)||_2 >= ||W F||_2 it may not). With `few_backtracks_when_inconsistent`, the
    // line search then tries only a few steps before it stops as stalled.
    int backtracks = options.max_backtracks;
    if (options.few_backtracks_when_inconsistent) {
      const double linear = linear_residual_norm(pattern, jac, dx, f, w, linear_residual);
      if (!(linear < inexact_linear_residual * std::sqrt(2.0 * phi)))
        backtracks = std::min(backtracks, inconsistent_backtracks);
      if (options.trace)
        std::fprintf(stderr, "           linearised residual %.3e of %.3e\n", linear, std::sqrt(2.0 * phi));
    }
    const double alpha_max = system.max_step(x, dx);
    if (alpha_max < 1.0) ++report.limited_steps;
    double alpha = alpha_max;
    // Backtracking on the merit: accept the first alpha that decreases it sufficiently.
    // Newton's direction is a descent direction of the merit: slope = -2 phi.
    // The trial point is evaluated with its Jacobian, so an accepted step (the usual case)
    // needs no second evaluation.
    bool accepted = false;
    for (int b = 0; b <= backtracks; ++b) {
      system.step(x, dx, alpha, x_trial);
      system.evaluate(x_trial, f_trial, jac_trial);
      if (scaled) system.row_scaling(x_trial, scale_trial);
      const double measured =
          scaled ? frozen_merit(f_trial, w, scale, scale_trial) : merit(f_trial, w);
      if (measured <= (1.0 - 1e-4 * alpha) * phi) {
        accepted = true;
        break;
      }
      if (b < backtracks) alpha *= 0.5;
    }
    if (options.trace) std::fprintf(stderr, "           step %.3e (max %.3e)%s\n", alpha, alpha_max,
                                    accepted ? "" : " no decrease: stalled");
    if (!accepted) {
      report.stalled = true;
      report.stalled_direction = dx;
      break;
    }
    std::copy(x_trial.begin(), x_trial.end(), x.begin());
    f.swap(f_trial);
    jac.swap(jac_trial);
    if (scaled) scale.swap(scale_trial);
    const double phi_before = phi;
    phi = merit(f, w);
    stagnant_steps = alpha <= alpha_max / 64.0 && phi > 0.9 * phi_before ? stagnant_steps + 1 : 0;
    if (options.stagnant_steps_limit > 0 && stagnant_steps >= options.stagnant_steps_limit) {
      report.iterations = it + 1;
      report.residual_norm = weighted_inf_norm(f, w);
      report.stalled = true;
      report.stalled_direction = dx;
      if (options.trace) std::fprintf(stderr, "           stagnant: stopped as stalled\n");
      break;
    }
  }
  report.residual.resize(n);
  for (std::size_t i = 0; i < n; ++i) report.residual[i] = f[i] * w[i];
  return report;
}

}  // namespace linepack::numerics
