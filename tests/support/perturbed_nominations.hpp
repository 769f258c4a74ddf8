#pragma once
// Perturbed nominations for validation tests and benchmarks: every exit's withdrawal scaled by
// its own factor drawn uniformly from [lo, hi], and every nominated entry scaled by one common
// factor so that supply meets the new demand (the pressure-reference entry supplies its old
// share of it; GasLib nominations are balanced). Deterministic for a seed (std::mt19937_64 and
// an explicit uniform map, the same with every standard library).
#include <cstdint>
#include <random>
#include <vector>

#include "linepack/model/scenario.hpp"

namespace linepack::test {

inline std::vector<model::Scenario> perturbed_nominations(const model::Scenario& base,
                                                          std::size_t count, std::uint64_t seed,
                                                          double lo = 0.7, double hi = 1.3) {
  std::mt19937_64 rng(seed);
  const auto uniform = [&] { return lo + (hi - lo) * double(rng() >> 11) * 0x1.0p-53; };
  double exits = 0.0, entries = 0.0;
  for (const auto& b : base.boundaries) {
    if (b.kind != model::NodeBoundary::Kind::flow) continue;
    (b.value > 0.0 ? exits : entries) += b.value;
  }
  std::vector<model::Scenario> out;
  for (std::size_t k = 0; k < count; ++k) {
    model::Scenario s = base;
    s.name = base.name + "-perturbed-" + std::to_string(k);
    double new_exits = 0.0;
    for (auto& b : s.boundaries)
      if (b.kind == model::NodeBoundary::Kind::flow && b.value > 0.0) {
        b.value *= uniform();
        new_exits += b.value;
      }
    const double entry_scale = exits > 0.0 ? new_exits / exits : 1.0;
    for (auto& b : s.boundaries)
      if (b.kind == model::NodeBoundary::Kind::flow && b.value < 0.0) b.value *= entry_scale;
    out.push_back(std::move(s));
  }
  (void)entries;
  return out;
}

}  // namespace linepack::test
