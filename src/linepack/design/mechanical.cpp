#include "linepack/design/mechanical.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace linepack::design {
namespace {

constexpr double kPaPerPsi = 6894.757293168;

// API 5L PSL2 grades, named by their SMYS in ksi; SMYS and SMTS in psi (API 5L Table 7,
// US customary columns).
struct GradeRow {
  const char* name;
  double smys_psi, smts_psi;
};
constexpr std::array<GradeRow, 9> kGrades{{{"B", 35000, 60000},
                                           {"X42", 42000, 60000},
                                           {"X46", 46000, 63000},
                                           {"X52", 52000, 66000},
                                           {"X56", 56000, 71000},
                                           {"X60", 60000, 75000},
                                           {"X65", 65000, 77000},
                                           {"X70", 70000, 82000},
                                           {"X80", 80000, 90000}}};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

void check_pipe(double pressure_pa, double outside_diameter_m) {
  require(std::isfinite(pressure_pa) && pressure_pa > 0.0,
          fmt::format("design pressure must be positive, got {} Pa", pressure_pa));
  require(std::isfinite(outside_diameter_m) && outside_diameter_m > 0.0,
          fmt::format("outside diameter must be positive, got {} m", outside_diameter_m));
}

}  // namespace

SteelGrade steel_grade(const std::string& name) {
  const std::string key = upper(name);
  for (const auto& g : kGrades)
    if (key == g.name) return {g.name, g.smys_psi * kPaPerPsi, g.smts_psi * kPaPerPsi};
  std::string known;
  for (const auto& g : kGrades) known += (known.empty() ? "" : ", ") + std::string(g.name);
  throw std::invalid_argument(
      fmt::format("unknown steel grade \"{}\" (known API 5L grades: {})", name, known));
}

std::vector<std::string> steel_grade_names() {
  std::vector<std::string> names;
  for (const auto& g : kGrades) names.emplace_back(g.name);
  return names;
}

double b318_design_factor(const std::string& location_class) {
  // ASME B31.8 Table 841.1.6-1 (basic design factor F by location class).
  if (location_class == "1.1") return 0.80;
  if (location_class == "1.2" || location_class == "1") return 0.72;
  if (location_class == "2") return 0.60;
  if (location_class == "3") return 0.50;
  if (location_class == "4") return 0.40;
  throw std::invalid_argument(fmt::format(
      "unknown location class \"{}\" (expected 1.1, 1.2, 2, 3 or 4)", location_class));
}

double b318_temperature_factor(double temperature_k) {
  // ASME B31.8 Table 841.1.8-1: 250 degF 1.000, 300 0.967, 350 0.933, 400 0.900, 450 0.867.
  const double f = (temperature_k - 273.15) * 9.0 / 5.0 + 32.0;
  constexpr std::array<double, 5> t{250, 300, 350, 400, 450};
  constexpr std::array<double, 5> v{1.000, 0.967, 0.933, 0.900, 0.867};
  require(std::isfinite(f) && f <= 450.0 + 1e-9,
          fmt::format("temperature factor: {:.1f} degC is above the 232 degC of ASME B31.8's table",
                      temperature_k - 273.15));
  if (f <= t[0]) return 1.0;
  for (std::size_t i = 1; i < t.size(); ++i)
    if (f <= t[i]) return v[i - 1] + (v[i] - v[i - 1]) * (f - t[i - 1]) / (t[i] - t[i - 1]);
  return v.back();
}

void check(const B318Factors& f) {
  auto in_unit = [](double x) { return std::isfinite(x) && x > 0.0 && x <= 1.0; };
  require(in_unit(f.design_factor),
          fmt::format("design factor must be in (0, 1], got {}", f.design_factor));
  require(in_unit(f.joint_factor),
          fmt::format("longitudinal joint factor must be in (0, 1], got {}", f.joint_factor));
  require(in_unit(f.temperature_factor),
          fmt::format("temperature derating factor must be in (0, 1], got {}", f.temperature_factor));
}

double b318_wall_thickness_m(double p, double d, const SteelGrade& g, const B318Factors& f) {
  check(f);
  check_pipe(p, d);
  return p * d / (2.0 * g.smys_pa * f.design_factor * f.joint_factor * f.temperature_factor);
}

double b318_max_pressure_pa(double t, double d, const SteelGrade& g, const B318Factors& f) {
  check(f);
  check_pipe(1.0, d);
  require(t > 0.0 && t < 0.5 * d, fmt::format("wall {} m does not fit a {} m pipe", t, d));
  return 2.0 * g.smys_pa * t * f.design_factor * f.joint_factor * f.temperature_factor / d;
}

