#include "validate_batch.hpp"

#include "commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "linepack/io/atomic_file.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/io/validation_writer.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::cli {
namespace {

namespace fs = std::filesystem;

/// FNV-1a (64 bit): a stable key of a run's inputs, the same in every run and build.
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

/// A CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

struct Row {
  std::string name, verdict, message, key;
  double time_ms = 0.0;
};

/// Rows of an earlier status.csv by name (the last row of a name wins); a row that does not
/// parse is ignored, so that its
/// nomination is validated again. (A message with a line break spans lines: its row is not
/// reused, which costs a validation, never a wrong row.)
std::map<std::string, Row> read_status(const fs::path& file) {
  std::map<std::string, Row> rows;
  if (!fs::exists(file)) return rows;
  std::istringstream in(io::read_text_file(file));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // name,verdict,time_ms,input_key,message: the first four fields never need quotes.
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
    Row r{f[0], f[1], message, f[3]};
    try {
      r.time_ms = std::stod(f[2]);
    } catch (const std::exception&) {
      continue;
    }
    rows[r.name] = r;
  }
  return rows;
}

std::string status_csv(const std::vector<Row>& rows) {
  std::string s = "nomination,verdict,time_ms,input_key,message\n";
  for (const auto& r : rows)
    s += fmt::format("{},{},{:.3f},{},{}\n", r.name, r.verdict, r.time_ms, r.key,
                     csv_field(r.message));
  return s;
}

void append_row(const fs::path& file, const Row& row) {
  std::FILE* f = std::fopen(file.c_str(), "a");
  if (!f) throw std::runtime_error(file.string() + ": cannot append to the status table");
  const std::string line = status_csv({row});
  const std::string body = line.substr(line.find('\n') + 1);  // without the header
  const bool ok = std::fwrite(body.data(), 1, body.size(), f) == body.size();
  if (std::fclose(f) != 0 || !ok)
    throw std::runtime_error(file.string() + ": cannot append to the status table");
}

}  // namespace

int run_validate_batch(const ValidateArgs& args) {
  const fs::path dir = *args.scenarios;
  if (!fs::is_directory(dir))
    throw io::InputError(dir, 0, "", "--scenarios needs a folder of GasLib nominations (.scn)");
  if (!args.output)
    throw std::invalid_argument("--scenarios needs -o OUTDIR (a folder for the results)");
  std::vector<fs::path> scns;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".scn") scns.push_back(e.path());
  std::sort(scns.begin(), scns.end());
  if (scns.empty()) throw io::InputError(dir, 0, "", "no .scn nominations in this folder");

  const fs::path net_file = args.input;
  const model::Network network = io::read_gaslib(net_file, std::nullopt).network;
  const fs::path out = *args.output;
  fs::create_directories(out / "results");
  validation::ValidationOptions options;
  options.objective = validation::parse_objective(args.objective);
  options.time_limit_s = args.time_limit_s;
  options.station_maps = args.station_model == "maps";
  // The inputs every result depends on besides its nomination: the network (with its .cs)
  // and the options.
  std::uint64_t base = fnv1a(io::read_text_file(net_file));
  if (const fs::path cs = fs::path(net_file).replace_extension(".cs"); fs::exists(cs))
    base = fnv1a(io::read_text_file(cs), base);
  base = fnv1a(fmt::format("{}|{}|{}", args.objective, args.time_limit_s, args.station_model), base);

  const fs::path status_file = out / "status.csv";
  const auto earlier = read_status(status_file);
  if (!fs::exists(status_file)) io::write_file_atomically(status_file, status_csv({}));
  std::vector<Row> rows;
  std::map<std::string, int> count;
  std::size_t reused = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < scns.size(); ++k) {
    const std::string name = scns[k].stem().string();
    const fs::path result_file = out / "results" / (name + ".json");
    Row row{name, "", "", ""};
    bool reused_this = false;
    std::string scn_text;
    try {
      scn_text = io::read_text_file(scns[k]);
    } catch (const std::exception& e) {
      row.verdict = "error";
      row.message = e.what();
    }
    row.key = fmt::format("{:016x}", fnv1a(scn_text, base));
    if (auto it = earlier.find(name); row.verdict.empty() && it != earlier.end() &&
                                      it->second.key == row.key && it->second.verdict != "error" &&
                                      fs::exists(result_file)) {
      row = it->second;
      ++reused;
      reused_this = true;
    } else if (row.verdict.empty()) {
      try {
        const model::Scenario s = io::read_gaslib_scenario(scns[k], network);
        const auto r = validation::validate_nomination(network, s, options);
        row.verdict = validation::to_string(r.verdict);
        row.message = r.message;
        row.time_ms = r.time_s * 1e3;
        io::write_file_atomically(result_file, io::validation_to_json(r).dump(1) + "\n");
      } catch (const std::exception& e) {  // recorded with its reason, never dropped
        row.verdict = "error";
        row.message = e.what();
      }
    }
    ++count[row.verdict];
    rows.push_back(row);
    // Each finished nomination is on disk at once: its row is appended to status.csv (a later
    // row of the same name wins when reading), which is rewritten in input order at the end.
    append_row(status_file, row);
    if (!args.quiet)
      fmt::print(stderr, "[{}/{}] {}: {} ({:.1f} ms{})\n", k + 1, scns.size(), name, row.verdict,
                 row.time_ms, reused_this ? ", reused" : "");
  }
  io::write_file_atomically(status_file, status_csv(rows));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!args.quiet)
    fmt::print("{} nominations ({} reused from {}): {} feasible, {} infeasible, {} undecided, {} "
               "errors; {:.1f} s\n",
               scns.size(), reused, status_file.string(), count["feasible"],
               count["infeasible"], count["undecided"], count["error"], wall);
  return count["feasible"] == static_cast<int>(scns.size()) ? 0 : 1;
}

}  // namespace linepack::cli
