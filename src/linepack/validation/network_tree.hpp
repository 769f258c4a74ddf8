#pragma once
// The network as a spanning structure for nomination validation: every element as an edge with
// its kind, and, when the network is a forest (no cycles), each component rooted at its one
// pressure-boundary node with every element flow fixed by the nominated node flows (mass
// balance on a tree has one solution: the flow into a subtree is its total withdrawal).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::validation {

enum class EdgeKind { pipe, short_pipe, resistor, valve, control_valve, compressor };
std::string to_string(EdgeKind kind);

struct Edge {
  EdgeKind kind;
  std::size_t index;  ///< position in the network's vector of that kind
  std::size_t from, to;  ///< node indices
  std::string id;
};

struct NetworkTree {
  std::vector<Edge> edges;  ///< every element, kinds in model::Topology order
  /// Nodes in breadth-first order from the roots (parents before children).
  std::vector<std::size_t> order;
  std::vector<std::size_t> roots;  ///< one per component: its pressure-boundary node
  std::vector<long> parent_edge;   ///< per node: the edge to its parent, -1 at a root
  std::vector<std::vector<std::size_t>> child_edges;  ///< per node
  /// Per edge: the mass flow from `from` to `to` [kg/s] that the nomination fixes.
  std::vector<double> flow_kg_per_s;
  /// Per node: the nominated withdrawal [kg/s] (supply negative); at a root, the balance of
  /// its component (what the pressure-boundary node must supply).
  std::vector<double> withdrawal_kg_per_s;

  /// The node at the far end of edge e seen from node v.
  std::size_t other_end(std::size_t e, std::size_t v) const {
    return edges[e].from == v ? edges[e].to : edges[e].from;
  }
};

/// The network's edges and, when it is a forest whose every component has exactly one
/// pressure boundary, the rooted tree with fixed flows. Otherwise nullopt and `why` says what
/// stands in the way (a cycle through named elements, or a component with several pressure
/// boundaries). The scenario must have been validated against the network.
std::optional<NetworkTree> build_tree(const model::Network& network,
                                      const model::Scenario& scenario, std::string& why);

}  // namespace linepack::validation
