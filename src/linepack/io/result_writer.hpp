#pragma once
// Steady results as JSON and CSV. Pressures in Pa and bar, flows in kg/s and 1000 m3/h
// (normal conditions), velocities in m/s, power in W, fuel in kg/s; unbounded limits are null.
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "linepack/steady/result.hpp"

namespace linepack::io {

nlohmann::json result_to_json(const steady::SteadyResult& result);
/// One row per node: id, pressure_pa, pressure_bar, withdrawal_kg_per_s, ...
std::string nodes_csv(const steady::SteadyResult& result);
/// One row per element: id, kind, from, to, mass_flow_kg_per_s, flow_1000m3_per_h, ...
std::string elements_csv(const steady::SteadyResult& result);
/// One row per unit of every station with a map (its working point); header only when none.
/// A station's working point as the JSON object the results carry per compressor ("station").
nlohmann::json station_working_point_json(const physics::StationWorkingPoint& point);
std::string stations_csv(const steady::SteadyResult& result);
/// True when some element has a station working point (then PREFIX.stations.csv is written too).
bool has_station_maps(const steady::SteadyResult& result);

/// The JSON report as text (ids that are not UTF-8 are written with U+FFFD, never an exception).
std::string result_json_text(const steady::SteadyResult& result);

/// Writes the JSON report and, with a prefix, PREFIX.nodes.csv and PREFIX.elements.csv (and
/// PREFIX.stations.csv when a station has a map): all of them or none (atomic_file.hpp).
void write_result_files(const steady::SteadyResult& result, const std::filesystem::path& json_path,
                        const std::optional<std::filesystem::path>& csv_prefix);

/// Writes the JSON report atomically.
void write_result_json(const steady::SteadyResult& result, const std::filesystem::path& path);
/// Writes PREFIX.nodes.csv and PREFIX.elements.csv atomically.
void write_result_csv(const steady::SteadyResult& result, const std::filesystem::path& prefix);

}  // namespace linepack::io
