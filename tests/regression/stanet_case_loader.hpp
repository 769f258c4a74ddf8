#pragma once
// Reads one of pandapipes' STANET gas comparison cases from the flat CSV export
// (shared/data/stanet/stanet_gas_cases_flat/<prefix>__{junction,pipe,ext_grid,sink,source,valve,
// pump}.csv + <prefix>__fluid.json) into a linepack network, a scenario and STANET's results.
//
// Conventions of the files, checked against the data (see stanet_test.cpp):
//  * Pressures are gauge bar relative to the ambient air pressure at the junction's height,
//    p_amb(h) = 1.01325 bar (1 - 0.0065 h / 288.15)^5.255 (pandapipes' p_correction_height_air);
//    at h = 0 this is the usual + 101325 Pa. STANET's K (compressibility) column confirms it:
//    K = 1 - 0.0022 (p_gauge + p_amb(h)) to the 5 printed digits, also at 50..150 m height.
//  * Z = offset + slope p with p ABSOLUTE in bar (pandapipes evaluates the compressibility at
//    p_init_abs = PINIT + PAMB; STANET's K column agrees), so offset 1, slope -0.0022 is
//    linepack's linear_z with c = slope / 1e5 per Pa exactly. (The note inside the flat
//    fluid.json files, "pandapipes gauge pressure", is wrong.)
//  * The gas temperature is the junctions' tfluid_k (283.15 K in most cases), not the fluid's
//    ambient_temperature (261.15 K in most): STANET's pipe velocities reproduce only with
//    tfluid_k (one_pipe/pipe_2: 3.2884 m/s at 283.15 K vs 3.0135 m/s at 261.15 K; ref 3.2885).
//  * Pipe loss_coefficient zeta (2000 or 9000 in 7 cases) is part of the pipe law: pandapipes
//    (and STANET) use lambda L / D + zeta in the isothermal gas law, as linepack's
//    Pipe::loss_coefficient does.
//  * Pumps have a pressure-lift curve by std_type (pandapipes std_types/library/Pump); linepack
//    has no pump curve, so a pump becomes a compressor in outlet-pressure mode whose setpoint is
//    STANET's pressure at the pump's to-junction (see load_stanet_case).
#include <filesystem>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::test::stanet {

/// Ambient air pressure [Pa] at a height [m] (pandapipes' barometric formula).
double ambient_pressure_pa(double height_m);

/// STANET's node result at one junction (only junctions with a p_stanet value).
struct JunctionReference {
  std::string node_id;           ///< linepack node id ("j<index>")
  std::string name;              ///< junction name in the files (not unique: aux junctions repeat)
  double p_gauge_bar = 0.0;      ///< STANET p (gauge, relative to ambient_pa)
  double ambient_pa = 0.0;       ///< p_amb at the junction's height
  double compressibility = 1.0;  ///< STANET K
  double p_abs_pa() const { return p_gauge_bar * 1e5 + ambient_pa; }
};

/// STANET's mean velocity of one pipe (only pipes with a v_stanet value), signed along from->to.
struct PipeReference {
  std::string pipe_id;  ///< linepack pipe id ("pipe<index>")
  std::string name;
  double v_m_per_s = 0.0;
};

/// Tolerances of the published comparison (STANET_SUMMARY.md, last column).
struct Tolerance {
  double rel_pressure = 1e-4;  ///< |1 - p/p_ref| on gauge pressures (pandapipes' check)
  double abs_velocity = 1e-2;  ///< |v - v_ref| [m/s]
  bool active_test = true;     ///< false: "no active test (network provided only)"
};

struct StanetCase {
  std::string prefix;      ///< e.g. "one_pipe__pipe_1_N"
  bool nikuradse = false;  ///< _N (Nikuradse) or _PC (Prandtl-Colebrook)
  model::Network network;  ///< friction law nikuradse / colebrook_white, zeta per pipe
  model::Scenario scenario;
  std::vector<JunctionReference> junctions;
  std::vector<PipeReference> pipes;
  std::vector<std::string> notes;  ///< mapping decisions worth printing (pumps, valves, ...)
};

/// The 22 case prefixes in STANET_SUMMARY.md order.
const std::vector<std::string>& stanet_case_prefixes();

/// Loads `<flat_dir>/<prefix>__*.csv` and `<prefix>__fluid.json`. Throws std::runtime_error
/// naming the file on missing or malformed input.
StanetCase load_stanet_case(const std::filesystem::path& flat_dir, const std::string& prefix);

/// The tolerance row of `prefix` in STANET_SUMMARY.md ("1e-4 / 1e-2"); a case marked
/// "no active test" gets 1e-4 / 1e-2 with active_test = false. Throws if the row is missing.
Tolerance stanet_tolerance(const std::filesystem::path& summary_md, const std::string& prefix);

}  // namespace linepack::test::stanet
