// The steady solver near the limit of what a network can carry, checked against an analytic
// scaling law, and its verdicts: converged, or infeasible only with a certificate.
//
// Scaling law (ideal gas, fixed friction factor, no elevation): the pipe law
// Pi(p_from) - Pi(p_to) = k q|q| with Pi = p^2 / (2 R_s T) is homogeneous, so when every
// withdrawal is multiplied by s the flows scale by s and every potential drop from the supply by
// s^2: Pi_i(s) = Pi_0 - s^2 (Pi_0 - Pi_i(1)). One solve at s = 1 then predicts every pressure at
// any s, and the load s* = sqrt(Pi_0 / max_i (Pi_0 - Pi_i(1))) at which the lowest pressure
// reaches zero. Beyond s* the solution of the relaxation has Pi < 0: the certificate's lowest
// signed pressure is -sqrt(2 R_s T (s^2 / s*^2 - 1) Pi_0) exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "linepack/io/model_reader.hpp"
#include "linepack/model/synthetic_networks.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"

namespace {

using namespace linepack;
using steady::Status;

constexpr double supply_pa = 60e5;

/// Ideal gas, fixed Darcy factor: the setting of the scaling law.
model::SyntheticModel homogeneous(model::SyntheticModel m) {
  m.network.physics.eos.kind = gas::EosKind::ideal;
  m.network.physics.friction = model::FrictionLaw::fixed;
  m.network.physics.fixed_friction_factor = 0.012;
  return m;
}

model::Scenario scaled(const model::Scenario& base, double s) {
  model::Scenario out = base;
  for (auto& b : out.boundaries)
    if (b.kind == model::NodeBoundary::Kind::flow) b.value *= s;
  return out;
}

/// A k x k grid with random pipe lengths (2-8 km) and diameters (0.3-0.9 m), random withdrawals,
/// the supply at a random node (deterministic per seed).
model::SyntheticModel random_mesh(std::size_t k, unsigned long long seed) {
  unsigned long long state = seed;
  auto uniform = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  model::SyntheticModel m;
  m.network.name = fmt::format("random-mesh-{}", seed);
  m.network.physics.temperature_k = 283.15;
  const std::size_t n = k * k, supply = static_cast<std::size_t>(uniform() * double(n)) % n;
  for (std::size_t i = 0; i < n; ++i) {
    model::Node node;
    node.id = fmt::format("n{}", i);
    m.network.nodes.push_back(node);
    if (i == supply)
      m.scenario.boundaries.push_back({node.id, model::NodeBoundary::Kind::pressure, supply_pa});
    else
      m.scenario.boundaries.push_back({node.id, model::NodeBoundary::Kind::flow, 0.5 + uniform()});
  }
  auto pipe = [&](std::size_t a, std::size_t b) {
    model::Pipe p;
    p.id = fmt::format("p{}", m.network.pipes.size());
    p.from = fmt::format("n{}", a);
    p.to = fmt::format("n{}", b);
    p.length_m = 2000.0 + 6000.0 * uniform();
    p.diameter_m = 0.3 + 0.6 * uniform();
    p.roughness_m = 1e-5;
    m.network.pipes.push_back(p);
  };
  for (std::size_t r = 0; r < k; ++r)
    for (std::size_t c = 0; c < k; ++c) {
      if (c + 1 < k) pipe(r * k + c, r * k + c + 1);
      if (r + 1 < k) pipe(r * k + c, (r + 1) * k + c);
    }
  return homogeneous(std::move(m));
}

double potential(double p_pa, double rs_t) { return p_pa * p_pa / (2.0 * rs_t); }

struct Prediction {
  std::vector<double> drop;  // Pi_0 - Pi_i(1), per node
  double limit = 0.0;        // s*
  double rs_t = 0.0;
};

Prediction predict(const model::SyntheticModel& m) {
  const auto r = steady::solve(m.network, m.scenario);
  EXPECT_EQ(r.status, Status::converged) << r.message;
  Prediction out;
  out.rs_t = m.network.physics.gas.specific_gas_constant() * m.network.physics.temperature_k;
  const double pi0 = potential(supply_pa, out.rs_t);
  double worst = 0.0;
  for (const auto& node : r.nodes) {
    out.drop.push_back(pi0 - potential(node.pressure_pa, out.rs_t));
    worst = std::max(worst, out.drop.back());
  }
  out.limit = std::sqrt(pi0 / worst);
  return out;
}

/// Solves at load s and checks every pressure against the scaling law (relative 1e-6 in Pi).
steady::SteadyResult solve_and_check(const model::SyntheticModel& m, const Prediction& pr,
                                     double s) {
  const auto r = steady::solve(m.network, scaled(m.scenario, s));
  const double pi0 = potential(supply_pa, pr.rs_t);
  if (r.status == Status::converged) {
    double worst = 0.0;
    for (std::size_t i = 0; i < r.nodes.size(); ++i) {
      const double expected = pi0 - s * s * pr.drop[i];
      worst = std::max(worst, std::abs(potential(r.nodes[i].pressure_pa, pr.rs_t) - expected) / pi0);
    }
    EXPECT_LT(worst, 1e-6) << "s = " << s;
  }
  return r;
}

TEST(SteadyGlobalisation, Mesh100x100LoadedToTwentyBarConverges) {
  const auto m = homogeneous(model::make_mesh(10000));
  const Prediction pr = predict(m);
  // The load at which the lowest pressure is 20 bar: s^2 = (Pi_0 - Pi(20 bar)) / max drop.
  const double pi0 = potential(supply_pa, pr.rs_t);
  const double max_drop = *std::max_element(pr.drop.begin(), pr.drop.end());
  const double s = std::sqrt((pi0 - potential(20e5, pr.rs_t)) / max_drop);
  const auto r = solve_and_check(m, pr, s);
  ASSERT_EQ(r.status, Status::converged) << r.message;
  double p_min = INFINITY;
  for (const auto& n : r.nodes) p_min = std::min(p_min, n.pressure_pa);
  EXPECT_NEAR(p_min, 20e5, 1.0);  // Pa
  EXPECT_LE(r.iterations, 12);
  EXPECT_FALSE(r.certificate);
}

TEST(SteadyGlobalisation, Mesh100x100WithColebrookAndPapayNearItsLimit) {
  // The benchmark mesh as it is (Papay, Colebrook-White): 7.5x and 7.9x its nominal offtake
  // leave about 20 and 6 bar at the far corner; 8x is beyond what it can carry.
  const auto m = model::make_mesh(10000);
  for (double s : {7.5, 7.9}) {
    const auto r = steady::solve(m.network, scaled(m.scenario, s));
    ASSERT_EQ(r.status, Status::converged) << s << ": " << r.message;
    // Mass balance at every node without a fixed pressure.
    for (const auto& n : r.nodes)
      if (!n.pressure_fixed) EXPECT_GT(n.pressure_pa, 0.0);
  }
  const auto r = steady::solve(m.network, scaled(m.scenario, 8.0));
  EXPECT_EQ(r.status, Status::infeasible) << r.message;
  ASSERT_TRUE(r.certificate);
  EXPECT_LT(r.certificate->lowest_pressure_pa, 0.0);
  EXPECT_EQ(r.certificate->path.front(), "n0");  // the supply
}

TEST(SteadyGlobalisation, RandomMeshesNearTheirLimitConvergeAndBeyondAreCertified) {
  for (unsigned long long seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE(fmt::format("seed {}", seed));
    const auto m = random_mesh(8 + seed % 5 * 4, seed);
    const Prediction pr = predict(m);
    for (double f : {0.9, 0.99, 0.999}) {  // lowest pressure 26, 8.5, 2.7 bar
      const auto r = solve_and_check(m, pr, f * pr.limit);
      EXPECT_EQ(r.status, Status::converged) << f << ": " << r.message;
    }
    for (double f : {1.001, 1.01, 1.2, 3.0}) {
      const auto r = steady::solve(m.network, scaled(m.scenario, f * pr.limit));
      ASSERT_EQ(r.status, Status::infeasible) << f << ": " << r.message;
      ASSERT_TRUE(r.certificate);
      const double expected = -std::sqrt(2.0 * pr.rs_t * (f * f - 1.0) * potential(supply_pa, pr.rs_t));
      EXPECT_NEAR(r.certificate->lowest_pressure_pa, expected, 1e-6 * supply_pa) << f;
      EXPECT_EQ(r.certificate->reason, "negative_potential");
      EXPECT_EQ(r.certificate->path.size() % 2, 1u);  // node, element, node, ...
    }
  }
}

TEST(SteadyGlobalisation, NoCertificateOutsideItsClass) {
  // The same overload with one pipe lifted by 100 m: the argument does not cover elevation,
  // so the verdict is not_converged (said to be no proof), never infeasible.
  auto m = random_mesh(8, 3);
  const Prediction pr = predict(m);
  m.network.nodes.back().elevation_m = 100.0;
  const auto r = steady::solve(m.network, scaled(m.scenario, 2.0 * pr.limit));
  EXPECT_EQ(r.status, Status::not_converged) << r.message;
  EXPECT_FALSE(r.certificate);
  EXPECT_NE(r.message.find("not a proof"), std::string::npos) << r.message;
}

}  // namespace
