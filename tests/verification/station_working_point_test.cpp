// Working point of a station from its map, against a calculation written here from GasLib's
// published numbers in GasLib's own units (per_min, kJ/kg, kW): speed by bisection on the head
// polynomial, efficiency, power, the drive's power limit and fuel.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "linepack/io/gaslib_cs_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/physics/compressor_map.hpp"
#include "linepack/physics/station_working_point.hpp"

namespace fs = std::filesystem;
using namespace linepack;

namespace {

// GasLib-11.cs, station CS01_entry03_N01, turbo compressor T_CS2_M4 and gas turbine P_CS2_M4,
// as printed in the file (H [kJ/kg] = [1 Q Q^2] A [1 N N^2]^T, Q [m^3/s], N [per_min]).
constexpr std::array<double, 9> head_kj = {62.0918, -0.0292953, 4.29877e-06, -58.9579, 0.0265692,
                                           -2.57876e-06, 4.32767, -0.00240606, 2.45649e-07};
constexpr std::array<double, 9> eta = {1.16239, -0.000178625, 6.8119e-09, -0.063803, 8.29481e-05,
                                       -6.36087e-09, -0.0327073, 1.43794e-06, 1.02304e-10};
constexpr std::array<double, 3> surge_kj = {-49.8997, 27.7343, -0.0449561};
constexpr std::array<double, 3> choke_kj = {-11.7751, 7.27912, 0.0567136};
constexpr std::array<double, 9> turbine_power_kw = {-1507.55, 3.23595, -0.000215272, 9.38, -0.02044,
                                            1.35429e-06, 0.0448214, -8.49405e-05, 5.83333e-09};
constexpr std::array<double, 3> energy_kw = {5000, 2.5, 0};

double bi(const std::array<double, 9>& c, double x, double y) {
  double s = 0;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) s += c[3 * i + j] * std::pow(x, i) * std::pow(y, j);
  return s;
}

model::Station gaslib11_station() {
  const auto stations = io::read_gaslib_cs(fs::path(LINEPACK_SOURCE_DIR) /
                                           "data/gaslib/official/GasLib-11/GasLib-11.cs");
  return stations.at(0).station;
}

}  // namespace

