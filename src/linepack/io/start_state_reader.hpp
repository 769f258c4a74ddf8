#pragma once
// A state to start the steady solver from (`linepack solve --start FILE`): the node pressures
// and element flows of a result as `linepack solve` writes it, or of the `steady_check` in a
// `linepack validate` result (whose control the setpoint program found from that state;
// docs/validation-of-nominations.md).
#include <filesystem>

#include "linepack/model/network.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::io {

/// Every node's `pressure_pa` and every element's `mass_flow_kg_per_s`, by id, in the network's
/// order. Throws InputError naming the file and the node or element that is missing, not
/// positive (pressures) or not a number.
steady::SteadyStart read_start_state(const std::filesystem::path& file,
                                     const model::Network& network);

}  // namespace linepack::io
