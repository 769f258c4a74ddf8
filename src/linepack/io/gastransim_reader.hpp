#pragma once
// Reader for LANL GasTranSim case folders (../shared/data/gastransim; schemas in its
// schemas/case-name): network.json, params.json, ic.json, bc.json, disruptions.json.
//
// Ids as in the LANL GasSteadySim reader (lanl_reader.hpp): nodes keep their id ("7"), pipes
// are "p" + id, compressors "c" + id. Physics as GasTranSim's: ideal gas with its R = 8.314 and
// M = 0.02896 G (same specific gas constant), each pipe's Darcy friction factor, no elevation,
// no inertia in GasTranSim's own equations (run linepack with --no-inertia to compare).
//
// Boundary conditions (bc.json): boundary_pslack (pressure, Pa), boundary_nonslack_flow
// (withdrawal, kg/s, positive out) and boundary_compressor (control_type 0 ratio, 1 discharge
// pressure Pa, 2 flow kg/s) are time series, interpolated linearly as GasTranSim does (a scalar
// value instead of a series is a constant). A compressor's control type must not change within
// its series. The scenario holds the values at the initial time.
//
// ic.json is read for comparison only (GasTranSim's ic files are steady states; linepack starts
// from the steady state of its own discretised equations). disruptions.json is read and
// checked, but GasTranSim (v0.3.0) does not apply it and neither does linepack: every entry is
// reported in `notes`.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "linepack/io/loaded_model.hpp"
#include "linepack/transient/schedule.hpp"

namespace linepack::io {

struct GasTranSimFiles {
  std::string params = "params.json";
  std::string ic = "ic.json";
  std::string bc = "bc.json";
  std::string disruptions = "disruptions.json";
};

struct GasTranSimCase {
  LoadedModel model;             ///< network and the boundary values at the initial time
  transient::Schedule schedule;  ///< the bc time series
  double initial_time_s = 0.0, final_time_s = 0.0;
  double time_step_s = 0.0;      ///< GasTranSim's explicit (CFL-bound) step
  double output_dt_s = 0.0, output_dx_m = 0.0;
  /// ic.json: node pressures [Pa] and element flows [kg/s] (pipes "p" + id), when present.
  std::vector<std::pair<std::string, double>> ic_node_pressure_pa, ic_element_flow_kg_per_s;
  std::vector<std::string> notes;  ///< what was read but not used (disruptions), and why
};

/// True for a folder with network.json and a params.json holding "simulation_params".
bool is_gastransim_case(const std::filesystem::path& folder);

/// Reads a case folder. `bc_override` replaces files.bc (a GasTranSim bc file anywhere).
/// Throws InputError naming the file and element.
GasTranSimCase read_gastransim_case(const std::filesystem::path& folder,
                                    const GasTranSimFiles& files = {},
                                    const std::optional<std::filesystem::path>& bc_override = {});

/// Reads a GasTranSim bc file as a schedule with LANL-derived ids (nodes as given, compressors
/// "c" + id).
transient::Schedule read_gastransim_bc(const std::filesystem::path& bc_file);

}  // namespace linepack::io
