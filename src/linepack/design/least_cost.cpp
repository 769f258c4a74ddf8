#include "linepack/design/least_cost.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "linepack/design/capacity.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::design {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double line_length_m(const LineSpec& spec) { return spec.route.back().chainage_m - spec.route.front().chainage_m; }

double hhv_j_per_kg(const LineSpec& spec) {
  const auto& gas = spec.physics.gas;
  return gas.higher_heating_value_j_per_m3 / gas.normal_density();
}

double lcot(const DesignCandidate& c) { return c.feasible ? c.cost.levelised_usd_per_mmbtu : kInf; }

/// Station capex of one station of `power_w` (model's fixed + per installed MW).
double station_capex(const CostModel& m, double power_w) {
  return m.station_fixed_usd + m.station_usd_per_mw * m.installed_per_required_power * power_w / 1e6;
}

}  // namespace

PipeDesign candidate_pipe(const LeastCostOptions& o, double nps_inch) {
  if (!(o.design_pressure_pa > 0.0))
    throw std::invalid_argument("least-cost design: the design pressure (MAOP, gauge) must be > 0");
  return design_pipe(o.design_pressure_pa, outside_diameter_of_nps_m(nps_inch), o.grade,
                     o.location_classes, 1.0, 1.0, o.allowances);
}

DesignCandidate evaluate_design(const LineSpec& spec_in, const LeastCostOptions& o, double nps_inch,
                                const std::vector<std::string>& sites, double discharge_pa,
                                double q) {
  const PipeDesign pipe = candidate_pipe(o, nps_inch);
  const double length = line_length_m(spec_in);
  if (std::abs(pipe.length_m - length) > 1e-3 * length)
    throw std::invalid_argument(fmt::format(
        "least-cost design: the location-class stretches add up to {:.1f} km, the route is {:.1f} km",
        pipe.length_m / 1e3, length / 1e3));
  LineSpec spec = spec_in;
  spec.inner_diameter_m = pipe.inner_diameter_m;
  DesignCandidate c;
  c.nps_inch = nps_inch;
  c.inner_diameter_m = pipe.inner_diameter_m;
  c.sites = sites;
  c.discharge_pa = discharge_pa;
  c.steel_mass_kg = pipe.steel_mass_kg;
  c.operation = march_line(spec, q, sites, discharge_pa);
  c.feasible = c.operation.feasible;
  CostInputs in;
  in.steel_mass_kg = pipe.steel_mass_kg;
  in.nps_inch = nps_inch;
  in.length_m = length;
  for (const auto& s : c.operation.stations) in.station_power_w.push_back(s.shaft_power_w);
  // A site that was never reached (infeasible) still counts as built.
  in.station_power_w.resize(std::max(in.station_power_w.size(), sites.size()), 0.0);
  in.fuel_kg_per_s = c.operation.total_fuel_kg_per_s;
  in.throughput_kg_per_s = q;
  in.hhv_j_per_kg = hhv_j_per_kg(spec);
  in.standard_density_kg_per_m3 = spec.physics.gas.standard_density();
  c.cost = cost_of(o.cost, in);
  return c;
}

DesignCandidate best_operation(const LineSpec& spec, const LeastCostOptions& o, double nps_inch,
                               const std::vector<std::string>& sites, double q) {
  const double p_hi = o.discharge_max_pa > 0.0 ? o.discharge_max_pa : spec.discharge_max_pa;
  const double p_lo = o.discharge_min_pa > 0.0 ? o.discharge_min_pa : spec.supply_pressure_pa;
  auto at = [&](double p) { return evaluate_design(spec, o, nps_inch, sites, p, q); };
  DesignCandidate top = at(p_hi);
  if (sites.empty() || !top.feasible) return top;  // without stations the discharge is moot
  // Lowest feasible discharge: every pressure rises with it, so feasibility is an interval.
  double lo = p_lo, hi = p_hi;
  if (!at(lo).feasible) {
    while (hi - lo > o.discharge_tolerance_pa) {
      const double mid = 0.5 * (lo + hi);
      (at(mid).feasible ? hi : lo) = mid;
    }
    lo = hi;
  }
  // Scan the feasible interval, then golden-section search around the best scan point.
  constexpr int kScan = 12;
  DesignCandidate best = top;
  int best_k = kScan;
  std::vector<double> x(kScan + 1);
  for (int k = 0; k <= kScan; ++k) {
    x[k] = lo + (p_hi - lo) * k / kScan;
    DesignCandidate c = k == kScan ? top : at(x[k]);
    if (lcot(c) < lcot(best)) {
      best = c;
      best_k = k;
    }
  }
  double a = x[std::max(best_k - 1, 0)], b = x[std::min(best_k + 1, kScan)];
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  double c1 = b - g * (b - a), c2 = a + g * (b - a);
  DesignCandidate f1 = at(c1), f2 = at(c2);
  while (b - a > o.discharge_tolerance_pa) {
    if (lcot(f1) <= lcot(f2)) {
      b = c2;
      c2 = c1;
      f2 = f1;
      c1 = b - g * (b - a);
      f1 = at(c1);
    } else {
      a = c1;
      c1 = c2;
      f1 = f2;
      c2 = a + g * (b - a);
      f2 = at(c2);
    }
  }
  for (const auto* c : {&f1, &f2})
    if (lcot(*c) < lcot(best)) best = *c;
  return best;
}

