#include "linepack/design/line_design.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/friction.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::design {
namespace {

/// The discretised line: nodes at route points and between them, each with the flow of the
/// segment that leaves it.
struct Discretisation {
  std::vector<double> chainage_m, elevation_m, offtake_share, pressure_min_pa;
  std::vector<std::string> route_id;  // route point id, or empty between them
};

Discretisation discretise(const LineSpec& spec) {
  Discretisation d;
  for (std::size_t r = 0; r < spec.route.size(); ++r) {
    const auto& pt = spec.route[r];
    if (r > 0) {
      const auto& prev = spec.route[r - 1];
      const double length = pt.chainage_m - prev.chainage_m;
      const int n = std::max(1, static_cast<int>(std::ceil(length / spec.segment_length_m)));
      for (int k = 1; k < n; ++k) {
        const double t = static_cast<double>(k) / n;
        d.chainage_m.push_back(prev.chainage_m + t * length);
        d.elevation_m.push_back(prev.elevation_m + t * (pt.elevation_m - prev.elevation_m));
        d.offtake_share.push_back(0.0);
        d.pressure_min_pa.push_back(0.0);
        d.route_id.emplace_back();
      }
    }
    d.chainage_m.push_back(pt.chainage_m);
    d.elevation_m.push_back(pt.elevation_m);
    d.offtake_share.push_back(pt.offtake_share);
    d.pressure_min_pa.push_back(pt.pressure_min_pa);
    d.route_id.push_back(pt.id);
  }
  return d;
}

/// Outlet pressure of one segment from its inlet pressure (exact isothermal law with elevation,
/// as physics/pipe_equation), or 0 when the pressure cannot stay positive.
double march(const LineSpec& spec, const gas::EquationOfState& eos, double p_in, double q,
             double length_m, double dh_m) {
  const double area = 0.25 * units::pi * spec.inner_diameter_m * spec.inner_diameter_m;
  const double re = 4.0 * q / (units::pi * spec.inner_diameter_m *
                               spec.physics.gas.dynamic_viscosity_pa_s);
  const double lambda = physics::darcy_friction(spec.physics.friction, re,
                                                spec.roughness_m / spec.inner_diameter_m,
                                                spec.physics.fixed_friction_factor)
                            .lambda;
  const double loss = lambda * length_m / spec.inner_diameter_m * q * q / (2.0 * area * area);
  double p_out = p_in;
  for (int it = 0; it < 4; ++it) {  // s depends on the mean pressure
    const double pm = std::max(0.5 * (p_in + p_out), 1.0);
    const double rho = eos.density(pm);
    const double s = units::gravity_m_per_s2 * dh_m * rho * rho / eos.potential(pm);
    const double phi = std::abs(s) < 1e-9 ? 1.0 : -std::expm1(-s) / s;
    const double pi_out = eos.potential(p_in) * std::exp(-s) - phi * loss;
    if (!(pi_out > 0.0)) return 0.0;
    p_out = eos.pressure_from_potential(pi_out);
  }
  return p_out;
}

model::Network build_network(const LineSpec& spec, const Discretisation& d,
                             const std::vector<std::size_t>& stations) {
  model::Network net;
  net.name = "line design";
  net.physics = spec.physics;
  const bool head = spec.head_station;
  if (head) net.nodes.push_back({.id = "supply", .elevation_m = d.elevation_m[0]});
  auto node_id = [&](std::size_t i) {
    return d.route_id[i].empty() ? fmt::format("km{:.1f}", d.chainage_m[i] / 1e3) : d.route_id[i];
  };
  for (std::size_t i = 0; i < d.chainage_m.size(); ++i) {
    model::Node n;
    n.id = node_id(i);
    n.elevation_m = d.elevation_m[i];
    n.pressure_min_pa = d.pressure_min_pa[i];
    n.pressure_max_pa = spec.pressure_max_pa;
    net.nodes.push_back(n);
    const bool station_here = std::find(stations.begin(), stations.end(), i) != stations.end();
    if (station_here && !(head && i == 0)) {
      n.id += "-discharge";
      n.pressure_min_pa = 0.0;
      net.nodes.push_back(n);
    }
  }
  auto add_station = [&](const std::string& from, const std::string& to, std::size_t count) {
    model::Compressor c;
    c.id = fmt::format("CS-{}", count);
    c.from = from;
    c.to = to;
    c.state = model::ControlState::active;
    c.mode = model::CompressorMode::outlet_pressure;
    c.setpoint = spec.discharge_max_pa;
    c.pressure_out_max_pa = spec.discharge_max_pa;
    c.efficiency = spec.station_efficiency;
    c.polytropic = true;
    c.driver_efficiency = spec.driver_efficiency;
    net.compressors.push_back(c);
  };
  std::size_t count = 0;
  for (std::size_t i = 0; i < d.chainage_m.size(); ++i) {
    const bool station_here = std::find(stations.begin(), stations.end(), i) != stations.end();
    if (station_here) {
      if (head && i == 0) add_station("supply", node_id(0), ++count);
      else add_station(node_id(i), node_id(i) + "-discharge", ++count);
    }
    if (i + 1 < d.chainage_m.size()) {
      model::Pipe p;
      p.id = fmt::format("pipe-km{:.1f}", d.chainage_m[i] / 1e3);
      p.from = station_here && !(head && i == 0) ? node_id(i) + "-discharge" : node_id(i);
      p.to = node_id(i + 1);
      p.length_m = d.chainage_m[i + 1] - d.chainage_m[i];
      p.diameter_m = spec.inner_diameter_m;
      p.roughness_m = spec.roughness_m;
      net.pipes.push_back(p);
    }
  }
  return net;
}

/// Solves the line with stations at the discretisation nodes `stations` (each discharging at
/// spec.discharge_max_pa) with the steady solver and fills `out` with the reported figures.
void finish(const LineSpec& spec, const Discretisation& d, const std::vector<std::size_t>& stations,
            double total, LineDesign& out) {
  const std::size_t n = d.chainage_m.size();
  double share_sum = 0.0;
  for (double s : d.offtake_share) share_sum += s;
  // Solve the designed line with the steady solver for the reported figures.
  out.network = build_network(spec, d, stations);
  model::Scenario sc;
  sc.boundaries.push_back({spec.head_station ? "supply" : out.network.nodes[0].id,
                           model::NodeBoundary::Kind::pressure, spec.supply_pressure_pa});
  for (std::size_t i = 0; i < n; ++i)
    if (d.offtake_share[i] > 0.0)
      sc.boundaries.push_back({d.route_id[i], model::NodeBoundary::Kind::flow,
                               total * d.offtake_share[i] / share_sum});
  const auto r = steady::solve(out.network, sc);
  if (r.status != steady::Status::converged) {
    out.message = "the designed line did not solve: " + r.message;
    return;
  }
  std::map<std::string, double> pressure;
  for (const auto& node : r.nodes) pressure[node.id] = node.pressure_pa;
  for (std::size_t s = 0; s < stations.size(); ++s) {
    const auto& c = out.network.compressors[s];
    const auto& e = r.elements[r.elements.size() - out.network.compressors.size() + s];
    out.stations.push_back({c.id, d.chainage_m[stations[s]], pressure.at(c.from),
                            pressure.at(c.to), e.shaft_power_w, e.fuel_kg_per_s});
    out.total_power_w += e.shaft_power_w;
    out.total_fuel_kg_per_s += e.fuel_kg_per_s;
  }
  out.delivery_pressure_pa = pressure.at(d.route_id[n - 1]);
  // Profile in chainage order: every node, stations giving suction then discharge points.
  for (const auto& node : out.network.nodes) {
    if (node.id == "supply") continue;
    double chainage = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string base = d.route_id[i].empty() ? fmt::format("km{:.1f}", d.chainage_m[i] / 1e3)
                                                     : d.route_id[i];
      if (node.id == base || node.id == base + "-discharge") chainage = d.chainage_m[i];
    }
    out.profile_chainage_m.push_back(chainage);
    out.profile_pressure_pa.push_back(pressure.at(node.id));
    out.profile_elevation_m.push_back(node.elevation_m);
  }
  std::vector<std::size_t> order(out.profile_chainage_m.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return out.profile_chainage_m[a] < out.profile_chainage_m[b];
  });
  auto permute = [&](std::vector<double>& v) {
    std::vector<double> w(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) w[i] = v[order[i]];
    v.swap(w);
  };
  permute(out.profile_chainage_m);
  permute(out.profile_pressure_pa);
  permute(out.profile_elevation_m);
  out.feasible = r.violations.empty();
  if (!out.feasible)
    out.message = fmt::format("designed, but {} violation(s), e.g. {} {}", r.violations.size(),
                              r.violations.front().id, r.violations.front().what);
}

}  // namespace

