#include "linepack/validation/milp_relaxation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "linepack/physics/pipe_equation.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::validation {
namespace {

struct Arc {
  std::size_t from, to;
};

/// Flows the nomination fixes whatever the control: across a bridge of the network's graph (an
/// element on no cycle) the flow is the nominated withdrawal of the side that holds no pressure
/// reference (mass balance of that side). nullopt where both sides hold one, or off bridges.
std::vector<std::optional<double>> bridge_flows(std::size_t n, const std::vector<Arc>& arcs,
                                                const std::vector<double>& withdrawal,
                                                const std::vector<char>& is_reference) {
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> adj(n);  // (neighbour, arc)
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    adj[arcs[a].from].push_back({arcs[a].to, a});
    adj[arcs[a].to].push_back({arcs[a].from, a});
  }
  std::vector<long> disc(n, -1), low(n, 0);
  std::vector<long> parent_arc(n, -1);
  std::vector<double> sum(n, 0.0);
  std::vector<int> refs(n, 0);
  std::vector<std::size_t> component(n, 0);
  std::vector<double> comp_sum;
  std::vector<int> comp_refs;
  std::vector<std::optional<double>> out(arcs.size());
  std::vector<std::size_t> finished;  // post-order
  long time = 0;
  for (std::size_t root = 0; root < n; ++root) {
    if (disc[root] >= 0) continue;
    const std::size_t c = comp_sum.size();
    comp_sum.push_back(0.0);
    comp_refs.push_back(0);
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};  // (node, next adj)
    disc[root] = low[root] = time++;
    while (!stack.empty()) {
      auto& [v, k] = stack.back();
      if (k < adj[v].size()) {
        const auto [w, a] = adj[v][k++];
        if (static_cast<long>(a) == parent_arc[v]) continue;
        if (disc[w] < 0) {
          disc[w] = low[w] = time++;
          parent_arc[w] = static_cast<long>(a);
          stack.push_back({w, 0});
        } else {
          low[v] = std::min(low[v], disc[w]);
        }
        continue;
      }
      const std::size_t done = v;
      stack.pop_back();
      component[done] = c;
      sum[done] += is_reference[done] ? 0.0 : withdrawal[done];
      refs[done] += is_reference[done] ? 1 : 0;
      comp_sum[c] += is_reference[done] ? 0.0 : withdrawal[done];
      comp_refs[c] += is_reference[done] ? 1 : 0;
      finished.push_back(done);
      if (!stack.empty()) {
        const std::size_t u = stack.back().first;
        low[u] = std::min(low[u], low[done]);
        sum[u] += sum[done];
        refs[u] += refs[done];
      }
    }
  }
  for (std::size_t v : finished) {
    const long a = parent_arc[v];
    if (a < 0 || low[v] <= disc[arcs[static_cast<std::size_t>(a)].from == v
                                      ? arcs[static_cast<std::size_t>(a)].to
                                      : arcs[static_cast<std::size_t>(a)].from])
      continue;  // not a bridge
    const Arc& arc = arcs[static_cast<std::size_t>(a)];
    const int inside = refs[v], outside = comp_refs[component[v]] - refs[v];
    double into_v;  // flow from the parent's side into v's subtree
    if (inside == 0) into_v = sum[v];
    else if (outside == 0) into_v = -(comp_sum[component[v]] - sum[v]);
    else continue;
    out[static_cast<std::size_t>(a)] = arc.to == v ? into_v : -into_v;
  }
  return out;
}

/// Elements in series: at a node with exactly two elements, no withdrawal and no pressure
/// reference, mass balance makes their flows equal up to orientation. Union-find with signs.
struct ChainClasses {
  std::vector<std::size_t> root;  ///< per arc
  std::vector<double> sign;       ///< q_arc = sign q_root
};

