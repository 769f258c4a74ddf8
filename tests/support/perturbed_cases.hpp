#pragma once
// Perturbed operating cases of a GasLib network for robustness counts, as LANL's GasFlowRuns
// did for GasLib-582 (shared/data/gasflowruns): every compressor station active in ratio mode
// at one random ratio in [1.0, 1.5] per case (one for all: GasLib-582's stations 1 and 2 are
// in parallel, and different ratios there contradict each other) with the valves of its bypass closed (GasLib stations sit
// beside a bypass of valves and short pipes; active with an open bypass, a station's ratio is
// contradicted by lossless connections), every exit's withdrawal scaled by one random factor in
// [0.5, 1.5] per case. Deterministic (a 64-bit LCG), header-only so that the same cases can be
// solved by another build of the library.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::test {

struct PerturbedCase {
  model::Scenario scenario;
  double demand_scale = 1.0;
  double ratio = 1.0;
};

/// Valves and bypassed control valves to close so that no compressor's inlet and outlet stay
/// joined by short pipes, open valves and bypassed control valves: for each compressor, one valve on each lossless path of at most 4 elements between its
/// ends (its own bypass; repeated until no such path is left, or one without a valve remains).
inline std::vector<std::string> bypass_valves(const model::Network& network) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < network.nodes.size(); ++i) index[network.nodes[i].id] = i;
  struct Edge { std::size_t other; std::size_t valve; };  // valve: index or SIZE_MAX
  std::vector<bool> closed(network.valves.size() + network.control_valves.size(), false);
  std::vector<std::string> out;
  for (const auto& cs : network.compressors) {
    for (;;) {
      std::vector<std::vector<Edge>> adj(network.nodes.size());
      for (const auto& sp : network.short_pipes) {
        adj[index[sp.from]].push_back({index[sp.to], SIZE_MAX});
        adj[index[sp.to]].push_back({index[sp.from], SIZE_MAX});
      }
      for (std::size_t v = 0; v < network.valves.size(); ++v) {
        if (!network.valves[v].open || closed[v]) continue;
        adj[index[network.valves[v].from]].push_back({index[network.valves[v].to], v});
        adj[index[network.valves[v].to]].push_back({index[network.valves[v].from], v});
      }
      const std::size_t nv = network.valves.size();  // control valves follow the valves
      for (std::size_t v = 0; v < network.control_valves.size(); ++v) {
        const auto& cv = network.control_valves[v];
        if (cv.state != model::ControlState::bypass || closed[nv + v]) continue;
        adj[index[cv.from]].push_back({index[cv.to], nv + v});
        adj[index[cv.to]].push_back({index[cv.from], nv + v});
      }
      const std::size_t start = index[cs.from], goal = index[cs.to];
      std::vector<std::size_t> prev(adj.size(), SIZE_MAX), via(adj.size(), SIZE_MAX);
      std::vector<std::size_t> queue{start};
      std::vector<bool> seen(adj.size(), false);
      seen[start] = true;
      for (std::size_t h = 0; h < queue.size(); ++h)
        for (const Edge& e : adj[queue[h]])
          if (!seen[e.other]) {
            seen[e.other] = true;
            prev[e.other] = queue[h];
            via[e.other] = e.valve;
            queue.push_back(e.other);
          }
      if (!seen[goal]) break;
      std::size_t length = 0;
      for (std::size_t i = goal; i != start; i = prev[i]) ++length;
      if (length > 4) break;  // not the station's own bypass: leave the network as it is
      bool any = false;  // close one valve of the path, the one nearest the outlet
      for (std::size_t i = goal; i != start && !any; i = prev[i])
        if (via[i] != SIZE_MAX) {
          closed[via[i]] = true;
          out.push_back(via[i] < network.valves.size()
                            ? network.valves[via[i]].id
                            : network.control_valves[via[i] - network.valves.size()].id);
          any = true;
        }
      if (!any) break;
    }
  }
  return out;
}

inline std::vector<PerturbedCase> perturbed_cases(const model::Network& network,
                                                  const model::Scenario& base, std::size_t count,
                                                  std::uint64_t seed) {
  std::uint64_t state = seed;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  const std::vector<std::string> bypass = bypass_valves(network);
  std::vector<PerturbedCase> cases;
  cases.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    PerturbedCase c;
    c.scenario = base;
    c.demand_scale = 0.5 + uniform();
    c.ratio = 1.0 + 0.5 * uniform();
    for (auto& b : c.scenario.boundaries)
      if (b.kind == model::NodeBoundary::Kind::flow && b.value > 0.0) b.value *= c.demand_scale;
    for (const auto& cs : network.compressors)
      c.scenario.controls.push_back(
          {cs.id, model::ControlState::active, model::CompressorMode::pressure_ratio, c.ratio});
    for (const auto& v : bypass) c.scenario.controls.push_back({v, model::ControlState::closed, {}, {}});
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace linepack::test
