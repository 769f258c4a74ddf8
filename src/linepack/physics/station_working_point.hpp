#pragma once
// Working point of a compressor station from its maps (model::Station): for an inlet state,
// an outlet pressure and a mass flow, the configuration the station runs and, per unit, speed,
// head, efficiency, shaft power, drive power limit, fuel, and the margins to surge and choke.
// Rule (docs/physics.md "Station maps"):
// - serial stages share the pressure ratio equally, r_k = r^(1/S); every stage takes gas at the
//   station's inlet temperature (coolers between stages) and Z at its own inlet pressure;
// - parallel units of a stage share its head and split its volume flow in proportion to their
//   capacity at that head (turbo: choke-line flow; piston: displacement at maximum speed);
// - of all configurations, the one with the least total shaft power among those with every
//   unit inside its map and drive limits; when none is, the one with the least summed relative
//   violation, its violations listed.
#include <functional>
#include <string>
#include <vector>

#include "linepack/model/station.hpp"

namespace linepack::physics {

struct StationInlet {
  double pressure_pa = 0.0;
  double temperature_k = 0.0;
  double specific_gas_constant = 0.0;  ///< J/(kg K)
  double isentropic_exponent = 1.3;
  std::function<double(double pressure_pa)> z_factor;  ///< at temperature_k
  double fuel_heating_value_j_per_kg = 0.0;           ///< gas burnt by gas drives (HHV)
};

/// One limit the working point breaks: what (speed_below_min, speed_above_max, surge, choke,
/// power_above_max, ratio_above_max, torque_above_max, no_speed), value and limit in SI.
struct MapViolation {
  std::string unit;
  std::string what;
  double value = 0.0;
  double limit = 0.0;
  bool operator==(const MapViolation&) const = default;
};

struct UnitWorkingPoint {
  std::string id;
  std::string kind;  ///< turbo or piston
  int stage = 1;
  double mass_flow_kg_per_s = 0.0;
  double volume_flow_m3_per_s = 0.0;  ///< at the unit's inlet
  double inlet_pressure_pa = 0.0;
  double outlet_pressure_pa = 0.0;
  double head_j_per_kg = 0.0;
  double speed_per_s = 0.0;
  double efficiency = 0.0;
  double shaft_power_w = 0.0;
  double drive_power_max_w = 0.0;  ///< infinite when the unit has no drive
  double energy_rate_w = 0.0;      ///< drive's input: fuel heat (gas drives) or electricity
  double fuel_kg_per_s = 0.0;
  /// Turbo: surge / choke line flow at this head [m^3/s] (0 / infinite when not reached);
  /// margins (Q - Q_surge)/Q_surge and (Q_choke - Q)/Q_choke, negative outside the map.
  double surge_volume_flow_m3_per_s = 0.0;
  double choke_volume_flow_m3_per_s = 0.0;
  double surge_margin = 0.0;
  double choke_margin = 0.0;
};

struct StationWorkingPoint {
  bool running = false;  ///< false: no flow or no compression (ratio <= 1); nothing else is set
  std::string configuration;
  bool inside_map = false;  ///< every unit inside its map and drive limits
  double shaft_power_w = 0.0;
  double energy_rate_w = 0.0;
  double fuel_kg_per_s = 0.0;
  double electric_power_w = 0.0;
  std::vector<UnitWorkingPoint> units;
  std::vector<MapViolation> violations;
  /// The configuration's surge / choke as station inlet volume flows at its current heads
  /// (the tightest over its stages), for flow limits [m^3/s].
  double surge_volume_flow_m3_per_s = 0.0;
  double choke_volume_flow_m3_per_s = 0.0;
  /// The drives' total maximum power at the current speeds [W].
  double drive_power_max_w = 0.0;
};

/// The station's working point; `configuration` empty chooses by the rule above, else that
/// configuration is evaluated (throws std::invalid_argument when it does not exist).
StationWorkingPoint station_working_point(const model::Station& station, const StationInlet& inlet,
                                          double outlet_pressure_pa, double mass_flow_kg_per_s,
                                          const std::string& configuration = "");

/// The highest outlet pressure in (inlet, p_hi_pa] at which the station, carrying
/// `mass_flow_kg_per_s`, has every turbo unit at or below its maximum speed (a speed on its map's
/// rising branch: no `speed_above_max` or `no_speed` violation), found by bisection over
/// station_working_point (its configuration chosen at each pressure by the rule above). A
/// turbo unit's head at a given inlet flow rises with its speed (Koch et al. 2015, ch. 2), so
/// the maximum speed caps the outlet pressure at that flow. p_hi_pa when even it is within
/// speed, the inlet pressure when no compression is; piston units' speed is set by the flow
/// alone and caps no pressure.
double station_outlet_pressure_max_at_speed_pa(const model::Station& station,
                                               const StationInlet& inlet,
                                               double mass_flow_kg_per_s, double p_hi_pa);

/// Maximum power of a drive at speed n [1/s] and ambient temperature [K].
double drive_power_max_w(const model::Drive& drive, double speed_per_s, double ambient_k);
/// Energy input rate of a drive at shaft power P [W].
double drive_energy_rate_w(const model::Drive& drive, double shaft_power_w);

}  // namespace linepack::physics
