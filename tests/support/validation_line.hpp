#pragma once
// A small hand-made tree for nomination-validation tests, built so that every pressure follows
// in closed form (ideal gas, fixed Darcy factor, no elevation: p_in^2 - p_out^2 = K q^2 with
// K = lambda L R_s T / (D A^2)):
//   entry S [.., 60 bar] --p1 (100 km)--> A --station cs (ratio <= 1.2, outlet <= 70 bar)--> B
//   --p2 (50 km)--> C --regulator cv--> exit X [50, 70 bar];   A also feeds exit Y [30 bar, ..].
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/units/constants.hpp"
#include "support/make_elements.hpp"

namespace linepack::test {

struct ValidationLine {
  model::Network network;
  model::Scenario scenario;
  double k1 = 0.0, k2 = 0.0;  ///< K of p1 and p2 [Pa^2 s^2/kg^2]
};

inline ValidationLine validation_line(double exit_x_kg_per_s, double exit_y_kg_per_s) {
  ValidationLine v;
  auto& net = v.network;
  net.name = "validation-line";
  net.physics.eos.kind = gas::EosKind::ideal;
  net.physics.temperature_k = 288.15;
  net.nodes = {{.id = "S", .pressure_min_pa = 1e5, .pressure_max_pa = 60e5},
               {.id = "A"},
               {.id = "B"},
               {.id = "C"},
               {.id = "X", .pressure_min_pa = 50e5, .pressure_max_pa = 70e5},
               {.id = "Y", .pressure_min_pa = 30e5}};
  const double d = 0.5, lambda = 0.01, area = 0.25 * units::pi * d * d;
  const double rs_t = net.physics.gas.specific_gas_constant() * net.physics.temperature_k;
  auto pipe = [&](const char* id, const char* from, const char* to, double length_m) {
    auto p = make_pipe(id, from, to, length_m, d);
    p.friction_factor = lambda;
    net.pipes.push_back(p);
    return lambda * length_m * rs_t / (d * area * area);
  };
  v.k1 = pipe("p1", "S", "A", 100e3);
  v.k2 = pipe("p2", "B", "C", 50e3);
  net.short_pipes.push_back(make_branch<model::ShortPipe>("sy", "A", "Y"));
  auto cs = make_branch<model::Compressor>("cs", "A", "B");
  cs.ratio_max = 1.2;
  cs.pressure_out_max_pa = 70e5;
  net.compressors.push_back(cs);
  net.control_valves.push_back(make_branch<model::ControlValve>("cv", "C", "X"));
  v.scenario.boundaries = {{"S", model::NodeBoundary::Kind::pressure, 60e5},
                           {"X", model::NodeBoundary::Kind::flow, exit_x_kg_per_s},
                           {"Y", model::NodeBoundary::Kind::flow, exit_y_kg_per_s}};
  return v;
}

}  // namespace linepack::test
