// Single pipe against the analytic isothermal profile published with pandapipes' STANET cases
// (shared/data/stanet/analytic/gas_sections_an.csv): D = 0.2091 m, L = 12 km, lambda = 0.02455,
// T = 285.15 K, normal density 0.8275 kg/m3, Z = 1, V = 12.5 m3/s (normal) = 10.34375 kg/s,
// 51 bar in. Tolerance 1e-5.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "linepack/steady/solver.hpp"
#include "linepack/units/constants.hpp"
#include "support/data_dir.hpp"

namespace {

struct ProfilePoint {
  double x_m;
  double pressure_pa;
};

std::vector<ProfilePoint> read_profile(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);  // header: rho;pn;Tn;d;T;l;lambda;A;wber;V;pv;p1^^2;p2^2;p1;pmean;v
  std::vector<ProfilePoint> out;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ';');) cols.push_back(c);
    if (cols.size() < 14) continue;
    out.push_back({std::stod(cols[5]), std::stod(cols[13])});
  }
  return out;
}

}  // namespace

TEST(AnalyticPipe, PressureEveryKilometreWithin1e5) {
  LINEPACK_REQUIRE_DATA(dir);
  const auto profile = read_profile(dir / "stanet/analytic/gas_sections_an.csv");
  ASSERT_EQ(profile.size(), 13u);

  using namespace linepack;
  model::Network net;
  net.physics.temperature_k = 285.15;
  const double rho_n = 0.8275;
  const double rs = units::normal_pressure_pa / (rho_n * units::normal_temperature_k);
  net.physics.gas.molar_mass_kg_per_mol = units::gas_constant_j_per_mol_k / rs;
  net.physics.gas.normal_density_kg_per_m3 = rho_n;
  net.physics.eos.kind = gas::EosKind::ideal;
  for (std::size_t i = 0; i < profile.size(); ++i)
    net.nodes.push_back({.id = "n" + std::to_string(i)});
  for (std::size_t i = 1; i < profile.size(); ++i) {
    model::Pipe p;
    p.id = "p" + std::to_string(i);
    p.from = net.nodes[i - 1].id;
    p.to = net.nodes[i].id;
    p.length_m = profile[i].x_m - profile[i - 1].x_m;
    p.diameter_m = 0.2091;
    p.friction_factor = 0.02455;
    net.pipes.push_back(p);
  }
  model::Scenario sc;
  sc.boundaries.push_back({"n0", model::NodeBoundary::Kind::pressure, profile[0].pressure_pa});
  // The file's flow is normal volume V = 12.5 m3/s (column V); mass flow = V rho_n.
  sc.boundaries.push_back({net.nodes.back().id, model::NodeBoundary::Kind::flow, 12.5 * rho_n});

  const auto result = steady::solve(net, sc);
  ASSERT_EQ(result.status, steady::Status::converged) << result.message;
  EXPECT_LE(result.iterations, 10);
  for (std::size_t i = 0; i < profile.size(); ++i) {
    const double rel = result.nodes[i].pressure_pa / profile[i].pressure_pa - 1.0;
    EXPECT_LT(std::abs(rel), 1e-5) << "at x = " << profile[i].x_m << " m";
  }
}
