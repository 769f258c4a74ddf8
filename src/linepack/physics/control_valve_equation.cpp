#include "linepack/physics/control_valve_equation.hpp"

#include "linepack/physics/connection_equations.hpp"

namespace linepack::physics {

ControlValveEquations::ControlValveEquations(const model::Network& network,
                                             const std::vector<std::size_t>& from,
                                             const std::vector<std::size_t>& to) {
  for (std::size_t i = 0; i < network.control_valves.size(); ++i) {
    const auto& cv = network.control_valves[i];
    add_endpoints(cv.id, from[i], to[i]);
    state_.push_back(cv.state);
    setpoint_pa_.push_back(cv.outlet_pressure_pa);
  }
}

void ControlValveEquations::evaluate(std::span<const double> p, std::span<const double> q,
                                     std::span<BranchEval> out) const {
  using model::ControlState;
  for (std::size_t i = 0; i < size(); ++i) {
    switch (state_[i]) {
      case ControlState::active:
        out[i] = {p[to(i)] - setpoint_pa_[i], 0.0, 1.0, 0.0, RowKind::pressure};
        break;
      case ControlState::bypass: out[i] = equal_pressures(p[from(i)], p[to(i)], q[i]); break;
      case ControlState::closed: out[i] = zero_flow(q[i]); break;
    }
  }
}

}  // namespace linepack::physics
