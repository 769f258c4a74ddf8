#pragma once
// Caloric properties of the network's gas at any (p, T), as the energy equation needs them:
// isobaric heat capacity cp, Joule-Thomson coefficient mu_JT, enthalpy changes, and the
// discharge temperature of a compression. docs/physics.md, steady energy equation.
//
// Two levels, by the equation of state of the network:
// - Helmholtz-energy kinds (aga8-detail, gerg2008): everything from the equation itself
//   (gas/helmholtz.hpp): cp, mu_JT, h(p, T), s(p, T); compression along the real-gas isentrope or
//   polytropic path.
// - the other kinds: cp of the ideal gas from the isentropic exponent, cp = kappa R_s / (kappa - 1);
//   mu_JT = R_s T^2 / (p cp) (dZ/dT)_p (from v = Z R_s T / p and mu_JT = (T (dv/dT)_p - v) / cp,
//   e.g. Smith, Van Ness and Abbott, Introduction to Chemical Engineering Thermodynamics, 7th ed.,
//   §6), with dZ/dT from the law's own temperature dependence (Papay, CNGA; 0 for ideal and
//   constant Z); compression with the ideal-gas exponent relations.
#include <memory>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/model/network.hpp"

namespace linepack::physics {

struct ThermoPoint {
  double cp_j_per_kg_k = 0.0;
  double joule_thomson_k_per_pa = 0.0;
};

struct Compression {
  double discharge_temperature_k = 0.0;
  double specific_work_j_per_kg = 0.0;  ///< enthalpy rise h_out - h_in
};

class GasThermo {
 public:
  explicit GasThermo(const model::PhysicsSettings& physics);

  /// True when the properties come from a Helmholtz-energy equation (real-gas caloric data).
  bool real_gas_caloric() const { return mixture_ != nullptr; }
  ThermoPoint at(double p_pa, double t_k) const;
  /// Compressibility factor at (p, T).
  double z_factor(double p_pa, double t_k) const;
  /// h(p, t2) - h(p, t1) [J/kg].
  double enthalpy_change_j_per_kg(double p_pa, double t1_k, double t2_k) const;
  /// Temperature at pressure p whose enthalpy is h(p, t_k) + dh.
  double temperature_after_j_per_kg(double p_pa, double t_k, double dh_j_per_kg) const;
  /// Temperature after an isenthalpic expansion (valve, regulator, resistor) from p_in to p_out.
  double isenthalpic_outlet_k(double p_in_pa, double t_in_k, double p_out_pa) const;
  /// Compression from (p_in, t_in) to p_out with an isentropic or polytropic efficiency.
  Compression compress(double p_in_pa, double t_in_k, double p_out_pa, double efficiency,
                       bool polytropic) const;

 private:
  gas::ThermoProperties state(double p_pa, double t_k) const;  // Helmholtz kinds only

  model::PhysicsSettings physics_;
  std::shared_ptr<const gas::HelmholtzMixture> mixture_;
  double rs_ = 0.0;      // specific gas constant [J/(kg K)]
  double cp_ideal_ = 0.0;
  double kappa_ = 1.3;
};

}  // namespace linepack::physics
