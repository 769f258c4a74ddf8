#pragma once
// `linepack validate`: can a nomination be transported, with which control, at what fuel?
// (docs/validation-of-nominations.md)
#include <memory>
#include <optional>
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/validation/combined_decisions.hpp"

namespace CLI {
class App;
}

namespace linepack::cli {

struct ValidateArgs {
  std::string input;
  std::optional<std::string> scenario, output;
  std::optional<std::string> scenarios;  ///< a folder of nominations (validate_batch.hpp)
  std::string objective = "none";
  double time_limit_s = 60.0;
  std::string station_model = "maps";  ///< maps or box (ValidationOptions::station_maps)
  bool quiet = false;
  bool allow_unusual = false;  ///< skip the plausibility checks (docs/limits.md)
  std::optional<std::string> cdf;  ///< GasLib combined decisions; default: NET.cdf beside a .net
  bool no_cdf = false;             ///< ignore any .cdf
  /// --scenarios on Dask (python3 -m linepack validate): local worker processes, or a scheduler.
  std::optional<int> workers;
  std::optional<std::string> scheduler;
};

CLI::App* add_validate_command(CLI::App& app, ValidateArgs& args);
/// The combined decisions a validation of `args.input` keeps (--cdf, --no-cdf, or the .cdf
/// beside a .net); null when none. Throws io::InputError for a bad file.
std::shared_ptr<const validation::CombinedDecisions> read_combined_decisions(
    const ValidateArgs& args, const model::Network& network);
/// Exit code 0 feasible, 1 infeasible or undecided (the result is still written), 2 bad input.
int run_validate(const ValidateArgs& args);

}  // namespace linepack::cli
