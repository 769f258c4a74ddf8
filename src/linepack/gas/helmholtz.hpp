#pragma once
// Common part of the Helmholtz-energy equations of state (AGA8 DETAIL, GERG-2008): the
// properties from the reduced Helmholtz energy alpha = a / (R T) = alpha0 + alphar and its
// derivatives, and the density solve at given (T, p).
//
// Property relations (e.g. Kunz & Wagner, J. Chem. Eng. Data 57 (2012) 3032, Table B4; the
// same as AGA Report No. 8 (2017), Parts 1 and 2), with delta = rho/rho_r, tau = T_r/T:
//   Z = 1 + d1r                        dp/drho = R T (1 + 2 d1r + d2r)
//   dp/dT = rho R (1 + d1r - dtr)      d2p/drho2 = R T (2 d1r + 4 d2r + d3r) / rho
//   u = R T (t1o + t1r)                h = u + p/rho        s = R (t1o + t1r - ao - ar)
//   cv = -R (t2o + t2r)                cp = cv + T (dp/dT / rho)^2 / (dp/drho)
//   w^2 = (cp/cv) (dp/drho) / M        mu_JT = (T dp/dT / (rho dp/drho) - 1) / (rho cp)
//   kappa = w^2 M / (R T Z)  (isentropic exponent, = rho w^2 / p)
// where d1 = delta alpha_delta, d2 = delta^2 alpha_deltadelta, d3 = delta^3 alpha_ddd,
// t1 = tau alpha_tau, t2 = tau^2 alpha_tautau, dt = tau delta alpha_taudelta.
#include <cstdint>
#include <string>

namespace linepack::gas {

/// Reduced Helmholtz energy and its derivatives (dimensionless, see the header comment).
struct ReducedHelmholtz {
  double a = 0.0;
  double d1 = 0.0;
  double d2 = 0.0;
  double d3 = 0.0;
  double t1 = 0.0;
  double t2 = 0.0;
  double dt = 0.0;
};

/// Thermodynamic state of the mixture (SI; molar quantities per mol of mixture). Enthalpy,
/// entropy and energies are relative to the ideal gas at 298.15 K and 101.325 kPa (the
/// reference state of AGA Report No. 8 (2017)).
struct ThermoProperties {
  double temperature_k = 0.0;
  double pressure_pa = 0.0;
  double density_mol_per_m3 = 0.0;
  double density_kg_per_m3 = 0.0;
  double molar_mass_kg_per_mol = 0.0;
  double z = 0.0;          ///< compressibility factor
  double dp_drho = 0.0;    ///< (dp/drho)_T [Pa m^3/mol]
  double d2p_drho2 = 0.0;  ///< (d2p/drho2)_T [Pa m^6/mol^2]
  double dp_dt = 0.0;      ///< (dp/dT)_rho [Pa/K]
  double internal_energy_j_per_mol = 0.0;
  double enthalpy_j_per_mol = 0.0;
  double entropy_j_per_mol_k = 0.0;
  double gibbs_energy_j_per_mol = 0.0;
  double helmholtz_energy_j_per_mol = 0.0;
  double cv_j_per_mol_k = 0.0;
  double cp_j_per_mol_k = 0.0;
  double speed_of_sound_m_per_s = 0.0;
  double joule_thomson_k_per_pa = 0.0;
  double isentropic_exponent = 0.0;
};

/// A mixture of fixed composition described by a Helmholtz-energy equation of state.
class HelmholtzMixture {
 public:
  HelmholtzMixture(double molar_mass_kg_per_mol, double gas_constant_j_per_mol_k);
  virtual ~HelmholtzMixture() = default;

  virtual std::string name() const = 0;
  /// Residual part at (T [K], rho [mol/m^3]): d1, d2 always; a, d3, t1, t2, dt when `full`.
  virtual ReducedHelmholtz residual(double t_k, double rho_mol_per_m3, bool full) const = 0;
  /// Ideal-gas part: a, t1, t2 (the density derivatives follow from alpha0 = ln rho + f(T)).
  virtual ReducedHelmholtz ideal(double t_k, double rho_mol_per_m3) const = 0;

  /// Molar mass of the mixture from the equation's own table [kg/mol].
  double molar_mass_kg_per_mol() const { return molar_mass_; }
  /// The equation's molar gas constant [J/(mol K)].
  double gas_constant() const { return r_; }

  /// Pressure [Pa] at (T, rho).
  double pressure_pa(double t_k, double rho_mol_per_m3) const;
  /// Compressibility factor Z at (T, rho).
  double z_factor(double t_k, double rho_mol_per_m3) const;
  /// Gas-phase density [mol/m^3] at (T, p): Newton's method in ln(rho) from the ideal gas
  /// (or from `guess` > 0), to rounding level. Throws std::domain_error when it finds no
  /// root with dp/drho > 0 (two-phase or liquid region, or far outside the range).
  double density_mol_per_m3(double t_k, double p_pa, double guess = 0.0) const;
  /// All properties at (T, rho).
  ThermoProperties properties(double t_k, double rho_mol_per_m3) const;
  /// All properties at (T, p) (density solve first).
  ThermoProperties properties_tp(double t_k, double p_pa) const;

 protected:
  /// Distinguishes mixture objects (copies share it), e.g. for per-thread caches of
  /// temperature-dependent terms in residual().
  std::uint64_t instance_id() const { return id_; }

 private:
  double molar_mass_;
  double r_;
  std::uint64_t id_;
};

}  // namespace linepack::gas