LineDesign design_line(const LineSpec& spec, double total) {
  if (spec.route.size() < 2) throw std::invalid_argument("line design: the route needs two points");
  for (std::size_t r = 1; r < spec.route.size(); ++r)
    if (!(spec.route[r].chainage_m > spec.route[r - 1].chainage_m))
      throw std::invalid_argument("line design: chainage must increase along the route");
  LineDesign out;
  const Discretisation d = discretise(spec);
  const std::size_t n = d.chainage_m.size();
  double share_sum = 0.0;
  for (double s : d.offtake_share) share_sum += s;
  if (!(share_sum > 0.0)) throw std::invalid_argument("line design: no offtakes");
  // Flow in the segment leaving node i.
  std::vector<double> flow(n, 0.0);
  double remaining = total;
  for (std::size_t i = 0; i < n; ++i) {
    remaining -= total * d.offtake_share[i] / share_sum;
    flow[i] = std::max(remaining, 0.0);
  }
  const gas::EquationOfState eos(spec.physics.eos, spec.physics.gas, spec.physics.temperature_k);

  // Greedy siting by marching.
  std::vector<std::size_t> stations;
  std::size_t at = 0;
  double p = spec.supply_pressure_pa;
  if (spec.head_station) {
    stations.push_back(0);
    p = spec.discharge_max_pa;
  }
  for (;;) {
    // March from `at` (pressure p) to the terminal.
    std::vector<double> pressure(n, 0.0);
    pressure[at] = p;
    std::size_t failed = n;  // first node whose pressure could not be held
    for (std::size_t i = at; i + 1 < n; ++i) {
      pressure[i + 1] = march(spec, eos, pressure[i], flow[i], d.chainage_m[i + 1] - d.chainage_m[i],
                              d.elevation_m[i + 1] - d.elevation_m[i]);
      if (pressure[i + 1] <= 0.0) {
        failed = i + 1;
        break;
      }
    }
    if (failed == n && pressure[n - 1] >= d.pressure_min_pa[n - 1]) break;  // reaches the end
    // Next station: the farthest node after `at` whose pressure is still >= the minimum suction.
    std::size_t next = at;
    for (std::size_t i = at + 1; i < std::min(failed, n); ++i) {
      if (pressure[i] < spec.suction_min_pa) break;
      next = i;
    }
    if (next == at || next == n - 1) {
      out.message = fmt::format(
          "{:.1f} kg/s cannot be carried: from the station at km {:.1f} the pressure falls below "
          "the minimum suction of {:.1f} bar within one {:.1f} km segment",
          total, d.chainage_m[at] / 1e3, spec.suction_min_pa / 1e5, spec.segment_length_m / 1e3);
      if (next == n - 1)
        out.message = fmt::format("{:.1f} kg/s: the terminal cannot be held at its minimum "
                                  "pressure even with a station just before it", total);
      return out;
    }
    stations.push_back(next);
    at = next;
    p = spec.discharge_max_pa;
  }

  finish(spec, d, stations, total, out);
  return out;
}

