#include "linepack/gas/helmholtz.hpp"

#include <atomic>
#include <cmath>
#include <stdexcept>
#include <string>

namespace linepack::gas {

HelmholtzMixture::HelmholtzMixture(double molar_mass_kg_per_mol, double gas_constant_j_per_mol_k)
    : molar_mass_(molar_mass_kg_per_mol), r_(gas_constant_j_per_mol_k) {
  static std::atomic<std::uint64_t> counter{0};
  id_ = ++counter;
}

double HelmholtzMixture::pressure_pa(double t_k, double rho) const {
  if (rho == 0.0) return 0.0;
  return rho * r_ * t_k * (1.0 + residual(t_k, rho, false).d1);
}

double HelmholtzMixture::z_factor(double t_k, double rho) const {
  if (rho == 0.0) return 1.0;
  return 1.0 + residual(t_k, rho, false).d1;
}

double HelmholtzMixture::density_mol_per_m3(double t_k, double p_pa, double guess) const {
  if (!(t_k > 0.0) || !std::isfinite(t_k) || !std::isfinite(p_pa) || p_pa < 0.0)
    throw std::domain_error(name() + ": no density at T = " + std::to_string(t_k) +
                            " K, p = " + std::to_string(p_pa) + " Pa");
  if (p_pa == 0.0) return 0.0;
  const double rt = r_ * t_k;
  // Newton's method on ln p(ln rho) = ln p_target (the scheme of AGA Report No. 8): ln p is
  // nearly linear in ln rho in the gas phase. Where dp/drho <= 0 (inside the spinodal) the
  // density is lowered towards the gas branch instead.
  double ln_rho = std::log(guess > 0.0 ? guess : p_pa / rt);
  const double ln_p = std::log(p_pa);
  int small_steps = 0;
  for (int it = 0; it < 100; ++it) {
    const double rho = std::exp(ln_rho);
    const ReducedHelmholtz r = residual(t_k, rho, false);
    const double p = rho * rt * (1.0 + r.d1);
    const double dp_dlnrho = rho * rt * (1.0 + 2.0 * r.d1 + r.d2);
    if (!(p > 0.0) || !(dp_dlnrho > 0.0) || !std::isfinite(p) || !std::isfinite(dp_dlnrho)) {
      ln_rho -= 0.1;
      small_steps = 0;
      continue;
    }
    const double step = (std::log(p) - ln_p) * p / dp_dlnrho;
    ln_rho -= step;
    // Quadratic convergence: the step after one below 1e-10 is at rounding level.
    if (std::abs(step) >= 1e-10)
      small_steps = 0;
    else if (++small_steps == 2)
      return std::exp(ln_rho);
  }
  throw std::domain_error(
      name() + ": the density solve did not converge at T = " + std::to_string(t_k) +
      " K, p = " + std::to_string(p_pa * 1e-5) + " bar (two-phase, liquid or out of range)");
}

ThermoProperties HelmholtzMixture::properties(double t_k, double rho) const {
  const ReducedHelmholtz r = residual(t_k, rho, true);
  const ReducedHelmholtz o = ideal(t_k, rho);
  const double rt = r_ * t_k;
  ThermoProperties s;
  s.temperature_k = t_k;
  s.density_mol_per_m3 = rho;
  s.molar_mass_kg_per_mol = molar_mass_;
  s.density_kg_per_m3 = rho * molar_mass_;
  s.z = 1.0 + r.d1;
  s.pressure_pa = rho * rt * s.z;
  s.dp_drho = rt * (1.0 + 2.0 * r.d1 + r.d2);
  s.dp_dt = rho * r_ * (1.0 + r.d1 - r.dt);
  s.internal_energy_j_per_mol = rt * (o.t1 + r.t1);
  s.enthalpy_j_per_mol = rt * (1.0 + r.d1 + o.t1 + r.t1);
  s.entropy_j_per_mol_k = r_ * (o.t1 + r.t1 - o.a - r.a);
  s.gibbs_energy_j_per_mol = rt * (1.0 + r.d1 + o.a + r.a);
  s.helmholtz_energy_j_per_mol = rt * (o.a + r.a);
  s.cv_j_per_mol_k = -r_ * (o.t2 + r.t2);
  if (rho > 0.0) {
    s.cp_j_per_mol_k = s.cv_j_per_mol_k + t_k * (s.dp_dt / rho) * (s.dp_dt / rho) / s.dp_drho;
    s.d2p_drho2 = rt * (2.0 * r.d1 + 4.0 * r.d2 + r.d3) / rho;
    s.joule_thomson_k_per_pa = (t_k / rho * s.dp_dt / s.dp_drho - 1.0) / (s.cp_j_per_mol_k * rho);
  } else {  // ideal-gas limit
    s.cp_j_per_mol_k = s.cv_j_per_mol_k + r_;
  }
  const double w2 = s.cp_j_per_mol_k / s.cv_j_per_mol_k * s.dp_drho / molar_mass_;
  s.speed_of_sound_m_per_s = w2 > 0.0 ? std::sqrt(w2) : 0.0;
  s.isentropic_exponent = w2 * molar_mass_ / (rt * s.z);
  return s;
}

ThermoProperties HelmholtzMixture::properties_tp(double t_k, double p_pa) const {
  return properties(t_k, density_mol_per_m3(t_k, p_pa));
}

}  // namespace linepack::gas
