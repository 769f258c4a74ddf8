#include "linepack/physics/compressor_equation.hpp"

#include <cmath>

#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/control_valve_equation.hpp"

namespace linepack::physics {

using model::CompressorMode;
using model::ControlHold;
using model::ControlState;
using model::HeldQuantity;

namespace {
double head_exponent(double k, double eta, bool polytropic) {
  return polytropic ? (k - 1.0) / (k * eta) : (k - 1.0) / k;
}
}  // namespace

ControlHold held_equation(const model::Compressor& c) {
  if (c.state == ControlState::bypass) return {HeldQuantity::open, 0.0};
  if (c.state == ControlState::closed) return {HeldQuantity::closed, 0.0};
  if (c.hold) return *c.hold;
  switch (c.mode) {
    case CompressorMode::pressure_ratio: return {HeldQuantity::pressure_ratio, c.setpoint};
    case CompressorMode::outlet_pressure: return {HeldQuantity::outlet_pressure, c.setpoint};
    case CompressorMode::inlet_pressure: return {HeldQuantity::inlet_pressure, c.setpoint};
    case CompressorMode::throughput: return {HeldQuantity::mass_flow, c.setpoint};
    case CompressorMode::shaft_power: return {HeldQuantity::shaft_power, c.setpoint};
  }
  return {HeldQuantity::closed, 0.0};
}

CompressorEquations::CompressorEquations(const model::Network& network,
                                         const std::vector<std::size_t>& from,
                                         const std::vector<std::size_t>& to) {
  for (std::size_t i = 0; i < network.compressors.size(); ++i) {
    const auto& c = network.compressors[i];
    add_endpoints(c.id, from[i], to[i]);
  }
  hold_.resize(network.compressors.size());
  efficiency_.resize(network.compressors.size());
  polytropic_.resize(network.compressors.size());
  const auto& ph = network.physics;
  rs_ = ph.gas.specific_gas_constant();
  t_ = ph.temperature_k;
  k_ = ph.gas.isentropic_exponent;
  set_holds(network);
}

void CompressorEquations::set_holds(const model::Network& network) {
  bool needs_gas = false;
  for (std::size_t i = 0; i < hold_.size(); ++i) {
    hold_[i] = held_equation(network.compressors[i]);
    // The steady control loop sets a station's efficiency from its map each round.
    efficiency_[i] = network.compressors[i].efficiency;
    polytropic_[i] = network.compressors[i].polytropic;
    const auto q = hold_[i].quantity;
    needs_gas = needs_gas || q == HeldQuantity::shaft_power || q == HeldQuantity::inlet_volume_flow;
  }
  const auto& ph = network.physics;
  if (needs_gas && !eos_) eos_.emplace(ph.eos, ph.gas, ph.temperature_k);
}

void CompressorEquations::open_all() { open_holds(hold_); }

BranchEval CompressorEquations::power_equation(std::size_t i, double pf, double pt,
                                               double q) const {
  // q h(pf, pt) - P eta = 0, divided by R_s T so the row is in kg/s. dZ/dp is left out of the
  // derivatives (Z enters only as a factor of the head; Newton converges, a little slower).
  const double z = eos_->z_factor(pf);
  const double e = head_exponent(k_, efficiency_[i], polytropic_[i]);
  const double scale = z * rs_ * t_ / e;
  const double r = pt / pf;
  const double head = scale * (std::pow(r, e) - 1.0);
  const double dhead_dr = scale * e * std::pow(r, e - 1.0);
  const double norm = 1.0 / (rs_ * t_);
  return {(q * head - hold_[i].value * efficiency_[i]) * norm,
          q * dhead_dr * (-pt / (pf * pf)) * norm, q * dhead_dr / pf * norm, head * norm,
          RowKind::flow};
}

void CompressorEquations::evaluate(std::span<const double> p, std::span<const double> q,
                                   std::span<BranchEval> out) const {
  for (std::size_t i = 0; i < size(); ++i) {
    const double pf = p[from(i)], pt = p[to(i)];
    if (simple_hold_equation(hold_[i], pf, pt, q[i], out[i])) continue;
    if (hold_[i].quantity == HeldQuantity::shaft_power) {
      out[i] = power_equation(i, pf, pt, q[i]);
      continue;
    }
    // Inlet volume flow: q - Q rho(pf) = 0, rho = p / (Z R_s T), drho/dp = rho (1/p - Z'/Z).
    const double rho = eos_->density(pf);
    const double drho = pf > 0.0 ? rho * (1.0 / pf - eos_->z_factor_derivative(pf) /
                                                         eos_->z_factor(pf))
                                 : 0.0;
    out[i] = {q[i] - hold_[i].value * rho, -hold_[i].value * drho, 0.0, 1.0, RowKind::flow};
  }
}

double compressor_head_j_per_kg(double p_in, double p_out, double z_in, double rs, double t,
                                double k, double eta, bool polytropic) {
  if (!(p_in > 0.0)) return 0.0;
  const double e = head_exponent(k, eta, polytropic);
  return z_in * rs * t / e * (std::pow(p_out / p_in, e) - 1.0);
}

double compressor_shaft_power_w(double q, double p_in, double p_out, double z_in, double rs,
                                double t, double k, double eta, bool polytropic) {
  if (!(q > 0.0) || !(p_out > p_in) || !(p_in > 0.0)) return 0.0;
  return q * compressor_head_j_per_kg(p_in, p_out, z_in, rs, t, k, eta, polytropic) / eta;
}

}  // namespace linepack::physics
