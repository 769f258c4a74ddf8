#pragma once
// Damped Newton's method for F(x) = 0 with a fixed sparse Jacobian pattern.
// Contract: the system fills F and the Jacobian values at x; Newton solves J dx = -F with KLU,
// limits the step with the system's `max_step`, moves along the system's `step` curve, then
// backtracks (Armijo on 0.5 ||W S_k F||^2, W = row weights) until the merit decreases.
// S_k: rows whose residual the system divides by a state-dependent factor (row_scaling) are
// compared with the factor frozen at the current iterate x_k, because the Jacobian the system
// returns treats that factor as constant: Newton's direction is then a descent direction of
// exactly the merit the line search measures. A line search that finds no decrease stops the
// iteration (`stalled`) instead of taking a tiny step again and again.
// Convergence: ||W F||_inf <= tolerance.
#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "linepack/numerics/sparse_pattern.hpp"

namespace linepack::numerics {

class NonlinearSystem {
 public:
  virtual ~NonlinearSystem() = default;
  virtual const SparsePattern& pattern() const = 0;
  /// Residual F(x) and Jacobian values (CSC order of pattern()) at x.
  virtual void evaluate(std::span<const double> x, std::span<double> residual,
                        std::span<double> jacobian) = 0;
  /// Residual only (line search).
  virtual void residual(std::span<const double> x, std::span<double> residual) = 0;
  /// Weight of each row in the merit and convergence test.
  virtual std::span<const double> row_weights() const = 0;
  /// Largest alpha in (0, 1] such that step(x, dx, alpha) is admissible.
  virtual double max_step(std::span<const double> x, std::span<const double> dx) const = 0;
  /// The point reached from x along the Newton direction dx with step length alpha. Default
  /// x + alpha dx; a system may move along a curve with the same tangent dx at alpha = 0 (Newton
  /// in other variables u(x): u(x_new) = u(x) + alpha u'(x) dx), which keeps dx a descent
  /// direction of the merit.
  virtual void step(std::span<const double> x, std::span<const double> dx, double alpha,
                    std::span<double> out) const {
    for (std::size_t i = 0; i < x.size(); ++i) out[i] = x[i] + alpha * dx[i];
  }
  /// Row factors f_i(x) by which the system has divided its rows at x (1 where none); returns
  /// false (and leaves `factor` alone) when the system has no state-dependent row scaling.
  virtual bool row_scaling(std::span<const double> /*x*/, std::span<double> /*factor*/) const {
    return false;
  }
  /// Unknowns that the linear solves may eliminate (see SchurSolver); empty: none.
  virtual std::vector<bool> eliminable() const { return {}; }
};

struct NewtonOptions {
  double tolerance = 1e-7;       ///< on the weighted residual, inf-norm (0.01 Pa, 1e-7 kg/s)
  int max_iterations = 60;
  int max_backtracks = 30;
  bool trace = false;            ///< one line per iteration on stderr
  /// When the Newton direction leaves 0.2 % or more of the linearised residual (a singular
  /// Jacobian with inconsistent equations), try only a few step lengths before stopping as
  /// stalled.
  /// For callers that have a better move than a tiny step, as the control loop's retreat.
  bool few_backtracks_when_inconsistent = false;
  /// Stop as stalled after `stagnant_steps_limit` accepted steps in a row each cut to 1/64 of the
  /// full step or less and each taking less than a tenth off the merit. 0: never. For callers
  /// with a better move than crawling on (the control loop's retreat).
  int stagnant_steps_limit = 0;
  /// Newton stops before an iteration that would start after this time (`past_deadline`).
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct NewtonReport {
  bool converged = false;
  bool singular = false;         ///< the Jacobian could not be factorised
  bool stalled = false;          ///< the line search found no decrease of the merit
  bool past_deadline = false;    ///< stopped at NewtonOptions::deadline
  int limited_steps = 0;         ///< steps cut by max_step
  int iterations = 0;
  double residual_norm = 0.0;    ///< weighted inf-norm at the returned x
  std::vector<double> residual;  ///< weighted residual at the returned x
  /// When the line search stalled: the Newton direction it tried (empty otherwise).
  std::vector<double> stalled_direction;
};

class LinearSolver;

/// Runs Newton from x (updated in place). `solver` (optional) is a linear solver built for the
/// system's pattern and eliminable unknowns, reused to avoid a second symbolic analysis.
NewtonReport solve_newton(NonlinearSystem& system, std::span<double> x,
                          const NewtonOptions& options = {}, LinearSolver* solver = nullptr);

}  // namespace linepack::numerics
