#pragma once
// Pressure regulator. Active: the equation it holds (model::ControlHold, set by the control
// loop; default its setpoint: p_to = p_set, or q = q_set in flow mode): p_to = v, p_from = v,
// q = v, fully open (p_from = p_to) or closed (q = 0). Bypass: p_from = p_to. Closed: q = 0.
// Which equation holds is decided by steady/control_loop.hpp.
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::physics {

/// The equation an element holds in this solve (its hold, or the setpoint of its mode).
model::ControlHold held_equation(const model::ControlValve& valve);

class ControlValveEquations final : public BranchEquations {
 public:
  ControlValveEquations(const model::Network& network, const std::vector<std::size_t>& from,
                        const std::vector<std::size_t>& to);
  std::string_view kind_name() const override { return "control_valve"; }
  void evaluate(std::span<const double> p, std::span<const double> q,
                std::span<BranchEval> out) const override;
  /// Takes the held equations of `network` (same elements), for the next solve.
  void set_holds(const model::Network& network);
  /// Every element not closed held fully open (bypassed), until the next set_holds.
  void open_all();

 private:
  std::vector<model::ControlHold> hold_;
};

/// Every hold that is not `closed` made `open` (regulators' and stations' open_all()).
void open_holds(std::vector<model::ControlHold>& holds);

/// Equations shared by regulators and stations for the holds that need no gas properties.
/// Returns false for the holds that do (shaft power, inlet volume flow).
bool simple_hold_equation(const model::ControlHold& hold, double pf, double pt, double q,
                          BranchEval& out);

}  // namespace linepack::physics
