#include "linepack/steady/thermal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "linepack/physics/compressor_equation.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::steady {
namespace {

constexpr double max_segment_m = 2000.0;  // march step along a pipe
constexpr std::size_t max_segments = 2000;
constexpr double no_flow_kg_per_s = 1e-9;  // below this an element carries no heat

enum Kind : std::size_t { pipe = 0, short_pipe, resistor, valve, control_valve, compressor };

}  // namespace

SegmentTemperature segment_temperature(double t_in_k, double t_ground_k, double a_per_m,
                                       double b_k_per_m, double length_m) {
  // T(s) = T_inf + (T_in - T_inf) e^{-a s}, T_inf = T_ground + b / a; written with
  // f = 1 - e^{-a L}, g = f / a and h = (L - g) / a so that a = 0 (insulated) and a = infinity
  // (gas at ground temperature) are regular:
  //   T(L) = T_in + (T_ground - T_in) f + b g,   mean = T_in + (T_ground - T_in)(1 - g/L) + b h/L.
  const double y = a_per_m * length_m;
  double f, g, h;
  if (std::isinf(y)) {
    f = 1.0, g = 0.0, h = 0.0;
  } else if (y < 1e-4) {
    f = y * (1.0 - 0.5 * y), g = length_m * (1.0 - 0.5 * y + y * y / 6.0);
    h = length_m * length_m * (0.5 - y / 6.0 + y * y / 24.0);
  } else {
    f = -std::expm1(-y), g = f / a_per_m, h = (length_m - g) / a_per_m;
  }
  const double dt_ground = t_ground_k - t_in_k;
  return {t_in_k + dt_ground * f + b_k_per_m * g,
          t_in_k + dt_ground * (1.0 - g / length_m) + b_k_per_m * h / length_m};
}

namespace {

/// Marches pipe i from its upstream end; fills the profile (stored from the from-node).
struct PipeMarch {
  double outlet_k, mean_k;
};

PipeMarch march_pipe(const model::Network& net, const model::Pipe& pipe,
                     const physics::GasThermo& thermo,
                     double p_in, double p_out, double dz_m, double mass_flow, double t_in,
                     PipeTemperatureProfile& profile) {
  const double length = pipe.length_m;
  const double u = model::heat_transfer_coefficient_w_per_m2_k(net.physics, pipe);
  const double t_ground = model::ground_temperature_k(net.physics, pipe);
  const double perimeter_u = u * units::pi * pipe.diameter_m;  // W/(m K); inf stays inf
  const std::size_t n = std::clamp<std::size_t>(
      static_cast<std::size_t>(std::ceil(length / max_segment_m)), 1, max_segments);
  const double dx = length / double(n);
  // Pressure along the pipe: p^2 falls linearly in x for the ideal gas without elevation (for a
  // real gas, Pi(p) does; the difference in the Joule-Thomson term is of second order).
  auto pressure_at = [&](double x) {
    return std::sqrt(std::max(p_in * p_in + (p_out * p_out - p_in * p_in) * (x / length), 0.0));
  };
  const double g_dz_dx = units::gravity_m_per_s2 * dz_m / length;
  double t = t_in, p = p_in, integral = 0.0;
  auto& xs = profile.position_m;
  auto& ts = profile.temperature_k;
  xs.resize(n + 1);
  ts.resize(n + 1);
  xs[0] = 0.0, ts[0] = t;
  for (std::size_t k = 0; k < n; ++k) {
    const double p_next = pressure_at(double(k + 1) * dx);
    const double dp_dx = (p_next - p) / dx;
    auto coefficients = [&](double pm, double tm) {
      const auto props = thermo.at(pm, tm);
      const double a = perimeter_u / (mass_flow * props.cp_j_per_kg_k);
      const double b = props.joule_thomson_k_per_pa * dp_dx - g_dz_dx / props.cp_j_per_kg_k;
      return std::pair{a, b};
    };
    // Coefficients at the segment's mean pressure and inlet temperature; where the temperature
    // changes by more than 0.1 K over the segment, again at its midpoint state
    // (predictor-corrector, second order in dx for coefficients that vary with T).
    const double p_mid = 0.5 * (p + p_next);
    auto [a0, b0] = coefficients(p_mid, t);
    auto seg = segment_temperature(t, t_ground, a0, b0, dx);
    if (std::abs(seg.outlet_k - t) > 0.1) {
      auto [a1, b1] = coefficients(p_mid, 0.5 * (t + seg.outlet_k));
      seg = segment_temperature(t, t_ground, a1, b1, dx);
    }
    integral += seg.mean_k * dx;
    t = seg.outlet_k;
    p = p_next;
    xs[k + 1] = double(k + 1) * dx, ts[k + 1] = t;
  }
  return {t, integral / length};
}

}  // namespace

