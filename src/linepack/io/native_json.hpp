#pragma once
// The native linepack model format: JSON, SI units, the unit in every key name
// (docs/model-format.md, docs/model.schema.json). Every field of the model round-trips exactly.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "linepack/io/loaded_model.hpp"

namespace linepack::io {

/// Reads and validates a native model file. Throws InputError (file, line, element, problem).
LoadedModel read_native_model(const std::filesystem::path& file);
/// Writes the model as indented JSON. Throws InputError when the file cannot be written.
void write_native_model(const LoadedModel& model, const std::filesystem::path& file);

nlohmann::json to_json(const LoadedModel& model);
/// Builds and validates a model from a parsed document; errors name `file_for_errors`.
LoadedModel from_json(const nlohmann::json& doc, const std::filesystem::path& file_for_errors);

/// Reads a controls file {"controls": [...], "boundaries": [...]} and returns `base` with its
/// controls replaced by element (or appended) and its boundaries replaced by node (or appended).
model::Scenario read_controls_file(const std::filesystem::path& file, const model::Scenario& base);
/// The scenario's boundaries and controls as a controls file that read_controls_file reads.
nlohmann::json controls_file_json(const model::Scenario& scenario);

/// Reads and parses any JSON file; a syntax error becomes an InputError with its line.
nlohmann::json read_json_file(const std::filesystem::path& file);

/// "active", "bypass", "closed".
std::string to_string(model::ControlState state);
model::ControlState parse_control_state(std::string_view name);  ///< std::invalid_argument
/// "pressure_ratio", "outlet_pressure", "throughput".
std::string to_string(model::CompressorMode mode);
model::CompressorMode parse_compressor_mode(std::string_view name);  ///< std::invalid_argument
std::string to_string(model::ControlValveMode mode);
model::ControlValveMode parse_control_valve_mode(std::string_view name);  ///< std::invalid_argument

}  // namespace linepack::io
