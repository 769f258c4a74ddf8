#pragma once
// Networks the exact tree method does not cover (cycles, several pressure references): a few
// candidate controls, each verified by the steady solver, give `feasible` when one keeps every
// bound; otherwise `undecided` (a heuristic proves nothing about infeasibility).
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

/// Candidates, every valve open: stations bypassed or active at their highest allowed discharge,
/// regulators bypassed or active at their highest allowed outlet (min of the element's and the
/// node's limit, less the margin), and the pressure references at their upper bound less the
/// margin or at the middle of their bounds: 8 controls, least action first. `why_not_tree` goes into the message of an undecided result.
ValidationResult heuristic_controls(const model::Network& network,
                                    const model::Scenario& scenario,
                                    const ValidationOptions& options,
                                    const std::string& why_not_tree);

}  // namespace linepack::validation
