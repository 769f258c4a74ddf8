#include "linepack/steady/violations.hpp"

#include "linepack/model/disjoint_sets.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace linepack::steady {
namespace {
// Tolerances so that rounding at an active bound is not reported.
constexpr double pressure_tol_pa = 1.0;
constexpr double flow_tol_kg_per_s = 1e-6;

/// How a regulator or station is judged: by the mode the control loop settled when the result
/// has one (control_loop.cpp, ControlLoop::report), else by its given state.
enum class Judged { active, bypass, closed };

Judged judged_as(model::ControlState given, const ElementResult& r) {
  if (r.control_mode.empty())
    return given == model::ControlState::active   ? Judged::active
           : given == model::ControlState::bypass ? Judged::bypass
                                                  : Judged::closed;
  if (r.control_mode == "closed") return Judged::closed;
  // A fully open regulator is lossless like a bypassed one (docs/physics.md §7, §8.1).
  if (r.control_mode == "open" || r.control_mode == "bypass") return Judged::bypass;
  return Judged::active;  // holding its setpoint, a limit, or a share of a parallel group
}
/// Regulators and stations without a bypass of their own whose two ends other lossless
/// connections join (short pipes, open valves, regulators and stations bypassed through
/// their own bypass): the flow through such an element could as well pass the parallel path
/// (GasLib's explicit bypass valves), so its direction proves nothing.
/// Per regulator, then per station.
std::vector<char> bridged_without_bypass(const model::Network& net, const SteadyResult& result,
                                         std::size_t cv_first, std::size_t cs_first) {
  std::unordered_map<std::string_view, std::size_t> index;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) index.emplace(net.nodes[v].id, v);
  model::DisjointSets islands(net.nodes.size());
  const auto join = [&](const model::Branch& b) { islands.unite(index.at(b.from), index.at(b.to)); };
  const auto joined = [&](const model::Branch& b) {
    return islands.find(index.at(b.from)) == islands.find(index.at(b.to));
  };
  for (const auto& sp : net.short_pipes) join(sp);
  for (const auto& v : net.valves)
    if (v.open) join(v);
  for (std::size_t i = 0; i < net.control_valves.size(); ++i)
    if (net.control_valves[i].has_bypass &&
        judged_as(net.control_valves[i].state, result.elements[cv_first + i]) == Judged::bypass)
      join(net.control_valves[i]);
  for (std::size_t i = 0; i < net.compressors.size(); ++i)
    if (net.compressors[i].has_bypass &&
        judged_as(net.compressors[i].state, result.elements[cs_first + i]) == Judged::bypass)
      join(net.compressors[i]);
  std::vector<char> bridged;
  for (const auto& v : net.control_valves) bridged.push_back(!v.has_bypass && joined(v));
  for (const auto& c : net.compressors) bridged.push_back(!c.has_bypass && joined(c));
  return bridged;
}
}  // namespace

