#include "linepack/gas/gerg2008.hpp"

#include <cmath>

#include "linepack/gas/gerg2008_tables.hpp"

namespace linepack::gas {
namespace {

constexpr double r_gerg = 8.314472;  // J/(mol K), Kunz & Wagner (2012)
constexpr double r_star = 8.31451;   // J/(mol K), of the ideal-gas heat capacities

double mixture_molar_mass(const Composition& x) {
  double m = 0.0;
  for (std::size_t i = 0; i < component_count; ++i)
    m += x.fractions()[i] * gerg::pure_fluids()[i].molar_mass_g_per_mol;
  return m * 1e-3;
}

/// Adds `t` to `terms`, merging it with an existing term of the same shape.
void add_term(std::vector<Gerg2008::Term>& terms, const Gerg2008::Term& t) {
  for (auto& e : terms) {
    if (e.d == t.d && e.t == t.t && e.kind == t.kind && e.c == t.c && e.eta == t.eta &&
        e.eps == t.eps && e.beta == t.beta && e.gamma == t.gamma) {
      e.n += t.n;
      return;
    }
  }
  terms.push_back(t);
}

}  // namespace

Gerg2008::Gerg2008(const Composition& comp)
    : HelmholtzMixture(mixture_molar_mass(comp), r_gerg), ideal_(comp, r_star / r_gerg, r_gerg) {
  const auto& x = comp.fractions();
  const auto& fluids = gerg::pure_fluids();

  // Reducing functions (Kunz & Wagner eqs. 7.9, 7.10): 1/rho_r and T_r as sums over i <= j of
  // x_i x_j beta gamma (x_i + x_j)/(beta^2 x_i + x_j) times the combining rules of the critical
  // volumes and temperatures; the diagonal terms reduce to x_i^2 / rho_c,i and x_i^2 T_c,i.
  std::array<std::array<double, 4>, component_count * component_count> pair{};
  for (auto& p : pair) p = {1.0, 1.0, 1.0, 1.0};
  for (const auto& r : gerg::reducing_pairs())
    pair[r.i * component_count + r.j] = {r.beta_v, r.gamma_v, r.beta_t, r.gamma_t};
  double vr = 0.0;
  tr_ = 0.0;
  for (std::size_t i = 0; i < component_count; ++i) {
    if (!(x[i] > 0.0)) continue;
    const auto& fi = fluids[i];
    vr += x[i] * x[i] / fi.critical_density_mol_per_l;
    tr_ += x[i] * x[i] * fi.critical_temperature_k;
    for (std::size_t j = i + 1; j < component_count; ++j) {
      if (!(x[j] > 0.0)) continue;
      const auto& fj = fluids[j];
      const auto& [bv, gv, bt, gt] = pair[i * component_count + j];
      const double cv = std::pow(std::cbrt(1.0 / fi.critical_density_mol_per_l) +
                                     std::cbrt(1.0 / fj.critical_density_mol_per_l),
                                 3) /
                        8.0;
      const double ct = std::sqrt(fi.critical_temperature_k * fj.critical_temperature_k);
      const double xx = 2.0 * x[i] * x[j] * (x[i] + x[j]);
      vr += xx * bv * gv * cv / (bv * bv * x[i] + x[j]);
      tr_ += xx * bt * gt * ct / (bt * bt * x[i] + x[j]);
    }
  }
  rhor_ = 1.0 / vr;

  // Residual terms: sum_i x_i alpha_oi + sum_{i<j} x_i x_j F_ij alpha_ij (eq. 7.5), with all
  // terms of equal shape merged (most hydrocarbons share the same 12-term form).
  for (std::size_t i = 0; i < component_count; ++i) {
    if (!(x[i] > 0.0)) continue;
    const auto& s = *fluids[i].shape;
    for (int k = 0; k < s.count; ++k) {
      const bool expo = k >= s.kpol;
      add_term(terms_, {x[i] * fluids[i].n[k], s.d[k], s.t[k], expo ? 1 : 0, expo ? s.c[k] : 0, 0.0,
                        0.0, 0.0, 0.0});
    }
  }
  for (const auto& p : gerg::departure_pairs()) {
    const double w = x[p.i] * x[p.j] * p.f;
    if (w == 0.0) continue;
    for (const auto& t : p.terms) {
      if (t.gaussian)
        add_term(terms_, {w * t.n, t.d, t.t, 2, 0, t.eta, t.eps, t.beta, t.gamma});
      else
        add_term(terms_, {w * t.n, t.d, t.t, 0, 0, 0.0, 0.0, 0.0, 0.0});
    }
  }
}

ReducedHelmholtz Gerg2008::residual(double t_k, double rho, bool full) const {
  // For a term f = n delta^d tau^t E(delta) with g = delta d(ln E)/d(delta), h = d + g and the
  // operator D = delta d/d(delta): D f = h f, delta^2 f'' = (Dg + h^2 - h) f,
  // delta^3 f''' = (D^2 g + 3 h Dg + h^3 - 3 (Dg + h^2) + 2 h) f, tau f_tau = t f.
  const double delta = rho * 1e-3 / rhor_;
  const double tau = tr_ / t_k;
  // tau^t of every term, cached per thread for the last (object, temperature): a density solve
  // or an isotherm fit evaluates many densities at one temperature.
  thread_local std::uint64_t cached_id = 0;
  thread_local double cached_tau = 0.0;
  thread_local std::vector<double> tau_t;
  if (cached_id != instance_id() || cached_tau != tau) {
    const double ln_tau = std::log(tau);
    tau_t.resize(terms_.size());
    for (std::size_t i = 0; i < terms_.size(); ++i)
      tau_t[i] = terms_[i].t == 0.0 ? 1.0 : std::exp(terms_[i].t * ln_tau);
    cached_id = instance_id();
    cached_tau = tau;
  }
  std::array<double, 11> dp{};  // delta^0..delta^10
  dp[0] = 1.0;
  for (std::size_t i = 1; i < dp.size(); ++i) dp[i] = dp[i - 1] * delta;
  std::array<double, 7> ex{};  // exp(-delta^c), c = 1..6
  for (std::size_t c = 1; c < ex.size(); ++c) ex[c] = std::exp(-dp[c]);

  ReducedHelmholtz r;
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    const Term& term = terms_[i];
    double e = 1.0, g = 0.0, dg = 0.0, d2g = 0.0;
    if (term.kind == 1) {
      const double dc = dp[term.c];
      e = ex[term.c];
      g = -term.c * dc;
      dg = -term.c * term.c * dc;
      d2g = -term.c * term.c * term.c * dc;
    } else if (term.kind == 2) {
      const double b = 2.0 * term.eta * term.eps - term.beta;
      const double q = term.eta * delta * delta;
      e = std::exp(-term.eta * (delta - term.eps) * (delta - term.eps) -
                   term.beta * (delta - term.gamma));
      g = -2.0 * q + b * delta;
      dg = -4.0 * q + b * delta;
      d2g = -8.0 * q + b * delta;
    }
    const double f = term.n * dp[term.d] * tau_t[i] * e;
    const double h = term.d + g;
    r.d1 += h * f;
    r.d2 += (dg + h * h - h) * f;
    if (full) {
      r.a += f;
      r.d3 += (d2g + 3.0 * h * dg + h * h * h - 3.0 * (dg + h * h) + 2.0 * h) * f;
      r.t1 += term.t * f;
      r.t2 += term.t * (term.t - 1.0) * f;
      r.dt += term.t * h * f;
    }
  }
  return r;
}

}  // namespace linepack::gas
