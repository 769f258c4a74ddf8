#pragma once
// Mechanical design of a steel line pipe: wall thickness for a design pressure (ASME B31.8
// §841.1.1 and ISO 13623 §6.4.2), the maximum operating pressure a given wall allows, the
// hydrostatic test pressure, and steel tonnage along a route of location classes.
// Formulas and factors: docs/planning.md §1. All quantities SI (Pa, m, kg); pressures are gauge.
#include <string>
#include <vector>

namespace linepack::design {

/// API 5L line-pipe grade: specified minimum yield and tensile strength.
struct SteelGrade {
  std::string name;  ///< "B", "X42" ... "X80"
  double smys_pa = 0.0;
  double smts_pa = 0.0;
};

/// The grade by name (case-insensitive, "L485"-style names not accepted). Throws
/// std::invalid_argument naming the grade and the known ones when it is unknown.
SteelGrade steel_grade(const std::string& name);
/// The names steel_grade() knows, weakest first.
std::vector<std::string> steel_grade_names();

/// ASME B31.8 location class (Table 841.1.6-1): "1.1" (class 1 division 1), "1.2", "2", "3", "4".
/// Throws std::invalid_argument for another label.
double b318_design_factor(const std::string& location_class);

/// ASME B31.8 temperature derating factor T (Table 841.1.8-1), linear between the tabulated
/// temperatures; 1.0 up to 121 degC (250 degF). Throws std::invalid_argument above 232 degC.
double b318_temperature_factor(double temperature_k);

struct B318Factors {
  double design_factor = 0.72;  ///< F, (0, 1]
  double joint_factor = 1.0;    ///< E, longitudinal joint (1.0 for seamless, ERW, SAW)
  double temperature_factor = 1.0;  ///< T
};

/// Throws std::invalid_argument unless 0 < F <= 1, 0 < E <= 1, 0 < T <= 1.
void check(const B318Factors& f);

/// Barlow with B31.8's factors: t = P D / (2 S F E T) (ASME B31.8 §841.1.1), the pressure-design
/// wall before allowances. P gauge, D outside diameter.
double b318_wall_thickness_m(double design_pressure_pa, double outside_diameter_m,
                             const SteelGrade& grade, const B318Factors& f);
/// The inverse: P = 2 S t F E T / D for a wall t (the allowances already taken off).
double b318_max_pressure_pa(double wall_m, double outside_diameter_m, const SteelGrade& grade,
                            const B318Factors& f);

/// ISO 13623 §6.4.2.2: hoop stress p (D - t) / (2 t) <= f_h SMYS, so t = p D / (2 f_h SMYS + p).
/// f_h is the hoop-stress design factor for the location class (ISO 13623 Table 5), given by the
/// caller in (0, 1].
double iso13623_wall_thickness_m(double design_pressure_pa, double outside_diameter_m,
                                 const SteelGrade& grade, double hoop_design_factor);
double iso13623_max_pressure_pa(double wall_m, double outside_diameter_m, const SteelGrade& grade,
                                double hoop_design_factor);

/// ASME B31.8 Table 841.3.2-1, water test: the minimum test pressure as a multiple of the design
/// pressure for a location class (1.25 class 1 div 1 and class 2; 1.1 class 1 div 2; 1.4 classes
/// 3 and 4).
double b318_hydrotest_factor(const std::string& location_class);

/// The nominal wall of a pipe: the pressure wall plus a corrosion allowance, divided by
/// (1 - mill tolerance), rounded up to `step_m`.
struct WallAllowances {
  double corrosion_allowance_m = 0.0;
  double mill_tolerance = 0.0;  ///< fraction, e.g. 0.125 [ASME B31.8 does not require it]
  double step_m = 1e-4;         ///< rounding of the nominal wall
};
double nominal_wall_m(double pressure_wall_m, const WallAllowances& a);

/// Steel mass per metre of a pipe: rho pi (D - t) t.
double pipe_mass_kg_per_m(double outside_diameter_m, double wall_m,
                          double steel_density_kg_per_m3 = 7850.0);

/// One stretch of the route in one location class.
struct RouteStretch {
  double length_m = 0.0;
  std::string location_class = "1.2";
  double design_factor = 0.0;  ///< 0: B31.8's factor for the class; else this one (e.g. stricter)
};

struct StretchDesign {
  RouteStretch stretch;
  double design_factor = 0.0;
  double pressure_wall_m = 0.0;  ///< before allowances
  double nominal_wall_m = 0.0;
  double mass_kg = 0.0;
  double hydrotest_pressure_pa = 0.0;  ///< gauge
  double hydrotest_hoop_smys = 0.0;    ///< hoop stress at the test pressure / SMYS (nominal wall)
};

struct PipeDesign {
  double outside_diameter_m = 0.0;
  SteelGrade grade;
  double design_pressure_pa = 0.0;
  std::vector<StretchDesign> stretches;
  double steel_mass_kg = 0.0;
  double length_m = 0.0;
  double thickest_wall_m = 0.0;
  double inner_diameter_m = 0.0;  ///< the hydraulic bore: with the longest stretch's nominal wall
};

/// Walls, tonnage and test pressures along a route (B31.8 with the class's design factor, the
/// given joint and temperature factors). Throws std::invalid_argument for bad input (no
/// stretches, non-positive length, pressure or diameter, a wall that leaves no bore).
PipeDesign design_pipe(double design_pressure_pa, double outside_diameter_m,
                       const SteelGrade& grade, const std::vector<RouteStretch>& route,
                       double joint_factor = 1.0, double temperature_factor = 1.0,
                       const WallAllowances& allowances = {});

/// Outside diameter of a nominal pipe size: NPS x 25.4 mm (NPS 14 and above, ASME B36.10M).
double outside_diameter_of_nps_m(double nps_inch);

}  // namespace linepack::design
