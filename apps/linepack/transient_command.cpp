#include "transient_command.hpp"

#include "commands.hpp"
#include "gas_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

#include "linepack/io/gzip_file.hpp"
#include "linepack/io/gastransim_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/schedule_reader.hpp"
#include "linepack/io/atomic_file.hpp"
#include "linepack/io/transient_writer.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/transient/simulator.hpp"

namespace linepack::cli {
namespace {

namespace fs = std::filesystem;

void check_seconds(double v, const char* option, bool allow_zero) {
  if (!std::isfinite(v) || v < 0.0 || (!allow_zero && v == 0.0))
    throw std::invalid_argument(fmt::format(
        "{} must be {} number of seconds, got {}", option,
        allow_zero ? "a non-negative" : "a positive", v));
}

/// Can a time of magnitude up to `t_max` still advance by `step` (no step lost to rounding)?
bool resolves(double t_max, double step) {
  const double moved = (t_max + step) - t_max;
  return std::fabs(moved - step) <= 1e-6 * step;
}

/// The bounds of docs/limits.md, checked before anything is written: the times must resolve a
/// step and an output row, and (unless allowed) the run must not take more than max_time_steps
/// steps or write more than max_output_values values.
void check_run_size(const transient::TransientOptions& o, double interval_s,
                    const model::Network& n, bool allow_large) {
  const double t_max = std::max(std::fabs(o.start_time_s), std::fabs(o.start_time_s + o.duration_s));
  if (!(t_max <= io::max_schedule_time_s))
    throw std::invalid_argument(fmt::format(
        "the run reaches t = {:.6g} s, beyond the limit of {:.0e} s (docs/limits.md)", t_max,
        io::max_schedule_time_s));
  if (!resolves(t_max, o.dt_s))
    throw std::invalid_argument(fmt::format(
        "--dt {:.6g} s is lost to rounding at t = {:.6g} s; use a larger step or an earlier start",
        o.dt_s, t_max));
  if (!resolves(t_max, interval_s))
    throw std::invalid_argument(fmt::format(
        "--output-interval {:.6g} s is lost to rounding at t = {:.6g} s", interval_s, t_max));
  if (allow_large) return;
  const double steps = o.duration_s / o.dt_s;
  if (steps > io::max_time_steps)
    throw std::invalid_argument(fmt::format(
        "{:.3g} time steps (--duration / --dt) exceed the limit of {:.0e}; give "
        "--allow-large-output to run them anyway (docs/limits.md)",
        steps, io::max_time_steps));
  const double rows = std::floor(o.duration_s / interval_s) + 1.0;
  const double columns = 2.0 + double(n.nodes.size()) + double(n.element_count()) +
                          double(n.pipes.size()) + double(n.compressors.size());
  if (rows * columns > io::max_output_values)
    throw std::invalid_argument(fmt::format(
        "{:.3g} output rows of {:.0f} values (--duration / --output-interval) exceed the limit of "
        "{:.0e} values written; use a larger --output-interval or give --allow-large-output "
        "(docs/limits.md)",
        rows, columns, io::max_output_values));
}

/// Is this file a GasTranSim bc file (boundary_pslack, ...) rather than a linepack schedule?
bool is_gastransim_bc_file(const fs::path& file) {
  if (file.extension() == ".csv") return false;
  try {
    const auto doc = io::read_json_file(file);
    return doc.is_object() && (doc.contains("boundary_pslack") ||
                               doc.contains("boundary_nonslack_flow") ||
                               doc.contains("boundary_compressor"));
  } catch (const io::InputError&) {
    return false;  // read_schedule reports the syntax error with its line
  }
}

/// Progress on stderr: on a terminal a bar redrawn every 0.1 s; otherwise (a log, a pipe, CI) a
/// line every `line_interval_s` seconds of wall time. Both give the time estimate (ETA: the
/// wall time so far scaled by the simulated time still to go).
class Progress {
 public:
  Progress(bool enabled, double t0, double t1, double line_interval_s)
      : enabled_(enabled), terminal_(::isatty(STDERR_FILENO) != 0), t0_(t0), t1_(t1),
        line_interval_s_(line_interval_s), start_(std::chrono::steady_clock::now()),
        last_(start_) {}
  void update(const transient::Simulator& sim, bool force = false) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const double since = std::chrono::duration<double>(now - last_).count();
    if (terminal_ ? (!force && since < 0.1) : (force || since < line_interval_s_)) return;
    last_ = now;
    const double f = t1_ > t0_ ? std::clamp((sim.time() - t0_) / (t1_ - t0_), 0.0, 1.0) : 1.0;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const std::string eta = f > 0.0 ? fmt::format("{:.0f} s", elapsed * (1.0 - f) / f) : "?";
    const double newton =
        sim.steps() ? static_cast<double>(sim.newton_iterations()) / sim.steps() : 0.0;
    if (terminal_) {
      const int width = 30, done = static_cast<int>(f * width + 0.5);
      fmt::print(stderr, "\r[{}{}] {:5.1f} %  t = {:.3f} h  steps {}  Newton {:.2f}/step  ETA {}  ",
                 std::string(done, '#'), std::string(width - done, '.'), 100.0 * f,
                 sim.time() / 3600.0, sim.steps(), newton, eta);
      shown_ = true;
    } else {
      fmt::print(stderr, "progress: {:.1f} %, t = {:.3f} h of {:.3f} h, {} steps, {:.1f} s "
                 "elapsed, ETA {}\n", 100.0 * f, sim.time() / 3600.0, t1_ / 3600.0, sim.steps(),
                 elapsed, eta);
    }
  }
  void done() {
    if (enabled_ && terminal_ && shown_) fmt::print(stderr, "\n");
  }

