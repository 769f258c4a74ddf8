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
  // Counting sort by column, then by row within each column: O(entries + n).
  const std::size_t m = rows_.size();
  std::vector<std::size_t> count(n_ + 1, 0);
  for (std::size_t k = 0; k < m; ++k) ++count[cols_[k] + 1];
  std::partial_sum(count.begin(), count.end(), count.begin());
  std::vector<std::size_t> order(m);
  {
    std::vector<std::size_t> next(count.begin(), count.end() - 1);
    for (std::size_t k = 0; k < m; ++k) order[next[cols_[k]]++] = k;
  }
  slot_.assign(m, 0);
  column_start_.assign(n_ + 1, 0);
  row_index_.clear();
  row_index_.reserve(m);
  for (std::size_t c = 0; c < n_; ++c) {
    auto first = order.begin() + static_cast<std::ptrdiff_t>(count[c]);
    auto last = order.begin() + static_cast<std::ptrdiff_t>(count[c + 1]);
    // Columns hold a handful of entries: insertion sort by row.
    for (auto it = first; it != last; ++it)
      for (auto j = it; j != first && rows_[*(j - 1)] > rows_[*j]; --j) std::iter_swap(j - 1, j);
    std::size_t prev_row = SIZE_MAX;
    for (auto it = first; it != last; ++it) {
      if (rows_[*it] != prev_row) {
        row_index_.push_back(static_cast<int>(rows_[*it]));
        prev_row = rows_[*it];
      }
      slot_[*it] = row_index_.size() - 1;
    }
    column_start_[c + 1] = static_cast<int>(row_index_.size());
  }
  rows_.clear();
  rows_.shrink_to_fit();
  cols_.clear();
  cols_.shrink_to_fit();
}

}  // namespace linepack::numerics
