#include "linepack/io/validation_batch.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "linepack/io/json_text.hpp"

namespace linepack::io {
namespace fs = std::filesystem;

std::uint64_t fnv1a(std::string_view text, std::uint64_t h) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::uint64_t validation_base_key(const fs::path& net_file, const std::optional<fs::path>& cdf_file,
                                  const std::string& objective, double time_limit_s,
                                  const std::string& station_model) {
  std::uint64_t base = fnv1a(read_text_file(net_file));
  if (const fs::path cs = fs::path(net_file).replace_extension(".cs"); fs::exists(cs))
    base = fnv1a(read_text_file(cs), base);
  // Without a .cdf the key is the one of runs before combined decisions were read.
  if (cdf_file) base = fnv1a(read_text_file(*cdf_file), fnv1a("cdf|", base));
  return fnv1a(fmt::format("{}|{}|{}", objective, time_limit_s, station_model), base);
}

std::string validation_input_key(std::uint64_t base, std::string_view nomination_text) {
  return fmt::format("{:016x}", fnv1a(nomination_text, base));
}

namespace {

/// A CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::map<std::string, ValidationStatusRow> read_validation_status(const fs::path& file) {
  std::map<std::string, ValidationStatusRow> rows;
  if (!fs::exists(file)) return rows;
  std::istringstream in(read_text_file(file));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // name,verdict,time_ms,input_key,message: the first four fields never need quotes. (A
    // message with a line break spans lines: its row is not reused, which costs a validation,
    // never a wrong row.)
    std::vector<std::string> f;
    std::size_t start = 0;
    for (int k = 0; k < 4; ++k) {
      const std::size_t comma = line.find(',', start);
      if (comma == std::string::npos) break;
      f.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    if (f.size() < 4) continue;
    std::string message = line.substr(start);
    if (message.size() >= 2 && message.front() == '"' && message.back() == '"') {
      std::string plain;
      for (std::size_t i = 1; i + 1 < message.size(); ++i) {
        plain += message[i];
        if (message[i] == '"' && message[i + 1] == '"') ++i;  // "" is one quote
      }
      message = plain;
    }
    ValidationStatusRow r{f[0], f[1], message, f[3]};
    try {
      r.time_ms = std::stod(f[2]);
    } catch (const std::exception&) {
      continue;
    }
    rows[r.name] = r;
  }
  return rows;
}

std::string validation_status_csv(const std::vector<ValidationStatusRow>& rows) {
  std::string s = "nomination,verdict,time_ms,input_key,message\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{:.3f},{},{}\n", r.name, r.verdict, r.time_ms, r.key,
                     csv_field(r.message));
  return s;
}

void append_validation_status_row(const fs::path& file, const ValidationStatusRow& row) {
  std::FILE* f = std::fopen(file.c_str(), "a");
  if (!f) throw std::runtime_error(file.string() + ": cannot append to the status table");
  const std::string line = validation_status_csv({row});
  const std::string body = line.substr(line.find('\n') + 1);  // without the header
  const bool ok = std::fwrite(body.data(), 1, body.size(), f) == body.size();
  if (std::fclose(f) != 0 || !ok)
    throw std::runtime_error(file.string() + ": cannot append to the status table");
}

}  // namespace linepack::io