TEST(StationWorkingPoint, TurboUnitAgainstBisectionOnThePublishedMap) {
  const model::Station station = gaslib11_station();
  const double z = 0.92, rs = 518.3, t = 288.15, kappa = 1.31, hhv = 52.0e6;
  const double p_in = 50e5, p_out = 62e5, m = 170.0;
  physics::StationInlet in{p_in, t, rs, kappa, [&](double) { return z; }, hhv};
  const auto w = physics::station_working_point(station, in, p_out, m);
  ASSERT_TRUE(w.running);
  ASSERT_EQ(w.units.size(), 1u);
  const auto& u = w.units[0];

  // Independent: inlet volume flow, isentropic head, speed by bisection in per_min.
  const double q = m * z * rs * t / p_in;
  const double e = (kappa - 1) / kappa;
  const double head_kj_per_kg = z * rs * t / e * (std::pow(p_out / p_in, e) - 1) / 1e3;
  double lo = 3500, hi = 6500;
  ASSERT_LT(bi(head_kj, q, lo), head_kj_per_kg);
  ASSERT_GT(bi(head_kj, q, hi), head_kj_per_kg);
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    (bi(head_kj, q, mid) < head_kj_per_kg ? lo : hi) = mid;
  }
  const double speed_rpm = 0.5 * (lo + hi);
  const double efficiency = bi(eta, q, speed_rpm);
  const double power_kw = m * head_kj_per_kg / efficiency;
  const double t_c = 15.0;  // ISO ambient, the station's default
  const double power_max = bi(turbine_power_kw, t_c, speed_rpm);
  const double fuel_kw = energy_kw[0] + energy_kw[1] * power_kw + energy_kw[2] * power_kw * power_kw;
  // Surge and choke flows at this head: roots of the lines' quadratics (the larger root).
  auto root = [&](const std::array<double, 3>& c) {
    const double a = c[2], b = c[1], cc = c[0] - head_kj_per_kg;
    return (-b + std::sqrt(b * b - 4 * a * cc)) / (2 * a);
  };

  EXPECT_NEAR(u.volume_flow_m3_per_s, q, 1e-12 * q);
  EXPECT_NEAR(u.head_j_per_kg, head_kj_per_kg * 1e3, 1e-9 * head_kj_per_kg * 1e3);
  EXPECT_NEAR(u.speed_per_s * 60.0, speed_rpm, 1e-7 * speed_rpm);
  EXPECT_NEAR(u.efficiency, efficiency, 1e-9);
  EXPECT_NEAR(u.shaft_power_w, power_kw * 1e3, 1e-8 * power_kw * 1e3);
  EXPECT_NEAR(u.drive_power_max_w, power_max * 1e3, 1e-7 * power_max * 1e3);
  EXPECT_NEAR(u.fuel_kg_per_s, fuel_kw * 1e3 / hhv, 1e-8 * fuel_kw * 1e3 / hhv);
  EXPECT_NEAR(w.fuel_kg_per_s, u.fuel_kg_per_s, 0.0);
  // The surge line of this map is a downward parabola in Q: its flow at the head is the root
  // nearest the working point, as is the choke line's.
  const double a = surge_kj[2], b = surge_kj[1], c0 = surge_kj[0] - head_kj_per_kg;
  const double r1 = (-b + std::sqrt(b * b - 4 * a * c0)) / (2 * a);
  const double r2 = (-b - std::sqrt(b * b - 4 * a * c0)) / (2 * a);
  const double q_surge = std::abs(r1 - q) < std::abs(r2 - q) ? r1 : r2;
  EXPECT_NEAR(u.surge_volume_flow_m3_per_s, q_surge, 1e-9 * q_surge);
  EXPECT_NEAR(u.choke_volume_flow_m3_per_s, root(choke_kj), 1e-9 * root(choke_kj));
  EXPECT_NEAR(u.surge_margin, (q - q_surge) / q_surge, 1e-9);
  const bool inside = q > q_surge && q < root(choke_kj) && power_kw < power_max &&
                      speed_rpm > 3500 && speed_rpm < 6500;
  EXPECT_EQ(w.inside_map, inside);
  EXPECT_TRUE(inside) << "the case is chosen inside the map";
}

TEST(StationWorkingPoint, IdleWithoutFlowOrCompression) {
  const model::Station station = gaslib11_station();
  physics::StationInlet in{50e5, 288.15, 518.3, 1.31, [](double) { return 0.9; }, 52e6};
  EXPECT_FALSE(physics::station_working_point(station, in, 49e5, 100.0).running);
  EXPECT_FALSE(physics::station_working_point(station, in, 60e5, 0.0).running);
}

// GasLib-582's compressorStation_5: a piston unit, a turbo unit, or both in parallel. The chosen
// configuration is the least-power one of those inside every map (each evaluated on its own).
TEST(StationWorkingPoint, ChoosesLeastPowerConfigurationInsideTheMaps) {
  const auto stations =
      io::read_gaslib_cs(fs::path(LINEPACK_SOURCE_DIR) / "data/gaslib/582-v1/GasLib-582.cs");
  const auto& s = stations.at(0);
  ASSERT_EQ(s.id, "compressorStation_5");
  physics::StationInlet in{45e5, 283.15, 490.0, 1.3, [](double) { return 0.9; }, 50e6};
  for (double m : {5.0, 20.0, 60.0}) {
    const auto chosen = physics::station_working_point(s.station, in, 60e5, m);
    double best = INFINITY;
    std::string best_id;
    for (const auto& c : s.station.configurations) {
      const auto w = physics::station_working_point(s.station, in, 60e5, m, c.id);
      if (w.inside_map && w.shaft_power_w < best) best = w.shaft_power_w, best_id = c.id;
    }
    if (best_id.empty()) {
      EXPECT_FALSE(chosen.inside_map) << m;
      EXPECT_FALSE(chosen.violations.empty()) << m;
    } else {
      EXPECT_EQ(chosen.configuration, best_id) << m;
      EXPECT_TRUE(chosen.inside_map) << m;
    }
    // Power is the sum over units of m_u H / eta_u; the parallel units' flows add up to m.
    double sum_p = 0, sum_m = 0;
    for (const auto& u : chosen.units) {
      sum_p += u.mass_flow_kg_per_s * u.head_j_per_kg / u.efficiency;
      sum_m += u.mass_flow_kg_per_s;
    }
    EXPECT_NEAR(chosen.shaft_power_w, sum_p, 1e-9 * sum_p);
    EXPECT_NEAR(sum_m, m, 1e-12 * m);
  }
}

