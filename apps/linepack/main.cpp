// linepack command line: a thin layer over the library (docs/cli.md).
//   linepack solve INPUT [--scenario FILE] [--controls FILE] [--eos NAME] [--friction NAME]
//                  -o RESULT.json [--csv PREFIX]
//   linepack info INPUT [--scenario FILE]
//   linepack convert INPUT [--scenario FILE] -o MODEL.json
//   linepack capacity INPUT --deliver NODE[:SHARE]... [--stations given|off|max] [-o FILE]
//   linepack report STUDY.json -o REPORT.html
//   linepack design-pipe --nps N --pressure-barg P [--grade X70] [--location-class C] [--route ...]
//   linepack transient INPUT [--schedule FILE] --duration S --dt S --dx M -o OUTDIR (docs/transient.md)
//   linepack validate INPUT [--scenario FILE] [--objective none|fuel|power] [--time-limit S] [-o FILE]
//   linepack gas --composition FILE|PRESET --pressure-bar P --temperature-k T [--eos NAME] [--json]
// Exit codes: 0 converged (or success), 1 solved but not converged or infeasible (the report is
// still written), 2 invalid input or usage.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>

#include "capacity_command.hpp"
#include "design_pipe_command.hpp"
#include "report_command.hpp"
#include "study_command.hpp"
#include "commands.hpp"
#include "transient_command.hpp"
#include "ensemble_command.hpp"
#include "python_handover.hpp"
#include "gas_command.hpp"
#include "validate_command.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/model/validation.hpp"

