#pragma once
// The CLI's subcommands; each returns the process exit code.
#include <optional>
#include <string>

namespace linepack::cli {

struct SolveArgs {
  std::string input, output;
  std::optional<std::string> scenario, controls, eos, friction, csv_prefix;
  std::optional<std::string> composition;  ///< preset or JSON file (gas_command.hpp)
  std::optional<int> max_iterations;
  std::optional<double> tolerance;
  bool quiet = false;
  bool trace = false;
  bool setpoints_only = false;  ///< regulators and stations ignore their limits (reported only)
  bool withdraw_fuel = false;   ///< stations burn their fuel from the line at their inlet
};
struct InfoArgs {
  std::string input;
  std::optional<std::string> scenario;
};
struct ConvertArgs {
  std::string input, output;
  std::optional<std::string> scenario;
};

int run_solve(const SolveArgs& args);
int run_info(const InfoArgs& args);
int run_convert(const ConvertArgs& args);

}  // namespace linepack::cli
