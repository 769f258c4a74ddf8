#pragma once
// Capacity: the largest total offtake at a set of delivery nodes, split in fixed shares, for
// which the steady state converges and respects every bound (node pressures, compressor and
// regulator limits). Found by bracketing and bisection on the total; the binding constraints are
// the violations just above the capacity.
//
// Assumes the feasible totals form an interval [0, capacity] (true for a line or tree supplied
// at fixed pressure: every pressure falls monotonically with throughput).
#include <limits>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::design {

struct Delivery {
  std::string node;
  double share = 1.0;  ///< relative share of the total (normalised internally)
};

/// How compressor stations run while the throughput is raised.
enum class StationPolicy {
  as_given,       ///< the scenario's controls
  off,            ///< every compressor bypassed (free flow)
  max_discharge,  ///< every compressor active at its maximum outlet pressure, lowered to what
                  ///< its power limit allows (the throughput-maximising setting on a line)
};

struct CapacityOptions {
  std::vector<Delivery> deliveries;
  StationPolicy stations = StationPolicy::as_given;
  double relative_tolerance = 1e-5;     ///< on the total
  double upper_limit_kg_per_s = 1e6;    ///< stop bracketing here
  /// When true, every other withdrawal of the scenario is set to zero, so the deliveries carry
  /// the whole throughput (e.g. "all offtake at the terminal").
  bool zero_other_offtakes = false;
  /// Supply limit on the total (e.g. the terminals' send-out capacity); infinite: none. When the
  /// network carries it, the capacity is this limit and the binding constraint says so.
  double supply_limit_kg_per_s = std::numeric_limits<double>::infinity();
  std::string supply_limit_label = "supply limit";
  steady::SteadyOptions solve;
};

struct CapacityResult {
  bool found = false;
  double total_kg_per_s = 0.0;                ///< largest feasible total
  std::vector<steady::Violation> binding;     ///< violated just above it
  std::string binding_reason;                 ///< human-readable summary
  steady::SteadyResult at_capacity;           ///< the steady state at the capacity
  int solves = 0;
};

/// Throws std::invalid_argument for unknown delivery nodes, empty deliveries or shares <= 0.
CapacityResult capacity(const model::Network& network, const model::Scenario& scenario,
                        const CapacityOptions& options);

/// The scenario with the deliveries' flow boundaries set to share x total and the stations
/// set by policy (exposed for sweeps and tests).
model::Scenario scenario_at(const model::Network& network, const model::Scenario& scenario,
                            const CapacityOptions& options, double total_kg_per_s);

/// Solves with every compressor whose shaft power exceeds its limit re-set to the outlet
/// pressure it reaches at that power (inverting the head model at the current flow), repeated
/// until no station exceeds its limit.
steady::SteadyResult solve_stations_within_power(const model::Network& network,
                                                 model::Scenario scenario,
                                                 const steady::SteadyOptions& options = {});

/// True when the result counts as feasible: converged and without violations.
bool feasible(const steady::SteadyResult& result);

}  // namespace linepack::design
