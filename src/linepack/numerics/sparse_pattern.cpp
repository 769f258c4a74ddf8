#include "linepack/numerics/sparse_pattern.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace linepack::numerics {

std::size_t SparsePattern::add(std::size_t row, std::size_t col) {
  if (row >= n_ || col >= n_) throw std::out_of_range("sparse entry outside the matrix");
  rows_.push_back(row);
  cols_.push_back(col);
  return rows_.size() - 1;
}

void SparsePattern::finalize() {
  const std::size_t m = rows_.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return cols_[a] != cols_[b] ? cols_[a] < cols_[b] : rows_[a] < rows_[b];
  });
  slot_.assign(m, 0);
  column_start_.assign(n_ + 1, 0);
  row_index_.clear();
  std::size_t prev_row = SIZE_MAX, prev_col = SIZE_MAX;
  for (std::size_t k : order) {
    if (rows_[k] != prev_row || cols_[k] != prev_col) {
      row_index_.push_back(static_cast<int>(rows_[k]));
      ++column_start_[cols_[k] + 1];
      prev_row = rows_[k];
      prev_col = cols_[k];
    }
    slot_[k] = row_index_.size() - 1;
  }
  std::partial_sum(column_start_.begin(), column_start_.end(), column_start_.begin());
  rows_.clear();
  rows_.shrink_to_fit();
  cols_.clear();
  cols_.shrink_to_fit();
}

}  // namespace linepack::numerics
