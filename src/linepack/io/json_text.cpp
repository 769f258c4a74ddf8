#include "linepack/io/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "linepack/io/input_error.hpp"

namespace linepack::io {

std::string read_text_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, 0, "", "cannot open file");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::size_t line_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

nlohmann::json parse_json_text(const std::string& text, const std::filesystem::path& file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string message = e.what();  // "[json.exception.parse_error.101] parse error at ..."
    if (message.starts_with("[json.exception")) message = message.substr(message.find("] ") + 2);
    throw InputError(file, line_at(text, e.byte > 0 ? e.byte - 1 : 0), "",
                     "invalid JSON: " + message);
  }
}

std::optional<std::string> json_id_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()))
    return std::to_string(static_cast<long long>(v.get<double>()));
  return std::nullopt;
}

}  // namespace linepack::io