std::vector<RoutePoint> route_of(const model::Network& network,
                                 const std::vector<std::pair<std::string, double>>& offtakes,
                                 const std::string& supply, const std::string& terminal) {
  std::map<std::string, const model::Node*> nodes;
  for (const auto& n : network.nodes) nodes[n.id] = &n;
  if (!nodes.count(supply) || !nodes.count(terminal))
    throw std::invalid_argument("route: unknown supply or terminal node");
  // Next hop from each node: pipes add their length, compressors none.
  std::map<std::string, std::pair<std::string, double>> next;
  for (const auto& p : network.pipes) next[p.from] = {p.to, p.length_m};
  for (const auto& c : network.compressors) next[c.from] = {c.to, 0.0};
  std::map<std::string, double> share(offtakes.begin(), offtakes.end());
  std::vector<RoutePoint> route;
  std::string at = supply;
  double chainage = 0.0;
  for (std::size_t guard = 0; guard <= network.nodes.size(); ++guard) {
    const auto& node = *nodes.at(at);
    if (route.empty() || route.back().chainage_m < chainage)
      route.push_back({at, chainage, node.elevation_m, share.count(at) ? share[at] : 0.0,
                       node.pressure_min_pa});
    else if (share.count(at))
      route.back().offtake_share += share[at];
    if (at == terminal) return route;
    auto it = next.find(at);
    if (it == next.end()) throw std::invalid_argument("route: the line ends before the terminal at " + at);
    chainage += it->second.second;
    at = it->second.first;
  }
  throw std::invalid_argument("route: loop in the line");
}


