#include "linepack/physics/compressor_map.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace linepack::physics {

double evaluate(const model::Biquadratic& c, double q, double n) {
  double sum = 0.0, qi = 1.0;
  for (int i = 0; i < 3; ++i, qi *= q) sum += qi * (c[3 * i] + n * (c[3 * i + 1] + n * c[3 * i + 2]));
  return sum;
}

double evaluate(const model::QuadraticInFlow& c, double q) { return c[0] + q * (c[1] + q * c[2]); }

std::vector<double> least_squares(std::span<const double> a_in, std::span<const double> b_in,
                                  std::size_t m) {
  const std::size_t n = b_in.size();
  if (m == 0 || a_in.size() != n * m) throw std::invalid_argument("least squares: bad sizes");
  if (n < m)
    throw std::invalid_argument(std::to_string(n) + " points cannot determine " +
                                std::to_string(m) + " coefficients");
  // Scale each column to unit 2-norm (the monomials span many orders of magnitude), then
  // Householder QR (Golub & Van Loan, Matrix Computations, 4th ed., alg. 5.2.1).
  std::vector<double> a(a_in.begin(), a_in.end()), b(b_in.begin(), b_in.end()), scale(m, 1.0);
  for (std::size_t j = 0; j < m; ++j) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += a[i * m + j] * a[i * m + j];
    s = std::sqrt(s);
    if (!(s > 0.0)) throw std::invalid_argument("the points do not determine every coefficient");
    scale[j] = s;
    for (std::size_t i = 0; i < n; ++i) a[i * m + j] /= s;
  }
  std::vector<double> diag(m);
  for (std::size_t k = 0; k < m; ++k) {
    double norm = 0.0;
    for (std::size_t i = k; i < n; ++i) norm += a[i * m + k] * a[i * m + k];
    norm = std::sqrt(norm);
    if (!(norm > 1e-12))
      throw std::invalid_argument("the points do not determine every coefficient (too few "
                                  "distinct flows or speeds)");
    const double alpha = a[k * m + k] > 0.0 ? -norm : norm;
    a[k * m + k] -= alpha;  // v = x - alpha e1, stored in column k below the diagonal
    double vv = 0.0;
    for (std::size_t i = k; i < n; ++i) vv += a[i * m + k] * a[i * m + k];
    for (std::size_t j = k + 1; j < m; ++j) {
      double d = 0.0;
      for (std::size_t i = k; i < n; ++i) d += a[i * m + k] * a[i * m + j];
      const double f = 2.0 * d / vv;
      for (std::size_t i = k; i < n; ++i) a[i * m + j] -= f * a[i * m + k];
    }
    double d = 0.0;
    for (std::size_t i = k; i < n; ++i) d += a[i * m + k] * b[i];
    const double f = 2.0 * d / vv;
    for (std::size_t i = k; i < n; ++i) b[i] -= f * a[i * m + k];
    diag[k] = alpha;
  }
  std::vector<double> x(m);
  for (std::size_t k = m; k-- > 0;) {
    double s = b[k];
    for (std::size_t j = k + 1; j < m; ++j) s -= a[k * m + j] * x[j];
    x[k] = s / diag[k];
  }
  for (std::size_t j = 0; j < m; ++j) x[j] /= scale[j];
  return x;
}

namespace {

template <std::size_t M>
std::array<double, M> fit(const std::vector<double>& rows, const std::vector<double>& values,
                          const char* what) {
  try {
    const auto x = least_squares(rows, values, M);
    std::array<double, M> out{};
    std::copy(x.begin(), x.end(), out.begin());
    return out;
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string(what) + ": " + e.what());
  }
}

void biquadratic_row(std::vector<double>& rows, double q, double n) {
  for (double qi : {1.0, q, q * q})
    for (double nj : {1.0, n, n * n}) rows.push_back(qi * nj);
}

}  // namespace

TurboMapFit fit_turbo_map(std::span<const model::MapMeasurement> points) {
  using Line = model::MapMeasurement::Line;
  std::vector<double> rows, heads, effs, surge_rows, surge_heads, choke_rows, choke_heads;
  for (const auto& p : points) {
    biquadratic_row(rows, p.volume_flow_m3_per_s, p.speed_per_s);
    heads.push_back(p.head_j_per_kg);
    effs.push_back(p.efficiency);
    auto& lr = p.line == Line::surge ? surge_rows : choke_rows;
    auto& lh = p.line == Line::surge ? surge_heads : choke_heads;
    if (p.line == Line::isoline) continue;
    for (double qi : {1.0, p.volume_flow_m3_per_s, p.volume_flow_m3_per_s * p.volume_flow_m3_per_s})
      lr.push_back(qi);
    lh.push_back(p.head_j_per_kg);
  }
  TurboMapFit f;
  f.head_j_per_kg = fit<9>(rows, heads, "head map");
  f.efficiency = fit<9>(rows, effs, "efficiency map");
  f.surge_line_head_j_per_kg = fit<3>(surge_rows, surge_heads, "surge line");
  f.choke_line_head_j_per_kg = fit<3>(choke_rows, choke_heads, "choke line");
  return f;
}

namespace {

/// Real roots of a + b x + c x^2 = 0 (stable form, Press et al., Numerical Recipes, 5.6).
std::vector<double> quadratic_roots(double a, double b, double c) {
  if (c == 0.0) {
    if (b == 0.0) return {};
    return {-a / b};
  }
  const double disc = b * b - 4.0 * c * a;
  if (disc < 0.0) return {};
  const double qq = -0.5 * (b + std::copysign(std::sqrt(disc), b));
  std::vector<double> r;
  if (qq != 0.0) r.push_back(a / qq);
  r.push_back(qq / c);
  return r;
}

}  // namespace

std::optional<double> speed_for_head(const model::Biquadratic& h, double q, double head,
                                     double lo, double hi) {
  // H(Q, n) = a0 + a1 n + a2 n^2 with a_j = sum_i c[3 i + j] Q^i.
  double a[3] = {0.0, 0.0, 0.0};
  for (int j = 0; j < 3; ++j) a[j] = h[j] + q * (h[3 + j] + q * h[6 + j]);
  std::optional<double> best;
  double best_distance = 0.0;
  for (double n : quadratic_roots(a[0] - head, a[1], a[2])) {
    if (!(n > 0.0) || !(a[1] + 2.0 * a[2] * n > 0.0)) continue;  // rising branch only
    const double distance = n < lo ? lo - n : (n > hi ? n - hi : 0.0);
    if (!best || distance < best_distance) best = n, best_distance = distance;
  }
  return best;
}

std::optional<double> flow_at_head(const model::QuadraticInFlow& line, double head, double near) {
  std::optional<double> best;
  for (double q : quadratic_roots(line[0] - head, line[1], line[2])) {
    if (!(q >= 0.0)) continue;
    if (!best || std::abs(q - near) < std::abs(*best - near)) best = q;
  }
  return best;
}

double adiabatic_head_j_per_kg(double p_in, double p_out, double z, double rs, double t,
                               double kappa) {
  const double e = (kappa - 1.0) / kappa;
  return z * rs * t / e * (std::pow(p_out / p_in, e) - 1.0);
}

}  // namespace linepack::physics
