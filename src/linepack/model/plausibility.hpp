#pragma once
// Plausibility of a model's values, beyond validity: the ranges in which a value is almost
// surely a unit mistake (a pressure of 50 meant as bar but read as Pa, a diameter of 600 meant
// as mm). The command line checks them unless --allow-unusual is given (docs/limits.md); the
// library's solve() does not, so that studies of unusual systems stay possible.
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::model {

/// The plausible ranges (SI), as documented in docs/limits.md.
struct PlausibleRanges {
  double pressure_min_pa = 0.5e5;    ///< absolute pressure of a pressure boundary or setpoint
  double pressure_max_pa = 500e5;
  double diameter_min_m = 0.005;     ///< pipe and resistor inner diameter
  double diameter_max_m = 3.0;
  double length_max_m = 2.0e6;       ///< one pipe: 2,000 km
  double temperature_min_k = 200.0;  ///< gas, ground, supply, cooler temperatures
  double temperature_max_k = 400.0;
  double ratio_max = 10.0;           ///< compressor pressure ratio setpoint or limit
  double elevation_min_m = -1000.0;  ///< below the Dead Sea shore, above any pipeline pass
  double elevation_max_m = 6000.0;
  double roughness_max_m = 0.01;     ///< 10 mm: beyond the roughest steel pipe
};

/// Throws ValidationError naming the element and the plausible range for the first value
/// outside `ranges`.
void check_plausible(const Network& network, const Scenario& scenario,
                     const PlausibleRanges& ranges = {});

}  // namespace linepack::model
