// Least-cost design against a brute-force sweep, the least-power operating point of the
// Pakistan Stream 56" line against an independent isothermal calculation, and the capacity
// options (all offtake at the terminal, a supply limit).
#include <gtest/gtest.h>

#include <cmath>
#include <algorithm>
#include <bit>
#include <limits>

#include "linepack/design/capacity.hpp"
#include "linepack/design/least_cost.hpp"
#include "linepack/design/security.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/units/constants.hpp"
#include "linepack/units/conversions.hpp"
#include "support/data_dir.hpp"

namespace {

using namespace linepack;

io::LoadedModel pakistan_model() {
  return io::read_native_model(test::source_dir() / "examples/pakistan-stream/model.json");
}

// ---- An independent steady calculation of the 56" line (written here, not using linepack's
// pipe law or friction code): Papay's Z at the mean pressure, Colebrook-White by fixed-point
// iteration, and the isothermal flow equation with elevation (Menon, Gas Pipeline Hydraulics,
// 2005, eq. 2.60-2.62): p1^2 - e^s p2^2 = lambda Z R_s T q^2 Le / (D A^2), s = 2 g dh / (Z R_s T),
// Le = L (e^s - 1) / s; solved for the upstream pressure, segment by segment from Kasur back.
struct Segment {
  double length_m, dh_m, q_kg_per_s;
};

double papay_z(double p, const gas::GasProperties& g, double t) {
  const double pr = p / g.pseudo_critical_pressure_pa, tr = t / g.pseudo_critical_temperature_k;
  return 1.0 - 3.52 * pr * std::exp(-2.260 * tr) + 0.274 * pr * pr * std::exp(-1.878 * tr);
}

double colebrook(double re, double rel_roughness) {
  double x = 0.02;  // 1/sqrt(lambda) iterated
  double inv = 1.0 / std::sqrt(x);
  for (int i = 0; i < 100; ++i) inv = -2.0 * std::log10(rel_roughness / 3.7 + 2.51 * inv / re);
  return 1.0 / (inv * inv);
}

double upstream_pressure(double p2, const Segment& s, double d, double eps,
                         const gas::GasProperties& g, double t) {
  const double rs = units::gas_constant_j_per_mol_k / g.molar_mass_kg_per_mol;
  const double area = 0.25 * units::pi * d * d;
  const double re = 4.0 * s.q_kg_per_s / (units::pi * d * g.dynamic_viscosity_pa_s);
  const double lambda = colebrook(re, eps / d);
  double p1 = p2;
  for (int it = 0; it < 50; ++it) {
    const double pm = 2.0 / 3.0 * (p1 + p2 - p1 * p2 / (p1 + p2));
    const double z = papay_z(pm, g, t);
    const double sx = 2.0 * units::gravity_m_per_s2 * s.dh_m / (z * rs * t);
    const double le = std::abs(sx) < 1e-12 ? s.length_m : s.length_m * std::expm1(sx) / sx;
    p1 = std::sqrt(std::exp(sx) * p2 * p2 + lambda * z * rs * t * s.q_kg_per_s * s.q_kg_per_s * le /
                                                 (d * area * area));
  }
  return p1;
}

TEST(LeastPower, PakistanStream56InchAt1200MmcfdNeedsAbout4point6MW) {
  const auto m = pakistan_model();  // its scenario: case B, 1,200 mmcfd split 100/150/250/700
  double discharge = 0.0;
  const auto r = design::least_power_operation(m.network, m.scenario, {"CS-1"}, 55e5, 98e5, discharge);
  ASSERT_TRUE(design::feasible(r)) << r.message;
  const double power_mw = r.total_compressor_power_w / 1e6;
  EXPECT_NEAR(power_mw / 4.6, 1.0, 0.05) << power_mw << " MW at " << discharge / 1e5 << " bara";
  double kasur = 0.0;
  for (const auto& n : r.nodes)
    if (n.id == "N7") kasur = n.pressure_pa;
  EXPECT_NEAR(kasur / 1e5, 40.0, 0.01);  // least power: the terminal sits at its minimum

  // Independent: back from 40 bara at Kasur to the CS-1 discharge, then the polytropic head.
  const auto& g = m.network.physics.gas;
  const double t = m.network.physics.temperature_k;
  const double rho = units::standard_pressure_pa /
                     (units::gas_constant_j_per_mol_k / g.molar_mass_kg_per_mol * units::standard_temperature_k);
  auto q = [&](double mmcfd) { return mmcfd * 1e6 * 0.028316846592 / 86400.0 * rho; };
  // P1..P7 (km, elevation change, flow): offtakes N1 100, N2 150, N5 250, N7 700 mmcfd.
  const std::vector<Segment> line{{193e3, 32, q(1200)}, {169e3, 30, q(1100)}, {163e3, 16, q(950)},
                                  {174e3, 34, q(950)},  {86e3, 5, q(950)},    {181e3, 34, q(700)},
                                  {134e3, 49, q(700)}};
  double p = 40e5;
  for (auto it = line.rbegin(); it != line.rend(); ++it) p = upstream_pressure(p, *it, 1.381, 1e-5, g, t);
  const double eta = 0.82, kappa = g.isentropic_exponent;
  const double x = (kappa - 1.0) / (kappa * eta);  // polytropic (n-1)/n
  const double rs = units::gas_constant_j_per_mol_k / g.molar_mass_kg_per_mol;
  const double head = papay_z(55e5, g, t) * rs * t / x * (std::pow(p / 55e5, x) - 1.0);
  const double independent_mw = q(1200) * head / eta / 1e6;
  EXPECT_NEAR(discharge / p, 1.0, 0.003) << "independent discharge " << p / 1e5 << " bara";
  EXPECT_NEAR(power_mw / independent_mw, 1.0, 0.03) << "independent " << independent_mw << " MW";
}

// ---- Least-cost design against a brute-force sweep.
design::LineSpec pakistan_spec(const io::LoadedModel& m) {
  design::LineSpec spec;
  spec.route = design::route_of(m.network, {{"N1", 100}, {"N2", 150}, {"N5", 250}, {"N7", 700}},
                                "N0", "N7");
  spec.route.back().pressure_min_pa = 40e5;
  spec.physics = m.network.physics;
  spec.supply_pressure_pa = 55e5;
  spec.discharge_max_pa = 98e5;
  spec.suction_min_pa = 60e5;
  spec.pressure_max_pa = 99.01325e5;
  spec.driver_efficiency = 0.2678;
  spec.segment_length_m = 10e3;
  return spec;
}

design::LeastCostOptions coarse_options() {
  design::LeastCostOptions o;
  o.nps_inch = {42, 48, 56};
  o.candidate_sites = {"N0", "N2", "N4", "N5"};
  o.max_stations = 3;
  o.grade = design::steel_grade("X70");
  o.design_pressure_pa = 98e5;
  o.location_classes = {{1020e3, "1.2"}, {60e3, "2"}, {20e3, "3"}};
  o.discharge_tolerance_pa = 100.0;
  return o;
}

TEST(LeastCost, EqualsABruteForceSweep) {
  const auto m = pakistan_model();
  const auto spec = pakistan_spec(m);
  const auto o = coarse_options();
  for (const double mmcfd : {1200.0, 2000.0}) {
    const double q = units::mmcfd_to_kg_per_s(mmcfd, m.network.physics.gas.standard_density());
    const auto best = design::least_cost_design(spec, o, q);
    ASSERT_TRUE(best.feasible) << mmcfd;
    // Brute force: every diameter, every site set of at most 3, discharge every 1 bar.
    double bf = std::numeric_limits<double>::infinity();
    design::DesignCandidate bf_best;
    for (double nps : o.nps_inch)
      for (unsigned mask = 0; mask < 16; ++mask) {
        if (std::popcount(mask) > 3) continue;
        std::vector<std::string> sites;
        for (unsigned i = 0; i < 4; ++i)
          if (mask & (1u << i)) sites.push_back(o.candidate_sites[i]);
        for (double bar = 55.0; bar <= 98.0 + 1e-9; bar += 1.0) {
          const auto c = design::evaluate_design(spec, o, nps, sites, bar * 1e5, q);
          if (c.feasible && c.cost.levelised_usd_per_mmbtu < bf) {
            bf = c.cost.levelised_usd_per_mmbtu;
            bf_best = c;
          }
        }
      }
    EXPECT_EQ(best.nps_inch, bf_best.nps_inch) << mmcfd;
    EXPECT_EQ(best.sites, bf_best.sites) << mmcfd;
    // The continuous search can only do better than the 1-bar grid, and not by much.
    EXPECT_LE(best.cost.levelised_usd_per_mmbtu, bf * (1.0 + 1e-12)) << mmcfd;
    EXPECT_GT(best.cost.levelised_usd_per_mmbtu, bf * (1.0 - 0.01)) << mmcfd;
    EXPECT_NEAR(best.discharge_pa, bf_best.discharge_pa, 1.01e5) << mmcfd;
  }
}

TEST(LeastCost, PhasedPathAddsStationsToThePhaseOneDesign) {
  const auto m = pakistan_model();
  const auto spec = pakistan_spec(m);
  auto o = coarse_options();
  o.nps_inch = {56};
  const double rho = m.network.physics.gas.standard_density();
  const auto plan = design::phased_design(spec, o, units::mmcfd_to_kg_per_s(1200, rho),
                                          units::mmcfd_to_kg_per_s(1548, rho), 5.0);
  ASSERT_TRUE(plan.feasible);
  for (const auto& s : plan.phase_1.sites)
    EXPECT_NE(std::find(plan.phase_2.sites.begin(), plan.phase_2.sites.end(), s), plan.phase_2.sites.end());
  EXPECT_GT(plan.levelised_usd_per_mmbtu, 0.0);
  // Never worse than building the phase-2 design at once (a plan the search also considers).
  const auto at_once = design::best_operation(spec, o, 56, plan.phase_2.sites, units::mmcfd_to_kg_per_s(1548, rho));
  EXPECT_TRUE(at_once.feasible);
}

// ---- Capacity options.
TEST(Capacity, AllOfftakeAtKasurCarries777MmcfdFreeFlow) {
  const auto m = pakistan_model();
  design::CapacityOptions options;
  options.deliveries = {{"N7", 1.0}};
  options.stations = design::StationPolicy::off;
  options.zero_other_offtakes = true;
  const auto r = design::capacity(m.network, m.scenario, options);
  ASSERT_TRUE(r.found);
  const double mmcfd = units::kg_per_s_to_mmcfd(r.total_kg_per_s, m.network.physics.gas.standard_density());
  EXPECT_NEAR(mmcfd / 777.0, 1.0, 0.01) << mmcfd;
  for (const auto& n : r.at_capacity.nodes)
    if (n.id == "N7") EXPECT_NEAR(n.pressure_pa, 40e5, 1e3);
}

TEST(Capacity, TerminalsCapTheCapacityWithStations) {
  const auto m = pakistan_model();
  const double rho = m.network.physics.gas.standard_density();
  design::CapacityOptions options;
  options.deliveries = {{"N1", 100}, {"N2", 150}, {"N5", 250}, {"N7", 700}};
  options.stations = design::StationPolicy::max_discharge;
  options.supply_limit_kg_per_s = units::mmcfd_to_kg_per_s(1440, rho);
  options.supply_limit_label = "terminals";
  const auto r = design::capacity(m.network, m.scenario, options);
  ASSERT_TRUE(r.found);
  EXPECT_NEAR(units::kg_per_s_to_mmcfd(r.total_kg_per_s, rho), 1440.0, 1e-9);
  EXPECT_EQ(r.binding_reason, "terminals");
  // Without stations the line cannot carry 1,440: the limit does not bind, the hydraulics do.
  options.stations = design::StationPolicy::off;
  const auto off = design::capacity(m.network, m.scenario, options);
  EXPECT_LT(units::kg_per_s_to_mmcfd(off.total_kg_per_s, rho), 1000.0);
  EXPECT_NE(off.binding_reason, "terminals");
}

}  // namespace

