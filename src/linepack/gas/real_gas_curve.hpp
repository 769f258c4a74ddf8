#pragma once
// Z(p) of a real-gas mixture along one isotherm, as the steady and transient solvers need it:
// g(p) = 1/Z(p) on [0, p_fit] as piecewise Chebyshev series (`pieces` equal intervals, one
// degree for all), built once per temperature and composition, so that a pipe evaluation costs
// a short series instead of a density solve; and the exact integral of the fitted density for
// the pressure potential
//   Pi(p) = integral_0^p rho(s) ds = (1/(R_s T)) integral_0^p s g(s) ds,
// so that dPi/dp equals the density returned, to rounding. The fit is accepted when its
// relative error in g, measured against the full equation of state at the Chebyshev points of
// twice the degree in every piece, is below `tolerance` (default 1e-10); the degree is doubled
// from 4 until it is. Above p_fit the full equation is evaluated directly (exact, slower).
#include <memory>
#include <vector>

#include "linepack/gas/helmholtz.hpp"

namespace linepack::gas {

class RealGasCurve {
 public:
  static constexpr double default_fit_pressure_pa = 30e6;
  static constexpr double default_tolerance = 1e-10;
  static constexpr std::size_t pieces = 8;

  /// Builds the fit on [0, fit_pressure_pa]. If the series does not converge there (a
  /// two-phase region or the critical region of a rich gas), the range is halved until it
  /// does; throws std::domain_error when not even [0, 1.875 MPa] can be fitted.
  RealGasCurve(std::shared_ptr<const HelmholtzMixture> mixture, double temperature_k,
               double fit_pressure_pa = default_fit_pressure_pa,
               double tolerance = default_tolerance);

  /// 1/Z and its derivative d(1/Z)/dp [1/Pa] at p [Pa].
  double inverse_z(double p_pa) const;
  double inverse_z_derivative(double p_pa) const;
  /// Pi(p) [Pa kg/m^3].
  double potential(double p_pa) const;

  /// R T / M of the equation (its own R and molar mass) [m^2/s^2].
  double rs_t() const { return rs_t_; }
  double temperature_k() const { return t_; }
  double fit_pressure_pa() const { return p_fit_; }
  /// Degree of the series in each piece.
  std::size_t degree() const { return degree_; }
  /// Largest relative error of 1/Z found at the check points.
  double fit_error() const { return fit_error_; }
  const HelmholtzMixture& mixture() const { return *mixture_; }

 private:
  bool try_fit(double p_fit, double tolerance);
  double direct_inverse_z(double p_pa) const;  // full equation; extrapolates on failure
  /// Piece index and local coordinate x in [-1, 1] of p in [0, p_fit].
  std::size_t locate(double p_pa, double& x) const;

  std::shared_ptr<const HelmholtzMixture> mixture_;
  double t_;
  double rs_t_;
  double p_fit_ = 0.0;
  double width_ = 0.0;  // of a piece [Pa]
  double fit_error_ = 0.0;
  std::size_t degree_ = 0;
  // Per piece k on [k w, (k+1) w], x = 2 (p - k w)/w - 1, coefficients stored contiguously:
  std::vector<double> g_;    // 1/Z: degree + 1 each
  std::vector<double> dg_;   // d(1/Z)/dx: degree each
  std::vector<double> f_;    // F(x) = integral_{-1}^x s(x') g(x') dx', s = p: degree + 3 each
  std::vector<double> pi0_;  // Pi at the left end of each piece, and at p_fit
};

}  // namespace linepack::gas
