#include "linepack/numerics/newton.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <cmath>

#include "linepack/numerics/klu_solver.hpp"
#include "linepack/numerics/linear_solver.hpp"

namespace linepack::numerics {
namespace {

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

}  // namespace

NewtonReport solve_newton(NonlinearSystem& system, std::span<double> x,
                          const NewtonOptions& options, LinearSolver* solver) {
  const SparsePattern& pattern = system.pattern();
  const std::size_t n = pattern.size();
  const auto w = system.row_weights();
  std::vector<double> f(n), jac(pattern.nonzeros()), dx(n), x_trial(n), f_trial(n);
  std::vector<double> jac_trial(pattern.nonzeros());
  std::unique_ptr<LinearSolver> own;
  if (!solver) {
    own = std::make_unique<LinearSolver>(pattern, system.eliminable());
    solver = own.get();
  }
  LinearSolver& lu = *solver;
  NewtonReport report;

  system.evaluate(x, f, jac);
  double phi = merit(f, w);
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
    if (!lu.factor(jac)) {
      report.singular = true;
      break;
    }
    for (std::size_t i = 0; i < n; ++i) dx[i] = -f[i];
    lu.solve(dx);
    const double alpha_max = system.max_step(x, dx);
    if (alpha_max < 1.0) ++report.limited_steps;
    double alpha = alpha_max;
    // Backtracking on the merit: accept the first alpha that decreases it sufficiently.
    // Newton's direction is a descent direction of the merit: slope = -2 phi.
    // The trial point is evaluated with its Jacobian, so an accepted step (the usual case)
    // needs no second evaluation.
    double phi_trial = INFINITY;
    for (int b = 0; b <= options.max_backtracks; ++b) {
      for (std::size_t i = 0; i < n; ++i) x_trial[i] = x[i] + alpha * dx[i];
      system.evaluate(x_trial, f_trial, jac_trial);
      phi_trial = merit(f_trial, w);
      if (phi_trial <= (1.0 - 1e-4 * alpha) * phi) {
        break;
      }
      if (b < options.max_backtracks) alpha *= 0.5;
    }
    // Without sufficient decrease the smallest step is taken anyway (it keeps moving out of flat
    // regions); the iteration cap ends hopeless cases.
    if (options.trace) std::fprintf(stderr, "           step %.3e (max %.3e)\n", alpha, alpha_max);
    std::copy(x_trial.begin(), x_trial.end(), x.begin());
    f.swap(f_trial);
    jac.swap(jac_trial);
    phi = phi_trial;
  }
  report.residual.resize(n);
  for (std::size_t i = 0; i < n; ++i) report.residual[i] = f[i] * w[i];
  return report;
}

}  // namespace linepack::numerics
