#include "validate_command.hpp"

#include "commands.hpp"
#include "validate_batch.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "linepack/io/atomic_file.hpp"
#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/io/validation_writer.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::cli {

CLI::App* add_validate_command(CLI::App& app, ValidateArgs& args) {
  auto* cmd = app.add_subcommand(
      "validate",
      "Decide whether a nomination can be transported within every bound: feasible with a "
      "control, infeasible with a certificate, or undecided");
  cmd->add_option("input", args.input, "GasLib .net, native .json model or LANL case folder")
      ->required();
  auto* one = cmd->add_option("--scenario", args.scenario, "GasLib nomination (.scn) for a .net input");
  cmd->add_option("--scenarios", args.scenarios,
                  "A folder of GasLib nominations: each validated, results in the folder -o "
                  "(results/NAME.json, status.csv); a rerun resumes")
      ->excludes(one);
  cmd->add_option("--objective", args.objective,
                  "none, fuel or power: report the fuel or power of the control found")
      ->check(CLI::IsMember({"none", "fuel", "power"}));
  cmd->add_option("--time-limit", args.time_limit_s, "Seconds before the answer is undecided")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--station-model", args.station_model,
                  "maps: stations with a .cs map must run inside it (default); box: only their "
                  "ratio, pressure, power and flow limits, as LANL's GasSteadyOpt benchmark")
      ->check(CLI::IsMember({"maps", "box"}));
  auto* cdf = cmd->add_option("--cdf", args.cdf,
                              "GasLib combined decisions (.cdf) the control must keep (default: "
                              "the .cdf beside a .net input, when present)");
  cmd->add_flag("--no-cdf", args.no_cdf, "Ignore the .cdf beside the .net")->excludes(cdf);
  cmd->add_option("-o,--output", args.output,
                  "Result JSON (verdict, control, certificate); with --scenarios an output folder");
  auto* workers = cmd->add_option("--workers", args.workers,
                                  "With --scenarios: validate on a local Dask cluster of N worker "
                                  "processes (runs `python3 -m linepack validate`; same output "
                                  "folder and resume)")
                      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--scheduler", args.scheduler,
                  "With --scenarios: validate on the Dask scheduler at ADDRESS (tcp://host:8786)")
      ->excludes(workers);
  cmd->add_flag("-q,--quiet", args.quiet, "No summary on standard output");
  cmd->add_flag("--allow-unusual", args.allow_unusual,
                "Accept values outside the plausible ranges of docs/limits.md");
  return cmd;
}

std::shared_ptr<const validation::CombinedDecisions> read_combined_decisions(
    const ValidateArgs& args, const model::Network& network) {
  std::optional<std::filesystem::path> given;
  if (args.cdf) given = *args.cdf;
  const auto file = io::combined_decisions_file(args.input, given, args.no_cdf);
  if (!file) return nullptr;
  try {
    return std::make_shared<const validation::CombinedDecisions>(
        io::read_gaslib_cdf(*file, network));
  } catch (const io::InputError& e) {
    // The same error, with the way out (GasLib-4197's published .cdf names a valve_22 that its
    // .net lacks: docs/validation-of-nominations.md).
    const std::string prefix = io::InputError(e.file(), e.line(), e.element(), "").what();
    throw io::InputError(e.file(), e.line(), e.element(),
                         std::string(e.what()).substr(prefix.size()) +
                             " (--no-cdf validates without the combined decisions; --cdf FILE "
                             "names a corrected file)");
  }
}

int run_validate(const ValidateArgs& args) {
  if (args.scenarios) return run_validate_batch(args);
  if (args.workers || args.scheduler)
    throw std::invalid_argument("--workers and --scheduler need --scenarios (a folder of nominations)");
  std::optional<std::filesystem::path> scn;
  if (args.scenario) scn = *args.scenario;
  io::LoadedModel m = io::read_model(args.input, scn);
  check_plausible(m, args.input, args.allow_unusual);
  if (args.output) io::check_writable(*args.output);
  validation::ValidationOptions options;
  options.objective = validation::parse_objective(args.objective);
  options.time_limit_s = args.time_limit_s;
  options.station_maps = args.station_model == "maps";
  options.combined_decisions = read_combined_decisions(args, m.network);
  validation::ValidationResult r;
  try {
    r = validation::validate_nomination(m.network, m.scenario, options);
  } catch (const model::ValidationError& e) {
    throw io::InputError(args.scenario ? *args.scenario : args.input, 0, e.element(), e.problem());
  }
  if (!args.quiet) {
    fmt::print("{} ({}, {:.1f} ms)\n", validation::to_string(r.verdict), r.method, r.time_s * 1e3);
    fmt::print("{}\n", r.message);
    if (options.objective != validation::Objective::none && r.verdict == validation::Verdict::feasible)
      fmt::print("fuel {:.4f} kg/s, compressor power {:.3f} MW, gap to bound: {}\n",
                 r.fuel_kg_per_s, r.power_w / 1e6,
                 r.gap ? fmt::format("{:.2f} % ({})", *r.gap * 100,
                                     r.objective_bound_source == "zero"
                                         ? "bound 0: fuel and power are never negative"
                                         : "bound: each station at its least work, tree")
                       : std::string("not known"));
  }
  if (args.output)
    io::write_file_atomically(*args.output, io::validation_to_json(r).dump(1) + "\n");
  return r.verdict == validation::Verdict::feasible ? 0 : 1;
}

}  // namespace linepack::cli
