#pragma once
// Picks the reader by input kind: a folder is a LANL GasSteadySim case (network.json, bc.json,
// params.json), `.net` is GasLib XML (with an optional `.scn`), `.json` the native model.
#include <filesystem>
#include <optional>

#include "linepack/io/loaded_model.hpp"

namespace linepack::io {

/// Reads a model; `scenario_file` (GasLib `.scn`) is only valid with a `.net`. Throws
/// InputError for unreadable or invalid input, naming the file.
LoadedModel read_model(const std::filesystem::path& input,
                       const std::optional<std::filesystem::path>& scenario_file = std::nullopt);

}  // namespace linepack::io
