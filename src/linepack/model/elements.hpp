#pragma once
// The network's components as plain value types, SI units. See docs/model-format.md.
#include <limits>
#include <optional>
#include <string>

#include "linepack/model/station.hpp"
#include "linepack/model/control_hold.hpp"

namespace linepack::model {

inline constexpr double unbounded = std::numeric_limits<double>::infinity();

struct Node {
  std::string id;
  double elevation_m = 0.0;
  double pressure_min_pa = 0.0;
  double pressure_max_pa = unbounded;
  double x = 0.0, y = 0.0;  ///< drawing coordinates (or longitude/latitude), not used by physics
  /// Temperature of the gas injected here (entry nodes); default: physics.thermal.
  std::optional<double> supply_temperature_k{};
  bool operator==(const Node&) const = default;
};

/// Fields every two-terminal element has. Flow is positive from `from` to `to`.
struct Branch {
  std::string id;
  std::string from;
  std::string to;
  bool operator==(const Branch&) const = default;
};

struct Pipe : Branch {
  double length_m = 0.0;
  double diameter_m = 0.0;   ///< inner diameter
  double roughness_m = 0.0;  ///< absolute (sand-grain) roughness
  std::optional<double> friction_factor;  ///< fixed Darcy factor; overrides the friction law
  /// Sum of local loss coefficients (bends, fittings) zeta: adds zeta to lambda L / D.
  double loss_coefficient = 0.0;
  /// Overall heat-transfer coefficient gas to ground, on the inner surface pi D L [W/(m^2 K)];
  /// default: physics.thermal. Used only when the energy equation is on.
  std::optional<double> heat_transfer_coefficient_w_per_m2_k{};
  std::optional<double> ground_temperature_k{};  ///< undisturbed ground at pipe depth; default: physics.thermal
  bool operator==(const Pipe&) const = default;
};

/// A connection without pressure loss (GasLib shortPipe).
struct ShortPipe : Branch {
  bool operator==(const ShortPipe&) const = default;
};

/// Local pressure loss: dp = zeta q|q| / (2 rho A^2) (drag factor zeta, GasLib resistor), or a
/// fixed loss dp in the direction of flow (LANL loss resistor) when `pressure_loss_pa` is set.
struct Resistor : Branch {
  double drag_factor = 0.0;
  double diameter_m = 0.0;
  std::optional<double> pressure_loss_pa;
  bool operator==(const Resistor&) const = default;
};

/// Whether a resistor ties its end pressures (the steady control loop's lossless islands): a
/// fixed pressure loss does not depend on the flow, and without drag there is none.
inline bool ties_end_pressures(const Resistor& r) {
  return r.pressure_loss_pa.has_value() || !(r.drag_factor > 0.0 && r.diameter_m > 0.0);
}

struct Valve : Branch {
  bool open = true;
  bool operator==(const Valve&) const = default;
};

/// Operating state of a controllable element.
enum class ControlState { active, bypass, closed };

/// What an active regulator holds when no limit binds.
enum class ControlValveMode { outlet_pressure, flow };

/// Pressure regulator: when active, holds its setpoint (outlet pressure or flow) until a limit
/// binds; fully open when the setpoint cannot be reached, closed against reverse flow.
struct ControlValve : Branch {
  ControlState state = ControlState::bypass;
  ControlValveMode mode = ControlValveMode::outlet_pressure;
  double outlet_pressure_pa = 0.0;  ///< setpoint when active in outlet_pressure mode
  double flow_setpoint_kg_per_s = 0.0;  ///< setpoint when active in flow mode
  double pressure_in_min_pa = 0.0;
  double pressure_out_max_pa = unbounded;
  double flow_max_kg_per_s = unbounded;
  /// The drop p_from - p_to an active regulator works within (GasLib pressureDifferentialMin
  /// and -Max): below the minimum it cannot regulate.
  double pressure_drop_min_pa = 0.0;
  double pressure_drop_max_pa = unbounded;
  /// Whether the regulator has its own bypass (GasLib internalBypassRequired, default 1).
  /// Without one, its bypass state is the regulator fully open: forward flow only, and only
  /// when the minimum drop is 0 (steady/violations.cpp).
  bool has_bypass = true;
  /// Set by the control loop only (never read from or written to files).
  std::optional<ControlHold> hold;
  bool operator==(const ControlValve&) const = default;
};

enum class CompressorMode { pressure_ratio, outlet_pressure, throughput, inlet_pressure, shaft_power };

/// Compressor station as one unit: a setpoint, limits, and power/fuel from the head.
struct Compressor : Branch {
  ControlState state = ControlState::bypass;
  CompressorMode mode = CompressorMode::pressure_ratio;
  double setpoint = 1.0;  ///< ratio [-], outlet pressure [Pa] or mass flow [kg/s] by mode
  double ratio_max = unbounded;
  double pressure_in_min_pa = 0.0;
  double pressure_out_max_pa = unbounded;
  double power_max_w = unbounded;
  double flow_max_kg_per_s = unbounded;
  double efficiency = 0.82;          ///< isentropic or polytropic efficiency of compression
  bool polytropic = false;           ///< head model: isentropic (false) or polytropic (true)
  double driver_efficiency = 0.35;   ///< gas turbine: shaft power / fuel heat rate (HHV)
  /// The station's machines from their maps; when set, power, efficiency and fuel come from
  /// its working point instead of `efficiency` and `driver_efficiency`.
  std::optional<Station> station;
  /// Surge and choke of the station's map as inlet volume flows [m^3/s] (0 / unbounded: none).
  /// Below surge the units recycle: the machines run at the surge flow.
  double surge_volume_flow_m3_per_s = 0.0;
  double choke_volume_flow_m3_per_s = unbounded;
  /// Set by the control loop only (never read from or written to files).
  std::optional<ControlHold> hold;
  /// Aftercooler (energy equation only): cools the discharge to this temperature, if it is
  /// hotter, within `cooler_duty_max_w`; no value: no cooler.
  std::optional<double> cooler_outlet_temperature_k{};
  double cooler_duty_max_w = unbounded;
  /// Limit of the temperature leaving the station (after the cooler), e.g. for the coating.
  double discharge_temperature_max_k = unbounded;
  /// Whether the station has its own bypass (GasLib internalBypassRequired, default 1).
  /// Without one, its bypass state is the station passing gas at ratio 1: forward flow only.
  bool has_bypass = true;
  bool operator==(const Compressor&) const = default;
};

}  // namespace linepack::model
