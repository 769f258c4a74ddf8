#pragma once
// Outputs of a transient run (docs/transient.md, "Outputs"), all SI:
//   nodes.csv        time_s, then the pressure [Pa] of every node (column = node id)
//   elements.csv     time_s, then the mass flow [kg/s] of every element (pipes: at the inlet)
//   linepack.csv     time_s, linepack_kg, supply_kg_per_s, withdrawal_kg_per_s,
//                    net_inflow_cumulative_kg, then the line pack [kg] of every pipe
//   compressors.csv  time_s, then ID:shaft_power_w and ID:fuel_kg_per_s per compressor (only
//                    when the network has compressors)
//   controls.csv     time_s, then ID:mode and ID:binding_limit per control valve and compressor
//                    (only when the network has them): the mode held in the step that ends at
//                    or after the time, and the limit that binds (transient/control_modes.hpp)
//   profiles.csv     time_s, pipe, x_m, pressure_pa, mass_flow_kg_per_s (only with profile times)
//   quality.csv      time_s, then ID:gross_cv_j_per_m3, ID:wobbe_j_per_m3, ID:relative_density,
//                    ID:energy_flow_w per node with a boundary (only with gas quality tracking:
//                    a schedule with supply compositions; ISO 6976:2016, per normal m^3)
//   temperatures.csv time_s, then the gas temperature [K] of every node (only with the energy
//                    equation, physics.thermal.energy_equation)
//   summary.json     status, steps, Newton iterations, survival times, mass balance, ...
//   final_state.json the state at the end, to restart a run (read_transient_state)
// Files are written as FILE.partial and renamed when the run ends (finish), so an aborted run
// leaves no file that looks complete; abandon() removes them.
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "linepack/transient/simulator.hpp"

namespace linepack::io {

class TransientWriter {
 public:
  /// Creates OUTDIR (and parents) and opens the CSV files. `profile_times_s`: times at which
  /// to write pipe profiles (profiles.csv), may be empty. Throws InputError when OUTDIR cannot be
  /// written.
  TransientWriter(const std::filesystem::path& outdir, const transient::Simulator& sim,
                  std::vector<double> profile_times_s = {});
  ~TransientWriter();
  TransientWriter(const TransientWriter&) = delete;
  TransientWriter& operator=(const TransientWriter&) = delete;

  /// Call after the start and after every step: writes every output time in
  /// (previous call's time, sim.time()] (interpolated linearly between step ends) and the
  /// profiles due.
  void observe(const transient::Simulator& sim, double output_interval_s);
  /// Writes summary.json and final_state.json, closes and renames everything.
  void finish(const nlohmann::ordered_json& summary, const transient::Simulator& sim);
  /// Removes the partial files (on an error before the end).
  void abandon();

  std::size_t rows() const { return rows_; }

 private:
  void write_row(const transient::Snapshot& s);
  struct File {
    std::filesystem::path path;
    std::ofstream out;
  };
  File& open(const std::string& name);

  std::filesystem::path outdir_;
  std::vector<std::unique_ptr<File>> files_;
  File *nodes_ = nullptr, *elements_ = nullptr, *linepack_ = nullptr, *compressors_ = nullptr,
       *controls_ = nullptr, *profiles_ = nullptr, *quality_ = nullptr, *temperatures_ = nullptr;
  std::vector<std::size_t> quality_nodes_;
  std::vector<double> profile_times_;
  std::size_t next_profile_ = 0;
  transient::Snapshot previous_, interpolated_;
  bool have_previous_ = false;
  bool fuel_withdrawn_ = false;  // compressors.csv: the fuel withdrawn per station too
  double next_output_ = 0.0;
  std::size_t rows_ = 0;
  bool finished_ = false;
  std::string line_;
};

/// The state at the simulator's current time as JSON ("linepack-transient-state").
nlohmann::ordered_json transient_state_json(const transient::Simulator& sim);

/// Reads a state file written by a run on the same network and grid (same dx): the unknown
/// vector in the equations' layout and its time. Throws InputError (file, element) when it does
/// not fit.
std::pair<double, std::vector<double>> read_transient_state(
    const std::filesystem::path& file, const transient::TransientEquations& equations);

/// The summary of a run: options, status, statistics, line pack, mass balance, survival.
nlohmann::ordered_json transient_summary_json(const transient::Simulator& sim, bool completed,
                                              double wall_time_s);

}  // namespace linepack::io
