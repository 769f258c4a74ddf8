#pragma once
// The outcome of a steady solve, by node and element, SI units.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "linepack/physics/station_working_point.hpp"

namespace linepack::steady {

/// The binding limits a station's map gives when its map limits are held
/// (SteadyOptions::hold_map_limits; the control loop names its bounds with them).
inline constexpr std::string_view map_limit_choke = "choke";
inline constexpr std::string_view map_limit_drive_power = "drive_power_max";
inline constexpr std::string_view map_limit_speed = "speed_max";
inline bool is_map_limit(std::string_view binding_limit) {
  return binding_limit == map_limit_choke || binding_limit == map_limit_drive_power ||
         binding_limit == map_limit_speed;
}

enum class Status { converged, not_converged, infeasible };
std::string to_string(Status status);

struct NodeResult {
  std::string id;
  double pressure_pa = 0.0;
  double withdrawal_kg_per_s = 0.0;  ///< net outflow to the outside; negative = supply
  bool pressure_fixed = false;
  double pressure_min_pa = 0.0;
  double pressure_max_pa = 0.0;
  double temperature_k = 0.0;  ///< gas temperature (mixed); the network's temperature when isothermal
};

struct ElementResult {
  std::string id;
  std::string kind;  ///< pipe, short_pipe, resistor, valve, control_valve, compressor
  std::string from, to;
  double mass_flow_kg_per_s = 0.0;
  double volume_flow_normal_m3_per_s = 0.0;   ///< at normal conditions (0 degC, 1.01325 bar)
  double velocity_from_m_per_s = 0.0;          ///< pipes: at the from end (signed with flow)
  double velocity_to_m_per_s = 0.0;
  double velocity_mean_m_per_s = 0.0;          ///< pipes: at the mean pressure 2/3 (p1^3-p2^3)/(p1^2-p2^2)
  double friction_factor = 0.0;                ///< pipes: Darcy factor at the solution
  double pressure_ratio = 0.0;                 ///< p_to / p_from
  double shaft_power_w = 0.0;                  ///< compressors
  double fuel_kg_per_s = 0.0;                  ///< compressors: fuel gas burnt by the driver
  /// Compressors with a station map (model::Compressor::station), when active: the working
  /// point of its units; shaft_power_w and fuel_kg_per_s are its totals.
  std::optional<physics::StationWorkingPoint> station;
  /// Regulators and stations: what the element holds (outlet_pressure, inlet_pressure,
  /// pressure_ratio, flow, shaft_power, inlet_volume_flow, open, bypass, closed) and why:
  /// "none" (its setpoint), the binding limit (flow_max, pressure_in_min, pressure_out_max,
  /// ratio_max, power_max, choke; with map limits drive_power_max, speed_max; "+surge" when the
  /// units recycle), or the reason for open / bypass / closed (setpoint_unreachable,
  /// cannot_compress, reverse_flow, parallel_setpoint, parallel_share, as_given). Empty for
  /// other kinds. See docs/physics.md.
  std::string control_mode;
  std::string binding_limit;
  // Energy equation only (SteadyResult::energy_equation):
  double temperature_from_k = 0.0;  ///< gas at the from end (leaving it, or arriving there)
  double temperature_to_k = 0.0;    ///< gas at the to end (after the cooler for compressors)
  double temperature_mean_k = 0.0;  ///< pipes: length average, used by the hydraulics
  double discharge_temperature_k = 0.0;  ///< active compressors: leaving the compressor, before the cooler
  double cooler_duty_w = 0.0;            ///< compressors: heat taken by the aftercooler
};

/// Gas temperature along a pipe (energy equation only), from its from-node.
struct TemperatureProfile {
  std::string pipe;
  std::vector<double> position_m;
  std::vector<double> temperature_k;
};

/// A bound or machine limit that the solution does not respect.
struct Violation {
  std::string id;      ///< node or element id
  std::string what;    ///< e.g. "pressure_below_min", "compressor_ratio_above_max"
  double value = 0.0;  ///< SI
  double limit = 0.0;  ///< SI
};

/// A station's map limit broken at its working point: `what` is "station_<what>:<unit>"
/// (surge, choke, speed, power; physics::MapViolation).
inline constexpr std::string_view map_violation_prefix = "station_";
inline bool is_map_violation(const Violation& v) { return v.what.starts_with(map_violation_prefix); }

/// One equation with a large residual (diagnostics of a failed solve).
struct WorstEquation {
  std::string id;      ///< node or element id
  std::string kind;    ///< "node_balance", "node_pressure", or the element kind
  double residual = 0.0;  ///< scaled: bar for pressure rows, kg/s for flow rows
};

/// Why no state with positive pressures exists (status `infeasible` only; see
/// steady/infeasibility_certificate.hpp for the argument).
struct InfeasibilityCertificate {
  std::string reason;                   ///< "negative_potential"
  std::string explanation;              ///< the argument in one paragraph
  std::vector<std::string> nodes;       ///< nodes whose potential must be negative, lowest first (at most 10)
  std::size_t negative_node_count = 0;  ///< all of them
  double lowest_pressure_pa = 0.0;      ///< signed pressure of the relaxation's solution at nodes[0]
  std::vector<std::string> path;        ///< node, element, node, ... from a fixed-pressure node to nodes[0]
};

struct SteadyResult {
  Status status = Status::not_converged;
  int iterations = 0;  ///< Newton iterations of the state returned (its holds' last solve)
  /// Every Newton solve of the network, one per set of regulator and station holds tried by the
  /// control loop (1 when nothing is controlled), and the Newton iterations of all of them
  /// (with the energy equation's): the work behind the result.
  int control_rounds = 0;
  int newton_iterations_total = 0;
  double residual_norm = 0.0;  ///< scaled inf-norm (bar / kg/s)
  std::string message;         ///< human-readable reason when not converged
  double solve_time_s = 0.0;
  std::vector<NodeResult> nodes;
  std::vector<ElementResult> elements;
  std::vector<Violation> violations;
  std::vector<WorstEquation> worst_equations;
  std::optional<InfeasibilityCertificate> certificate;  ///< set exactly when status is infeasible
  double total_supply_kg_per_s = 0.0;
  double total_withdrawal_kg_per_s = 0.0;
  double total_compressor_power_w = 0.0;
  double total_fuel_kg_per_s = 0.0;
  double normal_density_kg_per_m3 = 0.0;
  double standard_density_kg_per_m3 = 0.0;        ///< at 60 degF, for mmcfd
  double higher_heating_value_j_per_kg = 0.0;     ///< for energy flows
  /// Steady energy equation (physics.thermal.energy_equation): temperatures are results.
  bool energy_equation = false;
  int thermal_iterations = 0;  ///< hydraulic-thermal (Picard) iterations
  std::vector<TemperatureProfile> temperature_profiles;  ///< one per pipe
};

}  // namespace linepack::steady
