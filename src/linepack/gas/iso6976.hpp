#pragma once
// Calorific values, density, relative density and Wobbe index from composition per
// ISO 6976:2016 (Natural gas - Calculation of calorific values, density, relative density and
// Wobbe indices from composition). Component data: ISO 6976:2016, Annex A (Tables A.2: molar
// masses, A.3: summation factors, A.4: ideal-gas gross calorific values); the formulas are
// those of clause 5 (Z = 1 - (p/p0) (sum x_j s_j)^2, etc.). Checked against the worked examples
// of Annex D in tests/unit/iso6976_test.cpp.
#include <span>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/gas_properties.hpp"

namespace linepack::gas {

/// Reference temperatures of ISO 6976:2016 (combustion t1 and metering t2). 15.55 degC is the
/// standard's 60 degF column; metering at 25 degC is not tabulated (summation factors).
enum class Iso6976Temperature { c0, c15, c15_55, c20, c25 };

/// Components of the ISO 6976 table used here: the 21 of Composition (same order) and
/// 2,2-dimethylpropane (neopentane), which the Annex D example 3 contains.
inline constexpr std::size_t iso6976_neopentane = component_count;
inline constexpr std::size_t iso6976_component_count = component_count + 1;

struct Iso6976Result {
  double molar_mass_kg_per_mol = 0.0;  ///< M
  double compression_factor = 0.0;     ///< Z at (t2, p2)
  double gross_cv_j_per_mol = 0.0;     ///< (Hc)G at t1 (ideal = real on molar basis)
  double net_cv_j_per_mol = 0.0;       ///< (Hc)N
  double gross_cv_j_per_kg = 0.0;      ///< (Hm)G
  double net_cv_j_per_kg = 0.0;        ///< (Hm)N
  double gross_cv_j_per_m3 = 0.0;      ///< real-gas (Hv)G at (t1; t2, p2)
  double net_cv_j_per_m3 = 0.0;        ///< real-gas (Hv)N
  double density_kg_per_m3 = 0.0;      ///< real-gas rho at (t2, p2)
  double relative_density = 0.0;       ///< real-gas G = (M/M_air) Z_air/Z
  double gross_wobbe_j_per_m3 = 0.0;   ///< W_G = (Hv)G / sqrt(G)
  double net_wobbe_j_per_m3 = 0.0;     ///< W_N
};

/// ISO 6976:2016 properties of the mixture x (mole fractions over the table above; sum 1) with
/// combustion reference t1 and metering reference t2 (not 25 degC) at p2 = 101.325 kPa by
/// default (90-110 kPa allowed). Throws std::invalid_argument on a bad reference condition.
Iso6976Result iso6976_properties(std::span<const double, iso6976_component_count> x,
                                 Iso6976Temperature combustion, Iso6976Temperature metering,
                                 double pressure_pa = 101325.0);
Iso6976Result iso6976_properties(const Composition& x, Iso6976Temperature combustion,
                                 Iso6976Temperature metering, double pressure_pa = 101325.0);

/// Molar mass [kg/mol] of component `index` of the table above (ISO 6976:2016, Table A.2).
double iso6976_molar_mass_kg_per_mol(std::size_t index);

/// `base` with the molar mass (ISO 6976:2016 table), the normal density (real gas at 0 degC,
/// 101.325 kPa) and the higher heating value (gross, combustion 25 degC, metering 0 degC,
/// real gas, J per normal m^3) of the composition. Viscosity, isentropic exponent and the
/// pseudo-critical point (for Papay) are kept.
GasProperties apply_composition(GasProperties base, const Composition& x);

}  // namespace linepack::gas
