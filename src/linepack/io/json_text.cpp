#include "linepack/io/json_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "linepack/io/input_error.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/library_errors.hpp"

namespace linepack::io {

std::string read_text_file(const std::filesystem::path& file) {
  check_input_size(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, 0, "", "cannot open file");
  std::string text;
  std::error_code ec;
  if (const auto size = std::filesystem::file_size(file, ec); !ec && size <= max_input_bytes)
    text.reserve(size);  // one allocation: memory stays at the file's size
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_input_bytes)  // a FIFO or a file that grew while read
      throw InputError(file, 0, "", "input is larger than the limit of 256 MiB (docs/limits.md)");
  }
  return text;
}

std::size_t line_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

nlohmann::json parse_json_text(const std::string& text, const std::filesystem::path& file) {
  check_json_depth(text, file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file, line_at(text, e.byte > 0 ? e.byte - 1 : 0), "", plain_message(e));
  } catch (const nlohmann::json::exception& e) {  // out_of_range.406: number overflow
    throw InputError(file, 0, "", plain_message(e));
  }
}

std::optional<std::string> json_id_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  // Whole numbers only up to 2^53 (docs/limits.md): beyond, distinct ids would collide.
  if (v.is_number_unsigned() && v.get<std::uint64_t>() <= std::uint64_t{1} << 53)
    return std::to_string(v.get<std::uint64_t>());
  if (v.is_number_integer() && !v.is_number_unsigned())
    if (const auto i = exact_integer(static_cast<double>(v.get<long long>()));
        i && *i == v.get<long long>())
      return std::to_string(*i);
  if (v.is_number_float())
    if (const auto i = exact_integer(v.get<double>())) return std::to_string(*i);
  return std::nullopt;
}

}  // namespace linepack::io
