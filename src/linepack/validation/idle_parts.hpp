#pragma once
// Parts of a network that a control cuts off and that no nomination flow enters or leaves (a
// section between closed valves, a station closed with its inlet pipes): they carry no gas, so
// any pressure in their bounds is theirs, but the steady solver needs one to be named
// (model::validate: every connected part has a pressure reference). GasLib-4197's combined
// decisions close 147 of its 426 valves and leave 25 such parts.
#include <cstddef>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::validation {

/// Holds every connected part of `network` under `control` (elements closed by the control or
/// by the network's own state cut it) that has no pressure boundary and no nonzero flow
/// boundary at the top of its pressure window (the least maximum of its nodes less
/// `margin_pa`, at most a quarter of the window): the part's first node with a (zero) flow
/// boundary becomes a pressure boundary, or its first node gets one. A part with a nonzero flow
/// and no reference is left as it is (the solve rejects it: that gas has no way in or out), and
/// so is a part whose nodes' bounds have no pressure in common (no held pressure keeps them).
/// Returns the number of parts held.
std::size_t hold_idle_parts(const model::Network& network, model::Scenario& control,
                            double margin_pa);

}  // namespace linepack::validation
