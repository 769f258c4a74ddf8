#pragma once
// A hand-made line with a regulator around its station, from the station's outlet back to its
// inlet (a recycle line): ideal gas, fixed Darcy factor,
//   S (40 bar) --p1 (20 km)--> A --station cs--> B --p2 (50 km)--> X (20 kg/s), regulator rv B -> A.
// The station and the regulator are left as built (bypassed); tests set their states.
#include <tuple>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "support/make_elements.hpp"

namespace linepack::test {

inline model::Network recycle_line() {
  model::Network net;
  net.name = "station-recycle";
  net.physics.eos.kind = gas::EosKind::ideal;
  net.physics.temperature_k = 288.15;
  net.nodes = {{.id = "S"}, {.id = "A"}, {.id = "B"}, {.id = "X"}};
  for (auto [id, from, to, length_m] : {std::tuple{"p1", "S", "A", 20e3}, {"p2", "B", "X", 50e3}}) {
    auto p = make_pipe(id, from, to, length_m, 0.5);
    p.friction_factor = 0.01;
    net.pipes.push_back(p);
  }
  net.compressors.push_back(make_branch<model::Compressor>("cs", "A", "B"));
  net.control_valves.push_back(make_branch<model::ControlValve>("rv", "B", "A"));
  return net;
}

inline model::Scenario recycle_line_nomination() {
  model::Scenario s;
  s.boundaries = {{"S", model::NodeBoundary::Kind::pressure, 40e5},
                  {"X", model::NodeBoundary::Kind::flow, 20.0}};
  return s;
}

}  // namespace linepack::test
