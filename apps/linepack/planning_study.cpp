#include "planning_study.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "linepack/design/capacity.hpp"
#include "linepack/design/economics.hpp"
#include "linepack/design/least_cost.hpp"
#include "linepack/design/line_design.hpp"
#include "linepack/design/mechanical.hpp"
#include "linepack/design/security.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/schedule_reader.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/transient/simulator.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

[[noreturn]] void bad(const fs::path& file, const std::string& key, const std::string& problem) {
  throw io::InputError(file, 0, "", fmt::format("{}: {}", key, problem));
}

const json& req(const json& j, const char* key, const fs::path& file, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) bad(file, where, fmt::format("missing key \"{}\"", key));
  return j.at(key);
}

double number(const json& j, const char* key, double fallback, const fs::path& file,
              const std::string& where) {
  if (!j.contains(key)) return fallback;
  if (!j.at(key).is_number()) bad(file, where + "." + key, "must be a number");
  return j.at(key).get<double>();
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string fixed(double v, int digits) { return fmt::format("{:.{}f}", v, digits); }

/// Thousands separators for a rounded value: 1234.5 -> "1,235" (digits = 0).
std::string grouped(double v, int digits = 0) {
  const std::string s = fmt::format("{:.{}f}", std::abs(v), digits);
  const std::size_t dot = std::min(s.find('.'), s.size());
  std::string out = v < 0 ? "-" : "";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && i < dot && (dot - i) % 3 == 0) out.push_back(',');
    out.push_back(s[i]);
  }
  return out;
}

json table(const std::string& title, std::vector<std::string> columns, json rows) {
  return {{"title", title}, {"columns", columns}, {"rows", std::move(rows)}};
}

json section(const std::string& id, const std::string& title, const std::string& note, json tables) {
  return {{"id", id}, {"title", title}, {"note", note}, {"tables", std::move(tables)}};
}

// ---- Mechanical design ----
struct Mechanical {
  design::SteelGrade grade;
  double design_pressure_pa = 0.0;  // gauge
  std::vector<double> nps;
  std::vector<design::RouteStretch> classes;
  design::WallAllowances allowances;
};

Mechanical parse_mechanical(const json& m, const fs::path& file) {
  Mechanical out;
  try {
    out.grade = design::steel_grade(req(m, "grade", file, "mechanical").get<std::string>());
  } catch (const std::invalid_argument& e) {
    bad(file, "mechanical.grade", e.what());
  }
  out.design_pressure_pa = number(m, "design_pressure_barg", 0.0, file, "mechanical") * 1e5;
  if (!(out.design_pressure_pa > 0.0)) bad(file, "mechanical.design_pressure_barg", "must be > 0");
  for (const auto& n : req(m, "nps", file, "mechanical")) {
    if (!n.is_number() || n.get<double>() < 14.0) bad(file, "mechanical.nps", "expected numbers >= 14 (inch)");
    out.nps.push_back(n.get<double>());
  }
  for (const auto& c : req(m, "location_classes", file, "mechanical")) {
    design::RouteStretch s;
    s.length_m = number(c, "length_km", 0.0, file, "mechanical.location_classes[]") * 1e3;
    s.location_class = req(c, "class", file, "mechanical.location_classes[]").get<std::string>();
    if (c.contains("design_factor")) {  // a project factor instead of the class's
      s.design_factor = number(c, "design_factor", 0.0, file, "mechanical.location_classes[]");
      if (!(s.design_factor > 0.0 && s.design_factor <= 1.0))
        bad(file, "mechanical.location_classes[].design_factor",
            fmt::format("a design factor must be in (0, 1], got {}", s.design_factor));
    }
    try {
      design::b318_design_factor(s.location_class);
    } catch (const std::invalid_argument& e) {
      bad(file, "mechanical.location_classes[].class", e.what());
    }
    if (!(s.length_m > 0.0)) bad(file, "mechanical.location_classes[].length_km", "must be > 0");
    out.classes.push_back(s);
  }
  out.allowances.corrosion_allowance_m = number(m, "corrosion_allowance_mm", 0.0, file, "mechanical") / 1e3;
  out.allowances.mill_tolerance = number(m, "mill_tolerance", 0.0, file, "mechanical");
  out.allowances.step_m = number(m, "wall_step_mm", 0.1, file, "mechanical") / 1e3;
  try {
    design::nominal_wall_m(0.01, out.allowances);
  } catch (const std::invalid_argument& e) {
    bad(file, "mechanical", e.what());
  }
  return out;
}

// ---- Cost model ----
struct CostParameter {
  const char* key;
  double design::CostModel::*field;
  const char* unit;
  const char* source;  // of the default
};
const std::vector<CostParameter>& cost_parameters() {
  static const std::vector<CostParameter> p{
      {"line_pipe_usd_per_t", &design::CostModel::line_pipe_usd_per_t, "USD/t", "ASSUMED"},
      {"laying_usd_per_inch_km", &design::CostModel::laying_usd_per_inch_km, "USD per inch-km", "ASSUMED"},
      {"station_usd_per_mw", &design::CostModel::station_usd_per_mw, "USD per installed MW", "ASSUMED"},
      {"station_fixed_usd", &design::CostModel::station_fixed_usd, "USD per station", "ASSUMED"},
      {"installed_per_required_power", &design::CostModel::installed_per_required_power, "ratio", "ASSUMED (one spare unit in four)"},
      {"gas_price_usd_per_mmbtu", &design::CostModel::gas_price_usd_per_mmbtu, "USD/MMBtu (HHV)", "ASSUMED"},
      {"line_om_share_per_year", &design::CostModel::line_om_share_per_year, "of line capex per year", "ASSUMED"},
      {"station_om_share_per_year", &design::CostModel::station_om_share_per_year, "of station capex per year", "ASSUMED"},
      {"discount_rate", &design::CostModel::discount_rate, "per year (real)", "ASSUMED"},
      {"life_years", &design::CostModel::life_years, "years", "SOURCED: concession of 25-30 years (2021 heads of terms)"},
      {"load_factor", &design::CostModel::load_factor, "mean / design flow", "ASSUMED"}};
  return p;
}

