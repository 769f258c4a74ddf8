#pragma once
// The mass fluxes of one step between the storage volumes of the transient grid (a node with
// its half cells, an interior interface with its cell: TransientEquations' pressure unknowns)
// as a directed graph: every cell and non-pipe element is an edge from its upstream volume.
// Implicit upwind transport (gas quality, energy) solves the volumes in flow order: a
// topological order of this graph, so that each volume sees the new values of its sources;
// volumes on a cycle of flow (rare) and downstream of one are swept Gauss-Seidel until settled.
#include <cstddef>
#include <span>
#include <vector>

#include "linepack/transient/transient_equations.hpp"

namespace linepack::transient {

class FluxGraph {
 public:
  /// The graph of the step mean flows `mean_flow` (unknowns' layout: cells and non-pipe
  /// elements are read).
  void build(const TransientEquations& eq, std::span<const double> mean_flow);

  std::size_t volumes() const { return in_start_.empty() ? 0 : in_start_.size() - 1; }
  /// Inflow edges of volume i: [in_begin(i), in_end(i)).
  std::size_t in_begin(std::size_t i) const { return in_start_[i]; }
  std::size_t in_end(std::size_t i) const { return in_start_[i + 1]; }
  std::size_t source(std::size_t edge) const { return in_source_[edge]; }
  double flow(std::size_t edge) const { return in_flow_[edge]; }  ///< kg/s, > 0
  /// Sum of the flows out of volume i to other volumes [kg/s].
  double outflow(std::size_t i) const { return out_flow_[i]; }

  /// Calls update(i) for every volume in flow order; update returns the largest change it made
  /// (for the sweeps over cycles, until below `settled`).
  template <class Update>
  void in_flow_order(Update&& update, double settled = 1e-15);

 private:
  std::vector<std::size_t> in_start_, in_source_, out_start_, out_target_, indegree_, order_,
      cursor_;
  std::vector<double> in_flow_, out_flow_;
  std::vector<char> done_;
};

template <class Update>
void FluxGraph::in_flow_order(Update&& update, double settled) {
  const std::size_t n = volumes();
  // Kahn's algorithm on a copy of the in-degrees.
  cursor_.assign(indegree_.begin(), indegree_.end());
  done_.assign(n, 0);
  order_.clear();
  for (std::size_t i = 0; i < n; ++i)
    if (cursor_[i] == 0) order_.push_back(i);
  for (std::size_t h = 0; h < order_.size(); ++h) {
    const std::size_t i = order_[h];
    update(i);
    done_[i] = 1;
    for (std::size_t e = out_start_[i]; e < out_start_[i + 1]; ++e)
      if (--cursor_[out_target_[e]] == 0) order_.push_back(out_target_[e]);
  }
  if (order_.size() == n) return;
  for (int sweep = 0; sweep < 1000; ++sweep) {
    double change = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      if (!done_[i]) {
        const double c = update(i);
        if (c > change) change = c;
      }
    if (change <= settled) break;
  }
}

}  // namespace linepack::transient