ChainClasses series_chains(std::size_t n, const std::vector<Arc>& arcs,
                           const std::vector<std::optional<double>>& fixed,
                           const std::vector<double>& withdrawal, const std::vector<char>& ref) {
  std::vector<std::vector<std::size_t>> at(n);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    at[arcs[a].from].push_back(a);
    if (arcs[a].to != arcs[a].from) at[arcs[a].to].push_back(a);
  }
  std::vector<std::size_t> parent(arcs.size());
  std::vector<double> to_parent(arcs.size(), 1.0);
  for (std::size_t a = 0; a < arcs.size(); ++a) parent[a] = a;
  const auto find = [&](std::size_t a) {
    double s = 1.0;
    while (parent[a] != a) {
      s *= to_parent[a];
      a = parent[a];
    }
    return std::pair{a, s};
  };
  for (std::size_t v = 0; v < n; ++v) {
    if (at[v].size() != 2 || ref[v] || withdrawal[v] != 0.0) continue;
    const std::size_t a = at[v][0], b = at[v][1];
    if (fixed[a] || fixed[b] || a == b) continue;
    // Inflow to v: i_a q_a + i_b q_b = 0, so q_b = -i_a i_b q_a.
    const double ia = arcs[a].to == v ? 1.0 : -1.0, ib = arcs[b].to == v ? 1.0 : -1.0;
    const auto [ra, sa] = find(a);
    const auto [rb, sb] = find(b);
    if (ra == rb) continue;
    parent[rb] = ra;
    to_parent[rb] = sb * (-ia * ib) * sa;  // q_rb = sb q_b = sb (-ia ib) sa q_ra
  }
  ChainClasses c;
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    const auto [r, s] = find(a);
    c.root.push_back(r);
    c.sign.push_back(s);
  }
  return c;
}

/// Range of f over [lo, hi] sampled at 65 points, widened by 1e-9 of its size (every function
/// bounded this way here is monotone or smooth in p: Z and the density of the equations of state).
std::pair<double, double> sampled_range(double lo, double hi, const auto& f) {
  double mn = f(lo), mx = mn;
  for (int k = 1; k <= 64; ++k) {
    const double v = f(lo + (hi - lo) * k / 64.0);
    mn = std::min(mn, v);
    mx = std::max(mx, v);
  }
  const double pad = 1e-9 * std::max(std::abs(mn), std::abs(mx)) + 1e-300;
  return {mn - pad, mx + pad};
}

}  // namespace

