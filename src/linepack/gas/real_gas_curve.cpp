#include "linepack/gas/real_gas_curve.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "linepack/units/constants.hpp"

namespace linepack::gas {
namespace {

/// Chebyshev coefficients (f = sum c_j T_j) of the interpolant through f_k = f(cos(pi k/n)),
/// k = 0..n (Lobatto points; a type-I discrete cosine transform).
std::vector<double> interpolate(const std::vector<double>& f) {
  const std::size_t n = f.size() - 1;
  std::vector<double> c(n + 1, 0.0);
  for (std::size_t j = 0; j <= n; ++j) {
    double s = 0.0;
    for (std::size_t k = 0; k <= n; ++k) {
      const double w = (k == 0 || k == n) ? 0.5 : 1.0;
      s += w * f[k] * std::cos(units::pi * static_cast<double>(j * k % (2 * n)) / n);
    }
    c[j] = 2.0 * s / n;
  }
  c[0] *= 0.5;
  c[n] *= 0.5;
  return c;
}

/// Coefficients of df/dx for f = sum c_j T_j (d_{k-1} = d_{k+1} + 2k c_k, then d_0 / 2).
std::vector<double> differentiate(const std::vector<double>& c) {
  const std::size_t n = c.size() - 1;
  std::vector<double> d(n + 2, 0.0);
  for (std::size_t k = n; k >= 1; --k) d[k - 1] = d[k + 1] + 2.0 * static_cast<double>(k) * c[k];
  d[0] *= 0.5;
  d.resize(std::max<std::size_t>(n, 1));
  return d;
}

/// Coefficients of F(x) = integral_{-1}^x (alpha + beta x') g(x') dx' for g = sum c_j T_j.
std::vector<double> integrate_weighted(const std::vector<double>& c, double alpha, double beta) {
  // h = (alpha + beta x) g, using x T_0 = T_1 and x T_j = (T_{j+1} + T_{j-1}) / 2.
  std::vector<double> h(c.size() + 1, 0.0);
  for (std::size_t j = 0; j < c.size(); ++j) {
    h[j] += alpha * c[j];
    if (j == 0) {
      h[1] += beta * c[0];
    } else {
      h[j + 1] += 0.5 * beta * c[j];
      h[j - 1] += 0.5 * beta * c[j];
    }
  }
  // Antiderivative: C_1 = h_0 - h_2/2, C_k = (h_{k-1} - h_{k+1}) / (2k), C_0 from F(-1) = 0.
  const auto at = [&](std::size_t k) { return k < h.size() ? h[k] : 0.0; };
  std::vector<double> f(h.size() + 1, 0.0);
  f[1] = at(0) - 0.5 * at(2);
  for (std::size_t k = 2; k < f.size(); ++k) f[k] = (at(k - 1) - at(k + 1)) / (2.0 * k);
  double minus_one = 0.0;
  for (std::size_t k = 1; k < f.size(); ++k) minus_one += (k % 2 ? -1.0 : 1.0) * f[k];
  f[0] = -minus_one;
  return f;
}

/// sum_j c[j] T_j(x) over the n coefficients starting at c (Clenshaw).
double clenshaw(const double* c, std::size_t n, double x) {
  double b1 = 0.0, b2 = 0.0;
  for (std::size_t j = n - 1; j >= 1; --j) {
    const double b = 2.0 * x * b1 - b2 + c[j];
    b2 = b1;
    b1 = b;
  }
  return x * b1 - b2 + c[0];
}

// 8-point Gauss-Legendre, positive half (Abramowitz & Stegun, Table 25.4).
constexpr std::array<double, 4> gl8_x = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267,
                                         0.9602898564975363};
constexpr std::array<double, 4> gl8_w = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745,
                                         0.1012285362903763};

}  // namespace

RealGasCurve::RealGasCurve(std::shared_ptr<const HelmholtzMixture> mixture, double temperature_k,
                           double fit_pressure_pa, double tolerance)
    : mixture_(std::move(mixture)),
      t_(temperature_k),
      rs_t_(mixture_->gas_constant() * temperature_k / mixture_->molar_mass_kg_per_mol()) {
  if (!(temperature_k > 0.0) || !(fit_pressure_pa > 0.0))
    throw std::invalid_argument("real-gas curve: temperature and pressure range must be positive");
  for (double p = fit_pressure_pa; p >= 1e6; p *= 0.5)
    if (try_fit(p, tolerance)) return;
  throw std::domain_error(mixture_->name() + ": Z(p) at T = " + std::to_string(temperature_k) +
                          " K cannot be fitted even below 2 MPa (no gas root: two-phase or "
                          "liquid region; the composition is too rich for this temperature?)");
}