int main(int argc, char** argv) {
  CLI::App app{"linepack: steady-state simulation of natural-gas transmission networks"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "linepack 0.1.0");

  linepack::cli::SolveArgs solve;
  auto* solve_cmd = app.add_subcommand("solve", "Solve the steady state and write a report");
  solve_cmd->add_option("input", solve.input, "GasLib .net, native .json model or LANL case folder")
      ->required();
  solve_cmd->add_option("--scenario", solve.scenario, "GasLib nomination (.scn) for a .net input");
  solve_cmd->add_option("--controls", solve.controls, "Controls JSON (element states/setpoints)");
  solve_cmd->add_option("--start", solve.start,
                        "Start from the state of a result (linepack solve's, or the steady_check "
                        "of linepack validate's); active regulators then start at their setpoints");
  solve_cmd->add_option("--eos", solve.eos,
                        "Equation of state: ideal, constant_z, linear_z, papay, simple_cnga, full_cnga, "
                        "aga8-detail, gerg2008");
  solve_cmd->add_option("--composition", solve.composition,
                        "Gas composition (preset or JSON file) for aga8-detail/gerg2008");
  solve_cmd->add_option("--friction", solve.friction,
                        "Friction law: colebrook_white, nikuradse, hofer, swamee_jain, fixed");
  solve_cmd->add_option("-o,--output", solve.output, "Result JSON file (- for standard output)")->required();
  solve_cmd->add_option("--csv", solve.csv_prefix, "Also write PREFIX.nodes.csv and PREFIX.elements.csv");
  solve_cmd->add_option("--max-iterations", solve.max_iterations, "Newton iteration cap (default 60)");
  solve_cmd->add_option("--tolerance", solve.tolerance,
                        "Residual tolerance: bar for pressure equations, kg/s for flow equations (default 1e-7)");
  solve_cmd->add_flag("-q,--quiet", solve.quiet, "No summary on stderr");
  solve_cmd->add_flag("--trace", solve.trace, "Print each Newton iteration on stderr");
  solve_cmd->add_flag("--setpoints-only", solve.setpoints_only,
                      "Active regulators and stations hold their setpoints whatever their limits "
                      "(limits only reported), as GasSteadySim does");
  solve_cmd->add_flag("--withdraw-fuel", solve.withdraw_fuel,
                      "Active stations burn their fuel gas from the line at their inlet node");
  solve_cmd->add_flag("--map-limits", solve.map_limits,
                      "Stations with a characteristic map (.cs) also hold its limits at the working "
                      "point: choke flow, drive power, maximum speed, surge recycling (docs/physics.md "
                      "8.2); the default");
  solve_cmd->add_flag("--no-map-limits", solve.no_map_limits,
                      "Stations with a characteristic map only report its limits as violations");
  solve_cmd->add_flag("--allow-unusual", solve.allow_unusual,
                      "Accept values outside the plausible ranges of docs/limits.md");

  linepack::cli::InfoArgs info;
  auto* info_cmd = app.add_subcommand("info", "Counts, total length and validation checks");
  info_cmd->add_option("input", info.input, "GasLib .net, native .json model or LANL case folder")
      ->required();
  info_cmd->add_option("--scenario", info.scenario, "GasLib nomination (.scn) for a .net input");
  info_cmd->add_flag("--allow-unusual", info.allow_unusual,
                     "Accept values outside the plausible ranges of docs/limits.md");

  linepack::cli::ConvertArgs convert;
  auto* convert_cmd = app.add_subcommand("convert", "Convert a model to the native JSON format");
  convert_cmd->add_option("input", convert.input, "GasLib .net, native .json or LANL case folder")
      ->required();
  convert_cmd->add_option("--scenario", convert.scenario, "GasLib nomination (.scn) for a .net input");
  convert_cmd->add_option("-o,--output", convert.output, "Native model JSON file")->required();

  linepack::cli::CapacityArgs capacity;
  auto* capacity_cmd = linepack::cli::add_capacity_command(app, capacity);

  linepack::cli::ValidateArgs validate;
  auto* validate_cmd = linepack::cli::add_validate_command(app, validate);

  linepack::cli::GasArgs gas_args;
  auto* gas_cmd = linepack::cli::add_gas_command(app, gas_args);

  linepack::cli::ReportArgs report;
  auto* report_cmd = linepack::cli::add_report_command(app, report);

  linepack::cli::DesignPipeArgs design_pipe;
  auto* design_pipe_cmd = linepack::cli::add_design_pipe_command(app, design_pipe);
  linepack::cli::StudyArgs study;
  auto* study_cmd = linepack::cli::add_study_command(app, study);

  // ensemble: handed over to the Python package (ensemble_command.cpp)
  auto* ensemble_cmd = linepack::cli::add_ensemble_command(app);
  // plot: drawn by the Python package with matplotlib (python/linepack/plot.py)
  auto* plot_cmd = linepack::cli::add_python_subcommand(
      app, "plot",
      "Draw a result as a network map, a pressure profile or transient time series (runs "
      "`python3 -m linepack plot`; `linepack plot --help` lists its options)");

  linepack::cli::TransientArgs transient_args;
  auto* transient_cmd = linepack::cli::add_transient_command(app, transient_args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  // The input a command reads first: named in any message that a reader did not attribute.
  auto input_of = [&]() -> std::string {
    if (*solve_cmd) return solve.input;
    if (*transient_cmd) return transient_args.input;
    if (*info_cmd) return info.input;
    if (*convert_cmd) return convert.input;
    if (*capacity_cmd) return capacity.input;
    if (*validate_cmd) return validate.input;
    if (*gas_cmd) return gas_args.composition;
    if (*report_cmd) return report.study;
    if (*study_cmd) return study.config;
    return "input";
  };
  try {
    if (*solve_cmd) return linepack::cli::run_solve(solve);
    if (*transient_cmd) return linepack::cli::run_transient(transient_args);
    if (*info_cmd) return linepack::cli::run_info(info);
    if (*convert_cmd) return linepack::cli::run_convert(convert);
    if (*ensemble_cmd) return linepack::cli::run_ensemble(*ensemble_cmd);
    if (*plot_cmd) return linepack::cli::run_python_subcommand(*plot_cmd, "plot");
    if (*capacity_cmd) return linepack::cli::run_capacity(capacity);
    if (*validate_cmd) return linepack::cli::run_validate(validate);
    if (*gas_cmd) return linepack::cli::run_gas(gas_args);
    if (*report_cmd) return linepack::cli::run_report(report);
    if (*study_cmd) return linepack::cli::run_study(study);
    if (*design_pipe_cmd) return linepack::cli::run_design_pipe(design_pipe);
  } catch (const linepack::io::InputError& e) {
    fmt::print(stderr, "linepack: error: {}\n", e.what());
    return 2;
  } catch (const linepack::model::ValidationError& e) {
    fmt::print(stderr, "linepack: invalid model: {}: {}\n", input_of(), e.what());
    return 2;
  } catch (const nlohmann::json::exception& e) {
    fmt::print(stderr, "linepack: error: {}: {}\n", input_of(), linepack::io::plain_message(e));
    return 2;
  } catch (const std::exception& e) {
    // A library's own text ("stod", "map::at") is translated and given the input's name.
    const std::string plain = linepack::io::plain_message(e);
    if (plain == e.what()) fmt::print(stderr, "linepack: error: {}\n", plain);
    else fmt::print(stderr, "linepack: error: {}: {}\n", input_of(), plain);
    return 2;
  }
  return 2;
}
