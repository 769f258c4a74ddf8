// Steady energy equation (docs/physics.md, steady energy equation): the closed-form profile of
// Coulter and Bardon (1979) on a pipe with constant properties; a very large heat-transfer
// coefficient gives the isothermal results (Pakistan Stream A/B/C); an insulated pipe cools by
// the integrated Joule-Thomson effect, checked against GERG-2008 isenthalpic states found here by
// bisection; Pakistan Stream case C: the CS-1 discharge temperature against a real-gas
// polytropic path computed here in small isentropic steps; coolers and the discharge limit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <tuple>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/iso6976.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/steady/thermal.hpp"
#include "linepack/units/constants.hpp"
#include "support/data_dir.hpp"

namespace {

using namespace linepack;

const steady::NodeResult& node(const steady::SteadyResult& r, const std::string& id) {
  for (const auto& n : r.nodes)
    if (n.id == id) return n;
  throw std::runtime_error("no node " + id);
}
const steady::ElementResult& element(const steady::SteadyResult& r, const std::string& id) {
  for (const auto& e : r.elements)
    if (e.id == id) return e;
  throw std::runtime_error("no element " + id);
}

/// One horizontal or inclined pipe a -> b: pressure at a, withdrawal at b.
io::LoadedModel single_pipe(double length_m, double diameter_m, double dz_m, double p_in_pa,
                            double flow_kg_per_s) {
  io::LoadedModel m;
  auto& n = m.network;
  n.nodes = {model::Node{}, model::Node{}};
  n.nodes[0].id = "a", n.nodes[1].id = "b";
  n.nodes[1].elevation_m = dz_m;
  model::Pipe p;
  p.id = "p", p.from = "a", p.to = "b", p.length_m = length_m, p.diameter_m = diameter_m;
  p.roughness_m = 1e-5;
  n.pipes = {p};
  m.scenario.boundaries = {{"a", model::NodeBoundary::Kind::pressure, p_in_pa},
                           {"b", model::NodeBoundary::Kind::flow, flow_kg_per_s}};
  return m;
}

// The model gas of the Pakistan Stream data sheet (section 3, "proposed model RLNG").
gas::Composition rlng() {
  return gas::composition_from_json(nlohmann::json{
      {"methane", 0.92}, {"ethane", 0.055}, {"propane", 0.015}, {"n_butane", 0.005},
      {"nitrogen", 0.005}});
}

void use_gerg(model::PhysicsSettings& ph) {
  ph.eos.kind = gas::EosKind::gerg2008;
  ph.eos.composition = rlng();
  ph.gas = gas::apply_composition(ph.gas, *ph.eos.composition);
}

/// Root of f on [lo, hi] by bisection (f(lo), f(hi) of opposite signs).
double bisect(const std::function<double(double)>& f, double lo, double hi) {
  double flo = f(lo);
  for (int i = 0; i < 200 && hi - lo > 1e-10; ++i) {
    const double mid = 0.5 * (lo + hi), fm = f(mid);
    if ((fm < 0) == (flo < 0)) lo = mid, flo = fm;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

// Ideal gas: cp = kappa R_s / (kappa - 1) and mu_JT = 0 are constant, so the closed form of
// Coulter and Bardon holds along the whole pipe: T(x) = T_inf + (T_in - T_inf) e^{-a x},
// a = U pi D / (m cp), T_inf = T_ground - g (dz/L) / (a cp).
TEST(SteadyThermal, CoulterBardonClosedFormOnAPipeWithConstantProperties) {
  auto m = single_pipe(80e3, 0.6, 150.0, 60e5, 40.0);
  auto& ph = m.network.physics;
  ph.thermal.energy_equation = true;
  ph.thermal.ground_temperature_k = 285.0;
  ph.thermal.supply_temperature_k = 320.0;
  ph.thermal.heat_transfer_coefficient_w_per_m2_k = 2.5;
  const auto r = steady::solve(m.network, m.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  ASSERT_TRUE(r.energy_equation);
  const double rs = ph.gas.specific_gas_constant();
  const double cp = ph.gas.isentropic_exponent / (ph.gas.isentropic_exponent - 1.0) * rs;
  const double a = 2.5 * units::pi * 0.6 / (40.0 * cp);
  const double t_inf = 285.0 - units::gravity_m_per_s2 * (150.0 / 80e3) / (a * cp);
  const auto& prof = r.temperature_profiles.at(0);
  ASSERT_GT(prof.position_m.size(), 10u);
  double worst = 0.0;
  for (std::size_t k = 0; k < prof.position_m.size(); ++k) {
    const double exact = t_inf + (320.0 - t_inf) * std::exp(-a * prof.position_m[k]);
    worst = std::max(worst, std::abs(prof.temperature_k[k] - exact));
  }
  std::printf("  Coulter-Bardon: outlet %.4f K, largest deviation %.2e K\n",
              prof.temperature_k.back(), worst);
  EXPECT_LT(worst, 0.05);
  EXPECT_NEAR(node(r, "b").temperature_k, prof.temperature_k.back(), 1e-12);
  EXPECT_NEAR(node(r, "a").temperature_k, 320.0, 1e-12);
  // The mean temperature is the integral of the closed form over the length.
  const double mean_exact = t_inf + (320.0 - t_inf) * -std::expm1(-a * 80e3) / (a * 80e3);
  EXPECT_NEAR(element(r, "p").temperature_mean_k, mean_exact, 1e-6);
}

TEST(SteadyThermal, SegmentFormIsRegularForInsulatedAndInfiniteCoefficients) {
  const auto insulated = steady::segment_temperature(300.0, 280.0, 0.0, -1e-4, 1000.0);
  EXPECT_NEAR(insulated.outlet_k, 299.9, 1e-12);
  EXPECT_NEAR(insulated.mean_k, 299.95, 1e-12);
  const auto tiny = steady::segment_temperature(300.0, 280.0, 1e-12, -1e-4, 1000.0);
  EXPECT_NEAR(tiny.outlet_k, 299.9, 1e-6);
  const auto held = steady::segment_temperature(300.0, 280.0, INFINITY, -1e-4, 1000.0);
  EXPECT_EQ(held.outlet_k, 280.0);
  EXPECT_EQ(held.mean_k, 280.0);
}

// With the gas held at the ground temperature, which is the isothermal model's temperature,
// the pressures are those of the isothermal solve: Kasur 45.30 / 65.42 / 91.50 bara.
TEST(SteadyThermal, InfiniteHeatTransferGivesTheIsothermalPakistanStream) {
  const auto dir = test::source_dir() / "examples/pakistan-stream";
  const auto base = io::read_native_model(dir / "model.json");
  const struct {
    const char* controls;
    double kasur_bar;
  } cases[] = {{"case-A.json", 45.30}, {nullptr, 65.42}, {"case-C.json", 91.50}};
  for (const auto& c : cases) {
    const auto scenario =
        c.controls ? io::read_controls_file(dir / c.controls, base.scenario) : base.scenario;
    const auto iso = steady::solve(base.network, scenario);
    for (double u : {std::numeric_limits<double>::infinity(), 1e6}) {
      auto net = base.network;
      net.physics.thermal.energy_equation = true;
      net.physics.thermal.heat_transfer_coefficient_w_per_m2_k = u;
      const auto r = steady::solve(net, scenario);
      ASSERT_EQ(r.status, steady::Status::converged) << r.message;
      const double kasur = node(r, "N7").pressure_pa / 1e5;
      std::printf("  %s U=%g: Kasur %.4f bara (isothermal %.4f), %d Picard iterations\n",
                  c.controls ? c.controls : "case B", u, kasur, node(iso, "N7").pressure_pa / 1e5,
                  r.thermal_iterations);
      EXPECT_NEAR(kasur, c.kasur_bar, 0.005 + 1e-9);
      for (std::size_t i = 0; i < r.nodes.size(); ++i)
        EXPECT_NEAR(r.nodes[i].pressure_pa, iso.nodes[i].pressure_pa, 1.0) << r.nodes[i].id;
      // Gas in the pipes is at the ground temperature.
      for (const auto& e : r.elements) {
        if (e.kind == "pipe") {
          EXPECT_NEAR(e.temperature_mean_k, 298.15, std::isinf(u) ? 1e-9 : 1e-3) << e.id;
        }
      }
    }
  }
}

// U = 0, horizontal: h is constant along the pipe (kinetic energy neglected), so the outlet
// state is the GERG-2008 state of the inlet enthalpy at the outlet pressure.
TEST(SteadyThermal, InsulatedPipeCoolsByTheIntegratedJouleThomsonEffect) {
  auto m = single_pipe(100e3, 0.5, 0.0, 70e5, 60.0);
  auto& ph = m.network.physics;
  use_gerg(ph);
  ph.temperature_k = 300.0;
  ph.thermal.energy_equation = true;
  ph.thermal.heat_transfer_coefficient_w_per_m2_k = 0.0;
  ph.thermal.supply_temperature_k = 300.0;
  const auto r = steady::solve(m.network, m.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  const double p_out = node(r, "b").pressure_pa, t_out = node(r, "b").temperature_k;
  ASSERT_LT(p_out, 55e5);  // a pressure drop worth the check
  const auto mix = gas::make_real_gas_mixture(gas::EosKind::gerg2008, rlng());
  const double h_in = mix->properties_tp(300.0, 70e5).enthalpy_j_per_mol;
  const double t_exact = bisect(
      [&](double t) { return mix->properties_tp(t, p_out).enthalpy_j_per_mol - h_in; }, 250.0,
      300.0);
  std::printf("  insulated: %.3f -> %.3f bar, outlet %.4f K, isenthalpic GERG-2008 %.4f K "
              "(cooling %.3f K)\n", 70.0, p_out / 1e5, t_out, t_exact, 300.0 - t_exact);
  EXPECT_GT(300.0 - t_exact, 3.0);
  EXPECT_NEAR(t_out, t_exact, 0.02);
}

namespace {

/// CS-1 of Pakistan Stream case C with the real gas, energy equation on.
steady::SteadyResult pakistan_case_c(double supply_k, double ground_k, bool gerg) {
  const auto dir = test::source_dir() / "examples/pakistan-stream";
  auto m = io::read_native_model(dir / "model.json");
  const auto scenario = io::read_controls_file(dir / "case-C.json", m.scenario);
  auto& ph = m.network.physics;
  if (gerg) use_gerg(ph);
  ph.thermal.energy_equation = true;
  ph.thermal.supply_temperature_k = supply_k;
  ph.thermal.ground_temperature_k = ground_k;
  return steady::solve(m.network, scenario);
}

/// Polytropic compression computed independently: N small steps, each an isentropic step found
/// by bisection on the entropy, its enthalpy rise divided by the polytropic efficiency, the
/// temperature then found by bisection on the enthalpy.
double polytropic_discharge_k(const gas::HelmholtzMixture& mix, double p1, double t1, double p2,
                              double eta) {
  const int steps = 400;
  double t = t1, p = p1;
  for (int i = 0; i < steps; ++i) {
    const double p_next = p1 * std::pow(p2 / p1, double(i + 1) / steps);
    const auto s0 = mix.properties_tp(t, p);
    const double ts = bisect(
        [&](double x) { return mix.properties_tp(x, p_next).entropy_j_per_mol_k - s0.entropy_j_per_mol_k; },
        t - 5.0, t + 30.0);
    const double h_target =
        s0.enthalpy_j_per_mol +
        (mix.properties_tp(ts, p_next).enthalpy_j_per_mol - s0.enthalpy_j_per_mol) / eta;
    t = bisect([&](double x) { return mix.properties_tp(x, p_next).enthalpy_j_per_mol - h_target; },
               t - 5.0, t + 30.0);
    p = p_next;
  }
  return t;
}

}  // namespace

// Data sheet: CS-1 of case C raises 55 to 98 bara; an independent calculation gives about
// 76 degC from a 25 degC suction, 85 degC with a summer suction.
TEST(SteadyThermal, PakistanStreamCaseCDischargeTemperatureOfCs1) {
  const auto mix = gas::make_real_gas_mixture(gas::EosKind::gerg2008, rlng());
  for (const auto& [suction_k, ground_k, label] :
       {std::tuple{298.15, 298.15, "annual mean (25 degC gas and ground)"},
        std::tuple{305.15, 305.15, "summer (32 degC suction and ground)"}}) {
    const auto r = pakistan_case_c(suction_k, ground_k, true);
    ASSERT_EQ(r.status, steady::Status::converged) << r.message;
    const auto& cs1 = element(r, "CS-1");
    const double p1 = node(r, "N0s").pressure_pa, p2 = node(r, "N0").pressure_pa;
    EXPECT_NEAR(cs1.temperature_from_k, suction_k, 1e-9);
    const double independent = polytropic_discharge_k(*mix, p1, suction_k, p2, 0.82);
    // The simple model (Papay, kappa 1.3 ideal-gas exponent relation) for comparison.
    const auto simple = pakistan_case_c(suction_k, ground_k, false);
    ASSERT_EQ(simple.status, steady::Status::converged) << simple.message;
    const double simple_k = element(simple, "CS-1").discharge_temperature_k;
    std::printf("  %s: CS-1 %.2f -> %.2f bara, discharge %.2f degC (independent %.2f degC; "
                "Papay/kappa model %.2f degC), power %.2f MW (Papay model %.2f MW)\n",
                label, p1 / 1e5, p2 / 1e5, cs1.discharge_temperature_k - 273.15,
                independent - 273.15, simple_k - 273.15, cs1.shaft_power_w / 1e6,
                element(simple, "CS-1").shaft_power_w / 1e6);
    EXPECT_NEAR(cs1.discharge_temperature_k, independent, 0.1);
    EXPECT_NEAR(cs1.temperature_to_k, cs1.discharge_temperature_k, 1e-12);  // no cooler
    EXPECT_NEAR(simple_k, independent, 4.0);
  }
}

TEST(SteadyThermal, CoolerHoldsItsSetpointWithinItsDutyAndTheLimitIsReported) {
  const auto dir = test::source_dir() / "examples/pakistan-stream";
  auto m = io::read_native_model(dir / "model.json");
  const auto scenario = io::read_controls_file(dir / "case-C.json", m.scenario);
  m.network.physics.thermal.energy_equation = true;
  auto& cs1 = m.network.compressors[0];
  ASSERT_EQ(cs1.id, "CS-1");
  cs1.cooler_outlet_temperature_k = 323.15;
  cs1.discharge_temperature_max_k = 333.15;
  const auto r = steady::solve(m.network, scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  const auto& e = element(r, "CS-1");
  EXPECT_NEAR(e.temperature_to_k, 323.15, 1e-9);
  EXPECT_NEAR(node(r, "N0").temperature_k, 323.15, 1e-9);
  // Duty = m cp (T_discharge - T_set) with the ideal-gas cp of this model.
  const auto& ph = m.network.physics;
  const double cp = ph.gas.isentropic_exponent / (ph.gas.isentropic_exponent - 1.0) *
                    ph.gas.specific_gas_constant();
  EXPECT_NEAR(e.cooler_duty_w, e.mass_flow_kg_per_s * cp * (e.discharge_temperature_k - 323.15),
              1e-6 * e.cooler_duty_w);
  for (const auto& v : r.violations) EXPECT_NE(v.what, "compressor_discharge_temperature_above_max");

  // Half the duty: the gas leaves hotter, above the limit, which is reported.
  cs1.cooler_duty_max_w = 0.5 * e.cooler_duty_w;
  const auto half = steady::solve(m.network, scenario);
  ASSERT_EQ(half.status, steady::Status::converged) << half.message;
  const auto& h = element(half, "CS-1");
  EXPECT_NEAR(h.cooler_duty_w, cs1.cooler_duty_max_w, 1e-6);
  EXPECT_NEAR(h.temperature_to_k, 0.5 * (h.discharge_temperature_k + 323.15), 1e-6);
  bool reported = false;
  for (const auto& v : half.violations)
    if (v.id == "CS-1" && v.what == "compressor_discharge_temperature_above_max") {
      reported = true;
      EXPECT_NEAR(v.value, h.temperature_to_k, 1e-9);
      EXPECT_EQ(v.limit, 333.15);
    }
  EXPECT_TRUE(reported);
}

TEST(SteadyThermal, EnergyEquationOffLeavesResultsAsBefore) {
  const auto dir = test::source_dir() / "examples/pakistan-stream";
  const auto m = io::read_native_model(dir / "model.json");
  const auto r = steady::solve(m.network, m.scenario);
  EXPECT_FALSE(r.energy_equation);
  EXPECT_TRUE(r.temperature_profiles.empty());
  EXPECT_NEAR(node(r, "N7").pressure_pa / 1e5, 65.42, 0.005);
}

// GasLib-582: every pipe has <heatTransferCoefficient value="2" unit="W_per_m_square_per_K"/>,
// every source a <gasTemperature>; with them the energy equation converges.
TEST(SteadyThermal, GaslibNetCarriesHeatTransferAndSupplyTemperatures) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/582-v1/GasLib-582.net");
  const auto dir = root / "gaslib/582-v1";
  auto m = io::read_gaslib(dir / "GasLib-582.net", dir / "GasLib-582.scn");
  for (const auto& p : m.network.pipes) {
    ASSERT_TRUE(p.heat_transfer_coefficient_w_per_m2_k.has_value()) << p.id;
    EXPECT_EQ(*p.heat_transfer_coefficient_w_per_m2_k, 2.0) << p.id;
  }
  int sources = 0;
  for (const auto& n : m.network.nodes)
    if (n.supply_temperature_k) {
      ++sources;
      EXPECT_GE(*n.supply_temperature_k, 273.15) << n.id;  // 0 .. 25 degC in the file
      EXPECT_LE(*n.supply_temperature_k, 298.15) << n.id;
    }
  EXPECT_EQ(sources, 31);  // every <source>
  m.network.physics.thermal.energy_equation = true;
  const auto r = steady::solve(m.network, m.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  const auto iso = [&] {
    auto n = m.network;
    n.physics.thermal.energy_equation = false;
    return steady::solve(n, m.scenario);
  }();
  double t_min = 1e9, t_max = 0.0, dp_max = 0.0;
  for (std::size_t i = 0; i < r.nodes.size(); ++i) {
    t_min = std::min(t_min, r.nodes[i].temperature_k);
    t_max = std::max(t_max, r.nodes[i].temperature_k);
    dp_max = std::max(dp_max, std::abs(r.nodes[i].pressure_pa - iso.nodes[i].pressure_pa));
  }
  std::printf("  GasLib-582 with the energy equation: %d Picard iterations, node temperatures "
              "%.2f .. %.2f K, largest pressure change against isothermal %.3f bar\n",
              r.thermal_iterations, t_min, t_max, dp_max / 1e5);
  EXPECT_GT(t_min, 250.0);
  EXPECT_LT(t_max, 360.0);
}
