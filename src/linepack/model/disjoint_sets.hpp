#pragma once
// Union-find over indices 0..n-1 (path halving): the nodes that lossless connections, or any
// chosen set of elements, join into one pressure level.
#include <cstddef>
#include <numeric>
#include <vector>

namespace linepack::model {

struct DisjointSets {
  std::vector<std::size_t> parent;
  explicit DisjointSets(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void unite(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

}  // namespace linepack::model
