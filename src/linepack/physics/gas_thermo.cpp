#include "linepack/physics/gas_thermo.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace linepack::physics {
namespace {
bool helmholtz_kind(gas::EosKind k) {
  return k == gas::EosKind::aga8_detail || k == gas::EosKind::gerg2008;
}
constexpr int max_newton = 30;
constexpr double temperature_tolerance_k = 1e-9;
}  // namespace

GasThermo::GasThermo(const model::PhysicsSettings& physics) : physics_(physics) {
  if (helmholtz_kind(physics.eos.kind)) {
    if (!physics.eos.composition)
      throw std::invalid_argument("the energy equation with " + gas::to_string(physics.eos.kind) +
                                  " needs a gas composition");
    mixture_ = gas::make_real_gas_mixture(physics.eos.kind, *physics.eos.composition);
    rs_ = mixture_->gas_constant() / mixture_->molar_mass_kg_per_mol();
  } else {
    rs_ = physics.gas.specific_gas_constant();
  }
  kappa_ = physics.gas.isentropic_exponent;
  cp_ideal_ = kappa_ / (kappa_ - 1.0) * rs_;
}

gas::ThermoProperties GasThermo::state(double p_pa, double t_k) const {
  return mixture_->properties_tp(t_k, std::max(p_pa, 1.0));
}

double GasThermo::z_factor(double p_pa, double t_k) const {
  if (mixture_) return state(p_pa, t_k).z;
  return gas::EquationOfState(physics_.eos, physics_.gas, t_k).z_factor(std::max(p_pa, 0.0));
}

ThermoPoint GasThermo::at(double p_pa, double t_k) const {
  if (mixture_) {
    const auto s = state(p_pa, t_k);
    return {s.cp_j_per_mol_k / s.molar_mass_kg_per_mol, s.joule_thomson_k_per_pa};
  }
  ThermoPoint out{cp_ideal_, 0.0};
  if (p_pa > 0.0 && physics_.eos.kind != gas::EosKind::ideal &&
      physics_.eos.kind != gas::EosKind::constant_z) {
    // mu_JT = R_s T^2 / (p cp) (dZ/dT)_p, dZ/dT by a central difference (the laws are smooth in T).
    double dz_dt = 0.0;
    if (physics_.eos.kind == gas::EosKind::papay) {
      // Papay (1968), Z = 1 - 3.52 pr exp(-2.26 Tr) + 0.274 pr^2 exp(-1.878 Tr): dZ/dT in closed
      // form (the energy equation's pipe march calls this once or twice per segment).
      const double tpc = physics_.gas.pseudo_critical_temperature_k;
      const double pr = p_pa / physics_.gas.pseudo_critical_pressure_pa, tr = t_k / tpc;
      dz_dt = (3.52 * 2.26 * pr * std::exp(-2.26 * tr) -
               0.274 * 1.878 * pr * pr * std::exp(-1.878 * tr)) / tpc;
    } else {
      const double dt = 0.01;
      dz_dt = (z_factor(p_pa, t_k + dt) - z_factor(p_pa, t_k - dt)) / (2.0 * dt);
    }
    out.joule_thomson_k_per_pa = rs_ * t_k * t_k / (p_pa * cp_ideal_) * dz_dt;
  }
  return out;
}

double GasThermo::enthalpy_change_j_per_kg(double p_pa, double t1_k, double t2_k) const {
  if (!mixture_) return cp_ideal_ * (t2_k - t1_k);
  const auto a = state(p_pa, t1_k), b = state(p_pa, t2_k);
  return (b.enthalpy_j_per_mol - a.enthalpy_j_per_mol) / a.molar_mass_kg_per_mol;
}

namespace {
/// Temperature at p whose molar enthalpy is h_target: Newton with dh/dT = cp.
double temperature_at(const gas::HelmholtzMixture& m, double p_pa, double h_target_j_per_mol,
                      double guess_k) {
  double t = guess_k;
  for (int i = 0; i < max_newton; ++i) {
    const auto s = m.properties_tp(t, p_pa);
    const double step = (s.enthalpy_j_per_mol - h_target_j_per_mol) / s.cp_j_per_mol_k;
    t -= step;
    if (std::abs(step) < temperature_tolerance_k) break;
  }
  return t;
}
/// Temperature at p whose molar entropy is s_target: Newton with ds/dT = cp / T.
double temperature_at_entropy(const gas::HelmholtzMixture& m, double p_pa, double s_target,
                              double guess_k) {
  double t = guess_k;
  for (int i = 0; i < max_newton; ++i) {
    const auto s = m.properties_tp(t, p_pa);
    const double step = (s.entropy_j_per_mol_k - s_target) * t / s.cp_j_per_mol_k;
    t -= step;
    if (std::abs(step) < temperature_tolerance_k) break;
  }
  return t;
}
}  // namespace

