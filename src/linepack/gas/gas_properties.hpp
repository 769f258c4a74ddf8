#pragma once
// Bulk gas properties used by the hydraulic models (isothermal flow of one gas quality).
#include "linepack/units/constants.hpp"

namespace linepack::gas {

struct GasProperties {
  double molar_mass_kg_per_mol = 0.01738;           ///< about SG 0.6
  double dynamic_viscosity_pa_s = 1.1e-5;           ///< for Reynolds numbers
  double isentropic_exponent = 1.3;                 ///< kappa, for compressor head
  double pseudo_critical_pressure_pa = 4.6e6;       ///< for Papay's Z
  double pseudo_critical_temperature_k = 195.0;     ///< for Papay's Z
  double higher_heating_value_j_per_m3 = 40.0e6;    ///< at normal conditions (0 degC, 1.01325 bar)
  /// Density at normal conditions; 0 means "derive from molar mass as an ideal gas".
  double normal_density_kg_per_m3 = 0.0;

  bool operator==(const GasProperties&) const = default;

  /// Specific gas constant R/M [J/(kg K)].
  double specific_gas_constant() const {
    return units::gas_constant_j_per_mol_k / molar_mass_kg_per_mol;
  }
  /// Normal density: the given one, else ideal gas at 0 degC and 1.01325 bar.
  double normal_density() const {
    if (normal_density_kg_per_m3 > 0.0) return normal_density_kg_per_m3;
    return units::normal_pressure_pa / (specific_gas_constant() * units::normal_temperature_k);
  }
  /// Specific gravity relative to air (molar-mass ratio).
  double specific_gravity() const {
    return molar_mass_kg_per_mol / units::air_molar_mass_kg_per_mol;
  }
  /// Density at standard conditions (60 degF), ideal gas, for mmcfd conversions.
  double standard_density() const {
    return units::standard_pressure_pa / (specific_gas_constant() * units::standard_temperature_k);
  }
};

/// Gas from specific gravity G with molar mass M = G * 28.9647 g/mol.
GasProperties gas_from_specific_gravity(double specific_gravity);

}  // namespace linepack::gas
