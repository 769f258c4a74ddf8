#include "linepack/design/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "linepack/gas/equation_of_state.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace linepack::design {

bool feasible(const steady::SteadyResult& r) {
  return r.status == steady::Status::converged && r.violations.empty();
}

model::Scenario scenario_at(const model::Network& network, const model::Scenario& scenario,
                            const CapacityOptions& options, double total) {
  model::Scenario s = scenario;
  double share_sum = 0.0;
  for (const auto& d : options.deliveries) share_sum += d.share;
  if (options.zero_other_offtakes)
    for (auto& b : s.boundaries)
      if (b.kind == model::NodeBoundary::Kind::flow && b.value > 0.0) b.value = 0.0;
  for (const auto& d : options.deliveries) {
    const double q = total * d.share / share_sum;
    auto it = std::find_if(s.boundaries.begin(), s.boundaries.end(),
                           [&](const auto& b) { return b.node == d.node; });
    if (it == s.boundaries.end()) s.boundaries.push_back({d.node, model::NodeBoundary::Kind::flow, q});
    else *it = {d.node, model::NodeBoundary::Kind::flow, q};
  }
  if (options.stations == StationPolicy::as_given) return s;
  // Station policy overrides every compressor's control.
  std::erase_if(s.controls, [&](const model::ElementControl& c) {
    return std::any_of(network.compressors.begin(), network.compressors.end(),
                       [&](const auto& k) { return k.id == c.element; });
  });
  for (const auto& k : network.compressors) {
    if (options.stations == StationPolicy::off) {
      s.controls.push_back({k.id, model::ControlState::bypass, std::nullopt, std::nullopt});
    } else {
      const double p_out = std::isfinite(k.pressure_out_max_pa) ? k.pressure_out_max_pa
                                                                : k.setpoint;
      s.controls.push_back(
          {k.id, model::ControlState::active, model::CompressorMode::outlet_pressure, p_out});
    }
  }
  return s;
}

steady::SteadyResult solve_stations_within_power(const model::Network& network,
                                                 model::Scenario scenario,
                                                 const steady::SteadyOptions& options) {
  steady::SteadyResult r = steady::solve(network, scenario, options);
  const auto& gas = network.physics.gas;
  for (int round = 0; round < 30 && r.status == steady::Status::converged; ++round) {
    bool changed = false;
    const std::size_t first = r.elements.size() - network.compressors.size();
    for (std::size_t i = 0; i < network.compressors.size(); ++i) {
      const auto& k = network.compressors[i];
      const auto& e = r.elements[first + i];
      if (!(e.shaft_power_w > k.power_max_w * (1.0 + 1e-9)) || !(e.mass_flow_kg_per_s > 0.0))
        continue;
      // Invert the head model at the power limit: r^x = 1 + P eta x / (q Z R_s T), with
      // x = (k-1)/k (isentropic) or (k-1)/(k eta) (polytropic); physics/compressor_equation.
      double p_in = 0.0;
      for (const auto& n : r.nodes)
        if (n.id == k.from) p_in = n.pressure_pa;
      const double kappa = gas.isentropic_exponent;
      const double x = k.polytropic ? (kappa - 1.0) / (kappa * k.efficiency) : (kappa - 1.0) / kappa;
      const gas::EquationOfState eos(network.physics.eos, gas, network.physics.temperature_k);
      const double zrt = eos.z_factor(p_in) * gas.specific_gas_constant() * network.physics.temperature_k;
      const double ratio = std::pow(1.0 + k.power_max_w * k.efficiency * x /
                                              (e.mass_flow_kg_per_s * zrt), 1.0 / x);
      const double setpoint = std::min(k.pressure_out_max_pa, ratio * p_in * (1.0 - 1e-7));
      for (auto& c : scenario.controls)
        if (c.element == k.id) c.setpoint = setpoint;
      changed = true;
    }
    if (!changed) break;
    r = steady::solve(network, scenario, options);
  }
  return r;
}

CapacityResult capacity(const model::Network& network, const model::Scenario& scenario,
                        const CapacityOptions& options) {
  if (options.deliveries.empty()) throw std::invalid_argument("capacity: no delivery nodes");
  for (const auto& d : options.deliveries) {
    if (!(d.share > 0.0))
      throw std::invalid_argument(fmt::format("capacity: share of '{}' must be positive", d.node));
    if (std::none_of(network.nodes.begin(), network.nodes.end(),
                     [&](const auto& n) { return n.id == d.node; }))
      throw std::invalid_argument(fmt::format("capacity: unknown delivery node '{}'", d.node));
  }
  CapacityResult out;
  auto solve_at = [&](double total) {
    ++out.solves;
    const auto s = scenario_at(network, scenario, options, total);
    return options.stations == StationPolicy::max_discharge
               ? solve_stations_within_power(network, s, options.solve)
               : steady::solve(network, s, options.solve);
  };
  if (std::isfinite(options.supply_limit_kg_per_s)) {
    steady::SteadyResult at_limit = solve_at(options.supply_limit_kg_per_s);
    if (feasible(at_limit)) {
      out.found = true;
      out.total_kg_per_s = options.supply_limit_kg_per_s;
      out.binding_reason = options.supply_limit_label;
      out.at_capacity = std::move(at_limit);
      return out;
    }
  }
  // Bracket: lo feasible, hi infeasible.
  double lo = 0.0, hi = 1.0;
  steady::SteadyResult at_lo = solve_at(lo);
  if (!feasible(at_lo)) {
    out.binding = at_lo.violations;
    out.binding_reason = "infeasible even at zero throughput: " +
                         (at_lo.violations.empty() ? at_lo.message
                                                   : at_lo.violations.front().id + " " +
                                                         at_lo.violations.front().what);
    out.at_capacity = std::move(at_lo);
    return out;
  }
  steady::SteadyResult at_hi = solve_at(hi);
  while (feasible(at_hi)) {
    lo = hi;
    at_lo = std::move(at_hi);
    hi *= 2.0;
    if (hi > options.upper_limit_kg_per_s) {
      out.found = true;
      out.total_kg_per_s = lo;
      out.binding_reason = "no limit found below the upper limit";
      out.at_capacity = std::move(at_lo);
      return out;
    }
    at_hi = solve_at(hi);
  }
  while (hi - lo > options.relative_tolerance * hi) {
    const double mid = 0.5 * (lo + hi);
    steady::SteadyResult r = solve_at(mid);
    if (feasible(r)) {
      lo = mid;
      at_lo = std::move(r);
    } else {
      hi = mid;
      at_hi = std::move(r);
    }
  }
  out.found = true;
  out.total_kg_per_s = lo;
  out.binding = at_hi.violations;
  if (at_hi.status != steady::Status::converged) {
    out.binding_reason = "the steady state stops existing (" + steady::to_string(at_hi.status) +
                         "): " + at_hi.message;
  } else {
    std::vector<std::string> parts;
    for (const auto& v : at_hi.violations) parts.push_back(v.id + " " + v.what);
    out.binding_reason = fmt::format("{}", fmt::join(parts, "; "));
  }
  out.at_capacity = std::move(at_lo);
  return out;
}

}  // namespace linepack::design
