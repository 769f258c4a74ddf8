#pragma once
// Characteristic diagrams of turbo compressors: evaluation and least-squares fit of GasLib's
// polynomials (docs/physics.md "Station maps"). Adiabatic head H(Q, n) and efficiency
// eta(Q, n) are biquadratics in inlet volume flow Q and speed n; the surge and choke lines are
// quadratics H(Q) (Koch et al., Evaluating Gas Network Capacities, SIAM 2015, ch. 2;
// Schmidt et al., GasLib, Data 2(4):40, 2017).
#include <optional>
#include <span>
#include <utility>

#include "linepack/model/station.hpp"

namespace linepack::physics {

double evaluate(const model::Biquadratic& c, double volume_flow, double speed);
double evaluate(const model::QuadraticInFlow& c, double volume_flow);

/// Least squares (Householder QR on scaled columns) of rows `a` (n x m, row-major) against
/// `b`; m <= 9. Throws std::invalid_argument when the columns are linearly dependent.
std::vector<double> least_squares(std::span<const double> a, std::span<const double> b,
                                  std::size_t columns);

struct TurboMapFit {
  model::Biquadratic head_j_per_kg{};
  model::Biquadratic efficiency{};
  model::QuadraticInFlow surge_line_head_j_per_kg{};
  model::QuadraticInFlow choke_line_head_j_per_kg{};
};

/// GasLib's fit of a map from its measurements: head and efficiency over every point (surge
/// points carry the first isoline's efficiency), the surge line through the surge points and
/// the choke line through the last isoline's. Throws std::invalid_argument (naming the line)
/// when the points cannot determine a polynomial (too few points or speeds / flows).
TurboMapFit fit_turbo_map(std::span<const model::MapMeasurement> points);

/// The speed n in [lo, hi] of the head biquadratic at which H(Q, n) = head, on the rising
/// branch (dH/dn > 0); outside [lo, hi] the rising root nearest to it. nullopt: no such root.
std::optional<double> speed_for_head(const model::Biquadratic& head, double volume_flow,
                                     double head_j_per_kg, double lo, double hi);

/// The volume flow Q >= 0 at which a line's head equals `head_j_per_kg` (the root nearest
/// `near` when there are two); nullopt when none.
std::optional<double> flow_at_head(const model::QuadraticInFlow& line, double head_j_per_kg,
                                   double near);

/// Adiabatic (isentropic) head of compressing from p_in to p_out, gas with compressibility z at
/// the inlet: H = z R T kappa/(kappa-1) ((p_out/p_in)^((kappa-1)/kappa) - 1) (Koch et al. 2015,
/// eq. 2.32; Menon 2005, eq. 8.9).
double adiabatic_head_j_per_kg(double p_in_pa, double p_out_pa, double z_in,
                               double specific_gas_constant, double temperature_k, double kappa);

}  // namespace linepack::physics
