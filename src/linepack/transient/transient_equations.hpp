#pragma once
// The discretised network, one time step at a time, as residuals and Jacobian values over a fixed
// sparse pattern. docs/transient.md derives every row.
//
// Space: each pipe is cut into n = ceil(L / dx) cells of length h = L / n (staggered finite
// volumes). Pressures live at the cell interfaces (the two end interfaces are the network nodes),
// mass flows at the cells. A network node stores the half cells of its pipes (volume sum A h / 2),
// an interior interface a full cell (A h), so the pipe volumes add up exactly.
//
// Unknowns x = [node pressures | interior pressures | non-pipe element flows | cell flows];
// rows in the same order. One implicit stage from the step start x^n over dt, with implicit
// weight a and explicit weights b_j on earlier states x_j (backward Euler: a = 1; Crank-Nicolson:
// a = b_n = 1/2; TR-BDF2: a trapezoidal stage, then a BDF2 stage written as an ESDIRK row):
//   node:      p - p_set (pressure boundary), or mass balance
//              V (rho - rho^n)/dt + a (out - in)_cells + sum_j b_j (out - in)_cells(x_j)
//                + (out - in)_elements + a w + sum_j b_j w_j = 0                    [kg/s]
//   interior:  V (rho - rho^n)/dt + a (q_right - q_left) + sum_j b_j (...)(x_j) = 0  [kg/s]
//   element:   the steady kernel of its kind (physics/), at the new level; its flow is the
//              stage's mean flow
//   cell:      (h/A)(q - q^n)/dt + a R(x) + sum_j b_j R(x_j) - inertia time part = 0  [Pa]
//              R = p_r - p_l + h (lambda/D + zeta/L) q|q| / (2 A^2 rho_m) + h rho_m g dz/L
//                  + (q^2/A^2)(1/rho_r - 1/rho_l),   rho_m = (rho_l + rho_r)/2
//              inertia time part = (2h/A) (a q/rho_m + sum_j b_j q_j/rho_m,j)(rho_m - rho_m^n)/dt
// The steady mode drops the storage and time terms (a = 1): the time-independent discrete
// system.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/numerics/sparse_pattern.hpp"
#include "linepack/physics/branch_equations.hpp"
#include "linepack/physics/pipe_equation.hpp"

namespace linepack::transient {

/// Most cells of all pipes together (docs/limits.md): a finer grid than this would take tens of
/// gigabytes; a cell count beyond it is an error, not a silently wrapped integer.
inline constexpr double max_cells = 1e7;

/// How the pipes are cut: per pipe, its cell count and cell length.
struct PipeCells {
  std::size_t cells = 1;
  double cell_length_m = 0.0;
  std::size_t first_interior = 0;  ///< index of its first interior interface among all interiors
  std::size_t first_cell = 0;      ///< index of its first cell among all cells
};

/// Cuts every pipe into ceil(L / dx) equal cells (at least one).
std::vector<PipeCells> discretise(const model::Network& network, double dx_m);

class TransientEquations {
 public:
  /// `network` (controls applied, validated; copied) with `topology` from model::validate.
  /// `inertia` keeps the convective term of the momentum equation.
  TransientEquations(const model::Network& network, const model::Topology& topology, double dx_m,
                     bool inertia);
  TransientEquations(const TransientEquations&) = delete;
  TransientEquations& operator=(const TransientEquations&) = delete;

  // ---- layout ----
  std::size_t size() const { return pattern_.size(); }
  std::size_t node_count() const { return node_count_; }
  std::size_t interior_count() const { return interior_count_; }
  std::size_t pressure_count() const { return node_count_ + interior_count_; }
  std::size_t element_count() const { return element_count_; }  ///< non-pipe elements
  std::size_t cell_count() const { return cell_count_; }
  std::size_t element_offset() const { return pressure_count(); }
  std::size_t cell_offset() const { return pressure_count() + element_count_; }
  const std::vector<PipeCells>& pipes() const { return pipes_; }
  /// Unknown index of interface j (0..cells) of pipe k: its from node, an interior, its to node.
  std::size_t pressure_index(std::size_t pipe, std::size_t j) const;
  /// Unknown index of cell c of pipe k.
  std::size_t cell_index(std::size_t pipe, std::size_t c) const {
    return cell_offset() + pipes_[pipe].first_cell + c;
  }
  /// Unknown index of the flow of the network's element e in topology order (pipes first: a
  /// pipe's first cell).
  std::size_t element_flow_index(std::size_t e) const;
  /// Storage volume [m^3] of pressure unknown i (a node's half cells, an interior's cell).
  double volume_m3(std::size_t i) const { return volume_[i]; }
  /// Volume of the half cell of pipe k at its from end (= at its to end).
  double half_cell_volume_m3(std::size_t pipe) const;
  const numerics::SparsePattern& pattern() const { return pattern_; }
  const std::vector<double>& row_weights() const { return weights_; }
  /// Unknowns the linear solves eliminate: cell flows and the flows of short pipes, valves and
  /// resistors (their equation always depends on their flow). Compressors and regulators keep
  /// their flow (an active one sets a pressure).
  const std::vector<bool>& eliminable() const { return eliminable_; }
  const model::Network& network() const { return network_; }
  const gas::EquationOfState& eos() const { return eos_; }
  /// Node and element (non-pipe) from/to node indices in topology order.
  const model::Topology& topology() const { return topology_; }