std::vector<Violation> find_violations(const model::Network& net, const SteadyResult& result) {
  // result.nodes follows net.nodes; result.elements lists pipes, short pipes, resistors, valves,
  // control valves and compressors in network order, so the last two kinds are found by index.
  std::vector<Violation> out;
  std::unordered_map<std::string_view, double> pressure;
  const bool need_pressures = !net.compressors.empty() || !net.control_valves.empty();
  if (need_pressures) pressure.reserve(result.nodes.size());
  for (const auto& n : result.nodes) {
    if (need_pressures) pressure.emplace(n.id, n.pressure_pa);
    if (n.pressure_pa < n.pressure_min_pa - pressure_tol_pa)
      out.push_back({n.id, "pressure_below_min", n.pressure_pa, n.pressure_min_pa});
    if (n.pressure_pa > n.pressure_max_pa + pressure_tol_pa)
      out.push_back({n.id, "pressure_above_max", n.pressure_pa, n.pressure_max_pa});
  }
  const std::size_t cs_first = result.elements.size() - net.compressors.size();
  const std::size_t cv_first = cs_first - net.control_valves.size();
  const bool any_without_bypass =
      std::any_of(net.control_valves.begin(), net.control_valves.end(),
                  [](const model::ControlValve& v) { return !v.has_bypass; }) ||
      std::any_of(net.compressors.begin(), net.compressors.end(),
                  [](const model::Compressor& c) { return !c.has_bypass; });
  const std::vector<char> bridged =
      any_without_bypass ? bridged_without_bypass(net, result, cv_first, cs_first)
                         : std::vector<char>(net.control_valves.size() + net.compressors.size(), 0);
  for (std::size_t i = 0; i < net.compressors.size(); ++i) {
    const auto& c = net.compressors[i];
    const ElementResult& r = result.elements[cs_first + i];
    const Judged judged = judged_as(c.state, r);
    // Closed: q = 0 and the two sides' pressures are independent; only flow would be wrong.
    if (judged == Judged::closed && std::abs(r.mass_flow_kg_per_s) > flow_tol_kg_per_s)
      out.push_back({c.id, "compressor_closed_with_flow", r.mass_flow_kg_per_s, 0.0});
    // Bypassed: a lossless connection in either direction, the machines idle; a station
    // without a bypass of its own then passes the gas itself at ratio 1, forward only.
    if (judged == Judged::bypass && !c.has_bypass && !bridged[net.control_valves.size() + i] &&
        r.mass_flow_kg_per_s < -flow_tol_kg_per_s)
      out.push_back({c.id, "compressor_reverse_flow", r.mass_flow_kg_per_s, 0.0});
    if (judged != Judged::active) continue;
    const double pin = pressure.at(c.from), pout = pressure.at(c.to);
    if (r.mass_flow_kg_per_s < -flow_tol_kg_per_s)
      out.push_back({c.id, "compressor_reverse_flow", r.mass_flow_kg_per_s, 0.0});
    if (pin < c.pressure_in_min_pa - pressure_tol_pa)
      out.push_back({c.id, "compressor_inlet_below_min", pin, c.pressure_in_min_pa});
    if (pout > c.pressure_out_max_pa + pressure_tol_pa)
      out.push_back({c.id, "compressor_outlet_above_max", pout, c.pressure_out_max_pa});
    if (pin > 0.0 && pout / pin > c.ratio_max * (1 + 1e-9))
      out.push_back({c.id, "compressor_ratio_above_max", pout / pin, c.ratio_max});
    if (pout < pin - pressure_tol_pa)
      out.push_back({c.id, "compressor_outlet_below_inlet", pout, pin});
    if (r.shaft_power_w > c.power_max_w * (1 + 1e-9))
      out.push_back({c.id, "compressor_power_above_max", r.shaft_power_w, c.power_max_w});
    if (r.mass_flow_kg_per_s > c.flow_max_kg_per_s * (1 + 1e-9))
      out.push_back({c.id, "compressor_flow_above_max", r.mass_flow_kg_per_s, c.flow_max_kg_per_s});
    // The gas leaving the station (after the cooler): the energy equation's result.
    if (result.energy_equation && r.temperature_to_k > c.discharge_temperature_max_k + 1e-6)
      out.push_back({c.id, "compressor_discharge_temperature_above_max", r.temperature_to_k,
                     c.discharge_temperature_max_k});
  }
  for (std::size_t i = 0; i < net.control_valves.size(); ++i) {
    const auto& v = net.control_valves[i];
    const ElementResult& r = result.elements[cv_first + i];
    const Judged judged = judged_as(v.state, r);
    if (judged == Judged::closed && std::abs(r.mass_flow_kg_per_s) > flow_tol_kg_per_s)
      out.push_back({v.id, "control_valve_closed_with_flow", r.mass_flow_kg_per_s, 0.0});
    if (judged == Judged::closed) continue;
    const double pin = pressure.at(v.from), pout = pressure.at(v.to);
    const bool flowing = std::abs(r.mass_flow_kg_per_s) > flow_tol_kg_per_s;
    // The drop an active regulator works within (GasLib pressureDifferentialMin/-Max); without
    // a bypass of its own (and no parallel path), a bypassed (fully open) regulator is still
    // the regulator: forward only and at least its minimum drop. Without flow it is as good
    // as closed. A drop below 0 of an active one is control_valve_outlet_above_inlet.
    const bool itself = judged == Judged::active || (!v.has_bypass && !bridged[i]);
    const double drop = pin - pout;
    if (flowing && itself && v.pressure_drop_min_pa > 0.0 && drop >= -pressure_tol_pa &&
        drop < v.pressure_drop_min_pa - pressure_tol_pa)
      out.push_back({v.id, "control_valve_drop_below_min", drop, v.pressure_drop_min_pa});
    if (flowing && itself && drop > v.pressure_drop_max_pa + pressure_tol_pa)
      out.push_back({v.id, "control_valve_drop_above_max", drop, v.pressure_drop_max_pa});
    if (judged == Judged::bypass) {
      if (itself && r.mass_flow_kg_per_s < -flow_tol_kg_per_s)
        out.push_back({v.id, "control_valve_reverse_flow", r.mass_flow_kg_per_s, 0.0});
      continue;
    }
    if (r.mass_flow_kg_per_s < -flow_tol_kg_per_s)
      out.push_back({v.id, "control_valve_reverse_flow", r.mass_flow_kg_per_s, 0.0});
    if (pout > pin + pressure_tol_pa)
      out.push_back({v.id, "control_valve_outlet_above_inlet", pout, pin});
    if (pin < v.pressure_in_min_pa - pressure_tol_pa)
      out.push_back({v.id, "control_valve_inlet_below_min", pin, v.pressure_in_min_pa});
    if (pout > v.pressure_out_max_pa + pressure_tol_pa)
      out.push_back({v.id, "control_valve_outlet_above_max", pout, v.pressure_out_max_pa});
  }
  return out;
}

}  // namespace linepack::steady
