#pragma once
// Sparse solve of J x = b by eliminating unknowns whose own equation is their only coupling to
// other eliminated unknowns (J_EE diagonal), then factorising the Schur complement
//   S = J_KK - J_KE D^-1 J_EK,  D = diag(J_EE),
// with KLU. For a gas network the eliminated unknowns are the flows of pipes and other elements
// whose equation depends on their flow; S is then a Laplacian-like nodal matrix (pressures plus
// the flows of pressure-setting elements), much smaller and sparser than J on meshed networks.
// The pattern of S and the list of products that form it are computed once.
#include <memory>
#include <span>
#include <vector>

#include "linepack/numerics/klu_solver.hpp"
#include "linepack/numerics/umfpack_solver.hpp"
#include "linepack/numerics/sparse_pattern.hpp"

namespace linepack::numerics {

/// Which sparse LU factorises the Schur complement. `automatic` takes KLU unless the reduced
/// matrix is large (>= 20,000 rows) and AMD predicts heavy fill (> 30 nonzeros of L+U per row).
enum class LuBackend { automatic, klu, umfpack };

class SchurSolver {
 public:
  /// `eliminate[i]` marks unknown i (and its equation, row i) for elimination. Row i must have a
  /// structural diagonal entry and no other eliminated column; throws std::invalid_argument else.
  SchurSolver(const SparsePattern& pattern, const std::vector<bool>& eliminate,
              LuBackend backend = LuBackend::automatic);
  ~SchurSolver();

  /// Forms and factorises S from J's values (CSC order of `pattern`). False if S or D is singular.
  bool factor(std::span<const double> values);
  /// Solves J x = rhs in place.
  void solve(std::span<double> rhs);
  std::size_t reduced_size() const { return kept_.size(); }
  std::size_t reduced_nonzeros() const { return reduced_.nonzeros(); }
  bool uses_umfpack() const { return umfpack_ != nullptr; }

 private:
  struct Product {       // S[s] -= J[ke] * J[ek] / J[e, e]
    std::size_t s, ke, ek, e;
  };
  std::vector<std::size_t> kept_;        // reduced index -> full index
  std::vector<std::size_t> eliminated_;  // list of eliminated full indices
  std::vector<std::size_t> diagonal_slot_;  // per eliminated: slot of J[e, e]
  // Off-diagonal entries of eliminated rows and columns (for the right-hand sides).
  std::vector<std::size_t> row_e_start_, row_e_col_, row_e_slot_;  // J_EK by eliminated row
  std::vector<std::size_t> col_e_start_, col_e_row_, col_e_slot_;  // J_KE by eliminated column
  std::vector<std::pair<std::size_t, std::size_t>> copies_;  // S[s] = J[j]
  std::vector<Product> products_;
  SparsePattern reduced_;
  std::unique_ptr<KluSolver> klu_;
  std::unique_ptr<UmfpackSolver> umfpack_;
  std::vector<double> s_values_, pivot_, reduced_rhs_;
  std::vector<double> ke_values_, ek_values_;  // J_KE and J_EK values of the last factor()
  std::vector<long> reduced_index_;      // full index -> reduced index or -1
};

}  // namespace linepack::numerics
