#pragma once
// Sparse LU with SuiteSparse KLU: symbolic analysis once per pattern, numeric factorisation
// on the first call and refactorisation (same pivots) afterwards, with a fresh factorisation
// when the pivots go bad.
#include <memory>
#include <span>

#include "linepack/numerics/sparse_pattern.hpp"

namespace linepack::numerics {

class KluSolver {
 public:
  explicit KluSolver(const SparsePattern& pattern);
  ~KluSolver();
  KluSolver(const KluSolver&) = delete;
  KluSolver& operator=(const KluSolver&) = delete;

  /// Factorises the matrix with these values (CSC order of the pattern). False if singular.
  bool factor(std::span<const double> values);
  /// Solves A x = b in place. Requires a successful factor().
  void solve(std::span<double> rhs);
  /// Nonzeros of L + U per row estimated by the symbolic analysis (fill-in measure).
  double estimated_fill_per_row() const;
  /// Reciprocal condition estimate of the last factorisation (cheap, klu_rcond).
  double rcond();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace linepack::numerics
