#include "commands.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <cstdio>

#include "gas_command.hpp"
#include "linepack/io/atomic_file.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/start_state_reader.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/result_writer.hpp"
#include "linepack/model/plausibility.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::cli {
namespace {

io::LoadedModel load(const std::string& input, const std::optional<std::string>& scenario) {
  std::optional<std::filesystem::path> scn;
  if (scenario) scn = *scenario;
  return io::read_model(input, scn);
}

/// The model's first validation problem, if any.
std::optional<model::ValidationError> validation_error(const io::LoadedModel& m) {
  try {
    if (m.scenario.boundaries.empty()) model::validate(m.network);
    else model::validate(m.network, m.scenario);
  } catch (const model::ValidationError& e) {
    return e;
  }
  return std::nullopt;
}

/// Validation of the model as loaded, reported against the input file.
void validate_against(const io::LoadedModel& m, const std::filesystem::path& file) {
  if (const auto e = validation_error(m)) throw io::InputError(file, 0, e->element(), e->problem());
}

}  // namespace

void check_plausible(const io::LoadedModel& m, const std::filesystem::path& file, bool allow) {
  if (allow) return;
  try {
    model::check_plausible(m.network, m.scenario);
  } catch (const model::ValidationError& e) {
    throw io::InputError(file, 0, e.element(), e.problem());
  }
}

void apply_controls_file(io::LoadedModel& m, const std::filesystem::path& input,
                         const std::filesystem::path& controls, bool allow_unusual) {
  check_plausible(m, input, allow_unusual);
  const model::Scenario before = m.scenario;
  m.scenario = io::read_controls_file(controls, m.scenario);
  if (const auto e = validation_error(m)) {
    // The same problem without the controls is the model's (the model alone may lack what the
    // controls bring, a pressure reference, so it is not validated alone first).
    const auto in_model = validation_error({m.network, before});
    const bool model_problem =
        in_model && in_model->element() == e->element() && in_model->problem() == e->problem();
    throw io::InputError(model_problem ? input : controls, 0, e->element(), e->problem());
  }
  check_plausible(m, controls, allow_unusual);
}

namespace {

void print_summary(const steady::SteadyResult& r) {
  double p_min = 1e300, p_max = 0;
  for (const auto& n : r.nodes) {
    p_min = std::min(p_min, n.pressure_pa);
    p_max = std::max(p_max, n.pressure_pa);
  }
  fmt::print(stderr, "status: {} after {} iterations (residual {:.2e}), {:.3f} ms",
             steady::to_string(r.status), r.iterations, r.residual_norm, r.solve_time_s * 1e3);
  // The control loop's rounds, when it took more than one (`iterations` is the last round's).
  if (r.control_rounds > 1)
    fmt::print(stderr, "; {} control rounds, {} Newton iterations in all", r.control_rounds,
               r.newton_iterations_total);
  fmt::print(stderr, "\n");
  if (!r.message.empty()) fmt::print(stderr, "  {}\n", r.message);
  fmt::print(stderr, "pressures: {:.4f} .. {:.4f} bar; supply {:.4f} kg/s; compressor power {:.3f} MW\n",
             units::pa_to_bar(p_min), units::pa_to_bar(p_max), r.total_supply_kg_per_s,
             r.total_compressor_power_w * 1e-6);
  if (!r.violations.empty())
    fmt::print(stderr, "{} bound/limit violation(s), e.g. '{}': {}\n", r.violations.size(),
               r.violations.front().id, r.violations.front().what);
  for (const auto& w : r.worst_equations)
    fmt::print(stderr, "  worst equation: {} '{}' residual {:.3e}\n", w.kind, w.id, w.residual);
}

/// GasLib gives no operating state: the reader bypasses every station and regulator
/// (docs/physics.md §8.1). Says so when a GasLib input is solved with some of them still
/// bypassed as read, so that a converged state with many bound violations is not mistaken for
/// an operated network.
void print_gaslib_note(const std::string& input, const model::Network& network,
                       const model::Scenario& scenario) {
  if (std::filesystem::path(input).extension() != ".net") return;
  const model::Network effective = model::apply_controls(network, scenario);
  std::size_t stations = 0, regulators = 0;
  for (const auto& c : effective.compressors) stations += c.state == model::ControlState::bypass;
  for (const auto& c : effective.control_valves) regulators += c.state == model::ControlState::bypass;
  if (stations + regulators == 0) return;
  fmt::print(stderr,
             "note: GasLib data give no operating state; {} of {} compressor stations and {} of "
             "{} control valves are bypassed as read (their limits are not held). Give them a "
             "state and setpoint with --controls (docs/physics.md, \"Control with limits\").\n",
             stations, effective.compressors.size(), regulators, effective.control_valves.size());
}

}  // namespace

