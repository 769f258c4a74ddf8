#pragma once
// Compressor-station siting on a single line (one supply, offtakes along the route): for a pipe
// diameter and a target throughput, the fewest stations, and where, so that every station's
// suction stays at or above its minimum and the terminal receives at least its minimum
// pressure, each station discharging at the maximum pressure (the classical greedy spacing:
// march downstream from a station and place the next one where the pressure has fallen to the
// minimum suction; it is optimal for the station count on a line).
//
// The line is discretised into segments of at most `segment_length_m` (nodes interpolate
// chainage and elevation), so station chainages are resolved to one segment.
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::design {

/// A point of the route: chainage, elevation, and the share of the total throughput taken off
/// there (the last point is the terminal).
struct RoutePoint {
  std::string id;
  double chainage_m = 0.0;
  double elevation_m = 0.0;
  double offtake_share = 0.0;
  double pressure_min_pa = 0.0;  ///< e.g. the terminal's minimum delivery pressure
};

struct LineSpec {
  std::vector<RoutePoint> route;        ///< ordered from the supply (first) to the terminal
  double inner_diameter_m = 1.0;
  double roughness_m = 1e-5;
  model::PhysicsSettings physics;       ///< gas, temperature, EOS, friction law
  double supply_pressure_pa = 55e5;     ///< upstream of the head station
  double discharge_max_pa = 98e5;       ///< every station's outlet
  double suction_min_pa = 60e5;         ///< intermediate stations' inlet
  double pressure_max_pa = 99.01325e5;  ///< MAOP along the line
  double segment_length_m = 5000.0;
  double station_efficiency = 0.82;     ///< polytropic
  double driver_efficiency = 0.35;
  bool head_station = true;             ///< a station at the supply point
};

struct StationPlacement {
  std::string id;
  double chainage_m = 0.0;
  double suction_pa = 0.0;
  double discharge_pa = 0.0;
  double shaft_power_w = 0.0;
  double fuel_kg_per_s = 0.0;
};

struct LineDesign {
  bool feasible = false;
  std::string message;                  ///< why not, when infeasible
  std::vector<StationPlacement> stations;
  double delivery_pressure_pa = 0.0;    ///< at the terminal
  double total_power_w = 0.0;
  double total_fuel_kg_per_s = 0.0;
  std::vector<double> profile_chainage_m, profile_pressure_pa, profile_elevation_m;
  model::Network network;               ///< the line with its stations, as solved
};

/// Sites stations for `throughput_kg_per_s`. Never throws for an infeasible design: returns
/// feasible = false with the reason. Throws std::invalid_argument for a malformed spec.
LineDesign design_line(const LineSpec& spec, double throughput_kg_per_s);

/// A line operated with stations at given sites: the pressure marched downstream (as
/// design_line does) with every station discharging at one common pressure, and each station's
/// suction, shaft power (polytropic head, physics/compressor_equation) and fuel. Quick: no
/// steady solve (solve_line solves the same line with the steady solver).
struct LineOperation {
  bool feasible = false;
  std::string message;  ///< the first violated limit when not feasible
  double delivery_pressure_pa = 0.0;
  std::vector<StationPlacement> stations;  ///< in route order; a station whose suction is at or
                                           ///< above the discharge stays in bypass (power 0)
  double total_power_w = 0.0;
  double total_fuel_kg_per_s = 0.0;
};

/// `sites` are route point ids (the first route point: a head station fed at the supply
/// pressure; others: intermediate stations whose suction must stay >= spec.suction_min_pa).
/// Infeasible (not thrown) when a pressure leaves [minimum, spec.pressure_max_pa] or cannot stay
/// positive. Throws std::invalid_argument for an unknown site or a site at the terminal.
LineOperation march_line(const LineSpec& spec, double throughput_kg_per_s,
                         const std::vector<std::string>& sites, double discharge_pa);

/// The same line solved with the steady solver (stations as outlet-pressure compressors), for
/// reported figures and profiles.
LineDesign solve_line(const LineSpec& spec, double throughput_kg_per_s,
                      const std::vector<std::string>& sites, double discharge_pa);

/// Reads the route of a single-line model: follows pipes (and compressors, whose ends share a
/// chainage) from `supply` to `terminal`, taking offtake shares from the scenario's flow
/// boundaries and chainages from pipe lengths.
std::vector<RoutePoint> route_of(const model::Network& network,
                                 const std::vector<std::pair<std::string, double>>& offtakes,
                                 const std::string& supply, const std::string& terminal);

}  // namespace linepack::design