std::optional<MilpRelaxation> MilpRelaxation::build(const model::Network& net,
                                                    const model::Scenario& scenario,
                                                    double slack_pa, std::string& why) {
  if (net.physics.thermal.energy_equation) {
    why = "the energy equation is on (the relaxation is isothermal)";
    return std::nullopt;
  }
  const std::size_t n = net.nodes.size();
  std::unordered_map<std::string, std::size_t> node;
  for (std::size_t v = 0; v < n; ++v) node.emplace(net.nodes[v].id, v);
  double p_hi = 0.0;
  for (const auto& nd : net.nodes) {
    if (!std::isfinite(nd.pressure_max_pa)) {
      why = fmt::format("node '{}' has no maximum pressure", nd.id);
      return std::nullopt;
    }
    p_hi = std::max(p_hi, nd.pressure_max_pa + slack_pa);
  }
  MilpRelaxation m;
  const gas::EquationOfState eos(net.physics.eos, net.physics.gas, net.physics.temperature_k);
  m.eos_ = eos;
  const double unit = eos.potential(1e5);
  m.potential_unit_ = unit;
  const auto x_of = [&](double p) { return eos.potential(std::max(p, 0.0)) / unit; };
  m.x_hi_ = x_of(p_hi);
  MilpProblem& P = m.problem_;

  // Nominated withdrawals; pressure references balance their component (free supply).
  std::vector<double> w(n, 0.0);
  std::vector<char> ref(n, 0);
  for (const auto& b : scenario.boundaries) {
    const std::size_t v = node.at(b.node);
    if (b.kind == model::NodeBoundary::Kind::pressure) ref[v] = 1;
    else w[v] += b.value;
  }
  double exits = 0.0, entries = 0.0;
  for (std::size_t v = 0; v < n; ++v)
    if (!ref[v]) (w[v] > 0.0 ? exits : entries) += std::abs(w[v]);

  // Node potentials within their bounds relaxed by slack_pa.
  m.node_col_.resize(n);
  m.node_lo_.resize(n);
  m.node_hi_.resize(n);
  for (std::size_t v = 0; v < n; ++v) {
    const auto& nd = net.nodes[v];
    m.node_lo_[v] = x_of(nd.pressure_min_pa - slack_pa);
    m.node_hi_[v] = x_of(nd.pressure_max_pa + slack_pa);
    m.node_col_[v] = P.add_column(m.node_lo_[v], m.node_hi_[v], false);
  }
  const auto X = [&](const std::string& id) { return m.node_col_[node.at(id)]; };
  const auto lo_of = [&](const std::string& id) { return m.node_lo_[node.at(id)]; };
  const auto hi_of = [&](const std::string& id) { return m.node_hi_[node.at(id)]; };
  // Potential change equivalent to slack_pa at the top of the range: the steady check's own
  // 1 Pa tolerances on machine relations stay inside it.
  const double dx_slack = m.x_hi_ - x_of(p_hi - slack_pa);
  // The pipe laws and lossless connections (regularised by 1e-4 Pa per kg/s in the steady
  // solver) hold to 1 Pa at the top of the range.
  const double dx_law = m.x_hi_ - x_of(p_hi - 1.0);

  // Arcs in Edge order, the flows the nomination fixes.
  std::vector<Arc> arcs;
  const auto add_arcs = [&](const auto& elements) {
    for (const auto& e : elements) arcs.push_back({node.at(e.from), node.at(e.to)});
  };
  add_arcs(net.pipes);
  add_arcs(net.short_pipes);
  add_arcs(net.resistors);
  add_arcs(net.valves);
  add_arcs(net.control_valves);
  add_arcs(net.compressors);
  const auto fixed = bridge_flows(n, arcs, w, ref);
  // Flow bound: a path from supply to demand carries at most the total supply; gas circulating
  // around a cycle must pass an active station (potential falls along pipes, resistors and
  // regulators), at most its flow limit and, without one, at most the throughput (docs).
  const double throughput = exits + entries;
  double q_max = throughput;
  for (std::size_t i = 0; i < net.compressors.size(); ++i) {
    const std::size_t a = arcs.size() - net.compressors.size() + i;
    if (!fixed[a]) q_max += std::min(net.compressors[i].flow_max_kg_per_s, throughput);
  }
  q_max = std::max(q_max, 1e-6);
  m.q_max_ = q_max;
  // Elements in series through a node that withdraws nothing carry one flow: one column (and
  // one direction binary) per such chain, q_a = sign_a q_chain.
  const ChainClasses chains = series_chains(n, arcs, fixed, w, ref);
  m.flow_col_.resize(arcs.size());
  m.flow_sign_.assign(arcs.size(), 1.0);
  std::vector<int> chain_col(arcs.size(), -1), chain_dir(arcs.size(), -1);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    if (fixed[a]) {
      ++m.fixed_flows_;
      m.flow_col_[a] = P.add_column(*fixed[a], *fixed[a], false);
      continue;
    }
    const std::size_t root = chains.root[a];
    if (chain_col[root] < 0) chain_col[root] = P.add_column(-q_max, q_max, false);
    m.flow_col_[a] = chain_col[root];
    m.flow_sign_[a] = chains.sign[a];
  }
  // The direction binary of arc a's chain (1: the chain's flow >= 0), created once per chain.
  const auto direction_of = [&](std::size_t a) {
    const std::size_t root = chains.root[a];
    if (chain_dir[root] < 0) chain_dir[root] = P.add_column(0.0, 1.0, true);
    return chain_dir[root];
  };
  // A row in which arc a's flow has coefficient cq and its forward indicator f_a (1: q_a >= 0)
  // has coefficient cy: f_a = y or 1 - y by the arc's sign in its chain.
  const auto add_directed_row = [&](std::size_t a, std::vector<std::pair<int, double>> terms,
                                    double cq, double cy, double lower, double upper) {
    const double sg = m.flow_sign_[a];
    if (cq != 0.0) terms.push_back({m.flow_col_[a], sg * cq});
    if (cy != 0.0) {
      const int y = direction_of(a);
      if (sg > 0.0) {
        terms.push_back({y, cy});
      } else {
        terms.push_back({y, -cy});
        lower -= cy;
        upper -= cy;
      }
    }
    P.add_row(std::move(terms), lower, upper);
  };

  // Mass balance at every node but the references.
  std::vector<std::vector<std::pair<int, double>>> balance(n);
  for (std::size_t a = 0; a < arcs.size(); ++a) {
    balance[arcs[a].to].push_back({m.flow_col_[a], m.flow_sign_[a]});
    balance[arcs[a].from].push_back({m.flow_col_[a], -m.flow_sign_[a]});
  }
  for (std::size_t v = 0; v < n; ++v)
    if (!ref[v]) P.add_row(std::move(balance[v]), w[v], w[v]);

  // Pipes: Pi(p_f) e^{-s} - Pi(p_t) = phi(s) (lambda(q) L / D + zeta) q|q| / (2 A^2) (the
  // kernel's law, physics/pipe_equation.hpp), divided by the potential unit.
  std::vector<std::size_t> pf(net.pipes.size()), pt(net.pipes.size());
  for (std::size_t i = 0; i < net.pipes.size(); ++i) {
    pf[i] = arcs[i].from;
    pt[i] = arcs[i].to;
  }
  const physics::PipeEquations kernel(net, pf, pt, eos);
  for (std::size_t i = 0; i < net.pipes.size(); ++i) {
    const auto& pipe = net.pipes[i];
    const auto& c = kernel.coefficients(i);
    const int xf = X(pipe.from), xt = X(pipe.to), q = m.flow_col_[i];
    (void)q;
    // s over the mean pressures the two ends allow (constant for rho proportional to p).
    double s_lo = 0.0, s_hi = 0.0;
    if (c.elevation_change_m != 0.0) {
      const double lo = std::max(std::min(net.nodes[arcs[i].from].pressure_min_pa,
                                          net.nodes[arcs[i].to].pressure_min_pa) - slack_pa, 1.0);
      const double hi = std::max(hi_of(pipe.from), hi_of(pipe.to)) > 0.0
                            ? std::max(net.nodes[arcs[i].from].pressure_max_pa,
                                       net.nodes[arcs[i].to].pressure_max_pa) + slack_pa
                            : lo;
      std::tie(s_lo, s_hi) = sampled_range(lo, hi, [&](double p) {
        const double rho = eos.density(p);
        return units::gravity_m_per_s2 * c.elevation_change_m * rho * rho / eos.potential(p);
      });
    }
    const auto phi = [](double s) { return std::abs(s) < 1e-12 ? 1.0 : -std::expm1(-s) / s; };
    const double e_lo = std::exp(-s_hi), e_hi = std::exp(-s_lo);  // e^{-s} in [e_lo, e_hi]
    const double phi_min = phi(s_hi), phi_max = phi(s_lo);          // phi decreases in s
    const double inv = 1.0 / (2.0 * c.area_m2 * c.area_m2 * unit);
    const double l_over_d = c.length_m / c.diameter_m;
    if (fixed[i]) {
      const double q0 = *fixed[i];
      const double loss = (kernel.friction_factor(i, q0) * l_over_d + c.loss_coefficient) * inv *
                          q0 * std::abs(q0);
      const double a = std::min(phi_min * loss, phi_max * loss), b = std::max(phi_min * loss, phi_max * loss);
      const double pad = 1e-9 * std::abs(loss) + dx_law;
      // e_hi x_f - x_t >= e^{-s} x_f - x_t = phi loss >= a; e_lo x_f - x_t <= b.
      P.add_row({{xf, e_hi}, {xt, -1.0}}, a - pad, model::unbounded);
      P.add_row({{xf, e_lo}, {xt, -1.0}}, -model::unbounded, b + pad);
      continue;
    }
    // Flow cap from the potentials: phi R q^2 <= e_hi x_f,max - x_t,min (either direction).
    const double fwd = e_hi * hi_of(pipe.from) - lo_of(pipe.to);
    const double bwd = hi_of(pipe.to) - e_lo * lo_of(pipe.from);
    double lambda_q = kernel.friction_factor(i, q_max);
    double r_lo = phi_min * (lambda_q * l_over_d + c.loss_coefficient) * inv;
    const double cap = std::sqrt(std::max({fwd, bwd, 0.0}) / r_lo) * (1.0 + 1e-9);
    const double qe = std::min(q_max, cap);
    // lambda over (0, qe]: its least value (tangent cuts of the lower law) and the largest
    // lambda q (the secant of the upper law: lambda q is non-decreasing for these laws, so
    // lambda(q) q^2 <= max(lambda q) |q| on [0, qe]).
    double lambda_min = model::unbounded, lambda_q_max = 0.0;
    for (int k = 0; k <= 48; ++k) {
      const double qk = qe * std::pow(2.0, -0.5 * k);
      const double lam = kernel.friction_factor(i, qk);
      lambda_min = std::min(lambda_min, lam);
      lambda_q_max = std::max(lambda_q_max, lam * qk);
    }
    lambda_min *= 1.0 - 1e-9;
    lambda_q_max *= 1.0 + 1e-9;
    const double a_lo = phi_min * (lambda_min * l_over_d + c.loss_coefficient) * inv;
    const double b_up = phi_max * (lambda_q_max * l_over_d + c.loss_coefficient * qe) * inv;
    // |q| <= qe for the whole chain; y (the forward indicator): q <= qe y, q >= -qe (1 - y).
    auto& lo_q = P.col_lower[static_cast<std::size_t>(q)];
    auto& hi_q = P.col_upper[static_cast<std::size_t>(q)];
    lo_q = std::max(lo_q, -qe);
    hi_q = std::min(hi_q, qe);
    add_directed_row(i, {}, 1.0, -qe, -model::unbounded, 0.0);
    add_directed_row(i, {}, 1.0, -qe, -qe, model::unbounded);
    // Forward (y = 1): e_hi x_f - x_t >= a_lo (2 q_k q - q_k^2) for q_k in {0, qe 2^-j}.
    const double m_fwd = std::max(hi_of(pipe.to) - e_hi * lo_of(pipe.from), 0.0);
    const double m_bwd = std::max(e_lo * hi_of(pipe.from) - lo_of(pipe.to), 0.0);
    for (int j = -1; j < 6; ++j) {
      const double qk = j < 0 ? 0.0 : qe * std::pow(0.5, j);
      // e_hi x_f - x_t - 2 a q_k q - M y >= -a q_k^2 - M
      add_directed_row(i, {{xf, e_hi}, {xt, -1.0}}, -2.0 * a_lo * qk, -m_fwd,
                       -a_lo * qk * qk - m_fwd - dx_law, model::unbounded);
      // Backward (y = 0): x_t - e_lo x_f + 2 a q_k q + M y >= -a q_k^2
      add_directed_row(i, {{xt, 1.0}, {xf, -e_lo}}, 2.0 * a_lo * qk, m_bwd,
                       -a_lo * qk * qk - dx_law, model::unbounded);
    }
    // Upper law (secant): forward e_lo x_f - x_t <= b q; backward x_t - e_hi x_f <= -b q.
    const double u_fwd = std::max(e_lo * hi_of(pipe.from) - lo_of(pipe.to) + b_up * qe, 0.0);
    const double u_bwd = std::max(hi_of(pipe.to) - e_hi * lo_of(pipe.from) + b_up * qe, 0.0);
    add_directed_row(i, {{xf, e_lo}, {xt, -1.0}}, -b_up, u_fwd, -model::unbounded, u_fwd + dx_law);
    add_directed_row(i, {{xt, 1.0}, {xf, -e_hi}}, b_up, -u_bwd, -model::unbounded, dx_law);
  }
  std::size_t a = net.pipes.size();
  // Short pipes: equal potentials.
  for (const auto& sp : net.short_pipes) {
    P.add_row({{X(sp.from), 1.0}, {X(sp.to), -1.0}}, -dx_law, dx_law);
    ++a;
  }
  // Resistors: the pressure falls in the direction of flow (drag or fixed loss).
  for (const auto& r : net.resistors) {
    const int xf = X(r.from), xt = X(r.to);
    if (fixed[a]) {
      if (*fixed[a] > 0.0) P.add_row({{xf, 1.0}, {xt, -1.0}}, 0.0, model::unbounded);
      if (*fixed[a] < 0.0) P.add_row({{xt, 1.0}, {xf, -1.0}}, 0.0, model::unbounded);
    } else {
      add_directed_row(a, {}, 1.0, -q_max, -model::unbounded, 0.0);
      add_directed_row(a, {}, 1.0, -q_max, -q_max, model::unbounded);
      add_directed_row(a, {{xf, 1.0}, {xt, -1.0}}, 0.0, -m.x_hi_, -m.x_hi_, model::unbounded);
      add_directed_row(a, {{xt, 1.0}, {xf, -1.0}}, 0.0, m.x_hi_, 0.0, model::unbounded);
    }
    ++a;
  }
  const double M = m.x_hi_;
  // Valves: open (equal potentials) or closed (no flow).
  for (const auto& v : net.valves) {
    const int q = m.flow_col_[a], xf = X(v.from), xt = X(v.to);
    const double sq = m.flow_sign_[a];
    const int o = P.add_column(0.0, 1.0, true);
    if (fixed[a] && std::abs(*fixed[a]) > 0.0) P.col_lower[static_cast<std::size_t>(o)] = 1.0;
    P.add_row({{xf, 1.0}, {xt, -1.0}, {o, M}}, -model::unbounded, M + dx_law);
    P.add_row({{xt, 1.0}, {xf, -1.0}, {o, M}}, -model::unbounded, M + dx_law);
    if (!fixed[a]) {
      P.add_row({{q, sq}, {o, -q_max}}, -model::unbounded, 0.0);
      P.add_row({{q, sq}, {o, q_max}}, 0.0, model::unbounded);
    }
    m.valve_open_col_.push_back(o);
    ++a;
  }
  // Regulators and stations: active (forward flow, their limits), bypass (equal potentials,
  // either direction) or closed (no flow, no relation).
  const auto machine = [&](const model::Branch& e, double in_min, double out_max, double flow_max,
                           bool compressor, double kappa, std::vector<int>& act,
                           std::vector<int>& byp) {
    const int q = m.flow_col_[a], xf = X(e.from), xt = X(e.to);
    const double sq = m.flow_sign_[a];
    const int ac = P.add_column(0.0, 1.0, true);
    const int bc = P.add_column(0.0, 1.0, true);
    P.add_row({{ac, 1.0}, {bc, 1.0}}, 0.0, 1.0);
    const double qf = fixed[a] ? std::abs(*fixed[a]) : q_max;
    if (fixed[a] && *fixed[a] > 0.0) P.add_row({{ac, 1.0}, {bc, 1.0}}, 1.0, 1.0);
    if (fixed[a] && *fixed[a] < 0.0) P.col_lower[static_cast<std::size_t>(bc)] = 1.0;
    P.add_row({{q, sq}, {ac, -qf}, {bc, -qf}}, -model::unbounded, 0.0);  // closed: q = 0
    P.add_row({{q, sq}, {bc, qf}}, 0.0, model::unbounded);             // q >= 0 unless bypass
    P.add_row({{xf, 1.0}, {xt, -1.0}, {bc, M}}, -model::unbounded, M + dx_law);  // bypass: equal
    P.add_row({{xt, 1.0}, {xf, -1.0}, {bc, M}}, -model::unbounded, M + dx_law);
    if (in_min > 0.0) P.add_row({{xf, 1.0}, {ac, -x_of(in_min - slack_pa)}}, 0.0, model::unbounded);
    if (std::isfinite(out_max))
      P.add_row({{xt, 1.0}, {ac, M}}, -model::unbounded, x_of(out_max + slack_pa) + M);
    if (compressor) {
      P.add_row({{xt, 1.0}, {xf, -1.0}, {ac, -M}}, -M - dx_slack, model::unbounded);  // out >= in
      if (std::isfinite(kappa)) P.add_row({{xt, 1.0}, {xf, -kappa}, {ac, M}}, -model::unbounded, M);
    } else {
      P.add_row({{xt, 1.0}, {xf, -1.0}, {ac, M}}, -model::unbounded, M + dx_slack);  // out <= in
    }
    if (std::isfinite(flow_max) && !fixed[a])
      P.add_row({{q, sq}, {ac, q_max}}, -model::unbounded, flow_max * (1.0 + 1e-9) + q_max);
    act.push_back(ac);
    byp.push_back(bc);
    ++a;
  };
  for (const auto& r : net.control_valves)
    machine(r, r.pressure_in_min_pa, r.pressure_out_max_pa, model::unbounded, false, 0.0,
            m.regulator_active_col_, m.regulator_bypass_col_);
  for (const auto& c : net.compressors) {
    // p_out <= r p_in as potentials: Pi(p_out) <= Pi(r p_in) <= kappa Pi(p_in), kappa the largest
    // Pi(r p) / Pi(p) over the inlet pressures (r^2 for rho proportional to p).
    double kappa = model::unbounded;
    if (std::isfinite(c.ratio_max)) {
      const auto& in = net.nodes[node.at(c.from)];
      const double lo = std::max({in.pressure_min_pa - slack_pa, c.pressure_in_min_pa - slack_pa, 1e3});
      const double hi = std::max(in.pressure_max_pa + slack_pa, lo);
      kappa = sampled_range(lo, hi, [&](double p) {
                return eos.potential(c.ratio_max * (1.0 + 1e-9) * p) / eos.potential(p);
              }).second * (1.0 + 1e-7);
    }
    machine(c, c.pressure_in_min_pa, c.pressure_out_max_pa, c.flow_max_kg_per_s, true, kappa,
            m.station_active_col_, m.station_bypass_col_);
  }
  m.direction_col_.assign(arcs.size(), -1);
  for (std::size_t a = 0; a < arcs.size(); ++a)
    if (!fixed[a]) m.direction_col_[a] = chain_dir[chains.root[a]];
  return m;
}

