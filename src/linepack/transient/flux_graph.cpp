#include "linepack/transient/flux_graph.hpp"

namespace linepack::transient {

void FluxGraph::build(const TransientEquations& eq, std::span<const double> mean_flow) {
  const auto& net = eq.network();
  const auto& topo = eq.topology();
  const std::size_t np = eq.pressure_count();
  auto for_each_edge = [&](auto&& f) {
    for (std::size_t p = 0; p < net.pipes.size(); ++p)
      for (std::size_t c = 0; c < eq.pipes()[p].cells; ++c) {
        const double q = mean_flow[eq.cell_index(p, c)];
        const std::size_t l = eq.pressure_index(p, c), r = eq.pressure_index(p, c + 1);
        if (q > 0.0) f(l, r, q);
        else if (q < 0.0) f(r, l, -q);
      }
    for (std::size_t j = 0; j < eq.element_count(); ++j) {
      const std::size_t e = net.pipes.size() + j;
      const double q = mean_flow[eq.element_flow_index(e)];
      if (topo.from[e] == topo.to[e]) continue;
      if (q > 0.0) f(topo.from[e], topo.to[e], q);
      else if (q < 0.0) f(topo.to[e], topo.from[e], -q);
    }
  };
  in_start_.assign(np + 1, 0);
  out_start_.assign(np + 1, 0);
  out_flow_.assign(np, 0.0);
  for_each_edge([&](std::size_t from, std::size_t to, double q) {
    ++in_start_[to + 1];
    ++out_start_[from + 1];
    out_flow_[from] += q;
  });
  for (std::size_t i = 0; i < np; ++i) {
    in_start_[i + 1] += in_start_[i];
    out_start_[i + 1] += out_start_[i];
  }
  in_source_.resize(in_start_[np]);
  in_flow_.resize(in_start_[np]);
  out_target_.resize(out_start_[np]);
  indegree_.assign(np, 0);
  std::vector<std::size_t>& fill_in = order_;  // work arrays as fill cursors
  std::vector<std::size_t>& fill_out = cursor_;
  fill_in.assign(in_start_.begin(), in_start_.end() - 1);
  fill_out.assign(out_start_.begin(), out_start_.end() - 1);
  for_each_edge([&](std::size_t from, std::size_t to, double q) {
    in_source_[fill_in[to]] = from;
    in_flow_[fill_in[to]++] = q;
    out_target_[fill_out[from]++] = to;
    ++indegree_[to];
  });
}

}  // namespace linepack::transient
