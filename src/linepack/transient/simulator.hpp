#pragma once
// Transient simulation of a whole network: implicit time stepping of the discretised equations
// (TransientEquations), one damped Newton solve of the whole network per step, the sparse
// pattern and the symbolic analysis of the linear solver built once.
//
// Contract of the time integrator (docs/transient.md):
//   - start_from_steady(): the state at start_time_s is the steady state of the DISCRETISED
//     equations for the boundary conditions and controls at that time (the steady solver gives
//     the starting point, Newton on the discrete system the state). Events at exactly the start
//     time are not part of it: they act from the first step on (the disturbance that starts the
//     run); events before the start time are (as history, without their ramps).
//   - start_from_state(t, x): a saved state (restart).
//   - step(): advances from time() to the next step end t + dt, shortened to land on every
//     schedule breakpoint (series points, events) and on the end time; the values imposed at the
//     new level are the left limits at the step end, events at t apply to steps that start at or
//     after t. A step whose Newton solve fails is retried with half the step (at most
//     max_step_halvings times); then the run fails.
//   - Flows of pipes are reported at the inlet as the mass that entered during the step divided
//     by the step (the scheme's weighted first-cell flow plus the half cell's storage rate);
//     flows of the other elements are their unknowns, which the schemes treat as the mean flow
//     of the (last) stage. Pressures are values at the step end.
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/numerics/linear_solver.hpp"
#include "linepack/physics/gas_thermo.hpp"
#include "linepack/transient/energy_tracker.hpp"
#include "linepack/transient/quality_tracker.hpp"
#include "linepack/transient/control_modes.hpp"
#include "linepack/transient/schedule.hpp"
#include "linepack/transient/transient_equations.hpp"

namespace linepack::transient {

enum class Scheme {
  backward_euler,  ///< first order, L-stable (damps every stiff mode)
  crank_nicolson,  ///< second order (trapezoidal rule), A-stable but not damping: the acoustic
                   ///< modes of the grid ring after a jump when c dt / dx >> 1
  tr_bdf2,         ///< second order, L-stable: a trapezoidal stage to t + (2 - sqrt 2) dt, then
                   ///< BDF2 (Bank et al. 1985); two Newton solves per step
};
/// "backward_euler" (euler, be), "crank_nicolson" (cn, trapezoidal), "tr_bdf2" (trbdf2).
Scheme parse_scheme(std::string_view name);  ///< std::invalid_argument
std::string to_string(Scheme scheme);
/// Nominal order of accuracy in time.
int order_of(Scheme scheme);

struct TransientOptions {
  double dx_m = 1000.0;          ///< largest cell length
  double dt_s = 60.0;            ///< time step (steps are shortened at breakpoints)
  double duration_s = 86400.0;   ///< simulated time from start_time_s
  double start_time_s = 0.0;     ///< time origin of the schedule at which the run starts
  Scheme scheme = Scheme::tr_bdf2;
  bool inertia = true;           ///< keep the convective term of the momentum equation
  double tolerance = 1e-8;       ///< Newton: weighted inf-norm (bar on pressure rows, kg/s on flow rows)
  double steady_tolerance = 1e-9;  ///< the same for the initial discrete steady state
  int max_iterations = 25;       ///< Newton iterations per step
  int steady_max_iterations = 60;
  int max_step_halvings = 8;
  /// Extrapolate the last two states to start each step's Newton iteration.
  bool extrapolate = true;
  /// Steps land on every point of the schedule's time series (kinks of linear series). Off:
  /// only on events, step-series points and the end (for densely sampled series).
  bool series_breakpoints = true;
  /// Regulators and stations hold their limits (transient/control_modes.hpp): modes checked
  /// after each converged step, the step solved again when one switched. Off: setpoints only.
  bool hold_limits = true;
  /// Active stations burn their fuel gas from the line at their inlet node (docs/transient.md
  /// "Fuel gas"): each step withdraws the fuel reported at the step start (lagged by one step,
  /// constant over the step), and the start is the steady state with fuel withdrawn. False
  /// (default): fuel is only reported.
  bool withdraw_fuel = false;
};

/// Values of one instant (a step end), for outputs. SI units.
struct Snapshot {
  double time_s = 0.0;
  std::vector<double> node_pressure_pa;        ///< per node
  std::vector<double> element_flow_kg_per_s;   ///< per element in topology order
  double linepack_kg = 0.0;
  std::vector<double> pipe_linepack_kg;        ///< per pipe
  std::vector<double> compressor_power_w;      ///< per compressor
  std::vector<double> compressor_fuel_kg_per_s;
  double supply_kg_per_s = 0.0;      ///< sum of node injections into the network (step mean)
  double withdrawal_kg_per_s = 0.0;  ///< sum of node withdrawals out of it (step mean)
  double net_inflow_cumulative_kg = 0.0;  ///< integral of supply - withdrawal since the start
  /// Fuel gas withdrawn at the stations' inlets (withdraw_fuel; part of withdrawal_kg_per_s):
  /// per compressor and in total (step mean), and its integral since the start.
  std::vector<double> compressor_fuel_withdrawn_kg_per_s;
  std::vector<double> compressor_fuel_withdrawn_cumulative_kg;
  double fuel_withdrawn_kg_per_s = 0.0;
  double fuel_withdrawn_cumulative_kg = 0.0;
  /// Gas quality per node (empty without quality tracking): ISO 6976:2016 properties of the gas
  /// at the node (combustion 25 degC, metering 0 degC, 101.325 kPa: per normal m^3) and the
  /// energy flow out of the network there (withdrawal times the gross calorific value of the
  /// gas withdrawn; negative at a supply: the energy it injects).
  std::vector<double> node_gross_cv_j_per_m3;
  std::vector<double> node_wobbe_j_per_m3;
  std::vector<double> node_relative_density;
  std::vector<double> node_energy_flow_w;
  /// Energy equation (physics.thermal.energy_equation; empty / 0 when off): the gas temperature
  /// at every node [K] and the energy in the network [J] (transient/energy_tracker.hpp).
  std::vector<double> node_temperature_k;
  double energy_j = 0.0;
  /// Per control valve, then per compressor: the mode held in the step and the limit that binds
  /// ("none": the setpoint; why open / closed / bypassed; "trip"; "as_given": not active).
  std::vector<std::string> control_mode;
  std::vector<std::string> binding_limit;
};

/// A node with a minimum pressure: when it first fell below it.
struct Survival {
  std::size_t node = 0;
  double pressure_min_pa = 0.0;
  std::optional<double> survival_time_s;  ///< first time below the minimum (interpolated)
  double lowest_pressure_pa = std::numeric_limits<double>::infinity();
  double lowest_pressure_time_s = 0.0;
};

struct NewtonStats {
  bool converged = false;
  bool singular = false;
  int iterations = 0;
  double residual_norm = 0.0;
  std::size_t worst_row = 0;
};

class Simulator {
 public:
  /// `network` and `scenario` (the model's own boundaries and controls) are copied; `schedule`
  /// must be valid for the network (transient::validate). Throws model::ValidationError for an
  /// invalid network and std::invalid_argument for bad options (dt <= 0, dx <= 0, ...).
  Simulator(const model::Network& network, const model::Scenario& scenario,
            const Schedule& schedule, const TransientOptions& options);
  ~Simulator();

