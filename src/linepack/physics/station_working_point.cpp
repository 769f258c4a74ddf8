#include "linepack/physics/station_working_point.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "linepack/physics/compressor_map.hpp"

namespace linepack::physics {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

const model::Drive* find_drive(const model::Station& s, const std::string& id) {
  for (const auto& d : s.drives)
    if (d.id == id) return &d;
  return nullptr;
}

struct Unit {
  const model::TurboCompressorUnit* turbo = nullptr;
  const model::PistonCompressorUnit* piston = nullptr;
};

Unit find_unit(const model::Station& s, const std::string& id) {
  for (const auto& t : s.turbo_compressors)
    if (t.id == id) return {&t, nullptr};
  for (const auto& p : s.piston_compressors)
    if (p.id == id) return {nullptr, &p};
  throw std::invalid_argument("unknown compressor unit '" + id + "'");
}

/// Volume flow [m^3/s] a unit takes at `head` when it runs at its limit: the choke line's
/// flow for a turbo compressor, the displacement at maximum speed for a piston compressor.
double capacity(const Unit& u, double head) {
  if (u.piston)
    return (1.0 - u.piston->volume_flow_reduction) * u.piston->operating_volume_m3 *
           u.piston->speed_max_per_s;
  const auto q = flow_at_head(u.turbo->choke_line_head_j_per_kg, head, 0.0);
  return q && *q > 0.0 ? *q : 1.0;
}

/// A limit met to this relative distance is not broken: the steady control loop holds map limits
/// to its relative tolerance of 1e-6 (steady/control_loop.cpp), from either side.
constexpr double limit_tolerance = 1e-6;

void add(std::vector<MapViolation>& v, const std::string& unit, const char* what, double value,
         double limit) {
  if (std::abs(value - limit) <= limit_tolerance * std::abs(limit)) return;
  v.push_back({unit, what, value, limit});
}

double relative(const MapViolation& v) {
  if (!std::isfinite(v.value) || !std::isfinite(v.limit)) return 1.0;
  return std::abs(v.value - v.limit) / std::max(std::abs(v.limit), 1e-12);
}

void drive_point(const model::Station& s, const std::string& drive_id, const StationInlet& in,
                 UnitWorkingPoint& u, StationWorkingPoint& w) {
  const model::Drive* d = drive_id.empty() ? nullptr : find_drive(s, drive_id);
  if (!d) {
    u.drive_power_max_w = inf;
    return;
  }
  u.drive_power_max_w = drive_power_max_w(*d, u.speed_per_s, s.ambient_temperature_k);
  u.energy_rate_w = drive_energy_rate_w(*d, u.shaft_power_w);
  if (d->kind == model::DriveKind::electric_motor)
    w.electric_power_w += u.energy_rate_w;
  else
    u.fuel_kg_per_s = u.energy_rate_w / in.fuel_heating_value_j_per_kg;
  if (u.shaft_power_w > u.drive_power_max_w)
    add(w.violations, u.id, "power_above_max", u.shaft_power_w, u.drive_power_max_w);
}

StationWorkingPoint evaluate_configuration(const model::Station& s,
                                           const model::StationConfiguration& c,
                                           const StationInlet& in, double p_out, double m) {
  StationWorkingPoint w;
  w.running = true;
  w.configuration = c.id;
  const std::size_t stages = c.stages.size();
  const double ratio = std::pow(p_out / in.pressure_pa, 1.0 / double(stages));
  const double rho_in =
      in.pressure_pa / (in.z_factor(in.pressure_pa) * in.specific_gas_constant * in.temperature_k);
  w.choke_volume_flow_m3_per_s = inf;
  double p = in.pressure_pa;
  for (std::size_t k = 0; k < stages; ++k) {
    const double p_next = k + 1 == stages ? p_out : p * ratio;
    const double z = in.z_factor(p);
    const double rho = p / (z * in.specific_gas_constant * in.temperature_k);
    const double head = adiabatic_head_j_per_kg(p, p_next, z, in.specific_gas_constant,
                                                in.temperature_k, in.isentropic_exponent);
    const double q_stage = m / rho;
    std::vector<Unit> units;
    double total_capacity = 0.0;
    for (const auto& id : c.stages[k]) {
      units.push_back(find_unit(s, id));
      total_capacity += capacity(units.back(), head);
    }
    for (std::size_t i = 0; i < units.size(); ++i) {
      const Unit& unit = units[i];
      const double share = capacity(unit, head) / total_capacity;
      UnitWorkingPoint u;
      u.id = c.stages[k][i];
      u.stage = int(k + 1);
      u.mass_flow_kg_per_s = share * m;
      u.volume_flow_m3_per_s = share * q_stage;
      u.inlet_pressure_pa = p;
      u.outlet_pressure_pa = p_next;
      u.head_j_per_kg = head;
      const double q = u.volume_flow_m3_per_s;
      std::string drive;
      if (unit.turbo) {
        const auto& t = *unit.turbo;
        u.kind = "turbo";
        drive = t.drive;
        const auto n = speed_for_head(t.head_j_per_kg, q, head, t.speed_min_per_s, t.speed_max_per_s);
        if (!n) add(w.violations, u.id, "no_speed", head, evaluate(t.head_j_per_kg, q, t.speed_max_per_s));
        // Without a speed on the map's rising branch, the efficiency is read at maximum speed.
        u.speed_per_s = n ? *n : t.speed_max_per_s;
        if (u.speed_per_s < t.speed_min_per_s)
          add(w.violations, u.id, "speed_below_min", u.speed_per_s, t.speed_min_per_s);
        if (u.speed_per_s > t.speed_max_per_s)
          add(w.violations, u.id, "speed_above_max", u.speed_per_s, t.speed_max_per_s);
        u.efficiency = evaluate(t.efficiency, q, u.speed_per_s);
        if (!(u.efficiency > 0.01)) {
          add(w.violations, u.id, "efficiency_not_positive", u.efficiency, 0.01);
          u.efficiency = 0.01;
        }
        u.efficiency = std::min(u.efficiency, 1.0);
        const auto qs = flow_at_head(t.surge_line_head_j_per_kg, head, q);
        const auto qc = flow_at_head(t.choke_line_head_j_per_kg, head, q);
        u.surge_volume_flow_m3_per_s = qs ? *qs : 0.0;
        u.choke_volume_flow_m3_per_s = qc ? *qc : inf;
        u.surge_margin = u.surge_volume_flow_m3_per_s > 0.0
                             ? (q - u.surge_volume_flow_m3_per_s) / u.surge_volume_flow_m3_per_s
                             : inf;
        u.choke_margin = qc ? (*qc - q) / *qc : inf;
        if (q < u.surge_volume_flow_m3_per_s)
          add(w.violations, u.id, "surge", q, u.surge_volume_flow_m3_per_s);
        if (q > u.choke_volume_flow_m3_per_s)
          add(w.violations, u.id, "choke", q, u.choke_volume_flow_m3_per_s);
        // Station inlet flows at which this unit reaches its lines (its share and density fixed).
        const double to_inlet = rho / rho_in / share;
        w.surge_volume_flow_m3_per_s =
            std::max(w.surge_volume_flow_m3_per_s, u.surge_volume_flow_m3_per_s * to_inlet);
        w.choke_volume_flow_m3_per_s =
            std::min(w.choke_volume_flow_m3_per_s, u.choke_volume_flow_m3_per_s * to_inlet);
      } else {
        const auto& pc = *unit.piston;
        u.kind = "piston";
        drive = pc.drive;
        const double per_rev = (1.0 - pc.volume_flow_reduction) * pc.operating_volume_m3;
        u.speed_per_s = q / per_rev;
        u.efficiency = pc.efficiency;
        u.surge_volume_flow_m3_per_s = per_rev * pc.speed_min_per_s;
        u.choke_volume_flow_m3_per_s = per_rev * pc.speed_max_per_s;
        u.surge_margin = (q - u.surge_volume_flow_m3_per_s) / u.surge_volume_flow_m3_per_s;
        u.choke_margin = (u.choke_volume_flow_m3_per_s - q) / u.choke_volume_flow_m3_per_s;
        if (u.speed_per_s < pc.speed_min_per_s)
          add(w.violations, u.id, "speed_below_min", u.speed_per_s, pc.speed_min_per_s);
        if (u.speed_per_s > pc.speed_max_per_s)
          add(w.violations, u.id, "speed_above_max", u.speed_per_s, pc.speed_max_per_s);
        if (ratio > pc.ratio_max) add(w.violations, u.id, "ratio_above_max", ratio, pc.ratio_max);
        const double to_inlet = rho / rho_in / share;
        w.surge_volume_flow_m3_per_s =
            std::max(w.surge_volume_flow_m3_per_s, u.surge_volume_flow_m3_per_s * to_inlet);
        w.choke_volume_flow_m3_per_s =
            std::min(w.choke_volume_flow_m3_per_s, u.choke_volume_flow_m3_per_s * to_inlet);
      }
      u.shaft_power_w = u.mass_flow_kg_per_s * head / u.efficiency;
      if (unit.piston && unit.piston->torque_max_nm > 0.0) {
        const double torque = u.shaft_power_w / (2.0 * std::numbers::pi * u.speed_per_s);
        if (torque > unit.piston->torque_max_nm)
          add(w.violations, u.id, "torque_above_max", torque, unit.piston->torque_max_nm);
      }
      drive_point(s, drive, in, u, w);
      w.shaft_power_w += u.shaft_power_w;
      w.energy_rate_w += u.energy_rate_w;
      w.fuel_kg_per_s += u.fuel_kg_per_s;
      w.drive_power_max_w += u.drive_power_max_w;
      w.units.push_back(std::move(u));
    }
    p = p_next;
  }
  w.inside_map = w.violations.empty();
  return w;
}

}  // namespace

