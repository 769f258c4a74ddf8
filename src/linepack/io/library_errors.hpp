#pragma once
// One place where the exceptions of libraries (nlohmann::json, std::stod, map::at, ...) become
// the project's InputError, so that no message starts with a library's raw text and each names
// the input file (docs/limits.md).
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "linepack/io/input_error.hpp"

namespace linepack::io {

/// nlohmann's text without its "[json.exception.type_error.302] " code; other text unchanged.
std::string without_library_code(const std::string& what);

/// A library exception's text in words a user can act on: the "[json.exception...] " code is
/// dropped, "stod" and "map::at" become what they mean for an input file.
std::string plain_message(const std::exception& e);

/// Runs `read()`; a nlohmann::json exception or a std::logic_error (std::stod's invalid_argument
/// and out_of_range, map::at, length_error) thrown inside becomes InputError(file, 0, "", ...).
/// InputError and every other exception pass unchanged.
template <class Read>
decltype(auto) reading(const std::filesystem::path& file, Read&& read) {
  try {
    return read();
  } catch (const InputError&) {
    throw;
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, 0, "", plain_message(e));
  } catch (const std::logic_error& e) {
    throw InputError(file, 0, "", plain_message(e));
  }
}

}  // namespace linepack::io
