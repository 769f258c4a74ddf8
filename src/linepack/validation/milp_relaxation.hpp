#pragma once
// A mixed-integer linear OUTER relaxation of the steady problem of one nomination on any
// network, meshed or not (docs/validation-of-nominations.md, "Meshed networks: MILP
// relaxation"). Variables: the scaled pressure potential x = Pi(p) / Pi(1 bar) of every node
// (Pi(p) = integral_0^p rho dp, the potential of the steady pipe law, physics/pipe_equation.hpp),
// the mass flow of every element, and binaries: flow direction of pipes and resistors whose flow
// the nomination does not fix, valve open/closed, regulator and station active/bypass (closed
// when neither). Every constraint is built so that every steady state the steady solver accepts
// (converged, no violation beyond its 1 Pa tolerance) for every control satisfies it, with node
// bounds relaxed by `slack_pa`: if the MILP is infeasible, so is the nomination.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/combined_decisions.hpp"
#include "linepack/validation/linear_program.hpp"
#include "linepack/validation/milp_solver.hpp"

namespace linepack::validation {

/// The discrete decisions and potentials of one MILP solution.
struct RelaxationPoint {
  std::vector<double> pressure_pa;  ///< per node, from the potential
  std::vector<double> flow_kg_per_s;  ///< per element in Edge order (pipes, short pipes, ...)
  std::vector<char> valve_open;  ///< per valve
  std::vector<model::ControlState> regulator_state, station_state;
};

class MilpRelaxation {
 public:
  /// nullopt, with `why`, where the relaxation does not apply (a node without a maximum
  /// pressure, the energy equation on).
  static std::optional<MilpRelaxation> build(const model::Network& network,
                                             const model::Scenario& scenario, double slack_pa,
                                             std::string& why);

  /// Restricts the relaxation to the controls that `decisions` (a GasLib `.cdf`) allow: one
  /// binary per decision, one decision per group, and each entry of a chosen decision on its
  /// element's binaries (valve open or closed, regulator or station closed, running, active or
  /// bypassed) and, with a flow direction, on its flow (within
  /// flow_direction_tolerance_kg_per_s). Every control that combined_decisions.hpp's `allows`
  /// accepts satisfies them, so the relaxation stays an outer one of the problem within the
  /// decisions. Elements the network does not have are an error of the reader, not checked here.
  void restrict_to(const CombinedDecisions& decisions, const model::Network& network);

  /// Solves with the node bounds switched on by `keep_min` / `keep_max` (per node; a bound
  /// switched off is replaced by the loosest one the relaxation knows: 0, or the largest maximum
  /// of the network). No objective: the first solution CBC finds (a feasibility problem; with
  /// the least-action costs GasLib-135's first solution took 30 times longer). All bounds:
  /// pass empty vectors.
  MilpSolution solve(const std::vector<char>& keep_min, const std::vector<char>& keep_max,
                     double time_limit_s) const;
  RelaxationPoint point(const MilpSolution& solution) const;

  /// The largest violation of the relaxation's rows and node columns (in their own units:
  /// potentials in bar^2-like units, flows in kg/s) by a state: node pressures and element flows
  /// (in Edge order), the binaries chosen to fit it (a chain's direction by the sign of its
  /// flow, a valve open when its ends are equal, each regulator and station in whichever of its
  /// modes fits best). A check that true states satisfy the relaxation (tests).
  double state_violation(const std::vector<double>& pressure_pa,
                         const std::vector<double>& flow_kg_per_s) const;

  /// The relaxation without integrality, every node bound on (a proof of its infeasibility is
  /// one of the MILP's), and node `v`'s bounds switched on or off in it as `solve` does.
  LinearProgram linear_relaxation() const { return LinearProgram(problem_); }
  void set_node_bounds(LinearProgram& lp, std::size_t v, bool keep_min, bool keep_max) const;
  int node_column(std::size_t v) const { return node_col_[v]; }

  /// Whether node `v`'s maximum is tighter than the loosest one `solve` puts in its place (the
  /// largest maximum of the network); switching off a bound that is not changes nothing.
  bool max_bound_binds(std::size_t v) const { return node_hi_[v] < x_hi_; }

  std::size_t columns() const { return problem_.col_lower.size(); }
  std::size_t rows() const { return problem_.rows.size(); }
  std::size_t binaries() const;
  /// Pipes whose flow the nomination fixes (bridges of the network's graph).
  std::size_t fixed_flow_elements() const { return fixed_flows_; }

 private:
  MilpProblem problem_;
  std::vector<int> node_col_;
  std::vector<double> node_lo_, node_hi_;  // potentials at the relaxed bounds
  double x_hi_ = 0.0;                      // the largest potential of any node
  std::vector<int> flow_col_;              // per element: its chain's flow column
  std::vector<double> flow_sign_;          // per element: q = sign x[flow_col_]
  std::vector<int> direction_col_;         // per element: its chain's direction binary, or -1
  std::vector<int> valve_open_col_, regulator_active_col_, regulator_bypass_col_,
      station_active_col_, station_bypass_col_;
  double potential_unit_ = 1.0;
  double q_max_ = 0.0;  // the bound of every flow column [kg/s]
  std::optional<gas::EquationOfState> eos_;  // for the inverse potential
  std::size_t fixed_flows_ = 0;
};

}  // namespace linepack::validation
