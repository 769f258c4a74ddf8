#pragma once
// A compressor station's machines from their maps: turbo compressors with characteristic
// diagrams, piston compressors, drives and configurations of units in serial and parallel
// (GasLib `.cs`, shared/data/gaslib/FORMAT.md; docs/physics.md "Station maps").
// SI throughout: volume flow [m^3/s] at the unit's inlet, speed [1/s] (revolutions per
// second), adiabatic head [J/kg], power [W]. Only the gas turbine's ambient temperature enters
// its polynomial in degC, as GasLib gives it.
#include <array>
#include <string>
#include <vector>

namespace linepack::model {

/// f(Q, n) = sum over i, j in 0..2 of c[3 i + j] Q^i n^j: GasLib's n_isoline_coeff_1..9 and
/// eta_ad_isoline_coeff_1..9 in file order ([1 Q Q^2] A [1 n n^2]^T, rows of A in order).
using Biquadratic = std::array<double, 9>;
/// f(Q) = c[0] + c[1] Q + c[2] Q^2: GasLib's surgeline_coeff_1..3 and chokeline_coeff_1..3.
using QuadraticInFlow = std::array<double, 3>;

/// One measured point of a characteristic diagram. `efficiency` is the isoline's value; on the
/// surge line (which has none in the file) it is the first isoline's, as GasLib's fit uses it.
struct MapMeasurement {
  double volume_flow_m3_per_s = 0.0;
  double speed_per_s = 0.0;
  double head_j_per_kg = 0.0;
  double efficiency = 0.0;
  enum class Line { surge, isoline, choke } line = Line::isoline;
  bool operator==(const MapMeasurement&) const = default;
};

/// Centrifugal (turbo) compressor: adiabatic head H(Q, n) and efficiency eta(Q, n) as
/// biquadratics; operable between the surge line (smallest flow at a head) and the choke line
/// (largest flow) and between its minimum and maximum speed.
struct TurboCompressorUnit {
  std::string id;
  std::string drive;
  double speed_min_per_s = 0.0;
  double speed_max_per_s = 0.0;
  Biquadratic head_j_per_kg{};
  Biquadratic efficiency{};
  QuadraticInFlow surge_line_head_j_per_kg{};
  QuadraticInFlow choke_line_head_j_per_kg{};
  std::vector<MapMeasurement> measurements;  ///< empty when only coefficients were given
  bool operator==(const TurboCompressorUnit&) const = default;
};

/// Reciprocating (piston) compressor: displaces (1 - volume_flow_reduction) operating volume per
/// revolution at the inlet state, constant adiabatic efficiency, a ratio limit and a torque
/// limit (0: none). docs/physics.md gives the reading of GasLib's fields.
struct PistonCompressorUnit {
  std::string id;
  std::string drive;
  double speed_min_per_s = 0.0;
  double speed_max_per_s = 0.0;
  double operating_volume_m3 = 0.0;
  double torque_max_nm = 0.0;
  double ratio_max = 0.0;
  double efficiency = 0.0;
  double volume_flow_reduction = 0.0;
  bool operator==(const PistonCompressorUnit&) const = default;
};

enum class DriveKind { gas_turbine, gas_driven_motor, electric_motor };

/// A unit's driver. Maximum power: gas turbine P(n, T) = sum c[3 i + j] T^i n^j with the ambient
/// temperature T in degC (power_fun_coeff_1..9); motors P(n) = c[0] + c[1] n + c[2] n^2
/// (power_fun_coeff_1..3). Energy input rate E(P) = e[0] + e[1] P + e[2] P^2 [W] at shaft power
/// P [W] (energy_rate_fun_coeff_1..3): fuel gas for gas drives, electricity for motors.
struct Drive {
  std::string id;
  DriveKind kind = DriveKind::gas_turbine;
  std::vector<double> power_max_w;  ///< 9 (gas turbine) or 3 (motors) coefficients, SI
  std::array<double, 3> energy_rate_w{};
  bool operator==(const Drive&) const = default;
};

/// One way to run the station: stages in series, each with units in parallel.
struct StationConfiguration {
  std::string id;
  std::vector<std::vector<std::string>> stages;  ///< unit ids of each stage, inlet first
  bool operator==(const StationConfiguration&) const = default;
};

/// The station's machines. A compressor element with a `station` takes its power, efficiency
/// and fuel from the working point of these maps (physics/station_working_point.hpp).
struct Station {
  std::vector<TurboCompressorUnit> turbo_compressors;
  std::vector<PistonCompressorUnit> piston_compressors;
  std::vector<Drive> drives;
  std::vector<StationConfiguration> configurations;
  double ambient_temperature_k = 288.15;  ///< for gas turbines' power (ISO 3977-2 conditions)
  bool operator==(const Station&) const = default;
};

/// Throws std::invalid_argument naming the unit, drive or configuration when the station is
/// inconsistent: unknown ids, speeds out of order, non-positive volumes, no configuration.
void validate_station(const Station& station);

}  // namespace linepack::model
