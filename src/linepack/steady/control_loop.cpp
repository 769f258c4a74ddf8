#include "linepack/steady/control_loop.hpp"

#include "linepack/model/disjoint_sets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/regulated_outlet_row.hpp"

namespace linepack::steady {

using model::ControlState;
using model::HeldQuantity;

namespace {

/// Placeholder of a map limit before the first working point (never binds).
constexpr double no_map_limit = 1e300;
constexpr double map_limit_tolerance = 1e-9;  // a held map limit has moved above this excess
constexpr double relative_tolerance = 1e-6;  // a bound counts as violated above this excess
constexpr double pressure_tolerance_pa = 1.0;
constexpr double flow_tolerance_kg_per_s = 1e-6;
// At least; both grow as twice the number of active elements (GasLib-4197 with its 120
// regulators active: 54 rounds and 62 switches taken back).
constexpr int max_rounds = 60;
constexpr int max_retreats = 40;  // switches taken back after failed solves (retreat())
constexpr int share_state = -3;  // parallel follower holding its share of the group's flow

void require(bool ok, const std::string& id, const std::string& what) {
  if (!ok) throw model::ValidationError(id, what);
}
std::string bar(double pa) { return fmt::format("{:.6g} bar", pa / 1e5); }
}  // namespace

const std::string& ControlLoop::id(const Element& e) const {
  return e.station ? network().compressors[e.index].id : network().control_valves[e.index].id;
}

ControlLoop::ControlLoop(const model::Network& network, const model::Scenario& scenario,
                         const model::Topology& topology, bool hold_limits, bool withdraw_fuel,
                         bool hold_map_limits, bool regulators_at_setpoint)
    : original_(&network),
      scenario_(scenario),
      topology_(topology),
      fixed_(network.nodes.size(), false),
      hold_limits_(hold_limits) {
  // Copy the network only when some element is controlled (its holds are set on the copy).
  const auto active = [](const auto& e) { return e.state == ControlState::active; };
  if (std::any_of(network.control_valves.begin(), network.control_valves.end(), active) ||
      std::any_of(network.compressors.begin(), network.compressors.end(), active))
    copy_ = network;
  const std::size_t cv_first = network.pipes.size() + network.short_pipes.size() +
                               network.resistors.size() + network.valves.size();
  const std::size_t cs_first = cv_first + network.control_valves.size();
  // Lossless islands: nodes joined by short pipes, open valves and bypassed regulators or
  // stations share one pressure, so two holds anywhere on an island fix it twice.
  model::DisjointSets islands(network.nodes.size());
  auto join = [&](std::size_t element) {
    islands.unite(topology.from[element], topology.to[element]);
  };
  const std::size_t sp_first = network.pipes.size();
  for (std::size_t i = 0; i < network.short_pipes.size(); ++i) join(sp_first + i);
  // Resistors with a fixed pressure loss tie the pressures too (dp does not depend on q), and so
  // do resistors without drag (as in steady/lossless_conflicts.cpp).
  const std::size_t res_first = sp_first + network.short_pipes.size();
  for (std::size_t i = 0; i < network.resistors.size(); ++i) {
    const auto& r = network.resistors[i];
    if (model::ties_end_pressures(r)) join(res_first + i);
  }
  const std::size_t valve_first = sp_first + network.short_pipes.size() + network.resistors.size();
  for (std::size_t i = 0; i < network.valves.size(); ++i)
    if (network.valves[i].open) join(valve_first + i);
  for (std::size_t i = 0; i < network.control_valves.size(); ++i)
    if (network.control_valves[i].state == ControlState::bypass) join(cv_first + i);
  for (std::size_t i = 0; i < network.compressors.size(); ++i)
    if (network.compressors[i].state == ControlState::bypass) join(cs_first + i);
  island_.resize(network.nodes.size());
  for (std::size_t i = 0; i < island_.size(); ++i) island_[i] = islands.find(i);
  // Passive connections (everything but regulators, stations and closed valves).
  auto passive = [&](std::size_t element) {
    passive_from_.push_back(topology.from[element]);
    passive_to_.push_back(topology.to[element]);
  };
  for (std::size_t i = 0; i < valve_first; ++i) passive(i);
  for (std::size_t i = 0; i < network.valves.size(); ++i)
    if (network.valves[i].open) passive(valve_first + i);
  for (std::size_t i = 0; i < network.control_valves.size(); ++i)
    if (network.control_valves[i].state == ControlState::bypass) passive(cv_first + i);
  for (std::size_t i = 0; i < network.compressors.size(); ++i)
    if (network.compressors[i].state == ControlState::bypass) passive(cs_first + i);
  for (std::size_t k = 0; k < scenario.boundaries.size(); ++k)
    if (scenario.boundaries[k].kind == model::NodeBoundary::Kind::pressure)
      fixed_[island_[topology.boundary_node[k]]] = true;
  bool needs_gas = false;

  for (std::size_t i = 0; i < network.control_valves.size(); ++i) {
    const auto& v = network.control_valves[i];
    if (v.state != ControlState::active) continue;
    Element e;
    e.index = i;
    e.from = topology.from[cv_first + i];
    e.to = topology.to[cv_first + i];
    require(v.flow_max_kg_per_s > 0.0, v.id, "maximum flow must be positive");
    if (v.mode == model::ControlValveMode::outlet_pressure) {
      require(!hold_limits || v.outlet_pressure_pa <= v.pressure_out_max_pa, v.id,
              "outlet pressure setpoint " + bar(v.outlet_pressure_pa) +
                  " is above the maximum outlet pressure " + bar(v.pressure_out_max_pa));
      e.bounds.push_back({"setpoint", HeldQuantity::outlet_pressure, v.outlet_pressure_pa});
    } else {
      require(v.flow_setpoint_kg_per_s > 0.0 && std::isfinite(v.flow_setpoint_kg_per_s), v.id,
              "flow setpoint must be positive and finite");
      require(!hold_limits || v.flow_setpoint_kg_per_s <= v.flow_max_kg_per_s, v.id,
              fmt::format("flow setpoint {:.6g} kg/s is above the maximum flow {:.6g} kg/s",
                          v.flow_setpoint_kg_per_s, v.flow_max_kg_per_s));
      e.bounds.push_back({"setpoint", HeldQuantity::mass_flow, v.flow_setpoint_kg_per_s});
    }
    if (std::isfinite(v.pressure_out_max_pa))
      e.bounds.push_back({"pressure_out_max", HeldQuantity::outlet_pressure, v.pressure_out_max_pa});
    if (std::isfinite(v.flow_max_kg_per_s))
      e.bounds.push_back({"flow_max", HeldQuantity::mass_flow, v.flow_max_kg_per_s});
    if (v.pressure_in_min_pa > 0.0)
      e.bounds.push_back({"pressure_in_min", HeldQuantity::inlet_pressure, v.pressure_in_min_pa});
    elements_.push_back(std::move(e));
  }

  for (std::size_t i = 0; i < network.compressors.size(); ++i) {
    const auto& c = network.compressors[i];
    if (c.state != ControlState::active) continue;
    Element e;
    e.station = true;
    e.index = i;
    e.from = topology.from[cs_first + i];
    e.to = topology.to[cs_first + i];
    const double s = c.setpoint;
    using model::CompressorMode;
    switch (c.mode) {
      case CompressorMode::outlet_pressure:
        require(!hold_limits || s <= c.pressure_out_max_pa, c.id,
                "outlet pressure setpoint " + bar(s) + " is above the maximum discharge " +
                    bar(c.pressure_out_max_pa));
        e.bounds.push_back({"setpoint", HeldQuantity::outlet_pressure, s});
        break;
      case CompressorMode::inlet_pressure:
        require(s > 0.0, c.id, "inlet pressure setpoint must be positive");
        require(!hold_limits || s >= c.pressure_in_min_pa, c.id,
                "inlet pressure setpoint " + bar(s) + " is below the minimum suction " +
                    bar(c.pressure_in_min_pa));
        e.bounds.push_back({"setpoint", HeldQuantity::inlet_pressure, s});
        break;
      case CompressorMode::pressure_ratio:
        require(!hold_limits || s <= c.ratio_max, c.id,
                fmt::format("ratio setpoint {:.6g} is above the maximum ratio {:.6g}", s,
                            c.ratio_max));
        e.bounds.push_back({"setpoint", HeldQuantity::pressure_ratio, s});
        break;
      case CompressorMode::throughput:
        require(!hold_limits || s <= c.flow_max_kg_per_s, c.id,
                fmt::format("throughput setpoint {:.6g} kg/s is above the maximum flow {:.6g} kg/s",
                            s, c.flow_max_kg_per_s));
        e.bounds.push_back({"setpoint", HeldQuantity::mass_flow, s});
        break;
      case CompressorMode::shaft_power:
        require(s > 0.0 && std::isfinite(s), c.id, "shaft power setpoint must be positive");
        require(!hold_limits || s <= c.power_max_w, c.id,
                fmt::format("shaft power setpoint {:.6g} MW is above the maximum power {:.6g} MW",
                            s / 1e6, c.power_max_w / 1e6));
        e.bounds.push_back({"setpoint", HeldQuantity::shaft_power, s});
        break;
    }
    require(c.surge_volume_flow_m3_per_s >= 0.0 &&
                c.surge_volume_flow_m3_per_s < c.choke_volume_flow_m3_per_s,
            c.id, "surge flow must be non-negative and below the choke flow");
    if (std::isfinite(c.pressure_out_max_pa))
      e.bounds.push_back({"pressure_out_max", HeldQuantity::outlet_pressure, c.pressure_out_max_pa});
    if (c.pressure_in_min_pa > 0.0)
      e.bounds.push_back({"pressure_in_min", HeldQuantity::inlet_pressure, c.pressure_in_min_pa});
    if (std::isfinite(c.ratio_max))
      e.bounds.push_back({"ratio_max", HeldQuantity::pressure_ratio, c.ratio_max});
    if (std::isfinite(c.power_max_w))
      e.bounds.push_back({"power_max", HeldQuantity::shaft_power, c.power_max_w});
    if (std::isfinite(c.flow_max_kg_per_s))
      e.bounds.push_back({"flow_max", HeldQuantity::mass_flow, c.flow_max_kg_per_s});
    if (std::isfinite(c.choke_volume_flow_m3_per_s))
      e.bounds.push_back({"choke", HeldQuantity::inlet_volume_flow, c.choke_volume_flow_m3_per_s});
    if (c.station && hold_map_limits) {  // limits from the map, set each round at the working point
      e.map_choke = static_cast<int>(e.bounds.size());
      e.bounds.push_back({map_limit_choke.data(), HeldQuantity::inlet_volume_flow, no_map_limit});
      e.map_power = static_cast<int>(e.bounds.size());
      e.bounds.push_back({map_limit_drive_power.data(), HeldQuantity::shaft_power, no_map_limit});
      e.map_speed = static_cast<int>(e.bounds.size());
      e.bounds.push_back({map_limit_speed.data(), HeldQuantity::pressure_ratio, no_map_limit});
    }
    needs_gas = needs_gas || c.surge_volume_flow_m3_per_s > 0.0 ||
                std::any_of(e.bounds.begin(), e.bounds.end(), [](const Bound& b) {
                  return b.quantity == HeldQuantity::shaft_power ||
                         b.quantity == HeldQuantity::inlet_volume_flow;
                });
    elements_.push_back(std::move(e));
  }
  if (!hold_limits)
    for (auto& e : elements_) {
      e.bounds.resize(1);
      e.map_choke = e.map_power = e.map_speed = -1;
    }
  // An element whose ends are joined without loss elsewhere cannot throttle or compress.
  for (auto& e : elements_)
    if (island_[e.from] == island_[e.to]) {
      e.state = open_state;
      e.reason = "bridged";
      e.frozen = true;
    }
  if (needs_gas) eos_.emplace(network.physics.eos, network.physics.gas, network.physics.temperature_k);
  resolve_parallel();
  // Regulators start fully open (the state GasLib data are solved in) and throttle from there
  // where the open solution is above their setpoint or a limit: every round then stays near a
  // feasible state, whereas a first solve with every setpoint held may have none.
  // A regulator whose opening would join a running station's outlet to its inlet without loss
  // (a recycle or bypass line around it, as GasLib-4197's controlValve_8 around
  // compressorStation_10) starts at its setpoint instead: open, it would contradict the
  // station's hold before the first solve (steady/lossless_conflicts.hpp).
  if (hold_limits_ && !regulators_at_setpoint) {
    model::DisjointSets opened(network.nodes.size());  // islands joined by the regulators opened
    for (auto& e : elements_) {
      if (e.station || e.frozen || !(e.state == 0 || e.state == share_state)) continue;
      const std::size_t a = opened.find(island_[e.from]), b = opened.find(island_[e.to]);
      // Opening e joins a and b: it bridges a station whose two ends are in those two parts.
      const auto joins_ends = [&](const Element& s) {
        if (!s.station || s.frozen) return false;
        const std::size_t f = opened.find(island_[s.from]), t = opened.find(island_[s.to]);
        return (f == a && t == b) || (f == b && t == a);
      };
      const bool bridges =
          a != b && std::any_of(elements_.begin(), elements_.end(), joins_ends);
      if (bridges) continue;
      opened.unite(a, b);
      e.state = open_state;
      e.reason = "setpoint_unreachable";
    }
  }
  round_limit_ = std::max(max_rounds, 2 * static_cast<int>(elements_.size()));
  retreat_limit_ = std::max(max_retreats, 2 * static_cast<int>(elements_.size()));
  ensure_determined();
  apply_holds();
  // Fuel withdrawals: one flow boundary per station inlet (the node's own, or a new one).
  withdraw_fuel_ = withdraw_fuel && std::any_of(elements_.begin(), elements_.end(),
                                                [](const Element& e) { return e.station; });
  if (withdraw_fuel_) {
    if (!eos_) eos_.emplace(network.physics.eos, network.physics.gas, network.physics.temperature_k);
    fuel_boundary_.assign(network.compressors.size(), -1);
    fuel_.assign(network.compressors.size(), 0.0);
    for (const auto& e : elements_) {
      if (!e.station || fixed_[island_[e.from]]) continue;  // a fixed node supplies it anyway
      int b = -1;
      for (std::size_t k = 0; k < scenario_.boundaries.size(); ++k)
        if (topology_.boundary_node[k] == e.from) b = static_cast<int>(k);
      if (b < 0) {
        b = static_cast<int>(scenario_.boundaries.size());
        scenario_.boundaries.push_back({network.nodes[e.from].id, model::NodeBoundary::Kind::flow, 0.0});
        topology_.boundary_node.push_back(e.from);
      }
      fuel_boundary_[e.index] = b;
    }
    for (const auto& b : scenario_.boundaries) base_withdrawal_.push_back(b.value);
  }
}

physics::StationInlet ControlLoop::map_inlet(double pf) const {
  const auto& net = network();
  const auto& gas = net.physics.gas;
  return {pf, net.physics.temperature_k, gas.specific_gas_constant(), gas.isentropic_exponent,
          [this](double pr) { return eos_->z_factor(pr); },
          gas.higher_heating_value_j_per_m3 / gas.normal_density()};
}

physics::StationWorkingPoint ControlLoop::map_point(const Element& e, double pf, double pt,
                                                    double q) const {
  return physics::station_working_point(*network().compressors[e.index].station, map_inlet(pf), pt, q);
}

void ControlLoop::update_map_limits(Element& e, double pf, double pt, double q) {
  if (e.map_choke < 0 || !copy_) return;
  const auto w = map_point(e, pf, pt, q);
  if (!w.running) return;  // no compression now: the limits keep their last values
  // A limit the working point does not give (no speed on the map, ...) does not bind, except
  // the one the station holds now, which keeps its last value (it would otherwise be set to
  // hold the placeholder).
  auto finite_or = [&](double v, int bound) {
    return std::isfinite(v) && v > 0.0 ? v : e.state == bound ? e.bounds[bound].value : no_map_limit;
  };
  // A held choke moves with the working point as a fixed point v <- g(v) over rounds; from the
  // second round on its held value takes the secant step to g(v) = v instead (GasLib-4197 at its
  // operating point: g contracts about 17x per round).
  const double held = e.bounds[e.map_choke].value, map = finite_or(w.choke_volume_flow_m3_per_s, e.map_choke);
  double next = map;
  if (e.state == e.map_choke && e.choke_secant && map < no_map_limit && held != e.choke_held_before) {
    const double slope = (map - e.choke_map_before) / (held - e.choke_held_before);
    if (std::isfinite(slope) && slope < 0.5 && slope > -2.0) next = held + (map - held) / (1.0 - slope);
  }
  e.choke_secant = e.state == e.map_choke && map < no_map_limit;
  e.choke_held_before = held;
  e.choke_map_before = map;
  e.bounds[e.map_choke].value = next;
  e.bounds[e.map_power].value = finite_or(w.drive_power_max_w, e.map_power);
  // The ratio at which a turbo unit reaches its maximum speed at this flow, searched up to a
  // ratio of 4 (beyond every GasLib station); none below that: no limit.
  const double p_hi = 4.0 * pf;
  const double p_speed = physics::station_outlet_pressure_max_at_speed_pa(
      *network().compressors[e.index].station, map_inlet(pf), q, p_hi);
  e.bounds[e.map_speed].value = p_speed < p_hi ? p_speed / pf : no_map_limit;
  auto& c = copy_->compressors[e.index];
  c.surge_volume_flow_m3_per_s = std::min(w.surge_volume_flow_m3_per_s, 0.999 * w.choke_volume_flow_m3_per_s);
  // The one-machine law (isentropic head / efficiency) gives the map's power at this point.
  const auto& gas = copy_->physics.gas;
  const double head = physics::compressor_head_j_per_kg(
      pf, pt, eos_->z_factor(pf), gas.specific_gas_constant(), copy_->physics.temperature_k,
      gas.isentropic_exponent, 1.0, false);
  if (w.shaft_power_w > 0.0 && q > 0.0) {
    c.polytropic = false;
    c.efficiency = std::clamp(q * head / w.shaft_power_w, 0.01, 1.0);
  }
}

bool ControlLoop::update_fuel(std::span<const double> p, std::span<const double> q_stations) {
  // Fuel of the driver burnt at the higher heating value: P / (eta_driver HHV/rho_n), with the
  // shaft power of physics/compressor_equation.hpp (machines at least at surge flow).
  const auto& net = network();
  const auto& gas = net.physics.gas;
  const double hhv_j_per_kg = gas.higher_heating_value_j_per_m3 / gas.normal_density();
  bool changed = false;
  std::vector<double> fuel(fuel_.size(), 0.0);
  for (const auto& e : elements_) {
    if (!e.station || e.state < 0) continue;
    const auto& c = net.compressors[e.index];
    const double pf = p[e.from], pt = p[e.to], q = q_stations[e.index];
    if (c.station) {  // the drive's fuel curve at the map's working point
      fuel[e.index] = map_point(e, pf, pt, q).fuel_kg_per_s;
      if (fuel_boundary_[e.index] >= 0 &&
          std::abs(fuel[e.index] - fuel_[e.index]) > 1e-10 * std::max(std::abs(q), 1e-3))
        changed = true;
      continue;
    }
    const double machine = q > 0.0 ? std::max(q, c.surge_volume_flow_m3_per_s * eos_->density(pf)) : q;
    const double power = physics::compressor_shaft_power_w(
        machine, pf, pt, eos_->z_factor(pf), gas.specific_gas_constant(), net.physics.temperature_k,
        gas.isentropic_exponent, c.efficiency, c.polytropic);
    fuel[e.index] = power / (c.driver_efficiency * hhv_j_per_kg);
    if (fuel_boundary_[e.index] >= 0 &&
        std::abs(fuel[e.index] - fuel_[e.index]) > 1e-10 * std::max(std::abs(q), 1e-3))
      changed = true;
  }
  if (!changed) return false;
  fuel_ = fuel;
  for (std::size_t k = 0; k < base_withdrawal_.size(); ++k) scenario_.boundaries[k].value = base_withdrawal_[k];
  for (std::size_t i = 0; i < fuel_.size(); ++i)
    if (fuel_boundary_[i] >= 0) scenario_.boundaries[fuel_boundary_[i]].value += fuel_[i];
  return true;
}

void ControlLoop::ensure_determined() {
  // Each part of the network left when the holding elements are taken out needs a pressure from
  // a fixed node or a hold; an element whose other side has none cannot throttle or compress
  // there (nothing upstream sets a pressure to throttle from): it opens.
  const std::size_t n = fixed_.size();
  for (int pass = 0; pass < 16; ++pass) {
    model::DisjointSets part(n);
    auto root = [&](std::size_t i) { return part.find(i); };
    auto holding = [&](const Element& e) { return e.state != open_state; };
    std::vector<bool> is_controlled_cv(network().control_valves.size(), false),
        is_controlled_cs(network().compressors.size(), false);
    for (const auto& e : elements_) {
      (e.station ? is_controlled_cs : is_controlled_cv)[e.index] = true;
      // Ratio and power holds tie the two sides' pressures together, like an open element.
      const bool ties = e.state >= 0 && (e.bounds[e.state].quantity == HeldQuantity::pressure_ratio ||
                                         e.bounds[e.state].quantity == HeldQuantity::shaft_power);
      if (e.state == open_state || ties) part.unite(e.from, e.to);
    }
    for (std::size_t k = 0; k < passive_from_.size(); ++k) part.unite(passive_from_[k], passive_to_[k]);
    std::vector<bool> determined(n, false);
    for (std::size_t i = 0; i < n; ++i)
      if (fixed_[island_[i]]) determined[root(i)] = true;
    for (const auto& e : elements_) {
      if (e.state < 0) continue;
      const auto q = e.bounds[e.state].quantity;
      if (q == HeldQuantity::outlet_pressure) determined[root(e.to)] = true;
      if (q == HeldQuantity::inlet_pressure) determined[root(e.from)] = true;
    }
    bool changed = false;
    for (auto& e : elements_) {
      if (!holding(e)) continue;
      if (determined[root(e.from)] && determined[root(e.to)]) continue;
      if (e.state == closed_state && e.reason == "parallel_setpoint") continue;  // joined by its lead
      const auto q = e.state >= 0 ? e.bounds[e.state].quantity : HeldQuantity::mass_flow;
      // A pressure hold determines its own side; the other side must have a pressure.
      const bool other_side_free = q == HeldQuantity::outlet_pressure   ? !determined[root(e.from)]
                                   : q == HeldQuantity::inlet_pressure  ? !determined[root(e.to)]
                                   : q == HeldQuantity::pressure_ratio ||
                                             q == HeldQuantity::shaft_power
                                       ? false
                                       : true;
      if (!other_side_free) continue;
      e.state = open_state;
      e.reason = "no_pressure_reference";
      e.frozen = true;
      changed = true;
      break;  // one at a time: opening one may settle the others
    }
    if (!changed) return;
  }
}

int ControlLoop::target_node(const Element& e, HeldQuantity q) const {
  if (q == HeldQuantity::inlet_pressure) return static_cast<int>(island_[e.from]);
  if (q == HeldQuantity::outlet_pressure || q == HeldQuantity::pressure_ratio)
    return static_cast<int>(island_[e.to]);
  return -1;
}

long long ControlLoop::hold_key(const Element& e, HeldQuantity q) const {
  // Two pressure holds fix one thing twice when they hold the same island's pressure, or the
  // same ratio between the same two islands (ratio holds into one node from different inlets
  // fix different inlets: not parallel, as in LANL's GasLib-135).
  const int node = target_node(e, q);
  if (node < 0) return -1;
  if (q != HeldQuantity::pressure_ratio) return node;
  const auto n = static_cast<long long>(island_.size());
  return n + static_cast<long long>(island_[e.from]) * n + node;
}

void ControlLoop::resolve_parallel() {
  // Setpoint holds that fix the same node's pressure (or the same ratio), grouped.
  std::map<long long, std::vector<std::size_t>> by_node;
  for (std::size_t k = 0; k < elements_.size(); ++k) {
    const auto& e = elements_[k];
    const HeldQuantity q = e.bounds[0].quantity;
    const int node = target_node(e, q);
    if (node < 0 || e.frozen) continue;
    if (q != HeldQuantity::pressure_ratio)
      require(!fixed_[node], id(e),
              "holds the pressure of node '" + network().nodes[node].id +
                  "' (or of nodes joined to it without loss), which the scenario fixes; give the element a flow setpoint, bypass it or "
                  "free the node");
    by_node[hold_key(e, q)].push_back(k);
  }
  for (const auto& [key, group] : by_node) {
    if (group.size() < 2) continue;
    const int node = target_node(elements_[group[0]], elements_[group[0]].bounds[0].quantity);
    std::string names;
    for (std::size_t k : group) names += (names.empty() ? "'" : ", '") + id(elements_[k]) + "'";
    const HeldQuantity q = elements_[group[0]].bounds[0].quantity;
    for (std::size_t k : group)
      require(elements_[k].bounds[0].quantity == q, id(elements_[group[0]]),
              "elements " + names + " hold the pressure of node '" + network().nodes[node].id +
                  "' in different ways; give all but one a flow setpoint or bypass them");
    // The leader: highest outlet setting or ratio, lowest inlet setting; ties share the flow.
    const bool lowest = q == HeldQuantity::inlet_pressure;
    std::size_t lead = group[0];
    for (std::size_t k : group) {
      const double v = elements_[k].bounds[0].value, best = elements_[lead].bounds[0].value;
      if (lowest ? v < best : v > best) lead = k;
    }
    const double best = elements_[lead].bounds[0].value;
    for (std::size_t k : group) {
      if (k == lead) continue;
      auto& e = elements_[k];
      if (std::abs(e.bounds[0].value - best) <= 1e-9 * std::abs(best)) {
        e.lead = static_cast<int>(lead);
        e.state = share_state;
        e.reason = "parallel_share";
        e.share = 0.0;  // first solve: the leader carries the flow; shares follow
      } else {
        e.state = closed_state;
        e.reason = "parallel_setpoint";
      }
    }
  }
}

void ControlLoop::start_shares(std::span<const double> q_regulators,
                               std::span<const double> q_stations) {
  for (auto& e : elements_)
    if (e.state == share_state) e.share = e.station ? q_stations[e.index] : q_regulators[e.index];
  apply_holds();
}

void ControlLoop::apply_holds() {
  for (const auto& e : elements_) {
    model::ControlHold h;
    if (e.state >= 0) {
      h = {e.bounds[e.state].quantity, e.bounds[e.state].value};
      // A regulator's outlet hold opens it fully below the value in the same row.
      if (combines_open(e)) h.quantity = HeldQuantity::regulated_outlet;
    } else if (e.state == open_state) h = {HeldQuantity::open, 0.0};
    else if (e.state == closed_state) h = {HeldQuantity::closed, 0.0};
    else h = {HeldQuantity::mass_flow, e.share};
    if (e.station) copy_->compressors[e.index].hold = h;
    else copy_->control_valves[e.index].hold = h;
  }
}

bool ControlLoop::combines_open(const Element& e) const {
  return hold_limits_ && !e.station && e.state >= 0 &&
         e.bounds[e.state].quantity == HeldQuantity::outlet_pressure;
}

std::string ControlLoop::state_name(const Element& e, int state) const {
  if (state >= 0) return e.bounds[state].name;
  if (state == open_state) return e.station ? "bypass" : "open";
  if (state == closed_state) return "closed";
  return "parallel_share";
}

double ControlLoop::excess(const Element& e, const Bound& b, double pf, double pt,
                           double q) const {
  const double v = b.value;
  switch (b.quantity) {
    case HeldQuantity::shaft_power: {
      const auto& c = network().compressors[e.index];
      const auto& gas = network().physics.gas;
      const double head = physics::compressor_head_j_per_kg(
          pf, pt, eos_->z_factor(pf), gas.specific_gas_constant(), network().physics.temperature_k,
          gas.isentropic_exponent, c.efficiency, c.polytropic);
      return (q * head / c.efficiency - v) / v;
    }
    case HeldQuantity::inlet_volume_flow: return (q / eos_->density(pf) - v) / v;
    default: return model::pressure_or_flow_excess(b.quantity, v, pf, pt, q);
  }
}

bool ControlLoop::update(std::span<const double> p, std::span<const double> q_regulators,
                         std::span<const double> q_stations) {
  ++rounds_;
  converged_elements_ = elements_;  // the holds of the state p, q (give_up())
  if (copy_) converged_compressors_ = copy_->compressors;
  if (batch_ < elements_.size()) batch_ *= 2;  // the last round's holds had a state
  auto flow = [&](const Element& e) { return e.station ? q_stations[e.index] : q_regulators[e.index]; };
  // Nodes whose pressure (or ratios) an element holds now (a switch onto them would fix them
  // twice).
  std::unordered_map<long long, int> holder;
  for (std::size_t k = 0; k < elements_.size(); ++k) {
    const auto& e = elements_[k];
    if (e.state >= 0) {
      const long long key = hold_key(e, e.bounds[e.state].quantity);
      if (key >= 0) holder[key] = static_cast<int>(k);
    }
  }
  const std::vector<int> before = [&] {
    std::vector<int> s;
    for (const auto& e : elements_) s.push_back(e.state);
    return s;
  }();
  std::vector<std::string> reasons_before;
  std::vector<char> frozen_before;  // ensure_determined() may freeze an element this round
  for (const auto& e : elements_) {
    reasons_before.push_back(e.reason);
    frozen_before.push_back(e.frozen);
  }
  bool changed = false, limit_moved = false;
  std::string moving;  // stations whose held map limit moved this round, and by how much
  for (std::size_t k = 0; k < elements_.size(); ++k) {
    auto& e = elements_[k];
    if (e.lead >= 0 || e.frozen || !hold_limits_) continue;
    const double pf = p[e.from], pt = p[e.to], q = flow(e);
    update_map_limits(e, pf, pt, q);
    // A map limit held now that moved with the working point (its value, or the map's power
    // there): solve again at the new value. The moving limits settle as a fixed point, bounded
    // by the round limit, to a tighter tolerance than the switches so that the final state
    // meets the map to 1e-6.
    if (e.state >= 0 && (e.state == e.map_choke || e.state == e.map_power || e.state == e.map_speed)) {
      const double moved = excess(e, e.bounds[e.state], pf, pt, q);
      if (std::abs(moved) > map_limit_tolerance) {
        limit_moved = true;
        moving += fmt::format("{}'{}' ({} by {:.2g} relative)", moving.empty() ? "" : ", ", id(e),
                              e.bounds[e.state].name, moved);
      }
    }
    auto worst_violated = [&](int skip) {
      int worst = -1;
      double worst_excess = relative_tolerance;
      for (int j = 0; j < static_cast<int>(e.bounds.size()); ++j) {
        if (j == skip) continue;
        const double x = excess(e, e.bounds[j], pf, pt, q);
        if (!(x > worst_excess)) continue;
        const int node = target_node(e, e.bounds[j].quantity);
        const auto h = node >= 0 ? holder.find(hold_key(e, e.bounds[j].quantity)) : holder.end();
        const bool blocked =
            node >= 0 &&
            ((fixed_[node] && e.bounds[j].quantity != HeldQuantity::pressure_ratio) ||
             (h != holder.end() && h->second != static_cast<int>(k)));
        if (blocked) continue;  // cannot hold it here; stays a reported violation
        worst = j;
        worst_excess = x;
      }
      return worst;
    };
    const int old = e.state;
    if (e.state >= 0) {
      if (q < -flow_tolerance_kg_per_s) {
        e.state = e.station ? open_state : closed_state;
        e.reason = "reverse_flow";
      } else if (!e.station && !combines_open(e) && pt - pf > pressure_tolerance_pa) {
        // (A regulated_outlet row opens fully by itself: it never needs p_to > p_from.)
        e.state = open_state;
        e.reason = "setpoint_unreachable";
      } else if (e.station && pf - pt > pressure_tolerance_pa) {
        e.state = open_state;
        e.reason = "cannot_compress";
      } else if (const int w = worst_violated(e.state); w >= 0) {
        e.state = w;
      }
    } else if (e.state == open_state) {
      if (!e.station) {
        if (q < -flow_tolerance_kg_per_s) {
          e.state = closed_state;
          e.reason = "reverse_flow";
        } else if (const int w = worst_violated(-1); w >= 0) {
          e.state = w;
          e.reason.clear();  // holding a bound: no reason to be open
        }
      } else if (q > flow_tolerance_kg_per_s) {
        // Restart only when every bound has room at the bypass state (pt = pf): a discharge
        // limit below the suction pressure keeps the station bypassed.
        bool room = true;
        for (const auto& b : e.bounds) room = room && excess(e, b, pf, pt, q) < -relative_tolerance;
        if (room) e.state = 0;
      }
    } else if (e.state == closed_state && !e.station && e.reason != "parallel_setpoint") {
      bool room = pf - pt > pressure_tolerance_pa;
      for (const auto& b : e.bounds) room = room && excess(e, b, pf, pt, 0.0) < -relative_tolerance;
      // Reopened: it throttles to its outlet setpoint only when the inlet is above it.
      const bool below = e.bounds[0].quantity == HeldQuantity::outlet_pressure && pf <= e.bounds[0].value;
      if (room) {
        e.state = below ? open_state : 0;
        e.reason = below ? "setpoint_unreachable" : "";
      }
    }
    // The nodes held now change with this switch: a later element of this round must not
    // switch onto the same node's pressure (two holds of one node: a singular Jacobian).
    if (e.state != old) {
      if (old >= 0) {
        const long long key = hold_key(e, e.bounds[old].quantity);
        if (const auto h = holder.find(key); key >= 0 && h != holder.end() && h->second == static_cast<int>(k))
          holder.erase(h);
      }
      if (e.state >= 0)
        if (const long long key = hold_key(e, e.bounds[e.state].quantity); key >= 0)
          holder[key] = static_cast<int>(k);
    }
    if (trace_ && e.state != old)
      fmt::print(stderr, "control round {}: '{}' {} -> {} ({}; p_from {:.6g} bar, p_to {:.6g} bar, q {:.6g} kg/s)\n",
                 rounds_, id(e), state_name(e, old), state_name(e, e.state), e.reason, pf / 1e5,
                 pt / 1e5, q);
    changed = changed || e.state != old;
  }
  // Deferred switches (retreat() took them back as the likely cause of a failed round) wait
  // while others switch; in a round where no other element switches they go alone.
  {
    bool others = false;
    for (std::size_t k = 0; k < elements_.size(); ++k)
      others = others || (elements_[k].lead < 0 && !elements_[k].deferred && elements_[k].state != before[k]);
    for (std::size_t k = 0; k < elements_.size(); ++k) {
      auto& e = elements_[k];
      if (!e.deferred) continue;
      if (!others) {
        e.deferred = false;
      } else if (e.state != before[k]) {
        e.state = before[k];
        e.reason = reasons_before[k];
      }
    }
  }
  // At most batch_ switches per round (unlimited until a solve fails; retreat() halves it, each
  // converged round doubles it again): the later ones wait for the next round.
  {
    std::size_t kept = 0;
    for (std::size_t k = 0; k < elements_.size(); ++k) {
      auto& e = elements_[k];
      if (e.lead >= 0 || e.state == before[k]) continue;
      if (++kept <= batch_) continue;
      e.state = before[k];
      e.reason = reasons_before[k];
    }
  }
  // Parallel followers: the leader's open/closed state, else an equal share of the group flow.
  for (auto& e : elements_) {
    if (e.lead < 0) continue;
    const auto& lead = elements_[e.lead];
    const int old = e.state;
    const double old_share = e.share;
    if (lead.state == open_state || lead.state == closed_state) {
      e.state = lead.state;
      e.reason = lead.reason;
    } else {
      double total = 0.0;
      int members = 0;
      for (const auto& m : elements_)
        if (&m == &lead || m.lead == e.lead) {
          total += flow(m);
          ++members;
        }
      e.state = share_state;
      e.share = total / members;
    }
    changed = changed || e.state != old ||
              (e.state == share_state &&
               std::abs(e.share - old_share) > relative_tolerance * std::max(1.0, std::abs(e.share)));
  }
  // Only held map limits moved: the caller solves the next round to the full tolerance, or
  // the fixed point cannot settle to map_limit_tolerance from loose states.
  limits_only_ = limit_moved && !changed;
  changed = changed || limit_moved;
  if (!changed) {
    // Modes settled: iterate the fuel withdrawals (a contraction: fuel is ~0.5 % of the flow).
    if (withdraw_fuel_ && rounds_ < round_limit_ + 20 && update_fuel(p, q_stations)) return true;
    return false;
  }
  std::vector<int> after;
  for (const auto& e : elements_) after.push_back(e.state);
  const bool cycle = after != before && std::find(seen_states_.begin(), seen_states_.end(),
                                                  after) != seen_states_.end();
  seen_states_.push_back(before);
  last_before_ = before;
  last_reasons_ = reasons_before;
  last_frozen_ = frozen_before;
  if (cycle || rounds_ >= round_limit_) {
    settled_ = false;
    std::string names;
    for (std::size_t k = 0; k < elements_.size(); ++k)
      if (after[k] != before[k]) names += (names.empty() ? "'" : ", '") + id(elements_[k]) + "'";
    message_ = fmt::format("the control modes did not settle after {} rounds ({})", rounds_,
                           cycle ? "they cycle" : "round limit");
    if (!names.empty()) message_ += fmt::format(": {} switch back and forth", names);
    if (!moving.empty())
      message_ += fmt::format("{} the map limits held by {} still move with the working point",
                              names.empty() ? ":" : ";", moving);
    return false;
  }
  ensure_determined();
  apply_holds();
  return true;
}

int ControlLoop::nearest_switched(const std::vector<std::size_t>& switched,
                                  const std::vector<std::size_t>& near) {
  constexpr int max_hops = 4;
  if (near.empty() || switched.empty()) return -1;
  if (adjacency_.empty()) {
    adjacency_.resize(island_.size());
    for (std::size_t k = 0; k < topology_.from.size(); ++k) {
      adjacency_[topology_.from[k]].push_back(topology_.to[k]);
      adjacency_[topology_.to[k]].push_back(topology_.from[k]);
    }
  }
  std::vector<int> hops(adjacency_.size(), -1);
  std::vector<std::size_t> queue;
  for (std::size_t v : near)
    if (v < hops.size() && hops[v] < 0) hops[v] = 0, queue.push_back(v);
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t v = queue[head];
    if (hops[v] >= max_hops) continue;
    for (std::size_t w : adjacency_[v])
      if (hops[w] < 0) hops[w] = hops[v] + 1, queue.push_back(w);
  }
  int best = -1, best_hops = max_hops + 1;
  for (std::size_t k : switched) {
    const auto& e = elements_[k];
    for (std::size_t v : {e.from, e.to})
      if (hops[v] >= 0 && hops[v] < best_hops) best = static_cast<int>(k), best_hops = hops[v];
  }
  return best;
}

