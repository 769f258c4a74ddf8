#pragma once
// The CLI's subcommands; each returns the process exit code.
#include <optional>
#include <string>
#include <filesystem>

#include "linepack/io/loaded_model.hpp"

namespace linepack::cli {

struct SolveArgs {
  std::string input, output;
  std::optional<std::string> scenario, controls, eos, friction, csv_prefix;
  std::optional<std::string> composition;  ///< preset or JSON file (gas_command.hpp)
  std::optional<std::string> start;  ///< a result whose state Newton starts from
  std::optional<int> max_iterations;
  std::optional<double> tolerance;
  bool quiet = false;
  bool trace = false;
  bool setpoints_only = false;  ///< regulators and stations ignore their limits (reported only)
  bool withdraw_fuel = false;   ///< stations burn their fuel from the line at their inlet
  bool map_limits = false;      ///< --map-limits given (held anyway unless --no-map-limits)
  bool no_map_limits = false;   ///< stations with a map only report its limits
  bool allow_unusual = false;  ///< skip the plausibility checks (docs/limits.md)
};
struct InfoArgs {
  std::string input;
  std::optional<std::string> scenario;
  bool allow_unusual = false;
};
struct ConvertArgs {
  std::string input, output;
  std::optional<std::string> scenario;
};

/// The plausibility checks of model/plausibility.hpp, reported against `file`, unless `allow`.
void check_plausible(const io::LoadedModel& m, const std::filesystem::path& file, bool allow);

/// Reads a controls file on top of the model's scenario. The model is validated (and checked
/// for plausibility unless `allow_unusual`) before and after, so that a problem the controls
/// bring in is reported against the controls file, not the model.
void apply_controls_file(io::LoadedModel& m, const std::filesystem::path& input,
                         const std::filesystem::path& controls, bool allow_unusual);

int run_solve(const SolveArgs& args);
int run_info(const InfoArgs& args);
int run_convert(const ConvertArgs& args);

}  // namespace linepack::cli
