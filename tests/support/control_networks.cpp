#include "support/control_networks.hpp"

#include <numbers>

#include "support/make_elements.hpp"

namespace linepack::test {

model::Network control_base_network() {
  model::Network net;
  net.physics.eos.kind = gas::EosKind::ideal;
  net.physics.friction = model::FrictionLaw::fixed;
  net.physics.fixed_friction_factor = control_pipe_lambda;
  return net;
}

void add_control_node(model::Network& net, const std::string& id) {
  net.nodes.push_back({.id = id});
}

void add_control_pipe(model::Network& net, const std::string& id, const std::string& from,
                      const std::string& to, double length_m) {
  auto p = make_pipe(id, from, to, length_m, control_pipe_diameter_m);
  p.friction_factor = control_pipe_lambda;
  net.pipes.push_back(p);
}

double control_pipe_k(const model::Network& net, double length_m) {
  // Menon 2005 eq. 2.4 (isothermal, horizontal, no kinetic term), A = pi D^2 / 4.
  constexpr double d = control_pipe_diameter_m;
  const double area = std::numbers::pi * d * d / 4.0;
  return control_pipe_lambda * length_m * net.physics.gas.specific_gas_constant() *
         net.physics.temperature_k / (d * area * area);
}

}  // namespace linepack::test
