#include "linepack/io/library_errors.hpp"

#include <string_view>

namespace linepack::io {

std::string without_library_code(const std::string& what) {
  // nlohmann: "[json.exception.type_error.302] type must be number, but is string"
  if (!what.starts_with("[json.exception")) return what;
  const auto end = what.find("] ");
  return end == std::string::npos ? std::string("invalid JSON value") : what.substr(end + 2);
}

std::string plain_message(const std::exception& e) {
  std::string m = e.what();
  if (m.starts_with("[json.exception")) {
    const bool syntax = m.starts_with("[json.exception.parse_error");
    m = without_library_code(m);
    if (syntax) return "invalid JSON: " + m;
    if (m.starts_with("key '") && m.ends_with("' not found"))
      return "missing key " + m.substr(4, m.size() - 4 - 10);
    return "invalid JSON value: " + m;
  }
  if (m == "stod" || m == "stoi" || m == "stol" || m == "stoll" || m == "stoul" || m == "stoull" ||
      m == "stof")
    return "not a number, or a number out of range";
  if (m.ends_with("map::at") || m == "map::at")
    return "reference to an unknown id or key";
  if (m.starts_with("vector::") || m.find("_M_range_check") != std::string::npos)
    return "index out of range";
  if (m.empty()) return "invalid input";
  return m;
}

}  // namespace linepack::io
