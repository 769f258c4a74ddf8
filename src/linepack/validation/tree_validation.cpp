#include "linepack/validation/tree_validation.hpp"

#include <algorithm>
#include <cmath>

namespace linepack::validation {
namespace {

bool is_empty(const NodeInterval& iv) { return iv.hi <= 0.0 || iv.lo > iv.hi; }

/// Follows one end's sources from `node` down to where it starts; origin first.
std::vector<ChainStep> chain_of(const NetworkTree& tree, const std::vector<NodeInterval>& iv,
                                std::size_t node, bool lower, long& limit_edge) {
  std::vector<ChainStep> steps{{node, lower ? iv[node].lo : iv[node].hi, -1}};
  std::size_t v = node;
  limit_edge = -1;
  for (;;) {
    const BoundSource& s = lower ? iv[v].lo_source : iv[v].hi_source;
    if (s.edge < 0) break;
    if (!s.from_child) {
      limit_edge = s.edge;
      break;
    }
    const std::size_t c = tree.other_end(static_cast<std::size_t>(s.edge), v);
    steps.push_back({c, lower ? iv[c].lo : iv[c].hi, s.edge});
    v = c;
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

}  // namespace

TreeOutcome propagate_tree(const model::Network& net, const NetworkTree& tree,
                           const std::vector<EdgeRelation>& rel, double margin_pa,
                           double root_position) {
  const std::size_t n = net.nodes.size();
  std::vector<NodeInterval> iv(n);
  for (std::size_t v = 0; v < n; ++v) {
    const auto& node = net.nodes[v];
    // A margin never crosses the middle of a node's own bounds.
    const double width = node.pressure_max_pa - node.pressure_min_pa;
    const double m = margin_pa > 0.0 && std::isfinite(width) ? std::min(margin_pa, 0.25 * width)
                                                             : margin_pa;
    iv[v].lo = std::max(node.pressure_min_pa + m, 0.0);
    iv[v].hi = node.pressure_max_pa - m;
  }
  TreeOutcome out;
  out.into_parent.assign(n, Image{});
  const auto conflict_at = [&](std::size_t v) {
    TreeConflict c{v, iv[v].lo, iv[v].hi, {}, {}};
    c.lower_chain = chain_of(tree, iv, v, true, c.lower_limit_edge);
    c.upper_chain = chain_of(tree, iv, v, false, c.upper_limit_edge);
    out.conflict = std::move(c);
    return out;
  };
  // Leaves up: every node is final when reached (its children come later in `order`).
  for (std::size_t k = tree.order.size(); k-- > 0;) {
    const std::size_t v = tree.order[k];
    if (is_empty(iv[v])) return conflict_at(v);
    const long pe = tree.parent_edge[v];
    if (pe < 0) continue;
    const auto e = static_cast<std::size_t>(pe);
    const std::size_t u = tree.other_end(e, v);
    const Image img = tree.edges[e].to == v ? rel[e].image_from(iv[v].lo, iv[v].hi)
                                            : rel[e].image_to(iv[v].lo, iv[v].hi);
    out.into_parent[v] = img;
    if (img.lo > iv[u].lo) {
      iv[u].lo = img.lo;
      iv[u].lo_source = {pe, img.lo_from_input};
    }
    if (img.hi < iv[u].hi) {
      iv[u].hi = img.hi;
      iv[u].hi_source = {pe, img.hi_from_input};
    }
  }
  out.subtree = iv;
  // Roots down: each root at its position in its interval, then the least control action.
  out.pressure_pa.assign(n, 0.0);
  out.settings.assign(tree.edges.size(), EdgeSetting{});
  for (std::size_t v : tree.order) {
    const long pe = tree.parent_edge[v];
    if (pe < 0) {
      out.pressure_pa[v] = std::isfinite(iv[v].hi)
                               ? iv[v].lo + root_position * (iv[v].hi - iv[v].lo)
                               : iv[v].lo;
      continue;
    }
    const auto e = static_cast<std::size_t>(pe);
    const std::size_t u = tree.other_end(e, v);
    const auto s = rel[e].choose(out.pressure_pa[u], tree.edges[e].from == u, iv[v].lo, iv[v].hi);
    if (!s) return out;  // constructed stays false
    out.settings[e] = *s;
    out.pressure_pa[v] = s->p_to_pa;
  }
  out.constructed = true;
  return out;
}

}  // namespace linepack::validation
