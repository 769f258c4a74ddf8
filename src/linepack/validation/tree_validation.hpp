#pragma once
// Exact feasibility of a nomination on a tree (docs/validation-of-nominations.md, "Trees").
// With every flow fixed by the nomination, each element relates its end pressures by a
// monotone set (validation/edge_relation.hpp), so the set of pressures at a node for which its
// whole subtree can be operated within every bound is an interval, computed from the leaves up
// (interval propagation is exact for monotone relations on a tree). If a node's interval is
// empty, no control exists: the two ends that crossed trace back, element by element, to the
// bounds that conflict (the certificate). Otherwise a pressure is chosen at each root and
// pushed down, each element taking the least control action that keeps its child's interval.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/validation/edge_relation.hpp"
#include "linepack/validation/network_tree.hpp"

namespace linepack::validation {

/// Where one end of a node's interval comes from.
struct BoundSource {
  long edge = -1;      ///< -1: the node's own bound; else the child edge it came through
  bool from_child = false;  ///< through `edge` from the child's same end; false: the element's own limit
};

struct NodeInterval {
  double lo = 0.0, hi = model::unbounded;
  BoundSource lo_source, hi_source;
};

/// One step of a conflict chain: a node and the pressure bound there, and the element that
/// carried it to the next node toward the conflict (none for the last step).
struct ChainStep {
  std::size_t node;
  double bound_pa;
  long edge = -1;  ///< toward the conflict node
};

/// Why the interval at `node` is empty: the lower end's chain (from the node whose minimum, or
/// the element whose limit, starts it, to `node`) and the upper end's.
struct TreeConflict {
  std::size_t node;
  double lower_pa, upper_pa;
  std::vector<ChainStep> lower_chain, upper_chain;  ///< origin first, `node` last
  /// The element whose own limit starts a chain (at the chain's first node), -1 when the chain
  /// starts at a node's own pressure bound.
  long lower_limit_edge = -1, upper_limit_edge = -1;
};

struct TreeOutcome {
  std::optional<TreeConflict> conflict;  ///< set: infeasible for these bounds
  /// Per node, after the upward pass: the pressures for which its subtree can be operated.
  std::vector<NodeInterval> subtree;
  /// Per non-root node: what its subtree allows at its parent (the image through its edge).
  std::vector<Image> into_parent;
  std::vector<double> pressure_pa;       ///< per node, when feasible
  std::vector<EdgeSetting> settings;     ///< per edge, when feasible
  bool constructed = false;  ///< false with no conflict: construction failed (rounding)
};

/// Propagates with node bounds tightened by `margin_pa` (negative: relaxed) and, when no interval
/// is empty, constructs pressures and settings, each root at `root_position` of its interval
/// (1: the top, 0: the bottom).
TreeOutcome propagate_tree(const model::Network& network, const NetworkTree& tree,
                           const std::vector<EdgeRelation>& relations, double margin_pa,
                           double root_position = 1.0);

}  // namespace linepack::validation
