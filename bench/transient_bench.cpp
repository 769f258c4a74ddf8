// Transient benchmarks: 24 h of simulated time at dt = 60 s, dx = 1 km, for each time scheme
// (argument: 0 backward Euler, 1 Crank-Nicolson, 2 TR-BDF2), timed from the loaded model to the
// end of the run (equations and pattern, symbolic analysis, discrete steady start, all steps):
//   - GasLib-40 (LANL GasTranSim's folder, bc_ramp.json: flows and compressor ratios ramp up
//     over 6 h), 1,112 km of pipe;
//   - the Pakistan Stream example with its day schedule (examples/pakistan-stream), 1,100 km;
//   - the Pakistan Stream gas quality day, without and with gas quality tracking;
//   - a synthetic tree of 850 junctions and 5,069 km of pipe (model::make_tree), every offtake
//     following the data sheet's composite daily profile (hourly points).
// Counters: steps, Newton iterations per step, cells, unknowns, real-time factor (24 h / wall
// time) and peak resident memory of the process (scripts/bench.sh runs one process per
// benchmark). Run from the repository root (the Pakistan files are read from examples/, or from
// $LINEPACK_SOURCE_DIR/examples).
//   build/bench/linepack_bench --benchmark_filter=Transient
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "linepack/io/gastransim_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/schedule_reader.hpp"
#include "linepack/model/synthetic_networks.hpp"
#include "linepack/transient/simulator.hpp"
#include "bench_data.hpp"

