#pragma once
// A flat open-addressing hash index from id (a view into strings that outlive it) to position.
// Validation resolves every node and element id once per solve; std::unordered_map's one heap
// node per entry made that the largest single cost of a 100k-node solve.
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace linepack::model {

class IdIndex {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  explicit IdIndex(std::size_t expected) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    slots_.assign(capacity, Slot{});
  }
  /// Inserts id -> value; returns false (and changes nothing) if the id is already present.
  bool insert(std::string_view id, std::size_t value) {
    std::size_t i = std::hash<std::string_view>{}(id) & (slots_.size() - 1);
    while (slots_[i].value != npos) {
      if (slots_[i].id == id) return false;
      i = (i + 1) & (slots_.size() - 1);
    }
    slots_[i] = {id, value};
    if (2 * ++size_ > slots_.size()) grow();
    return true;
  }
  /// The value stored for id, or npos.
  std::size_t find(std::string_view id) const {
    std::size_t i = std::hash<std::string_view>{}(id) & (slots_.size() - 1);
    while (slots_[i].value != npos) {
      if (slots_[i].id == id) return slots_[i].value;
      i = (i + 1) & (slots_.size() - 1);
    }
    return npos;
  }

 private:
  struct Slot {
    std::string_view id;
    std::size_t value = npos;
  };
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(2 * old.size(), Slot{});
    size_ = 0;
    for (const auto& s : old)
      if (s.value != npos) insert(s.id, s.value);
  }
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace linepack::model