bool ControlLoop::retreat(const std::string& why, const std::vector<std::size_t>& near) {
  // Newton found no state for the holds of the last update (a big switch of many elements at
  // once, or a hold that has no state at all). Take back the later half of the switches; when one
  // switch alone fails, the element cannot hold that equation: a regulator closes (as one whose
  // outlet side is held above its setpoint from elsewhere), a station goes to bypass.
  if (last_before_.size() != elements_.size() || ++retreats_ > retreat_limit_) return false;
  std::vector<std::size_t> switched;
  for (std::size_t k = 0; k < elements_.size(); ++k)
    if (elements_[k].state != last_before_[k] && elements_[k].lead < 0) switched.push_back(k);
  if (switched.empty()) return false;
  const int suspect = switched.size() > 1 ? nearest_switched(switched, near) : -1;
  if (suspect >= 0) {
    // The failed solve's Newton direction was largest next to this element: take back its
    // switch alone; it waits (deferred) until nothing else switches.
    auto& e = elements_[suspect];
    e.state = last_before_[suspect];
    e.reason = last_reasons_[suspect];
    e.frozen = last_frozen_[suspect];
    e.deferred = true;
    batch_ = switched.size() - 1;
    if (trace_)
      fmt::print(stderr, "control round {}: no state found ({}); '{}' taken back (the step was largest next to it)\n",
                 rounds_, why, id(e));
  } else if (switched.size() > 1) {
    batch_ = switched.size() / 2;
    for (std::size_t i = switched.size() / 2; i < switched.size(); ++i) {
      auto& e = elements_[switched[i]];
      e.state = last_before_[switched[i]];
      e.reason = last_reasons_[switched[i]];
      e.frozen = last_frozen_[switched[i]];
    }
  } else {
    batch_ = 1;
    auto& e = elements_[switched[0]];
    const int fallback = e.station ? open_state : closed_state;
    // Stays there for the rest of this solve (it would switch back the same way): closed
    // (bypassed), or, when closing was the switch that failed, its former hold.
    if (e.state == fallback) {
      e.state = last_before_[switched[0]];
      e.reason = last_reasons_[switched[0]];
      e.note = why.empty() ? "closing it has no state" : why + " when it closes";
    } else {
      e.state = fallback;
      e.reason = "no_state_at_hold";
      e.note = why;
    }
    e.frozen = true;
    e.pinned = true;
  }
  if (trace_ && suspect < 0)
    fmt::print(stderr, "control round {}: no state found ({}); {} of {} switches taken back\n",
               rounds_, why, switched.size() > 1 ? switched.size() - switched.size() / 2 : 0,
               switched.size());
  // Parallel followers take their leader's open/closed state again.
  for (auto& e : elements_)
    if (e.lead >= 0 && (elements_[e.lead].state == open_state || elements_[e.lead].state == closed_state)) {
      e.state = elements_[e.lead].state;
      e.reason = elements_[e.lead].reason;
    }
  ensure_determined();
  apply_holds();
  return true;
}

