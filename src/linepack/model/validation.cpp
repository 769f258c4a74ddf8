#include "linepack/model/validation.hpp"

#include "linepack/model/disjoint_sets.hpp"
#include "linepack/model/id_index.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace linepack::model {
namespace {

bool finite(double v) { return std::isfinite(v); }

void require(bool ok, const std::string& id, const char* what) {
  if (!ok) throw ValidationError(id, what);
}
/// Like require(), but builds the message only on failure (validation runs on every solve).
template <class MakeMessage>
void require_lazy(bool ok, const std::string& id, MakeMessage&& make) {
  if (!ok) throw ValidationError(id, make());
}

/// A thermal input temperature in kelvin. Below 150 K natural gas is liquid at any pipeline
/// pressure (methane's critical temperature is 190.6 K): such a value is a temperature in degC.
void require_temperature(double t_k, const std::string& id, const char* what) {
  require_lazy(finite(t_k) && t_k >= 150.0, id, [&] {
    return fmt::format("{} must be in kelvin (at least 150 K), got {} K (a value in degC?)", what,
                       t_k);
  });
}

void require_heat_transfer(double u, const std::string& id) {
  require_lazy(u >= 0.0 && !std::isnan(u), id, [&] {
    return fmt::format("heat-transfer coefficient must not be negative, got {} W/(m^2 K)", u);
  });
}

/// Calls f(branch, closed) for every element of the network.
template <class F>
void for_each_branch(const Network& n, F&& f) {
  for (const auto& e : n.pipes) f(e, false);
  for (const auto& e : n.short_pipes) f(e, false);
  for (const auto& e : n.resistors) f(e, false);
  for (const auto& e : n.valves) f(e, !e.open);
  for (const auto& e : n.control_valves) f(e, e.state == ControlState::closed);
  for (const auto& e : n.compressors) f(e, e.state == ControlState::closed);
}


using NodeIndex = IdIndex;

/// Validates the network and returns its node index (views into the network's ids); records
/// each element's end-node indices in `topology` when given.
NodeIndex validate_network(const Network& n, Topology* topology = nullptr) {
  require(!n.nodes.empty(), "", "the network has no nodes");
  NodeIndex node_ids(n.nodes.size());
  for (std::size_t i = 0; i < n.nodes.size(); ++i) {
    const auto& node = n.nodes[i];
    require(!node.id.empty(), "", "a node has an empty id");
    require(node_ids.insert(node.id, i), node.id, "duplicate node id");
    require(finite(node.elevation_m), node.id, "elevation is not a finite number");
    require(node.pressure_min_pa >= 0.0, node.id, "minimum pressure is negative");
    require(node.pressure_max_pa >= node.pressure_min_pa, node.id,
            "maximum pressure is below minimum pressure");
    if (node.supply_temperature_k)
      require_temperature(*node.supply_temperature_k, node.id, "supply temperature");
  }
  IdIndex element_ids(n.element_count());
  for_each_branch(n, [&](const Branch& b, bool) {
    require(!b.id.empty(), "", "an element has an empty id");
    require(element_ids.insert(b.id, 0), b.id, "duplicate element id");
    const std::size_t from = node_ids.find(b.from), to = node_ids.find(b.to);
    require_lazy(from != IdIndex::npos, b.id,
                 [&] { return fmt::format("unknown from-node '{}'", b.from); });
    require_lazy(to != IdIndex::npos, b.id,
                 [&] { return fmt::format("unknown to-node '{}'", b.to); });
    require(from != to, b.id, "from-node and to-node are the same");
    if (topology) {
      topology->from.push_back(from);
      topology->to.push_back(to);
    }
  });
  for (const auto& p : n.pipes) {
    require_lazy(finite(p.length_m) && p.length_m > 0.0, p.id,
                 [&] { return fmt::format("length must be positive, got {} m", p.length_m); });
    require_lazy(finite(p.diameter_m) && p.diameter_m > 0.0, p.id,
                 [&] { return fmt::format("diameter must be positive, got {} m", p.diameter_m); });
    require_lazy(
        finite(p.roughness_m) && p.roughness_m >= 0.0 && p.roughness_m < p.diameter_m, p.id,
        [&] { return fmt::format("roughness must be in [0, diameter), got {} m", p.roughness_m); });
    require(finite(p.loss_coefficient) && p.loss_coefficient >= 0.0, p.id,
            "loss coefficient must not be negative");
    if (p.friction_factor)
      require(*p.friction_factor > 0.0 && *p.friction_factor < 1.0, p.id,
              "friction factor must be in (0, 1)");
    if (p.heat_transfer_coefficient_w_per_m2_k)
      require_heat_transfer(*p.heat_transfer_coefficient_w_per_m2_k, p.id);
    if (p.ground_temperature_k)
      require_temperature(*p.ground_temperature_k, p.id, "ground temperature");
  }
  for (const auto& r : n.resistors) {
    if (r.pressure_loss_pa) {
      require(*r.pressure_loss_pa >= 0.0, r.id, "pressure loss must not be negative");
    } else {
      require(r.drag_factor >= 0.0 && finite(r.drag_factor), r.id,
              "drag factor must not be negative");
      require(r.diameter_m > 0.0 && finite(r.diameter_m), r.id, "diameter must be positive");
    }
  }
  for (const auto& c : n.control_valves) {
    if (c.state == ControlState::active)
      require(c.outlet_pressure_pa > 0.0, c.id, "active control valve needs an outlet pressure");
    require_lazy(c.pressure_drop_min_pa >= 0.0 && finite(c.pressure_drop_min_pa), c.id, [&] {
      return fmt::format("minimum pressure drop must be a finite number >= 0 Pa, got {} Pa",
                         c.pressure_drop_min_pa);
    });
    require_lazy(c.pressure_drop_max_pa >= c.pressure_drop_min_pa, c.id, [&] {
      return fmt::format("maximum pressure drop {} Pa is below the minimum {} Pa",
                         c.pressure_drop_max_pa, c.pressure_drop_min_pa);
    });
  }
  for (const auto& c : n.compressors) {
    require(c.efficiency > 0.0 && c.efficiency <= 1.0, c.id, "efficiency must be in (0, 1]");
    require(c.driver_efficiency > 0.0 && c.driver_efficiency <= 1.0, c.id,
            "driver efficiency must be in (0, 1]");
    if (c.cooler_outlet_temperature_k)
      require_temperature(*c.cooler_outlet_temperature_k, c.id, "cooler outlet temperature");
    require_lazy(c.cooler_duty_max_w >= 0.0, c.id, [&] {
      return fmt::format("cooler duty limit must not be negative, got {} W", c.cooler_duty_max_w);
    });
    require_lazy(c.discharge_temperature_max_k > 0.0, c.id, [&] {
      return fmt::format("discharge temperature limit must be positive (kelvin), got {} K",
                         c.discharge_temperature_max_k);
    });
    if (c.station) {
      try {
        validate_station(*c.station);
      } catch (const std::invalid_argument& e) {
        throw ValidationError(c.id, e.what());
      }
    }
    if (c.state == ControlState::active) {
      switch (c.mode) {
        case CompressorMode::pressure_ratio:
          require(c.setpoint > 0.0, c.id, "pressure ratio must be positive");
          break;
        case CompressorMode::outlet_pressure:
          require(c.setpoint > 0.0, c.id, "outlet pressure must be positive");
          break;
        case CompressorMode::throughput:
          require(finite(c.setpoint), c.id, "throughput must be finite");
          break;
        case CompressorMode::inlet_pressure:
        case CompressorMode::shaft_power:
          break;  // checked with the limits by steady/control_loop.cpp
      }
    }
  }
  const auto& ph = n.physics;
  require(ph.temperature_k > 0.0, "", "gas temperature must be positive");
  require_heat_transfer(ph.thermal.heat_transfer_coefficient_w_per_m2_k, "");
  if (ph.thermal.ground_temperature_k)
    require_temperature(*ph.thermal.ground_temperature_k, "", "ground temperature");
  if (ph.thermal.supply_temperature_k)
    require_temperature(*ph.thermal.supply_temperature_k, "", "supply temperature");
  require(ph.gas.molar_mass_kg_per_mol > 0.0, "", "molar mass must be positive");
  require(ph.gas.dynamic_viscosity_pa_s > 0.0, "", "viscosity must be positive");
  return node_ids;
}

/// Controls by element id (the last one wins).
std::unordered_map<std::string_view, const ElementControl*> controls_by_element(const Scenario& s) {
  std::unordered_map<std::string_view, const ElementControl*> out;
  for (const auto& c : s.controls) out[c.element] = &c;
  return out;
}

}  // namespace