design::CostModel parse_cost(const json& cfg, const fs::path& file) {
  design::CostModel m;
  if (!cfg.contains("economics")) return m;
  const json& e = cfg.at("economics");
  if (!e.is_object()) bad(file, "economics", "must be an object");
  for (const auto& [key, value] : e.items()) {
    const auto& ps = cost_parameters();
    auto it = std::find_if(ps.begin(), ps.end(), [&key = key](const auto& p) { return key == p.key; });
    if (it == ps.end()) {
      std::vector<std::string> known;
      for (const auto& p : ps) known.emplace_back(p.key);
      bad(file, "economics." + key, "unknown cost parameter (known: " + join(known) + ")");
    }
    if (!value.is_number()) bad(file, "economics." + key, "must be a number");
    m.*(it->field) = value.get<double>();
  }
  try {
    design::check(m);
  } catch (const std::invalid_argument& err) {
    bad(file, "economics", err.what());
  }
  return m;
}

std::vector<std::pair<std::string, double>> shares(const json& j, const fs::path& file,
                                                   const std::string& where) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& [node, v] : j.items()) {
    if (!v.is_number() || !(v.get<double>() >= 0.0)) bad(file, where + "." + node, "must be a number >= 0");
    out.push_back({node, v.get<double>()});
  }
  if (out.empty()) bad(file, where, "no offtakes");
  return out;
}

double share_total(const std::vector<std::pair<std::string, double>>& s) {
  double t = 0.0;
  for (const auto& [n, v] : s) t += v;
  return t;
}

/// The model's scenario with the offtakes `split` (node -> share) scaled to `total` kg/s.
model::Scenario with_offtakes(const model::Scenario& base,
                              const std::vector<std::pair<std::string, double>>& split, double total) {
  model::Scenario s = base;
  const double sum = share_total(split);
  for (const auto& [node, share] : split) {
    const double q = total * share / sum;
    auto it = std::find_if(s.boundaries.begin(), s.boundaries.end(), [&node = node](const auto& b) { return b.node == node; });
    if (it == s.boundaries.end()) s.boundaries.push_back({node, model::NodeBoundary::Kind::flow, q});
    else *it = {node, model::NodeBoundary::Kind::flow, q};
  }
  return s;
}

std::string key_of(double v) { return fmt::format("{:.0f}", v); }

/// A throughput cell, flagged when it exceeds the config's "supply_limit_mmcfd" (the terminals).
std::string throughput_cell(double mmcfd, const json& section) {
  const double limit = section.value("supply_limit_mmcfd", std::numeric_limits<double>::infinity());
  return mmcfd > limit ? fmt::format("{} (above the {} mmcfd supply limit)", grouped(mmcfd), grouped(limit))
                       : grouped(mmcfd);
}

// ---- Least-power operation of the given design ----
struct Operation {
  bool feasible = false;
  std::vector<std::string> stations;
  double discharge_pa = 0.0, power_w = 0.0, fuel_kg_per_s = 0.0, terminal_pa = 0.0, power_at_max_w = 0.0;
};

Operation least_power(const io::LoadedModel& m, const model::Scenario& sc,
                      const std::vector<std::vector<std::string>>& sets, double p_lo, double p_hi,
                      const std::string& terminal) {
  // Powers within 1 kW count as equal: the set with fewer stations running wins the tie (a
  // station of the set may end bypassed, its suction above the common discharge, and then runs
  // nothing).
  constexpr double same_power_w = 1e3;
  Operation best;
  for (const auto& set : sets) {
    double p = 0.0;
    const auto r = design::least_power_operation(m.network, sc, set, p_lo, p_hi, p);
    if (!design::feasible(r)) continue;
    std::vector<std::string> running;  // the stations of the set that compress
    for (const auto& e : r.elements)
      if (e.kind == "compressor" && e.shaft_power_w > 0.0 &&
          std::find(set.begin(), set.end(), e.id) != set.end())
        running.push_back(e.id);
    if (best.feasible && !(r.total_compressor_power_w < best.power_w - same_power_w) &&
        !(r.total_compressor_power_w < best.power_w + same_power_w &&
          running.size() < best.stations.size()))
      continue;
    best.feasible = true;
    best.stations = running;
    best.discharge_pa = p;
    best.power_w = r.total_compressor_power_w;
    best.fuel_kg_per_s = r.total_fuel_kg_per_s;
    for (const auto& n : r.nodes)
      if (n.id == terminal) best.terminal_pa = n.pressure_pa;
    double unused = 0.0;
    best.power_at_max_w = design::least_power_operation(m.network, sc, set, p_hi, p_hi, unused).total_compressor_power_w;
  }
  return best;
}

