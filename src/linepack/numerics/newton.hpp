#pragma once
// Damped Newton's method for F(x) = 0 with a fixed sparse Jacobian pattern.
// Contract: the system fills F and the Jacobian values at x; Newton solves J dx = -F with KLU,
// limits the step with the system's `max_step` (e.g. to keep pressures positive), then
// backtracks (Armijo on 0.5 ||W F||^2, W = row weights) until the merit decreases.
// Convergence: ||W F||_inf <= tolerance.
#include <cstddef>
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
  /// Largest alpha in (0, 1] such that x + alpha dx is admissible.
  virtual double max_step(std::span<const double> x, std::span<const double> dx) const = 0;
  /// Unknowns that the linear solves may eliminate (see SchurSolver); empty: none.
  virtual std::vector<bool> eliminable() const { return {}; }
};

struct NewtonOptions {
  double tolerance = 1e-7;       ///< on the weighted residual, inf-norm (0.01 Pa, 1e-7 kg/s)
  int max_iterations = 60;
  int max_backtracks = 30;
  bool trace = false;            ///< one line per iteration on stderr
};

struct NewtonReport {
  bool converged = false;
  bool singular = false;         ///< the Jacobian could not be factorised
  int limited_steps = 0;         ///< steps cut by max_step (e.g. to keep pressures positive)
  int iterations = 0;
  double residual_norm = 0.0;    ///< weighted inf-norm at the returned x
  std::vector<double> residual;  ///< weighted residual at the returned x
};

class LinearSolver;

/// Runs Newton from x (updated in place). `solver` (optional) is a linear solver built for the
/// system's pattern and eliminable unknowns, reused to avoid a second symbolic analysis.
NewtonReport solve_newton(NonlinearSystem& system, std::span<double> x,
                          const NewtonOptions& options = {}, LinearSolver* solver = nullptr);

}  // namespace linepack::numerics
