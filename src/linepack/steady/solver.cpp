#include "linepack/steady/solver.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <cmath>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "linepack/model/validation.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/gas_thermo.hpp"
#include "linepack/physics/pipe_equation.hpp"
#include "linepack/physics/station_working_point.hpp"
#include "linepack/steady/control_loop.hpp"
#include "linepack/steady/infeasibility_certificate.hpp"
#include "linepack/steady/lossless_conflicts.hpp"
#include "linepack/steady/network_equations.hpp"
#include "linepack/steady/thermal.hpp"
#include "linepack/steady/violations.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::steady {

std::string to_string(Status status) {
  switch (status) {
    case Status::converged: return "converged";
    case Status::not_converged: return "not_converged";
    case Status::infeasible: return "infeasible";
  }
  return "?";
}

namespace {

/// Newton's tolerance in the control loop's intermediate rounds (weighted residual: 1000 Pa on
/// pressure rows, 0.01 kg/s on flow rows; 1e5x the default final tolerance). Measured on 36
/// variants of GasLib-582 (docs/physics.md §8.1): the same modes and final states as with
/// tight rounds at 1e-4 and at 1e-2, 17 % fewer Newton iterations at 1e-2 than at 1e-4; at
/// 3e-2 one variant takes another path and finds no state in a later round.
constexpr double control_round_tolerance = 1e-2;

void fill_worst_equations(const NetworkEquations& eq, const numerics::NewtonReport& report,
                          SteadyResult& result) {
  std::vector<std::size_t> rows(report.residual.size());
  std::iota(rows.begin(), rows.end(), 0);
  const std::size_t k = std::min<std::size_t>(5, rows.size());
  auto magnitude = [&](std::size_t r) {
    const double v = std::abs(report.residual[r]);
    return std::isnan(v) ? INFINITY : v;
  };
  std::partial_sort(rows.begin(), rows.begin() + k, rows.end(),
                    [&](std::size_t a, std::size_t b) { return magnitude(a) > magnitude(b); });
  for (std::size_t i = 0; i < k; ++i) {
    auto [id, kind] = eq.describe_row(rows[i]);
    result.worst_equations.push_back({id, kind, report.residual[rows[i]]});
  }
}

/// Picard iteration between the hydraulics and the steady energy equation (physics.md): the
/// temperatures of the solved state give each pipe its density factor
/// c = rho(p_m, T_pipe) / rho(p_m, T) = T Z(p_m, T) / (T_pipe Z(p_m, T_pipe)) (T: the network's
/// temperature, T_pipe: the pipe's length-averaged temperature, p_m: its mean pressure), Newton
/// solves the hydraulics again from the last state, until no mean temperature changes by more
/// than the tolerance. Returns the temperatures of the final state, or a reason for failing.
struct Coupled {
  std::optional<ThermalState> state;
  int iterations = 0;         ///< Picard iterations
  int newton_iterations = 0;  ///< of the hydraulic re-solves
  std::string failure;
};

/// Density factor of a pipe at mean pressure pm whose gas is at t instead of t_iso.
double density_factor(const physics::GasThermo& thermo, double pm, double t, double t_iso) {
  return t == t_iso ? 1.0 : t_iso * thermo.z_factor(pm, t_iso) / (t * thermo.z_factor(pm, t));
}

/// Temperatures of the starting point, whose density factors the first Newton solve then uses:
/// it starts closer to the coupled solution than the isothermal one. Empty (factors 1) when the
/// starting point has a pressure that is not positive.
std::vector<double> starting_temperatures(const model::Network& net, NetworkEquations& eq,
                                          std::span<const double> x,
                                          const physics::GasThermo& thermo) {
  const std::size_t n = eq.node_count();
  if (!std::all_of(x.begin(), x.begin() + n, [](double p) { return p > 0.0; })) return {};
  const auto state = solve_temperatures(net, eq, x, thermo);
  auto& pipes = eq.pipe_equations();
  std::vector<double> factors(net.pipes.size());
  for (std::size_t i = 0; i < net.pipes.size(); ++i)
    factors[i] = density_factor(thermo, 0.5 * (x[pipes.from(i)] + x[pipes.to(i)]),
                                state.pipe_mean_k[i], net.physics.temperature_k);
  pipes.set_density_factors(factors);
  return state.pipe_mean_k;
}

Coupled couple_energy_equation(const model::Network& net, NetworkEquations& eq,
                               std::vector<double>& x, numerics::NewtonReport& report,
                               const SteadyOptions& options, const physics::GasThermo& thermo,
                               const std::vector<double>& start_k) {
  Coupled out;
  const double t_iso = net.physics.temperature_k;
  const std::size_t n = eq.node_count();
  const std::size_t np = net.pipes.size();
  std::vector<double> factors(np, 1.0);
  std::vector<double> applied = start_k.empty() ? std::vector<double>(np, t_iso) : start_k;
  std::vector<double> residual(np, 0.0), previous_residual(np, 0.0), previous_g(np, 0.0);
  std::vector<std::vector<double>> history_f, history_g;  // differences of residuals, of G
  auto& pipes = eq.pipe_equations();
  for (out.iterations = 1; out.iterations <= options.max_thermal_iterations; ++out.iterations) {
    const bool positive = std::all_of(x.begin(), x.begin() + n, [](double p) { return p > 0.0; });
    if (!report.converged || !positive) {
      out.failure = fmt::format("the hydraulics did not converge in hydraulic-thermal iteration {}",
                                out.iterations);
      return out;
    }
    out.state = solve_temperatures(net, eq, x, thermo);
    // Settled when the temperatures of this state are those its hydraulics was solved with.
    double change = 0.0;
    for (std::size_t i = 0; i < np; ++i) {
      const double d = std::abs(out.state->pipe_mean_k[i] - applied[i]);
      change = std::max(change, std::isnan(d) ? INFINITY : d);
    }
    if (change <= options.thermal_tolerance_k) return out;
    // Next temperatures for the hydraulics by Anderson acceleration of the fixed-point map
    // T -> G(T) (Walker and Ni, SIAM J. Numer. Anal. 49 (2011) 1715; depth 5): fewer iterations
    // than plain substitution where temperatures and flows feed each other.
    for (std::size_t i = 0; i < np; ++i) residual[i] = out.state->pipe_mean_k[i] - applied[i];
    if (out.iterations > 1) {
      std::vector<double> df(np), dg(np);
      for (std::size_t i = 0; i < np; ++i) {
        df[i] = residual[i] - previous_residual[i];
        dg[i] = out.state->pipe_mean_k[i] - previous_g[i];
      }
      history_f.push_back(std::move(df));
      history_g.push_back(std::move(dg));
      if (history_f.size() > 5) history_f.erase(history_f.begin()), history_g.erase(history_g.begin());
    }
    previous_residual = residual;
    previous_g = out.state->pipe_mean_k;
    std::vector<double> next = out.state->pipe_mean_k;
    if (const std::size_t m = history_f.size(); m > 0) {
      // gamma = argmin |f - dF gamma|: normal equations, slightly regularised, Gauss elimination.
      std::vector<double> a(m * m, 0.0), b(m, 0.0);
      for (std::size_t r = 0; r < m; ++r) {
        for (std::size_t c = 0; c < m; ++c)
          for (std::size_t i = 0; i < np; ++i) a[r * m + c] += history_f[r][i] * history_f[c][i];
        for (std::size_t i = 0; i < np; ++i) b[r] += history_f[r][i] * residual[i];
      }
      double trace = 0.0;
      for (std::size_t r = 0; r < m; ++r) trace += a[r * m + r];
      for (std::size_t r = 0; r < m; ++r) a[r * m + r] += 1e-10 * trace + 1e-300;
      for (std::size_t k = 0; k < m; ++k)
        for (std::size_t r = k + 1; r < m; ++r) {
          const double f = a[r * m + k] / a[k * m + k];
          for (std::size_t c = k; c < m; ++c) a[r * m + c] -= f * a[k * m + c];
          b[r] -= f * b[k];
        }
      std::vector<double> gamma(m, 0.0);
      for (std::size_t k = m; k-- > 0;) {
        double v = b[k];
        for (std::size_t c = k + 1; c < m; ++c) v -= a[k * m + c] * gamma[c];
        gamma[k] = v / a[k * m + k];
      }
      bool finite = true;
      for (std::size_t i = 0; i < np; ++i) {
        for (std::size_t k = 0; k < m; ++k) next[i] -= gamma[k] * history_g[k][i];
        finite = finite && std::isfinite(next[i]) && next[i] > 0.0;
      }
      if (!finite) next = out.state->pipe_mean_k;
    }
    applied = next;
    for (std::size_t i = 0; i < np; ++i) {
      const double t = applied[i];
      const double pm = 0.5 * (x[pipes.from(i)] + x[pipes.to(i)]);
      factors[i] = density_factor(thermo, pm, t, t_iso);
    }
    pipes.set_density_factors(factors);
    report = numerics::solve_newton(eq, x, options.newton, &eq.linear_solver());
    out.newton_iterations += report.iterations;
  }
  out.iterations = options.max_thermal_iterations;
  out.failure = fmt::format("the pipe temperatures did not settle to {} K in {} hydraulic-thermal "
                            "iterations", options.thermal_tolerance_k,
                            options.max_thermal_iterations);
  return out;
}

void fill_nodes(const model::Network& net, const NetworkEquations& eq,
                std::span<const double> x, SteadyResult& result) {
  const std::size_t n = eq.node_count();
  result.nodes.reserve(n);
  std::vector<double> net_inflow(n, 0.0);
  for (std::size_t k = 0; k < eq.kinds().size(); ++k) {
    const auto& kind = *eq.kinds()[k];
    for (std::size_t e = 0; e < kind.size(); ++e) {
      const double q = x[n + eq.offset(k) + e];
      net_inflow[kind.from(e)] -= q;
      net_inflow[kind.to(e)] += q;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& node = net.nodes[i];
    NodeResult r;
    r.id = node.id;
    r.pressure_pa = x[i];
    r.pressure_fixed = eq.pressure_fixed(i);
    r.withdrawal_kg_per_s = r.pressure_fixed ? net_inflow[i] : eq.withdrawal(i);
    r.pressure_min_pa = node.pressure_min_pa;
    r.pressure_max_pa = node.pressure_max_pa;
    r.temperature_k = net.physics.temperature_k;
    if (r.withdrawal_kg_per_s > 0) result.total_withdrawal_kg_per_s += r.withdrawal_kg_per_s;
    else result.total_supply_kg_per_s -= r.withdrawal_kg_per_s;
    result.nodes.push_back(std::move(r));
  }
}

void fill_elements(const model::Network& net, const NetworkEquations& eq,
                   std::span<const double> x, SteadyResult& result) {
  const std::size_t n = eq.node_count();
  const auto& eos = eq.eos();
  const double rho_n = net.physics.gas.normal_density();
  result.normal_density_kg_per_m3 = rho_n;
  result.standard_density_kg_per_m3 = net.physics.gas.standard_density();
  result.higher_heating_value_j_per_kg = net.physics.gas.higher_heating_value_j_per_m3 / rho_n;
  result.elements.reserve(net.element_count());
  const auto* pipes = dynamic_cast<const physics::PipeEquations*>(eq.kinds()[0].get());
  for (std::size_t k = 0; k < eq.kinds().size(); ++k) {
    const auto& kind = *eq.kinds()[k];
    for (std::size_t e = 0; e < kind.size(); ++e) {
      ElementResult r;
      r.id = std::string(kind.id(e));
      r.kind = std::string(kind.kind_name());
      r.from = net.nodes[kind.from(e)].id;
      r.to = net.nodes[kind.to(e)].id;
      const double q = x[n + eq.offset(k) + e];
      const double pf = x[kind.from(e)], pt = x[kind.to(e)];
      r.mass_flow_kg_per_s = q;
      r.volume_flow_normal_m3_per_s = q / rho_n;
      r.pressure_ratio = pf > 0.0 ? pt / pf : 0.0;
      if (k == 0 && pipes) {
        // density factor: 1, or the energy equation's (couple_energy_equation)
        const double area = pipes->coefficients(e).area_m2 * pipes->density_factor(e);
        r.velocity_from_m_per_s = q / (eos.density(pf) * area);
        r.velocity_to_m_per_s = q / (eos.density(pt) * area);
        // Mean pressure of a pipe, 2/3 (p1^3 - p2^3) / (p1^2 - p2^2) (Menon 2005, eq. 2.15),
        // the convention of STANET and pandapipes for the mean velocity.
        const double p_mean =
            pf + pt > 0.0 ? 2.0 / 3.0 * (pf + pt - pf * pt / (pf + pt)) : 0.0;
        r.velocity_mean_m_per_s = q / (eos.density(p_mean) * area);
        r.friction_factor = pipes->friction_factor(e, q);
      }
      result.elements.push_back(std::move(r));
    }
  }
  // Compressor power and fuel (kind 5, same order as network.compressors).
  const std::size_t cs_first = result.elements.size() - net.compressors.size();
  const auto& gas = net.physics.gas;
  for (std::size_t c = 0; c < net.compressors.size(); ++c) {
    const auto& cs = net.compressors[c];
    auto& r = result.elements[cs_first + c];
    if (cs.state != model::ControlState::active) continue;
    const double pf = x[eq.kinds()[5]->from(c)], pt = x[eq.kinds()[5]->to(c)];
    // Fuel burnt at the gas's higher heating value per kg.
    const double hhv_j_per_kg = gas.higher_heating_value_j_per_m3 / rho_n;
    if (cs.station) {
      const physics::StationInlet inlet{pf, net.physics.temperature_k, gas.specific_gas_constant(),
                                        gas.isentropic_exponent,
                                        [&](double p) { return eos.z_factor(p); }, hhv_j_per_kg};
      r.station = physics::station_working_point(*cs.station, inlet, pt, r.mass_flow_kg_per_s);
      r.shaft_power_w = r.station->shaft_power_w;
      r.fuel_kg_per_s = r.station->fuel_kg_per_s;
      result.total_compressor_power_w += r.shaft_power_w;
      result.total_fuel_kg_per_s += r.fuel_kg_per_s;
      continue;
    }
    // Below surge the units recycle: the machines compress the surge flow (docs/physics.md).
    const double machine_flow =
        r.mass_flow_kg_per_s > 0.0
            ? std::max(r.mass_flow_kg_per_s, cs.surge_volume_flow_m3_per_s * eos.density(pf))
            : r.mass_flow_kg_per_s;
    r.shaft_power_w = physics::compressor_shaft_power_w(
        machine_flow, pf, pt, eos.z_factor(pf), gas.specific_gas_constant(),
        net.physics.temperature_k, gas.isentropic_exponent, cs.efficiency, cs.polytropic);
    // Fuel: heat input P / eta_driver.
    r.fuel_kg_per_s = r.shaft_power_w / (cs.driver_efficiency * hhv_j_per_kg);
    result.total_compressor_power_w += r.shaft_power_w;
    result.total_fuel_kg_per_s += r.fuel_kg_per_s;
  }
}

/// What a control round's failed solve found, for the message that names the elements.
std::string no_state_reason(const model::Network& net, const NetworkEquations& eq,
                            const numerics::NewtonReport& report, std::span<const double> x) {
  const auto p = x.subspan(0, eq.node_count());
  const std::size_t low = static_cast<std::size_t>(std::min_element(p.begin(), p.end()) - p.begin());
  if (report.converged)
    return fmt::format("the equations' solution at that hold has '{}' at {:.6g} bar", net.nodes[low].id,
                       p[low] / 1e5);
  return fmt::format("Newton found no solution at that hold ({}, lowest pressure {:.6g} bar at '{}')",
                     report.singular ? "singular Jacobian"
                     : report.stalled ? "line search stalled"
                                      : "iteration limit",
                     p[low] / 1e5, net.nodes[low].id);
}

/// Nodes where a stalled Newton direction is largest, relative to the iterate (pressures
/// against max(|p|, 1 bar), flows against max(|q|, 10 kg/s)): a pressure's node, or a flow's
/// element's two ends. Empty when the line search did not stall.
std::vector<std::size_t> largest_step_nodes(const NetworkEquations& eq,
                                            const numerics::NewtonReport& report,
                                            std::span<const double> x) {
  const auto& dx = report.stalled_direction;
  if (dx.size() != x.size()) return {};
  const std::size_t n = eq.node_count();
  std::size_t best = 0;
  double best_size = -1.0;
  for (std::size_t i = 0; i < dx.size(); ++i) {
    const double size = std::abs(dx[i]) / std::max(std::abs(x[i]), i < n ? 1e5 : 10.0);
    if (size > best_size) best = i, best_size = size;
  }
  if (best < n) return {best};
  const auto branch = eq.branch_of(best);
  if (!branch) return {};
  const auto& kind = *eq.kinds()[branch->first];
  return {kind.from(branch->second), kind.to(branch->second)};
}

std::span<const double> regulator_flows(const NetworkEquations& eq, std::span<const double> x) {
  return x.subspan(eq.node_count() + eq.offset(4), eq.kinds()[4]->size());
}
std::span<const double> station_flows(const NetworkEquations& eq, std::span<const double> x) {
  return x.subspan(eq.node_count() + eq.offset(5), eq.kinds()[5]->size());
}

/// Temperatures, and the compressor power at the actual suction temperature.
void fill_temperatures(const model::Network& net, const ThermalState& t, int iterations,
                       SteadyResult& result) {
  result.energy_equation = true;
  result.thermal_iterations = iterations;
  for (std::size_t i = 0; i < result.nodes.size(); ++i)
    result.nodes[i].temperature_k = t.node_temperature_k[i];
  for (std::size_t e = 0; e < result.elements.size(); ++e) {
    result.elements[e].temperature_from_k = t.element_from_k[e];
    result.elements[e].temperature_to_k = t.element_to_k[e];
  }
  for (std::size_t i = 0; i < net.pipes.size(); ++i) {
    result.elements[i].temperature_mean_k = t.pipe_mean_k[i];
    result.temperature_profiles.push_back(
        {net.pipes[i].id, t.pipe_profiles[i].position_m, t.pipe_profiles[i].temperature_k});
  }
  const std::size_t cs_first = result.elements.size() - net.compressors.size();
  const double hhv_j_per_kg = result.higher_heating_value_j_per_kg;
  result.total_compressor_power_w = result.total_fuel_kg_per_s = 0.0;
  for (std::size_t c = 0; c < net.compressors.size(); ++c) {
    auto& r = result.elements[cs_first + c];
    r.discharge_temperature_k = t.compressor_discharge_k[c];
    r.cooler_duty_w = t.cooler_duty_w[c];
    if (net.compressors[c].state != model::ControlState::active) continue;
    r.shaft_power_w = t.compressor_power_w[c];
    r.fuel_kg_per_s = r.shaft_power_w / (net.compressors[c].driver_efficiency * hhv_j_per_kg);
    result.total_compressor_power_w += r.shaft_power_w;
    result.total_fuel_kg_per_s += r.fuel_kg_per_s;
  }
}

}  // namespace

SteadyResult solve(const model::Network& network_in, const model::Scenario& scenario,
                   const SteadyOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const model::Topology topology = model::validate(network_in, scenario);
  // Copy the network only when controls change it.
  std::optional<model::Network> controlled;
  if (!scenario.controls.empty()) controlled = model::apply_controls(network_in, scenario);
  const model::Network& network = controlled ? *controlled : network_in;

  if (options.start && (options.start->pressure_pa.size() != network.nodes.size() ||
                        options.start->mass_flow_kg_per_s.size() != network.element_count()))
    throw std::invalid_argument(
        "steady start: " + std::to_string(options.start->pressure_pa.size()) + " pressures and " +
        std::to_string(options.start->mass_flow_kg_per_s.size()) + " flows for a network of " +
        std::to_string(network.nodes.size()) + " nodes and " +
        std::to_string(network.element_count()) + " elements");
  // Active regulators and stations: the control loop picks each one's held equation (setpoint
  // or binding limit) and the network is solved again, warm, until no hold changes.
  ControlLoop control(network, scenario, topology, options.hold_limits, options.withdraw_fuel,
                      options.hold_map_limits, options.start.has_value());
  control.set_trace(options.newton.trace);
  std::vector<double> x;
  numerics::NewtonReport report;
  const bool thermal = network.physics.thermal.energy_equation;
  // A setpoint that lossless connections contradict: no Newton (it would chase an unbounded
  // circulating flow), a message that names the elements.
  const auto conflict =
      find_lossless_conflict(control.network(), control.scenario(), control.topology());
  // The equations are built once; each round takes the new holds in place (same pattern and
  // linear solver) and starts from the last round's state.
  NetworkEquations equations(control.network(), control.scenario(), control.topology());
  x = equations.initial_guess(control.network());
  if (options.start) {
    std::copy(options.start->pressure_pa.begin(), options.start->pressure_pa.end(), x.begin());
    std::copy(options.start->mass_flow_kg_per_s.begin(), options.start->mass_flow_kg_per_s.end(),
              x.begin() + static_cast<std::ptrdiff_t>(equations.node_count()));
    control.start_shares(regulator_flows(equations, x), station_flows(equations, x));
    equations.update_controls(control.network(), control.scenario(), control.topology());
  }
  std::vector<double> x_settled;  // the last converged state
  std::optional<physics::GasThermo> thermo;  // energy equation only
  std::vector<double> start_k;
  if (thermal && !conflict) {
    thermo.emplace(control.network().physics);
    start_k = starting_temperatures(control.network(), equations, x, *thermo);
  }
  // Loose intermediate rounds only where modes switch on limits and nothing else is iterated
  // with them (the fuel withdrawals compare states to 1e-10).
  const bool loose_rounds = control.switches_on_limits() && !options.withdraw_fuel;
  bool final_round = false;
  bool out_of_time = false;  // options.deadline passed before the modes settled
  int rounds = 0, newton_total = 0;  // every Newton solve of the loop, and all their iterations
  for (;;) {
    if (options.deadline && !x_settled.empty() &&
        std::chrono::steady_clock::now() > *options.deadline) {
      out_of_time = true;
      break;
    }
    if (conflict) {
      report.residual.assign(x.size(), 0.0);
      equations.residual(x, report.residual);
      const auto w = equations.row_weights();
      for (std::size_t i = 0; i < x.size(); ++i) report.residual[i] *= w[i];
      for (double r : report.residual) report.residual_norm = std::max(report.residual_norm, std::abs(r));
      break;
    }
    // Rounds whose state only decides the next modes stop at a looser residual; the state the
    // modes settle in is then solved to the full tolerance and checked once more (§8.1).
    numerics::NewtonOptions round_options = options.newton;
    if (loose_rounds && !final_round)
      round_options.tolerance = std::max(options.newton.tolerance, control_round_tolerance);
    // After the first state, a round without one is taken back (ControlLoop::retreat): a
    // singular, inconsistent Newton system there is not worth thirty trial steps, nor a crawl of
    // tiny steps through the iteration limit (physics.md §8.1 step 4).
    if (!x_settled.empty()) {
      round_options.few_backtracks_when_inconsistent = true;
      round_options.stagnant_steps_limit = 3;
    }
    // A caller's deadline also stops a round's Newton (GasLib-4197: a round can take seconds).
    round_options.deadline = options.deadline;
    const int loose_iterations = final_round ? report.iterations : 0;
    report = numerics::solve_newton(equations, x, round_options, &equations.linear_solver());
    ++rounds;
    newton_total += report.iterations;
    report.iterations += loose_iterations;
    if (report.past_deadline) {
      out_of_time = true;
      break;
    }
    // A state with a pressure <= 0 is no state (network_equations.hpp) either.
    const bool positive = std::all_of(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(equations.node_count()),
                                      [](double v) { return v > 0.0; });
    if ((!report.converged || !positive) && !final_round && !x_settled.empty()) {
      // No state for the last switches: take some back and solve again from the last state;
      // when nothing is left to take back, end at the last state found (modes not settled),
      // solved to the full tolerance.
      const std::string why = no_state_reason(control.network(), equations, report, x);
      const bool retreated = control.retreat(why, largest_step_nodes(equations, report, x));
      if (!retreated) control.give_up(why);
      x = x_settled;
      equations.update_controls(control.network(), control.scenario(), control.topology());
      if (retreated) continue;
      report = numerics::solve_newton(equations, x, options.newton, &equations.linear_solver());
      ++rounds;
      newton_total += report.iterations;
      break;
    }
    if (report.converged) x_settled = x;
    if (!report.converged) break;
    const bool changed = control.update(std::span<const double>(x).subspan(0, equations.node_count()),
                                        regulator_flows(equations, x), station_flows(equations, x));
    if (!changed && loose_rounds && !final_round) {
      final_round = true;  // the same holds, to the full tolerance
      continue;
    }
    if (!changed) break;
    // Held map limits that only moved with the working point settle from states solved to the
    // full tolerance: a loose round's state (GasLib-4197: residual 5e-3) moves them by 1e-6.
    final_round = loose_rounds && control.limits_only();
    equations.update_controls(control.network(), control.scenario(), control.topology());
    equations.set_linear_pressure_steps(true);
  }

  if (report.converged && !out_of_time)
    control.check_pinned(std::span<const double>(x).subspan(0, equations.node_count()),
                         regulator_flows(equations, x), station_flows(equations, x));
  Coupled coupled;
  int hydraulic_iterations = report.iterations;
  if (thermal && !conflict && !out_of_time) {
    coupled = couple_energy_equation(control.network(), equations, x, report, options, *thermo, start_k);
    hydraulic_iterations += coupled.newton_iterations;
    newton_total += coupled.newton_iterations;
  }

  SteadyResult result;
  result.iterations = hydraulic_iterations;
  result.newton_iterations_total = newton_total;
  result.control_rounds = rounds;
  result.residual_norm = report.residual_norm;
  const auto p = std::span<const double>(x).subspan(0, equations.node_count());
  const std::size_t lowest = static_cast<std::size_t>(std::min_element(p.begin(), p.end()) - p.begin());
  const double p_min = p[lowest];
  const bool finite = std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
  if (report.converged && finite && p_min > 0.0 && !coupled.failure.empty()) {
    result.status = Status::not_converged;
    result.message = "numerical failure of the energy equation: " + coupled.failure;
  } else if (report.converged && finite && p_min > 0.0) {
    result.status = Status::converged;
  } else if (report.converged && finite) {
    // Newton solved the equations continued to p <= 0 (network_equations.hpp): a proof of
    // infeasibility where the certificate's argument holds, else only a diagnosis.
    const auto obstacle = certificate_obstacle(network, equations);
    if (!obstacle && p_min < -options.certificate_margin_pa) {
      result.status = Status::infeasible;
      result.certificate = negative_potential_certificate(network, equations, x);
      result.message = "no state with positive pressures exists: " + result.certificate->explanation;
    } else {
      result.status = Status::not_converged;
      result.message = fmt::format(
          "no state with positive pressures found: Newton solved the equations continued to "
          "negative pressures in {} iterations, lowest {:.6g} bar at '{}'; this is not a proof of "
          "infeasibility ({})",
          report.iterations, p_min / 1e5, network.nodes[lowest].id,
          obstacle ? "the argument does not cover this network: " + *obstacle
                   : "the lowest pressure is within the certificate's margin of zero");
    }
  } else if (conflict) {
    result.status = Status::not_converged;
    result.message = *conflict + "; not solved (not a proof of infeasibility: with exact lossless "
                                 "connections no state exists, the solver's regularised ones would "
                                 "need an unbounded flow)";
  } else {
    result.status = Status::not_converged;
    const char* why = report.singular ? "the Jacobian is singular (an element or node is not determined)"
                      : !finite       ? "the iterate is not finite"
                      : report.stalled ? "the line search found no decrease of the residual"
                                       : "the iteration limit was reached";
    result.message = fmt::format(
        "numerical failure, not a proof of infeasibility: Newton stopped after {} iterations with "
        "residual {:.3g} ({}); lowest pressure at the last iterate {:.6g} bar at '{}'",
        report.iterations, report.residual_norm, why, p_min / 1e5, network.nodes[lowest].id);
  }
  if (result.status != Status::converged) fill_worst_equations(equations, report, result);
  if (result.status == Status::converged && !control.settled()) {
    result.status = Status::not_converged;
    result.message = control.message();
  }
  if (out_of_time) {  // the last round's modes were not checked: never converged
    result.status = Status::not_converged;
    result.message = fmt::format(
        "stopped at the deadline after {} control rounds, before the regulators' and stations' "
        "modes settled (not a proof of infeasibility)",
        control.rounds());
  }
  fill_nodes(control.network(), equations, x, result);
  fill_elements(control.network(), equations, x, result);
  control.report(result);
  if (coupled.state) fill_temperatures(control.network(), *coupled.state, coupled.iterations, result);
  result.violations = find_violations(network, result);
  // Map limits of stations with a map: "station_<what>:<unit>" (surge, choke, speed, power).
  for (const auto& e : result.elements)
    if (e.station)
      for (const auto& v : e.station->violations)
        result.violations.push_back(
            {e.id, std::string(map_violation_prefix) + v.what + ":" + v.unit, v.value, v.limit});
  result.solve_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace linepack::steady
