#pragma once
// The certificate of an infeasible MILP relaxation (validation/milp_relaxation.hpp): a small set
// of node pressure bounds that conflict on their own, found by a deletion filter (Chinneck,
// "Feasibility and Infeasibility in Optimization", Springer 2008, ch. 6: drop bounds in groups,
// halving the group, and keep a drop while the relaxation stays infeasible), and its words for a
// dispatcher: which exits cannot be held above their minimum while which entries stay below
// their maximum, whatever the valves, regulators, stations and flow split.
#include <chrono>
#include <optional>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/milp_relaxation.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

struct ConflictingBounds {
  std::vector<char> keep_min, keep_max;  ///< per node: the bounds that conflict together
  /// false: the filter stopped at its deadline, or a solve reached its own limit (still a proof)
  bool minimal = false;
  int solves = 0;
  int timed_out = 0;  ///< solves of the last pass that reached `solve_limit_s` (bounds kept)
  /// The set was found on the linear relaxation (then confirmed infeasible by the MILP solve).
  bool by_linear_relaxation = false;
  bool linear_only = false;  ///< proven by Clp's LP alone: no time was left for CBC's check
};

/// The set found on the relaxation's LP (binaries relaxed to [0, 1]) by warm-started Clp solves,
/// guided by its Farkas ray (each set it keeps proven infeasible by Clp), then checked by CBC
/// when time is left; nullopt when the LP with every bound is not proven infeasible before
/// `deadline`, or CBC finds a solution with the set.
std::optional<ConflictingBounds> conflicting_bounds_linear(const MilpRelaxation& relaxation,
                                                           const model::Network& network,
                                                           std::chrono::steady_clock::time_point deadline);

/// From all bounds (the MILP relaxation infeasible with all of them, its LP not: validation tries
/// conflicting_bounds_linear first), drops what it can with MILP solves before `deadline`, each
/// at most `solve_limit_s`; every kept set is infeasible (proven by CBC), so the result is a
/// proof.
ConflictingBounds conflicting_bounds(const MilpRelaxation& relaxation, const model::Network& network,
                                     std::chrono::steady_clock::time_point deadline,
                                     double solve_limit_s);

NominationCertificate milp_certificate(const model::Network& network,
                                       const model::Scenario& scenario,
                                       const ConflictingBounds& bounds, double slack_pa);

}  // namespace linepack::validation
