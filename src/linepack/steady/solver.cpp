#include "linepack/steady/solver.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <cmath>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "linepack/model/validation.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/pipe_equation.hpp"
#include "linepack/steady/control_loop.hpp"
#include "linepack/steady/infeasibility_certificate.hpp"
#include "linepack/steady/lossless_conflicts.hpp"
#include "linepack/steady/network_equations.hpp"
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
        const double area = pipes->coefficients(e).area_m2;
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
    // Below surge the units recycle: the machines compress the surge flow (docs/physics.md).
    const double machine_flow =
        r.mass_flow_kg_per_s > 0.0
            ? std::max(r.mass_flow_kg_per_s, cs.surge_volume_flow_m3_per_s * eos.density(pf))
            : r.mass_flow_kg_per_s;
    r.shaft_power_w = physics::compressor_shaft_power_w(
        machine_flow, pf, pt, eos.z_factor(pf), gas.specific_gas_constant(),
        net.physics.temperature_k, gas.isentropic_exponent, cs.efficiency, cs.polytropic);
    // Fuel: heat input P / eta_driver, burnt at the gas's higher heating value per kg.
    const double hhv_j_per_kg = gas.higher_heating_value_j_per_m3 / rho_n;
    r.fuel_kg_per_s = r.shaft_power_w / (cs.driver_efficiency * hhv_j_per_kg);
    result.total_compressor_power_w += r.shaft_power_w;
    result.total_fuel_kg_per_s += r.fuel_kg_per_s;
  }
}

std::span<const double> regulator_flows(const NetworkEquations& eq, std::span<const double> x) {
  return x.subspan(eq.node_count() + eq.offset(4), eq.kinds()[4]->size());
}
std::span<const double> station_flows(const NetworkEquations& eq, std::span<const double> x) {
  return x.subspan(eq.node_count() + eq.offset(5), eq.kinds()[5]->size());
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

  // Active regulators and stations: the control loop picks each one's held equation (setpoint
  // or binding limit) and the network is solved again, warm, until no hold changes.
  ControlLoop control(network, scenario, topology, options.hold_limits, options.withdraw_fuel);
  control.set_trace(options.newton.trace);
  std::vector<double> x;
  numerics::NewtonReport report;
  // A setpoint that lossless connections contradict: no Newton (it would chase an unbounded
  // circulating flow), a message that names the elements.
  const auto conflict =
      find_lossless_conflict(control.network(), control.scenario(), control.topology());
  // The equations are built once; each round takes the new holds in place (same pattern and
  // linear solver) and starts from the last round's state.
  NetworkEquations equations(control.network(), control.scenario(), control.topology());
  x = equations.initial_guess(control.network());
  std::vector<double> x_settled;  // the last converged state
  for (;;) {
    if (conflict) {
      report.residual.assign(x.size(), 0.0);
      equations.residual(x, report.residual);
      const auto w = equations.row_weights();
      for (std::size_t i = 0; i < x.size(); ++i) report.residual[i] *= w[i];
      for (double r : report.residual) report.residual_norm = std::max(report.residual_norm, std::abs(r));
      break;
    }
    report = numerics::solve_newton(equations, x, options.newton, &equations.linear_solver());
    // A state with a pressure <= 0 is no state (network_equations.hpp) either.
    const bool positive = std::all_of(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(equations.node_count()),
                                      [](double v) { return v > 0.0; });
    if ((!report.converged || !positive) && !x_settled.empty() && control.retreat()) {
      // No state for the last switches: take some back and solve again from the last state.
      x = x_settled;
      equations.update_controls(control.network(), control.scenario(), control.topology());
      continue;
    }
    if (report.converged) x_settled = x;
    if (!report.converged || !control.update(std::span<const double>(x).subspan(0, equations.node_count()),
                                               regulator_flows(equations, x), station_flows(equations, x)))
      break;
    equations.update_controls(control.network(), control.scenario(), control.topology());
  }

  if (report.converged)
    control.check_pinned(std::span<const double>(x).subspan(0, equations.node_count()),
                         regulator_flows(equations, x), station_flows(equations, x));
  SteadyResult result;
  result.iterations = report.iterations;
  result.residual_norm = report.residual_norm;
  const auto p = std::span<const double>(x).subspan(0, equations.node_count());
  const std::size_t lowest = static_cast<std::size_t>(std::min_element(p.begin(), p.end()) - p.begin());
  const double p_min = p[lowest];
  const bool finite = std::all_of(x.begin(), x.end(), [](double v) { return std::isfinite(v); });
  if (report.converged && finite && p_min > 0.0) {
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
  fill_nodes(control.network(), equations, x, result);
  fill_elements(control.network(), equations, x, result);
  control.report(result);
  result.violations = find_violations(network, result);
  result.solve_time_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace linepack::steady
