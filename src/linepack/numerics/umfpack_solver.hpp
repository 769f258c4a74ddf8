#pragma once
// Sparse LU with SuiteSparse UMFPACK (multifrontal, BLAS-3 dense kernels): symbolic analysis
// once per pattern, numeric factorisation per call. Faster than KLU when the factors fill in
// heavily (2-D meshes of 10^4-10^5 nodes); KLU is faster on trees and small networks.
#include <span>
#include <vector>

#include "linepack/numerics/sparse_pattern.hpp"

namespace linepack::numerics {

class UmfpackSolver {
 public:
  explicit UmfpackSolver(const SparsePattern& pattern);
  ~UmfpackSolver();
  UmfpackSolver(const UmfpackSolver&) = delete;
  UmfpackSolver& operator=(const UmfpackSolver&) = delete;

  bool factor(std::span<const double> values);
  void solve(std::span<double> rhs);

 private:
  const SparsePattern& pattern_;
  void* symbolic_ = nullptr;
  void* numeric_ = nullptr;
  std::vector<double> values_, x_;
  std::vector<double> control_, info_;
};

}  // namespace linepack::numerics
