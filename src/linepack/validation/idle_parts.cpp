#include "linepack/validation/idle_parts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linepack/model/disjoint_sets.hpp"

namespace linepack::validation {

std::size_t hold_idle_parts(const model::Network& network, model::Scenario& control,
                            double margin_pa) {
  const std::size_t n = network.nodes.size();
  std::unordered_map<std::string_view, std::size_t> node;
  for (std::size_t v = 0; v < n; ++v) node.emplace(network.nodes[v].id, v);
  std::unordered_map<std::string_view, model::ControlState> state;
  for (const auto& c : control.controls) state.insert_or_assign(c.element, c.state);
  const auto closed = [&](const std::string& id, bool closed_as_built) {
    const auto it = state.find(id);
    return it == state.end() ? closed_as_built : it->second == model::ControlState::closed;
  };
  model::DisjointSets parts(n);
  const auto join = [&](const auto& elements, const auto& closed_as_built) {
    for (const auto& e : elements)
      if (!closed(e.id, closed_as_built(e))) parts.unite(node.at(e.from), node.at(e.to));
  };
  const auto never = [](const auto&) { return false; };
  join(network.pipes, never);
  join(network.short_pipes, never);
  join(network.resistors, never);
  join(network.valves, [](const model::Valve& v) { return !v.open; });
  join(network.control_valves,
       [](const model::ControlValve& c) { return c.state == model::ControlState::closed; });
  join(network.compressors,
       [](const model::Compressor& c) { return c.state == model::ControlState::closed; });

  constexpr double inf = std::numeric_limits<double>::infinity();
  std::vector<char> live(n, 0);  // per part root: a reference or a nonzero flow in it
  std::vector<double> lo(n, 0.0), hi(n, inf);
  for (const auto& b : control.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure || b.value != 0.0)
      live[parts.find(node.at(b.node))] = 1;
  for (std::size_t v = 0; v < n; ++v) {
    const std::size_t r = parts.find(v);
    lo[r] = std::max(lo[r], network.nodes[v].pressure_min_pa);
    hi[r] = std::min(hi[r], network.nodes[v].pressure_max_pa);
  }
  // A part whose nodes' bounds leave no common pressure cannot be held within them (without
  // flow its pressures differ only by elevation): left as it is, so that the solve rejects it.
  for (std::size_t v = 0; v < n; ++v)
    if (parts.find(v) == v && lo[v] > hi[v]) live[v] = 1;
  const auto level = [&](std::size_t r) {
    if (!std::isfinite(hi[r])) return std::max(lo[r], 1e5);  // unbounded above: its minimum
    return hi[r] - std::min(margin_pa, 0.25 * std::max(hi[r] - lo[r], 0.0));
  };
  std::size_t held = 0;
  for (auto& b : control.boundaries) {  // a part's first zero-flow boundary becomes its reference
    const std::size_t r = parts.find(node.at(b.node));
    if (live[r]) continue;
    b.kind = model::NodeBoundary::Kind::pressure;
    b.value = level(r);
    live[r] = 1;
    ++held;
  }
  for (std::size_t v = 0; v < n; ++v) {  // parts without any boundary: their first node
    const std::size_t r = parts.find(v);
    if (live[r]) continue;
    control.boundaries.push_back({network.nodes[v].id, model::NodeBoundary::Kind::pressure, level(r)});
    live[r] = 1;
    ++held;
  }
  return held;
}

}  // namespace linepack::validation
