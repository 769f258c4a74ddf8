#include "linepack/steady/network_equations.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "linepack/numerics/linear_solver.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/control_valve_equation.hpp"
#include "linepack/physics/pipe_equation.hpp"
#include "linepack/physics/resistor_equation.hpp"

namespace linepack::steady {
namespace {
constexpr double pressure_scale_pa = 1e5;  // pressure rows are weighted in bar
constexpr double flow_scale_kg_per_s = 1.0;
// Kinds 0-3 (pipes, short pipes, resistors, valves) keep their equations when the control loop
// changes the regulators' and stations' holds (kinds 4 and 5).
constexpr std::size_t passive_kinds = 4;

}  // namespace

NetworkEquations::NetworkEquations(const model::Network& network, const model::Scenario& scenario,
                                   const model::Topology& topology)
    : node_count_(network.nodes.size()),
      eos_(network.physics.eos, network.physics.gas, network.physics.temperature_k),
      network_(&network),
      fixed_(node_count_, false),
      fixed_pressure_(node_count_, 0.0),
      withdrawal_(node_count_, 0.0),
      pattern_(0) {
  for (std::size_t k = 0; k < scenario.boundaries.size(); ++k) {
    const auto& b = scenario.boundaries[k];
    const std::size_t i = topology.boundary_node[k];
    if (b.kind == model::NodeBoundary::Kind::pressure) {
      fixed_[i] = true;
      fixed_pressure_[i] = b.value;
    } else {
      withdrawal_[i] = b.value;
    }
  }
  // Each kind's slice of the topology's from/to arrays (kinds in the same order).
  std::size_t first = 0;
  auto slice = [&](std::size_t count) {
    std::vector<std::size_t> f(topology.from.begin() + first, topology.from.begin() + first + count);
    std::vector<std::size_t> t(topology.to.begin() + first, topology.to.begin() + first + count);
    first += count;
    return std::pair{std::move(f), std::move(t)};
  };
  {
    auto [f, t] = slice(network.pipes.size());
    kinds_.push_back(std::make_unique<physics::PipeEquations>(network, f, t, eos_));
  }
  {
    auto [f, t] = slice(network.short_pipes.size());
    kinds_.push_back(std::make_unique<physics::ShortPipeEquations>(network, f, t));
  }
  {
    auto [f, t] = slice(network.resistors.size());
    kinds_.push_back(std::make_unique<physics::ResistorEquations>(network, f, t, eos_));
  }
  {
    auto [f, t] = slice(network.valves.size());
    kinds_.push_back(std::make_unique<physics::ValveEquations>(network, f, t));
  }
  {
    auto [f, t] = slice(network.control_valves.size());
    kinds_.push_back(std::make_unique<physics::ControlValveEquations>(network, f, t));
  }
  {
    auto [f, t] = slice(network.compressors.size());
    kinds_.push_back(std::make_unique<physics::CompressorEquations>(network, f, t));
  }
  std::size_t branches = 0;
  for (const auto& k : kinds_) {
    offsets_.push_back(branches);
    branches += k->size();
  }
  const std::size_t n = node_count_ + branches;
  pattern_ = numerics::SparsePattern(n);
  pattern_.reserve(node_count_ + 5 * branches);  // balance rows: 2 per branch; branch rows: 3
  evals_.resize(branches);

  // Node-to-branch incidence (CSR by node), for the balance rows.
  std::vector<std::size_t> degree(node_count_, 0);
  for (const auto& k : kinds_)
    for (std::size_t e = 0; e < k->size(); ++e) {
      ++degree[k->from(e)];
      ++degree[k->to(e)];
    }
  incidence_start_.assign(node_count_ + 1, 0);
  for (std::size_t i = 0; i < node_count_; ++i)
    incidence_start_[i + 1] = incidence_start_[i] + degree[i];
  incidence_branch_.resize(incidence_start_.back());
  incidence_sign_.resize(incidence_start_.back());
  std::vector<std::size_t> fill(incidence_start_.begin(), incidence_start_.end() - 1);
  for (std::size_t k = 0; k < kinds_.size(); ++k)
    for (std::size_t e = 0; e < kinds_[k]->size(); ++e) {
      const std::size_t b = offsets_[k] + e;
      const std::size_t f = fill[kinds_[k]->from(e)]++;
      incidence_branch_[f] = b;
      incidence_sign_[f] = -1.0;  // leaves the from-node
      const std::size_t t = fill[kinds_[k]->to(e)]++;
      incidence_branch_[t] = b;
      incidence_sign_[t] = +1.0;  // enters the to-node
    }

  // Pattern entries; their slots are resolved after finalize().
  std::vector<std::size_t> fixed_entry(node_count_, 0), incidence_entry(incidence_branch_.size());
  for (std::size_t i = 0; i < node_count_; ++i) {
    if (fixed_[i]) {
      fixed_entry[i] = pattern_.add(i, i);
    } else {
      for (std::size_t j = incidence_start_[i]; j < incidence_start_[i + 1]; ++j)
        incidence_entry[j] = pattern_.add(i, node_count_ + incidence_branch_[j]);
    }
  }
  std::vector<std::size_t> branch_entry(3 * branches);
  for (std::size_t k = 0; k < kinds_.size(); ++k)
    for (std::size_t e = 0; e < kinds_[k]->size(); ++e) {
      const std::size_t b = offsets_[k] + e, row = node_count_ + b;
      branch_entry[3 * b + 0] = pattern_.add(row, kinds_[k]->from(e));
      branch_entry[3 * b + 1] = pattern_.add(row, kinds_[k]->to(e));
      branch_entry[3 * b + 2] = pattern_.add(row, row);
    }
  pattern_.finalize();
  fixed_slot_.assign(node_count_, 0);
  incidence_slot_.assign(incidence_branch_.size(), 0);
  for (std::size_t i = 0; i < node_count_; ++i) {
    if (fixed_[i]) {
      fixed_slot_[i] = pattern_.slot(fixed_entry[i]);
    } else {
      for (std::size_t j = incidence_start_[i]; j < incidence_start_[i + 1]; ++j)
        incidence_slot_[j] = pattern_.slot(incidence_entry[j]);
    }
  }
  branch_slot_.resize(3 * branches);
  for (std::size_t s = 0; s < branch_entry.size(); ++s)
    branch_slot_[s] = pattern_.slot(branch_entry[s]);

  weights_.assign(n, 1.0 / flow_scale_kg_per_s);
  for (std::size_t i = 0; i < node_count_; ++i)
    weights_[i] = fixed_[i] ? 1.0 / pressure_scale_pa : 1.0 / flow_scale_kg_per_s;
  learn_element_rows();
  // Eliminable flows: those whose equation depends on them. Active regulators and stations keep
  // their flow unknown whatever they hold now, so that the control loop can switch their
  // equation (steady/control_loop.hpp) without a new linear solver.
  eliminable_.assign(n, false);
  std::size_t b = 0;
  for (std::size_t k = 0; k < kinds_.size(); ++k)
    for (std::size_t e = 0; e < kinds_[k]->size(); ++e, ++b) {
      const bool switchable =
          (k == 4 && network.control_valves[e].state == model::ControlState::active) ||
          (k == 5 && network.compressors[e].state == model::ControlState::active);
      eliminable_[node_count_ + b] = evals_[b].d_q != 0.0 && !switchable;
    }
}

void NetworkEquations::learn_element_rows(std::size_t first_kind) {
  // Element rows are weighted by the kind of their equation (which for controllable elements
  // depends on what they hold; evaluated once at a dummy point to learn it; pipes never vary).
  // Kinds from `first_kind` on (update_controls: the regulators and stations only).
  const std::size_t branches = evals_.size();
  std::vector<double> p0(node_count_, 1e6), q0(branches, 1.0);
  if (first_kind < passive_kinds) passive_valid_ = false;  // their evals_ now hold the dummy point
  for (std::size_t k = first_kind; k < kinds_.size(); ++k) {
    const std::size_t off = offsets_[k], m = kinds_[k]->size();
    if (m == 0) continue;
    const auto evals = std::span(evals_).subspan(off, m);
    if (kinds_[k]->always_flow_dependent()) {
      for (auto& e : evals) e = {0.0, 0.0, 0.0, 1.0, physics::RowKind::pressure};
    } else {
      kinds_[k]->evaluate(p0, std::span<const double>(q0).subspan(off, m), evals);
    }
  }
  for (std::size_t b = offsets_[first_kind]; b < branches; ++b)
    weights_[node_count_ + b] = evals_[b].kind == physics::RowKind::pressure
                                    ? 1.0 / pressure_scale_pa
                                    : 1.0 / flow_scale_kg_per_s;
}

void NetworkEquations::update_controls(const model::Network& network,
                                       const model::Scenario& scenario,
                                       const model::Topology& topology) {
  static_cast<physics::ControlValveEquations&>(*kinds_[4]).set_holds(network);
  static_cast<physics::CompressorEquations&>(*kinds_[5]).set_holds(network);
  for (std::size_t k = 0; k < scenario.boundaries.size(); ++k) {
    const auto& bd = scenario.boundaries[k];
    if (bd.kind == model::NodeBoundary::Kind::flow) withdrawal_[topology.boundary_node[k]] = bd.value;
  }
  learn_element_rows(passive_kinds);  // the passive kinds' rows do not change
}

void NetworkEquations::assemble(std::span<const double> x, std::span<double> r, double* jac) {
  const std::span<const double> p = x.subspan(0, node_count_);
  const std::span<const double> q = x.subspan(node_count_);
  for (std::size_t i = 0; i < node_count_; ++i) {
    if (fixed_[i]) {
      r[i] = p[i] - fixed_pressure_[i];
      if (jac) jac[fixed_slot_[i]] = 1.0;
      continue;
    }
    double balance = -withdrawal_[i];
    for (std::size_t j = incidence_start_[i]; j < incidence_start_[i + 1]; ++j) {
      balance += incidence_sign_[j] * q[incidence_branch_[j]];
      if (jac) jac[incidence_slot_[j]] = incidence_sign_[j];
    }
    r[i] = balance;
  }
  // The passive kinds at the point of their last evaluation (a control round's start) keep it.
  const bool passive_same = passive_valid_ && std::equal(x.begin(), x.end(), passive_x_.begin());
  for (std::size_t k = passive_same ? passive_kinds : 0; k < kinds_.size(); ++k) {
    const std::size_t off = offsets_[k], m = kinds_[k]->size();
    if (m == 0) continue;
    kinds_[k]->evaluate(p, q.subspan(off, m), std::span(evals_).subspan(off, m));
  }
  if (!passive_same) {
    passive_x_.assign(x.begin(), x.end());
    passive_valid_ = true;
  }
  for (std::size_t b = 0; b < evals_.size(); ++b) {
    const auto& e = evals_[b];
    r[node_count_ + b] = e.residual;
    if (!jac) continue;
    // Entries of one row can share a slot only if from == to, which validation forbids.
    jac[branch_slot_[3 * b + 0]] = e.d_p_from;
    jac[branch_slot_[3 * b + 1]] = e.d_p_to;
    jac[branch_slot_[3 * b + 2]] = e.d_q;
  }
}

void NetworkEquations::evaluate(std::span<const double> x, std::span<double> r,
                                std::span<double> jac) {
  assemble(x, r, jac.data());
}

void NetworkEquations::residual(std::span<const double> x, std::span<double> r) {
  assemble(x, r, nullptr);
}

double NetworkEquations::max_step(std::span<const double>, std::span<const double>) const {
  // The potential may cross zero on the way (see step()); the line search limits the step.
  return 1.0;
}

void NetworkEquations::step(std::span<const double> x, std::span<const double> dx, double alpha,
                            std::span<double> out) const {
  // Newton in u = p|p| (the ideal gas's potential up to a constant; for real gases close to
  // Pi(p), and free of equation-of-state calls): u_new = u + alpha u'(p) dp = p|p| + 2 alpha |p| dp,
  // continued oddly through zero. Flows move linearly.
  for (std::size_t i = node_count_; i < x.size(); ++i) out[i] = x[i] + alpha * dx[i];
  if (linear_pressure_steps_) {
    for (std::size_t i = 0; i < node_count_; ++i) out[i] = x[i] + alpha * dx[i];
    return;
  }
  for (std::size_t i = 0; i < node_count_; ++i) {
    const double p = x[i], dp = alpha * dx[i];
    if (p == 0.0) {
      out[i] = dp;
      continue;
    }
    const double u = p * std::abs(p) + 2.0 * std::abs(p) * dp;
    out[i] = std::copysign(std::sqrt(std::abs(u)), u);
  }
}

bool NetworkEquations::row_scaling(std::span<const double> x, std::span<double> factor) const {
  const auto* pipes = dynamic_cast<const physics::PipeEquations*>(kinds_[0].get());
  std::fill(factor.begin(), factor.end(), 1.0);
  if (!pipes) return false;
  const auto p = x.subspan(0, node_count_);
  for (std::size_t e = 0; e < pipes->size(); ++e)
    factor[node_count_ + offsets_[0] + e] = pipes->residual_scale(e, p);
  return pipes->size() > 0;
}

std::optional<std::pair<std::size_t, std::size_t>> NetworkEquations::branch_of(
    std::size_t index) const {
  if (index < node_count_) return std::nullopt;
  const std::size_t b = index - node_count_;
  for (std::size_t k = kinds_.size(); k-- > 0;)
    if (b >= offsets_[k] && kinds_[k]->size() > b - offsets_[k]) return std::pair{k, b - offsets_[k]};
  return std::nullopt;
}

std::pair<std::string, std::string> NetworkEquations::describe_row(std::size_t row) const {
  if (row < node_count_)
    return {network_->nodes[row].id, fixed_[row] ? "node_pressure" : "node_balance"};
  if (const auto branch = branch_of(row)) {
    const auto& kind = *kinds_[branch->first];
    return {std::string(kind.id(branch->second)), std::string(kind.kind_name())};
  }
  return {"?", "?"};
}

std::vector<double> NetworkEquations::initial_guess(const model::Network& network,
                                                    bool controls_open) {
  std::vector<double> x(pattern_.size(), 0.0);
  // Each element maps its from-pressure to its to-pressure as p_to = a p_from + c: a = 1, c = 0
  // except for active pressure-setting elements (regulators and compressors, the last kinds).
  const std::size_t branches = evals_.size();
  std::vector<double> a(branches, 1.0), c(branches, 0.0);
  const std::size_t cv_first = offsets_[4], cs_first = offsets_[5];
  for (std::size_t e = 0; e < network.control_valves.size() && !controls_open; ++e)
    if (network.control_valves[e].state == model::ControlState::active) {
      a[cv_first + e] = 0.0;
      c[cv_first + e] = network.control_valves[e].outlet_pressure_pa;
    }
  for (std::size_t e = 0; e < network.compressors.size() && !controls_open; ++e) {
    const auto& k = network.compressors[e];
    if (k.state != model::ControlState::active) continue;
    if (k.mode == model::CompressorMode::pressure_ratio) a[cs_first + e] = k.setpoint;
    if (k.mode == model::CompressorMode::outlet_pressure) {
      a[cs_first + e] = 0.0;
      c[cs_first + e] = k.setpoint;
    }
  }
  // Branch -> its end nodes, from the kinds.
  std::vector<std::size_t> from(branches), to(branches);
  for (std::size_t k = 0; k < kinds_.size(); ++k)
    for (std::size_t e = 0; e < kinds_[k]->size(); ++e) {
      from[offsets_[k] + e] = kinds_[k]->from(e);
      to[offsets_[k] + e] = kinds_[k]->to(e);
    }
  // Breadth-first from the pressure-fixed nodes over the node-branch incidence.
  std::vector<bool> seen(node_count_, false);
  std::vector<std::size_t> queue;
  queue.reserve(node_count_);
  double p_ref = 0.0;
  for (std::size_t i = 0; i < node_count_; ++i)
    if (fixed_[i]) {
      x[i] = fixed_pressure_[i];
      p_ref = std::max(p_ref, fixed_pressure_[i]);
      seen[i] = true;
      queue.push_back(i);
    }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const std::size_t i = queue[head];
    for (std::size_t j = incidence_start_[i]; j < incidence_start_[i + 1]; ++j) {
      const std::size_t b = incidence_branch_[j];
      const bool forward = incidence_sign_[j] < 0.0;  // the branch leaves node i
      const std::size_t other = forward ? to[b] : from[b];
      if (seen[other]) continue;
      double p = x[i];
      if (forward) p = a[b] * x[i] + c[b];
      else if (a[b] > 0.0) p = (x[i] - c[b]) / a[b];
      x[other] = p > 0.0 ? p : x[i];
      seen[other] = true;
      queue.push_back(other);
    }
  }
  for (std::size_t i = 0; i < node_count_; ++i)
    if (!seen[i]) x[i] = p_ref;
  if (controls_open) {
    static_cast<physics::ControlValveEquations&>(*kinds_[4]).open_all();
    static_cast<physics::CompressorEquations&>(*kinds_[5]).open_all();
    learn_element_rows(passive_kinds);
  }
  linearised_step(x);
  if (controls_open) {
    static_cast<physics::ControlValveEquations&>(*kinds_[4]).set_holds(network);
    static_cast<physics::CompressorEquations&>(*kinds_[5]).set_holds(network);
    learn_element_rows(passive_kinds);
    return x;
  }
  // Held in the linearised step, a setpoint can drive the circulation of a station's pressure
  // rise around a loop of pipes linearised at the typical flow, far too conductive (GasLib-4197
  // at its operating point: 421,649 kg/s around compressorStation_10, which Newton then halves
  // once per iteration). A pipe flow above a hundred times all the flow boundaries' withdrawals
  // together is such a circulation (341 times there; GasLib-582 with its controls in the middle
  // of their ranges, 20 times, does better from its setpoints): start from the network with its
  // controls open instead.
  double throughput = 0.0;
  for (std::size_t i = 0; i < node_count_; ++i)
    if (!fixed_[i]) throughput += std::abs(withdrawal_[i]);
  const auto pipe_flows = std::span<const double>(x).subspan(node_count_ + offsets_[0], kinds_[0]->size());
  const bool circulates =
      throughput > 0.0 && std::any_of(pipe_flows.begin(), pipe_flows.end(),
                                      [&](double q) { return std::abs(q) > 100.0 * throughput; });
  const auto active = [](const auto& e) { return e.state == model::ControlState::active; };
  if (circulates && (std::any_of(network.control_valves.begin(), network.control_valves.end(), active) ||
                     std::any_of(network.compressors.begin(), network.compressors.end(), active)))
    return initial_guess(network, true);
  return x;
}

