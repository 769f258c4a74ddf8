#pragma once
// GasLib data give no operating state (docs/physics.md §8.1): the operating point the tests use,
// as bench/steady_bench.cpp's gaslib_controlled: every station active in outlet-pressure mode and
// every regulator active, each set to the middle of its outlet node's pressure range (at least
// 1 bar at the bottom) capped by the element's pressureOutMax.
#include <algorithm>
#include <string>

#include "linepack/model/network.hpp"

namespace linepack::test {

inline double middle_of_outlet_range(const model::Network& net, const std::string& node,
                                     double out_max_pa) {
  for (const auto& n : net.nodes)
    if (n.id == node)
      return 0.5 * (std::max(n.pressure_min_pa, 1e5) + std::min(n.pressure_max_pa, out_max_pa));
  return 0.0;
}

inline void activate_all_controls(model::Network& net) {
  for (auto& c : net.compressors) {
    c.state = model::ControlState::active;
    c.mode = model::CompressorMode::outlet_pressure;
    c.setpoint = middle_of_outlet_range(net, c.to, c.pressure_out_max_pa);
  }
  for (auto& v : net.control_valves) {
    v.state = model::ControlState::active;
    v.outlet_pressure_pa = middle_of_outlet_range(net, v.to, v.pressure_out_max_pa);
  }
}

}  // namespace linepack::test