ThermalState solve_temperatures(const model::Network& net, const NetworkEquations& eq,
                                std::span<const double> x, const physics::GasThermo& thermo) {
  const std::size_t n = eq.node_count();
  const auto& kinds = eq.kinds();
  std::size_t element_count = 0;
  for (const auto& k : kinds) element_count += k->size();
  ThermalState s;
  const double t_default = model::ground_temperature_k(net.physics, model::Pipe{});
  s.node_temperature_k.assign(n, t_default);
  s.element_from_k.assign(element_count, t_default);
  s.element_to_k.assign(element_count, t_default);
  s.pipe_mean_k.assign(net.pipes.size(), t_default);
  s.pipe_profiles.assign(net.pipes.size(), {});
  s.compressor_discharge_k.assign(net.compressors.size(), 0.0);
  s.cooler_duty_w.assign(net.compressors.size(), 0.0);
  s.compressor_power_w.assign(net.compressors.size(), 0.0);

  // Directed flow graph: element e flows from upstream node up[e] to down[e].
  struct Edge {
    std::size_t kind, index, global, up, down;
    double flow;  // > 0
  };
  std::vector<Edge> edges;
  std::vector<std::vector<std::size_t>> out_edges(n);
  std::vector<std::size_t> in_degree(n, 0);
  std::size_t global = 0;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    for (std::size_t e = 0; e < kinds[k]->size(); ++e, ++global) {
      const double q = x[n + eq.offset(k) + e];
      if (!(std::abs(q) > no_flow_kg_per_s)) continue;
      const std::size_t f = kinds[k]->from(e), t = kinds[k]->to(e);
      Edge edge{k, e, global, q > 0 ? f : t, q > 0 ? t : f, std::abs(q)};
      out_edges[edge.up].push_back(edges.size());
      ++in_degree[edge.down];
      edges.push_back(edge);
    }
  }
  // Topological order of the nodes (Kahn); nodes on flow cycles follow in network order and are
  // settled by repeated sweeps.
  std::vector<std::size_t> order;
  order.reserve(n);
  std::size_t first_cyclic = n;  // order[first_cyclic..] are on or behind flow cycles
  {
    std::vector<std::size_t> deg = in_degree;
    for (std::size_t i = 0; i < n; ++i)
      if (deg[i] == 0) order.push_back(i);
    for (std::size_t h = 0; h < order.size(); ++h)
      for (std::size_t ei : out_edges[order[h]])
        if (--deg[edges[ei].down] == 0) order.push_back(edges[ei].down);
    if (order.size() < n) {
      // Nodes on or behind a flow cycle (elevation lets gas flow toward higher pressure, and
      // lossless elements carry small regularised flows): by falling pressure, which is the
      // flow order almost everywhere, so that the sweeps below settle quickly.
      std::vector<bool> placed(n, false);
      for (std::size_t i : order) placed[i] = true;
      first_cyclic = order.size();
      for (std::size_t i = 0; i < n; ++i)
        if (!placed[i]) order.push_back(i);
      std::stable_sort(order.begin() + first_cyclic, order.end(),
                       [&](std::size_t a, std::size_t b) { return x[a] > x[b]; });
    }
  }

  // Enthalpy balance at each node: sum of m cp T over the inflows (elements and supplies).
  std::vector<double> edge_outlet_k(edges.size(), t_default);
  std::vector<std::vector<std::size_t>> in_edges(n);
  for (std::size_t ei = 0; ei < edges.size(); ++ei) in_edges[edges[ei].down].push_back(ei);
  auto node_temperature = [&](std::size_t i) {
    const double p = x[i];
    double m_cp_t = 0.0, m_cp = 0.0;
    auto add = [&](double m, double t) {
      const double cp = thermo.at(p, t).cp_j_per_kg_k;
      m_cp_t += m * cp * t;
      m_cp += m * cp;
    };
    for (std::size_t ei : in_edges[i]) add(edges[ei].flow, edge_outlet_k[ei]);
    // Supply: a flow-boundary node with negative withdrawal, or a pressure-fixed node whose
    // elements carry gas away (its net outflow enters from outside).
    double supply = 0.0;
    if (eq.pressure_fixed(i)) {
      for (std::size_t ei : out_edges[i]) supply += edges[ei].flow;
      for (std::size_t ei : in_edges[i]) supply -= edges[ei].flow;
    } else {
      supply = -eq.withdrawal(i);
    }
    if (supply > no_flow_kg_per_s) add(supply, model::supply_temperature_k(net.physics, net.nodes[i]));
    return m_cp > 0.0 ? m_cp_t / m_cp : t_default;
  };

  auto element_outlet = [&](const Edge& e, double t_in) {
    const double p_up = x[e.up], p_down = x[e.down];
    switch (e.kind) {
      case pipe: {
        const auto& p = net.pipes[e.index];
        const double dz = net.nodes[e.down].elevation_m - net.nodes[e.up].elevation_m;
        PipeTemperatureProfile profile;
        const auto march = march_pipe(net, p, thermo, p_up, p_down, dz, e.flow, t_in, profile);
        if (e.up != kinds[pipe]->from(e.index)) {  // stored from the from-node
          std::reverse(profile.temperature_k.begin(), profile.temperature_k.end());
          for (double& pos : profile.position_m) pos = p.length_m - pos;
          std::reverse(profile.position_m.begin(), profile.position_m.end());
        }
        s.pipe_profiles[e.index] = std::move(profile);
        s.pipe_mean_k[e.index] = march.mean_k;
        return march.outlet_k;
      }
      case compressor: {
        const auto& c = net.compressors[e.index];
        if (c.state != model::ControlState::active || !(p_down > p_up))
          return thermo.isenthalpic_outlet_k(p_up, t_in, p_down);
        const auto comp = thermo.compress(p_up, t_in, p_down, c.efficiency, c.polytropic);
        double t_out = comp.discharge_temperature_k;
        s.compressor_discharge_k[e.index] = t_out;
        // Shaft power at the actual suction temperature: the real-gas enthalpy rise where the
        // equation of state gives one, else the station formula of physics.md (as isothermal).
        s.compressor_power_w[e.index] =
            thermo.real_gas_caloric()
                ? e.flow * comp.specific_work_j_per_kg
                : physics::compressor_shaft_power_w(e.flow, p_up, p_down,
                                                    thermo.z_factor(p_up, t_in),
                                                    net.physics.gas.specific_gas_constant(), t_in,
                                                    net.physics.gas.isentropic_exponent,
                                                    c.efficiency, c.polytropic);
        if (c.cooler_outlet_temperature_k && t_out > *c.cooler_outlet_temperature_k) {
          const double needed =
              e.flow * -thermo.enthalpy_change_j_per_kg(p_down, t_out, *c.cooler_outlet_temperature_k);
          const double duty = std::min(needed, c.cooler_duty_max_w);
          s.cooler_duty_w[e.index] = duty;
          t_out = duty < needed ? thermo.temperature_after_j_per_kg(p_down, t_out, -duty / e.flow)
                                : *c.cooler_outlet_temperature_k;
        }
        return t_out;
      }
      default:  // short pipes, valves, regulators, resistors: throttling at constant enthalpy
        return thermo.isenthalpic_outlet_k(p_up, t_in, p_down);
    }
  };

  // One pass in topological order settles every node before first_cyclic; the rest (Gauss-Seidel
  // sweeps) until no temperature changes by more than 1e-7 K.
  const int sweeps = first_cyclic < n ? 200 : 1;
  for (int sweep = 0; sweep < sweeps; ++sweep) {
    double change = 0.0;
    for (std::size_t h = sweep == 0 ? 0 : first_cyclic; h < n; ++h) {
      const std::size_t i = order[h];
      const double t = node_temperature(i);
      change = std::max(change, std::abs(t - s.node_temperature_k[i]));
      s.node_temperature_k[i] = t;
      for (std::size_t ei : out_edges[i]) edge_outlet_k[ei] = element_outlet(edges[ei], t);
    }
    if (change < 1e-7) break;
  }
  for (std::size_t ei = 0; ei < edges.size(); ++ei) {
    const Edge& e = edges[ei];
    const bool forward = e.up == kinds[e.kind]->from(e.index);
    (forward ? s.element_from_k : s.element_to_k)[e.global] = s.node_temperature_k[e.up];
    (forward ? s.element_to_k : s.element_from_k)[e.global] = edge_outlet_k[ei];
  }
  // Elements without flow: gas at rest takes the ground temperature (pipes) or its nodes'.
  global = 0;
  for (std::size_t k = 0; k < kinds.size(); ++k)
    for (std::size_t e = 0; e < kinds[k]->size(); ++e, ++global) {
      if (std::abs(x[n + eq.offset(k) + e]) > no_flow_kg_per_s) continue;
      if (k == pipe) {
        const double tg = model::ground_temperature_k(net.physics, net.pipes[e]);
        s.element_from_k[global] = s.element_to_k[global] = s.pipe_mean_k[e] = tg;
        s.pipe_profiles[e] = {{0.0, net.pipes[e].length_m}, {tg, tg}};
      } else {
        s.element_from_k[global] = s.node_temperature_k[kinds[k]->from(e)];
        s.element_to_k[global] = s.node_temperature_k[kinds[k]->to(e)];
      }
    }
  return s;
}

}  // namespace linepack::steady
