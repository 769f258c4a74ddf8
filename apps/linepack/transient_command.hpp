#pragma once
// `linepack transient INPUT [--schedule FILE] --duration SECONDS --dt SECONDS --dx METRES
//  [--output-interval SECONDS] [--scheme NAME] [--no-inertia] [--setpoints-only] [--initial-state FILE]
//  [--profile-times T,...] -o OUTDIR`: transient simulation (docs/transient.md, docs/cli.md).
// Exit codes as `solve`: 0 the run completed, 1 it failed numerically (the files up to the
// failure are written, summary.json says why), 2 invalid input, schedule or usage (nothing is
// written).
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace linepack::cli {

struct TransientArgs {
  std::string input, output;
  std::optional<std::string> schedule, scenario, controls, initial_state, eos, scheme;
  std::optional<std::string> composition;  ///< preset or JSON file, for aga8-detail / gerg2008
  double duration_s = 0.0, dt_s = 0.0, dx_m = 0.0;
  std::optional<double> output_interval_s, tolerance, start_time_s;
  std::vector<double> profile_times_s;
  bool no_inertia = false;
  bool setpoints_only = false;
  bool withdraw_fuel = false;  ///< stations burn their fuel from the line at their inlet
  bool quiet = false;
  double progress_interval_s = 5.0;  ///< progress line period when stderr is not a terminal
  bool compress = false;  ///< gzip the CSV outputs (long runs)
  bool allow_large_output = false;
  bool allow_unusual = false;  ///< skip the plausibility checks (docs/limits.md)  ///< lift the limits on steps and output values (docs/limits.md)
};

CLI::App* add_transient_command(CLI::App& app, TransientArgs& args);
int run_transient(const TransientArgs& args);

}  // namespace linepack::cli
