#include "linepack/design/security.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "linepack/design/capacity.hpp"

namespace linepack::design {

CurtailmentResult curtail(const model::Network& network, const model::Scenario& scenario,
                          const std::vector<Demand>& demands, const std::vector<std::string>& order,
                          double supply_limit, double tolerance) {
  std::map<std::string, double> demand;
  for (const auto& d : demands) {
    if (!(d.kg_per_s >= 0.0))
      throw std::invalid_argument(fmt::format("curtailment: demand at '{}' must be >= 0", d.node));
    demand[d.node] += d.kg_per_s;
  }
  for (const auto& d : demands)
    if (std::find(order.begin(), order.end(), d.node) == order.end())
      throw std::invalid_argument(fmt::format("curtailment: '{}' is not in the curtailment order", d.node));
  for (const auto& n : order)
    if (!demand.count(n))
      throw std::invalid_argument(fmt::format("curtailment: order names '{}', which has no demand", n));
  CurtailmentResult out;
  for (const auto& d : demands) out.demand_kg_per_s += d.kg_per_s;

  // Offtakes after cutting `cut` kg/s along the order.
  auto served_after = [&](double cut) {
    std::map<std::string, double> s = demand;
    for (const auto& n : order) {
      const double take = std::min(cut, s[n]);
      s[n] -= take;
      cut -= take;
    }
    return s;
  };
  auto solve_with = [&](double cut) {
    model::Scenario sc = scenario;
    for (const auto& [node, q] : served_after(cut)) {
      auto it = std::find_if(sc.boundaries.begin(), sc.boundaries.end(),
                             [&node = node](const auto& b) { return b.node == node; });
      if (it == sc.boundaries.end()) sc.boundaries.push_back({node, model::NodeBoundary::Kind::flow, q});
      else *it = {node, model::NodeBoundary::Kind::flow, q};
    }
    return solve_stations_within_power(network, sc);
  };
  double lo = std::max(0.0, out.demand_kg_per_s - supply_limit);  // at least this is cut
  steady::SteadyResult at_lo = solve_with(lo);
  out.binding = lo > 0.0 ? "supply limit" : "";
  if (!feasible(at_lo)) {
    double hi = out.demand_kg_per_s;
    steady::SteadyResult at_hi = solve_with(hi);
    if (!feasible(at_hi)) {
      out.state = std::move(at_hi);
      out.binding = "infeasible even with every offtake cut";
      return out;
    }
    steady::SteadyResult below = std::move(at_lo);
    while (hi - lo > tolerance * std::max(out.demand_kg_per_s, 1e-9)) {
      const double mid = 0.5 * (lo + hi);
      auto r = solve_with(mid);
      if (feasible(r)) {
        hi = mid;
        at_hi = std::move(r);
      } else {
        lo = mid;
        below = std::move(r);
      }
    }
    out.binding = below.violations.empty() ? "the steady state stops existing"
                                           : below.violations.front().id + " " + below.violations.front().what;
    lo = hi;
    at_lo = std::move(at_hi);
  }
  out.feasible = true;
  out.curtailed_kg_per_s = lo;
  out.served_kg_per_s = out.demand_kg_per_s - lo;
  const auto s = served_after(lo);
  for (const auto& d : demands) out.served.push_back({d.node, s.at(d.node)});
  out.state = std::move(at_lo);
  return out;
}

}  // namespace linepack::design
