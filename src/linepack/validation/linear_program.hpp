#pragma once
// The linear relaxation of a MilpProblem (integrality dropped), solved in this process by Clp's
// dual simplex (COIN-OR LP, Debian coinor-libclp-dev, which CBC is built on) and warm-started
// from its last basis after bound changes. The certificate's deletion filter
// (validation/milp_certificate.hpp) solves it dozens of times with a few bounds changed each
// time: a warm dual simplex takes milliseconds where a fresh MILP solve takes a second.
#include <memory>
#include <vector>

#include "linepack/validation/milp_solver.hpp"

class ClpSimplex;

namespace linepack::validation {

enum class LpStatus { feasible, infeasible, unknown };

class LinearProgram {
 public:
  explicit LinearProgram(const MilpProblem& problem);
  ~LinearProgram();
  LinearProgram(LinearProgram&&) noexcept;
  LinearProgram& operator=(LinearProgram&&) noexcept;

  void set_column_bounds(int column, double lower, double upper);
  /// `infeasible` only when Clp proves the LP primal infeasible; `unknown` when it stops on its
  /// time limit or a numerical difficulty.
  LpStatus solve(double time_limit_s);
  /// After an `infeasible` solve: Clp's Farkas ray's weight on each column's bounds (empty when
  /// Clp kept none).
  std::vector<double> column_ray() const;

 private:
  std::unique_ptr<ClpSimplex> lp_;
};

}  // namespace linepack::validation