DesignCandidate least_cost_design(const LineSpec& spec, const LeastCostOptions& o, double q,
                                  std::vector<DesignCandidate>* evaluated) {
  const std::size_t m = o.candidate_sites.size();
  if (m > 16) throw std::invalid_argument("least-cost design: at most 16 candidate sites");
  if (o.nps_inch.empty()) throw std::invalid_argument("least-cost design: no candidate diameters");
  DesignCandidate best;
  for (double nps : o.nps_inch) {
    for (unsigned mask = 0; mask < (1u << m); ++mask) {
      if (std::popcount(mask) > o.max_stations) continue;
      std::vector<std::string> sites;
      for (std::size_t i = 0; i < m; ++i)
        if (mask & (1u << i)) sites.push_back(o.candidate_sites[i]);
      DesignCandidate c = best_operation(spec, o, nps, sites, q);
      if (!best.feasible || lcot(c) < lcot(best)) best = c;  // an infeasible best: the last tried
      if (evaluated) evaluated->push_back(std::move(c));
    }
  }
  return best;
}

PhasedPlan phased_design(const LineSpec& spec, const LeastCostOptions& o, double q1, double q2,
                         double year_2) {
  const std::size_t m = o.candidate_sites.size();
  if (m > 12) throw std::invalid_argument("phased design: at most 12 candidate sites");
  if (!(year_2 >= 0.0 && year_2 < o.cost.life_years))
    throw std::invalid_argument("phased design: phase 2 must start within the life");
  const auto& cm = o.cost;
  const double r = cm.discount_rate;
  // Present value of 1 per year in years (from, to]: yearly amounts at the end of each year.
  auto pv_years = [&](double from, double to) {
    return annuity_factor(r, to) - (from > 0.0 ? annuity_factor(r, from) : 0.0);
  };
  PhasedPlan best;
  best.levelised_usd_per_mmbtu = kInf;
  for (double nps : o.nps_inch) {
    std::map<unsigned, DesignCandidate> p1, p2;
    auto sites_of = [&](unsigned mask) {
      std::vector<std::string> s;
      for (std::size_t i = 0; i < m; ++i)
        if (mask & (1u << i)) s.push_back(o.candidate_sites[i]);
      return s;
    };
    for (unsigned mask = 0; mask < (1u << m); ++mask) {
      if (std::popcount(mask) > o.max_stations) continue;
      p1[mask] = best_operation(spec, o, nps, sites_of(mask), q1);
      p2[mask] = best_operation(spec, o, nps, sites_of(mask), q2);
    }
    for (const auto& [m1, c1] : p1) {
      if (!c1.feasible) continue;
      for (const auto& [m2, c2] : p2) {
        if (!c2.feasible || (m1 & ~m2) != 0) continue;
        // Power per site in each phase (stations listed in route order, as the sites).
        std::map<double, double> w1, w2;
        for (const auto& s : c1.operation.stations) w1[s.chainage_m] = s.shaft_power_w;
        for (const auto& s : c2.operation.stations) w2[s.chainage_m] = s.shaft_power_w;
        double added_capex = 0.0;
        for (const auto& [x, w] : w2) {
          if (!w1.count(x)) added_capex += station_capex(cm, w);
          else if (w > w1[x])
            added_capex += cm.station_usd_per_mw * cm.installed_per_required_power * (w - w1[x]) / 1e6;
        }
        const double line_capex = c1.cost.line_capex_usd;
        const double st1 = c1.cost.station_capex_usd, st2 = st1 + added_capex;
        const double om1 = cm.line_om_share_per_year * line_capex + cm.station_om_share_per_year * st1;
        const double om2 = cm.line_om_share_per_year * line_capex + cm.station_om_share_per_year * st2;
        const double a1 = pv_years(0.0, year_2), a2 = pv_years(year_2, cm.life_years);
        const double pv_cost = line_capex + st1 + added_capex / std::pow(1.0 + r, year_2) +
                               (om1 + c1.cost.fuel_usd_per_year) * a1 +
                               (om2 + c2.cost.fuel_usd_per_year) * a2;
        const double pv_energy = c1.cost.delivered_mmbtu_per_year * a1 + c2.cost.delivered_mmbtu_per_year * a2;
        const double lc = pv_cost / pv_energy;
        if (lc < best.levelised_usd_per_mmbtu) {
          best.feasible = true;
          best.nps_inch = nps;
          best.phase_1 = c1;
          best.phase_2 = c2;
          best.pv_cost_usd = pv_cost;
          best.levelised_usd_per_mmbtu = lc;
          best.added_sites.clear();
          for (std::size_t i = 0; i < m; ++i)
            if ((m2 & (1u << i)) && !(m1 & (1u << i))) best.added_sites.push_back(o.candidate_sites[i]);
        }
      }
    }
  }
  if (!best.feasible) best.levelised_usd_per_mmbtu = 0.0;
  return best;
}

