#include "linepack/physics/compressor_equation.hpp"

#include <cmath>

#include "linepack/physics/connection_equations.hpp"

namespace linepack::physics {

CompressorEquations::CompressorEquations(const model::Network& network,
                                         const std::vector<std::size_t>& from,
                                         const std::vector<std::size_t>& to) {
  for (std::size_t i = 0; i < network.compressors.size(); ++i) {
    const auto& c = network.compressors[i];
    add_endpoints(c.id, from[i], to[i]);
    state_.push_back(c.state);
    mode_.push_back(c.mode);
    setpoint_.push_back(c.setpoint);
  }
}

void CompressorEquations::evaluate(std::span<const double> p, std::span<const double> q,
                                   std::span<BranchEval> out) const {
  using model::CompressorMode;
  using model::ControlState;
  for (std::size_t i = 0; i < size(); ++i) {
    const double pf = p[from(i)], pt = p[to(i)];
    if (state_[i] == ControlState::bypass) {
      out[i] = equal_pressures(pf, pt, q[i]);
      continue;
    }
    if (state_[i] == ControlState::closed) {
      out[i] = zero_flow(q[i]);
      continue;
    }
    switch (mode_[i]) {
      case CompressorMode::pressure_ratio:
        out[i] = {pt - setpoint_[i] * pf, -setpoint_[i], 1.0, 0.0, RowKind::pressure};
        break;
      case CompressorMode::outlet_pressure:
        out[i] = {pt - setpoint_[i], 0.0, 1.0, 0.0, RowKind::pressure};
        break;
      case CompressorMode::throughput:
        out[i] = {q[i] - setpoint_[i], 0.0, 0.0, 1.0, RowKind::flow};
        break;
    }
  }
}

double compressor_shaft_power_w(double q, double p_in, double p_out, double z_in, double rs,
                                double t, double k, double eta, bool polytropic) {
  if (!(q > 0.0) || !(p_out > p_in) || !(p_in > 0.0)) return 0.0;
  const double ratio = p_out / p_in;
  const double exponent = polytropic ? (k - 1.0) / (k * eta) : (k - 1.0) / k;
  const double head = z_in * rs * t / exponent * (std::pow(ratio, exponent) - 1.0);
  return q * head / eta;
}

}  // namespace linepack::physics
