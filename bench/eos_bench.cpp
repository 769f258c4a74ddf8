// Equation-of-state benchmarks (issue 4): the cost of one property evaluation per equation of
// state, of building the fitted isotherm of AGA8 DETAIL and GERG-2008 (gas/real_gas_curve.hpp),
// and the whole steady solve of GasLib-582 and the Pakistan Stream example with each law.
// Arguments: 0 ideal, 1 papay, 2 aga8-detail, 3 gerg2008. Compositions: "pipeline-gas" for
// GasLib-582 (GasLib gives none), "lean-lng" for the Pakistan Stream (its data sheet, section 3).
// The gas properties of every run are those of the composition (gas::apply_composition), so the
// runs differ in the equation of state only. The solve benchmarks repeat a solve of one gas, so
// the fitted isotherm comes from EquationOfState's memo after the first; a cold first solve
// costs BM_RealGasCurveBuild more. (BENCHMARK_MAIN is in steady_bench.cpp.)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/iso6976.hpp"
#include "linepack/gas/presets.hpp"
#include "linepack/gas/real_gas_curve.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "bench_data.hpp"

namespace {

using namespace linepack;

constexpr gas::EosKind kinds[] = {gas::EosKind::ideal, gas::EosKind::papay,
                                  gas::EosKind::aga8_detail, gas::EosKind::gerg2008};

gas::EosParameters parameters(int index, const char* preset = "pipeline-gas") {
  gas::EosParameters p;
  p.kind = kinds[index];
  p.composition = gas::preset_composition(preset);
  return p;
}

gas::EquationOfState make_eos(int index) {
  const auto p = parameters(index);
  return gas::EquationOfState(p, gas::apply_composition({}, *p.composition), 288.15);
}

void BM_EosDensity(benchmark::State& state) {
  const auto eos = make_eos(static_cast<int>(state.range(0)));
  double p = 40e5, sum = 0.0;
  for (auto _ : state) {
    sum += eos.density(p);
    p = p < 100e5 ? p + 1234.5 : 40e5;
  }
  benchmark::DoNotOptimize(sum);
  state.SetLabel(gas::to_string(eos.kind()));
}

void BM_EosPotentialDifference(benchmark::State& state) {
  const auto eos = make_eos(static_cast<int>(state.range(0)));
  double p = 40e5, sum = 0.0;
  for (auto _ : state) {
    sum += eos.potential_difference(p + 2e5, p);
    p = p < 100e5 ? p + 1234.5 : 40e5;
  }
  benchmark::DoNotOptimize(sum);
  state.SetLabel(gas::to_string(eos.kind()));
}

/// The full equation: density solve at (T, p), then every property (gas/helmholtz.hpp).
void BM_RealGasPropertiesTP(benchmark::State& state) {
  const auto p = parameters(static_cast<int>(state.range(0)));
  const auto mixture = gas::make_real_gas_mixture(p.kind, *p.composition);
  double pressure = 40e5, sum = 0.0;
  for (auto _ : state) {
    sum += mixture->properties_tp(288.15, pressure).speed_of_sound_m_per_s;
    pressure = pressure < 100e5 ? pressure + 1234.5 : 40e5;
  }
  benchmark::DoNotOptimize(sum);
  state.SetLabel(gas::to_string(p.kind));
}

/// The full equation: pressure from (T, rho), i.e. one residual evaluation.
void BM_RealGasPressure(benchmark::State& state) {
  const auto p = parameters(static_cast<int>(state.range(0)));
  const auto mixture = gas::make_real_gas_mixture(p.kind, *p.composition);
  double rho = 2000.0, sum = 0.0;
  for (auto _ : state) {
    sum += mixture->pressure_pa(288.15, rho);
    rho = rho < 4000.0 ? rho + 1.2345 : 2000.0;
  }
  benchmark::DoNotOptimize(sum);
  state.SetLabel(gas::to_string(p.kind));
}

/// Building the fitted isotherm of a real-gas law (cold: what the first solve of a gas at a
/// temperature pays; EquationOfState memoises it for later solves).
void BM_RealGasCurveBuild(benchmark::State& state) {
  const auto p = parameters(static_cast<int>(state.range(0)));
  const auto mixture = gas::make_real_gas_mixture(p.kind, *p.composition);
  std::size_t degree = 0;
  for (auto _ : state) {
    const gas::RealGasCurve curve(mixture, 288.15);
    degree = curve.degree();
    benchmark::DoNotOptimize(&curve);
  }
  state.counters["degree"] = static_cast<double>(degree);
  state.SetLabel(gas::to_string(p.kind));
}

void solve_with(benchmark::State& state, io::LoadedModel m, const char* preset) {
  const auto p = parameters(static_cast<int>(state.range(0)), preset);
  m.network.physics.eos.kind = p.kind;
  m.network.physics.eos.composition = p.composition;
  m.network.physics.gas = gas::apply_composition(m.network.physics.gas, *p.composition);
  steady::SteadyResult result;
  for (auto _ : state) {
    result = steady::solve(m.network, m.scenario);
    benchmark::DoNotOptimize(result.nodes.data());
  }
  if (result.status != steady::Status::converged)
    state.SkipWithError(("not converged: " + result.message).c_str());
  state.counters["newton_iterations"] = result.iterations;
  state.SetLabel(gas::to_string(p.kind));
}

void BM_GasLib582Eos(benchmark::State& state) {
  const auto dir = bench::data_root_with("gaslib/582-v1") / "gaslib" / "582-v1";
  if (!std::filesystem::exists(dir / "GasLib-582.net")) {
    state.SkipWithError("reference data not found (set LINEPACK_DATA_DIR)");
    for (auto _ : state) {
    }
    return;
  }
  solve_with(state, io::read_gaslib(dir / "GasLib-582.net", dir / "GasLib-582.scn"),
             "pipeline-gas");
}

void BM_PakistanStreamEos(benchmark::State& state) {
  const auto model = std::filesystem::path(__FILE__).parent_path().parent_path() / "examples" /
                     "pakistan-stream" / "model.json";
  solve_with(state, io::read_model(model, std::nullopt), "lean-lng");
}

constexpr int repetitions = 7;

}  // namespace

BENCHMARK(BM_EosDensity)->DenseRange(0, 3)->Repetitions(repetitions)->ReportAggregatesOnly(true);
BENCHMARK(BM_EosPotentialDifference)
    ->DenseRange(0, 3)
    ->Repetitions(repetitions)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RealGasPressure)
    ->DenseRange(2, 3)
    ->Repetitions(repetitions)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RealGasPropertiesTP)
    ->DenseRange(2, 3)
    ->Repetitions(repetitions)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_RealGasCurveBuild)
    ->DenseRange(2, 3)
    ->Unit(benchmark::kMicrosecond)
    ->Repetitions(repetitions)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_GasLib582Eos)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(repetitions)
    ->ReportAggregatesOnly(true);
BENCHMARK(BM_PakistanStreamEos)
    ->DenseRange(0, 3)
    ->Unit(benchmark::kMillisecond)
    ->Repetitions(repetitions)
    ->ReportAggregatesOnly(true);
