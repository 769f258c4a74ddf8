#include "validate_batch.hpp"

#include "commands.hpp"
#include "python_handover.hpp"

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
#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/io/validation_batch.hpp"
#include "linepack/io/validation_writer.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::cli {
namespace fs = std::filesystem;
using Row = io::ValidationStatusRow;

namespace {

/// `linepack validate ... --workers N | --scheduler ADDRESS`: the same run on Dask.
int run_on_dask(const ValidateArgs& args) {
  std::vector<std::string> a = {args.input, "--scenarios", *args.scenarios, "-o", *args.output,
                                "--objective", args.objective, "--time-limit",
                                fmt::format("{}", args.time_limit_s), "--station-model",
                                args.station_model};
  if (args.cdf) a.insert(a.end(), {"--cdf", *args.cdf});
  if (args.no_cdf) a.push_back("--no-cdf");
  if (args.workers) a.insert(a.end(), {"--workers", std::to_string(*args.workers)});
  if (args.scheduler) a.insert(a.end(), {"--scheduler", *args.scheduler});
  if (args.quiet) a.push_back("-q");
  return run_python_module("validate", a);
}

}  // namespace

int run_validate_batch(const ValidateArgs& args) {
  if ((args.workers || args.scheduler) && args.output) return run_on_dask(args);
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
  validation::ValidationOptions options;
  options.objective = validation::parse_objective(args.objective);
  options.time_limit_s = args.time_limit_s;
  options.station_maps = args.station_model == "maps";
  std::optional<fs::path> given_cdf;
  if (args.cdf) given_cdf = *args.cdf;
  const auto cdf_file = io::combined_decisions_file(net_file, given_cdf, args.no_cdf);
  options.combined_decisions = read_combined_decisions(args, network);
  // The inputs every result depends on besides its nomination (the key of a resume).
  const std::uint64_t base = io::validation_base_key(net_file, cdf_file, args.objective,
                                                     args.time_limit_s, args.station_model);
  const fs::path out = *args.output;  // created only once every input has been read
  fs::create_directories(out / "results");

  const fs::path status_file = out / "status.csv";
  const auto earlier = io::read_validation_status(status_file);
  if (!fs::exists(status_file)) io::write_file_atomically(status_file, io::validation_status_csv({}));
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
    row.key = io::validation_input_key(base, scn_text);
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
    io::append_validation_status_row(status_file, row);
    if (!args.quiet)
      fmt::print(stderr, "[{}/{}] {}: {} ({:.1f} ms{})\n", k + 1, scns.size(), name, row.verdict,
                 row.time_ms, reused_this ? ", reused" : "");
  }
  io::write_file_atomically(status_file, io::validation_status_csv(rows));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!args.quiet)
    fmt::print("{} nominations ({} reused from {}): {} feasible, {} infeasible, {} undecided, {} "
               "errors; {:.1f} s\n",
               scns.size(), reused, status_file.string(), count["feasible"],
               count["infeasible"], count["undecided"], count["error"], wall);
  return count["feasible"] == static_cast<int>(scns.size()) ? 0 : 1;
}

}  // namespace linepack::cli
