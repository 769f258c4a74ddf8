#pragma once
// A lower bound of the compressor power and fuel of every control that keeps a tree's bounds
// (docs/validation-of-nominations.md, "Objective"). On a tree the two sides of a station are
// independent once its flow is fixed: the inlet side allows pressures A (everything outside the
// station's child subtree, by an outside pass over the upward intervals) and the outlet side B.
// The station's shaft power grows with p_out / p_in at fixed flow, so it is at least its power
// at the highest inlet of A and the lowest outlet of B (ratio at least 1); Z is taken at the end
// of A that gives the smaller value. Summed over the stations: a bound, exact for one station
// when the construction reaches that corner.
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/validation/edge_relation.hpp"
#include "linepack/validation/network_tree.hpp"
#include "linepack/validation/tree_validation.hpp"

namespace linepack::validation {

struct ObjectiveBound {
  double power_w = 0.0;
  double fuel_kg_per_s = 0.0;
};

/// From an outcome without conflict (`subtree` and `into_parent` filled) of a propagation whose
/// node bounds were relaxed by `relax_pa` (the same relaxation is applied here).
ObjectiveBound tree_objective_bound(const model::Network& network, const NetworkTree& tree,
                                    const std::vector<EdgeRelation>& relations,
                                    const TreeOutcome& outcome, const gas::EquationOfState& eos,
                                    double relax_pa);

}  // namespace linepack::validation
