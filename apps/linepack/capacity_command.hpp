#pragma once
// `linepack capacity`: the largest throughput to delivery nodes within every bound.
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace linepack::cli {

struct CapacityArgs {
  std::string input;
  std::optional<std::string> scenario, controls, output;
  std::vector<std::string> deliver;  ///< NODE or NODE:SHARE
  std::string stations = "given";    ///< given | off | max
  bool allow_unusual = false;        ///< skip the plausibility checks (docs/limits.md)
};

/// Registers the subcommand on `app`; returns it so main can test whether it was chosen.
CLI::App* add_capacity_command(CLI::App& app, CapacityArgs& args);
int run_capacity(const CapacityArgs& args);

}  // namespace linepack::cli
