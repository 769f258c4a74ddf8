#pragma once
// Compressor station as one machine. Active, by mode:
//   pressure_ratio:  p_to = r p_from
//   outlet_pressure: p_to = p_set
//   throughput:      q = q_set
// Bypass: p_from = p_to. Closed: q = 0.
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

class CompressorEquations final : public BranchEquations {
 public:
  CompressorEquations(const model::Network& network, const std::vector<std::size_t>& from,
                      const std::vector<std::size_t>& to);
  std::string_view kind_name() const override { return "compressor"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;

 private:
  std::vector<model::ControlState> state_;
  std::vector<model::CompressorMode> mode_;
  std::vector<double> setpoint_;
};

/// Shaft power [W] to compress q [kg/s] from p_in to p_out at inlet temperature T, with Z at the
/// inlet. Isentropic: P = q Z R_s T k/(k-1) (r^((k-1)/k) - 1) / eta. Polytropic: the exponent
/// (n-1)/n = (k-1)/(k eta_p) and P = q Z R_s T n/(n-1) (r^((n-1)/n) - 1) / eta_p
/// (Menon, Gas Pipeline Hydraulics, 2005, ch. 8). Zero for q <= 0 or r <= 1.
double compressor_shaft_power_w(double q_kg_per_s, double p_in_pa, double p_out_pa,
                                double z_in, double specific_gas_constant, double temperature_k,
                                double isentropic_exponent, double efficiency, bool polytropic);

}  // namespace linepack::physics
