#include "linepack/validation/candidate_zones.hpp"

#include "linepack/model/disjoint_sets.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace linepack::validation {
namespace {

/// Union-find over node indices, with joins that keep given pairs apart.
struct NodeSets : model::DisjointSets {
  using DisjointSets::DisjointSets;
  void join(std::size_t a, std::size_t b) { unite(a, b); }
  /// Joins a and b unless that would join the two ends of one of `apart` (node pairs);
  /// true when joined (also when already joined).
  bool join_keeping_apart(std::size_t a, std::size_t b,
                          const std::vector<std::pair<std::size_t, std::size_t>>& apart) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    const auto saved = parent;
    parent[a] = b;
    if (std::none_of(apart.begin(), apart.end(),
                     [&](const auto& e) { return find(e.first) == find(e.second); }))
      return true;
    parent = saved;
    return false;
  }
  template <class Elements>
  void join_all(const Elements& elements, const NodeIndex& index) {
    for (const auto& e : elements) join(index.at(e.from), index.at(e.to));
  }
};

/// The connections that join two nodes into one pressure level whatever the control: pipes,
/// short pipes and resistors.
NodeSets pressure_levels(const model::Network& net, const NodeIndex& index) {
  NodeSets sets(net.nodes.size());
  sets.join_all(net.pipes, index);
  sets.join_all(net.short_pipes, index);
  sets.join_all(net.resistors, index);
  return sets;
}

using NodePairs = std::vector<std::pair<std::size_t, std::size_t>>;

/// Appends the (from, to) node indices of each element whose flag is set.
template <class Elements>
void append_ends(NodePairs& out, const Elements& elements, const std::vector<char>& flags,
                 const NodeIndex& index) {
  for (std::size_t i = 0; i < elements.size(); ++i)
    if (flags[i]) out.emplace_back(index.at(elements[i].from), index.at(elements[i].to));
}

}  // namespace

std::vector<char> valves_not_bridging(const model::Network& net, const NodeIndex& index,
                                      const std::vector<char>& regulator_active,
                                      const std::vector<char>& station_active) {
  NodeSets sets = pressure_levels(net, index);
  NodePairs active_ends;
  append_ends(active_ends, net.control_valves, regulator_active, index);
  append_ends(active_ends, net.compressors, station_active, index);
  // Both ends already joined: open adds no path between different levels.
  std::vector<char> open(net.valves.size(), 0);
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    open[k] = sets.join_keeping_apart(index.at(net.valves[k].from), index.at(net.valves[k].to),
                                      active_ends);
  return open;
}

std::vector<char> regulators_across_stations(const model::Network& net, const NodeIndex& index,
                                             const std::vector<char>& valve_open,
                                             const std::vector<char>& station_active) {
  NodeSets lossless(net.nodes.size());
  lossless.join_all(net.short_pipes, index);
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    if (valve_open.empty() || valve_open[k])
      lossless.join(index.at(net.valves[k].from), index.at(net.valves[k].to));
  NodePairs station_ends;
  append_ends(station_ends, net.compressors, station_active, index);
  std::vector<char> closed(net.control_valves.size(), 0);
  for (std::size_t i = 0; i < net.control_valves.size(); ++i)
    closed[i] = !lossless.join_keeping_apart(index.at(net.control_valves[i].from),
                                             index.at(net.control_valves[i].to), station_ends);
  return closed;
}

Zones zones_of(const model::Network& net, const NodeIndex& index,
               const std::vector<model::ElementControl>& controls) {
  NodeSets sets = pressure_levels(net, index);
  const std::size_t cv0 = net.valves.size(), cs0 = cv0 + net.control_valves.size();
  const auto join_if = [&](const auto& elements, std::size_t first, model::ControlState joined) {
    for (std::size_t k = 0; k < elements.size(); ++k)
      if (controls[first + k].state == joined)
        sets.join(index.at(elements[k].from), index.at(elements[k].to));
  };
  join_if(net.valves, 0, model::ControlState::active);  // an active valve is open
  join_if(net.control_valves, cv0, model::ControlState::bypass);
  join_if(net.compressors, cs0, model::ControlState::bypass);
  Zones z;
  z.of.resize(net.nodes.size());
  z.window.assign(net.nodes.size(), {0.0, model::unbounded});
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    z.of[i] = sets.find(i);
    auto& w = z.window[z.of[i]];
    w.first = std::max(w.first, net.nodes[i].pressure_min_pa);
    w.second = std::min(w.second, net.nodes[i].pressure_max_pa);
  }
  return z;
}

std::vector<double> recentring_shifts(const model::Network& net, const Zones& z,
                                      const steady::SteadyResult& r) {
  const std::size_t n = net.nodes.size();
  std::vector<double> lo(n, -model::unbounded), hi(n, model::unbounded);
  std::vector<char> violated(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = r.nodes[i].pressure_pa, p2 = p * p;
    const auto& node = net.nodes[i];
    const std::size_t k = z.of[i];
    lo[k] = std::max(lo[k], node.pressure_min_pa * node.pressure_min_pa - p2);
    hi[k] = std::min(hi[k], node.pressure_max_pa * node.pressure_max_pa - p2);
    if (p < node.pressure_min_pa - 1.0 || p > node.pressure_max_pa + 1.0) violated[k] = 1;
  }
  std::vector<double> shift(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < n; ++k)
    if (violated[k]) shift[k] = std::isfinite(hi[k]) ? 0.5 * (lo[k] + hi[k]) : std::max(lo[k], 0.0);
  return shift;
}

}  // namespace linepack::validation