  /// The discrete steady state at start_time_s. Returns the Newton statistics; not converged
  /// means no initial state (the run must not continue).
  NewtonStats start_from_steady();
  /// A saved state at time t (unknown vector in this discretisation's layout).
  void start_from_state(double time_s, std::span<const double> x);

  /// One step; false when the step failed (see message()).
  bool step();
  bool finished() const { return time_ >= end_time_ - 1e-9 * std::max(1.0, options_.dt_s); }
  /// Runs to the end, calling `on_step` after the start and after every step.
  bool run(const std::function<void(const Simulator&)>& on_step = {});

  double time() const { return time_; }
  double start_time() const { return options_.start_time_s; }
  double end_time() const { return end_time_; }
  std::span<const double> state() const { return x_; }
  const TransientEquations& equations() const { return *eq_; }
  const TransientOptions& options() const { return options_; }
  const model::Network& network() const { return network_; }
  /// Gas quality tracking (nullptr when the schedule gives no supply composition).
  const QualityTracker* quality() const { return quality_.get(); }
  /// The energy equation (nullptr when physics.thermal.energy_equation is off).
  const EnergyTracker* energy() const { return energy_.get(); }
  double initial_energy_j() const { return initial_energy_j_; }
  /// Nodes that have a boundary (scenario, schedule series, node events or a composition): the
  /// supplies and deliveries whose gas quality the outputs report.
  const std::vector<std::size_t>& boundary_nodes() const { return boundary_nodes_; }

  /// The snapshot at the current time (filled after start and after each step).
  const Snapshot& snapshot() const { return snapshot_; }
  /// Pressure [Pa] along pipe k at its interfaces (x = j h), and the flow [kg/s] at the
  /// interfaces (the mean of the adjacent cells; the end cells at the ends).
  void pipe_profile(std::size_t pipe, std::vector<double>& x_m, std::vector<double>& pressure_pa,
                    std::vector<double>& flow_kg_per_s) const;
  const std::vector<Survival>& survival() const { return survival_; }

  // Statistics.
  std::size_t steps() const { return steps_; }
  /// Steps solved again because a regulator or station switched its mode, and mode switches.
  std::size_t control_resolves() const { return control_resolves_; }
  std::size_t control_switches() const { return modes_ ? modes_->switches() : 0; }
  std::size_t rejected_steps() const { return rejected_; }
  std::size_t newton_iterations() const { return newton_iterations_; }
  int max_newton_iterations_per_step() const { return max_iterations_per_step_; }
  int initial_newton_iterations() const { return initial_iterations_; }
  double initial_linepack_kg() const { return initial_linepack_kg_; }
  const std::string& message() const { return message_; }
  /// Line pack change minus the integral of net inflow since the start [kg].
  double mass_balance_error_kg() const;

