#pragma once
// Security of supply: which offtakes are cut, in a stated curtailment order, when a terminal or
// a compressor station is lost, and the energy not served. The survival time (how long line
// pack holds the delivery pressure after the loss) comes from a transient run
// (transient::Simulator::survival); docs/planning.md §4.
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::design {

struct Demand {
  std::string node;
  double kg_per_s = 0.0;
};

struct CurtailmentResult {
  bool feasible = false;            ///< false: not even zero offtake is feasible
  std::vector<Demand> served;       ///< per demand node, in the input order
  double demand_kg_per_s = 0.0;
  double served_kg_per_s = 0.0;
  double curtailed_kg_per_s = 0.0;
  std::string binding;              ///< "supply limit", the violated bound, or "" when none
  steady::SteadyResult state;       ///< the steady state with the served offtakes
};

/// Serves `demands` from `scenario` (its pressure boundaries and compressor controls as they
/// are), cutting offtakes in `order` (node ids, the first cut first, each down to zero before
/// the next) until the total is within `supply_limit_kg_per_s` and the steady state keeps every
/// bound (compressors over their power limit re-set as capacity's solve_stations_within_power).
/// The least curtailment is found by bisection (feasibility assumed monotone in the amount cut).
/// Throws std::invalid_argument when `order` misses a demand node or names an unknown one.
CurtailmentResult curtail(const model::Network& network, const model::Scenario& scenario,
                          const std::vector<Demand>& demands, const std::vector<std::string>& order,
                          double supply_limit_kg_per_s, double relative_tolerance = 1e-5);

}  // namespace linepack::design
