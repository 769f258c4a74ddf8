#pragma once
// The steady network as a nonlinear system F(x) = 0, x = [node pressures | element flows].
// Rows: one per node (mass balance, or p = p_set at pressure-fixed nodes), then one per element
// (its kind's equation). Built once per network and scenario; index arrays are private here.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/numerics/linear_solver.hpp"
#include "linepack/numerics/newton.hpp"
#include "linepack/physics/branch_equations.hpp"
#include "linepack/physics/pipe_equation.hpp"

namespace linepack::steady {

class NetworkEquations final : public numerics::NonlinearSystem {
 public:
  /// `network` must already have the scenario's controls applied, be validated, and outlive
  /// this object; `topology` is what validation resolved for it.
  NetworkEquations(const model::Network& network, const model::Scenario& scenario,
                   const model::Topology& topology);

  const numerics::SparsePattern& pattern() const override { return pattern_; }
  void evaluate(std::span<const double> x, std::span<double> residual,
                std::span<double> jacobian) override;
  void residual(std::span<const double> x, std::span<double> residual) override;
  std::span<const double> row_weights() const override { return weights_; }
  /// Pressures move in u = p|p| (docs/physics.md, "Globalisation"): u(p_new) = u(p) + alpha
  /// u'(p) dp; u is the ideal gas's pressure potential up to a factor, in which every pipe law
  /// without elevation is linear. Continued oddly to p < 0, so iterates may cross zero
  /// (max_step is 1); a state with a pressure <= 0 is never converged.
  double max_step(std::span<const double> x, std::span<const double> dx) const override;
  void step(std::span<const double> x, std::span<const double> dx, double alpha,
            std::span<double> out) const override;
  /// Pressures move linearly (p + alpha dp) instead: for the control loop's warm rounds, whose
  /// changes are held pressures, linear in p, that one full step then meets exactly.
  void set_linear_pressure_steps(bool on) { linear_pressure_steps_ = on; }
  /// Pipe rows are divided by the density at the pipe's mean pressure (physics/pipe_equation).
  bool row_scaling(std::span<const double> x, std::span<double> factor) const override;
  /// Flows of elements whose equation depends on their flow (pipes, resistors, lossless
  /// connections, closed or flow-controlled elements) are eliminated in the linear solves;
  /// pressure-setting elements (compressors, active regulators) keep their flow unknown.
  std::vector<bool> eliminable() const override { return eliminable_; }

  std::size_t node_count() const { return node_count_; }
  std::size_t unknown_count() const { return pattern_.size(); }
  /// Kinds in unknown order; kind k's flows start at x[node_count() + offset(k)].
  const std::vector<std::unique_ptr<physics::BranchEquations>>& kinds() const { return kinds_; }
  /// The pipes' equations (kind 0): the energy equation sets their density factors (so the
  /// passive kinds' remembered evaluation is dropped).
  physics::PipeEquations& pipe_equations() {
    passive_valid_ = false;
    return static_cast<physics::PipeEquations&>(*kinds_[0]);
  }
  std::size_t offset(std::size_t kind) const { return offsets_[kind]; }
  bool pressure_fixed(std::size_t node) const { return fixed_[node]; }
  double withdrawal(std::size_t node) const { return withdrawal_[node]; }
  const gas::EquationOfState& eos() const { return eos_; }
  /// The element (kind, index within the kind) whose flow is unknown `index` and whose law is
  /// row `index`; nothing for the node rows and unknowns (index < node_count()).
  std::optional<std::pair<std::size_t, std::size_t>> branch_of(std::size_t index) const;
  /// Row description for diagnostics: id and kind of equation.
  std::pair<std::string, std::string> describe_row(std::size_t row) const;
  /// Starting point: pressures propagated from the fixed nodes through the elements, then one
  /// Newton step of the network with every pipe law linearised around a typical flow (the mean
  /// offtake), which gives flows of the right size and direction everywhere, loops included.
  /// `network`: the one the equations were built or last updated with. `controls_open`: with
  /// every active regulator and station open (bypassed) instead of at its setpoint, in the
  /// propagation and in the linearised step (their holds are restored from `network` after);
  /// taken by itself when the step with the setpoints held gives a pipe a circulation of more
  /// than a hundred times the network's withdrawals (physics.md section 10).
  std::vector<double> initial_guess(const model::Network& network, bool controls_open = false);
  /// Takes the regulators' and stations' held equations and the flow boundaries (fuel
  /// withdrawals) of `network` and `scenario` (the same elements and boundaries as at
  /// construction) for the next solve: pattern, linear solver and index arrays stay.
  void update_controls(const model::Network& network, const model::Scenario& scenario,
                       const model::Topology& topology);
  /// The linear solver for this system's pattern, built once and shared by the starting step
  /// and Newton.
  numerics::LinearSolver& linear_solver();

 private:
  void assemble(std::span<const double> x, std::span<double> residual, double* jacobian);
  void linearised_step(std::span<double> x);
  void learn_element_rows(std::size_t first_kind = 0);

  std::size_t node_count_;
  gas::EquationOfState eos_;
  const model::Network* network_;
  std::vector<bool> fixed_;
  std::vector<double> fixed_pressure_;
  std::vector<double> withdrawal_;
  std::vector<std::unique_ptr<physics::BranchEquations>> kinds_;
  std::vector<std::size_t> offsets_;
  numerics::SparsePattern pattern_;
  // Jacobian slots: node rows (fixed: 1 slot; balance: one per incident element), element rows.
  std::vector<std::size_t> fixed_slot_;
  std::vector<std::size_t> incidence_start_, incidence_branch_, incidence_slot_;
  std::vector<double> incidence_sign_;
  std::vector<std::size_t> branch_slot_;  // 3 per branch: d/dp_from, d/dp_to, d/dq
  std::vector<double> weights_;
  std::vector<bool> eliminable_;
  std::unique_ptr<numerics::LinearSolver> linear_solver_;
  std::vector<physics::BranchEval> evals_;
  // The passive kinds (pipes, short pipes, resistors, valves: kinds 0-3) evaluated at
  // passive_x_ are still in evals_: a control round starts Newton again at the state where the
  // last one stopped, where only the regulators' and stations' equations changed.
  std::vector<double> passive_x_;
  bool passive_valid_ = false;
  bool linear_pressure_steps_ = false;
};

}  // namespace linepack::steady
