#include "linepack/numerics/umfpack_solver.hpp"

#include <umfpack.h>

#include <algorithm>
#include <stdexcept>

namespace linepack::numerics {

UmfpackSolver::UmfpackSolver(const SparsePattern& pattern)
    : pattern_(pattern), control_(UMFPACK_CONTROL), info_(UMFPACK_INFO) {
  umfpack_di_defaults(control_.data());
  const int n = static_cast<int>(pattern.size());
  values_.assign(pattern.nonzeros(), 1.0);
  x_.assign(pattern.size(), 0.0);
  const int status =
      umfpack_di_symbolic(n, n, pattern.column_start().data(), pattern.row_index().data(),
                          values_.data(), &symbolic_, control_.data(), info_.data());
  if (status != UMFPACK_OK) throw std::runtime_error("UMFPACK symbolic analysis failed");
}

UmfpackSolver::~UmfpackSolver() {
  if (numeric_) umfpack_di_free_numeric(&numeric_);
  if (symbolic_) umfpack_di_free_symbolic(&symbolic_);
}

bool UmfpackSolver::factor(std::span<const double> values) {
  std::copy(values.begin(), values.end(), values_.begin());
  if (numeric_) umfpack_di_free_numeric(&numeric_);
  const int status = umfpack_di_numeric(pattern_.column_start().data(),
                                        pattern_.row_index().data(), values_.data(), symbolic_,
                                        &numeric_, control_.data(), info_.data());
  return status == UMFPACK_OK;
}

void UmfpackSolver::solve(std::span<double> rhs) {
  if (!numeric_) throw std::logic_error("UmfpackSolver::solve before a successful factor");
  umfpack_di_solve(UMFPACK_A, pattern_.column_start().data(), pattern_.row_index().data(),
                   values_.data(), x_.data(), rhs.data(), numeric_, control_.data(),
                   info_.data());
  std::copy(x_.begin(), x_.end(), rhs.begin());
}

}  // namespace linepack::numerics
