#pragma once
// `linepack gas`: real-gas and ISO 6976 properties of a composition at one state (docs/cli.md).
#include <optional>
#include <string>

namespace CLI {
class App;
}
namespace linepack::model {
struct PhysicsSettings;
}

namespace linepack::cli {

struct GasArgs {
  std::string composition;    ///< preset name or JSON file
  double pressure_bar = 0.0;  ///< absolute
  double temperature_k = 0.0;
  std::string eos = "gerg2008";  ///< gerg2008 | aga8-detail
  bool json = false;
};

/// Registers the subcommand on `app`; returns it so main can test whether it was chosen.
CLI::App* add_gas_command(CLI::App& app, GasArgs& args);
/// Exit codes: 0 success, 2 invalid composition, state or option (message on stderr).
int run_gas(const GasArgs& args);

/// `--composition FILE|PRESET` of `solve`: sets the composition of the physics settings and
/// the gas's molar mass, normal density and heating value from it (ISO 6976:2016).
void apply_composition_option(model::PhysicsSettings& physics, const std::string& composition);

}  // namespace linepack::cli