namespace {

using namespace linepack;
namespace fs = std::filesystem;

fs::path examples_dir() {
  if (const char* env = std::getenv("LINEPACK_SOURCE_DIR"); env && *env)
    return fs::path(env) / "examples";
  return fs::current_path() / "examples";
}

double transient_peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

const transient::Scheme schemes[] = {transient::Scheme::backward_euler,
                                     transient::Scheme::crank_nicolson,
                                     transient::Scheme::tr_bdf2};

void run_day(benchmark::State& state, const model::Network& network,
             const model::Scenario& scenario, const transient::Schedule& schedule,
             double start_time_s = 0.0) {
  transient::TransientOptions o;
  o.scheme = schemes[state.range(0)];
  o.dt_s = 60.0;
  o.dx_m = 1000.0;
  o.duration_s = 86400.0;
  o.start_time_s = start_time_s;
  std::size_t steps = 0, newton = 0, cells = 0, unknowns = 0;
  double run_s = 0.0;
  bool ok = true;
  std::string message;
  for (auto _ : state) {
    transient::Simulator sim(network, scenario, schedule, o);
    ok = sim.start_from_steady().converged;
    const auto t0 = std::chrono::steady_clock::now();
    ok = ok && sim.run();
    run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    steps = sim.steps();
    newton = sim.newton_iterations();
    cells = sim.equations().cell_count();
    unknowns = sim.equations().size();
    message = sim.message();
    benchmark::DoNotOptimize(sim.state().data());
  }
  if (!ok) state.SkipWithError(("run failed: " + message).c_str());
  state.SetLabel(transient::to_string(o.scheme));
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["newton_per_step"] = steps ? static_cast<double>(newton) / steps : 0.0;
  state.counters["cells"] = static_cast<double>(cells);
  state.counters["unknowns"] = static_cast<double>(unknowns);
  state.counters["pipe_km"] = network.total_pipe_length_m() / 1e3;
  state.counters["steps_run_s"] = run_s;
  state.counters["realtime_factor"] =
      benchmark::Counter(86400.0 * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
  state.counters["peak_rss_mb"] = transient_peak_rss_mb();
}

void BM_TransientGasLib40(benchmark::State& state) {
  const fs::path folder = bench::data_root_with("gastransim/examples/data/GasLib-40") /
                      "gastransim/examples/data/GasLib-40";
  if (!fs::exists(folder / "network.json")) {
    state.SkipWithError("reference data not found (set LINEPACK_DATA_DIR)");
    for (auto _ : state) {
    }
    return;
  }
  io::GasTranSimFiles files;
  files.bc = "bc_ramp.json";
  const auto c = io::read_gastransim_case(folder, files);
  run_day(state, c.model.network, c.model.scenario, c.schedule, c.initial_time_s);
}

void BM_TransientPakistanStream(benchmark::State& state) {
  const fs::path dir = examples_dir() / "pakistan-stream";
  if (!fs::exists(dir / "model.json") || !fs::exists(dir / "day-schedule.json")) {
    state.SkipWithError("examples/pakistan-stream not found: run from the repository root");
    for (auto _ : state) {
    }
    return;
  }
  const auto m = io::read_native_model(dir / "model.json");
  const auto s = io::read_schedule(dir / "day-schedule.json", m.network);
  run_day(state, m.network, m.scenario, s);
}

/// The Pakistan Stream gas quality day (quality-day-schedule.json: demand profiles and an LNG
/// cargo change at Port Qasim) with TR-BDF2: argument 0 without its compositions (isothermal,
/// no tracking: the reference), 1 with gas quality tracking (transient/quality_tracker.hpp),
/// 2 with gas quality and the energy equation (transient/energy_tracker.hpp; U = 2 W/(m2 K),
/// ground 15 degC, supply 35 degC).
void BM_TransientPakistanQuality(benchmark::State& state) {
  const fs::path dir = examples_dir() / "pakistan-stream";
  if (!fs::exists(dir / "quality-day-schedule.json")) {
    state.SkipWithError("examples/pakistan-stream not found: run from the repository root");
    for (auto _ : state) {
    }
    return;
  }
  auto m = io::read_native_model(dir / "model.json");
  auto s = io::read_schedule(dir / "quality-day-schedule.json", m.network);
  if (state.range(0) == 0) s.compositions.clear();
  if (state.range(0) == 2) {
    auto& th = m.network.physics.thermal;
    th.energy_equation = true;
    th.ground_temperature_k = 288.15;
    th.supply_temperature_k = 308.15;
  }
  transient::TransientOptions o;
  o.dt_s = 60.0;
  o.dx_m = 1000.0;
  o.duration_s = 86400.0;
  std::size_t steps = 0;
  for (auto _ : state) {
    transient::Simulator sim(m.network, m.scenario, s, o);
    bool ok = sim.start_from_steady().converged && sim.run();
    if (!ok) state.SkipWithError(("run failed: " + sim.message()).c_str());
    steps = sim.steps();
    benchmark::DoNotOptimize(sim.state().data());
  }
  const char* labels[] = {"isothermal, no tracking", "with gas quality",
                          "with gas quality and temperature"};
  state.SetLabel(labels[state.range(0)]);
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["peak_rss_mb"] = transient_peak_rss_mb();
}

void BM_TransientSynthetic5000km(benchmark::State& state) {
  const auto m = model::make_tree(850);  // 5,069 km of 0.8 m pipe
  // The data sheet's composite daily profile on every offtake (DATASHEET.md section 6).
  const double profile[25] = {0.80, 0.78, 0.77, 0.78, 0.83, 0.94, 1.10, 1.17, 1.13,
                              1.04, 0.99, 0.99, 1.00, 0.99, 0.99, 1.00, 1.03, 1.11,
                              1.21, 1.24, 1.19, 1.08, 0.95, 0.86, 0.80};
  transient::Schedule s;
  for (const auto& b : m.scenario.boundaries) {
    if (b.kind != model::NodeBoundary::Kind::flow) continue;
    transient::NodeSeries ns;
    ns.node = b.node;
    for (int h = 0; h <= 24; ++h) {
      ns.series.time_s.push_back(3600.0 * h);
      ns.series.value.push_back(b.value * profile[h]);
    }
    s.nodes.push_back(std::move(ns));
  }
  run_day(state, m.network, m.scenario, s);
}

}  // namespace

BENCHMARK(BM_TransientGasLib40)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true)->UseRealTime();
BENCHMARK(BM_TransientPakistanStream)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true)->UseRealTime();
BENCHMARK(BM_TransientPakistanQuality)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(5)->ReportAggregatesOnly(true)->UseRealTime();
BENCHMARK(BM_TransientSynthetic5000km)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true)->UseRealTime();
