#include "linepack/design/economics.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace linepack::design {
namespace {

void non_negative(double v, const char* name) {
  if (!std::isfinite(v) || v < 0.0)
    throw std::invalid_argument(fmt::format("cost model: {} must be a finite number >= 0, got {}",
                                            name, v));
}

}  // namespace

void check(const CostModel& m) {
  non_negative(m.line_pipe_usd_per_t, "line_pipe_usd_per_t");
  non_negative(m.laying_usd_per_inch_km, "laying_usd_per_inch_km");
  non_negative(m.station_usd_per_mw, "station_usd_per_mw");
  non_negative(m.station_fixed_usd, "station_fixed_usd");
  non_negative(m.gas_price_usd_per_mmbtu, "gas_price_usd_per_mmbtu");
  non_negative(m.line_om_share_per_year, "line_om_share_per_year");
  non_negative(m.station_om_share_per_year, "station_om_share_per_year");
  non_negative(m.discount_rate, "discount_rate");
  if (!(m.installed_per_required_power >= 1.0) || !std::isfinite(m.installed_per_required_power))
    throw std::invalid_argument(fmt::format(
        "cost model: installed_per_required_power must be >= 1, got {}", m.installed_per_required_power));
  if (!(m.life_years > 0.0) || !std::isfinite(m.life_years))
    throw std::invalid_argument(fmt::format("cost model: life_years must be > 0, got {}", m.life_years));
  if (!(m.load_factor > 0.0 && m.load_factor <= 1.0))
    throw std::invalid_argument(fmt::format("cost model: load_factor must be in (0, 1], got {}", m.load_factor));
}

double capital_recovery_factor(double rate, double years) {
  if (!(years > 0.0)) throw std::invalid_argument("capital recovery factor: years must be > 0");
  if (rate == 0.0) return 1.0 / years;
  const double g = std::pow(1.0 + rate, years);
  return rate * g / (g - 1.0);
}

double annuity_factor(double rate, double years) { return 1.0 / capital_recovery_factor(rate, years); }

double net_present_value(double rate, const std::vector<double>& cash_flows) {
  double npv = 0.0, discount = 1.0;
  for (double c : cash_flows) {
    npv += c / discount;
    discount *= 1.0 + rate;
  }
  return npv;
}

CostBreakdown cost_of(const CostModel& m, const CostInputs& in) {
  check(m);
  if (!(in.throughput_kg_per_s > 0.0) || !(in.hhv_j_per_kg > 0.0) ||
      !(in.standard_density_kg_per_m3 > 0.0))
    throw std::invalid_argument("cost: throughput, heating value and standard density must be > 0");
  CostBreakdown c;
  c.line_capex_usd = in.steel_mass_kg / 1000.0 * m.line_pipe_usd_per_t +
                     m.laying_usd_per_inch_km * in.nps_inch * in.length_m / 1000.0;
  for (double w : in.station_power_w)
    c.station_capex_usd += m.station_fixed_usd +
                           m.station_usd_per_mw * m.installed_per_required_power * w / 1e6;
  c.capex_usd = c.line_capex_usd + c.station_capex_usd;
  c.om_usd_per_year = m.line_om_share_per_year * c.line_capex_usd +
                      m.station_om_share_per_year * c.station_capex_usd;
  constexpr double seconds_per_year = 365.0 * 86400.0;
  const double seconds = seconds_per_year * m.load_factor;
  c.fuel_usd_per_year = in.fuel_kg_per_s * seconds * in.hhv_j_per_kg / kJoulePerMmbtu *
                        m.gas_price_usd_per_mmbtu;
  c.annual_cost_usd = c.capex_usd * capital_recovery_factor(m.discount_rate, m.life_years) +
                      c.om_usd_per_year + c.fuel_usd_per_year;
  const double kg_per_year = in.throughput_kg_per_s * seconds;
  c.delivered_mmbtu_per_year = kg_per_year * in.hhv_j_per_kg / kJoulePerMmbtu;
  c.delivered_km3_per_year = kg_per_year / in.standard_density_kg_per_m3 / 1000.0;
  c.levelised_usd_per_mmbtu = c.annual_cost_usd / c.delivered_mmbtu_per_year;
  c.levelised_usd_per_km3 = c.annual_cost_usd / c.delivered_km3_per_year;
  return c;
}

}  // namespace linepack::design