namespace {

/// Flow in the segment leaving each discretisation node, for a total throughput.
std::vector<double> segment_flows(const Discretisation& d, double total) {
  double share_sum = 0.0;
  for (double s : d.offtake_share) share_sum += s;
  if (!(share_sum > 0.0)) throw std::invalid_argument("line design: no offtakes");
  std::vector<double> flow(d.chainage_m.size(), 0.0);
  double remaining = total;
  for (std::size_t i = 0; i < flow.size(); ++i) {
    remaining -= total * d.offtake_share[i] / share_sum;
    flow[i] = std::max(remaining, 0.0);
  }
  return flow;
}

/// Discretisation node of each named route point; throws for an unknown or terminal site.
std::vector<std::size_t> station_nodes(const Discretisation& d, const std::vector<std::string>& sites) {
  std::vector<std::size_t> out;
  for (const auto& site : sites) {
    std::size_t found = d.route_id.size();
    for (std::size_t i = 0; i < d.route_id.size(); ++i)
      if (d.route_id[i] == site) found = i;
    if (found == d.route_id.size())
      throw std::invalid_argument("line design: station site \"" + site + "\" is not a route point");
    if (found + 1 == d.route_id.size())
      throw std::invalid_argument("line design: no station at the terminal \"" + site + "\"");
    out.push_back(found);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

LineOperation march_line(const LineSpec& spec, double total, const std::vector<std::string>& sites,
                         double discharge_pa) {
  const Discretisation d = discretise(spec);
  const std::size_t n = d.chainage_m.size();
  const auto flow = segment_flows(d, total);
  const auto at_station = station_nodes(d, sites);
  const gas::EquationOfState eos(spec.physics.eos, spec.physics.gas, spec.physics.temperature_k);
  const auto& gas = spec.physics.gas;
  const double hhv_j_per_kg = gas.higher_heating_value_j_per_m3 / gas.normal_density();
  LineOperation op;
  double p = spec.supply_pressure_pa;
  std::size_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) {
      p = march(spec, eos, p, flow[i - 1], d.chainage_m[i] - d.chainage_m[i - 1],
                d.elevation_m[i] - d.elevation_m[i - 1]);
      if (!(p > 0.0)) {
        op.message = fmt::format("the pressure cannot stay positive before km {:.1f}", d.chainage_m[i] / 1e3);
        return op;
      }
      if (p > spec.pressure_max_pa) {
        op.message = fmt::format("{:.2f} bar above the maximum at km {:.1f}", p / 1e5, d.chainage_m[i] / 1e3);
        return op;
      }
    }
    if (p < d.pressure_min_pa[i]) {
      op.message = fmt::format("{:.2f} bar below the minimum {:.2f} bar at {}", p / 1e5,
                               d.pressure_min_pa[i] / 1e5, d.route_id[i].empty() ? "a line node" : d.route_id[i]);
      return op;
    }
    if (next < at_station.size() && at_station[next] == i) {
      ++next;
      StationPlacement s{fmt::format("CS-{}", op.stations.size() + 1), d.chainage_m[i], p, p, 0.0, 0.0};
      if (i > 0 && p < spec.suction_min_pa) {
        op.message = fmt::format("suction {:.2f} bar below the minimum {:.2f} bar at km {:.1f}",
                                 p / 1e5, spec.suction_min_pa / 1e5, d.chainage_m[i] / 1e3);
        return op;
      }
      if (p < discharge_pa) {  // runs; a station whose suction is already higher stays in bypass
        s.discharge_pa = discharge_pa;
        s.shaft_power_w = physics::compressor_shaft_power_w(
            flow[i], p, discharge_pa, eos.z_factor(p), gas.specific_gas_constant(),
            spec.physics.temperature_k, gas.isentropic_exponent, spec.station_efficiency, true);
        s.fuel_kg_per_s = s.shaft_power_w / (spec.driver_efficiency * hhv_j_per_kg);
        p = discharge_pa;
      }
      op.total_power_w += s.shaft_power_w;
      op.total_fuel_kg_per_s += s.fuel_kg_per_s;
      op.stations.push_back(s);
    }
  }
  op.delivery_pressure_pa = p;
  op.feasible = true;
  return op;
}

LineDesign solve_line(const LineSpec& spec_in, double total, const std::vector<std::string>& sites,
                      double discharge_pa) {
  LineSpec spec = spec_in;
  spec.discharge_max_pa = discharge_pa;
  const Discretisation d = discretise(spec);
  const auto at_station = station_nodes(d, sites);
  spec.head_station = !at_station.empty() && at_station.front() == 0;
  LineDesign out;
  finish(spec, d, at_station, total, out);
  return out;
}

}  // namespace linepack::design