void validate(const Network& n) { validate_network(n); }

Topology validate(const Network& n, const Scenario& s) {
  Topology topology;
  topology.from.reserve(n.element_count());
  topology.to.reserve(n.element_count());
  const NodeIndex index = validate_network(n, &topology);
  topology.boundary_node.reserve(s.boundaries.size());
  std::vector<bool> fixed(n.nodes.size(), false), seen(n.nodes.size(), false);
  for (const auto& b : s.boundaries) {
    const std::size_t i = index.find(b.node);
    require(i != IdIndex::npos, b.node, "boundary condition for an unknown node");
    topology.boundary_node.push_back(i);
    require(!seen[i], b.node, "more than one boundary condition");
    seen[i] = true;
    require(std::isfinite(b.value), b.node, "boundary value is not a finite number");
    if (b.kind == NodeBoundary::Kind::pressure) {
      require(b.value > 0.0, b.node, "fixed pressure must be positive");
      fixed[i] = true;
    }
  }
  const auto controls = controls_by_element(s);
  std::size_t controls_found = 0, element = 0;
  DisjointSets sets(n.nodes.size());
  // Parts joined by lossless connections (short pipes, open valves) hold one pressure.
  DisjointSets lossless(n.nodes.size());
  std::vector<std::string_view> joined_by(n.nodes.size());
  const std::size_t first_short = n.pipes.size(), end_short = first_short + n.short_pipes.size();
  const std::size_t first_valve = end_short + n.resistors.size(),
                    end_valve = first_valve + n.valves.size();
  for_each_branch(n, [&](const Branch& b, bool closed) {
    const std::size_t f = topology.from[element], t = topology.to[element];
    const bool is_lossless = (element >= first_short && element < end_short) ||
                             (element >= first_valve && element < end_valve);
    ++element;
    if (!controls.empty()) {
      if (auto it = controls.find(b.id); it != controls.end()) {
        closed = it->second->state == ControlState::closed;
        ++controls_found;
      }
    }
    if (!closed) sets.unite(f, t);
    if (!closed && is_lossless) {
      lossless.unite(f, t);
      joined_by[lossless.find(f)] = b.id;
    }
  });
  // Two fixed pressures in one lossless part: different pressures have no solution, equal ones
  // leave the flow between them undetermined (docs/limits.md).
  std::vector<std::size_t> fixed_in(n.nodes.size(), IdIndex::npos);
  std::vector<double> fixed_pa(n.nodes.size(), 0.0);
  for (const auto& b : s.boundaries) fixed_pa[index.find(b.node)] = b.value;
  for (std::size_t i = 0; i < n.nodes.size(); ++i) {
    if (!fixed[i]) continue;
    const std::size_t root = lossless.find(i);
    if (fixed_in[root] == IdIndex::npos) {
      fixed_in[root] = i;
      continue;
    }
    const std::size_t other = fixed_in[root];
    throw ValidationError(
        std::string(joined_by[root]),
        fmt::format("joins fixed-pressure nodes '{}' ({:.6g} bar) and '{}' ({:.6g} bar) without "
                    "pressure loss (short pipes or open valves): {}; make one of them a flow "
                    "boundary or connect them by a pipe or resistor",
                    n.nodes[other].id, fixed_pa[other] / 1e5, n.nodes[i].id, fixed_pa[i] / 1e5,
                    fixed_pa[other] == fixed_pa[i] ? "the flow between them is undetermined"
                                                   : "different pressures there have no solution"));
  }
  if (controls_found != controls.size()) {
    std::unordered_set<std::string_view> element_ids;
    for_each_branch(n, [&](const Branch& b, bool) { element_ids.insert(b.id); });
    for (const auto& c : s.controls)
      require(element_ids.count(c.element) == 1, c.element, "control for an unknown element");
  }
  std::vector<bool> referenced(n.nodes.size(), false);
  for (std::size_t i = 0; i < n.nodes.size(); ++i)
    if (fixed[i]) referenced[sets.find(i)] = true;
  for (std::size_t i = 0; i < n.nodes.size(); ++i)
    require(referenced[sets.find(i)], n.nodes[i].id,
            "no pressure reference: this node's connected part of the network has no node "
            "with a fixed pressure");
  return topology;
}

