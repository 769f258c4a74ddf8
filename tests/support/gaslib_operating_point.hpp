#pragma once
// The controlled GasLib operating points of the steady benchmarks (bench/steady_bench.cpp) and
// of the tests that check the same solves: stations in outlet-pressure mode and regulators
// active, at the middle of their outlet node's range or at the state as read, with the
// regulators that bypass a running station closed.
#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::test {

/// Closes the regulators that bypass a running station, as an operator does: while regulators
/// (with short pipes and open valves between them) join a station's outlet to its inlet, the
/// one at the outlet side of that path closes. Without it such a path joins the station's two
/// sides without loss once the regulators open (GasLib-4197's compressorStation_8: shortPipe_84,
/// controlValve_23, shortPipe_85, controlValve_84), and the solve is ill-posed. Closing every
/// regulator of the path would leave the nodes between them without any pressure.
inline void close_station_bypasses(model::Network& network) {
  std::map<std::string, std::string> parent;  // lossless islands (short pipes, open valves)
  std::function<std::string(const std::string&)> root = [&](const std::string& n) {
    const auto it = parent.find(n);
    return it == parent.end() || it->second == n ? n : parent[n] = root(it->second);
  };
  auto join = [&](const std::string& a, const std::string& b) {
    if (root(a) != root(b)) parent[root(a)] = root(b);
  };
  for (const auto& sp : network.short_pipes) join(sp.from, sp.to);
  for (const auto& v : network.valves)
    if (v.open) join(v.from, v.to);
  for (const auto& c : network.compressors) {
    if (c.state != model::ControlState::active) continue;
    const std::string outlet = root(c.to), inlet = root(c.from);
    if (outlet == inlet) continue;  // joined without a regulator: nothing to close
    for (;;) {  // breadth-first from the outlet's island over regulators not closed
      std::map<std::string, std::size_t> reached_by{{outlet, SIZE_MAX}};
      std::vector<std::string> queue{outlet};
      for (std::size_t head = 0; head < queue.size() && !reached_by.count(inlet); ++head)
        for (std::size_t k = 0; k < network.control_valves.size(); ++k) {
          const auto& v = network.control_valves[k];
          if (v.state == model::ControlState::closed) continue;
          const std::string a = root(v.from), b = root(v.to);
          const std::string other = a == queue[head] ? b : b == queue[head] ? a : "";
          if (other.empty() || reached_by.count(other)) continue;
          reached_by[other] = k;
          queue.push_back(other);
        }
      if (!reached_by.count(inlet)) break;
      std::size_t first = SIZE_MAX;  // the path's regulator at the outlet side
      for (std::string n = inlet; reached_by[n] != SIZE_MAX;) {
        first = reached_by[n];
        const auto& v = network.control_valves[first];
        n = root(v.from) == n ? root(v.to) : root(v.from);
      }
      network.control_valves[first].state = model::ControlState::closed;
    }
  }
}

enum class Setpoints {
  middle_of_range,  ///< the middle of the outlet node's pressure range, capped by pressureOutMax
  /// From the state as read (every element bypassed): stations 0.5 bar above it, regulators
  /// 0.1 bar below, each element's pressureOutMax raised to admit it where needed (GasLib-4197's
  /// state as read is above some of them); regulators carrying reverse flow in it stay bypassed.
  operating_point,
};

/// Activates the stations (outlet pressure) and regulators of `network` at `setpoints`; the
/// regulators that bypass a station closed (close_station_bypasses).
/// `running_stations_only`: only the stations that carry a forward flow above 1 kg/s in the
/// solve as read (every element bypassed) run; the others stay bypassed, as idle stations do.
inline void activate_controls(model::Network& network, const model::Scenario& scenario,
                              bool running_stations_only, Setpoints setpoints) {
  const auto as_read = steady::solve(network, scenario);
  std::map<std::string, double> pressure_as_read_pa, flow_as_read_kg_per_s;
  for (const auto& n : as_read.nodes) pressure_as_read_pa[n.id] = n.pressure_pa;
  for (const auto& e : as_read.elements) flow_as_read_kg_per_s[e.id] = e.mass_flow_kg_per_s;
  std::map<std::string, model::Node> node_of;
  for (const auto& n : network.nodes) node_of[n.id] = n;
  // The setpoint of an element whose outlet is `node`, with its limit `out_max`.
  auto setpoint_pa = [&](const std::string& node, double& out_max, double offset_pa) {
    if (setpoints == Setpoints::operating_point) {
      const double p = pressure_as_read_pa.at(node) + offset_pa;
      out_max = std::max(out_max, p + 1e5);
      return p;
    }
    const auto& n = node_of.at(node);
    return 0.5 * (std::max(n.pressure_min_pa, 1e5) + std::min(n.pressure_max_pa, out_max));
  };
  for (auto& c : network.compressors) {
    if (running_stations_only && !(flow_as_read_kg_per_s.at(c.id) > 1.0)) continue;
    c.state = model::ControlState::active;
    c.mode = model::CompressorMode::outlet_pressure;
    c.setpoint = setpoint_pa(c.to, c.pressure_out_max_pa, 0.5e5);
  }
  for (auto& v : network.control_valves) {
    // At the operating point, a regulator that carries reverse flow in the state as read stays
    // bypassed: an active one closes against it (no reverse flow) and cuts off what it fed.
    if (setpoints == Setpoints::operating_point && flow_as_read_kg_per_s.at(v.id) < 0.0) continue;
    v.state = model::ControlState::active;
    v.outlet_pressure_pa = setpoint_pa(v.to, v.pressure_out_max_pa, -0.1e5);
  }
  close_station_bypasses(network);
}

}  // namespace linepack::test
