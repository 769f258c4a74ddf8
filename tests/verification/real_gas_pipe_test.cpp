// The steady pipe law with GERG-2008 and AGA8 DETAIL against a direct integration of the
// momentum balance with the full equation of state: a 100 km, 1 m pipe with a fixed Darcy
// factor, 70 bar in, 400 kg/s out, at 288.15 K. Without elevation, dp/dx = -lambda q|q| /
// (2 D A^2 rho(p)); integrated by classical Runge-Kutta in 2000 steps with rho from a density
// solve at every stage. The solver's outlet pressure must agree to 1e-7 (relative).
#include <gtest/gtest.h>

#include <cmath>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/iso6976.hpp"
#include "linepack/gas/presets.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/units/constants.hpp"
#include "support/make_elements.hpp"

namespace {

using namespace linepack;

double outlet_by_runge_kutta(const gas::HelmholtzMixture& mix, double t, double p_in, double q,
                             double length, double d, double lambda) {
  const double area = 0.25 * units::pi * d * d;
  const double k = lambda * q * q / (2.0 * d * area * area);
  auto slope = [&](double p) {
    return -k / (mix.density_mol_per_m3(t, p) * mix.molar_mass_kg_per_mol());
  };
  const int n = 2000;
  const double h = length / n;
  double p = p_in;
  for (int i = 0; i < n; ++i) {
    const double k1 = slope(p), k2 = slope(p + 0.5 * h * k1), k3 = slope(p + 0.5 * h * k2),
                 k4 = slope(p + h * k3);
    p += h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
  }
  return p;
}

void check(gas::EosKind kind) {
  const auto composition = *gas::preset_composition("pipeline-gas");
  model::Network net;
  net.physics.temperature_k = 288.15;
  net.physics.eos.kind = kind;
  net.physics.eos.composition = composition;
  net.physics.gas = gas::apply_composition(net.physics.gas, composition);
  net.nodes = {{.id = "in"}, {.id = "out"}};
  auto pipe = test::make_pipe("p", "in", "out", 100e3, 1.0);
  pipe.friction_factor = 0.01;
  net.pipes.push_back(pipe);
  model::Scenario sc;
  sc.boundaries.push_back({"in", model::NodeBoundary::Kind::pressure, 70e5});
  sc.boundaries.push_back({"out", model::NodeBoundary::Kind::flow, 400.0});
  const auto result = steady::solve(net, sc);
  ASSERT_EQ(result.status, steady::Status::converged) << result.message;

  const auto mix = gas::make_real_gas_mixture(kind, composition);
  const double expected = outlet_by_runge_kutta(*mix, 288.15, 70e5, 400.0, 100e3, 1.0, 0.01);
  EXPECT_NEAR(result.nodes[1].pressure_pa / expected, 1.0, 1e-7)
      << result.nodes[1].pressure_pa << " vs " << expected;
  EXPECT_GT(70e5 - expected, 10e5);  // a real pressure drop, not a trivial case
}

TEST(RealGasPipe, Gerg2008MatchesDirectIntegration) { check(gas::EosKind::gerg2008); }
TEST(RealGasPipe, Aga8DetailMatchesDirectIntegration) { check(gas::EosKind::aga8_detail); }

}  // namespace
