#pragma once
// Pressure regulator. Active: p_to = setpoint. Bypass: p_from = p_to. Closed: q = 0.
// Whether an active regulator can hold its setpoint (p_from >= p_to, q >= 0) is checked
// after the solve and reported as a limit violation.
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

class ControlValveEquations final : public BranchEquations {
 public:
  ControlValveEquations(const model::Network& network, const std::vector<std::size_t>& from,
                        const std::vector<std::size_t>& to);
  std::string_view kind_name() const override { return "control_valve"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;

 private:
  std::vector<model::ControlState> state_;
  std::vector<double> setpoint_pa_;
};

}  // namespace linepack::physics