double GasThermo::temperature_after_j_per_kg(double p_pa, double t_k, double dh_j_per_kg) const {
  if (!mixture_) return t_k + dh_j_per_kg / cp_ideal_;
  const auto s = state(p_pa, t_k);
  const double dh_mol = dh_j_per_kg * s.molar_mass_kg_per_mol;
  return temperature_at(*mixture_, std::max(p_pa, 1.0), s.enthalpy_j_per_mol + dh_mol,
                        t_k + dh_mol / s.cp_j_per_mol_k);
}

double GasThermo::isenthalpic_outlet_k(double p_in_pa, double t_in_k, double p_out_pa) const {
  if (p_in_pa == p_out_pa) return t_in_k;
  if (mixture_) {
    const auto s = state(p_in_pa, t_in_k);
    return temperature_at(*mixture_, std::max(p_out_pa, 1.0), s.enthalpy_j_per_mol,
                          t_in_k + s.joule_thomson_k_per_pa * (p_out_pa - p_in_pa));
  }
  // dT/dp = mu_JT(p, T) along the isenthalp, midpoint rule in steps of at most 2 bar (16 at
  // most; lossless connections, with their tiny regularised drops, take one).
  const int steps = std::clamp(static_cast<int>(std::ceil(std::abs(p_out_pa - p_in_pa) / 2e5)), 1, 16);
  const double dp = (p_out_pa - p_in_pa) / steps;
  double p = p_in_pa, t = t_in_k;
  for (int i = 0; i < steps; ++i) {
    const double t_half = t + 0.5 * dp * at(p, t).joule_thomson_k_per_pa;
    t += dp * at(p + 0.5 * dp, t_half).joule_thomson_k_per_pa;
    p += dp;
  }
  return t;
}

Compression GasThermo::compress(double p_in_pa, double t_in_k, double p_out_pa, double efficiency,
                                bool polytropic) const {
  const double ratio = p_out_pa / p_in_pa;
  if (!(ratio > 1.0)) return {t_in_k, 0.0};
  if (!mixture_) {
    // Ideal gas with exponent kappa: isentropic T2s = T1 r^((k-1)/k), T2 = T1 + (T2s - T1)/eta;
    // polytropic T2 = T1 r^((k-1)/(k eta_p)) (e.g. Menon, Gas Pipeline Hydraulics, 2005, ch. 10).
    const double m = (kappa_ - 1.0) / kappa_;
    const double t2 = polytropic ? t_in_k * std::pow(ratio, m / efficiency)
                                 : t_in_k * (1.0 + std::expm1(m * std::log(ratio)) / efficiency);
    return {t2, cp_ideal_ * (t2 - t_in_k)};
  }
  const auto in = state(p_in_pa, t_in_k);
  const double molar_mass = in.molar_mass_kg_per_mol;
  double h_out = 0.0, t_out = 0.0;
  if (!polytropic) {
    // Real-gas isentrope: s(p2, T2s) = s(p1, T1); h2 = h1 + (h2s - h1) / eta.
    const double guess = t_in_k * std::pow(ratio, (in.isentropic_exponent - 1.0) / in.isentropic_exponent);
    const double t2s = temperature_at_entropy(*mixture_, p_out_pa, in.entropy_j_per_mol_k, guess);
    const double h2s = mixture_->properties_tp(t2s, p_out_pa).enthalpy_j_per_mol;
    h_out = in.enthalpy_j_per_mol + (h2s - in.enthalpy_j_per_mol) / efficiency;
    t_out = temperature_at(*mixture_, p_out_pa, h_out, t2s);
  } else {
    // Polytropic path: dh = v dp / eta_p (each small step is an isentropic step dh_s = v dp at
    // efficiency eta_p; e.g. Huntington 1985, ASME J. Eng. Gas Turbines Power 107, 872), in 32
    // pressure steps equal in ln p, trapezoidal in v.
    const int steps = 32;
    const double growth = std::pow(ratio, 1.0 / steps);
    double p = p_in_pa, t = t_in_k, h = in.enthalpy_j_per_mol;
    double v = 1.0 / in.density_mol_per_m3;  // m^3/mol
    for (int i = 0; i < steps; ++i) {
      const double p_next = p * growth, dp = p_next - p;
      const auto st = mixture_->properties_tp(t, p);
      const double t_pred = t + v * dp / efficiency / st.cp_j_per_mol_k;
      const double h_pred = h + v * dp / efficiency;
      const double t_guess = temperature_at(*mixture_, p_next, h_pred, t_pred);
      const double v_next = 1.0 / mixture_->properties_tp(t_guess, p_next).density_mol_per_m3;
      h += 0.5 * (v + v_next) * dp / efficiency;
      t = temperature_at(*mixture_, p_next, h, t_guess);
      v = 1.0 / mixture_->properties_tp(t, p_next).density_mol_per_m3;
      p = p_next;
    }
    h_out = h;
    t_out = t;
  }
  return {t_out, (h_out - in.enthalpy_j_per_mol) / molar_mass};
}

}  // namespace linepack::physics