double MilpRelaxation::state_violation(const std::vector<double>& pressure_pa,
                                       const std::vector<double>& flow_kg_per_s) const {
  const MilpProblem& P = problem_;
  std::vector<double> x(P.col_lower.size(), 0.0);
  for (std::size_t v = 0; v < node_col_.size(); ++v)
    x[static_cast<std::size_t>(node_col_[v])] = eos_->potential(pressure_pa[v]) / potential_unit_;
  for (std::size_t a = 0; a < flow_col_.size(); ++a) {
    x[static_cast<std::size_t>(flow_col_[a])] = flow_sign_[a] * flow_kg_per_s[a];
    if (direction_col_[a] >= 0)
      x[static_cast<std::size_t>(direction_col_[a])] = flow_sign_[a] * flow_kg_per_s[a] >= 0.0 ? 1.0 : 0.0;
  }
  const auto row_violation = [&](std::size_t r) {
    double v = 0.0;
    for (const auto& [c, coef] : P.rows[r]) v += coef * x[static_cast<std::size_t>(c)];
    return std::max({P.row_lower[r] - v, v - P.row_upper[r], 0.0});
  };
  std::vector<std::vector<std::size_t>> rows_of(x.size());
  for (std::size_t r = 0; r < P.rows.size(); ++r)
    for (const auto& [c, coef] : P.rows[r]) rows_of[static_cast<std::size_t>(c)].push_back(r);
  const auto worst_over = [&](std::initializer_list<int> cols) {
    double w = 0.0;
    for (int c : cols)
      for (std::size_t r : rows_of[static_cast<std::size_t>(c)]) w = std::max(w, row_violation(r));
    return w;
  };
  for (int o : valve_open_col_) {  // open fits unless the ends differ
    x[static_cast<std::size_t>(o)] = 1.0;
    const double open = worst_over({o});
    x[static_cast<std::size_t>(o)] = 0.0;
    if (open <= worst_over({o})) x[static_cast<std::size_t>(o)] = 1.0;
  }
  const auto fit_machine = [&](int ac, int bc) {
    double best = model::unbounded, best_a = 0.0, best_b = 0.0;
    for (const auto& [av, bv] : {std::pair{1.0, 0.0}, std::pair{0.0, 1.0}, std::pair{0.0, 0.0}}) {
      x[static_cast<std::size_t>(ac)] = av;
      x[static_cast<std::size_t>(bc)] = bv;
      const double w = worst_over({ac, bc});
      if (w < best) {
        best = w;
        best_a = av;
        best_b = bv;
      }
    }
    x[static_cast<std::size_t>(ac)] = best_a;
    x[static_cast<std::size_t>(bc)] = best_b;
  };
  for (std::size_t i = 0; i < regulator_active_col_.size(); ++i)
    fit_machine(regulator_active_col_[i], regulator_bypass_col_[i]);
  for (std::size_t i = 0; i < station_active_col_.size(); ++i)
    fit_machine(station_active_col_[i], station_bypass_col_[i]);
  double worst = 0.0;
  for (std::size_t r = 0; r < P.rows.size(); ++r) worst = std::max(worst, row_violation(r));
  for (std::size_t c = 0; c < x.size(); ++c)
    worst = std::max({worst, P.col_lower[c] - x[c], x[c] - P.col_upper[c]});
  return worst;
}

