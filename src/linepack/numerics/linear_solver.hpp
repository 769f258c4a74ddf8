#pragma once
// The linear solver Newton uses: KLU on the whole Jacobian, or KLU on the Schur complement
// after eliminating the unknowns the system marks as eliminable.
#include <memory>
#include <span>
#include <vector>

#include "linepack/numerics/klu_solver.hpp"
#include "linepack/numerics/schur_solver.hpp"

namespace linepack::numerics {

class LinearSolver {
 public:
  LinearSolver(const SparsePattern& pattern, const std::vector<bool>& eliminate) {
    bool any = false;
    for (bool e : eliminate) any = any || e;
    if (any) schur_ = std::make_unique<SchurSolver>(pattern, eliminate);
    else klu_ = std::make_unique<KluSolver>(pattern);
  }
  bool factor(std::span<const double> values) {
    return schur_ ? schur_->factor(values) : klu_->factor(values);
  }
  void solve(std::span<double> rhs) { schur_ ? schur_->solve(rhs) : klu_->solve(rhs); }

 private:
  std::unique_ptr<KluSolver> klu_;
  std::unique_ptr<SchurSolver> schur_;
};

}  // namespace linepack::numerics
