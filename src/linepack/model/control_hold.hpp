#pragma once
// The equation a controlled element (regulator or compressor station) holds in one solve.
// The steady control loop (steady/control_loop.hpp) sets it; without one an active element
// holds its setpoint. See docs/physics.md, "Control with limits".
#include <algorithm>
#include <cmath>
#include <string_view>

namespace linepack::model {

enum class HeldQuantity {
  outlet_pressure,    ///< p_to = value [Pa]
  inlet_pressure,     ///< p_from = value [Pa]
  pressure_ratio,     ///< p_to = value p_from
  mass_flow,          ///< q = value [kg/s]
  shaft_power,        ///< shaft power = value [W] (compressors)
  inlet_volume_flow,  ///< q / rho(p_from) = value [m^3/s] (compressors)
  open,               ///< fully open regulator or bypassed station: p_from = p_to
  closed,             ///< q = 0
  /// A regulator at an outlet pressure it may not exceed: p_to = min(value, p_from - r q), fully
  /// open (as `open`) while its inlet is below the value, closed (q = 0, up to a leak) while its
  /// outlet side is held above that (physics/regulated_outlet_row.hpp).
  regulated_outlet,
};

struct ControlHold {
  HeldQuantity quantity = HeldQuantity::outlet_pressure;
  double value = 0.0;
  bool operator==(const ControlHold&) const = default;
};

/// Relative excess of a value over a pressure, ratio or flow bound `v` (positive: violated), as
/// the steady control loop and the transient control modes measure it. Shaft-power and
/// volume-flow bounds need the gas and the machine: their callers compute those; 0 for the rest.
inline double pressure_or_flow_excess(HeldQuantity q, double v, double p_from, double p_to,
                                      double flow) {
  switch (q) {
    case HeldQuantity::outlet_pressure: return (p_to - v) / v;
    case HeldQuantity::inlet_pressure: return (v - p_from) / v;
    case HeldQuantity::pressure_ratio: return p_from > 0.0 ? (p_to / p_from - v) / v : INFINITY;
    case HeldQuantity::mass_flow: return (flow - v) / std::max(std::abs(v), 1.0);
    default: return 0.0;
  }
}

inline std::string_view to_string(HeldQuantity q) {
  switch (q) {
    case HeldQuantity::outlet_pressure: return "outlet_pressure";
    case HeldQuantity::inlet_pressure: return "inlet_pressure";
    case HeldQuantity::pressure_ratio: return "pressure_ratio";
    case HeldQuantity::mass_flow: return "flow";
    case HeldQuantity::shaft_power: return "shaft_power";
    case HeldQuantity::inlet_volume_flow: return "inlet_volume_flow";
    case HeldQuantity::open: return "open";
    case HeldQuantity::closed: return "closed";
    case HeldQuantity::regulated_outlet: return "regulated_outlet";
  }
  return "?";
}

}  // namespace linepack::model
