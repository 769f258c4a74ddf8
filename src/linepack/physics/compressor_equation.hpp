#pragma once
// Compressor station as one machine. Active: the equation it holds (model::ControlHold, set by
// the control loop; default its setpoint by mode):
//   pressure_ratio:  p_to = r p_from          outlet_pressure: p_to = p_set
//   inlet_pressure:  p_from = p_set           throughput:      q = q_set
//   shaft_power:     q h(p_from, p_to) / eta = P_set   (h: head, compressor_head_j_per_kg)
//   inlet volume flow (choke limit): q = Q rho(p_from)
// Bypass: p_from = p_to. Closed: q = 0.
#include <optional>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

/// The equation a station holds in this solve (its hold, or the setpoint of its mode).
model::ControlHold held_equation(const model::Compressor& station);

class CompressorEquations final : public BranchEquations {
 public:
  CompressorEquations(const model::Network& network, const std::vector<std::size_t>& from,
                      const std::vector<std::size_t>& to);
  std::string_view kind_name() const override { return "compressor"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;
  /// Takes the held equations of `network` (same elements), for the next solve.
  void set_holds(const model::Network& network);
  /// Every element not closed held fully open (bypassed), until the next set_holds.
  void open_all();

 private:
  BranchEval power_equation(std::size_t i, double pf, double pt, double q) const;
  std::vector<model::ControlHold> hold_;
  std::vector<double> efficiency_;
  std::vector<bool> polytropic_;
  std::optional<gas::EquationOfState> eos_;  // only when a station holds power or volume flow
  double rs_ = 0.0, t_ = 0.0, k_ = 1.3;
};

/// Specific head [J/kg] of compression from p_in to p_out, Z at the inlet:
/// isentropic h = Z R_s T k/(k-1) (r^((k-1)/k) - 1); polytropic with (n-1)/n = (k-1)/(k eta_p).
/// Negative for r < 1 (used only inside the power equation, which is smooth there).
double compressor_head_j_per_kg(double p_in_pa, double p_out_pa, double z_in,
                                double specific_gas_constant, double temperature_k,
                                double isentropic_exponent, double efficiency, bool polytropic);

/// Shaft power [W] to compress q [kg/s] from p_in to p_out at inlet temperature T, with Z at the
/// inlet. Isentropic: P = q Z R_s T k/(k-1) (r^((k-1)/k) - 1) / eta. Polytropic: the exponent
/// (n-1)/n = (k-1)/(k eta_p) and P = q Z R_s T n/(n-1) (r^((n-1)/n) - 1) / eta_p
/// (Menon, Gas Pipeline Hydraulics, 2005, ch. 8). Zero for q <= 0 or r <= 1.
double compressor_shaft_power_w(double q_kg_per_s, double p_in_pa, double p_out_pa,
                                double z_in, double specific_gas_constant, double temperature_k,
                                double isentropic_exponent, double efficiency, bool polytropic);

}  // namespace linepack::physics
