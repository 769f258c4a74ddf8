#pragma once
// The words of an infeasibility certificate from a tree conflict (validation/tree_validation.hpp):
// which bound cannot be met, through which elements it propagates, and which bound it meets.
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/validation/edge_relation.hpp"
#include "linepack/validation/network_tree.hpp"
#include "linepack/validation/nomination.hpp"
#include "linepack/validation/tree_validation.hpp"

namespace linepack::validation {

NominationCertificate tree_certificate(const model::Network& network, const NetworkTree& tree,
                                       const std::vector<EdgeRelation>& relations,
                                       const TreeConflict& conflict);

}  // namespace linepack::validation