void ControlLoop::give_up(const std::string& why) {
  std::string names;
  for (std::size_t k = 0; k < elements_.size() && converged_elements_.size() == elements_.size(); ++k)
    if (elements_[k].state != converged_elements_[k].state && elements_[k].lead < 0)
      names += (names.empty() ? "'" : ", '") + id(elements_[k]) + "'";
  // Exactly the holds of the last converged solve (with the map limits and efficiencies of then),
  // so that solving again from its state converges at once.
  if (converged_elements_.size() == elements_.size()) {
    elements_ = converged_elements_;
    if (copy_) copy_->compressors = converged_compressors_;
  }
  apply_holds();
  if (!settled_) return;
  settled_ = false;
  message_ = fmt::format(
      "the control modes did not settle: no state found for {}{}{}; the result is the last state "
      "found, in which every element keeps its mode of then; not a proof of infeasibility",
      names.empty() ? "the holds of the next round" : "the next switches of " + names,
      why.empty() ? "" : " (", why.empty() ? "" : why + ")");
}

void ControlLoop::check_pinned(std::span<const double> p, std::span<const double> q_regulators,
                               std::span<const double> q_stations) {
  // An element that retreat() had to close or bypass is consistent only where that state is
  // one of its own: closed or open while a bound has no room (outlet above its setpoint, ...).
  std::string names, notes;
  for (const auto& e : elements_) {
    const double pf = p[e.from], pt = p[e.to];
    const double q = e.station ? q_stations[e.index] : q_regulators[e.index];
    // A regulator opened because nothing else sets the pressure on one side passes no reverse
    // flow either (the loop's other closings can leave it carrying some).
    if (!e.station && e.state == open_state && e.reason == "no_pressure_reference" &&
        q < -flow_tolerance_kg_per_s) {
      names += (names.empty() ? "'" : ", '") + id(e) + "'";
      notes += fmt::format("; '{}': open (no other pressure on one side) with reverse flow {:.6g} kg/s",
                           id(e), q);
      continue;
    }
    if (!e.pinned) continue;
    bool consistent = true;
    if (e.state == closed_state) {
      consistent = pf - pt <= pressure_tolerance_pa;
      for (const auto& b : e.bounds) consistent = consistent || excess(e, b, pf, pt, q) >= -relative_tolerance;
    } else if (e.state == open_state && !e.station) {  // fully open: no bound may be exceeded
      for (const auto& b : e.bounds) consistent = consistent && excess(e, b, pf, pt, q) <= relative_tolerance;
    } else if (e.state == open_state) {
      // Bypassed: the station's own state unless update() would restart it (forward flow and
      // every bound with room at p_to = p_from): reverse flow, or a bound without room.
      bool room = q > flow_tolerance_kg_per_s;
      for (const auto& b : e.bounds) room = room && excess(e, b, pf, pt, q) < -relative_tolerance;
      consistent = !room;
    } else if (e.state >= 0) {  // a hold it kept because closing had no state: forward flow
      consistent = q >= -flow_tolerance_kg_per_s &&
                   (e.station ? pf - pt <= pressure_tolerance_pa : pt - pf <= pressure_tolerance_pa);
      for (int j = 0; j < static_cast<int>(e.bounds.size()); ++j)
        consistent = consistent && (j == e.state || excess(e, e.bounds[j], pf, pt, q) <= relative_tolerance);
    }
    if (!consistent) {
      names += (names.empty() ? "'" : ", '") + id(e) + "'";
      if (!e.note.empty()) notes += fmt::format("; '{}': {}", id(e), e.note);
    }
  }
  if (names.empty() || !settled_) return;
  settled_ = false;
  message_ = "no state found in which " + names +
             " hold their setpoints (Newton found none, or only one with a pressure <= 0), and in "
             "the modes they were left in (closed, fully open, or their former hold where closing "
             "had no state) they contradict their setpoint, limits or flow direction" + notes +
             "; not a proof of infeasibility";
}

