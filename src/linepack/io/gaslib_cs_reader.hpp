#pragma once
// Reader of GasLib compressor-station data (`.cs`, shared/data/gaslib/FORMAT.md) into
// model::Station: turbo compressors with their characteristic diagrams (fitted from the
// measurements as GasLib does, physics::fit_turbo_map, or the published coefficients when the
// file has no measurements), piston compressors, drives (gasTurbine, gasDrivenMotor,
// electricMotor) and configurations of units in serial stages of parallel units.
// Coefficients in the file are in GasLib's units (kJ/kg, m^3/s, per_min, kW) and are converted
// to SI. Every failure is an InputError naming the file, the line and the station id.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/physics/compressor_map.hpp"

namespace linepack::io {

struct GaslibStationData {
  std::string id;
  std::size_t line = 0;
  model::Station station;
  bool has_machines = false;  ///< false: no compressors listed, `station` is empty
  /// Mean adiabaticEfficiency of the turbo and piston compressors (0 when none) and the largest
  /// maximalCompressionRatio (0 when none), for the one-machine model.
  double mean_efficiency = 0.0;
  double ratio_max = 0.0;
  /// The map coefficients as written in the file, in SI, by turbo compressor id.
  std::vector<std::pair<std::string, physics::TurboMapFit>> published_maps;
};

/// Reads every <compressorStation> of a `.cs` file; `known`, when given, says which station ids
/// exist (another is an error at its line, before its contents are read).
std::vector<GaslibStationData> read_gaslib_cs(
    const std::filesystem::path& cs_file,
    const std::function<bool(const std::string&)>& known = {});

/// Reads a `.cs` into the network's compressors of the same id: `station` = the machines;
/// efficiency = mean adiabaticEfficiency of the station's machines (at most 1); ratio_max = the
/// largest maximalCompressionRatio when present. A station not in the network is an error.
/// Returns the number of stations read.
std::size_t read_gaslib_compressor_stations(const std::filesystem::path& cs_file,
                                            model::Network& network);

}  // namespace linepack::io
