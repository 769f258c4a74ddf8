#pragma once
// The result of a nomination validation as JSON (docs/validation-of-nominations.md, "Output").
#include <nlohmann/json.hpp>

#include "linepack/validation/nomination.hpp"

namespace linepack::io {

/// verdict, method, message, time, objective values, the control (as a controls file for
/// `linepack solve --controls`, and element by element), the certificate, and the steady
/// re-check in the format of `linepack solve`.
nlohmann::json validation_to_json(const validation::ValidationResult& result);

}  // namespace linepack::io
