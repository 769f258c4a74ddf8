#pragma once
// Least-cost design of a single line: the diameter, the compressor stations (how many and at
// which candidate sites) and their common discharge pressure that minimise the levelised cost
// of transport for a throughput; a phased path (stations added for a later, larger throughput);
// and the least-power operating point of a given design. Method and its limits:
// docs/planning.md §3.
#include <string>
#include <vector>

#include "linepack/design/economics.hpp"
#include "linepack/design/line_design.hpp"
#include "linepack/design/mechanical.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::design {

struct LeastCostOptions {
  std::vector<double> nps_inch;              ///< candidate diameters (NPS, inch)
  std::vector<std::string> candidate_sites;  ///< route points where a station may go (the first
                                             ///< route point: a head station)
  int max_stations = 4;
  double discharge_min_pa = 0.0;  ///< lower end of the discharge search (default: supply)
  double discharge_max_pa = 0.0;  ///< upper end (default: spec.discharge_max_pa)
  double discharge_tolerance_pa = 1e3;
  // Mechanical design of the candidate pipes.
  SteelGrade grade;
  double design_pressure_pa = 0.0;  ///< gauge; MAOP
  std::vector<RouteStretch> location_classes;  ///< the route's stretches (their lengths sum to
                                               ///< the line's length)
  WallAllowances allowances;
  CostModel cost;
};

/// One evaluated design.
struct DesignCandidate {
  double nps_inch = 0.0;
  double inner_diameter_m = 0.0;
  std::vector<std::string> sites;
  double discharge_pa = 0.0;
  LineOperation operation;
  CostBreakdown cost;
  double steel_mass_kg = 0.0;
  bool feasible = false;
};

/// The pipe of a candidate diameter (walls by location class; bore from the thickest wall).
PipeDesign candidate_pipe(const LeastCostOptions& options, double nps_inch);

/// Evaluates one design: the pipe of `nps_inch` (options' grade, design pressure, classes), the
/// stations at `sites` discharging at `discharge_pa`, and its cost. Infeasible designs are
/// returned with feasible = false and the operation's message.
DesignCandidate evaluate_design(const LineSpec& spec, const LeastCostOptions& options,
                                double nps_inch, const std::vector<std::string>& sites,
                                double discharge_pa, double throughput_kg_per_s);

/// For fixed diameter and sites: the discharge pressure of least levelised cost in
/// [discharge_min, discharge_max] (the lowest feasible one found by bisection, as every pressure
/// rises with the discharge; then a scan and golden-section refinement of the cost above it).
DesignCandidate best_operation(const LineSpec& spec, const LeastCostOptions& options,
                               double nps_inch, const std::vector<std::string>& sites,
                               double throughput_kg_per_s);

/// Every station set of at most max_stations candidate sites (including none), per diameter,
/// each at its best discharge: the least levelised cost. `evaluated` (optional) receives the
/// best candidate of every diameter and site set.
DesignCandidate least_cost_design(const LineSpec& spec, const LeastCostOptions& options,
                                  double throughput_kg_per_s,
                                  std::vector<DesignCandidate>* evaluated = nullptr);

/// A two-phase path: throughput_1 from year 0, throughput_2 from `phase_2_year`, stations added
/// (never removed) and the pipe fixed. Levelised cost = present value of all costs / present
/// value of the energy delivered over the life.
struct PhasedPlan {
  bool feasible = false;
  double nps_inch = 0.0;
  DesignCandidate phase_1, phase_2;
  std::vector<std::string> added_sites;
  double pv_cost_usd = 0.0;
  double levelised_usd_per_mmbtu = 0.0;
};
PhasedPlan phased_design(const LineSpec& spec, const LeastCostOptions& options,
                         double throughput_1_kg_per_s, double throughput_2_kg_per_s,
                         double phase_2_year);

/// The least-power operating point of a given design with the steady solver: the compressors in
/// `active` run at one common outlet pressure (others bypassed), chosen in [p_low, p_high] to
/// minimise the total shaft power among feasible states (every bound kept). Returns the result
/// at that pressure; `discharge_pa` receives it. Infeasible even at p_high: returns that result.
steady::SteadyResult least_power_operation(const model::Network& network,
                                           const model::Scenario& scenario,
                                           const std::vector<std::string>& active, double p_low,
                                           double p_high, double& discharge_pa);

}  // namespace linepack::design
