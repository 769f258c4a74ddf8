#include "linepack/transient/control_modes.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "linepack/physics/compressor_equation.hpp"

namespace linepack::transient {

using model::ControlState;
using model::HeldQuantity;

namespace {
// The steady loop's tolerances (steady/control_loop.cpp).
constexpr double relative_tolerance = 1e-6;
constexpr double pressure_tolerance_pa = 1.0;
constexpr double flow_tolerance_kg_per_s = 1e-6;
}  // namespace

ControlModes::ControlModes(const model::Network& network, bool hold_limits)
    : hold_limits_(hold_limits) {
  const auto add = [&](bool station, std::size_t i) {
    Element e;
    e.station = station;
    e.index = i;
    elements_.push_back(std::move(e));
  };
  for (std::size_t i = 0; i < network.control_valves.size(); ++i) add(false, i);
  for (std::size_t i = 0; i < network.compressors.size(); ++i) add(true, i);
  mode_.resize(elements_.size());
  binding_.resize(elements_.size());
}

std::vector<ControlModes::Bound> ControlModes::bounds(const model::Network& net,
                                                      const Element& e) const {
  // bounds[0]: the setpoint now (schedule, events); then the limits, as the steady loop has them.
  std::vector<Bound> b;
  if (!e.station) {
    const auto& v = net.control_valves[e.index];
    if (v.mode == model::ControlValveMode::outlet_pressure)
      b.push_back({"setpoint", HeldQuantity::outlet_pressure, v.outlet_pressure_pa});
    else
      b.push_back({"setpoint", HeldQuantity::mass_flow, v.flow_setpoint_kg_per_s});
    if (!hold_limits_) return b;
    if (std::isfinite(v.pressure_out_max_pa))
      b.push_back({"pressure_out_max", HeldQuantity::outlet_pressure, v.pressure_out_max_pa});
    if (std::isfinite(v.flow_max_kg_per_s))
      b.push_back({"flow_max", HeldQuantity::mass_flow, v.flow_max_kg_per_s});
    if (v.pressure_in_min_pa > 0.0)
      b.push_back({"pressure_in_min", HeldQuantity::inlet_pressure, v.pressure_in_min_pa});
    return b;
  }
  const auto& c = net.compressors[e.index];
  using model::CompressorMode;
  switch (c.mode) {
    case CompressorMode::outlet_pressure: b.push_back({"setpoint", HeldQuantity::outlet_pressure, c.setpoint}); break;
    case CompressorMode::inlet_pressure: b.push_back({"setpoint", HeldQuantity::inlet_pressure, c.setpoint}); break;
    case CompressorMode::pressure_ratio: b.push_back({"setpoint", HeldQuantity::pressure_ratio, c.setpoint}); break;
    case CompressorMode::throughput: b.push_back({"setpoint", HeldQuantity::mass_flow, c.setpoint}); break;
    case CompressorMode::shaft_power: b.push_back({"setpoint", HeldQuantity::shaft_power, c.setpoint}); break;
  }
  if (!hold_limits_) return b;
  if (std::isfinite(c.pressure_out_max_pa))
    b.push_back({"pressure_out_max", HeldQuantity::outlet_pressure, c.pressure_out_max_pa});
  if (c.pressure_in_min_pa > 0.0)
    b.push_back({"pressure_in_min", HeldQuantity::inlet_pressure, c.pressure_in_min_pa});
  if (std::isfinite(c.ratio_max)) b.push_back({"ratio_max", HeldQuantity::pressure_ratio, c.ratio_max});
  if (std::isfinite(c.power_max_w)) b.push_back({"power_max", HeldQuantity::shaft_power, c.power_max_w});
  if (std::isfinite(c.flow_max_kg_per_s))
    b.push_back({"flow_max", HeldQuantity::mass_flow, c.flow_max_kg_per_s});
  if (std::isfinite(c.choke_volume_flow_m3_per_s))
    b.push_back({"choke", HeldQuantity::inlet_volume_flow, c.choke_volume_flow_m3_per_s});
  return b;
}

double ControlModes::excess(const TransientEquations& eq, const Element& e, const Bound& b,
                            double pf, double pt, double q) const {
  // Relative excess over the bound, as steady/control_loop.cpp (positive: violated).
  const double v = b.value;
  switch (b.quantity) {
    case HeldQuantity::shaft_power: {
      const auto& net = eq.network();
      const auto& c = net.compressors[e.index];
      const auto& gas = net.physics.gas;
      return (physics::compressor_shaft_power_w(q, pf, pt, eq.eos().z_factor(pf),
                                                gas.specific_gas_constant(), net.physics.temperature_k,
                                                gas.isentropic_exponent, c.efficiency, c.polytropic) -
              v) / v;
    }
    case HeldQuantity::inlet_volume_flow: return (q / eq.eos().density(pf) - v) / v;
    default: return model::pressure_or_flow_excess(b.quantity, v, pf, pt, q);
  }
}

void ControlModes::start_from(const model::Network& network, const steady::SteadyResult& r) {
  const std::size_t cv_first = network.element_count() - network.compressors.size() -
                               network.control_valves.size();
  for (std::size_t k = 0; k < elements_.size(); ++k) {
    auto& e = elements_[k];
    const std::size_t el = cv_first + k;
    if (el >= r.elements.size()) continue;
    const auto& m = r.elements[el].control_mode;
    std::string b = r.elements[el].binding_limit;
    if (const auto plus = b.find('+'); plus != std::string::npos) b.resize(plus);  // "+surge"
    if (m == "open" || m == "bypass") {
      e.held = "open";
      e.reason = b;
    } else if (m == "closed") {
      e.held = "closed";
      e.reason = b;
    } else if (!m.empty()) {
      e.held = b == "none" || b == "parallel_share" || b == "surge" ? "setpoint" : b;
      e.reason.clear();
    }
  }
}

void ControlModes::apply(TransientEquations& eq) {
  const auto& net = eq.network();
  for (auto& e : elements_) {
    const ControlState state =
        e.station ? net.compressors[e.index].state : net.control_valves[e.index].state;
    const bool active = state == ControlState::active;
    if (active && e.active == 0) {  // reactivated (schedule, event): holds its setpoint first
      e.held = "setpoint";
      e.reason.clear();
    }
    e.active = active ? 1 : 0;
    std::optional<model::ControlHold> hold;
    if (active) {
      if (e.held == "open") hold = model::ControlHold{HeldQuantity::open, 0.0};
      else if (e.held == "closed") hold = model::ControlHold{HeldQuantity::closed, 0.0};
      else {
        const auto b = bounds(net, e);
        auto it = std::find_if(b.begin(), b.end(), [&](const Bound& x) { return e.held == x.name; });
        if (it == b.end()) {  // the limit is gone (mode changed): back to the setpoint
          it = b.begin();
          e.held = "setpoint";
        }
        hold = model::ControlHold{it->quantity, it->value};
      }
    }
    eq.set_hold(e.station, e.index, hold);
  }
  describe(net);
}

void ControlModes::begin_step() {
  for (auto& e : elements_) e.left.clear();
}

bool ControlModes::update(const TransientEquations& eq, std::span<const double> x) {
  if (!hold_limits_) return false;
  const auto& net = eq.network();
  const auto& topo = eq.topology();
  const std::size_t cv_first = net.element_count() - net.compressors.size() -
                               net.control_valves.size();
  // Nodes whose pressure an element holds now (a second hold there would fix it twice).
  std::map<std::size_t, const Element*> holder;
  auto held_quantity = [&](const Element& e) {
    const auto b = bounds(net, e);
    for (const auto& x : b)
      if (e.held == x.name) return x.quantity;
    return HeldQuantity::open;
  };
  auto target = [&](const Element& e, HeldQuantity q) -> long long {
    const std::size_t el = cv_first + (e.station ? net.control_valves.size() : 0) + e.index;
    if (q == HeldQuantity::outlet_pressure) return static_cast<long long>(topo.to[el]);
    if (q == HeldQuantity::inlet_pressure) return static_cast<long long>(topo.from[el]);
    return -1;
  };
  for (const auto& e : elements_)
    if (e.active == 1)
      if (const long long n = target(e, held_quantity(e)); n >= 0) holder[static_cast<std::size_t>(n)] = &e;
  bool changed = false;
  for (auto& e : elements_) {
    e.held_before = e.held;
    e.reason_before = e.reason;
  }
  for (auto& e : elements_) {
    if (e.active != 1) continue;
    const std::size_t el = cv_first + (e.station ? net.control_valves.size() : 0) + e.index;
    const double pf = x[topo.from[el]], pt = x[topo.to[el]];
    const double q = x[eq.element_flow_index(el)];
    const auto b = bounds(net, e);
    const std::string old = e.held;
    auto allowed = [&](const std::string& mode) {
      return mode != old && std::find(e.left.begin(), e.left.end(), mode) == e.left.end();
    };
    auto worst_violated = [&]() -> const Bound* {
      const Bound* worst = nullptr;
      double worst_excess = relative_tolerance;
      for (const auto& bd : b) {
        if (bd.name == e.held) continue;
        const double ex = excess(eq, e, bd, pf, pt, q);
        if (!(ex > worst_excess) || !allowed(bd.name)) continue;
        if (const long long n = target(e, bd.quantity); n >= 0) {
          const auto h = holder.find(static_cast<std::size_t>(n));
          if (eq.pressure_fixed(static_cast<std::size_t>(n)) || (h != holder.end() && h->second != &e))
            continue;  // cannot hold it here; stays a violation
        }
        worst = &bd;
        worst_excess = ex;
      }
      return worst;
    };
    std::string next = old, reason = e.reason;
    if (old != "open" && old != "closed") {
      if (q < -flow_tolerance_kg_per_s) {
        next = e.station ? "open" : "closed";
        reason = "reverse_flow";
      } else if (!e.station && pt - pf > pressure_tolerance_pa) {
        next = "open";
        reason = "setpoint_unreachable";
      } else if (e.station && pf - pt > pressure_tolerance_pa) {
        next = "open";
        reason = "cannot_compress";
      } else if (const Bound* w = worst_violated()) {
        next = w->name;
        reason.clear();
      }
    } else if (old == "open" && !e.station) {
      if (q < -flow_tolerance_kg_per_s) {
        next = "closed";
        reason = "reverse_flow";
      } else if (const Bound* w = worst_violated()) {
        next = w->name;
        reason.clear();
      }
    } else if (old == "open" && q > flow_tolerance_kg_per_s) {
      // A bypassed station restarts when every bound has room at p_to = p_from.
      bool room = true;
      for (const auto& bd : b) room = room && excess(eq, e, bd, pf, pt, q) < -relative_tolerance;
      if (room) {
        next = "setpoint";
        reason.clear();
      }
    } else if (old == "closed" && !e.station) {
      bool room = pf - pt > pressure_tolerance_pa;
      for (const auto& bd : b) room = room && excess(eq, e, bd, pf, pt, 0.0) < -relative_tolerance;
      if (room) {
        const bool below = b[0].quantity == HeldQuantity::outlet_pressure && pf <= b[0].value;
        next = below ? "open" : "setpoint";
        reason = below ? "setpoint_unreachable" : "";
      }
    }
    if (next == old || !allowed(next)) continue;
    e.left.push_back(old);
    e.held = next;
    e.reason = reason;
    ++switches_;
    changed = true;
  }
  return changed;
}

void ControlModes::revert() {
  for (auto& e : elements_) {
    if (e.held == e.held_before) continue;
    e.held = e.held_before;
    e.reason = e.reason_before;
    --switches_;
  }
}

void ControlModes::describe(const model::Network& net) {
  for (std::size_t k = 0; k < elements_.size(); ++k) {
    const auto& e = elements_[k];
    const ControlState state =
        e.station ? net.compressors[e.index].state : net.control_valves[e.index].state;
    if (e.active != 1) {
      mode_[k] = state == ControlState::closed ? "closed" : "bypass";
      binding_[k] = "as_given";
    } else if (e.held == "open") {
      mode_[k] = e.station ? "bypass" : "open";
      binding_[k] = e.reason;
    } else if (e.held == "closed") {
      mode_[k] = "closed";
      binding_[k] = e.reason;
    } else {
      for (const auto& bd : bounds(net, e))
        if (e.held == bd.name) mode_[k] = std::string(model::to_string(bd.quantity));
      binding_[k] = e.held == "setpoint" ? "none" : e.held;
    }
  }
}

}  // namespace linepack::transient