double drive_power_max_w(const model::Drive& d, double n, double ambient_k) {
  const auto& c = d.power_max_w;
  if (d.kind == model::DriveKind::gas_turbine) {
    const double t_c = ambient_k - 273.15;  // GasLib's polynomial takes degC
    double sum = 0.0, ti = 1.0;
    for (int i = 0; i < 3; ++i, ti *= t_c) sum += ti * (c[3 * i] + n * (c[3 * i + 1] + n * c[3 * i + 2]));
    return sum;
  }
  return c[0] + n * (c[1] + n * c[2]);
}

double drive_energy_rate_w(const model::Drive& d, double p) {
  const auto& e = d.energy_rate_w;
  return e[0] + p * (e[1] + p * e[2]);
}

StationWorkingPoint station_working_point(const model::Station& s, const StationInlet& in,
                                          double p_out, double m, const std::string& configuration) {
  if (!(m > 0.0) || !(p_out > in.pressure_pa) || !(in.pressure_pa > 0.0)) return {};
  std::optional<StationWorkingPoint> best;
  double best_score = inf;
  for (const auto& c : s.configurations) {
    if (!configuration.empty() && c.id != configuration) continue;
    StationWorkingPoint w = evaluate_configuration(s, c, in, p_out, m);
    double score = 0.0;
    for (const auto& v : w.violations) score += relative(v);
    // Inside every map: least shaft power; otherwise least violation (first on a tie).
    const bool better = !best || (w.inside_map && !best->inside_map) ||
                        (w.inside_map == best->inside_map &&
                         (w.inside_map ? w.shaft_power_w < best->shaft_power_w : score < best_score));
    if (better) best = std::move(w), best_score = score;
  }
  if (!best) throw std::invalid_argument("unknown configuration '" + configuration + "'");
  return *best;
}

double station_outlet_pressure_max_at_speed_pa(const model::Station& s, const StationInlet& in,
                                               double m, double p_hi) {
  // Strictly (not to the violations' tolerance): the pressure found is then within the speed.
  const auto too_fast = [&](double p_out) {
    const StationWorkingPoint w = station_working_point(s, in, p_out, m);
    for (const auto& u : w.units) {
      const Unit unit = find_unit(s, u.id);
      if (unit.turbo && u.speed_per_s > unit.turbo->speed_max_per_s) return true;
    }
    return std::any_of(w.violations.begin(), w.violations.end(),
                       [](const MapViolation& v) { return v.what == "no_speed"; });
  };
  if (!too_fast(p_hi)) return p_hi;
  double lo = in.pressure_pa, hi = p_hi;  // too_fast(hi); lo: no compression, never too fast
  for (int k = 0; k < 60 && hi - lo > 1e-9 * hi; ++k) {
    const double mid = 0.5 * (lo + hi);
    (too_fast(mid) ? hi : lo) = mid;
  }
  return lo;
}

}  // namespace linepack::physics
