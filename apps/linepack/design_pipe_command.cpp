#include "design_pipe_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "linepack/design/economics.hpp"
#include "linepack/design/mechanical.hpp"
#include "linepack/io/atomic_file.hpp"

namespace linepack::cli {
namespace {

/// "1010:1.2,70:2,20:3" -> stretches. Throws std::invalid_argument naming the bad item.
std::vector<design::RouteStretch> parse_route(const std::string& text) {
  std::vector<design::RouteStretch> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto colon = item.find(':');
    if (colon == std::string::npos)
      throw std::invalid_argument(fmt::format("--route: \"{}\" is not LENGTH_KM:CLASS", item));
    design::RouteStretch s;
    try {
      s.length_m = std::stod(item.substr(0, colon)) * 1e3;
    } catch (const std::exception&) {
      throw std::invalid_argument(fmt::format("--route: \"{}\": the length is not a number", item));
    }
    s.location_class = item.substr(colon + 1);
    out.push_back(s);
  }
  if (out.empty()) throw std::invalid_argument("--route: no stretches");
  return out;
}

}  // namespace

CLI::App* add_design_pipe_command(CLI::App& app, DesignPipeArgs& a) {
  auto* cmd = app.add_subcommand("design-pipe",
                                 "Wall thickness, MAOP, hydrotest pressure and steel tonnage of a line pipe");
  cmd->add_option("--nps", a.nps, "Nominal pipe size, inch (14 and above: OD = NPS x 25.4 mm)")->required();
  cmd->add_option("--grade", a.grade, "API 5L grade: B, X42 ... X80 (default X70)");
  cmd->add_option("--pressure-barg", a.pressure_barg, "Design pressure (MAOP), bar gauge")->required();
  cmd->add_option("--standard", a.standard, "b31.8 (default) or iso13623");
  cmd->add_option("--design-factor", a.design_factor,
                  "B31.8 F (default: from --location-class) or ISO 13623 hoop factor f_h (required)");
  cmd->add_option("--location-class", a.location_class, "B31.8 class: 1.1, 1.2, 2, 3, 4 (default 1.2)");
  cmd->add_option("--joint-factor", a.joint_factor, "Longitudinal joint factor E (default 1)");
  cmd->add_option("--temperature-c", a.temperature_c, "Design temperature, degC (B31.8 derating T)");
  cmd->add_option("--route", a.route, "Route stretches LENGTH_KM:CLASS,... for tonnage and hydrotest");
  cmd->add_option("--wall-mm", a.wall_mm, "Also report the MAOP this wall allows");
  cmd->add_option("--corrosion-allowance-mm", a.corrosion_allowance_mm, "Added to the pressure wall");
  cmd->add_option("--mill-tolerance", a.mill_tolerance, "Fraction (e.g. 0.125); nominal = wall / (1 - tol)");
  cmd->add_option("--line-pipe-usd-per-t", a.line_pipe_usd_per_t, "Price of line pipe, for the line capex");
  cmd->add_option("--laying-usd-per-inch-km", a.laying_usd_per_inch_km, "Laying rate, for the line capex");
  cmd->add_option("-o,--output", a.output, "Also write the results as JSON");
  return cmd;
}