void MilpRelaxation::restrict_to(const CombinedDecisions& decisions, const model::Network& net) {
  MilpProblem& P = problem_;
  // Element id -> (kind, index); its arc in Edge order for the flow.
  std::unordered_map<std::string, std::pair<DecisionElementKind, std::size_t>> index;
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    index.emplace(net.valves[k].id, std::pair{DecisionElementKind::valve, k});
  for (std::size_t k = 0; k < net.control_valves.size(); ++k)
    index.emplace(net.control_valves[k].id, std::pair{DecisionElementKind::control_valve, k});
  for (std::size_t k = 0; k < net.compressors.size(); ++k)
    index.emplace(net.compressors[k].id, std::pair{DecisionElementKind::compressor, k});
  const std::size_t valve_arc0 = net.pipes.size() + net.short_pipes.size() + net.resistors.size();
  const std::size_t cv_arc0 = valve_arc0 + net.valves.size();
  const std::size_t cs_arc0 = cv_arc0 + net.control_valves.size();
  const double tol = flow_direction_tolerance_kg_per_s;
  for (const auto& group : decisions.groups) {
    std::vector<std::pair<int, double>> one;
    for (const auto& decision : group.decisions) {
      const int z = P.add_column(0.0, 1.0, true);
      one.push_back({z, 1.0});
      for (const auto& e : decision.entries) {
        const auto [kind, k] = index.at(e.element);
        std::size_t arc = 0;
        if (kind == DecisionElementKind::valve) {
          arc = valve_arc0 + k;
          const int o = valve_open_col_[k];
          if (e.open) P.add_row({{o, 1.0}, {z, -1.0}}, 0.0, model::unbounded);  // o >= z
          else P.add_row({{o, 1.0}, {z, 1.0}}, -model::unbounded, 1.0);         // o <= 1 - z
        } else {
          const bool reg = kind == DecisionElementKind::control_valve;
          arc = (reg ? cv_arc0 : cs_arc0) + k;
          const int a = reg ? regulator_active_col_[k] : station_active_col_[k];
          const int b = reg ? regulator_bypass_col_[k] : station_bypass_col_[k];
          if (!e.open) P.add_row({{a, 1.0}, {b, 1.0}, {z, 1.0}}, -model::unbounded, 1.0);
          else if (!e.mode) P.add_row({{a, 1.0}, {b, 1.0}, {z, -1.0}}, 0.0, model::unbounded);
          else if (*e.mode == model::ControlState::active)
            P.add_row({{a, 1.0}, {z, -1.0}}, 0.0, model::unbounded);
          else P.add_row({{b, 1.0}, {z, -1.0}}, 0.0, model::unbounded);
        }
        if (!e.open || !e.flow_direction) continue;
        // Direction 0 (from -> to): q >= -tol where the decision is chosen; 1: q <= tol.
        const int q = flow_col_[arc];
        const double sq = flow_sign_[arc];
        if (*e.flow_direction == 0) P.add_row({{q, sq}, {z, -q_max_}}, -q_max_ - tol, model::unbounded);
        else P.add_row({{q, sq}, {z, q_max_}}, -model::unbounded, q_max_ + tol);
      }
    }
    P.add_row(std::move(one), 1.0, 1.0);
  }
}

