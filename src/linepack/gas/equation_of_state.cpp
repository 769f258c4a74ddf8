#include "linepack/gas/equation_of_state.hpp"

#include <array>
#include <cmath>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <string>

#include "linepack/gas/aga8_detail.hpp"
#include "linepack/gas/gerg2008.hpp"
#include "linepack/gas/real_gas_curve.hpp"
#include "linepack/gas/lanl_constants.hpp"

namespace linepack::gas {
namespace {

// 16-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz & Stegun, Table 25.4),
// the positive half; the rule is symmetric.
constexpr std::array<double, 8> gl_x = {0.0950125098376374, 0.2816035507792589,
                                        0.4580167776572274, 0.6178762444026438,
                                        0.7554044083550030, 0.8656312023878318,
                                        0.9445750230732326, 0.9894009349916499};
constexpr std::array<double, 8> gl_w = {0.1894506104550685, 0.1826034150449236,
                                        0.1691565193950025, 0.1495959888165767,
                                        0.1246289712555339, 0.0951585116824928,
                                        0.0622535239386479, 0.0271524594117541};

// 8-point Gauss-Legendre, positive half (Abramowitz & Stegun, Table 25.4).
constexpr std::array<double, 4> gl8_x = {0.1834346424956498, 0.5255324099163290,
                                         0.7966664774136267, 0.9602898564975363};
constexpr std::array<double, 4> gl8_w = {0.3626837833783620, 0.3137066458778873,
                                         0.2223810344533745, 0.1012285362903763};

// CNGA constants (LANL GasSteadySim; see shared/data/README.md).
constexpr double cnga_simple_b1 = 1.00300865;
constexpr double cnga_simple_b2 = 2.96848838e-8;  // 1/Pa
constexpr double cnga_a1 = 344400.0;
constexpr double cnga_a2 = 1.785;
constexpr double cnga_a3 = 3.825;
constexpr double cnga_p_atm_pa = 101350.0;
constexpr double pa_per_psi = 6894.75729;

/// The fitted isotherm of (kind, composition, T), memoised process-wide: repeated solves of
/// one gas (capacity bisection, studies, time steps, benchmarks) build it once. The fit is a
/// pure function of the key; at most 32 curves are kept (the oldest is dropped).
std::shared_ptr<const RealGasCurve> cached_curve(EosKind kind, const Composition& x,
                                                 double temperature_k) {
  struct Entry {
    EosKind kind;
    Composition x;
    double t;
    std::shared_ptr<const RealGasCurve> curve;
  };
  static std::mutex mutex;
  static std::deque<Entry> cache;
  {
    const std::lock_guard lock(mutex);
    for (const auto& e : cache)
      if (e.kind == kind && e.t == temperature_k && e.x == x) return e.curve;
  }
  auto curve = std::make_shared<const RealGasCurve>(make_real_gas_mixture(kind, x), temperature_k);
  const std::lock_guard lock(mutex);
  cache.push_back({kind, x, temperature_k, curve});
  if (cache.size() > 32) cache.pop_front();
  return curve;
}

}  // namespace

EosKind parse_eos_kind(std::string_view name) {
  if (name == "ideal") return EosKind::ideal;
  if (name == "constant_z") return EosKind::constant_z;
  if (name == "linear_z") return EosKind::linear_z;
  if (name == "papay") return EosKind::papay;
  if (name == "simple_cnga" || name == "cnga_simple") return EosKind::cnga_simple;
  if (name == "full_cnga" || name == "cnga_full") return EosKind::cnga_full;
  if (name == "aga8-detail" || name == "aga8_detail") return EosKind::aga8_detail;
  if (name == "gerg2008" || name == "gerg-2008") return EosKind::gerg2008;
  throw std::invalid_argument("unknown equation of state '" + std::string(name) +
                              "' (expected ideal, constant_z, linear_z, papay, simple_cnga, "
                              "full_cnga, aga8-detail, gerg2008)");
}

std::string to_string(EosKind kind) {
  switch (kind) {
    case EosKind::ideal: return "ideal";
    case EosKind::constant_z: return "constant_z";
    case EosKind::linear_z: return "linear_z";
    case EosKind::papay: return "papay";
    case EosKind::cnga_simple: return "simple_cnga";
    case EosKind::cnga_full: return "full_cnga";
    case EosKind::aga8_detail:
      return "aga8-detail";
    case EosKind::gerg2008:
      return "gerg2008";
  }
  return "?";
}

std::shared_ptr<const HelmholtzMixture> make_real_gas_mixture(EosKind kind,
                                                              const Composition& composition) {
  if (kind == EosKind::aga8_detail) return std::make_shared<Aga8Detail>(composition);
  if (kind == EosKind::gerg2008) return std::make_shared<Gerg2008>(composition);
  throw std::invalid_argument("equation of state " + to_string(kind) +
                              " is not a composition-based real-gas equation");
}

EquationOfState::EquationOfState(const EosParameters& params, const GasProperties& gas,
                                 double temperature_k)
    : kind_(params.kind), rs_t_(gas.specific_gas_constant() * temperature_k) {
  if (!(temperature_k > 0.0)) throw std::invalid_argument("temperature must be positive");
  switch (kind_) {
    case EosKind::ideal: break;
    case EosKind::constant_z:
      if (!(params.constant_z > 0.0)) throw std::invalid_argument("constant Z must be positive");
      z0_ = params.constant_z;
      break;
    case EosKind::linear_z: c_ = params.linear_z_per_pa; break;
    case EosKind::papay: {
      // Papay (1968), in reduced pressure pr = p/ppc and temperature Tr = T/Tpc.
      const double tr = temperature_k / gas.pseudo_critical_temperature_k;
      const double ppc = gas.pseudo_critical_pressure_pa;
      papay_a_ = 3.52 * std::exp(-2.26 * tr) / ppc;
      papay_b_ = 0.274 * std::exp(-1.878 * tr) / (ppc * ppc);
      break;
    }
    case EosKind::cnga_simple:
      b1_ = cnga_simple_b1;
      b2_ = cnga_simple_b2;
      break;
    case EosKind::cnga_full: {
      // LANL full CNGA: Z^-1 ~ b1 + b2 p with temperature in Rankine (1.8 T) and pressure in psi.
      const double g = params.cnga_specific_gravity > 0.0
                           ? params.cnga_specific_gravity
                           : gas.molar_mass_kg_per_mol / lanl_air_molar_mass;
      const double t_rankine_pow = std::pow(1.8 * temperature_k, cnga_a3);
      const double ten_pow = std::pow(10.0, cnga_a2 * g);
      b1_ = 1.0 + cnga_a1 * (cnga_p_atm_pa / pa_per_psi) * ten_pow / t_rankine_pow;
      b2_ = cnga_a1 * ten_pow / (pa_per_psi * t_rankine_pow);
      break;
    }
    case EosKind::aga8_detail:
    case EosKind::gerg2008: {
      if (!params.composition)
        throw std::invalid_argument("equation of state " + to_string(kind_) +
                                    " needs a gas composition (physics.eos.composition in the "
                                    "model, or --composition)");
      curve_ = cached_curve(kind_, *params.composition, temperature_k);
      rs_t_ = curve_->rs_t();
      break;
    }
  }
}

double EquationOfState::z_factor(double p) const {
  switch (kind_) {
    case EosKind::ideal: return 1.0;
    case EosKind::constant_z: return z0_;
    case EosKind::linear_z: return 1.0 + c_ * p;
    case EosKind::papay: return 1.0 - papay_a_ * p + papay_b_ * p * p;
    case EosKind::cnga_simple:
    case EosKind::cnga_full: return 1.0 / (b1_ + b2_ * p);
    case EosKind::aga8_detail:
    case EosKind::gerg2008:
      return 1.0 / curve_->inverse_z(p);
  }
  return 1.0;
}

double EquationOfState::z_factor_derivative(double p) const {
  switch (kind_) {
    case EosKind::ideal:
    case EosKind::constant_z: return 0.0;
    case EosKind::linear_z: return c_;
    case EosKind::papay: return -papay_a_ + 2.0 * papay_b_ * p;
    case EosKind::cnga_simple:
    case EosKind::cnga_full: {
      const double inv = b1_ + b2_ * p;
      return -b2_ / (inv * inv);
    }
    case EosKind::aga8_detail:
    case EosKind::gerg2008: {
      const double g = curve_->inverse_z(p);
      return -curve_->inverse_z_derivative(p) / (g * g);
    }
  }
  return 0.0;
}

double EquationOfState::density(double p) const {
  if (kind_ == EosKind::papay) return papay_density(p);
  if (curve_) return p * curve_->inverse_z(p) / rs_t_;
  return p / (z_factor(p) * rs_t_);
}

double EquationOfState::potential(double p) const {
  switch (kind_) {
    case EosKind::ideal: return 0.5 * p * p / rs_t_;
    case EosKind::constant_z: return 0.5 * p * p / (z0_ * rs_t_);
    case EosKind::cnga_simple:
    case EosKind::cnga_full: return (0.5 * b1_ * p * p + b2_ * p * p * p / 3.0) / rs_t_;
    case EosKind::aga8_detail:
    case EosKind::gerg2008:
      return curve_->potential(p);
    case EosKind::linear_z: {
      // integral_0^p s / (1 + c s) ds = p/c - ln(1 + c p)/c^2; series when c p is tiny.
      const double x = c_ * p;
      if (std::abs(x) < 1e-4)
        return p * p * (0.5 - x / 3.0 + x * x / 4.0 - x * x * x / 5.0) / rs_t_;
      return (p / c_ - std::log1p(x) / (c_ * c_)) / rs_t_;
    }
    case EosKind::papay: {
      // Smooth integrand on [0, p]: 16-point Gauss-Legendre is exact to rounding here. The
      // densities first (papay_density, no dispatch per point), then the sum in rule order.
      const double half = 0.5 * p;
      std::array<double, gl_x.size()> lo, hi;
      for (std::size_t i = 0; i < gl_x.size(); ++i) {
        lo[i] = papay_density(half * (1.0 - gl_x[i]));
        hi[i] = papay_density(half * (1.0 + gl_x[i]));
      }
      double sum = 0.0;
      for (std::size_t i = 0; i < gl_x.size(); ++i) sum += gl_w[i] * (lo[i] + hi[i]);
      return half * sum;
    }
  }
  return 0.0;
}

double EquationOfState::potential_difference(double p1, double p2) const {
  if (kind_ != EosKind::papay) return potential(p1) - potential(p2);
  // 8-point Gauss-Legendre on [p2, p1] directly: no subtraction of two large integrals. Papay's
  // density has its poles far outside any pipe's pressure interval (|p| > 5 ppc), so the rule's
  // error, of order (distance to pole / half-width)^-16, is below rounding.
  const double half = 0.5 * (p1 - p2), mid = 0.5 * (p1 + p2);
  std::array<double, gl8_x.size()> lo, hi;
  for (std::size_t i = 0; i < gl8_x.size(); ++i) {
    lo[i] = papay_density(mid - half * gl8_x[i]);
    hi[i] = papay_density(mid + half * gl8_x[i]);
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < gl8_x.size(); ++i) sum += gl8_w[i] * (lo[i] + hi[i]);
  return half * sum;
}

double EquationOfState::pressure_from_potential(double target) const {
  if (!(target > 0.0)) return 0.0;
  double p = std::sqrt(2.0 * target * rs_t_);  // ideal-gas start
  for (int it = 0; it < 50; ++it) {
    const double step = (potential(p) - target) / density(p);
    p -= step;
    if (!(p > 0.0)) p = 1.0;
    if (std::abs(step) < 1e-13 * p) break;
  }
  return p;
}

}  // namespace linepack::gas