int run_design_pipe(const DesignPipeArgs& a) {
  // Everything is checked before anything is written.
  const auto grade = design::steel_grade(a.grade);
  const double od = design::outside_diameter_of_nps_m(a.nps);
  const double p = a.pressure_barg * 1e5;
  if (!(p > 0.0)) throw std::invalid_argument(fmt::format("--pressure-barg must be > 0, got {}", a.pressure_barg));
  const bool iso = a.standard == "iso13623";
  if (!iso && a.standard != "b31.8")
    throw std::invalid_argument(fmt::format("--standard: \"{}\" (expected b31.8 or iso13623)", a.standard));
  design::B318Factors f;
  f.design_factor = a.design_factor > 0.0 || a.design_factor < 0.0 ? a.design_factor
                                                                    : design::b318_design_factor(a.location_class);
  f.joint_factor = a.joint_factor;
  f.temperature_factor = design::b318_temperature_factor(273.15 + a.temperature_c);
  design::check(f);
  if (iso && a.design_factor == 0.0)
    throw std::invalid_argument("--standard iso13623 needs --design-factor (the hoop factor f_h of ISO 13623 Table 5)");
  design::CostModel cost;
  const bool priced = a.line_pipe_usd_per_t != -1.0 || a.laying_usd_per_inch_km != -1.0;
  if (priced) {
    cost.line_pipe_usd_per_t = a.line_pipe_usd_per_t == -1.0 ? cost.line_pipe_usd_per_t : a.line_pipe_usd_per_t;
    cost.laying_usd_per_inch_km = a.laying_usd_per_inch_km == -1.0 ? cost.laying_usd_per_inch_km : a.laying_usd_per_inch_km;
    design::check(cost);  // a negative price is an error
  }
  const design::WallAllowances allowances{a.corrosion_allowance_mm / 1e3, a.mill_tolerance, 1e-4};
  const double wall = iso ? design::iso13623_wall_thickness_m(p, od, grade, f.design_factor)
                          : design::b318_wall_thickness_m(p, od, grade, f);
  const double nominal = design::nominal_wall_m(wall, allowances);
  const auto route = a.route.empty() ? std::vector<design::RouteStretch>{{1000.0, a.location_class}}
                                     : parse_route(a.route);
  const auto pipe = design::design_pipe(p, od, grade, route, f.joint_factor, f.temperature_factor, allowances);

  nlohmann::json out = {{"nps_inch", a.nps},
                        {"outside_diameter_mm", od * 1e3},
                        {"grade", grade.name},
                        {"smys_mpa", grade.smys_pa / 1e6},
                        {"design_pressure_barg", a.pressure_barg},
                        {"standard", iso ? "ISO 13623" : "ASME B31.8"},
                        {"design_factor", f.design_factor},
                        {"joint_factor", f.joint_factor},
                        {"temperature_factor", f.temperature_factor},
                        {"pressure_wall_mm", wall * 1e3},
                        {"nominal_wall_mm", nominal * 1e3}};
  fmt::print("{}\" {} ({} SMYS {:.1f} MPa) at {:.1f} barg, {}: F = {:.2f}, E = {:.2f}, T = {:.3f}\n", a.nps,
             iso ? "ISO 13623" : "ASME B31.8", grade.name, grade.smys_pa / 1e6, a.pressure_barg,
             iso ? "hoop factor" : "design factor", f.design_factor, f.joint_factor, f.temperature_factor);
  fmt::print("wall: {:.2f} mm for pressure, {:.1f} mm nominal\n", wall * 1e3, nominal * 1e3);
  if (a.wall_mm > 0.0) {
    const double t = a.wall_mm / 1e3;
    const double maop = iso ? design::iso13623_max_pressure_pa(t, od, grade, f.design_factor)
                            : design::b318_max_pressure_pa(t, od, grade, f);
    out["maop_of_wall_barg"] = maop / 1e5;
    fmt::print("MAOP of a {:.1f} mm wall: {:.1f} barg\n", a.wall_mm, maop / 1e5);
  }
  nlohmann::json stretches = nlohmann::json::array();
  for (const auto& s : pipe.stretches) {
    stretches.push_back({{"length_km", s.stretch.length_m / 1e3},
                         {"location_class", s.stretch.location_class},
                         {"design_factor", s.design_factor},
                         {"nominal_wall_mm", s.nominal_wall_m * 1e3},
                         {"steel_t", s.mass_kg / 1e3},
                         {"hydrotest_barg", s.hydrotest_pressure_pa / 1e5},
                         {"hydrotest_hoop_percent_smys", 100.0 * s.hydrotest_hoop_smys}});
    fmt::print("class {:>3}: {:8.1f} km, F {:.2f}, wall {:.1f} mm, {:9.0f} t steel, water test {:.1f} barg ({:.0f} % SMYS)\n",
               s.stretch.location_class, s.stretch.length_m / 1e3, s.design_factor, s.nominal_wall_m * 1e3,
               s.mass_kg / 1e3, s.hydrotest_pressure_pa / 1e5, 100.0 * s.hydrotest_hoop_smys);
  }
  out["stretches"] = stretches;
  out["steel_t"] = pipe.steel_mass_kg / 1e3;
  fmt::print("steel: {:.0f} t over {:.1f} km\n", pipe.steel_mass_kg / 1e3, pipe.length_m / 1e3);
  if (priced) {
    const double capex = pipe.steel_mass_kg / 1e3 * cost.line_pipe_usd_per_t +
                         cost.laying_usd_per_inch_km * a.nps * pipe.length_m / 1e3;
    out["line_capex_usd"] = capex;
    fmt::print("line capex: {:.1f} M USD\n", capex / 1e6);
  }
  if (!a.output.empty()) io::write_file_atomically(a.output, out.dump(1) + "\n");
  return 0;
}

}  // namespace linepack::cli