/// Survival time at `terminal` of a transient run (hours from the run's start), or NaN.
double survival_h(const io::LoadedModel& m, const fs::path& schedule_file, double duration_s,
                  double dt_s, double dx_m, const std::string& terminal) {
  const auto schedule = io::read_schedule(schedule_file, m.network);
  transient::TransientOptions options;
  options.duration_s = duration_s;
  options.dt_s = dt_s;
  options.dx_m = dx_m;
  transient::Simulator sim(m.network, m.scenario, schedule, options);
  if (!sim.start_from_steady().converged)
    throw std::runtime_error("security: no initial steady state: " + sim.message());
  if (!sim.run()) throw std::runtime_error("security: the transient run failed: " + sim.message());
  std::size_t index = m.network.nodes.size();
  for (std::size_t i = 0; i < m.network.nodes.size(); ++i)
    if (m.network.nodes[i].id == terminal) index = i;
  for (const auto& s : sim.survival())
    if (s.node == index && s.survival_time_s) return *s.survival_time_s / 3600.0;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

void check_planning_config(const json& cfg, const fs::path& file) {
  if (cfg.contains("mechanical")) parse_mechanical(cfg.at("mechanical"), file);
  parse_cost(cfg, file);
  if (cfg.contains("least_cost") && !cfg.contains("mechanical"))
    bad(file, "least_cost", "needs the \"mechanical\" section (grade, design pressure, classes)");
  if (cfg.contains("least_cost")) {
    const json& l = cfg.at("least_cost");
    for (const char* k : {"station_efficiency", "driver_efficiency"}) {
      const double v = number(l, k, 0.5, file, "least_cost");
      if (!(v > 0.0 && v <= 1.0)) bad(file, std::string("least_cost.") + k, "must be in (0, 1]");
    }
    shares(req(l, "offtakes", file, "least_cost"), file, "least_cost.offtakes");
  }
  if (cfg.contains("security")) {
    const json& s = cfg.at("security");
    for (const auto& t : req(s, "terminals", file, "security"))
      if (!(number(t, "capacity_mmcfd", -1.0, file, "security.terminals[]") >= 0.0))
        bad(file, "security.terminals[].capacity_mmcfd", "must be a number >= 0");
    shares(req(s, "demand_mmcfd", file, "security"), file, "security.demand_mmcfd");
  }
}

void run_planning(const json& cfg, const fs::path& base, const fs::path& file, json& study,
                  json& summary, Figures& fig) {
  if (!study.contains("sections")) study["sections"] = json::array();
  json& sections = study["sections"];
  const std::string start = cfg.value("line_start_node", "");
  const std::string terminal = cfg.value("terminal_node", "");
  const double min_bar = cfg.value("delivery_min_bar", 40.0);
  const double maop_bar = cfg.value("maop_bar", 99.01325);
  const design::CostModel cost = parse_cost(cfg, file);

  // Mechanical design.
  Mechanical mech;
  if (cfg.contains("mechanical")) {
    mech = parse_mechanical(cfg.at("mechanical"), file);
    json rows = json::array(), totals = json::array();
    for (double nps : mech.nps) {
      const double od = design::outside_diameter_of_nps_m(nps);
      const auto p = design::design_pipe(mech.design_pressure_pa, od, mech.grade, mech.classes, 1.0, 1.0,
                                         mech.allowances);
      for (const auto& s : p.stretches) {
        const double maop = design::b318_max_pressure_pa(s.nominal_wall_m, od, mech.grade, {s.design_factor, 1, 1});
        rows.push_back({fmt::format("{:.0f}\"", nps), s.stretch.location_class, fixed(s.design_factor, 2),
                        grouped(s.stretch.length_m / 1e3), fixed(s.pressure_wall_m * 1e3, 1),
                        fixed(s.nominal_wall_m * 1e3, 1), fixed(maop / 1e5, 1),
                        fixed(s.hydrotest_pressure_pa / 1e5, 1), fixed(100.0 * s.hydrotest_hoop_smys, 0),
                        grouped(s.mass_kg / 1e6)});
      }
      totals.push_back({fmt::format("{:.0f}\"", nps), fixed(od * 1e3, 1), fixed(p.inner_diameter_m * 1e3, 1),
                        grouped(p.length_m / 1e3), grouped(p.steel_mass_kg / 1e6)});
      fig[fmt::format("steel_kt_{}", key_of(nps))] = p.steel_mass_kg / 1e6;
    }
    sections.push_back(section(
        "mechanical", "Mechanical design",
        fmt::format("ASME B31.8 wall t = P D / (2 S F E T) for {} (SMYS {:.1f} MPa) at a design pressure of "
                    "{:.1f} barg, design factor F by location class, E = T = 1; nominal wall rounded up to "
                    "{:.1f} mm (corrosion allowance {:.1f} mm, mill tolerance {:.1f} %). MAOP is what the "
                    "nominal wall allows at F; the water test pressure is B31.8's minimum for the class. "
                    "Steel at 7,850 kg/m3.",
                    mech.grade.name, mech.grade.smys_pa / 1e6, mech.design_pressure_pa / 1e5,
                    mech.allowances.step_m * 1e3, mech.allowances.corrosion_allowance_m * 1e3,
                    100.0 * mech.allowances.mill_tolerance),
        json::array({table("Wall thickness, MAOP, hydrotest and steel by location class",
                           {"Pipe", "Class", "F", "Length (km)", "Pressure wall (mm)", "Nominal wall (mm)",
                            "MAOP of the wall (barg)", "Water test (barg)", "Test hoop (% SMYS)", "Steel (kt)"},
                           rows),
                     table("Pipe totals", {"Pipe", "OD (mm)", "Hydraulic bore, longest stretch (mm)", "Length (km)", "Steel (kt)"},
                           totals)})));
  }

  // Cost model parameters.
  if (cfg.contains("economics") || cfg.contains("least_cost")) {
    json rows = json::array();
    const design::CostModel defaults;
    for (const auto& p : cost_parameters()) {
      const double v = cost.*(p.field), d = defaults.*(p.field);
      rows.push_back({p.key, v >= 1000.0 ? grouped(v) : fmt::format("{:g}", v), p.unit,
                      v == d ? std::string(p.source) : fmt::format("study config (default {:g}: {})", d, p.source)});
    }
    rows.push_back({"capital recovery factor", fixed(design::capital_recovery_factor(cost.discount_rate, cost.life_years), 5),
                    "per year", "DERIVED: r (1+r)^n / ((1+r)^n - 1)"});
    fig["crf"] = design::capital_recovery_factor(cost.discount_rate, cost.life_years);
    sections.push_back(section(
        "cost-model", "Cost model",
        "Capex = line pipe (steel tonnage x price) + laying (inch x km x rate) + stations (fixed + per "
        "installed MW); yearly cost = capex x capital recovery factor + O&M shares + fuel at the gas "
        "price; levelised cost of transport = yearly cost / energy delivered (HHV) at the load factor. "
        "ASSUMED values have no source: they are round figures of the right order, to be replaced by "
        "the project's own estimates.",
        json::array({table("Parameters", {"Parameter", "Value", "Unit", "Status / source"}, rows)})));
  }

  // Least-cost designs, 42 vs 56 inch, phasing.
  if (cfg.contains("least_cost")) {
    const json& l = cfg.at("least_cost");
    const io::LoadedModel m = io::read_native_model(base / req(l, "model", file, "least_cost").get<std::string>());
    const auto split = shares(req(l, "offtakes", file, "least_cost"), file, "least_cost.offtakes");
    design::LineSpec spec;
    spec.route = design::route_of(m.network, split, start, terminal);
    spec.route.back().pressure_min_pa = min_bar * 1e5;
    spec.physics = m.network.physics;
    spec.roughness_m = number(l, "roughness_m", 1e-5, file, "least_cost");
    spec.supply_pressure_pa = number(l, "supply_bar", 55.0, file, "least_cost") * 1e5;
    spec.discharge_max_pa = number(l, "discharge_max_bar", 98.0, file, "least_cost") * 1e5;
    spec.suction_min_pa = number(l, "suction_min_bar", 60.0, file, "least_cost") * 1e5;
    spec.pressure_max_pa = maop_bar * 1e5;
    spec.station_efficiency = number(l, "station_efficiency", 0.82, file, "least_cost");
    spec.driver_efficiency = number(l, "driver_efficiency", 0.35, file, "least_cost");
    spec.segment_length_m = number(l, "segment_km", 10.0, file, "least_cost") * 1e3;
    design::LeastCostOptions o;
    o.nps_inch = mech.nps;
    for (const auto& s : req(l, "candidate_sites", file, "least_cost")) o.candidate_sites.push_back(s.get<std::string>());
    o.max_stations = l.value("max_stations", 4);
    o.grade = mech.grade;
    o.design_pressure_pa = mech.design_pressure_pa;
    o.location_classes = mech.classes;
    o.allowances = mech.allowances;
    o.cost = cost;
    const double rho = m.network.physics.gas.standard_density();
    std::map<std::string, double> chainage;
    for (const auto& p : spec.route) chainage[p.id] = p.chainage_m;
    auto site_list = [&](const std::vector<std::string>& sites) {
      std::vector<std::string> s;
      for (const auto& x : sites) s.push_back(fmt::format("{} (km {:.0f})", x, chainage[x] / 1e3));
      return s.empty() ? std::string("none (free flow)") : join(s);
    };
    const double tariff = number(l, "tariff_usd_per_mmbtu", 1.0, file, "least_cost");
    if (!(tariff >= 0.0)) bad(file, "least_cost.tariff_usd_per_mmbtu", "must be >= 0");
    // NPV at the tariff: -capex in year 0, then revenue less O&M and fuel in years 1..life.
    auto npv_at_tariff = [&](const design::CostBreakdown& b) {
      std::vector<double> flows{-b.capex_usd};
      for (int y = 1; y <= static_cast<int>(cost.life_years); ++y)
        flows.push_back(tariff * b.delivered_mmbtu_per_year - b.om_usd_per_year - b.fuel_usd_per_year);
      return design::net_present_value(cost.discount_rate, flows);
    };
    json rows = json::array();
    for (const auto& t : req(l, "targets_mmcfd", file, "least_cost")) {
      const double mmcfd = t.get<double>();
      const double q = units::mmcfd_to_kg_per_s(mmcfd, rho);
      std::vector<design::DesignCandidate> per_pipe;
      design::DesignCandidate overall;
      for (double nps : o.nps_inch) {
        auto one = o;
        one.nps_inch = {nps};
        per_pipe.push_back(design::least_cost_design(spec, one, q));
        const auto& c = per_pipe.back();
        if (c.feasible && (!overall.feasible || c.cost.levelised_usd_per_mmbtu < overall.cost.levelised_usd_per_mmbtu))
          overall = c;
      }
      for (const auto& c : per_pipe) {
        const double nps = c.nps_inch;
        const std::string k = fmt::format("{}_{}", key_of(nps), key_of(mmcfd));
        if (!c.feasible) {
          rows.push_back({fmt::format("{:.0f}\"", nps), throughput_cell(mmcfd, l),
                          fmt::format("not feasible with at most {} stations", o.max_stations), "", "", "", "", "", "", "", ""});
          continue;
        }
        fig["lc_" + k + "_usd_mmbtu"] = c.cost.levelised_usd_per_mmbtu;
        fig["lc_" + k + "_capex_busd"] = c.cost.capex_usd / 1e9;
        fig["lc_" + k + "_mw"] = c.operation.total_power_w / 1e6;
        fig["lc_" + k + "_stations"] = static_cast<double>(c.sites.size());
        fig["npv_" + k + "_musd"] = npv_at_tariff(c.cost) / 1e6;
        const bool best = overall.feasible && overall.nps_inch == nps;
        rows.push_back({fmt::format("{:.0f}\"{}", nps, best ? " (least cost)" : ""), throughput_cell(mmcfd, l),
                        site_list(c.sites), c.sites.empty() ? "-" : fixed(c.discharge_pa / 1e5, 1),
                        fixed(c.operation.total_power_w / 1e6, 1),
                        fixed(units::kg_per_s_to_mmcfd(c.operation.total_fuel_kg_per_s, rho), 1),
                        grouped(c.cost.line_capex_usd / 1e6), grouped(c.cost.station_capex_usd / 1e6),
                        fixed(c.cost.levelised_usd_per_mmbtu, 3), fixed(c.cost.levelised_usd_per_km3, 2),
                        grouped(npv_at_tariff(c.cost) / 1e6)});
        // The design, solved with the steady solver, for the design table and the profiles.
        auto solved_spec = spec;
        solved_spec.inner_diameter_m = c.inner_diameter_m;
        const auto r = design::solve_line(solved_spec, q, c.sites, c.discharge_pa);
        json stations = json::array();
        for (std::size_t i = 0; i < r.stations.size(); ++i)
          stations.push_back({{"id", i < c.sites.size() ? c.sites[i] : r.stations[i].id},
                              {"chainage_km", r.stations[i].chainage_m / 1e3},
                              {"suction_bar", r.stations[i].suction_pa / 1e5},
                              {"discharge_bar", r.stations[i].discharge_pa / 1e5},
                              {"power_mw", r.stations[i].shaft_power_w / 1e6},
                              {"fuel_mmcfd", units::kg_per_s_to_mmcfd(r.stations[i].fuel_kg_per_s, rho)}});
        study["design"].push_back({{"diameter_in", nps},
                                   {"target_mmcfd", mmcfd},
                                   {"feasible", r.feasible},
                                   {"message", r.message},
                                   {"delivery_bar", r.delivery_pressure_pa / 1e5},
                                   {"total_power_mw", r.total_power_w / 1e6},
                                   {"total_fuel_mmcfd", units::kg_per_s_to_mmcfd(r.total_fuel_kg_per_s, rho)},
                                   {"levelised_usd_per_mmbtu", c.cost.levelised_usd_per_mmbtu},
                                   {"stations", stations}});
        if (r.feasible && r.profile_chainage_m.size() >= 2) {
          study["profiles"].push_back(line_profile_json(
              r, fmt::format("{:.0f}\" at {:.0f} mmcfd, least cost", nps, mmcfd), maop_bar, min_bar));
        }
        fmt::print(stderr, "study: least cost {:.0f}\" {:.0f} mmcfd: {} station(s), {:.1f} bara, {:.1f} MW, {:.3f} USD/MMBtu\n",
                   nps, mmcfd, c.sites.size(), c.discharge_pa / 1e5, c.operation.total_power_w / 1e6,
                   c.cost.levelised_usd_per_mmbtu);
      }
      if (overall.feasible)
        summary.push_back({{"label", fmt::format("least-cost design at {} mmcfd", grouped(mmcfd))},
                           {"value", fmt::format("{:.0f}\", {} station(s) at {:.1f} bara, {:.1f} MW, {:.2f} USD/MMBtu",
                                                 overall.nps_inch, overall.sites.size(), overall.discharge_pa / 1e5,
                                                 overall.operation.total_power_w / 1e6,
                                                 overall.cost.levelised_usd_per_mmbtu)}});
    }
    json tables = json::array({table("Least levelised cost per diameter and throughput",
                                     {"Pipe", "Throughput (mmcfd)", "Stations", "Discharge (bara)", "Power (MW)",
                                      "Fuel (mmcfd)", "Line capex (M USD)", "Station capex (M USD)",
                                      "Levelised (USD/MMBtu)", "Levelised (USD/1,000 Sm3)",
                                      fmt::format("NPV at {:g} USD/MMBtu (M USD)", tariff)},
                                     rows)});
    if (l.contains("phases")) {
      const json& ph = l.at("phases");
      const double m1 = number(ph, "first_mmcfd", 0.0, file, "least_cost.phases");
      const double m2 = number(ph, "second_mmcfd", 0.0, file, "least_cost.phases");
      const double y2 = number(ph, "second_year", 5.0, file, "least_cost.phases");
      const auto plan = design::phased_design(spec, o, units::mmcfd_to_kg_per_s(m1, rho),
                                              units::mmcfd_to_kg_per_s(m2, rho), y2);
      json prow = json::array();
      if (plan.feasible) {
        prow.push_back({"1", fmt::format("0 to {:g}", y2), grouped(m1), fmt::format("{:.0f}\"", plan.nps_inch),
                        site_list(plan.phase_1.sites), "-", fixed(plan.phase_1.discharge_pa / 1e5, 1),
                        fixed(plan.phase_1.operation.total_power_w / 1e6, 1)});
        prow.push_back({"2", fmt::format("{:g} to {:g}", y2, cost.life_years), grouped(m2), fmt::format("{:.0f}\"", plan.nps_inch),
                        site_list(plan.phase_2.sites), plan.added_sites.empty() ? std::string("none") : join(plan.added_sites),
                        fixed(plan.phase_2.discharge_pa / 1e5, 1), fixed(plan.phase_2.operation.total_power_w / 1e6, 1)});
        fig["phased_usd_mmbtu"] = plan.levelised_usd_per_mmbtu;
        fig["phased_pv_busd"] = plan.pv_cost_usd / 1e9;
        summary.push_back({{"label", fmt::format("phased path {} then {} mmcfd", grouped(m1), grouped(m2))},
                           {"value", fmt::format("{:.0f}\", adds {} in year {:g}; {:.2f} USD/MMBtu over the life",
                                                 plan.nps_inch, plan.added_sites.empty() ? std::string("no station") : join(plan.added_sites),
                                                 y2, plan.levelised_usd_per_mmbtu)}});
      }
      tables.push_back(table(fmt::format("Phased path (levelised over the life: {} USD/MMBtu; present value of costs {} M USD)",
                                         plan.feasible ? fixed(plan.levelised_usd_per_mmbtu, 3) : "-",
                                         plan.feasible ? grouped(plan.pv_cost_usd / 1e6) : "-"),
                             {"Phase", "Years", "Throughput (mmcfd)", "Pipe", "Stations", "Added", "Discharge (bara)", "Power (MW)"},
                             prow));
    }
    sections.push_back(section(
        "least-cost", "Least-cost design: 42 vs 56 inch, stations and phasing",
        fmt::format("For each pipe and throughput: every set of at most {} stations among the candidate sites "
                    "({}), each set at the common discharge pressure of least levelised cost (the lowest "
                    "feasible one by bisection, then a scan and golden-section search up to {:.0f} bara); "
                    "intermediate stations keep at least {:.0f} bara suction, the terminal at least {:.0f} bara. "
                    "The pipe's bore follows its wall (that of the longest location class). Each chosen design is then solved with "
                    "the steady solver (the design table above and its profiles). Phasing: the pipe is laid "
                    "for the first throughput and stations are added (never removed) for the second; costs "
                    "and energy are discounted over the life. NPV: the capex in year 0, then yearly revenue at the "
                    "stated tariff (ASSUMED) less O&M and fuel, discounted over the life.",
                    o.max_stations, join(o.candidate_sites), spec.discharge_max_pa / 1e5,
                    spec.suction_min_pa / 1e5, min_bar),
        tables));
  }

  // Least-power operation of the given design.
  if (cfg.contains("operation")) {
    const json& op = cfg.at("operation");
    const io::LoadedModel m = io::read_native_model(base / req(op, "model", file, "operation").get<std::string>());
    const auto split = shares(req(op, "offtakes", file, "operation"), file, "operation.offtakes");
    std::vector<std::vector<std::string>> sets;
    for (const auto& s : req(op, "station_sets", file, "operation")) sets.push_back(s.get<std::vector<std::string>>());
    const double p_lo = number(op, "discharge_min_bar", 55.0, file, "operation") * 1e5;
    const double p_hi = number(op, "discharge_max_bar", 98.0, file, "operation") * 1e5;
    const double rho = m.network.physics.gas.standard_density();
    json rows = json::array();
    std::map<std::string, std::vector<std::string>> runs_at;
    for (const auto& t : req(op, "targets_mmcfd", file, "operation")) {
      const double mmcfd = t.get<double>();
      const auto sc = with_offtakes(m.scenario, split, units::mmcfd_to_kg_per_s(mmcfd, rho));
      const Operation r = least_power(m, sc, sets, p_lo, p_hi, terminal);
      if (!r.feasible) {
        rows.push_back({throughput_cell(mmcfd, op), "not feasible with these stations", "", "", "", "", ""});
        continue;
      }
      const bool free_flow = r.power_w < 1e3;  // the lowest discharge is the supply: nothing runs
      if (!free_flow)
        for (const auto& s : r.stations) runs_at[s].push_back(grouped(mmcfd));
      fig["op_" + key_of(mmcfd) + "_mw"] = r.power_w / 1e6;
      fig["op_" + key_of(mmcfd) + "_bar"] = r.discharge_pa / 1e5;
      fig["op98_" + key_of(mmcfd) + "_mw"] = r.power_at_max_w / 1e6;
      rows.push_back({throughput_cell(mmcfd, op), free_flow ? std::string("none (free flow)") : join(r.stations),
                      fixed(r.discharge_pa / 1e5, 2), fixed(r.power_w / 1e6, 2),
                      fixed(units::kg_per_s_to_mmcfd(r.fuel_kg_per_s, rho), 2), fixed(r.terminal_pa / 1e5, 2),
                      fixed(r.power_at_max_w / 1e6, 2)});
      summary.push_back({{"label", fmt::format("least-power operation at {} mmcfd", grouped(mmcfd))},
                         {"value", fmt::format("{} at {:.1f} bara: {:.1f} MW (at {:.0f} bara: {:.1f} MW)",
                                               free_flow ? std::string("free flow") : join(r.stations),
                                               r.discharge_pa / 1e5, r.power_w / 1e6, p_hi / 1e5, r.power_at_max_w / 1e6)}});
      fmt::print(stderr, "study: least power {:.0f} mmcfd: {} at {:.2f} bara, {:.2f} MW\n", mmcfd,
                 free_flow ? std::string("no station (free flow)") : join(r.stations), r.discharge_pa / 1e5,
                 r.power_w / 1e6);
    }
    // Keep the stations table true to this operation.
    for (auto& s : study["stations"]) {
      const std::string id = s.value("id", "");
      const auto it = runs_at.find(id);
      s["notes"] = s.value("notes", "") +
                   (it == runs_at.end() ? std::string(" Least-power operation does not run it at any throughput studied.")
                                        : fmt::format(" Least-power operation runs it at {} mmcfd.", join(it->second)));
    }
    sections.push_back(section(
        "operation", "Least-power operation of the 56-inch design",
        fmt::format("The model's own line and stations; for each throughput (offtakes in the design split) the "
                    "stations of each listed set run at one common discharge pressure, chosen between {:.0f} and "
                    "{:.0f} bara for the least total shaft power that keeps every bound; the set with the least power "
                    "is shown, beside the power the same stations need when they discharge at {:.0f} bara.",
                    p_lo / 1e5, p_hi / 1e5, p_hi / 1e5),
        json::array({table("Least-power operating points",
                           {"Throughput (mmcfd)", "Stations running", "Discharge (bara)", "Power (MW)", "Fuel (mmcfd)",
                            "Terminal (bara)", fmt::format("Power at {:.0f} bara (MW)", p_hi / 1e5)},
                           rows)})));
  }

  // Security of supply.
  if (cfg.contains("security")) {
    const json& s = cfg.at("security");
    const io::LoadedModel m = io::read_native_model(base / req(s, "model", file, "security").get<std::string>());
    const double rho = m.network.physics.gas.standard_density();
    const double hhv_j_per_kg = m.network.physics.gas.higher_heating_value_j_per_m3 / m.network.physics.gas.normal_density();
    std::map<std::string, double> terminals;
    double supply_total = 0.0;
    for (const auto& t : req(s, "terminals", file, "security")) {
      terminals[req(t, "id", file, "security.terminals[]").get<std::string>()] = t.at("capacity_mmcfd").get<double>();
      supply_total += t.at("capacity_mmcfd").get<double>();
    }
    const auto demand_split = shares(req(s, "demand_mmcfd", file, "security"), file, "security.demand_mmcfd");
    std::vector<design::Demand> demands;
    for (const auto& [node, mmcfd] : demand_split) demands.push_back({node, units::mmcfd_to_kg_per_s(mmcfd, rho)});
    const auto order = req(s, "curtailment_order", file, "security").get<std::vector<std::string>>();
    const double outage_h = number(s, "outage_days", 7.0, file, "security") * 24.0;
    // Survival times from transient runs.
    json srows = json::array();
    std::vector<double> survival;
    for (const auto& t : s.value("transients", json::array())) {
      const std::string name = req(t, "name", file, "security.transients[]");
      const double trip_h = number(t, "trip_h", 0.0, file, "security.transients[]");
      const double h = survival_h(m, base / req(t, "schedule", file, name).get<std::string>(),
                                  number(t, "duration_s", 345600.0, file, name), number(t, "dt_s", 60.0, file, name),
                                  number(t, "dx_m", 1000.0, file, name), terminal);
      survival.push_back(std::isfinite(h) ? h - trip_h : std::numeric_limits<double>::quiet_NaN());
      const double run_h = number(t, "duration_s", 345600.0, file, name) / 3600.0;
      fig[fmt::format("survival_{}_h", survival.size() - 1)] = survival.back();
      srows.push_back({name, std::isfinite(h) ? fixed(h - trip_h, 1) : fmt::format("more than {:.0f}", run_h - trip_h),
                       std::isfinite(h) ? fixed(h, 2) : "-", t.value("note", "")});
      summary.push_back({{"label", "survival time: " + name},
                         {"value", std::isfinite(h) ? fmt::format("{:.1f} h after the trip", h - trip_h)
                                                    : fmt::format("more than {:.0f} h", run_h - trip_h)}});
      fmt::print(stderr, "study: survival {}: {}\n", name, std::isfinite(h) ? fixed(h - trip_h, 2) + " h" : "not reached");
    }
    // Curtailment after a loss.
    json crows = json::array();
    for (const auto& c : req(s, "cases", file, "security")) {
      const std::string name = req(c, "name", file, "security.cases[]");
      double supply = supply_total;
      design::CapacityOptions policy;
      for (const auto& [node, mmcfd] : demand_split) policy.deliveries.push_back({node, std::max(mmcfd, 1e-9)});
      policy.stations = design::StationPolicy::max_discharge;
      double total_demand = 0.0;
      for (const auto& d : demands) total_demand += d.kg_per_s;
      model::Scenario sc = design::scenario_at(m.network, m.scenario, policy, total_demand);
      if (c.contains("lost_terminal")) {
        const std::string t = c.at("lost_terminal");
        if (!terminals.count(t)) bad(file, "security.cases[].lost_terminal", "unknown terminal \"" + t + "\"");
        supply -= terminals[t];
      }
      // Stations: those listed in "stations_running" (default: all) at their maximum discharge,
      // the others and a lost one in bypass.
      std::vector<std::string> running;
      for (const auto& k : m.network.compressors) running.push_back(k.id);
      if (c.contains("stations_running")) running = c.at("stations_running").get<std::vector<std::string>>();
      if (c.contains("lost_station")) std::erase(running, c.at("lost_station").get<std::string>());
      for (auto& ctl : sc.controls)
        if (std::find(running.begin(), running.end(), ctl.element) == running.end()) {
          ctl.state = model::ControlState::bypass;
          ctl.mode.reset();
          ctl.setpoint.reset();
        }
      const auto r = design::curtail(m.network, sc, demands, order, units::mmcfd_to_kg_per_s(supply, rho));
      std::vector<std::string> cut;
      for (std::size_t i = 0; i < r.served.size(); ++i) {
        const double lost = demands[i].kg_per_s - r.served[i].kg_per_s;
        if (lost > 1e-6) cut.push_back(fmt::format("{} -{:.0f}", demands[i].node, units::kg_per_s_to_mmcfd(lost, rho)));
      }
      const double gwh_per_day = r.curtailed_kg_per_s * hhv_j_per_kg * 86400.0 / 3.6e12;
      const int idx = c.value("survival_from", -1);
      const double hold_h = idx >= 0 && idx < static_cast<int>(survival.size()) && std::isfinite(survival[idx]) ? survival[idx] : 0.0;
      const double unserved_gwh = gwh_per_day / 24.0 * std::max(0.0, outage_h - hold_h);
      crows.push_back({name, grouped(supply), grouped(units::kg_per_s_to_mmcfd(r.demand_kg_per_s, rho)),
                       r.feasible ? grouped(units::kg_per_s_to_mmcfd(r.served_kg_per_s, rho)) : "-",
                       r.feasible ? grouped(units::kg_per_s_to_mmcfd(r.curtailed_kg_per_s, rho)) : "-",
                       cut.empty() ? std::string("none") : join(cut), r.binding.empty() ? std::string("-") : r.binding,
                       fixed(gwh_per_day, 1), idx >= 0 ? fixed(hold_h, 1) : "0 (not computed)", grouped(unserved_gwh)});
      fmt::print(stderr, "study: security {}: curtailed {:.0f} mmcfd ({})\n", name,
                 units::kg_per_s_to_mmcfd(r.curtailed_kg_per_s, rho),
                 r.binding.empty() ? std::string("nothing binds") : r.binding);
    }
    sections.push_back(section(
        "security", "Security of supply",
        fmt::format("Supply limits: {}. After a loss, offtakes are cut in the order {} (each to zero before the "
                    "next; ASSUMED order) until the remaining terminals' send-out covers them and the steady "
                    "state keeps every bound with the remaining stations of each case at their maximum discharge. Survival "
                    "time: transient runs from the trip until the terminal falls below {:.0f} bara. Unserved "
                    "energy over an outage of {:.0f} days: the steady curtailment rate times the outage less the "
                    "survival time (line pack covers the deficit until then), at the gas's higher heating value.",
                    [&] {
                      std::vector<std::string> t;
                      for (const auto& [id, cap] : terminals) t.push_back(fmt::format("{} {:.0f} mmcfd", id, cap));
                      return join(t);
                    }(),
                    join(order, " > "), min_bar, outage_h / 24.0),
        json::array({table("Survival time after a trip (transient runs)",
                           {"Run", "Survival after the trip (h)", "From the run's start (h)", "Note"}, srows),
                     table("Loss of a terminal or a station: curtailment and unserved energy",
                           {"Case", "Supply available (mmcfd)", "Demand (mmcfd)", "Served (mmcfd)", "Curtailed (mmcfd)",
                            "Cut (mmcfd)", "Binding", "Unserved (GWh/d)", "Line pack holds (h)",
                            fmt::format("Unserved over {:.0f} d (GWh)", outage_h / 24.0)},
                           crows)})));
  }

  // Seasonal design days.
  if (cfg.contains("seasons")) {
    const json& se = cfg.at("seasons");
    io::LoadedModel m = io::read_native_model(base / req(se, "model", file, "seasons").get<std::string>());
    const auto split = shares(req(se, "offtakes", file, "seasons"), file, "seasons.offtakes");
    const double target = number(se, "target_mmcfd", 1200.0, file, "seasons");
    std::vector<std::vector<std::string>> sets;
    for (const auto& s : req(se, "station_sets", file, "seasons")) sets.push_back(s.get<std::vector<std::string>>());
    json rows = json::array();
    int i = 0;
    for (const auto& c : req(se, "cases", file, "seasons")) {
      m.network.physics.temperature_k = 273.15 + number(c, "ground_c", 25.0, file, "seasons.cases[]");
      const double rho = m.network.physics.gas.standard_density();
      design::CapacityOptions ff;
      for (const auto& [node, sh] : split) ff.deliveries.push_back({node, sh});
      ff.stations = design::StationPolicy::off;
      const auto cap = design::capacity(m.network, m.scenario, ff);
      const auto sc = with_offtakes(m.scenario, split, units::mmcfd_to_kg_per_s(target, rho));
      const Operation op = least_power(m, sc, sets, 55e5, 98e5, terminal);
      const double cap_mmcfd = units::kg_per_s_to_mmcfd(cap.total_kg_per_s, rho);
      fig[fmt::format("season_{}_ff", i)] = cap_mmcfd;
      fig[fmt::format("season_{}_mw", i)] = op.power_w / 1e6;
      rows.push_back({req(c, "name", file, "seasons.cases[]").get<std::string>(), c.value("ambient", ""),
                      fixed(m.network.physics.temperature_k - 273.15, 0), grouped(cap_mmcfd),
                      op.feasible ? join(op.stations) : "not feasible", op.feasible ? fixed(op.discharge_pa / 1e5, 1) : "-",
                      op.feasible ? fixed(op.power_w / 1e6, 1) : "-"});
      ++i;
    }
    sections.push_back(section(
        "seasons", "Seasonal design days",
        fmt::format("The line is isothermal at the ground temperature at pipe depth (gas and ground in "
                    "equilibrium over 1,100 km); the air temperatures show the season. Free-flow capacity with the "
                    "design offtake split, and the least-power operation at {} mmcfd.", grouped(target)),
        json::array({table("Design days", {"Day", "Air (ambient)", "Ground / gas (degC)", "Free-flow capacity (mmcfd)",
                                           fmt::format("Stations at {} mmcfd", grouped(target)), "Discharge (bara)", "Power (MW)"},
                           rows)})));
  }

  // Volume basis and heating value basis.
  if (cfg.contains("basis")) {
    const json& b = cfg.at("basis");
    const io::LoadedModel m = io::read_native_model(base / req(b, "model", file, "basis").get<std::string>());
    const auto& g = m.network.physics.gas;
    json rows = json::array();
    for (const auto& v : req(b, "bcm_per_year", file, "basis")) {
      const double bcm = v.get<double>();
      json row = {fmt::format("{:g} bcm/yr", bcm), fixed(bcm * 1e3 / 365.0, 2)};
      for (double tc : {15.0, 20.0, 0.0}) {
        // Ideal gas at 1.01325 bar: a cubic metre at tc is 288.706/(273.15 + tc) m3 at 60 degF.
        const double mmcfd = bcm * 1e9 / 365.0 * units::standard_temperature_k / (273.15 + tc) /
                             units::m3_per_ft3 / 1e6;
        fig[fmt::format("conv_{:.0f}_{:.0f}c", bcm * 10, tc)] = mmcfd;
        row.push_back(fixed(mmcfd, 0));
      }
      rows.push_back(row);
    }
    const double hhv_std = g.higher_heating_value_j_per_m3 / g.normal_density() * g.standard_density();
    double eta = 0.0;
    for (const auto& c : m.network.compressors) eta = c.driver_efficiency;
    json frows = json::array(
        {json::array({"Heating value used for fuel and energy", fmt::format("HHV (gross) {:.1f} MJ/m3 at 0 degC, 1.01325 bar = "
                                                                           "{:.1f} MJ/Sm3 at 60 degF = {:.0f} Btu/scf",
                                                                           g.higher_heating_value_j_per_m3 / 1e6, hhv_std / 1e6,
                                                                           hhv_std / 1055.05585262 * 0.028316846592)}),
         json::array({"Fuel of a gas-turbine driver", fmt::format("fuel = shaft power / ({:.3f} x HHV); {:.3f} = 2,544.43 / "
                                                                 "9,500 Btu/bhp-h", eta, eta)}),
         json::array({"Caveat", "gas-turbine heat rates are usually quoted on the lower heating value; read on that "
                                "basis, the same heat rate burns HHV/LHV (about 1.11 for lean LNG) times more gas, "
                                "so fuel here may be about 10 % low"}),
         json::array({"Tariff basis", "USD per MMBtu of HHV delivered; USD per 1,000 Sm3 at 60 degF"})});
    sections.push_back(section(
        "basis", "Conversion and heating-value basis",
        "12.4 bcm/yr is about 1,200 mmcfd only when the cubic metre is at 15 degC; 365 days a year; ideal-gas "
        "ratio of temperatures at 1.01325 bar (mmcfd at 60 degF, 14.696 psia).",
        json::array({table("Annual volume to mmcfd by reference temperature of the cubic metre",
                           {"Annual volume", "Million m3/d", "mmcfd if m3 at 15 degC", "at 20 degC", "at 0 degC"}, rows),
                     table("Heating value basis", {"Item", "Basis"}, frows)})));
  }
}

void add_claims(const json& cfg, const fs::path& file, json& study, Figures& fig) {
  if (!cfg.contains("claims")) return;
  const json differences = cfg.value("differences", json::object());
  for (const auto& [name, pair] : differences.items()) {
    const auto ab = pair.get<std::vector<std::string>>();
    if (ab.size() != 2 || !fig.count(ab[0]) || !fig.count(ab[1]))
      bad(file, "differences." + name, "expected [a, b] of two computed figures");
    fig[name] = fig[ab[0]] - fig[ab[1]];
  }
  fmt::dynamic_format_arg_store<fmt::format_context> args;
  for (const auto& [k, v] : fig) args.push_back(fmt::arg(k.c_str(), v));
  auto fill = [&](const json& row, const char* key) {
    const std::string t = row.value(key, "");
    try {
      return fmt::vformat(t, args);
    } catch (const fmt::format_error& e) {
      bad(file, std::string("claims[].") + key, fmt::format("\"{}\": {} (a figure not computed?)", t, e.what()));
    }
  };
  json rows = json::array();
  for (const auto& row : cfg.at("claims"))
    rows.push_back({row.value("claim", ""), row.value("source", ""), fill(row, "model"), fill(row, "moved_by")});
  json claims = section("claims", "Public claims against the model",
                        "Each public figure beside what the model gives, and the assumptions that move it.",
                        json::array({table("Claims", {"Public claim", "Source", "Model", "What moves it"}, rows)}));
  claims["position"] = "top";  // the report draws it right after the summary
  study["sections"].insert(study["sections"].begin(), claims);
}

json line_profile_json(const design::LineDesign& design, const std::string& name, double maop_bar,
                       double min_pressure_bar) {
  json prof = {{"name", name}, {"maop_bar", maop_bar}, {"min_pressure_bar", min_pressure_bar}};
  json x = json::array(), pb = json::array(), el = json::array(), st = json::array();
  for (std::size_t i = 0; i < design.profile_chainage_m.size(); ++i) {
    x.push_back(design.profile_chainage_m[i] / 1e3);
    pb.push_back(design.profile_pressure_pa[i] / 1e5);
    el.push_back(design.profile_elevation_m[i]);
  }
  for (const auto& s : design.stations) st.push_back(s.chainage_m / 1e3);
  prof["chainage_km"] = x;
  prof["pressure_bar"] = pb;
  prof["elevation_m"] = el;
  prof["stations_km"] = st;
  return prof;
}

}  // namespace linepack::cli
