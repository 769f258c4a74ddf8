#pragma once
// Reader for LANL GasSteadySim case folders: network.json, bc.json, params.json (SI units).
//
// Ids: nodes keep their LANL id ("7"). LANL numbers each element kind separately, so element ids
// get a kind prefix: pipe 3 -> "p3", compressor 3 -> "c3", short pipe "sp3", valve "v3",
// control valve "cv3", resistor "r3", loss resistor "lr3" (see lanl_element_id).
#include <filesystem>
#include <string>
#include <string_view>

#include "linepack/io/loaded_model.hpp"

namespace linepack::io {

enum class LanlKind { pipe, compressor, short_pipe, valve, control_valve, resistor, loss_resistor };

/// Our element id for LANL element `lanl_id` of the given kind ("p" + id, "c" + id, ...).
std::string lanl_element_id(LanlKind kind, std::string_view lanl_id);

/// Reads a case folder. Gas: LANL's R = 8.314 and M = 0.02896 G are reproduced exactly (same
/// specific gas constant); eos ideal (cnga_specific_gravity = G for the CNGA laws); friction
/// fixed with each pipe's friction_factor. Boundary flows keep LANL's sign (withdrawal > 0).
/// Throws InputError naming the file and element.
LoadedModel read_lanl_case(const std::filesystem::path& folder);

}  // namespace linepack::io
