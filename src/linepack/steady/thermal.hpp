#pragma once
// Steady energy equation on a solved hydraulic state (docs/physics.md, steady energy equation):
// the gas temperature is marched along every pipe in the direction of flow, with the closed
// form of Coulter and Bardon (1979) on each segment (heat exchange with the ground, the
// Joule-Thomson effect of the pressure drop, elevation work), mixed at the nodes by an enthalpy
// balance in topological order of the flow, throttled isenthalpically in valves, regulators and
// resistors, and raised along the real-gas or ideal-gas compression path in compressor stations
// (then cooled by the aftercooler, if any). steady::solve couples it with the hydraulics.
#include <span>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/physics/gas_thermo.hpp"
#include "linepack/steady/network_equations.hpp"

namespace linepack::steady {

/// Temperature along one pipe, from its `from` node to its `to` node.
struct PipeTemperatureProfile {
  std::vector<double> position_m;  ///< distance from the from-node
  std::vector<double> temperature_k;
};

struct ThermalState {
  std::vector<double> node_temperature_k;  ///< mixed temperature at each node
  /// Per element, all kinds in the order of NetworkEquations::kinds(): gas temperature at the
  /// element's from and to end (after any cooler for a compressor).
  std::vector<double> element_from_k, element_to_k;
  std::vector<double> pipe_mean_k;  ///< length-averaged gas temperature of each pipe
  std::vector<PipeTemperatureProfile> pipe_profiles;
  /// Per compressor (network order): temperature leaving the compressor before the cooler,
  /// cooler duty [W], shaft power [W] (from the actual suction temperature).
  std::vector<double> compressor_discharge_k, cooler_duty_w, compressor_power_w;
};

/// Temperatures for the state x (node pressures, then element flows as in `equations`).
ThermalState solve_temperatures(const model::Network& network, const NetworkEquations& equations,
                                std::span<const double> x, const physics::GasThermo& thermo);

/// One pipe segment with constant coefficients (Coulter and Bardon 1979):
///   dT/dx = -a (T - T_ground) + b,  a = U pi D / (m cp),  b = mu_JT dp/dx - g dz/dx / cp,
/// over a length dx from t_in: the outlet temperature and the mean over the segment.
struct SegmentTemperature {
  double outlet_k;
  double mean_k;
};
SegmentTemperature segment_temperature(double t_in_k, double t_ground_k, double a_per_m,
                                       double b_k_per_m, double length_m);

}  // namespace linepack::steady
