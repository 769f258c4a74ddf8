// Steady-solve benchmarks: the whole solve from a loaded model to the result value
// (validation, equations, starting point, Newton, result and violations), as a user's
// steady::solve call. Models are built or read once, outside the timed loop.
//   synthetic chains, trees and 2-D meshes of 1k, 10k and 100k junctions
//   GasLib-582 (v1, nomination_cold_8; also with its stations and regulators active) and
//   GasLib-4197 (nomination_mild_0006 and synthetic nominations: every exit scaled by 0.8 and
//   1.2; also with its running stations and regulators active, at the middle of their ranges or
//   at the operating point of the state as read)
//   the same two GasLib solves with the steady energy equation (`_Thermal`: the .net's
//   heat-transfer coefficients and source gas temperatures, ground at the mean gas temperature)
// Run with scripts/bench.sh, which starts one process per benchmark so that peak_rss_mb is that
// benchmark's own peak memory.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/model/synthetic_networks.hpp"
#include "linepack/steady/solver.hpp"
#include "bench_data.hpp"
#include "support/gaslib_operating_point.hpp"

namespace {

using namespace linepack;
using test::Setpoints;

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void run_solves(benchmark::State& state, const model::Network& network,
                const model::Scenario& scenario, const steady::SteadyOptions& options = {}) {
  steady::SteadyResult result;
  for (auto _ : state) {
    result = steady::solve(network, scenario, options);
    benchmark::DoNotOptimize(result.nodes.data());
  }
  if (result.status != steady::Status::converged)
    state.SkipWithError(("not converged: " + result.message).c_str());
  state.counters["newton_iterations"] = result.iterations;  // the last control round's
  state.counters["control_rounds"] = result.control_rounds;
  state.counters["newton_iterations_total"] = result.newton_iterations_total;
  state.counters["nodes"] = static_cast<double>(network.nodes.size());
  state.counters["elements"] = static_cast<double>(network.element_count());
  state.counters["peak_rss_mb"] = peak_rss_mb();
}

void synthetic(benchmark::State& state,
               const std::function<model::SyntheticModel(std::size_t)>& make) {
  const auto m = make(static_cast<std::size_t>(state.range(0)));
  run_solves(state, m.network, m.scenario);
}

void BM_Chain(benchmark::State& s) { synthetic(s, model::make_chain); }
void BM_Tree(benchmark::State& s) { synthetic(s, model::make_tree); }
void BM_Mesh(benchmark::State& s) { synthetic(s, model::make_mesh); }

/// A GasLib network and nomination read from the data folder; empty (the benchmark skipped,
/// naming what to set) when the data are not there.
std::optional<io::LoadedModel> read_or_skip(benchmark::State& state, const std::string& net,
                                            const std::string& scn) {
  const auto dir = bench::data_root_with("gaslib/" + net) / "gaslib";
  if (std::filesystem::exists(dir / net)) return io::read_gaslib(dir / net, dir / scn);
  state.SkipWithError("reference data not found (set LINEPACK_DATA_DIR)");
  for (auto _ : state) {
  }
  return std::nullopt;
}

void gaslib(benchmark::State& state, const std::string& net, const std::string& scn,
            double exit_scale, bool energy_equation = false) {
  auto m = read_or_skip(state, net, scn);
  if (!m) return;
  // Synthetic nominations: scale every exit (withdrawal); the pressure-fixed entry balances.
  for (auto& b : m->scenario.boundaries)
    if (b.kind == model::NodeBoundary::Kind::flow && b.value > 0.0) b.value *= exit_scale;
  m->network.physics.thermal.energy_equation = energy_equation;
  run_solves(state, m->network, m->scenario);
}

void BM_GasLib582(benchmark::State& s) {
  gaslib(s, "582-v1/GasLib-582.net", "582-v1/GasLib-582.scn", 1.0);
}

/// A GasLib network with its stations (outlet pressure) and regulators active at `setpoints`
/// (tests/support/gaslib_operating_point.hpp). `hold_limits`: the control loop
/// (steady/control_loop.hpp); false: setpoints only, as the solver before it.
void gaslib_controlled(benchmark::State& state, const std::string& net, const std::string& scn,
                       bool hold_limits, bool running_stations_only = false,
                       Setpoints setpoints = Setpoints::middle_of_range,
                       bool map_limits = steady::SteadyOptions{}.hold_map_limits) {
  auto m = read_or_skip(state, net, scn);
  if (!m) return;
  test::activate_controls(m->network, m->scenario, running_stations_only, setpoints);
  steady::SteadyOptions options;
  options.hold_limits = hold_limits;
  options.hold_map_limits = map_limits;
  run_solves(state, m->network, m->scenario, options);
}
void BM_GasLib582_Controlled(benchmark::State& s) {
  gaslib_controlled(s, "582-v1/GasLib-582.net", "582-v1/GasLib-582.scn", true);
}
void BM_GasLib582_SetpointsOnly(benchmark::State& s) {
  gaslib_controlled(s, "582-v1/GasLib-582.net", "582-v1/GasLib-582.scn", false);
}
/// Stations 1-8 carry 0.05-0.25 kg/s in this nomination (idle); with them running at the
/// middle of their outlet ranges the loop's first round (regulators open) has no state.
void BM_GasLib4197_Controlled(benchmark::State& s) {
  gaslib_controlled(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", true, true);
}
void BM_GasLib4197_ControlledAtOperatingPoint(benchmark::State& s) {
  gaslib_controlled(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", true, true,
                    Setpoints::operating_point);
}
/// The same with the stations' map limits (GasLib-4197.cs) only reported, not held (held by
/// default: there compressorStation_9 holds its choke).
void BM_GasLib4197_ControlledAtOperatingPointNoMapLimits(benchmark::State& s) {
  gaslib_controlled(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", true, true,
                    Setpoints::operating_point, false);
}
void BM_GasLib582_ControlledNoMapLimits(benchmark::State& s) {
  gaslib_controlled(s, "582-v1/GasLib-582.net", "582-v1/GasLib-582.scn", true, false,
                    Setpoints::middle_of_range, false);
}
void BM_GasLib4197(benchmark::State& s) {
  gaslib(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", 1.0);
}
void BM_GasLib4197_Exits80(benchmark::State& s) {
  gaslib(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", 0.8);
}
void BM_GasLib4197_Exits120(benchmark::State& s) {
  gaslib(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", 1.2);
}

void BM_GasLib582_Thermal(benchmark::State& s) {
  gaslib(s, "582-v1/GasLib-582.net", "582-v1/GasLib-582.scn", 1.0, true);
}
void BM_GasLib4197_Thermal(benchmark::State& s) {
  gaslib(s, "4197/GasLib-4197.net", "4197/nomination_mild_0006.scn", 1.0, true);
}

constexpr int repetitions = 7;
/// Every benchmark here: milliseconds, median of `repetitions` runs (aggregates only).
void timed(benchmark::internal::Benchmark* b) {
  b->Unit(benchmark::kMillisecond)->Repetitions(repetitions)->ReportAggregatesOnly(true);
}

}  // namespace

BENCHMARK(BM_Chain)->Arg(1000)->Arg(10000)->Arg(100000)->Apply(timed);
BENCHMARK(BM_Tree)->Arg(1000)->Arg(10000)->Arg(100000)->Apply(timed);
BENCHMARK(BM_Mesh)->Arg(1000)->Arg(10000)->Arg(100000)->Apply(timed);
BENCHMARK(BM_GasLib582)->Apply(timed);
BENCHMARK(BM_GasLib582_Controlled)->Apply(timed);
BENCHMARK(BM_GasLib582_SetpointsOnly)->Apply(timed);
BENCHMARK(BM_GasLib4197_Controlled)->Apply(timed);
BENCHMARK(BM_GasLib4197_ControlledAtOperatingPoint)->Apply(timed);
BENCHMARK(BM_GasLib4197_ControlledAtOperatingPointNoMapLimits)->Apply(timed);
BENCHMARK(BM_GasLib582_ControlledNoMapLimits)->Apply(timed);
BENCHMARK(BM_GasLib4197)->Apply(timed);
BENCHMARK(BM_GasLib4197_Exits80)->Apply(timed);
BENCHMARK(BM_GasLib4197_Exits120)->Apply(timed);

BENCHMARK(BM_GasLib582_Thermal)->Apply(timed);
BENCHMARK(BM_GasLib4197_Thermal)->Apply(timed);

BENCHMARK_MAIN();