Network apply_controls(const Network& n, const Scenario& s) {
  Network out = n;
  if (s.controls.empty()) return out;
  const auto controls = controls_by_element(s);
  std::size_t applied = 0;
  auto find = [&](const std::string& id) -> const ElementControl* {
    auto it = controls.find(id);
    if (it == controls.end()) return nullptr;
    ++applied;
    return it->second;
  };
  for (auto& v : out.valves)
    if (const auto* c = find(v.id)) v.open = c->state != ControlState::closed;
  for (auto& v : out.control_valves)
    if (const auto* c = find(v.id)) {
      v.state = c->state;
      if (c->setpoint) v.outlet_pressure_pa = *c->setpoint;
    }
  for (auto& k : out.compressors)
    if (const auto* c = find(k.id)) {
      k.state = c->state;
      if (c->mode) k.mode = *c->mode;
      if (c->setpoint) k.setpoint = *c->setpoint;
    }
  if (applied != controls.size()) {
    for (const auto& [id, c] : controls) {
      bool known = false;
      for (const auto& v : out.valves) known = known || v.id == id;
      for (const auto& v : out.control_valves) known = known || v.id == id;
      for (const auto& k : out.compressors) known = known || k.id == id;
      require(known, c->element, "controls apply to valves, control valves and compressors only");
    }
  }
  return out;
}

}  // namespace linepack::model
