#pragma once
// The equation a controlled element (regulator or compressor station) holds in one solve.
// The steady control loop (steady/control_loop.hpp) sets it; without one an active element
// holds its setpoint. See docs/physics.md, "Control with limits".
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
};

struct ControlHold {
  HeldQuantity quantity = HeldQuantity::outlet_pressure;
  double value = 0.0;
  bool operator==(const ControlHold&) const = default;
};

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
  }
  return "?";
}

}  // namespace linepack::model
