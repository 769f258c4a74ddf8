#pragma once
// `linepack design-pipe`: wall thickness (ASME B31.8 or ISO 13623), MAOP of a wall, hydrotest
// pressure, steel tonnage along a route of location classes, and line capex at given prices
// (docs/cli.md, docs/planning.md).
#include <string>

namespace CLI {
class App;
}

namespace linepack::cli {

struct DesignPipeArgs {
  double nps = 0.0;
  std::string grade = "X70";
  double pressure_barg = 0.0;
  std::string standard = "b31.8";
  double design_factor = 0.0;      ///< 0: from the location class (B31.8) / required (ISO 13623)
  std::string location_class = "1.2";
  double joint_factor = 1.0;
  double temperature_c = 20.0;
  std::string route;               ///< "LENGTH_KM:CLASS,..."; default: 1 km of location_class
  double wall_mm = 0.0;            ///< also: the MAOP this wall allows
  double corrosion_allowance_mm = 0.0;
  double mill_tolerance = 0.0;
  double line_pipe_usd_per_t = -1.0;  ///< with laying: line capex
  double laying_usd_per_inch_km = -1.0;
  std::string output;              ///< JSON file (optional)
};

CLI::App* add_design_pipe_command(CLI::App& app, DesignPipeArgs& args);
int run_design_pipe(const DesignPipeArgs& args);

}  // namespace linepack::cli
