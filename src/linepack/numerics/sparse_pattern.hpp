#pragma once
// A fixed sparsity pattern in compressed-column form, built once from (row, col) entries.
// Each entry added keeps a slot index into `values`, so assembly writes values directly.
#include <cstddef>
#include <vector>

namespace linepack::numerics {

class SparsePattern {
 public:
  explicit SparsePattern(std::size_t n) : n_(n) {}
  /// Reserves room for `entries` calls of add().
  void reserve(std::size_t entries) {
    rows_.reserve(entries);
    cols_.reserve(entries);
  }
  /// Registers entry (row, col) and returns its entry number (duplicates are summed).
  std::size_t add(std::size_t row, std::size_t col);
  /// Builds the CSC arrays; after this, `slot(entry)` gives the value index of each entry.
  void finalize();

  std::size_t size() const { return n_; }
  std::size_t nonzeros() const { return row_index_.size(); }
  std::size_t slot(std::size_t entry) const { return slot_[entry]; }
  const std::vector<int>& column_start() const { return column_start_; }
  const std::vector<int>& row_index() const { return row_index_; }

 private:
  std::size_t n_;
  std::vector<std::size_t> rows_, cols_;
  std::vector<std::size_t> slot_;
  std::vector<int> column_start_, row_index_;
};

}  // namespace linepack::numerics