  // ---- boundary conditions and controls (set before each step) ----
  /// Node i: pressure boundary p_set [Pa] at the new level, or a flow boundary: withdrawal
  /// [kg/s] at the new level and the weighted sum of the earlier levels, sum_j b_j w_j (0 for
  /// plain junctions).
  void set_pressure(std::size_t node, double p_set_pa);
  void set_withdrawal(std::size_t node, double w_new, double w_explicit);
  bool pressure_fixed(std::size_t node) const { return fixed_[node]; }
  /// The stage's mean withdrawal a w + sum_j b_j w_j of a flow node.
  double withdrawal_mean(std::size_t node) const {
    return (steady_ ? 1.0 : implicit_) * w_new_[node] + w_explicit_[node];
  }
  /// Sets the state of a valve / control valve / compressor (index within its kind); takes
  /// effect at the next refresh_controls().
  void set_valve(std::size_t valve, bool open);
  void set_control_valve(std::size_t cv, model::ControlState state, double outlet_pa);
  void set_compressor(std::size_t cs, model::ControlState state, model::CompressorMode mode,
                      double setpoint);
  /// The equation an active regulator (station: true) holds instead of its setpoint (a limit,
  /// open, closed; transient/control_modes.hpp); none: its setpoint.
  void set_hold(bool station, std::size_t index, const std::optional<model::ControlHold>& hold);
  /// Rebuilds the kernels whose controls changed and refreshes the row weights (x: any state).
  void refresh_controls(std::span<const double> x);

  // ---- time levels ----
  /// Steady mode: the time-independent discrete system (no storage, theta = 1).
  void set_steady();
  /// One stage from the step start x_start over dt: implicit weight a, explicit weights b_start
  /// on x_start and b_mid on x_mid (x_mid may be empty when b_mid = 0). Stores the start
  /// densities and the explicit parts.
  void begin_stage(std::span<const double> x_start, std::span<const double> x_mid, double dt_s,
                   double a, double b_start, double b_mid);
  double implicit_weight() const { return steady_ ? 1.0 : implicit_; }
  double dt() const { return dt_; }
  bool steady() const { return steady_; }

  /// Residual and (when jacobian is non-null) the Jacobian values at x.
  void evaluate(std::span<const double> x, std::span<double> residual, double* jacobian);
  /// Largest alpha <= 1 keeping every pressure above a tenth of its value.
  double max_step(std::span<const double> x, std::span<const double> dx) const;