 private:
  bool enabled_, terminal_;
  double t0_, t1_, line_interval_s_;
  std::chrono::steady_clock::time_point start_, last_;
  bool shown_ = false;
};

}  // namespace

CLI::App* add_transient_command(CLI::App& app, TransientArgs& a) {
  auto* cmd = app.add_subcommand(
      "transient", "Transient simulation: pressures, flows, line pack and survival over time");
  cmd->add_option("input", a.input,
                  "GasLib .net, native .json model, LANL GasSteadySim or GasTranSim case folder")
      ->required();
  cmd->add_option("--schedule", a.schedule,
                  "Schedule: linepack JSON or CSV time series and events, or a GasTranSim bc file");
  cmd->add_option("--scenario", a.scenario, "GasLib nomination (.scn) for a .net input");
  cmd->add_option("--controls", a.controls,
                  "Controls JSON (element states/setpoints, boundaries) on top of the model's scenario");
  cmd->add_option("--duration", a.duration_s, "Simulated time [s]")->required();
  cmd->add_option("--dt", a.dt_s, "Time step [s]")->required();
  cmd->add_option("--dx", a.dx_m, "Largest cell length [m]")->required();
  cmd->add_option("--output-interval", a.output_interval_s,
                  "Time between output rows [s] (default: dt)");
  cmd->add_option("--scheme", a.scheme,
                  "Time scheme: tr_bdf2 (default), crank_nicolson (cn), backward_euler (euler)");
  cmd->add_flag("--no-inertia", a.no_inertia,
                "Drop the convective (inertia) term of the momentum equation");
  cmd->add_flag("--withdraw-fuel", a.withdraw_fuel,
                "Active stations burn their fuel gas from the line at their inlet node (lagged by "
                "one step)");
  cmd->add_flag("--setpoints-only", a.setpoints_only,
                "Regulators and stations hold their setpoints only (no limits, no mode switches)");
  cmd->add_option("--initial-state", a.initial_state,
                  "Start from a saved state (final_state.json of an earlier run, same dx)");
  cmd->add_option("--start-time", a.start_time_s,
                  "Schedule time [s] at which the run starts (default 0; GasTranSim: its initial "
                  "time; with --initial-state: the state's time)");
  cmd->add_option("--profile-times", a.profile_times_s,
                  "Times [s] at which to write pipe profiles (profiles.csv)")
      ->delimiter(',');
  cmd->add_option("--eos", a.eos,
                  "Equation of state: ideal, constant_z, linear_z, papay, simple_cnga, full_cnga");
  cmd->add_option("--composition", a.composition,
                  "Gas composition (preset or JSON file) for aga8-detail/gerg2008");
  cmd->add_option("--tolerance", a.tolerance,
                  "Newton tolerance per step: bar on pressure rows, kg/s on flow rows (1e-8)");
  cmd->add_option("-o,--output", a.output, "Output folder")->required();
  cmd->add_flag("-q,--quiet", a.quiet, "No progress bar or summary on stderr");
  cmd->add_flag("--allow-large-output", a.allow_large_output,
                "Allow more than 1e7 time steps or 5e7 output values (docs/limits.md)");
  cmd->add_flag("--allow-unusual", a.allow_unusual,
                "Accept values outside the plausible ranges of docs/limits.md");
  cmd->add_option("--progress-interval", a.progress_interval_s,
                  "Seconds between progress lines when stderr is not a terminal (default 5)")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--compress", a.compress,
                "Write the CSV outputs gzip-compressed (nodes.csv.gz, ...) for long runs");
  return cmd;
}