steady::SteadyResult least_power_operation(const model::Network& network,
                                           const model::Scenario& scenario,
                                           const std::vector<std::string>& active, double p_low,
                                           double p_high, double& discharge_pa) {
  for (const auto& id : active)
    if (std::none_of(network.compressors.begin(), network.compressors.end(),
                     [&](const auto& c) { return c.id == id; }))
      throw std::invalid_argument("least-power operation: unknown compressor \"" + id + "\"");
  auto solve_at = [&](double p) {
    model::Scenario s = scenario;
    std::erase_if(s.controls, [&](const model::ElementControl& c) {
      return std::any_of(network.compressors.begin(), network.compressors.end(),
                         [&](const auto& k) { return k.id == c.element; });
    });
    for (const auto& k : network.compressors) {
      const bool on = std::find(active.begin(), active.end(), k.id) != active.end();
      if (on) s.controls.push_back({k.id, model::ControlState::active, model::CompressorMode::outlet_pressure, p});
      else s.controls.push_back({k.id, model::ControlState::bypass, std::nullopt, std::nullopt});
    }
    return steady::solve(network, s);
  };
  auto power = [](const steady::SteadyResult& r) {
    return feasible(r) ? r.total_compressor_power_w : kInf;
  };
  steady::SteadyResult top = solve_at(p_high);
  discharge_pa = p_high;
  if (!feasible(top)) return top;
  double lo = p_low, hi = p_high;
  if (!feasible(solve_at(lo))) {
    while (hi - lo > 100.0) {
      const double mid = 0.5 * (lo + hi);
      (feasible(solve_at(mid)) ? hi : lo) = mid;
    }
    lo = hi;
  }
  // Power over [lo, p_high]: scan, then golden section around the best point.
  constexpr int kScan = 8;
  double best_p = p_high, best_w = power(top);
  steady::SteadyResult best = top;
  for (int k = 0; k < kScan; ++k) {
    const double p = lo + (p_high - lo) * k / kScan;
    auto r = solve_at(p);
    if (power(r) < best_w) {
      best_w = power(r);
      best_p = p;
      best = std::move(r);
    }
  }
  const double step = (p_high - lo) / kScan;
  double a = std::max(lo, best_p - step), b = std::min(p_high, best_p + step);
  const double g = 0.5 * (std::sqrt(5.0) - 1.0);
  while (b - a > 100.0) {
    const double c1 = b - g * (b - a), c2 = a + g * (b - a);
    auto r1 = solve_at(c1), r2 = solve_at(c2);
    const bool left = power(r1) <= power(r2);
    if (left) b = c2; else a = c1;
    auto& r = left ? r1 : r2;
    if (power(r) < best_w) {
      best_w = power(r);
      best_p = left ? c1 : c2;
      best = std::move(r);
    }
  }
  discharge_pa = best_p;
  return best;
}

}  // namespace linepack::design
