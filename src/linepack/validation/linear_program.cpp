#include "linepack/validation/linear_program.hpp"

#include <coin/ClpSimplex.hpp>

#include <algorithm>
#include <vector>

namespace linepack::validation {

LinearProgram::LinearProgram(const MilpProblem& p) : lp_(std::make_unique<ClpSimplex>()) {
  const int n = static_cast<int>(p.col_lower.size());
  // Column-major copy of the rows (Clp loads compressed columns).
  std::vector<CoinBigIndex> start(static_cast<std::size_t>(n) + 1, 0);
  for (const auto& row : p.rows)
    for (const auto& [c, v] : row) ++start[static_cast<std::size_t>(c) + 1];
  for (int c = 0; c < n; ++c) start[static_cast<std::size_t>(c) + 1] += start[static_cast<std::size_t>(c)];
  std::vector<int> index(static_cast<std::size_t>(start.back()));
  std::vector<double> value(index.size());
  std::vector<CoinBigIndex> fill(start.begin(), start.end() - 1);
  for (std::size_t r = 0; r < p.rows.size(); ++r)
    for (const auto& [c, v] : p.rows[r]) {
      const auto k = static_cast<std::size_t>(fill[static_cast<std::size_t>(c)]++);
      index[k] = static_cast<int>(r);
      value[k] = v;
    }
  lp_->setLogLevel(0);
  lp_->loadProblem(n, static_cast<int>(p.rows.size()), start.data(), index.data(), value.data(),
                   p.col_lower.data(), p.col_upper.data(), p.objective.data(),
                   p.row_lower.data(), p.row_upper.data());
  // The tolerance of the MILP solves (milp_solver.cpp): the proof margin is the relaxation's
  // slack on the node bounds, not the solver's tolerance.
  lp_->setPrimalTolerance(1e-9);
}

LinearProgram::~LinearProgram() = default;
LinearProgram::LinearProgram(LinearProgram&&) noexcept = default;
LinearProgram& LinearProgram::operator=(LinearProgram&&) noexcept = default;

void LinearProgram::set_column_bounds(int column, double lower, double upper) {
  lp_->setColumnBounds(column, lower, upper);
}

LpStatus LinearProgram::solve(double time_limit_s) {
  lp_->setMaximumSeconds(std::max(time_limit_s, 0.01));
  // Dual simplex from the last basis, when there is one. The first solve from the slack basis:
  // 21 ms on GasLib-582 and 0.12 s on GasLib-4197 (primal: 16 ms and 0.6 s; with presolve:
  // 17 ms and 0.17 s).
  lp_->dual();
  if (lp_->isProvenOptimal()) return LpStatus::feasible;
  if (lp_->isProvenPrimalInfeasible()) return LpStatus::infeasible;
  return LpStatus::unknown;
}

std::vector<double> LinearProgram::column_ray() const {
  std::unique_ptr<double[]> ray(lp_->infeasibilityRay(true));
  if (!ray) return {};
  const int rows = lp_->numberRows();
  return std::vector<double>(ray.get() + rows, ray.get() + rows + lp_->numberColumns());
}

}  // namespace linepack::validation
