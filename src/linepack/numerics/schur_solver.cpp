#include "linepack/numerics/schur_solver.hpp"

#include <stdexcept>

namespace linepack::numerics {
namespace {
constexpr std::size_t umfpack_min_size = 20000;
constexpr double umfpack_min_fill = 30.0;
}  // namespace

SchurSolver::SchurSolver(const SparsePattern& j, const std::vector<bool>& eliminate,
                         LuBackend backend)
    : reduced_(0) {
  const std::size_t n = j.size();
  if (eliminate.size() != n) throw std::invalid_argument("eliminate flags do not match size");
  reduced_index_.assign(n, -1);
  std::vector<long> elim_index(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    if (eliminate[i]) {
      elim_index[i] = static_cast<long>(eliminated_.size());
      eliminated_.push_back(i);
    } else {
      reduced_index_[i] = static_cast<long>(kept_.size());
      kept_.push_back(i);
    }
  }
  const std::size_t ne = eliminated_.size();
  const auto& cs = j.column_start();
  const auto& ri = j.row_index();

  // Row-wise view of J: for each row, its (column, slot) entries.
  std::vector<std::size_t> row_count(n + 1, 0);
  for (std::size_t k = 0; k < ri.size(); ++k) ++row_count[static_cast<std::size_t>(ri[k]) + 1];
  for (std::size_t r = 0; r < n; ++r) row_count[r + 1] += row_count[r];
  std::vector<std::size_t> row_col(ri.size()), row_slot(ri.size()), fill(row_count.begin(), row_count.end() - 1);
  for (std::size_t c = 0; c < n; ++c)
    for (int k = cs[c]; k < cs[c + 1]; ++k) {
      const std::size_t r = static_cast<std::size_t>(ri[k]);
      row_col[fill[r]] = c;
      row_slot[fill[r]++] = static_cast<std::size_t>(k);
    }

  // Eliminated rows: their diagonal and their kept columns (J_EK).
  diagonal_slot_.assign(ne, SIZE_MAX);
  row_e_col_.reserve(2 * ne);
  row_e_slot_.reserve(2 * ne);
  col_e_row_.reserve(2 * ne);
  col_e_slot_.reserve(2 * ne);
  row_e_start_.assign(ne + 1, 0);
  for (std::size_t e = 0; e < ne; ++e) {
    const std::size_t r = eliminated_[e];
    for (std::size_t k = row_count[r]; k < row_count[r + 1]; ++k) {
      const std::size_t c = row_col[k];
      if (c == r) {
        diagonal_slot_[e] = row_slot[k];
      } else if (elim_index[c] >= 0) {
        throw std::invalid_argument("eliminated equations couple two eliminated unknowns");
      } else {
        row_e_col_.push_back(c);
        row_e_slot_.push_back(row_slot[k]);
      }
    }
    if (diagonal_slot_[e] == SIZE_MAX)
      throw std::invalid_argument("an eliminated equation has no diagonal entry");
    row_e_start_[e + 1] = row_e_col_.size();
  }
  // Eliminated columns: their kept rows (J_KE).
  col_e_start_.assign(ne + 1, 0);
  for (std::size_t e = 0; e < ne; ++e) {
    const std::size_t c = eliminated_[e];
    for (int k = cs[c]; k < cs[c + 1]; ++k) {
      const std::size_t r = static_cast<std::size_t>(ri[k]);
      if (r == c) continue;
      if (elim_index[r] >= 0)
        throw std::invalid_argument("eliminated equations couple two eliminated unknowns");
      col_e_row_.push_back(r);
      col_e_slot_.push_back(static_cast<std::size_t>(k));
    }
    col_e_start_[e + 1] = col_e_row_.size();
  }

  // Pattern of S: J_KK plus the products J_KE D^-1 J_EK.
  reduced_ = SparsePattern(kept_.size());
  std::size_t product_count = 0;
  for (std::size_t e = 0; e < ne; ++e)
    product_count += (col_e_start_[e + 1] - col_e_start_[e]) * (row_e_start_[e + 1] - row_e_start_[e]);
  reduced_.reserve(ri.size() + product_count);
  std::vector<std::pair<std::size_t, std::size_t>> copy_entries;  // (entry, J slot)
  copy_entries.reserve(ri.size());
  for (std::size_t c = 0; c < n; ++c) {
    if (reduced_index_[c] < 0) continue;
    for (int k = cs[c]; k < cs[c + 1]; ++k) {
      const std::size_t r = static_cast<std::size_t>(ri[k]);
      if (reduced_index_[r] < 0) continue;
      copy_entries.push_back(
          {reduced_.add(static_cast<std::size_t>(reduced_index_[r]),
                        static_cast<std::size_t>(reduced_index_[c])),
           static_cast<std::size_t>(k)});
    }
  }
  std::vector<Product> product_entries;  // s holds the entry number until finalize
  product_entries.reserve(product_count);
  for (std::size_t e = 0; e < ne; ++e)
    for (std::size_t a = col_e_start_[e]; a < col_e_start_[e + 1]; ++a)
      for (std::size_t b = row_e_start_[e]; b < row_e_start_[e + 1]; ++b)
        product_entries.push_back(
            {reduced_.add(static_cast<std::size_t>(reduced_index_[col_e_row_[a]]),
                          static_cast<std::size_t>(reduced_index_[row_e_col_[b]])),
             col_e_slot_[a], row_e_slot_[b], e});
  reduced_.finalize();
  copies_.reserve(copy_entries.size());
  products_.reserve(product_entries.size());
  for (const auto& [entry, slot] : copy_entries) copies_.push_back({reduced_.slot(entry), slot});
  for (auto p : product_entries) {
    p.s = reduced_.slot(p.s);
    products_.push_back(p);
  }
  s_values_.assign(reduced_.nonzeros(), 0.0);
  pivot_.assign(ne, 0.0);
  reduced_rhs_.assign(kept_.size(), 0.0);
  ke_values_.assign(col_e_row_.size(), 0.0);
  ek_values_.assign(row_e_col_.size(), 0.0);
  // KLU (no BLAS) is fastest while the factors stay sparse (trees, sparse loops); when AMD's
  // estimate shows heavy fill (large 2-D meshes), UMFPACK's dense frontal kernels win.
  // Threshold measured on synthetic grids (bench/): see docs/validation.md.
  if (backend == LuBackend::umfpack) {
    umfpack_ = std::make_unique<UmfpackSolver>(reduced_);
    return;
  }
  klu_ = std::make_unique<KluSolver>(reduced_);
  if (backend == LuBackend::automatic && kept_.size() >= umfpack_min_size &&
      klu_->estimated_fill_per_row() > umfpack_min_fill) {
    klu_.reset();
    umfpack_ = std::make_unique<UmfpackSolver>(reduced_);
  }
}

SchurSolver::~SchurSolver() = default;

bool SchurSolver::factor(std::span<const double> values) {
  for (std::size_t e = 0; e < eliminated_.size(); ++e) {
    const double d = values[diagonal_slot_[e]];
    if (d == 0.0) return false;
    pivot_[e] = 1.0 / d;
  }
  for (std::size_t a = 0; a < ke_values_.size(); ++a) ke_values_[a] = values[col_e_slot_[a]];
  for (std::size_t b = 0; b < ek_values_.size(); ++b) ek_values_[b] = values[row_e_slot_[b]];
  std::fill(s_values_.begin(), s_values_.end(), 0.0);
  for (const auto& [s, slot] : copies_) s_values_[s] += values[slot];
  for (const auto& p : products_) s_values_[p.s] -= values[p.ke] * values[p.ek] * pivot_[p.e];
  return umfpack_ ? umfpack_->factor(s_values_) : klu_->factor(s_values_);
}

void SchurSolver::solve(std::span<double> rhs) {
  const std::size_t ne = eliminated_.size();
  // b_K' = b_K - J_KE D^-1 b_E
  for (std::size_t k = 0; k < kept_.size(); ++k) reduced_rhs_[k] = rhs[kept_[k]];
  for (std::size_t e = 0; e < ne; ++e) {
    const double y = rhs[eliminated_[e]] * pivot_[e];
    if (y == 0.0) continue;
    for (std::size_t a = col_e_start_[e]; a < col_e_start_[e + 1]; ++a)
      reduced_rhs_[static_cast<std::size_t>(reduced_index_[col_e_row_[a]])] -= y * ke_values_[a];
  }
  if (umfpack_) umfpack_->solve(reduced_rhs_);
  else klu_->solve(reduced_rhs_);
  for (std::size_t k = 0; k < kept_.size(); ++k) rhs[kept_[k]] = reduced_rhs_[k];
  // x_E = D^-1 (b_E - J_EK x_K)
  for (std::size_t e = 0; e < ne; ++e) {
    double v = rhs[eliminated_[e]];
    for (std::size_t b = row_e_start_[e]; b < row_e_start_[e + 1]; ++b)
      v -= ek_values_[b] * rhs[row_e_col_[b]];
    rhs[eliminated_[e]] = v * pivot_[e];
  }
}

}  // namespace linepack::numerics