std::size_t MilpRelaxation::binaries() const {
  return static_cast<std::size_t>(
      std::count(problem_.integer.begin(), problem_.integer.end(), 1));
}

MilpSolution MilpRelaxation::solve(const std::vector<char>& keep_min,
                                   const std::vector<char>& keep_max, double time_limit_s) const {
  MilpProblem p = problem_;
  for (std::size_t v = 0; v < node_col_.size(); ++v) {
    const auto c = static_cast<std::size_t>(node_col_[v]);
    if (!keep_min.empty() && !keep_min[v]) p.col_lower[c] = 0.0;
    if (!keep_max.empty() && !keep_max[v]) p.col_upper[c] = x_hi_;
  }
  return solve_milp(p, time_limit_s);
}

void MilpRelaxation::set_node_bounds(LinearProgram& lp, std::size_t v, bool keep_min,
                                     bool keep_max) const {
  lp.set_column_bounds(node_col_[v], keep_min ? node_lo_[v] : 0.0, keep_max ? node_hi_[v] : x_hi_);
}

RelaxationPoint MilpRelaxation::point(const MilpSolution& s) const {
  RelaxationPoint r;
  const auto at = [&](int c) { return s.x[static_cast<std::size_t>(c)]; };
  for (int c : node_col_)
    r.pressure_pa.push_back(eos_->pressure_from_potential(std::max(at(c), 0.0) * potential_unit_));
  for (std::size_t a = 0; a < flow_col_.size(); ++a)
    r.flow_kg_per_s.push_back(flow_sign_[a] * at(flow_col_[a]));
  for (int c : valve_open_col_) r.valve_open.push_back(at(c) > 0.5 ? 1 : 0);
  const auto state = [&](int act, int byp) {
    return at(act) > 0.5   ? model::ControlState::active
           : at(byp) > 0.5 ? model::ControlState::bypass
                           : model::ControlState::closed;
  };
  for (std::size_t i = 0; i < regulator_active_col_.size(); ++i)
    r.regulator_state.push_back(state(regulator_active_col_[i], regulator_bypass_col_[i]));
  for (std::size_t i = 0; i < station_active_col_.size(); ++i)
    r.station_state.push_back(state(station_active_col_[i], station_bypass_col_[i]));
  return r;
}

}  // namespace linepack::validation
