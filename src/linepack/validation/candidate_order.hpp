#pragma once
// Order and pruning of the candidate controls on meshed networks (heuristic_controls.cpp):
// which one-element switches of the local search to try first, and when a candidate with every
// setpoint lower cannot pass where one with them higher failed.
#include <cstddef>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::validation {

/// The switches (bypass <-> active) of the local search from a candidate, indices k into
/// regulators (k < number of regulators) then stations (k - number of regulators), most
/// relevant to `violations` first: an element whose outlet lies in a zone with a violation
/// (switching it moves that zone's pressure: bypassing it lifts the zone to its inlet side's
/// level, activating it lowers the zone or raises it by compression), then one whose inlet lies
/// in such a zone, then the rest; within each group the elements the candidate's solve settled
/// closed first (switching one reopens a path), then in network order. `zone_of`: per node, its
/// zone (nodes joined through pipes, short pipes, resistors, open valves and bypassed
/// elements); a violation's zone is its node's, or both ends' of the element it names.
/// `active`: per k, whether the candidate sets the element active; `settled`: per k, the state
/// its solve settled on. Left out: an element set active that settled bypassed (bypassing it
/// gives the control already solved).
std::vector<std::size_t> switch_order(
    const model::Network& network, const std::unordered_map<std::string_view, std::size_t>& node_index,
    const std::vector<std::size_t>& zone_of, const std::vector<steady::Violation>& violations,
    const std::vector<char>& active, const std::vector<model::ControlState>& settled);

/// True when `violations` is not empty and every one is a node below its minimum pressure:
/// then a candidate with the same states and every setter (pressure reference, regulator and
/// station outlet) lower cannot lift those nodes (with the flows fixed by the nomination, a
/// lower setter lowers every pressure it reaches), so it is not tried.
bool only_below_min(const std::vector<steady::Violation>& violations);

}  // namespace linepack::validation
