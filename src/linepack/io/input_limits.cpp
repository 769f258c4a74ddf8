#include "linepack/io/input_limits.hpp"

#include <cmath>
#include <string>

#include <fmt/format.h>

#include "linepack/io/input_error.hpp"

namespace linepack::io {

void check_input_size(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return;  // a FIFO or device: bounded on read
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > max_input_bytes)
    throw InputError(file, 0, "",
                     fmt::format("file is {} bytes, larger than the limit of {} MiB for an input "
                                 "file (docs/limits.md)",
                                 size, max_input_bytes >> 20));
}

void check_json_depth(std::string_view text, const std::filesystem::path& file) {
  std::size_t depth = 0, line = 1;
  bool in_string = false, escaped = false;
  for (const char ch : text) {
    if (ch == '\n') ++line;
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
      continue;
    }
    if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > max_json_depth)
        throw InputError(file, line, "",
                         fmt::format("JSON nested deeper than {} levels (docs/limits.md)",
                                     max_json_depth));
    } else if ((ch == ']' || ch == '}') && depth > 0) {
      --depth;
    }
  }
}

bool is_utf8(std::string_view text) {
  // RFC 3629, section 4: the well-formed byte sequences.
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    const unsigned char b = byte(i);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
    if (b < 0x80) n = 0;
    else if (b >= 0xC2 && b <= 0xDF) n = 1;
    else if (b == 0xE0) n = 2, lo = 0xA0;
    else if (b >= 0xE1 && b <= 0xEC) n = 2;
    else if (b == 0xED) n = 2, hi = 0x9F;
    else if (b >= 0xEE && b <= 0xEF) n = 2;
    else if (b == 0xF0) n = 3, lo = 0x90;
    else if (b >= 0xF1 && b <= 0xF3) n = 3;
    else if (b == 0xF4) n = 3, hi = 0x8F;
    else return false;
    if (i + n >= text.size() && n > 0) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const unsigned char c = byte(i + k);
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

std::optional<long long> exact_integer(double v) {
  if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > max_exact_integer)
    return std::nullopt;
  return static_cast<long long>(v);
}

}  // namespace linepack::io
