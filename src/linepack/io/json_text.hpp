#pragma once
// Shared helpers of the JSON readers: whole-file text, line numbers for messages, parsing with
// the line of a syntax error, and ids that files write as numbers or strings.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace linepack::io {

/// The whole file as text. Throws InputError(file, "cannot open file").
std::string read_text_file(const std::filesystem::path& file);

/// 1-based line of a byte offset in `text`.
std::size_t line_at(const std::string& text, std::size_t offset);

/// Parses `text`; a syntax error becomes InputError(file, line, "invalid JSON: ...").
nlohmann::json parse_json_text(const std::string& text, const std::filesystem::path& file);

/// An id as text: 7 -> "7", 7.0 -> "7", "n7" -> "n7"; nullopt for other values.
std::optional<std::string> json_id_text(const nlohmann::json& value);

}  // namespace linepack::io