 private:
  struct NodeOverride {
    bool active = false;
    double from_value = 0.0, to_value = 0.0, t0 = 0.0, t1 = 0.0;  // withdrawal ramp
  };
  struct ElementControlNow {
    model::ControlState state = model::ControlState::active;
    model::CompressorMode mode = model::CompressorMode::pressure_ratio;
    double setpoint = 0.0;
  };
  struct ElementOverride {
    bool active = false;
    ElementControlNow control;
    bool non_return = false;  // tripped compressor: bypass with a non-return valve
    bool non_return_open = false;
    bool tripped = false;  // by a compressor_trip event (reported as binding "trip")
  };

  void resolve_schedule(const Schedule& schedule);
  void fire_events(double t, bool at_start);
  /// Boundary of node i: (is_pressure, value) at time t, left limit or value at t.
  std::pair<bool, double> node_boundary(std::size_t node, double t, bool left) const;
  /// Flow boundaries of a stage: withdrawal at t_new (left limit) with weight a (in the
  /// equations), b_start w(t_start) + b_mid w(t_mid) as the explicit sum.
  void apply_boundaries(double t_start, double t_mid, double t_new, double b_start, double b_mid);
  void apply_controls(double t_new);
  void update_non_return();
  void set_steady_boundaries(double t);
  /// withdraw_fuel: the fuel of each active station [kg/s] (per compressor) withdrawn at its
  /// inlet node from now on (node_fuel_kg_per_s_).
  void set_fuel_withdrawal(std::span<const double> compressor_fuel_kg_per_s);
  NewtonStats newton(double tolerance, int max_iterations);
  bool try_step(double dt);
  bool solve_stages(double dt, double t_new, int& iterations);
  void fill_snapshot(double dt, bool steady);
  /// Transport after fill_snapshot (gas quality, energy): the steady balance or one step, and
  /// the node values.
  void track_transport(double dt, bool steady);
  /// Energy equation on: each volume's density factor from its temperature (docs/transient.md
  /// §11), for the next step.
  void update_density_factors();
  void update_survival(double t_old, double t_new);
  double next_breakpoint(double t) const;

  model::Network network_;
  model::Scenario scenario_;
  TransientOptions options_;
  // Weights of the step's last stage over the whole step (mean flows of the step).
  double mean_a_ = 1.0, mean_b_start_ = 0.0, mean_b_mid_ = 0.0;
  std::unique_ptr<TransientEquations> eq_;
  std::unique_ptr<numerics::LinearSolver> lu_;
  std::unique_ptr<QualityTracker> quality_;
  std::unique_ptr<EnergyTracker> energy_;
  std::unique_ptr<physics::GasThermo> thermo_;  // with energy_: Z(p, T) for the factors
  double initial_energy_j_ = 0.0;
  std::vector<double> mean_flow_;  // step mean flows in the unknowns' layout (quality tracking)
  std::vector<std::size_t> boundary_nodes_;
  std::unique_ptr<ControlModes> modes_;
  std::size_t control_resolves_ = 0;

  // Resolved schedule.
  struct NodeSource {
    const NodeSeries* series = nullptr;
    bool base_pressure = false;
    double base_value = 0.0;
    bool has_base = false;
  };
  Schedule schedule_;
  std::vector<NodeSource> node_source_;
  std::vector<NodeOverride> node_override_;
  std::vector<const ElementSeries*> valve_series_, cv_series_, cs_series_;  // by kind index
  std::vector<ElementOverride> valve_override_, cv_override_, cs_override_;
  std::vector<std::pair<double, std::size_t>> events_;  // (time, index) sorted
  std::size_t next_event_ = 0;
  std::vector<double> breakpoints_;

  // State.
  double time_ = 0.0, end_time_ = 0.0, last_dt_ = 0.0;
  std::vector<double> x_, x_prev_, x_old_, x_mid_;
  bool have_prev_ = false;
  // Newton work arrays.
  std::vector<double> f_, jac_, dx_, x_trial_, f_trial_, jac_trial_, balance_;
  // Outputs.
  Snapshot snapshot_;
  std::vector<Survival> survival_;
  double initial_linepack_kg_ = 0.0;
  double net_inflow_cumulative_kg_ = 0.0;
  std::vector<double> compressor_fuel_withdrawn_;  // per compressor [kg/s], this step
  std::vector<double> compressor_fuel_withdrawn_cumulative_kg_;
  std::vector<double> node_fuel_kg_per_s_;         // per node [kg/s], this step
  double fuel_withdrawn_cumulative_kg_ = 0.0;
  std::size_t steps_ = 0, rejected_ = 0, newton_iterations_ = 0;
  int max_iterations_per_step_ = 0, initial_iterations_ = 0;
  std::string message_;
};

}  // namespace linepack::transient
