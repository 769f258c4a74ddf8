#pragma once
// Physical constants and reference conditions, SI.

namespace linepack::units {

/// Molar gas constant [J/(mol K)] (CODATA 2018, exact).
inline constexpr double gas_constant_j_per_mol_k = 8.314462618;
/// Standard gravity [m/s^2].
inline constexpr double gravity_m_per_s2 = 9.80665;
/// Normal conditions (DIN 1343, used by GasLib "1000m_cube_per_hour" flows): 0 degC, 1.01325 bar.
inline constexpr double normal_pressure_pa = 101325.0;
inline constexpr double normal_temperature_k = 273.15;
/// Standard conditions of the gas industry (60 degF, 14.696 psia), used for mmcfd.
inline constexpr double standard_pressure_pa = 101325.0;
inline constexpr double standard_temperature_k = 288.7055555555556;
/// Molar mass of dry air [kg/mol], for specific gravity.
inline constexpr double air_molar_mass_kg_per_mol = 0.0289647;
inline constexpr double pi = 3.14159265358979323846;

}  // namespace linepack::units
