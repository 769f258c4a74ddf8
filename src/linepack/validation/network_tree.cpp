#include "linepack/validation/network_tree.hpp"

#include <fmt/format.h>

#include "linepack/model/validation.hpp"

namespace linepack::validation {

std::string to_string(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::pipe: return "pipe";
    case EdgeKind::short_pipe: return "short_pipe";
    case EdgeKind::resistor: return "resistor";
    case EdgeKind::valve: return "valve";
    case EdgeKind::control_valve: return "control_valve";
    case EdgeKind::compressor: return "compressor";
  }
  return "?";
}

std::optional<NetworkTree> build_tree(const model::Network& net, const model::Scenario& scenario,
                                      std::string& why) {
  const model::Topology topo = model::validate(net, scenario);
  NetworkTree t;
  const auto add = [&](const auto& elements, EdgeKind kind) {
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const std::size_t k = t.edges.size();
      t.edges.push_back({kind, i, topo.from[k], topo.to[k], elements[i].id});
    }
  };
  add(net.pipes, EdgeKind::pipe);
  add(net.short_pipes, EdgeKind::short_pipe);
  add(net.resistors, EdgeKind::resistor);
  add(net.valves, EdgeKind::valve);
  add(net.control_valves, EdgeKind::control_valve);
  add(net.compressors, EdgeKind::compressor);

  const std::size_t n = net.nodes.size();
  std::vector<std::vector<std::size_t>> incident(n);
  for (std::size_t e = 0; e < t.edges.size(); ++e) {
    incident[t.edges[e].from].push_back(e);
    incident[t.edges[e].to].push_back(e);
  }
  t.withdrawal_kg_per_s.assign(n, 0.0);
  std::vector<char> pressure_node(n, 0);
  for (std::size_t b = 0; b < scenario.boundaries.size(); ++b) {
    const auto& bc = scenario.boundaries[b];
    if (bc.kind == model::NodeBoundary::Kind::pressure) pressure_node[topo.boundary_node[b]] = 1;
    else t.withdrawal_kg_per_s[topo.boundary_node[b]] += bc.value;
  }

  // Breadth-first search from each pressure node; a second pressure node or an edge back into
  // the visited set means flows are not fixed by the nomination alone.
  t.parent_edge.assign(n, -1);
  t.child_edges.assign(n, {});
  std::vector<char> seen(n, 0);
  for (std::size_t r = 0; r < n; ++r) {
    if (!pressure_node[r] || seen[r]) continue;
    t.roots.push_back(r);
    seen[r] = 1;
    const std::size_t first = t.order.size();
    t.order.push_back(r);
    for (std::size_t k = first; k < t.order.size(); ++k) {
      const std::size_t v = t.order[k];
      for (std::size_t e : incident[v]) {
        if (static_cast<long>(e) == t.parent_edge[v]) continue;
        const std::size_t w = t.other_end(e, v);
        if (seen[w]) {
          why = fmt::format("the network has a cycle through element '{}' (node '{}')",
                            t.edges[e].id, net.nodes[w].id);
          return std::nullopt;
        }
        if (pressure_node[w]) {
          why = fmt::format("nodes '{}' and '{}' both have a pressure boundary in one component",
                            net.nodes[r].id, net.nodes[w].id);
          return std::nullopt;
        }
        seen[w] = 1;
        t.parent_edge[w] = static_cast<long>(e);
        t.child_edges[v].push_back(e);
        t.order.push_back(w);
      }
    }
  }
  // Flows, leaves first: the flow into a subtree is its total withdrawal.
  std::vector<double> subtree(t.withdrawal_kg_per_s);
  t.flow_kg_per_s.assign(t.edges.size(), 0.0);
  for (std::size_t k = t.order.size(); k-- > 0;) {
    const std::size_t v = t.order[k];
    const long pe = t.parent_edge[v];
    if (pe < 0) continue;
    const Edge& e = t.edges[static_cast<std::size_t>(pe)];
    t.flow_kg_per_s[static_cast<std::size_t>(pe)] = e.to == v ? subtree[v] : -subtree[v];
    subtree[t.other_end(static_cast<std::size_t>(pe), v)] += subtree[v];
  }
  for (std::size_t r : t.roots) t.withdrawal_kg_per_s[r] = -(subtree[r] - t.withdrawal_kg_per_s[r]);
  return t;
}

}  // namespace linepack::validation
