#include "linepack/validation/objective_bound.hpp"

#include <algorithm>
#include <cmath>

#include "linepack/physics/compressor_equation.hpp"

namespace linepack::validation {

ObjectiveBound tree_objective_bound(const model::Network& net, const NetworkTree& tree,
                                    const std::vector<EdgeRelation>& rel, const TreeOutcome& t,
                                    const gas::EquationOfState& eos, double relax_pa) {
  const std::size_t n = net.nodes.size();
  struct Range {
    double lo = 0.0, hi = model::unbounded;
  };
  const auto meet = [](Range a, double lo, double hi) {
    return Range{std::max(a.lo, lo), std::min(a.hi, hi)};
  };
  // outside[v]: pressures at v compatible with everything outside v's subtree.
  std::vector<Range> outside(n);
  ObjectiveBound bound;
  const auto& gas = net.physics.gas;
  const double hhv_j_per_kg = gas.higher_heating_value_j_per_m3 / gas.normal_density();
  for (std::size_t u : tree.order) {
    const auto& own = net.nodes[u];
    for (std::size_t e : tree.child_edges[u]) {
      const std::size_t c = tree.other_end(e, u);
      // The parent's pressures allowed by all but this child's subtree.
      Range side = meet(outside[u], own.pressure_min_pa - relax_pa, own.pressure_max_pa + relax_pa);
      for (std::size_t e2 : tree.child_edges[u]) {
        if (e2 == e) continue;
        const Image& img = t.into_parent[tree.other_end(e2, u)];
        side = meet(side, img.lo, img.hi);
      }
      const Image down = tree.edges[e].from == u ? rel[e].image_to(side.lo, side.hi)
                                                 : rel[e].image_from(side.lo, side.hi);
      outside[c] = {down.lo, down.hi};
      const Edge& edge = tree.edges[e];
      const double q = tree.flow_kg_per_s[e];
      if (edge.kind != EdgeKind::compressor || q <= zero_flow_kg_per_s) continue;
      const Range child{t.subtree[c].lo, t.subtree[c].hi};
      const Range inlet = edge.from == u ? side : child;
      const Range outlet = edge.from == u ? child : side;
      if (!std::isfinite(inlet.hi) || inlet.hi <= 0.0 || inlet.lo > inlet.hi) continue;
      const double a = inlet.hi, b = std::max(a, outlet.lo);
      const auto& cs = net.compressors[edge.index];
      const double z = std::min(eos.z_factor(std::max(inlet.lo, 1.0)), eos.z_factor(a));
      const double p = physics::compressor_shaft_power_w(
          q, a, b, z, gas.specific_gas_constant(), net.physics.temperature_k,
          gas.isentropic_exponent, cs.efficiency, cs.polytropic);
      bound.power_w += p;
      bound.fuel_kg_per_s += p / (cs.driver_efficiency * hhv_j_per_kg);
    }
  }
  return bound;
}

}  // namespace linepack::validation