double iso13623_wall_thickness_m(double p, double d, const SteelGrade& g, double fh) {
  require(std::isfinite(fh) && fh > 0.0 && fh <= 1.0,
          fmt::format("hoop-stress design factor must be in (0, 1], got {}", fh));
  check_pipe(p, d);
  return p * d / (2.0 * fh * g.smys_pa + p);
}

double iso13623_max_pressure_pa(double t, double d, const SteelGrade& g, double fh) {
  require(std::isfinite(fh) && fh > 0.0 && fh <= 1.0,
          fmt::format("hoop-stress design factor must be in (0, 1], got {}", fh));
  require(t > 0.0 && t < 0.5 * d, fmt::format("wall {} m does not fit a {} m pipe", t, d));
  return 2.0 * fh * g.smys_pa * t / (d - t);
}

double b318_hydrotest_factor(const std::string& location_class) {
  b318_design_factor(location_class);  // validates the label
  if (location_class == "1.2" || location_class == "1") return 1.1;
  if (location_class == "3" || location_class == "4") return 1.4;
  return 1.25;
}

double nominal_wall_m(double pressure_wall_m, const WallAllowances& a) {
  require(a.mill_tolerance >= 0.0 && a.mill_tolerance < 1.0 && a.corrosion_allowance_m >= 0.0 &&
              a.step_m > 0.0,
          "wall allowances: mill tolerance in [0, 1), corrosion allowance >= 0, step > 0");
  const double t = (pressure_wall_m + a.corrosion_allowance_m) / (1.0 - a.mill_tolerance);
  return std::ceil(t / a.step_m - 1e-9) * a.step_m;
}

double pipe_mass_kg_per_m(double d, double t, double rho) {
  return rho * 3.14159265358979323846 * (d - t) * t;
}

PipeDesign design_pipe(double p, double d, const SteelGrade& grade,
                       const std::vector<RouteStretch>& route, double joint_factor,
                       double temperature_factor, const WallAllowances& allowances) {
  check_pipe(p, d);
  require(!route.empty(), "pipe design: the route has no stretches");
  PipeDesign out;
  out.outside_diameter_m = d;
  out.grade = grade;
  out.design_pressure_pa = p;
  for (const auto& s : route) {
    require(std::isfinite(s.length_m) && s.length_m > 0.0,
            fmt::format("pipe design: stretch length must be positive, got {} m", s.length_m));
    StretchDesign sd;
    sd.stretch = s;
    const double class_factor = b318_design_factor(s.location_class);  // validates the class
    sd.design_factor = s.design_factor != 0.0 ? s.design_factor : class_factor;
    const B318Factors f{sd.design_factor, joint_factor, temperature_factor};
    sd.pressure_wall_m = b318_wall_thickness_m(p, d, grade, f);
    sd.nominal_wall_m = nominal_wall_m(sd.pressure_wall_m, allowances);
    require(sd.nominal_wall_m < 0.5 * d, "pipe design: the wall leaves no bore");
    sd.mass_kg = pipe_mass_kg_per_m(d, sd.nominal_wall_m) * s.length_m;
    sd.hydrotest_pressure_pa = b318_hydrotest_factor(s.location_class) * p;
    sd.hydrotest_hoop_smys = sd.hydrotest_pressure_pa * d / (2.0 * sd.nominal_wall_m) / grade.smys_pa;
    out.steel_mass_kg += sd.mass_kg;
    out.length_m += s.length_m;
    out.thickest_wall_m = std::max(out.thickest_wall_m, sd.nominal_wall_m);
    out.stretches.push_back(sd);
  }
  // The hydraulic bore: that of the longest stretch (heavier walls near towns are short).
  const auto longest = std::max_element(out.stretches.begin(), out.stretches.end(), [](const auto& a, const auto& b) {
    return a.stretch.length_m < b.stretch.length_m;
  });
  out.inner_diameter_m = d - 2.0 * longest->nominal_wall_m;
  return out;
}

double outside_diameter_of_nps_m(double nps_inch) {
  require(std::isfinite(nps_inch) && nps_inch >= 14.0,
          fmt::format("nominal pipe size {} in: only NPS 14 and above (OD = NPS) are supported",
                      nps_inch));
  return nps_inch * 0.0254;
}

}  // namespace linepack::design
