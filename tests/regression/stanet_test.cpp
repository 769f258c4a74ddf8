// pandapipes' 22 STANET gas comparison cases (shared/data/stanet/stanet_gas_cases_flat/,
// summary and tolerances in STANET_SUMMARY.md): every junction pressure |1 - p/p_ref| (gauge,
// as pandapipes compares) and every pipe mean velocity |v - v_ref| against the published
// tolerances, solved with linepack's own laws: Nikuradse (64/Re + rough part) for _N cases,
// Colebrook-White with the laminar branch max(64/Re, CW) for _PC cases, the pipes' loss
// coefficients, linear Z, elevation. Velocities are linepack's velocity_mean_m_per_s (density
// at the mean pressure 2/3 (p1^3 - p2^3)/(p1^2 - p2^2), STANET's convention). See
// stanet_case_loader.hpp for the file conventions.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/steady/solver.hpp"
#include "regression/stanet_case_loader.hpp"
#include "support/data_dir.hpp"


namespace {

using namespace linepack;
namespace st = linepack::test::stanet;

struct Errors {
  double max_rel_p = 0.0;  ///< max |1 - p/p_ref| over junctions with a reference (gauge)
  std::string worst_p;
  double max_dv = 0.0;     ///< max |v - v_ref| [m/s]
  std::string worst_v;
};

double gauge_bar(const st::JunctionReference& ref, double p_abs_pa) {
  return (p_abs_pa - ref.ambient_pa) / 1e5;
}

Errors compare(const st::StanetCase& c, const steady::SteadyResult& r) {
  Errors e;
  std::map<std::string, double> p, v;
  for (const auto& n : r.nodes) p[n.id] = n.pressure_pa;
  for (const auto& x : r.elements) v[x.id] = x.velocity_mean_m_per_s;
  for (const auto& ref : c.junctions) {
    const double rel = std::abs(1.0 - gauge_bar(ref, p.at(ref.node_id)) / ref.p_gauge_bar);
    if (rel >= e.max_rel_p) {
      e.max_rel_p = rel;
      e.worst_p = ref.name;
    }
  }
  for (const auto& ref : c.pipes) {
    const double dv = std::abs(v.at(ref.pipe_id) - ref.v_m_per_s);
    if (dv >= e.max_dv) {
      e.max_dv = dv;
      e.worst_v = ref.name;
    }
  }
  return e;
}

class StanetCaseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StanetCaseTest, PressuresAndVelocitiesWithinPublishedTolerance) {
  LINEPACK_REQUIRE_DATA(dir);
  const auto flat = dir / "stanet/stanet_gas_cases_flat";
  const std::string prefix = GetParam();
  const st::StanetCase c = st::load_stanet_case(flat, prefix);
  const st::Tolerance tol = st::stanet_tolerance(dir / "stanet/STANET_SUMMARY.md", prefix);
  ASSERT_FALSE(c.junctions.empty());
  ASSERT_FALSE(c.pipes.empty());

  // The mapping of pressures and Z: STANET's K must equal linepack's Z at STANET's absolute
  // pressure (K is printed to 5 decimals).
  const gas::EquationOfState eos(c.network.physics.eos, c.network.physics.gas,
                                 c.network.physics.temperature_k);
  for (const auto& ref : c.junctions)
    EXPECT_NEAR(eos.z_factor(ref.p_abs_pa()), ref.compressibility, 6e-6) << ref.name;

  const auto result = steady::solve(c.network, c.scenario);
  ASSERT_EQ(result.status, steady::Status::converged) << result.message;
  EXPECT_LE(result.iterations, 30);
  const Errors err = compare(c, result);
  const bool pass = err.max_rel_p < tol.rel_pressure && err.max_dv < tol.abs_velocity;
  std::printf("[stanet] %-34s p %.2e (%s)  v %.2e (%s)  tol %.0e/%.0e%s  newton %d  %s\n",
              prefix.c_str(), err.max_rel_p, err.worst_p.c_str(), err.max_dv, err.worst_v.c_str(),
              tol.rel_pressure, tol.abs_velocity, tol.active_test ? "" : " (no active test)",
              result.iterations, pass ? "PASS" : "FAIL");
  for (const auto& n : c.notes) std::printf("[stanet]     %s\n", n.c_str());
  RecordProperty("max_rel_pressure_error", std::to_string(err.max_rel_p));
  RecordProperty("max_abs_velocity_error", std::to_string(err.max_dv));

  std::map<std::string, double> p, v;
  for (const auto& n : result.nodes) p[n.id] = n.pressure_pa;
  for (const auto& x : result.elements) v[x.id] = x.velocity_mean_m_per_s;
  for (const auto& ref : c.junctions) {
    const double g = gauge_bar(ref, p.at(ref.node_id));
    EXPECT_LT(std::abs(1.0 - g / ref.p_gauge_bar), tol.rel_pressure)
        << ref.name << ": linepack " << g << " bar(g), STANET " << ref.p_gauge_bar;
  }
  for (const auto& ref : c.pipes)
    EXPECT_LT(std::abs(v.at(ref.pipe_id) - ref.v_m_per_s), tol.abs_velocity)
        << ref.name << ": linepack " << v.at(ref.pipe_id) << " m/s, STANET " << ref.v_m_per_s;
}

INSTANTIATE_TEST_SUITE_P(Stanet, StanetCaseTest, ::testing::ValuesIn(st::stanet_case_prefixes()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST(StanetSummary, ListsTheSameCasesAsTheFlatDirectory) {
  LINEPACK_REQUIRE_DATA(dir);
  std::vector<std::string> found;
  for (const auto& entry :
       std::filesystem::directory_iterator(dir / "stanet/stanet_gas_cases_flat")) {
    const std::string name = entry.path().filename().string();
    const std::string suffix = "__junction.csv";
    if (name.ends_with(suffix)) found.push_back(name.substr(0, name.size() - suffix.size()));
  }
  std::sort(found.begin(), found.end());
  auto expected = st::stanet_case_prefixes();
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected);
  for (const auto& prefix : expected)
    EXPECT_NO_THROW(st::stanet_tolerance(dir / "stanet/STANET_SUMMARY.md", prefix)) << prefix;
}

}  // namespace