int run_solve(const SolveArgs& args) {
  // Outputs first: a missing folder fails before anything is computed or written.
  io::check_writable(args.output);
  if (args.csv_prefix) io::check_writable(*args.csv_prefix + ".nodes.csv");
  io::LoadedModel m = load(args.input, args.scenario);
  if (args.controls) apply_controls_file(m, args.input, *args.controls, args.allow_unusual);
  if (args.eos) m.network.physics.eos.kind = gas::parse_eos_kind(*args.eos);
  if (args.composition) apply_composition_option(m.network.physics, *args.composition);
  if (args.friction) m.network.physics.friction = model::parse_friction_law(*args.friction);
  validate_against(m, args.input);
  check_plausible(m, args.input, args.allow_unusual);
  if (m.scenario.boundaries.empty())
    throw io::InputError(args.input, 0, "",
                         "no boundary conditions: give a scenario (--scenario FILE.scn for GasLib)");
  steady::SteadyOptions options;
  if (args.max_iterations) options.newton.max_iterations = *args.max_iterations;
  if (args.tolerance) options.newton.tolerance = *args.tolerance;
  options.newton.trace = args.trace;
  options.hold_limits = !args.setpoints_only;
  options.withdraw_fuel = args.withdraw_fuel;
  options.hold_map_limits = !args.no_map_limits;
  if (args.map_limits && args.setpoints_only)
    throw io::InputError(args.input, 0, "", "--map-limits holds limits, --setpoints-only ignores them: give one");
  if (args.map_limits && args.no_map_limits)
    throw io::InputError(args.input, 0, "", "--map-limits and --no-map-limits: give one");
  if (args.start) options.start = io::read_start_state(*args.start, m.network);
  steady::SteadyResult r;
  try {
    r = steady::solve(m.network, m.scenario, options);
  } catch (const model::ValidationError& e) {
    throw io::InputError(args.input, 0, e.element(), e.problem());
  }
  std::optional<std::filesystem::path> csv;
  if (args.csv_prefix) csv = *args.csv_prefix;
  io::write_result_files(r, args.output, csv);
  if (!args.quiet) {
    print_summary(r);
    print_gaslib_note(args.input, m.network, m.scenario);
  }
  return r.status == steady::Status::converged ? 0 : 1;
}

int run_info(const InfoArgs& args) {
  const io::LoadedModel m = load(args.input, args.scenario);
  validate_against(m, args.input);
  check_plausible(m, args.input, args.allow_unusual);
  const auto& n = m.network;
  fmt::print("network: {}\n", n.name.empty() ? args.input : n.name);
  fmt::print("nodes: {}\n", n.nodes.size());
  fmt::print("pipes: {} (total length {:.3f} km)\n", n.pipes.size(), n.total_pipe_length_m() / 1e3);
  fmt::print("short pipes: {}\nresistors: {}\nvalves: {}\ncontrol valves: {}\ncompressors: {}\n",
             n.short_pipes.size(), n.resistors.size(), n.valves.size(), n.control_valves.size(),
             n.compressors.size());
  fmt::print("gas: molar mass {:.4f} g/mol, normal density {:.4f} kg/m3, T {:.2f} K, eos {}, "
             "friction {}\n",
             n.physics.gas.molar_mass_kg_per_mol * 1e3, n.physics.gas.normal_density(),
             n.physics.temperature_k, gas::to_string(n.physics.eos.kind),
             model::to_string(n.physics.friction));
  std::size_t fixed = 0;
  for (const auto& b : m.scenario.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure) ++fixed;
  fmt::print("scenario: {} boundary conditions ({} fixed pressure)\n", m.scenario.boundaries.size(),
             fixed);
  fmt::print("checks: ids unique, references resolved, values in range{}: ok\n",
             m.scenario.boundaries.empty() ? "" : ", every part has a pressure reference");
  return 0;
}

int run_convert(const ConvertArgs& args) {
  io::check_writable(args.output);
  const io::LoadedModel m = load(args.input, args.scenario);
  validate_against(m, args.input);
  io::write_native_model(m, args.output);
  fmt::print(stderr, "wrote {}\n", args.output);
  return 0;
}

}  // namespace linepack::cli