int run_transient(const TransientArgs& a) {
  // Options first: nothing is read or written when they are bad.
  check_seconds(a.dt_s, "--dt", false);
  check_seconds(a.duration_s, "--duration", true);
  if (!std::isfinite(a.dx_m) || !(a.dx_m > 0.0))
    throw std::invalid_argument(fmt::format("--dx must be a positive number of metres, got {}", a.dx_m));
  if (a.output_interval_s) check_seconds(*a.output_interval_s, "--output-interval", false);
  for (double t : a.profile_times_s)
    if (!std::isfinite(t)) throw std::invalid_argument("--profile-times must be numbers of seconds");
  if (a.tolerance && !(*a.tolerance > 0.0))
    throw std::invalid_argument("--tolerance must be positive");
  if (std::error_code ec; fs::exists(a.output, ec) && !fs::is_directory(a.output, ec))
    throw std::invalid_argument(a.output + ": exists and is not a folder");
  transient::TransientOptions options;
  options.dt_s = a.dt_s;
  options.duration_s = a.duration_s;
  options.dx_m = a.dx_m;
  options.inertia = !a.no_inertia;
  options.hold_limits = !a.setpoints_only;
  options.withdraw_fuel = a.withdraw_fuel;
  options.tolerance = a.tolerance.value_or(1e-8);
  if (a.scheme) options.scheme = transient::parse_scheme(*a.scheme);

  // Model and schedule.
  io::LoadedModel m;
  transient::Schedule schedule;
  std::vector<std::string> notes;
  const fs::path input = a.input;
  if (io::is_gastransim_case(input)) {
    std::optional<fs::path> bc;
    if (a.schedule && is_gastransim_bc_file(*a.schedule)) bc = *a.schedule;
    io::GasTranSimCase c = io::read_gastransim_case(input, {}, bc);
    m = std::move(c.model);
    schedule = std::move(c.schedule);
    notes = std::move(c.notes);
    options.start_time_s = c.initial_time_s;
    if (a.schedule && !bc) {
      const auto extra = io::read_schedule(*a.schedule, m.network);
      schedule.nodes.insert(schedule.nodes.end(), extra.nodes.begin(), extra.nodes.end());
      schedule.elements.insert(schedule.elements.end(), extra.elements.begin(), extra.elements.end());
      schedule.events.insert(schedule.events.end(), extra.events.begin(), extra.events.end());
    }
  } else {
    std::optional<fs::path> scn;
    if (a.scenario) scn = *a.scenario;
    m = io::read_model(input, scn);
    if (a.controls) apply_controls_file(m, input, *a.controls, a.allow_unusual);
    if (a.schedule) schedule = io::read_schedule(*a.schedule, m.network);
  }
  if (a.eos) m.network.physics.eos.kind = gas::parse_eos_kind(*a.eos);
  if (a.composition) apply_composition_option(m.network.physics, *a.composition);
  if (a.start_time_s) options.start_time_s = *a.start_time_s;
  check_run_size(options, a.output_interval_s.value_or(options.dt_s), m.network,
                 a.allow_large_output);
  try {
    model::validate(m.network);
    if (!m.scenario.boundaries.empty()) model::validate(m.network, m.scenario);
    transient::validate(schedule, m.network);
  } catch (const model::ValidationError& e) {
    throw io::InputError(input, 0, e.element(), e.problem());
  } catch (const transient::ScheduleError& e) {
    throw io::InputError(a.schedule ? fs::path(*a.schedule) : input, 0, e.target(), e.problem());
  }
  check_plausible(m, input, a.allow_unusual);
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<transient::Simulator> simulator;
  try {
    simulator = std::make_unique<transient::Simulator>(m.network, m.scenario, schedule, options);
  } catch (const std::invalid_argument& e) {  // gas quality: a supply whose gas is unknown
    throw io::InputError(a.schedule ? fs::path(*a.schedule) : input, 0, "", e.what());
  }
  transient::Simulator& sim = *simulator;

  // Initial state.
  if (a.initial_state) {
    auto [t, x] = io::read_transient_state(*a.initial_state, sim.equations());
    sim.start_from_state(a.start_time_s.value_or(t), x);
  } else {
    if (m.scenario.boundaries.empty() && schedule.nodes.empty() && schedule.events.empty())
      throw io::InputError(input, 0, "",
                           "no boundary conditions: give a scenario (--scenario FILE.scn for "
                           "GasLib) or a schedule");
    transient::NewtonStats st;
    try {
      st = sim.start_from_steady();
    } catch (const model::ValidationError& e) {
      throw io::InputError(a.schedule ? fs::path(*a.schedule) : input, 0, e.element(),
                           "boundary conditions at the start time: " + e.problem());
    }
    if (!st.converged) {
      fs::create_directories(a.output);
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      io::write_file_atomically(fs::path(a.output) / "summary.json",
                                io::transient_summary_json(sim, false, wall).dump(2) + "\n");
      if (!a.quiet) fmt::print(stderr, "status: failed\n  {}\n", sim.message());
      return 1;
    }
  }

  for (const auto& note : notes)
    if (!a.quiet) fmt::print(stderr, "note: {}\n", note);
  io::TransientWriter writer(a.output, sim, a.profile_times_s);
  const double interval = a.output_interval_s.value_or(options.dt_s);
  Progress progress(!a.quiet, sim.time(), sim.end_time(), a.progress_interval_s);
  const bool completed = sim.run([&](const transient::Simulator& s) {
    writer.observe(s, interval);
    progress.update(s);
  });
  progress.update(sim, true);
  progress.done();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  auto summary = io::transient_summary_json(sim, completed, wall);
  summary["input"] = a.input;
  if (a.schedule) summary["schedule"] = *a.schedule;
  summary["output_interval_s"] = interval;
  summary["output_rows"] = writer.rows();
  if (!notes.empty()) summary["notes"] = notes;
  writer.finish(summary, sim);
  if (a.compress)
    for (const char* name : {"nodes.csv", "elements.csv", "linepack.csv", "compressors.csv",
                             "profiles.csv", "quality.csv", "temperatures.csv"})
      if (std::filesystem::exists(std::filesystem::path(a.output) / name))
        io::gzip_file(std::filesystem::path(a.output) / name);

  if (!a.quiet) {
    fmt::print(stderr, "status: {} at t = {:.6g} s after {} steps ({} rejected), {} Newton iterations "
                       "({:.2f} per step), {:.3f} s wall ({:.0f}x real time)\n",
               completed ? "completed" : "failed", sim.time(), sim.steps(), sim.rejected_steps(),
               sim.newton_iterations(),
               sim.steps() ? static_cast<double>(sim.newton_iterations()) / sim.steps() : 0.0, wall,
               wall > 0 ? (sim.time() - options.start_time_s) / wall : 0.0);
    if (!completed) fmt::print(stderr, "  {}\n", sim.message());
    fmt::print(stderr, "line pack: {:.6g} kg at the start, {:.6g} kg at the end (mass balance error "
                       "{:.3g} kg)\n",
               sim.initial_linepack_kg(), sim.snapshot().linepack_kg, sim.mass_balance_error_kg());
    for (const auto& s : sim.survival()) {
      const auto& id = sim.network().nodes[s.node].id;
      if (s.survival_time_s)
        fmt::print(stderr, "survival: '{}' below {:.4f} bar at t = {:.6g} s ({:.3f} h)\n", id,
                   s.pressure_min_pa / 1e5, *s.survival_time_s, *s.survival_time_s / 3600.0);
    }
    fmt::print(stderr, "wrote {} rows to {}\n", writer.rows(), a.output);
  }
  return completed ? 0 : 1;
}

}  // namespace linepack::cli
