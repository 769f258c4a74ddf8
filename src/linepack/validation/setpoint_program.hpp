#pragma once
// The continuous part of a control as one nonlinear program (docs/validation-of-nominations.md,
// "Setpoints from a nonlinear program"). The discrete state is given: valves open or closed,
// regulators and stations closed, active or bypassed. Unknowns: every node pressure and element
// flow. Equalities: the nodes' mass balances (a pressure-boundary node supplies freely) and
// the steady solver's own laws of the passive elements (physics/: pipes, resistors, short
// pipes, open valves, bypassed machines). Active regulators carry forward flow within their
// maximum and drop within their differential limits; active stations compress forward within
// their ratio, and stay inside the map of some configuration (with maps) or within their
// power (ratio box); parallel machines on one outlet share its flow equally (the steady
// control loop's rule for ties). Node bounds are elastic: the program minimises their total
// excess. Solved locally by Ipopt (Debian coinor-libipopt-dev, limited-memory Hessian).
// A point without excess is a state the steady solver can start from and re-check; one with
// excess proves nothing (a local minimum of a non-convex program).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/disjoint_sets.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::validation {

/// The discrete part of a control, element by element in network order.
struct DiscreteControl {
  std::vector<char> valve_open;
  std::vector<model::ControlState> regulator_state;
  std::vector<model::ControlState> station_state;
};

struct SetpointProgramOptions {
  /// Node bounds are tightened by this [Pa] where they leave room (ValidationOptions::margin_pa).
  double margin_pa = 10.0;
  /// An active station with a map must keep this relative margin inside it (speed, surge,
  /// choke, drive power of every unit of some configuration).
  double map_margin = 1e-3;
  int max_iterations = 300;
  /// Start from this point (a previous program's, for a discrete state that differs in a few
  /// elements) instead of the middle of every window with no flow: node pressures [Pa], element
  /// flows [kg/s] in steady::SteadyResult order.
  std::vector<double> start_pressure_pa, start_mass_flow_kg_per_s;
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct SetpointProgramResult {
  bool solved = false;  ///< Ipopt returned a point that meets the equalities
  std::string status;   ///< Ipopt's outcome, in words
  int iterations = 0;
  /// Sum over the nodes of the distance outside their bounds at the point [Pa].
  double bound_excess_pa = 0.0;
  std::vector<double> pressure_pa;         ///< per node
  std::vector<double> mass_flow_kg_per_s;  ///< per element, in steady::SteadyResult order
  /// Nodes outside their bounds, worst first (at most ten), and by how much [Pa].
  std::vector<std::pair<std::string, double>> nodes_outside;
  /// Active stations whose map or power margin binds at the point (compressor indices).
  std::vector<std::size_t> stations_at_limit;
  /// A point the steady re-check can start from: solved, and within 1 Pa of every bound.
  bool within_bounds() const { return solved && bound_excess_pa <= 1.0; }
};

/// The nodes that share one pressure under `control` (short pipes, open valves, bypassed
/// regulators and stations, resistors that tie their ends: the steady control loop's islands),
/// by node index.
model::DisjointSets lossless_islands(const model::Network& network, const DiscreteControl& control);

/// Solves the program for `control` (sizes as the network's valves, regulators, stations).
/// `scenario`'s flow boundaries are the nomination; its pressure boundaries supply freely.
/// Stations keep to their maps when they have one (strip them for the ratio-box model).
SetpointProgramResult solve_setpoint_program(const model::Network& network,
                                             const model::Scenario& scenario,
                                             const DiscreteControl& control,
                                             const SetpointProgramOptions& options = {});

}  // namespace linepack::validation