  /// Density and dRho/dp [kg/m^3, kg/m^3/Pa] of the equation of state at p.
  void density(double p, double& rho, double& drho) const;
  /// Density of pressure unknown i at p: the equation of state times the unknown's density
  /// factor (1 unless set_density_factors). at_start: the factor of the current step's start
  /// state (the one before the last set_density_factors in a transient).
  void density_at(std::size_t i, double p, double& rho, double& drho, bool at_start = false) const {
    density(p, rho, drho);
    const auto& f = at_start ? start_factor_ : factor_;
    if (f.empty()) return;
    rho *= f[i];
    drho *= f[i];
  }
  /// Energy equation coupling (docs/transient.md §11): per pressure unknown the factor
  /// c = rho(p, T) / rho(p, T_model) by which the gas temperature changes the density, for the
  /// next step (lagged by one step). The factors the state at the next step's start was
  /// computed with are kept for its stored mass, so that the mass balance stays exact; in steady
  /// mode both are set. Empty: isothermal (factor 1, no work).
  void set_density_factors(std::vector<double> factors) {
    start_factor_ = steady_ ? factors : std::move(factor_);
    factor_ = std::move(factors);
  }
  const std::vector<double>& density_factors() const { return factor_; }
  /// Mass in the network [kg] at state x: sum of volume * density over the pressure unknowns.
  double linepack_kg(std::span<const double> x) const;
  /// Mass in pipe k [kg]: its interfaces with weights h/2 (ends) and h (interior).
  double pipe_linepack_kg(std::span<const double> x, std::size_t pipe) const;
  /// Row description for diagnostics: id and equation kind.
  std::pair<std::string, std::string> describe_row(std::size_t row) const;
  /// Warm start of Colebrook-White per cell: the last solution x = 1/sqrt(lambda) at Reynolds
  /// number re and its tangent dx/dRe.
  struct FrictionStart {
    double x = 0.0, re = 0.0, dx_dre = 0.0;
  };
  /// Kernel of non-pipe kind k (0 short pipes, 1 resistors, 2 valves, 3 control valves,
  /// 4 compressors).
  const physics::BranchEquations& kernel(std::size_t k) const { return *kinds_[k]; }
  std::size_t kernel_offset(std::size_t k) const { return kind_offset_[k]; }

 private:
  struct CellRow {  // one cell's momentum row at x
    double residual, d_pl, d_pr, d_q;
  };
  void rebuild_kind(std::size_t k);
  /// R(x) of cell c and its derivatives (steady part of the momentum row).
  CellRow cell_law(std::size_t c, double pl, double pr, double q, double rho_l, double rho_r,
                   double drho_l, double drho_r) const;

  model::Network network_;
  model::Topology topology_;
  gas::EquationOfState eos_;
  bool inertia_;
  std::size_t node_count_, interior_count_ = 0, element_count_ = 0, cell_count_ = 0;
  std::vector<PipeCells> pipes_;
  std::unique_ptr<physics::PipeEquations> pipe_law_;  // friction, coefficients
  std::vector<std::unique_ptr<physics::BranchEquations>> kinds_;  // non-pipe kinds
  std::vector<std::size_t> kind_offset_;
  std::vector<std::vector<std::size_t>> kind_from_, kind_to_;
  std::vector<bool> kind_dirty_;

  // Cells (struct of arrays).
  std::vector<std::size_t> cell_pipe_, cell_left_, cell_right_;
  // Per pipe constants.
  std::vector<double> pipe_h_, pipe_area_, pipe_re_per_q_, pipe_inv_d_, pipe_zeta_per_l_,
      pipe_inv_2a2_, pipe_slope_g_, pipe_kf_lambda_, pipe_kf_zeta_, pipe_inv_a2_;
  mutable std::vector<FrictionStart> friction_start_;  // per cell warm starts

  std::vector<double> volume_;
  std::vector<bool> fixed_;
  std::vector<double> p_set_, w_new_, w_explicit_;

  // Time level.
  bool steady_ = true;
  double implicit_ = 1.0, dt_ = 0.0;
  std::vector<double> rho_old_;       // per pressure unknown, at the step start
  std::vector<double> factor_, start_factor_;  // density factors (empty: 1), set_density_factors
  std::vector<double> explicit_;      // per row: the explicit parts sum_j b_j F(x_j)
  std::vector<double> cell_q_old_, cell_rho_mean_old_, cell_q_over_rho_explicit_;
  // R(x) per cell at the last evaluated state (last_x_) and at the last stage start
  // (start_x_): the explicit parts of the next stage reuse them instead of re-evaluating the
  // friction law.
  std::vector<double> cell_r_eval_, cell_r_start_, last_x_, start_x_;
  bool last_x_valid_ = false, start_x_valid_ = false;
  // Work arrays.
  std::vector<double> rho_, drho_;
  std::vector<physics::BranchEval> evals_;

  numerics::SparsePattern pattern_;
  std::vector<double> weights_;
  std::vector<bool> eliminable_;
  // Jacobian slots.
  std::vector<std::size_t> diag_slot_;                     // per pressure unknown
  std::vector<std::size_t> cell_slot_;                     // 5 per cell: (l,q) (r,q) (c,l) (c,r) (c,c)
  std::vector<std::size_t> element_slot_;                  // 5 per element: (f,q) (t,q) (e,f) (e,t) (e,e)
};

}  // namespace linepack::transient
