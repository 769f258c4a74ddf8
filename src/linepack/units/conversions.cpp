#include "linepack/units/conversions.hpp"

#include <stdexcept>
#include <string>

#include "linepack/units/constants.hpp"

namespace linepack::units {
namespace {
struct UnitDef {
  std::string_view name;
  Dimension dimension;
  double factor;
  double offset;  // SI = value * factor + offset
};
constexpr UnitDef unit_table[] = {
    {"m", Dimension::length, 1.0, 0.0},
    {"meter", Dimension::length, 1.0, 0.0},
    {"km", Dimension::length, 1e3, 0.0},
    {"mm", Dimension::length, 1e-3, 0.0},
    {"cm", Dimension::length, 1e-2, 0.0},
    {"Pa", Dimension::pressure, 1.0, 0.0},
    {"kPa", Dimension::pressure, 1e3, 0.0},
    {"MPa", Dimension::pressure, 1e6, 0.0},
    {"bar", Dimension::pressure, 1e5, 0.0},
    {"barg", Dimension::pressure, 1e5, normal_pressure_pa},
    {"K", Dimension::temperature, 1.0, 0.0},
    {"Celsius", Dimension::temperature, 1.0, 273.15},
    {"1000m_cube_per_hour", Dimension::volumetric_flow_normal, 1000.0 / 3600.0, 0.0},
    {"m_cube_per_hour", Dimension::volumetric_flow_normal, 1.0 / 3600.0, 0.0},
    {"m_cube_per_s", Dimension::volumetric_flow_normal, 1.0, 0.0},
    {"MJ_per_m_cube", Dimension::energy_per_volume, 1e6, 0.0},
    {"kJ_per_m_cube", Dimension::energy_per_volume, 1e3, 0.0},
    {"kg_per_kmol", Dimension::molar_mass, 1e-3, 0.0},
    {"g_per_mol", Dimension::molar_mass, 1e-3, 0.0},
    {"kg_per_m_cube", Dimension::density, 1.0, 0.0},
    {"W_per_m_square_per_K", Dimension::heat_transfer, 1.0, 0.0},
    {"kJ_per_kg", Dimension::specific_energy, 1e3, 0.0},
    {"per_min", Dimension::rotational_speed, 1.0 / 60.0, 0.0},  // revolutions per second
    {"m_cube", Dimension::volume, 1.0, 0.0},
    {"kNm", Dimension::torque, 1e3, 0.0},
    {"kW", Dimension::power, 1e3, 0.0},
};

const char* dimension_name(Dimension d) {
  switch (d) {
    case Dimension::length: return "length";
    case Dimension::pressure: return "pressure";
    case Dimension::temperature: return "temperature";
    case Dimension::volumetric_flow_normal: return "volumetric flow";
    case Dimension::energy_per_volume: return "energy per volume";
    case Dimension::molar_mass: return "molar mass";
    case Dimension::density: return "density";
    case Dimension::heat_transfer: return "heat transfer coefficient";
    case Dimension::dimensionless: return "dimensionless";
    case Dimension::specific_energy: return "specific energy";
    case Dimension::rotational_speed: return "rotational speed";
    case Dimension::volume: return "volume";
    case Dimension::torque: return "torque";
    case Dimension::power: return "power";
  }
  return "?";
}
}  // namespace

double to_si(double value, std::string_view unit, Dimension expected) {
  if (unit.empty() && expected == Dimension::dimensionless) return value;
  for (const auto& u : unit_table) {
    if (u.name != unit) continue;
    if (u.dimension != expected)
      throw std::invalid_argument("unit '" + std::string(unit) + "' is a " +
                                  dimension_name(u.dimension) + ", expected a " +
                                  dimension_name(expected));
    return value * u.factor + u.offset;
  }
  throw std::invalid_argument("unknown unit '" + std::string(unit) + "' for a " +
                              dimension_name(expected));
}

}  // namespace linepack::units