void ControlLoop::report(SteadyResult& result) const {
  const std::size_t cv_first = network().pipes.size() + network().short_pipes.size() +
                               network().resistors.size() + network().valves.size();
  const std::size_t cs_first = cv_first + network().control_valves.size();
  auto mark_inactive = [&](ElementResult& r, ControlState s) {
    r.control_mode = s == ControlState::closed ? "closed" : "bypass";
    r.binding_limit = "as_given";
  };
  for (std::size_t i = 0; i < network().control_valves.size(); ++i)
    mark_inactive(result.elements[cv_first + i], network().control_valves[i].state);
  for (std::size_t i = 0; i < network().compressors.size(); ++i)
    mark_inactive(result.elements[cs_first + i], network().compressors[i].state);
  for (const auto& e : elements_) {
    auto& r = result.elements[(e.station ? cs_first : cv_first) + e.index];
    // Held by the regulated_outlet row with its outlet held above the row's pressure from
    // elsewhere: closed (with a leak below 1e-6 kg/s, else the loop closes it explicitly).
    if (combines_open(e) &&
        physics::regulator_overpressure(e.bounds[e.state].value, result.nodes[e.from].pressure_pa,
                                        result.nodes[e.to].pressure_pa, r.mass_flow_kg_per_s)
                .residual > pressure_tolerance_pa) {
      r.control_mode = "closed";
      r.binding_limit = "reverse_flow";
    } else if (combines_open(e) &&
               e.bounds[e.state].value - result.nodes[e.to].pressure_pa > pressure_tolerance_pa) {
      // Held by the regulated_outlet row and below its value: on the row's fully open piece.
      r.control_mode = "open";
      r.binding_limit = "setpoint_unreachable";
    } else if (e.state >= 0) {
      const auto& b = e.bounds[e.state];
      r.control_mode = std::string(model::to_string(b.quantity));
      r.binding_limit = std::string(b.name) == "setpoint" ? "none" : b.name;
    } else if (e.state == open_state) {
      r.control_mode = e.station ? "bypass" : "open";
      r.binding_limit = e.reason;
    } else if (e.state == closed_state) {
      r.control_mode = "closed";
      r.binding_limit = e.reason;
    } else {
      r.control_mode = "flow";
      r.binding_limit = "parallel_share";
    }
    if (e.station && e.state >= 0 && eos_) {
      const auto& c = network().compressors[e.index];
      const double pf = result.nodes[e.from].pressure_pa;
      if (c.surge_volume_flow_m3_per_s > 0.0 &&
          r.mass_flow_kg_per_s / eos_->density(pf) < c.surge_volume_flow_m3_per_s)
        r.binding_limit = r.binding_limit == "none" ? "surge" : r.binding_limit + "+surge";
    }
  }
}

}  // namespace linepack::steady
