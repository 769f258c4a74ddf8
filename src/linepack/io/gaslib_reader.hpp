#pragma once
// Reader for GasLib XML instances (gaslib.zib.de): networks (.net), nominations (.scn) and
// compressor-station data (.cs). Element and unit inventory: shared/data/gaslib/FORMAT.md.
//
// Every value goes through units::to_si with its `unit` attribute, so a missing, unknown or
// wrong unit is an error, never a silent misreading. Two documented defaults for a missing unit:
// node <height> is in metres (GasLib-582 v1 and GasLib-24 omit it) and a nomination's <flow> is in
// 1000m_cube_per_hour (GasLib-39 omits it). Every failure is an InputError naming the file, the
// 1-based line of the offending XML element (0 when unknown) and the node or element id.
#include <cstddef>
#include <filesystem>
#include <optional>

#include "linepack/io/gaslib_cs_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/loaded_model.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::io {

/// Reads a GasLib `.net` file and validates the result (model::validate).
/// - nodes: innode, source, sink (pressure bounds in bar/barg become absolute Pa);
/// - elements: pipe, shortPipe, resistor (drag factor and diameter, or a fixed pressureLoss),
///   valve (open), controlValve (bypass), compressorStation (bypass, pressure ratio 1, its
///   flowMax converted to kg/s with the gas normal density);
/// - gas: molar mass, normal density, calorific value (as HHV), pseudo-critical pressure and
///   temperature, and gas temperature, averaged over the source nodes (equal in most instances);
/// - physics: Papay's Z and Nikuradse's friction law, the approximations GasLib's own studies use.
model::Network read_gaslib_network(const std::filesystem::path& net_file);

/// Reads a GasLib nomination (`.scn`) for `network` (the file's first <scenario>).
/// Node flows in 1000 m^3/h at normal conditions become mass flows with the network's normal
/// density: entries negative (injection), exits positive (withdrawal). Bounds bound="both" give
/// the value; lower and upper bounds give their midpoint, a single bound gives itself.
///
/// GasLib nominates flows only, so the reader chooses the pressure reference (documented
/// default): the entry with the largest nominated inflow (the first in file order on a tie)
/// becomes a pressure boundary instead of a flow boundary, at the scenario's upper pressure
/// bound for that node if given, else the node's pressure_max_pa from the network. The result
/// has exactly one pressure boundary and is validated with model::validate(network, scenario).
model::Scenario read_gaslib_scenario(const std::filesystem::path& scn_file,
                                     const model::Network& network);

/// read_gaslib_compressor_stations (the `.cs`): io/gaslib_cs_reader.hpp.

/// Reads `net_file`, the `.cs` of the same stem beside it when it exists, and the nomination
/// `scn_file` when given (else the scenario is empty).
LoadedModel read_gaslib(const std::filesystem::path& net_file,
                        const std::optional<std::filesystem::path>& scn_file);

}  // namespace linepack::io
