// LANL's GasLib-135 case folder (GasSteadySim test data; 29 compressors at ratio 1.5, several in
// loops): a state with positive pressures exists for all three equations of state. GasSteadySim
// ships no solution for it, so the result is checked by its own residuals (mass balance at every
// node, the pipe law recomputed here from the reported pressures, flows and friction factors)
// and, for the ideal gas, against an independent Newton iteration in Pi = p^2 / (2 R_s T) written
// for this check (scipy, flat start, 11 iterations): lowest pressure 28.58762 bar at node 99.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/units/constants.hpp"
#include "support/data_dir.hpp"

namespace {

using namespace linepack;

class GasLib135 : public ::testing::TestWithParam<const char*> {};

TEST_P(GasLib135, ConvergesWithClosedBalancesAndPipeLaws) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gassteadysim/test/data/GasLib-135");
  const auto folder = data / "gassteadysim/test/data/GasLib-135";
  auto m = io::read_model(folder);
  m.network.physics.eos.kind = gas::parse_eos_kind(GetParam());
  const auto r = steady::solve(m.network, m.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  EXPECT_LE(r.iterations, 20);

  // Mass balance at every node without a fixed pressure, from the reported flows.
  std::unordered_map<std::string, double> inflow;
  for (const auto& e : r.elements) {
    inflow[e.from] -= e.mass_flow_kg_per_s;
    inflow[e.to] += e.mass_flow_kg_per_s;
  }
  double worst_balance = 0.0;
  for (const auto& n : r.nodes)
    if (!n.pressure_fixed)
      worst_balance = std::max(worst_balance, std::abs(inflow[n.id] - n.withdrawal_kg_per_s));
  EXPECT_LT(worst_balance, 1e-7);  // kg/s, the solver's tolerance

  // The pipe law, recomputed: Pi(p_from) - Pi(p_to) = lambda L / D q|q| / (2 A^2).
  const gas::EquationOfState eos(m.network.physics.eos, m.network.physics.gas,
                                 m.network.physics.temperature_k);
  std::unordered_map<std::string, double> pressure;
  for (const auto& n : r.nodes) pressure[n.id] = n.pressure_pa;
  double worst_law_pa = 0.0;
  for (std::size_t k = 0; k < m.network.pipes.size(); ++k) {
    const auto& pipe = m.network.pipes[k];
    const auto& e = r.elements[k];
    ASSERT_EQ(e.id, pipe.id);
    const double area = 0.25 * units::pi * pipe.diameter_m * pipe.diameter_m;
    const double loss = e.friction_factor * pipe.length_m / pipe.diameter_m * e.mass_flow_kg_per_s *
                        std::abs(e.mass_flow_kg_per_s) / (2.0 * area * area);
    const double pf = pressure[e.from], pt = pressure[e.to];
    const double law = eos.potential_difference(pf, pt) - loss;
    worst_law_pa = std::max(worst_law_pa, std::abs(law) / eos.density(0.5 * (pf + pt)));
  }
  EXPECT_LT(worst_law_pa, 1e-2);  // Pa

  double p_min = INFINITY;
  for (const auto& n : r.nodes) p_min = std::min(p_min, n.pressure_pa);
  if (std::string(GetParam()) == "ideal") EXPECT_NEAR(p_min, 28.58762e5, 0.0002e5);
  fmt::print("GasLib-135 {}: {} iterations, lowest pressure {:.5f} bar, balance {:.2e} kg/s, pipe "
             "law {:.2e} Pa, {} violations\n",
             GetParam(), r.iterations, p_min / 1e5, worst_balance, worst_law_pa, r.violations.size());
}

INSTANTIATE_TEST_SUITE_P(Eos, GasLib135, ::testing::Values("ideal", "simple_cnga", "full_cnga"));

}  // namespace
