#pragma once
// Unit conversions at the edges (readers, writers, CLI). Everything inside linepack is SI.
#include <string_view>

namespace linepack::units {

inline constexpr double pa_per_bar = 1e5;
inline constexpr double m_per_km = 1e3;
inline constexpr double m_per_mm = 1e-3;
inline constexpr double m_per_inch = 0.0254;
inline constexpr double s_per_hour = 3600.0;
inline constexpr double s_per_day = 86400.0;
inline constexpr double m3_per_ft3 = 0.028316846592;

constexpr double bar_to_pa(double bar) { return bar * pa_per_bar; }
constexpr double pa_to_bar(double pa) { return pa / pa_per_bar; }
constexpr double celsius_to_kelvin(double c) { return c + 273.15; }

/// Volumetric flow at normal conditions [1000 m^3/h] to mass flow [kg/s], given normal density.
constexpr double knm3_per_h_to_kg_per_s(double knm3_per_h, double normal_density_kg_per_m3) {
  return knm3_per_h * 1000.0 / s_per_hour * normal_density_kg_per_m3;
}
constexpr double kg_per_s_to_knm3_per_h(double kg_per_s, double normal_density_kg_per_m3) {
  return kg_per_s / normal_density_kg_per_m3 * s_per_hour / 1000.0;
}
/// Million standard cubic feet per day to mass flow, given density at standard conditions.
constexpr double mmcfd_to_kg_per_s(double mmcfd, double standard_density_kg_per_m3) {
  return mmcfd * 1e6 * m3_per_ft3 / s_per_day * standard_density_kg_per_m3;
}
constexpr double kg_per_s_to_mmcfd(double kg_per_s, double standard_density_kg_per_m3) {
  return kg_per_s / standard_density_kg_per_m3 * s_per_day / (1e6 * m3_per_ft3);
}

/// The physical dimension a value in a file must have.
enum class Dimension { length, pressure, temperature, volumetric_flow_normal, energy_per_volume,
                       molar_mass, density, heat_transfer, dimensionless,
                       // compressor data (GasLib .cs): head, speed, volume, torque, power
                       specific_energy, rotational_speed, volume, torque, power };

/// Converts `value` in `unit` (spelling as in GasLib files: "bar", "barg", "mm", "km",
/// "1000m_cube_per_hour", "Celsius", ...) to SI. Throws std::invalid_argument naming the unit
/// when it is unknown or has the wrong dimension. `barg` adds the normal atmosphere.
/// Volumetric normal flow stays volumetric: the result is in m^3/s at normal conditions.
double to_si(double value, std::string_view unit, Dimension expected);

}  // namespace linepack::units