bool RealGasCurve::try_fit(double p_fit, double tolerance) {
  const double r_t = mixture_->gas_constant() * t_;
  const double w = p_fit / pieces;
  // 1/Z at the Lobatto points of order n of every piece, from low to high pressure so that each
  // density solve starts from the previous one. values[k][i]: piece k, point cos(pi i / n).
  using Values = std::vector<std::vector<double>>;
  auto solve_points = [&](std::size_t n, bool odd_only, Values& out) {
    double rho_prev = 0.0, p_prev = 0.0;
    for (std::size_t k = 0; k < pieces; ++k) {
      out[k].resize(n + 1);
      for (std::size_t m = 0; m <= n; ++m) {
        const std::size_t i = n - m;
        if (odd_only && i % 2 == 0) continue;
        const double p = k * w + 0.5 * w * (std::cos(units::pi * static_cast<double>(i) / n) + 1.0);
        if (!(p > 0.0)) {
          out[k][i] = 1.0;  // ideal-gas limit
          continue;
        }
        const double guess = rho_prev > 0.0 ? rho_prev * p / p_prev : 0.0;
        const double rho = mixture_->density_mol_per_m3(t_, p, guess);
        out[k][i] = rho * r_t / p;
        rho_prev = rho;
        p_prev = p;
      }
    }
  };
  try {
    Values values(pieces);
    solve_points(4, false, values);
    for (std::size_t n = 4; n <= 64; n *= 2) {
      Values finer(pieces);
      for (std::size_t k = 0; k < pieces; ++k) {
        finer[k].assign(2 * n + 1, 0.0);
        for (std::size_t i = 0; i <= n; ++i) finer[k][2 * i] = values[k][i];
      }
      solve_points(2 * n, true, finer);  // the points the next level needs: check there
      double err = 0.0;
      std::vector<std::vector<double>> coeffs(pieces);
      for (std::size_t k = 0; k < pieces; ++k) {
        coeffs[k] = interpolate(values[k]);
        for (std::size_t i = 1; i < 2 * n; i += 2) {
          const double x = std::cos(units::pi * static_cast<double>(i) / (2 * n));
          err = std::max(err, std::abs(clenshaw(coeffs[k].data(), n + 1, x) / finer[k][i] - 1.0));
        }
      }
      if (err < tolerance) {
        p_fit_ = p_fit;
        width_ = w;
        degree_ = n;
        fit_error_ = err;
        g_.clear();
        dg_.clear();
        f_.clear();
        pi0_.assign(1, 0.0);
        for (std::size_t k = 0; k < pieces; ++k) {
          const auto d = differentiate(coeffs[k]);
          // s = k w + (w/2)(x + 1) = (k + 1/2) w + (w/2) x; ds = (w/2) dx.
          const auto f = integrate_weighted(coeffs[k], (k + 0.5) * w, 0.5 * w);
          g_.insert(g_.end(), coeffs[k].begin(), coeffs[k].end());
          dg_.insert(dg_.end(), d.begin(), d.end());
          f_.insert(f_.end(), f.begin(), f.end());
          pi0_.push_back(pi0_.back() + 0.5 * w * clenshaw(f.data(), f.size(), 1.0) / rs_t_);
        }
        return true;
      }
      values = std::move(finer);
    }
  } catch (const std::domain_error&) {
    // no gas-phase root somewhere in [0, p_fit]: try a smaller range
  }
  return false;
}

std::size_t RealGasCurve::locate(double p, double& x) const {
  const double u = std::max(p, 0.0) / width_;
  const std::size_t k = std::min(static_cast<std::size_t>(u), pieces - 1);
  x = 2.0 * (u - static_cast<double>(k)) - 1.0;
  return k;
}

double RealGasCurve::direct_inverse_z(double p) const {
  try {
    const double rho = mixture_->density_mol_per_m3(t_, p);
    return rho * mixture_->gas_constant() * t_ / p;
  } catch (const std::domain_error&) {
    // Outside the equation's reach: continue the fitted curve linearly (finite, monotone).
    return inverse_z(p_fit_) + inverse_z_derivative(p_fit_) * (p - p_fit_);
  }
}

double RealGasCurve::inverse_z(double p) const {
  if (p > p_fit_) return direct_inverse_z(p);
  double x;
  const std::size_t k = locate(p, x);
  return clenshaw(&g_[k * (degree_ + 1)], degree_ + 1, x);
}

double RealGasCurve::inverse_z_derivative(double p) const {
  if (p > p_fit_) {
    const double h = 1e-6 * p;
    return (direct_inverse_z(p + h) - direct_inverse_z(p - h)) / (2.0 * h);
  }
  double x;
  const std::size_t k = locate(p, x);
  return clenshaw(&dg_[k * degree_], degree_, x) * 2.0 / width_;
}

double RealGasCurve::potential(double p) const {
  if (p <= 0.0) return 0.5 * p * p * inverse_z(0.0) / rs_t_;  // not physical; kept finite
  if (p <= p_fit_) {
    double x;
    const std::size_t k = locate(p, x);
    return pi0_[k] + 0.5 * width_ * clenshaw(&f_[k * (degree_ + 3)], degree_ + 3, x) / rs_t_;
  }
  // Beyond the fit: Pi(p_fit) plus composite 8-point Gauss-Legendre on the direct equation.
  double sum = pi0_.back();
  const int n = static_cast<int>(std::ceil((p - p_fit_) / 5e6));
  const double width = (p - p_fit_) / n;
  for (int i = 0; i < n; ++i) {
    const double mid = p_fit_ + (i + 0.5) * width, half = 0.5 * width;
    for (std::size_t k = 0; k < gl8_x.size(); ++k) {
      const double s1 = mid - half * gl8_x[k], s2 = mid + half * gl8_x[k];
      sum += half * gl8_w[k] * (s1 * direct_inverse_z(s1) + s2 * direct_inverse_z(s2)) / rs_t_;
    }
  }
  return sum;
}

}  // namespace linepack::gas
