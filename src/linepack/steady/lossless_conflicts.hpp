#pragma once
// Ill-posed inputs found from the topology alone: an active pressure-setting element (a
// compressor whose ratio is not 1 or that sets its outlet pressure, an active regulator) whose
// inlet and outlet are also joined by lossless connections (short pipes, open valves, bypassed
// regulators and stations, resistors without loss); more generally, a cycle of stations,
// regulators and fixed pressures through groups of losslessly connected nodes whose ratios do
// not multiply to one (two stations in parallel at different ratios, a fixed pressure that a
// regulator's setpoint contradicts). Lossless connections force equal pressures, so the element's setpoint cannot hold;
// the solver's regularisation of lossless connections (1e-4 Pa per kg/s) would turn that into
// an unbounded circulating flow (GasLib-582 with station c5 active: 3e10 kg/s).
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/model/validation.hpp"

namespace linepack::steady {

/// The first conflict as a message naming the element and the lossless path, or nullopt.
std::optional<std::string> find_lossless_conflict(const model::Network& network,
                                                  const model::Scenario& scenario,
                                                  const model::Topology& topology);

}  // namespace linepack::steady
