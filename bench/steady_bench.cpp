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
#include <map>
#include <optional>
#include <string>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/model/synthetic_networks.hpp"
#include "linepack/steady/solver.hpp"
#include "bench_data.hpp"

namespace {

using namespace linepack;

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
  state.counters["newton_iterations"] = result.iterations;
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
/// Closes the regulators that bypass a running station, as an operator does: while regulators
/// (with short pipes and open valves between them) join a station's outlet to its inlet, the
/// one at the outlet side of that path closes. Without it such a path joins the station's two
/// sides without loss once the regulators open (GasLib-4197's compressorStation_8: shortPipe_84,
/// controlValve_23, shortPipe_85, controlValve_84), and the solve is ill-posed. Closing every
/// regulator of the path would leave the nodes between them without any pressure.
void close_station_bypasses(model::Network& network) {
  std::map<std::string, std::string> parent;  // lossless islands (short pipes, open valves)
  std::function<std::string(const std::string&)> root = [&](const std::string& n) {
    const auto it = parent.find(n);
    return it == parent.end() || it->second == n ? n : parent[n] = root(it->second);
  };
  auto join = [&](const std::string& a, const std::string& b) {
    if (root(a) != root(b)) parent[root(a)] = root(b);
  };
  for (const auto& sp : network.short_pipes) join(sp.from, sp.to);
  for (const auto& v : network.valves)
    if (v.open) join(v.from, v.to);
  for (const auto& c : network.compressors) {
    if (c.state != model::ControlState::active) continue;
    const std::string outlet = root(c.to), inlet = root(c.from);
    if (outlet == inlet) continue;  // joined without a regulator: nothing to close
    for (;;) {  // breadth-first from the outlet's island over regulators not closed
      std::map<std::string, std::size_t> reached_by{{outlet, SIZE_MAX}};
      std::vector<std::string> queue{outlet};
      for (std::size_t head = 0; head < queue.size() && !reached_by.count(inlet); ++head)
        for (std::size_t k = 0; k < network.control_valves.size(); ++k) {
          const auto& v = network.control_valves[k];
          if (v.state == model::ControlState::closed) continue;
          const std::string a = root(v.from), b = root(v.to);
          const std::string other = a == queue[head] ? b : b == queue[head] ? a : "";
          if (other.empty() || reached_by.count(other)) continue;
          reached_by[other] = k;
          queue.push_back(other);
        }
      if (!reached_by.count(inlet)) break;
      std::size_t first = SIZE_MAX;  // the path's regulator at the outlet side
      for (std::string n = inlet; reached_by[n] != SIZE_MAX;) {
        first = reached_by[n];
        const auto& v = network.control_valves[first];
        n = root(v.from) == n ? root(v.to) : root(v.from);
      }
      network.control_valves[first].state = model::ControlState::closed;
    }
  }
}

enum class Setpoints {
  middle_of_range,  ///< the middle of the outlet node's pressure range, capped by pressureOutMax
  /// From the state as read (every element bypassed): stations 0.5 bar above it, regulators
  /// 0.1 bar below, each element's pressureOutMax raised to admit it where needed (GasLib-4197's
  /// state as read is above some of them); regulators carrying reverse flow in it stay bypassed.
  operating_point,
};

/// A GasLib network with its stations (outlet pressure) and regulators active at `setpoints`;
/// the regulators that bypass a station closed (close_station_bypasses). `hold_limits`: the
/// control loop (steady/control_loop.hpp); false: setpoints only, as the solver before it.
/// `running_stations_only`: only the stations that carry a forward flow above 1 kg/s in the
/// solve as read (every element bypassed) run; the others stay bypassed, as idle stations do.
void gaslib_controlled(benchmark::State& state, const std::string& net, const std::string& scn,
                       bool hold_limits, bool running_stations_only = false,
                       Setpoints setpoints = Setpoints::middle_of_range) {
  auto m = read_or_skip(state, net, scn);
  if (!m) return;
  const auto as_read = steady::solve(m->network, m->scenario);
  std::map<std::string, double> pressure_as_read_pa, flow_as_read_kg_per_s;
  for (const auto& n : as_read.nodes) pressure_as_read_pa[n.id] = n.pressure_pa;
  for (const auto& e : as_read.elements) flow_as_read_kg_per_s[e.id] = e.mass_flow_kg_per_s;
  std::map<std::string, const model::Node*> node_of;
  for (const auto& n : m->network.nodes) node_of[n.id] = &n;
  // The setpoint of an element whose outlet is `node`, with its limit `out_max`.
  auto setpoint_pa = [&](const std::string& node, double& out_max, double offset_pa) {
    if (setpoints == Setpoints::operating_point) {
      const double p = pressure_as_read_pa.at(node) + offset_pa;
      out_max = std::max(out_max, p + 1e5);
      return p;
    }
    const auto& n = *node_of.at(node);
    return 0.5 * (std::max(n.pressure_min_pa, 1e5) + std::min(n.pressure_max_pa, out_max));
  };
  for (auto& c : m->network.compressors) {
    if (running_stations_only && !(flow_as_read_kg_per_s.at(c.id) > 1.0)) continue;
    c.state = model::ControlState::active;
    c.mode = model::CompressorMode::outlet_pressure;
    c.setpoint = setpoint_pa(c.to, c.pressure_out_max_pa, 0.5e5);
  }
  for (auto& v : m->network.control_valves) {
    // At the operating point, a regulator that carries reverse flow in the state as read stays
    // bypassed: an active one closes against it (no reverse flow) and cuts off what it fed.
    if (setpoints == Setpoints::operating_point && flow_as_read_kg_per_s.at(v.id) < 0.0) continue;
    v.state = model::ControlState::active;
    v.outlet_pressure_pa = setpoint_pa(v.to, v.pressure_out_max_pa, -0.1e5);
  }
  close_station_bypasses(m->network);
  steady::SteadyOptions options;
  options.hold_limits = hold_limits;
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
BENCHMARK(BM_GasLib4197)->Apply(timed);
BENCHMARK(BM_GasLib4197_Exits80)->Apply(timed);
BENCHMARK(BM_GasLib4197_Exits120)->Apply(timed);

BENCHMARK(BM_GasLib582_Thermal)->Apply(timed);
BENCHMARK(BM_GasLib4197_Thermal)->Apply(timed);

BENCHMARK_MAIN();
