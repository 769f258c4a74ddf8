#pragma once
// Cost and economics of a pipeline: a parameterised cost model (line pipe by tonnage, laying by
// diameter-inch-km, compressor stations by installed MW, fuel at a gas price, operation and
// maintenance as a share of capex), the capital recovery factor, the levelised cost of transport
// and the net present value. Every default and its source: docs/planning.md §2 (defaults without
// a source are labelled ASSUMED there and in the study).
#include <string>
#include <vector>

namespace linepack::design {

struct CostModel {
  double line_pipe_usd_per_t = 1200.0;        ///< ASSUMED: coated X70 line pipe, delivered
  double laying_usd_per_inch_km = 25000.0;    ///< ASSUMED: construction, per inch of NPS per km
  double station_usd_per_mw = 2.0e6;          ///< ASSUMED: per installed shaft MW
  double station_fixed_usd = 20.0e6;          ///< ASSUMED: per station (site, yard, control)
  double installed_per_required_power = 1.25; ///< ASSUMED: spare units (installed / needed)
  double gas_price_usd_per_mmbtu = 10.0;      ///< ASSUMED: price of the fuel gas burnt
  double line_om_share_per_year = 0.01;       ///< ASSUMED: O&M of the line, share of its capex
  double station_om_share_per_year = 0.04;    ///< ASSUMED: O&M of stations, share of their capex
  double discount_rate = 0.10;                ///< ASSUMED: real, per year
  double life_years = 25.0;                   ///< concession of 25-30 years (Pakistan Stream HoTs)
  double load_factor = 0.9;                   ///< ASSUMED: annual mean flow / design flow
};

/// Throws std::invalid_argument naming the parameter when a price, share or rate is negative or
/// not finite, or the life is not positive.
void check(const CostModel& m);

/// Capital recovery factor r (1+r)^n / ((1+r)^n - 1); 1/n at r = 0.
double capital_recovery_factor(double rate, double years);

/// Present value of 1 per year for `years` years at `rate`: 1 / CRF.
double annuity_factor(double rate, double years);

/// Net present value of yearly cash flows, the first at year 0 (undiscounted).
double net_present_value(double rate, const std::vector<double>& cash_flows);

/// What a design costs.
struct CostBreakdown {
  double line_capex_usd = 0.0;
  double station_capex_usd = 0.0;
  double capex_usd = 0.0;
  double om_usd_per_year = 0.0;
  double fuel_usd_per_year = 0.0;
  double annual_cost_usd = 0.0;           ///< capex x CRF + O&M + fuel
  double delivered_mmbtu_per_year = 0.0;  ///< throughput x load factor, HHV
  double delivered_km3_per_year = 0.0;    ///< thousand standard m3 (60 degF)
  double levelised_usd_per_mmbtu = 0.0;
  double levelised_usd_per_km3 = 0.0;     ///< per 1,000 Sm3
};

/// Inputs of one design's cost.
struct CostInputs {
  double steel_mass_kg = 0.0;
  double nps_inch = 0.0;
  double length_m = 0.0;
  std::vector<double> station_power_w;  ///< required shaft power of each station
  double fuel_kg_per_s = 0.0;           ///< at the design flow
  double throughput_kg_per_s = 0.0;     ///< delivered, at the design flow
  double hhv_j_per_kg = 0.0;            ///< heating value basis of the tariff and the fuel
  double standard_density_kg_per_m3 = 0.0;  ///< at 60 degF
};

/// Joules per MMBtu (1 Btu = 1055.05585 J, the International Table Btu).
inline constexpr double kJoulePerMmbtu = 1.05505585262e9;

/// Capex, yearly costs and levelised cost of transport (fuel and flow at load_factor times the
/// design values). Throws std::invalid_argument for a bad model or non-positive throughput.
CostBreakdown cost_of(const CostModel& model, const CostInputs& inputs);

}  // namespace linepack::design
