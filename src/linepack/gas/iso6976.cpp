#include "linepack/gas/iso6976.hpp"

#include <array>
#include <cmath>
#include <stdexcept>

namespace linepack::gas {
namespace {

// ISO 6976:2016 constants (clause 4 and Table A.1).
constexpr double r_iso = 8.3144621;            // J/(mol K)
constexpr double p0_pa = 101325.0;             // reference pressure
constexpr double air_molar_mass_g = 28.96546;  // dry air, Table A.1
constexpr std::array<double, 4> z_air = {0.999419, 0.999595, 0.999601, 0.999645};  // 0/15/15.55/20
constexpr std::array<double, 5> celsius = {0.0, 15.0, 15.55, 20.0, 25.0};

// Per component: M [g/mol] (Table A.2), number of H atoms, summation factor s at 0, 15,
// 15.55, 20 degC (Table A.3), gross calorific value [kJ/mol] at 0, 15, 15.55, 20, 25 degC
// (Table A.4). Order: Composition's 21 components, then 2,2-dimethylpropane.
struct Row {
  double m;
  int h;
  std::array<double, 4> s;
  std::array<double, 5> hc;
};
// clang-format off
constexpr std::array<Row, iso6976_component_count> table = {{
    {16.04246, 4, {0.04886, 0.04452, 0.04437, 0.04317}, {892.92, 891.51, 891.46, 891.05, 890.58}},
    {28.0134, 0, {0.0214, 0.0170, 0.0169, 0.0156}, {0, 0, 0, 0, 0}},  // nitrogen
    {44.0095, 0, {0.0821, 0.0752, 0.0749, 0.0730}, {0, 0, 0, 0, 0}},  // carbon dioxide
    {30.06904, 6, {0.0997, 0.0919, 0.0916, 0.0895},
     {1564.35, 1562.14, 1562.06, 1561.42, 1560.69}},  // ethane
    {44.09562, 8, {0.1465, 0.1344, 0.1340, 0.1308},
     {2224.03, 2221.10, 2220.99, 2220.13, 2219.17}},  // propane
    {58.12220, 10, {0.1885, 0.1722, 0.1717, 0.1673},
     {2874.21, 2870.58, 2870.45, 2869.39, 2868.20}},  // isobutane (2-methylpropane)
    {58.12220, 10, {0.2022, 0.1840, 0.1834, 0.1785},
     {2883.35, 2879.76, 2879.63, 2878.58, 2877.40}},  // n-butane
    {72.14878, 12, {0.2458, 0.2251, 0.2244, 0.2189},
     {3536.01, 3531.68, 3531.52, 3530.25, 3528.83}},  // isopentane (2-methylbutane)
    {72.14878, 12, {0.2586, 0.2361, 0.2354, 0.2295},
     {3542.91, 3538.60, 3538.45, 3537.19, 3535.77}},  // n-pentane
    {86.17536, 14, {0.3319, 0.3001, 0.2990, 0.2907},
     {4203.24, 4198.24, 4198.06, 4196.60, 4194.95}},  // n-hexane
    {100.20194, 16, {0.4076, 0.3668, 0.3654, 0.3547},
     {4862.88, 4857.18, 4856.98, 4855.31, 4853.43}},  // n-heptane
    {114.22852, 18, {0.4845, 0.4346, 0.4329, 0.4198},
     {5522.41, 5516.01, 5515.78, 5513.90, 5511.80}},  // n-octane
    {128.25510, 20, {0.5617, 0.5030, 0.5010, 0.4856},
     {6182.92, 6175.82, 6175.56, 6173.48, 6171.15}},  // n-nonane
    {142.28168, 22, {0.6713, 0.5991, 0.5967, 0.5778},
     {6842.69, 6834.90, 6834.62, 6832.33, 6829.77}},  // n-decane
    {2.01588, 2, {-0.01, -0.01, -0.01, -0.01}, {286.64, 286.15, 286.13, 285.99, 285.83}},  // H2
    {31.9988, 0, {0.0311, 0.0276, 0.0275, 0.0265}, {0, 0, 0, 0, 0}},  // oxygen
    {28.0101, 0, {0.0258, 0.0217, 0.0215, 0.0203},
     {282.80, 282.91, 282.91, 282.95, 282.98}},  // carbon monoxide
    // Water: its "gross calorific value" is the enthalpy of vaporisation L (Table A.4).
    {18.01528, 2, {0.3093, 0.2562, 0.2546, 0.2419}, {45.064, 44.431, 44.408, 44.222, 44.013}},
    {34.08088, 2, {0.1006, 0.0923, 0.0920, 0.0898},
     {562.93, 562.38, 562.36, 562.19, 562.01}},  // hydrogen sulfide
    {4.002602, 0, {-0.01, -0.01, -0.01, -0.01}, {0, 0, 0, 0, 0}},  // helium
    {39.948, 0, {0.0307, 0.0273, 0.0272, 0.0262}, {0, 0, 0, 0, 0}},  // argon
    {72.14878, 12, {0.2245, 0.2040, 0.2033, 0.1979},
     {3521.75, 3517.44, 3517.28, 3516.02, 3514.61}},  // 2,2-dimethylpropane (neopentane)
}};
// clang-format on
constexpr std::size_t water = static_cast<std::size_t>(Component::water);

}  // namespace

Iso6976Result iso6976_properties(std::span<const double, iso6976_component_count> x,
                                 Iso6976Temperature combustion, Iso6976Temperature metering,
                                 double pressure_pa) {
  const auto k1 = static_cast<std::size_t>(combustion);
  const auto k2 = static_cast<std::size_t>(metering);
  if (k2 >= z_air.size())
    throw std::invalid_argument(
        "ISO 6976: the metering reference temperature must be 0, 15, "
        "15.55 or 20 degC");
  if (!(pressure_pa >= 90e3 && pressure_pa <= 110e3))
    throw std::invalid_argument("ISO 6976: the reference pressure must lie in 90..110 kPa");
  double m = 0.0, sum_s = 0.0, hc = 0.0, h_atoms = 0.0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    m += x[j] * table[j].m;
    sum_s += x[j] * table[j].s[k2];
    hc += x[j] * table[j].hc[k1];
    h_atoms += x[j] * table[j].h;
  }
  const double t2 = 273.15 + celsius[k2];
  Iso6976Result r;
  r.molar_mass_kg_per_mol = m * 1e-3;
  r.compression_factor = 1.0 - pressure_pa / p0_pa * sum_s * sum_s;       // eq. (1)
  r.gross_cv_j_per_mol = hc * 1e3;                                        // eq. (2)
  r.net_cv_j_per_mol = (hc - 0.5 * h_atoms * table[water].hc[k1]) * 1e3;  // eq. (3)
  r.gross_cv_j_per_kg = r.gross_cv_j_per_mol / r.molar_mass_kg_per_mol;
  r.net_cv_j_per_kg = r.net_cv_j_per_mol / r.molar_mass_kg_per_mol;
  const double mol_per_m3 = pressure_pa / (r.compression_factor * r_iso * t2);  // 1/(Z V0)
  r.gross_cv_j_per_m3 = r.gross_cv_j_per_mol * mol_per_m3;
  r.net_cv_j_per_m3 = r.net_cv_j_per_mol * mol_per_m3;
  r.density_kg_per_m3 = r.molar_mass_kg_per_mol * mol_per_m3;
  r.relative_density = m / air_molar_mass_g * z_air[k2] / r.compression_factor;
  r.gross_wobbe_j_per_m3 = r.gross_cv_j_per_m3 / std::sqrt(r.relative_density);
  r.net_wobbe_j_per_m3 = r.net_cv_j_per_m3 / std::sqrt(r.relative_density);
  return r;
}

Iso6976Result iso6976_properties(const Composition& x, Iso6976Temperature combustion,
                                 Iso6976Temperature metering, double pressure_pa) {
  std::array<double, iso6976_component_count> y{};
  for (std::size_t i = 0; i < component_count; ++i) y[i] = x.fractions()[i];
  return iso6976_properties(y, combustion, metering, pressure_pa);
}

double iso6976_molar_mass_kg_per_mol(std::size_t index) { return table.at(index).m * 1e-3; }

GasProperties apply_composition(GasProperties base, const Composition& x) {
  const auto normal = iso6976_properties(x, Iso6976Temperature::c25, Iso6976Temperature::c0);
  base.molar_mass_kg_per_mol = normal.molar_mass_kg_per_mol;
  base.normal_density_kg_per_m3 = normal.density_kg_per_m3;
  base.higher_heating_value_j_per_m3 = normal.gross_cv_j_per_m3;
  return base;
}

}  // namespace linepack::gas
