#pragma once
// Local pressure loss (GasLib resistor): p_from - p_to = zeta q|q| / (2 rho_up A^2), with the
// density at the upstream pressure (Idelchik's loss coefficient on the dynamic pressure).
// A fixed loss L (LANL loss resistor): p_from - p_to = L sign(q) (+ the lossless connections'
// r q), set-valued at q = 0; one semismooth row (docs/physics.md section 6).
#include <optional>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

class ResistorEquations final : public BranchEquations {
 public:
  ResistorEquations(const model::Network& network, const std::vector<std::size_t>& from,
                    const std::vector<std::size_t>& to, const gas::EquationOfState& eos);
  std::string_view kind_name() const override { return "resistor"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;
  /// Flow below which |q| in the drag law's derivative is raised (the starting point's
  /// linearised step, as PipeEquations::set_flow_floor); 0: the default 1e-6 kg/s.
  void set_flow_floor(double q_kg_per_s) { flow_floor_kg_per_s_ = q_kg_per_s; }

 private:
  struct Coefficients {
    double drag_per_area2;                  // zeta / (2 A^2)
    std::optional<double> fixed_loss_pa;
  };
  std::vector<Coefficients> coef_;
  gas::EquationOfState eos_;
  double flow_floor_kg_per_s_ = 0.0;
};

}  // namespace linepack::physics