// GasLib-582's gas-driven motor: the drive polynomials reproduce the file's own measurements of
// maximum power (165 rpm: 4,375 kW; 330 rpm: 8,750 kW) and fuel (5,250 kW shaft: 15,997 kW).
TEST(StationWorkingPoint, DrivePolynomialsReproduceTheirMeasurements) {
  const auto stations =
      io::read_gaslib_cs(fs::path(LINEPACK_SOURCE_DIR) / "data/gaslib/582-v1/GasLib-582.cs");
  const auto& drives = stations.at(0).station.drives;
  const auto motor = std::find_if(drives.begin(), drives.end(),
                                  [](const auto& d) { return d.id == "drive_2"; });
  ASSERT_NE(motor, drives.end());
  EXPECT_EQ(motor->kind, model::DriveKind::gas_driven_motor);
  EXPECT_NEAR(physics::drive_power_max_w(*motor, 165.0 / 60.0, 288.15), 4375e3, 1e3);
  EXPECT_NEAR(physics::drive_power_max_w(*motor, 330.0 / 60.0, 288.15), 8750e3, 1e3);
  EXPECT_NEAR(physics::drive_energy_rate_w(*motor, 5250e3), 15997e3, 1e3);
  EXPECT_NEAR(physics::drive_energy_rate_w(*motor, 8750e3), 25329e3, 1e3);
}

// Pakistan Stream with its ASSUMED station maps (examples/pakistan-stream/model-maps.json):
// design case B converges, CS-1 runs inside its maps, and the result's power and fuel are the
// working point's.
TEST(StationWorkingPoint, PakistanStreamStationsFromTheirMaps) {
  const auto m = io::read_native_model(fs::path(LINEPACK_SOURCE_DIR) /
                                       "examples/pakistan-stream/model-maps.json");
  ASSERT_TRUE(m.network.compressors.at(0).station);
  const auto r = steady::solve(m.network, m.scenario);
  ASSERT_EQ(r.status, steady::Status::converged) << r.message;
  const auto cs1 = std::find_if(r.elements.begin(), r.elements.end(),
                                [](const auto& e) { return e.id == "CS-1"; });
  ASSERT_NE(cs1, r.elements.end());
  ASSERT_TRUE(cs1->station);
  const auto& w = *cs1->station;
  EXPECT_TRUE(w.running);
  EXPECT_TRUE(w.inside_map) << w.configuration;
  EXPECT_GE(w.units.size(), 1u);
  EXPECT_DOUBLE_EQ(cs1->shaft_power_w, w.shaft_power_w);
  EXPECT_DOUBLE_EQ(cs1->fuel_kg_per_s, w.fuel_kg_per_s);
  EXPECT_GT(w.fuel_kg_per_s, 0.0);
  // Heads: the isentropic head of the station's ratio at the inlet Z (one stage).
  const double pf = r.nodes.at(0).pressure_pa;  // N0s, the suction node
  EXPECT_NEAR(w.units[0].inlet_pressure_pa, pf, 1e-6 * pf);
  for (const auto& u : w.units) {
    EXPECT_GT(u.surge_margin, 0.0) << u.id;
    EXPECT_GT(u.choke_margin, 0.0) << u.id;
    EXPECT_LE(u.shaft_power_w, u.drive_power_max_w) << u.id;
  }
  std::cout << "[pakistan maps] CS-1 " << w.configuration << ": " << w.shaft_power_w / 1e6
            << " MW, fuel " << w.fuel_kg_per_s << " kg/s, speed " << w.units[0].speed_per_s * 60
            << " rpm, efficiency " << w.units[0].efficiency << ", surge margin "
            << w.units[0].surge_margin << "\n";
}
