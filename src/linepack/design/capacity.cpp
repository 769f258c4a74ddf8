#include "linepack/design/capacity.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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
    return steady::solve(network, scenario_at(network, scenario, options, total), options.solve);
  };
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
