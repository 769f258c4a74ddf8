#pragma once
// Builders for the hand-derived control test networks (steady control with limits and control in
// time): ideal gas, horizontal pipes of one diameter with a fixed Darcy factor, so every pipe
// obeys p1^2 - p2^2 = K q|q| with K = lambda L R_s T / (D A^2) (isothermal flow equation,
// Menon 2005 eq. 2.4 without the kinetic term).
#include <string>

#include "linepack/model/network.hpp"

namespace linepack::test {

/// Darcy friction factor and inner diameter of every pipe that add_control_pipe adds.
inline constexpr double control_pipe_lambda = 0.01;
inline constexpr double control_pipe_diameter_m = 0.5;

/// An empty network: ideal gas, fixed friction law with control_pipe_lambda.
model::Network control_base_network();

/// Adds a node with only its id.
void add_control_node(model::Network& net, const std::string& id);

/// Adds a horizontal pipe from -> to of control_pipe_diameter_m and control_pipe_lambda.
void add_control_pipe(model::Network& net, const std::string& id, const std::string& from,
                      const std::string& to, double length_m);

/// K of such a pipe [Pa^2 s^2/kg^2] at the network's gas and temperature: p1^2 - p2^2 = K q|q|.
double control_pipe_k(const model::Network& net, double length_m);

}  // namespace linepack::test