numerics::LinearSolver& NetworkEquations::linear_solver() {
  if (!linear_solver_) linear_solver_ = std::make_unique<numerics::LinearSolver>(pattern_, eliminable_);
  return *linear_solver_;
}

void NetworkEquations::linearised_step(std::span<double> x) {
  auto* pipes = dynamic_cast<physics::PipeEquations*>(kinds_[0].get());
  if (!pipes || pipes->size() == 0) return;
  double offtake = 0.0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < node_count_; ++i)
    if (!fixed_[i] && withdrawal_[i] != 0.0) {
      offtake += std::abs(withdrawal_[i]);
      ++count;
    }
  double typical = count > 0 ? offtake / static_cast<double>(count) : 0.0;
  if (count == 0) {
    // No offtake to size the flows by (flows driven only by fixed pressures and setpoints): the
    // mean flow that a pipe carries with a 10 % pressure drop, from each pipe's law at q = 0 and
    // q = q_ref (in Pa: r(0) - r(q_ref) = K q_ref^2).
    const std::size_t m = pipes->size();
    const std::span<const double> p(x.data(), node_count_);
    constexpr double q_ref = 100.0;  // kg/s
    std::vector<double> q0(m, 0.0), q1(m, q_ref);
    std::vector<physics::BranchEval> e0(m), e1(m);
    pipes->evaluate(p, q0, e0);
    pipes->evaluate(p, q1, e1);
    for (std::size_t e = 0; e < m; ++e) {
      const double k =
          (e0[e].residual - e1[e].residual) * pipes->residual_scale(e, p) / (q_ref * q_ref);
      const double drop_pa = 0.1 * std::max(std::abs(p[pipes->from(e)]), std::abs(p[pipes->to(e)]));
      if (!(k > 0.0) || !(drop_pa > 0.0)) continue;
      typical += std::sqrt(drop_pa / k);
      ++count;
    }
    if (count == 0 || !(typical > 0.0)) return;
    typical /= static_cast<double>(count);
  }
  // Resistors' drag laws too: linearised at q = 0 they would take flows of 1e6 kg/s.
  auto& resistors = static_cast<physics::ResistorEquations&>(*kinds_[2]);
  passive_valid_ = false;  // evaluated below with other flow floors
  pipes->set_flow_floor(typical);
  resistors.set_flow_floor(typical);
  const std::size_t n = pattern_.size();
  std::vector<double> r(n), jac(pattern_.nonzeros());
  assemble(x, r, jac.data());
  pipes->set_flow_floor(physics::PipeEquations::default_flow_floor_kg_per_s);
  resistors.set_flow_floor(0.0);
  passive_valid_ = false;
  numerics::LinearSolver& lu = linear_solver();
  if (!lu.factor(jac)) return;  // Newton will report the singularity
  for (auto& v : r) v = -v;
  lu.solve(r);
  // A linear step, cut so that every pressure keeps at least a tenth of its value: the
  // linearised flows can be far off, and a start with p <= 0 would be a poor one.
  double alpha = 1.0;
  for (std::size_t i = 0; i < node_count_; ++i)
    if (r[i] < 0.0 && x[i] + r[i] < 0.1 * x[i]) alpha = std::min(alpha, 0.9 * x[i] / -r[i]);
  for (std::size_t i = 0; i < n; ++i) x[i] += alpha * r[i];
}

}  // namespace linepack::steady
