#pragma once
// Bound and limit checks on a steady solution: node pressure bounds, compressor limits
// (inlet/outlet pressure, ratio, power, flow, reverse flow), regulators that cannot hold their
// setpoint (reverse flow or outlet above inlet). Regulators and stations are judged by the mode
// the control loop settled (ElementResult::control_mode; docs/physics.md §11), or by their given
// state when the result has no mode.
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::steady {

std::vector<Violation> find_violations(const model::Network& network, const SteadyResult& result);

}  // namespace linepack::steady
