#pragma once
// Readers of transient schedules (docs/transient.md, "Schedules"):
//   - linepack JSON ({"format": "linepack-schedule", "version": 1, "nodes": [...],
//     "elements": [...], "events": [...]}), SI units;
//   - CSV time series: a header `time_s,KIND:ID,...` with KIND flow (withdrawal, kg/s),
//     pressure (Pa) or setpoint (compressor/regulator, SI by mode), one row per time; an empty
//     cell means no point of that series at that time; `# interpolation: step` (or linear, the
//     default) in a comment line before the header;
//   - a GasTranSim bc.json (boundary_pslack, boundary_nonslack_flow, boundary_compressor), for
//     models with LANL ids (gastransim_reader.hpp).
// Every error is an io::InputError naming the file, the 1-based line (of the entry, the CSV row or
// the header) and the node or element id.
#include <filesystem>

#include "linepack/io/input_error.hpp"
#include "linepack/model/network.hpp"
#include "linepack/transient/schedule.hpp"

namespace linepack::io {

/// Reads a schedule file by content: CSV for `.csv`, else JSON (linepack or GasTranSim bc), and
/// validates it against the network (transient::validate).
transient::Schedule read_schedule(const std::filesystem::path& file,
                                  const model::Network& network);

/// The parts of read_schedule(), without validation against a network.
transient::Schedule read_schedule_json(const std::filesystem::path& file);
transient::Schedule read_schedule_csv(const std::filesystem::path& file);

/// Writes a schedule as linepack JSON (round trip of read_schedule_json).
void write_schedule_json(const transient::Schedule& schedule, const std::filesystem::path& file);

}  // namespace linepack::io
