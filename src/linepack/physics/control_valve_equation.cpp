#include "linepack/physics/control_valve_equation.hpp"

#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/regulated_outlet_row.hpp"

namespace linepack::physics {

using model::ControlHold;
using model::ControlState;
using model::HeldQuantity;

ControlHold held_equation(const model::ControlValve& v) {
  if (v.state == ControlState::bypass) return {HeldQuantity::open, 0.0};
  if (v.state == ControlState::closed) return {HeldQuantity::closed, 0.0};
  if (v.hold) return *v.hold;
  if (v.mode == model::ControlValveMode::flow) return {HeldQuantity::mass_flow, v.flow_setpoint_kg_per_s};
  return {HeldQuantity::outlet_pressure, v.outlet_pressure_pa};
}

bool simple_hold_equation(const ControlHold& h, double pf, double pt, double q, BranchEval& out) {
  switch (h.quantity) {
    case HeldQuantity::outlet_pressure: out = {pt - h.value, 0.0, 1.0, 0.0, RowKind::pressure}; return true;
    case HeldQuantity::inlet_pressure: out = {pf - h.value, 1.0, 0.0, 0.0, RowKind::pressure}; return true;
    case HeldQuantity::pressure_ratio:
      out = {pt - h.value * pf, -h.value, 1.0, 0.0, RowKind::pressure};
      return true;
    case HeldQuantity::mass_flow: out = {q - h.value, 0.0, 0.0, 1.0, RowKind::flow}; return true;
    case HeldQuantity::open: out = equal_pressures(pf, pt, q); return true;
    case HeldQuantity::regulated_outlet:
      // p_to = min(value, p_from - r q) while flowing, closed (q = 0) while the outlet side is
      // held above that; continuous and piecewise smooth: each Newton iteration linearises the
      // piece its iterate is on (semismooth Newton), so the switches between holding, fully open
      // and closed are settled without a control round (physics.md 8.1).
      out = regulated_outlet_row(h.value, pf, pt, q);
      return true;
    case HeldQuantity::closed: out = zero_flow(q); return true;
    case HeldQuantity::shaft_power:
    case HeldQuantity::inlet_volume_flow: return false;
  }
  return false;
}

ControlValveEquations::ControlValveEquations(const model::Network& network,
                                             const std::vector<std::size_t>& from,
                                             const std::vector<std::size_t>& to) {
  for (std::size_t i = 0; i < network.control_valves.size(); ++i) {
    const auto& cv = network.control_valves[i];
    add_endpoints(cv.id, from[i], to[i]);
    hold_.push_back(held_equation(cv));
  }
}

void ControlValveEquations::set_holds(const model::Network& network) {
  for (std::size_t i = 0; i < hold_.size(); ++i) hold_[i] = held_equation(network.control_valves[i]);
}

void open_holds(std::vector<ControlHold>& holds) {
  for (auto& h : holds)
    if (h.quantity != HeldQuantity::closed) h = {HeldQuantity::open, 0.0};
}

void ControlValveEquations::open_all() { open_holds(hold_); }

void ControlValveEquations::evaluate(std::span<const double> p, std::span<const double> q,
                                     std::span<BranchEval> out) const {
  for (std::size_t i = 0; i < size(); ++i)
    if (!simple_hold_equation(hold_[i], p[from(i)], p[to(i)], q[i], out[i]))
      out[i] = zero_flow(q[i]);  // validation keeps gas-property holds off regulators
}

}  // namespace linepack::physics