namespace {

using namespace linepack;

TEST(Curtailment, TerminalLossCutsInOrderDownToTheSupply) {
  const auto m = pakistan_model();
  const double rho = m.network.physics.gas.standard_density();
  auto q = [&](double mmcfd) { return units::mmcfd_to_kg_per_s(mmcfd, rho); };
  const std::vector<design::Demand> demand{{"N1", q(100)}, {"N2", q(150)}, {"N5", q(250)}, {"N7", q(700)}};
  // CS-1 at 80 bara as in case B (the model's scenario); 750 mmcfd of supply left.
  const auto r = design::curtail(m.network, m.scenario, demand, {"N7", "N2", "N1", "N5"}, q(750));
  ASSERT_TRUE(r.feasible);
  EXPECT_NEAR(r.curtailed_kg_per_s / q(450), 1.0, 1e-9);
  EXPECT_EQ(r.binding, "supply limit");
  EXPECT_NEAR(r.served[3].kg_per_s / q(250), 1.0, 1e-9);  // N7: 700 - 450
  EXPECT_NEAR(r.served[0].kg_per_s / q(100), 1.0, 1e-12);
  // Cutting more than N7 has moves on to N2.
  const auto deeper = design::curtail(m.network, m.scenario, demand, {"N7", "N2", "N1", "N5"}, q(400));
  EXPECT_NEAR(deeper.served[3].kg_per_s, 0.0, 1e-9);
  EXPECT_NEAR(deeper.served[1].kg_per_s / q(50), 1.0, 1e-9);
}

TEST(Curtailment, StationLossCutsTheLeastThatRestoresTheBounds) {
  const auto m = pakistan_model();
  const double rho = m.network.physics.gas.standard_density();
  auto q = [&](double mmcfd) { return units::mmcfd_to_kg_per_s(mmcfd, rho); };
  const std::vector<design::Demand> demand{{"N1", q(100)}, {"N2", q(150)}, {"N5", q(250)}, {"N7", q(700)}};
  model::Scenario sc = m.scenario;
  sc.controls.clear();
  for (const auto& c : m.network.compressors)
    sc.controls.push_back({c.id, model::ControlState::bypass, std::nullopt, std::nullopt});
  const auto r = design::curtail(m.network, sc, demand, {"N7", "N2", "N1", "N5"}, q(1440));
  ASSERT_TRUE(r.feasible);
  EXPECT_TRUE(design::feasible(r.state));
  EXPECT_GT(r.curtailed_kg_per_s, 0.0);
  // Independent check by the steady solver: 0.1 % less curtailment violates Kasur's minimum.
  model::Scenario less = sc;
  std::erase_if(less.boundaries, [](const auto& b) { return b.kind == model::NodeBoundary::Kind::flow; });
  for (const auto& d : r.served) {
    const double extra = d.node == "N7" ? 0.001 * r.curtailed_kg_per_s : 0.0;
    less.boundaries.push_back({d.node, model::NodeBoundary::Kind::flow, d.kg_per_s + extra});
  }
  EXPECT_FALSE(design::feasible(steady::solve(m.network, less)));
}

}  // namespace
