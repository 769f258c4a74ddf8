#pragma once
// `linepack validate`: can a nomination be transported, with which control, at what fuel?
// (docs/validation-of-nominations.md)
#include <optional>
#include <string>

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
};

CLI::App* add_validate_command(CLI::App& app, ValidateArgs& args);
/// Exit code 0 feasible, 1 infeasible or undecided (the result is still written), 2 bad input.
int run_validate(const ValidateArgs& args);

}  // namespace linepack::cli
