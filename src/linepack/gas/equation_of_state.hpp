#pragma once
// Equations of state for isothermal pipeline hydraulics: density rho(p) at a fixed temperature
// and the pressure potential Pi(p) = integral_0^p rho(s) ds, which turns the steady isothermal
// momentum equation (no elevation) into Pi(p_in) - Pi(p_out) = lambda L q|q| / (2 D A^2).
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/gas_properties.hpp"

namespace linepack::gas {

enum class EosKind {
  ideal,        ///< Z = 1
  constant_z,   ///< Z = z0
  linear_z,     ///< Z = 1 + c p (STANET's Z = 1 - 0.0022 p[bar] is c = -2.2e-8 1/Pa)
  papay,        ///< Papay (1968): Z = 1 - 3.52 pr exp(-2.26 Tr) + 0.274 pr^2 exp(-1.878 Tr)
  cnga_simple,  ///< LANL CNGA with fixed b1, b2 (GasSteadySim "simple_cnga")
  cnga_full,    ///< LANL CNGA with b1, b2 from G and T (GasSteadySim "full_cnga")
  aga8_detail,  ///< AGA8-DC92 DETAIL (AGA Report No. 8 Part 1), needs a composition
  gerg2008,     ///< GERG-2008 (Kunz & Wagner 2012; AGA Report No. 8 Part 2), needs a composition
};

/// Parses "ideal", "constant_z", "linear_z", "papay", "simple_cnga"/"cnga_simple", "full_cnga"/
/// "cnga_full", "aga8-detail"/"aga8_detail", "gerg2008"/"gerg-2008". Throws
/// std::invalid_argument listing the accepted names.
EosKind parse_eos_kind(std::string_view name);
std::string to_string(EosKind kind);

struct EosParameters {
  EosKind kind = EosKind::ideal;
  double constant_z = 1.0;            ///< for constant_z
  double linear_z_per_pa = 0.0;       ///< c for linear_z
  /// Specific gravity used by cnga_full; 0 means M / 28.96 g/mol (LANL's definition).
  double cnga_specific_gravity = 0.0;
  /// Gas composition: required by aga8_detail and gerg2008, ignored by the other laws.
  std::optional<Composition> composition;
  bool operator==(const EosParameters&) const = default;
};

class HelmholtzMixture;
class RealGasCurve;

/// The Helmholtz-energy equation of a real-gas kind (aga8_detail, gerg2008) for a composition,
/// for full property evaluation (gas/helmholtz.hpp). Throws std::invalid_argument for other
/// kinds.
std::shared_ptr<const HelmholtzMixture> make_real_gas_mixture(EosKind kind,
                                                              const Composition& composition);

/// An equation of state evaluated at one temperature. Cheap to copy.
/// For aga8_detail and gerg2008, the constructor fits Z(p) at this temperature once
/// (gas/real_gas_curve.hpp, relative error < 1e-10 up to 30 MPa); R and M are then those of the
/// equation and its composition, not `gas`'s.
class EquationOfState {
 public:
  EquationOfState(const EosParameters& params, const GasProperties& gas, double temperature_k);

  /// Density [kg/m^3] at absolute pressure p [Pa].
  double density(double pressure_pa) const;
  /// Compressibility factor Z = p / (rho R_s T).
  double z_factor(double pressure_pa) const;
  /// dZ/dp [1/Pa].
  double z_factor_derivative(double pressure_pa) const;
  /// Pressure potential Pi(p) = integral_0^p rho(s) ds [Pa kg/m^3]; dPi/dp = rho(p).
  double potential(double pressure_pa) const;
  /// Pi(p1) - Pi(p2), computed without cancellation for the quadrature-based laws.
  double potential_difference(double p1_pa, double p2_pa) const;
  /// Pressure at which the potential equals `potential` (inverse of potential(), p >= 0).
  double pressure_from_potential(double potential) const;
  /// R_s T [m^2/s^2], the squared isothermal sound speed of the ideal gas.
  double ideal_sound_speed_squared() const { return rs_t_; }
  EosKind kind() const { return kind_; }
  /// True when rho is proportional to p (ideal, constant Z): the elevation law is then exact.
  bool is_linear() const { return kind_ == EosKind::ideal || kind_ == EosKind::constant_z; }
  /// The fitted isotherm of a real-gas kind (null for the other kinds).
  const RealGasCurve* real_gas_curve() const { return curve_.get(); }

 private:
  /// density() of the Papay law, written out for the quadrature loops (the same arithmetic).
  double papay_density(double p) const {
    return p / ((1.0 - papay_a_ * p + papay_b_ * p * p) * rs_t_);
  }
  EosKind kind_;
  double rs_t_;        // R_s T
  double z0_ = 1.0;    // constant Z
  double c_ = 0.0;     // linear Z coefficient
  double b1_ = 1.0, b2_ = 0.0;   // CNGA: rho = p (b1 + b2 p) / (R_s T)
  double papay_a_ = 0.0, papay_b_ = 0.0;  // Papay: Z = 1 - a p + b p^2
  std::shared_ptr<const RealGasCurve> curve_;  // aga8_detail, gerg2008: 1/Z(p) and Pi(p)
};

}  // namespace linepack::gas
