#include "linepack/model/synthetic_networks.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

namespace linepack::model {
namespace {

constexpr double supply_pressure_pa = 60e5;
constexpr double total_offtake_kg_per_s = 200.0;

/// Deterministic pseudo-random numbers in [0, 1) (a 64-bit LCG), so runs are reproducible.
struct Lcg {
  unsigned long long state = 0x9E3779B97F4A7C15ull;
  double next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  }
};

SyntheticModel start(std::size_t n, const std::string& name) {
  SyntheticModel m;
  m.network.name = name;
  m.network.physics.eos.kind = gas::EosKind::papay;
  m.network.physics.friction = FrictionLaw::colebrook_white;
  m.network.physics.temperature_k = 288.15;
  m.network.nodes.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Node node;
    node.id = fmt::format("n{}", i);
    node.pressure_min_pa = 20e5;
    node.pressure_max_pa = 80e5;
    m.network.nodes.push_back(std::move(node));
  }
  m.scenario.boundaries.push_back({"n0", NodeBoundary::Kind::pressure, supply_pressure_pa});
  const double per_node = total_offtake_kg_per_s / static_cast<double>(n > 1 ? n - 1 : 1);
  for (std::size_t i = 1; i < n; ++i)
    m.scenario.boundaries.push_back({fmt::format("n{}", i), NodeBoundary::Kind::flow, per_node});
  return m;
}

void add_pipe(SyntheticModel& m, std::size_t from, std::size_t to, double length_m,
              double diameter_m) {
  Pipe p;
  p.id = fmt::format("p{}", m.network.pipes.size());
  p.from = fmt::format("n{}", from);
  p.to = fmt::format("n{}", to);
  p.length_m = length_m;
  p.diameter_m = diameter_m;
  p.roughness_m = 1.5e-5;
  m.network.pipes.push_back(std::move(p));
}

}  // namespace

SyntheticModel make_chain(std::size_t n) {
  SyntheticModel m = start(n, "chain-" + std::to_string(n));
  // Short sections so that the whole chain stays feasible at any n.
  const double length = 1000.0 * 1000.0 / static_cast<double>(n);
  for (std::size_t i = 1; i < n; ++i) add_pipe(m, i - 1, i, length, 1.0);
  return m;
}

SyntheticModel make_tree(std::size_t n) {
  SyntheticModel m = start(n, "tree-" + std::to_string(n));
  Lcg rng;
  for (std::size_t i = 1; i < n; ++i) add_pipe(m, (i - 1) / 3, i, 2000.0 + 8000.0 * rng.next(), 0.8);
  return m;
}

SyntheticModel make_mesh(std::size_t n) {
  const std::size_t k = static_cast<std::size_t>(std::llround(std::sqrt(static_cast<double>(n))));
  SyntheticModel m = start(k * k, "mesh-" + std::to_string(k) + "x" + std::to_string(k));
  Lcg rng;
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t c = 0; c < k; ++c) {
      const std::size_t i = r * k + c;
      // The diameter is drawn before the length, in its own statement: the order in which a
      // call's arguments are evaluated is unspecified (GCC went right to left, clang left to
      // right, so the two compilers built different meshes). This keeps GCC's meshes.
      auto random_pipe = [&](std::size_t to) {
        const double diameter_m = 0.5 + 0.5 * rng.next();
        const double length_m = 2000.0 + 3000.0 * rng.next();
        add_pipe(m, i, to, length_m, diameter_m);
      };
      if (c + 1 < k) random_pipe(i + 1);
      if (r + 1 < k) random_pipe(i + k);
    }
  return m;
}

}  // namespace linepack::model
