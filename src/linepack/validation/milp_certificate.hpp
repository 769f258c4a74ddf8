#pragma once
// The certificate of an infeasible MILP relaxation (validation/milp_relaxation.hpp): a small set
// of node pressure bounds that conflict on their own, found by a deletion filter (Chinneck,
// "Feasibility and Infeasibility in Optimization", Springer 2008, ch. 6: drop bounds in groups,
// halving the group, and keep a drop while the relaxation stays infeasible), and its words for a
// dispatcher: which exits cannot be held above their minimum while which entries stay below
// their maximum, whatever the valves, regulators, stations and flow split.
#include <chrono>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/milp_relaxation.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

struct ConflictingBounds {
  std::vector<char> keep_min, keep_max;  ///< per node: the bounds that conflict together
  bool minimal = false;  ///< false: the filter stopped at its deadline (still a proof)
  int solves = 0;
};

/// From all bounds (the relaxation infeasible with all of them), drops what it can before
/// `deadline`; every kept set is infeasible (proven by CBC), so the result is a proof.
ConflictingBounds conflicting_bounds(const MilpRelaxation& relaxation, const model::Network& network,
                                     std::chrono::steady_clock::time_point deadline);

NominationCertificate milp_certificate(const model::Network& network,
                                       const model::Scenario& scenario,
                                       const ConflictingBounds& bounds, double slack_pa);

}  // namespace linepack::validation
