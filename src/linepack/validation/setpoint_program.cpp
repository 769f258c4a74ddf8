#include "linepack/validation/setpoint_program.hpp"

#include <IpIpoptApplication.hpp>
#include <IpTNLP.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <stdexcept>
#include <unordered_map>

#include <fmt/format.h>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/disjoint_sets.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/pipe_equation.hpp"
#include "linepack/physics/resistor_equation.hpp"
#include "linepack/physics/station_working_point.hpp"

namespace linepack::validation {
namespace {

using Ipopt::Index;
using Ipopt::Number;
using model::ControlState;

// The program works in bar and kg/s (pressure rows in bar), so that Ipopt's tolerances
// (1e-8) mean 1e-3 Pa and 1e-8 kg/s.
constexpr double bar = 1e5;
constexpr double no_bound = 1e19;  // Ipopt's infinity (nlp_upper_bound_inf default 1e19)

enum class Kind { pipe, short_pipe, resistor, valve, regulator, station };

struct Element {
  std::size_t from = 0, to = 0;
  Kind kind = Kind::pipe;
  std::size_t index = 0;  // within its kind
  ControlState state = ControlState::active;
};

class Program final : public Ipopt::TNLP {
 public:
  Program(const model::Network& net, const model::Scenario& scenario,
          const DiscreteControl& control, const SetpointProgramOptions& options)
      : net_(net),
        options_(options),
        eos_(net.physics.eos, net.physics.gas, net.physics.temperature_k) {
    nodes_ = net.nodes.size();
    std::unordered_map<std::string_view, std::size_t> node;
    for (std::size_t v = 0; v < nodes_; ++v) node.emplace(net.nodes[v].id, v);
    const auto add = [&](const model::Branch& b, Kind kind, std::size_t k, ControlState s) {
      elements_.push_back({node.at(b.from), node.at(b.to), kind, k, s});
    };
    for (std::size_t k = 0; k < net.pipes.size(); ++k) add(net.pipes[k], Kind::pipe, k, ControlState::active);
    for (std::size_t k = 0; k < net.short_pipes.size(); ++k)
      add(net.short_pipes[k], Kind::short_pipe, k, ControlState::active);
    for (std::size_t k = 0; k < net.resistors.size(); ++k)
      add(net.resistors[k], Kind::resistor, k, ControlState::active);
    for (std::size_t k = 0; k < net.valves.size(); ++k)
      add(net.valves[k], Kind::valve, k, control.valve_open.at(k) ? ControlState::active : ControlState::closed);
    for (std::size_t k = 0; k < net.control_valves.size(); ++k)
      add(net.control_valves[k], Kind::regulator, k, control.regulator_state.at(k));
    for (std::size_t k = 0; k < net.compressors.size(); ++k)
      add(net.compressors[k], Kind::station, k, control.station_state.at(k));
    count_ = elements_.size();

    // Soft node bounds (bar), tightened by the margin where the window leaves room, and by the
    // limits of the active machines at their ends.
    lo_.resize(nodes_);
    hi_.resize(nodes_);
    for (std::size_t v = 0; v < nodes_; ++v) {
      lo_[v] = net.nodes[v].pressure_min_pa;
      hi_[v] = net.nodes[v].pressure_max_pa;
    }
    for (const auto& e : elements_) {
      if (e.state != ControlState::active) continue;
      if (e.kind == Kind::regulator) {
        const auto& c = net.control_valves[e.index];
        lo_[e.from] = std::max(lo_[e.from], c.pressure_in_min_pa);
        hi_[e.to] = std::min(hi_[e.to], c.pressure_out_max_pa);
      } else if (e.kind == Kind::station) {
        const auto& c = net.compressors[e.index];
        lo_[e.from] = std::max(lo_[e.from], c.pressure_in_min_pa);
        hi_[e.to] = std::min(hi_[e.to], c.pressure_out_max_pa);
      }
    }
    for (std::size_t v = 0; v < nodes_; ++v) {
      if (hi_[v] - lo_[v] > 2.0 * options.margin_pa) {
        lo_[v] += options.margin_pa;
        hi_[v] -= options.margin_pa;
      }
      lo_[v] /= bar;
      hi_[v] = std::isfinite(hi_[v]) ? hi_[v] / bar : no_bound;
    }
    // Withdrawals; NaN marks a pressure boundary (free supply).
    withdrawal_.assign(nodes_, 0.0);
    for (const auto& b : scenario.boundaries) {
      const std::size_t v = node.at(b.node);
      if (b.kind == model::NodeBoundary::Kind::pressure) withdrawal_[v] = std::nan("");
      else if (!std::isnan(withdrawal_[v])) withdrawal_[v] += b.value;
    }
    incident_.resize(nodes_);
    for (std::size_t e = 0; e < count_; ++e) {
      incident_[elements_[e].from].push_back(e);
      incident_[elements_[e].to].push_back(e);
    }
    // Kernels of the laws with a loss (the steady solver's own).
    std::vector<std::size_t> f, t;
    for (const auto& p : net.pipes) {
      f.push_back(node.at(p.from));
      t.push_back(node.at(p.to));
    }
    pipes_ = std::make_unique<physics::PipeEquations>(net, f, t, eos_);
    f.clear();
    t.clear();
    for (const auto& r : net.resistors) {
      f.push_back(node.at(r.from));
      t.push_back(node.at(r.to));
    }
    resistors_ = std::make_unique<physics::ResistorEquations>(net, f, t, eos_);
    // Stations with a ratio limit, and with a map or a power limit (margin rows).
    for (std::size_t e = 0; e < count_; ++e) {
      const auto& x = elements_[e];
      if (x.kind != Kind::station || x.state != ControlState::active) continue;
      const auto& c = net.compressors[x.index];
      if (std::isfinite(c.ratio_max)) ratio_rows_.push_back(e);
      if (c.station || std::isfinite(c.power_max_w)) margin_rows_.push_back(e);
    }
    // Parallel active machines of one kind on one lossless outlet island: equal flows.
    model::DisjointSets islands = lossless_islands(net, control);
    std::map<std::pair<int, std::size_t>, std::size_t> first;
    for (std::size_t e = 0; e < count_; ++e) {
      const auto& x = elements_[e];
      if (x.state != ControlState::active || (x.kind != Kind::regulator && x.kind != Kind::station))
        continue;
      const auto key = std::make_pair(static_cast<int>(x.kind), islands.find(x.to));
      const auto [it, fresh] = first.emplace(key, e);
      if (!fresh) ties_.emplace_back(it->second, e);
    }
    start_point();
  }

  const std::vector<double>& point() const { return x_; }
  std::size_t nodes() const { return nodes_; }
  std::size_t count() const { return count_; }
  double lo(std::size_t v) const { return lo_[v]; }
  double hi(std::size_t v) const { return hi_[v]; }
  const std::vector<std::size_t>& margin_rows() const { return margin_rows_; }
  std::size_t compressor_of(std::size_t e) const { return elements_[e].index; }
  double margin_at(std::size_t e, const std::vector<double>& x) const {
    const auto& el = elements_[e];
    return margin(e, x[el.from], x[el.to], x[nodes_ + e]);
  }
  bool stopped_at_deadline() const { return past_deadline_; }
  int iterations() const { return iterations_; }

  bool get_nlp_info(Index& n, Index& m, Index& nnz_jac, Index& nnz_h,
                    IndexStyleEnum& style) override {
    n = static_cast<Index>(variables());
    m = static_cast<Index>(rows());
    std::size_t nz = 0;
    for (const auto& inc : incident_) nz += inc.size();
    nz += 3 * count_ + 2 * ratio_rows_.size() + 3 * margin_rows_.size() + 2 * ties_.size() +
          4 * nodes_;
    nnz_jac = static_cast<Index>(nz);
    nnz_h = 0;
    style = C_STYLE;
    return true;
  }

  bool get_bounds_info(Index, Number* xl, Number* xu, Index, Number* gl, Number* gu) override {
    for (std::size_t v = 0; v < nodes_; ++v) {
      xl[v] = 0.5;  // a state needs positive pressures; the soft bounds do the rest
      xu[v] = 500.0;
    }
    for (std::size_t e = 0; e < count_; ++e) {
      double l = -1e4, u = 1e4;
      const auto& x = elements_[e];
      if (x.state == ControlState::closed) l = u = 0.0;
      // A machine: forward when active (up to its maximum) or bypassed without a bypass of its own.
      const auto machine = [&](const auto& c) {
        if (x.state == ControlState::active) {
          l = 0.0;
          u = std::min(u, c.flow_max_kg_per_s);
        } else if (x.state == ControlState::bypass && !c.has_bypass) {
          l = 0.0;
        }
      };
      if (x.kind == Kind::regulator) machine(net_.control_valves[x.index]);
      else if (x.kind == Kind::station) machine(net_.compressors[x.index]);
      xl[nodes_ + e] = l;
      xu[nodes_ + e] = u;
    }
    for (std::size_t k = 0; k < 2 * nodes_; ++k) {
      xl[nodes_ + count_ + k] = 0.0;
      xu[nodes_ + count_ + k] = no_bound;
    }
    std::size_t r = 0;
    for (std::size_t v = 0; v < nodes_; ++v, ++r) {
      gl[r] = std::isnan(withdrawal_[v]) ? -no_bound : withdrawal_[v];
      gu[r] = std::isnan(withdrawal_[v]) ? no_bound : withdrawal_[v];
    }
    for (std::size_t e = 0; e < count_; ++e, ++r) {
      gl[r] = gu[r] = 0.0;
      const auto& x = elements_[e];
      if (x.state != ControlState::active) continue;
      if (x.kind == Kind::regulator) {  // drop p_from - p_to within its limits
        const auto& c = net_.control_valves[x.index];
        gl[r] = c.pressure_drop_min_pa / bar;
        gu[r] = std::isfinite(c.pressure_drop_max_pa) ? c.pressure_drop_max_pa / bar : no_bound;
      } else if (x.kind == Kind::station) {  // p_to - p_from >= 0
        gu[r] = no_bound;
      }
    }
    for (std::size_t k = 0; k < ratio_rows_.size(); ++k, ++r) {  // p_to - ratio_max p_from <= 0
      gl[r] = -no_bound;
      gu[r] = 0.0;
    }
    for (std::size_t k = 0; k < margin_rows_.size(); ++k, ++r) {
      gl[r] = options_.map_margin;
      gu[r] = no_bound;
    }
    for (std::size_t k = 0; k < ties_.size(); ++k, ++r) gl[r] = gu[r] = 0.0;
    for (std::size_t v = 0; v < nodes_; ++v, ++r) {  // p - s_above <= hi
      gl[r] = -no_bound;
      gu[r] = hi_[v];
    }
    for (std::size_t v = 0; v < nodes_; ++v, ++r) {  // p + s_below >= lo
      gl[r] = lo_[v];
      gu[r] = no_bound;
    }
    return true;
  }

  bool get_starting_point(Index n, bool, Number* x, bool, Number*, Number*, Index, bool,
                          Number*) override {
    std::copy(x_.begin(), x_.begin() + n, x);
    return true;
  }

  bool eval_f(Index n, const Number* x, bool, Number& f) override {
    f = 0.0;
    for (Index i = static_cast<Index>(nodes_ + count_); i < n; ++i) f += x[i];
    return true;
  }

  bool eval_grad_f(Index n, const Number*, bool, Number* g) override {
    for (Index i = 0; i < n; ++i) g[i] = i >= static_cast<Index>(nodes_ + count_) ? 1.0 : 0.0;
    return true;
  }

  bool eval_g(Index, const Number* x, bool, Index, Number* g) override {
    evaluate_kernels(x);
    std::size_t r = 0;
    for (std::size_t v = 0; v < nodes_; ++v, ++r) {
      double inflow = 0.0;
      for (std::size_t e : incident_[v]) inflow += (elements_[e].to == v ? 1.0 : -1.0) * x[nodes_ + e];
      g[r] = inflow;
    }
    for (std::size_t e = 0; e < count_; ++e, ++r) g[r] = row(e, x).residual;
    for (std::size_t e : ratio_rows_) {
      const auto& el = elements_[e];
      g[r++] = x[el.to] - net_.compressors[el.index].ratio_max * x[el.from];
    }
    for (std::size_t e : margin_rows_) {
      const auto& el = elements_[e];
      g[r++] = margin(e, x[el.from], x[el.to], x[nodes_ + e]);
    }
    for (const auto& [a, b] : ties_) g[r++] = x[nodes_ + a] - x[nodes_ + b];
    const std::size_t s = nodes_ + count_;
    for (std::size_t v = 0; v < nodes_; ++v) g[r++] = x[v] - x[s + v];
    for (std::size_t v = 0; v < nodes_; ++v) g[r++] = x[v] + x[s + nodes_ + v];
    return true;
  }

  bool eval_jac_g(Index, const Number* x, bool, Index, Index, Index* rows_out, Index* cols,
                  Number* values) override {
    std::size_t k = 0;
    const auto put = [&](std::size_t r, std::size_t c, double v) {
      if (values) values[k] = v;
      else {
        rows_out[k] = static_cast<Index>(r);
        cols[k] = static_cast<Index>(c);
      }
      ++k;
    };
    if (values) evaluate_kernels(x);
    std::size_t r = 0;
    for (std::size_t v = 0; v < nodes_; ++v, ++r)
      for (std::size_t e : incident_[v]) put(r, nodes_ + e, elements_[e].to == v ? 1.0 : -1.0);
    for (std::size_t e = 0; e < count_; ++e, ++r) {
      const Row d = values ? row(e, x) : Row{};
      put(r, elements_[e].from, d.d_from);
      put(r, elements_[e].to, d.d_to);
      put(r, nodes_ + e, d.d_q);
    }
    for (std::size_t e : ratio_rows_) {
      const auto& el = elements_[e];
      put(r, el.to, 1.0);
      put(r, el.from, -net_.compressors[el.index].ratio_max);
      ++r;
    }
    for (std::size_t e : margin_rows_) {
      const auto& el = elements_[e];
      double da = 0.0, db = 0.0, dq = 0.0;
      if (values) {  // forward differences: the working point is a black box of the maps
        const double a = x[el.from], b = x[el.to], q = x[nodes_ + e];
        const double m0 = margin(e, a, b, q);
        constexpr double hp = 1e-5, hq = 1e-4;  // bar, kg/s
        da = (margin(e, a + hp, b, q) - m0) / hp;
        db = (margin(e, a, b + hp, q) - m0) / hp;
        dq = (margin(e, a, b, q + hq) - m0) / hq;
      }
      put(r, el.from, da);
      put(r, el.to, db);
      put(r, nodes_ + e, dq);
      ++r;
    }
    for (const auto& [a, b] : ties_) {
      put(r, nodes_ + a, 1.0);
      put(r, nodes_ + b, -1.0);
      ++r;
    }
    const std::size_t s = nodes_ + count_;
    for (std::size_t v = 0; v < nodes_; ++v, ++r) {
      put(r, v, 1.0);
      put(r, s + v, -1.0);
    }
    for (std::size_t v = 0; v < nodes_; ++v, ++r) {
      put(r, v, 1.0);
      put(r, s + nodes_ + v, 1.0);
    }
    return true;
  }

  bool eval_h(Index, const Number*, bool, Number, Index, const Number*, bool, Index, Index*,
              Index*, Number*) override {
    return false;  // limited-memory quasi-Newton
  }

  bool intermediate_callback(Ipopt::AlgorithmMode, Index iter, Number objective, Number inf_pr,
                             Number, Number, Number, Number, Number, Number, Index,
                             const Ipopt::IpoptData*, Ipopt::IpoptCalculatedQuantities*) override {
    iterations_ = static_cast<int>(iter);
    if (options_.deadline && std::chrono::steady_clock::now() > *options_.deadline) {
      past_deadline_ = true;
      return false;
    }
    // Inside every bound and on the equalities to 1e-3 Pa: the steady re-check polishes it.
    return !(objective < 1e-7 && inf_pr < 1e-8);
  }

  void finalize_solution(Ipopt::SolverReturn, Index n, const Number* x, const Number*,
                         const Number*, Index, const Number*, const Number*, Number,
                         const Ipopt::IpoptData*, Ipopt::IpoptCalculatedQuantities*) override {
    x_.assign(x, x + n);
  }

 private:
  struct Row {
    double residual = 0.0, d_from = 0.0, d_to = 0.0, d_q = 0.0;
  };

  std::size_t variables() const { return nodes_ + count_ + 2 * nodes_; }
  std::size_t rows() const {
    return nodes_ + count_ + ratio_rows_.size() + margin_rows_.size() + ties_.size() + 2 * nodes_;
  }

  /// Elements without a law of their own that join their ends: their row is equal pressures
  /// (resistors, even those that tie their ends, keep their kernel's row).
  static bool lossless(const Element& x) {
    if (x.state == ControlState::closed) return false;
    if (x.kind == Kind::short_pipe || x.kind == Kind::valve) return true;
    return (x.kind == Kind::regulator || x.kind == Kind::station) && x.state == ControlState::bypass;
  }

  /// Pressures at the mid-window (or the lower bound where unbounded above), no flow; or the
  /// options' start, the slacks at the excess there.
  void start_point() {
    x_.assign(variables(), 0.0);
    const bool given = options_.start_pressure_pa.size() == nodes_ &&
                       options_.start_mass_flow_kg_per_s.size() == count_;
    for (std::size_t v = 0; v < nodes_; ++v)
      x_[v] = given ? std::clamp(options_.start_pressure_pa[v] / bar, 0.5, 500.0)
              : hi_[v] < no_bound ? std::clamp(0.5 * (lo_[v] + hi_[v]), 0.5, 500.0)
                                  : std::clamp(lo_[v] + 10.0, 0.5, 500.0);
    if (given) {
      for (std::size_t e = 0; e < count_; ++e)
        x_[nodes_ + e] = elements_[e].state == ControlState::closed ? 0.0 : options_.start_mass_flow_kg_per_s[e];
      for (std::size_t v = 0; v < nodes_; ++v) {
        x_[nodes_ + count_ + v] = std::max(0.0, x_[v] - hi_[v]);
        x_[nodes_ + count_ + nodes_ + v] = std::max(0.0, lo_[v] - x_[v]);
      }
    }
    // The pipes' rows are the potential form divided by the density at the mean pressure,
    // which the kernel treats as a constant; the program uses the form times that scale at
    // the start, a constant, so that its Jacobian is exact.
    std::vector<double> p(nodes_);
    for (std::size_t v = 0; v < nodes_; ++v) p[v] = x_[v] * bar;
    pipe_scale0_.resize(net_.pipes.size());
    for (std::size_t i = 0; i < net_.pipes.size(); ++i) pipe_scale0_[i] = pipes_->residual_scale(i, p);
  }

  void evaluate_kernels(const Number* x) {
    p_.resize(nodes_);
    for (std::size_t v = 0; v < nodes_; ++v) p_[v] = x[v] * bar;
    q_.assign(x + nodes_, x + nodes_ + net_.pipes.size());  // pipes are the first elements
    pipe_eval_.resize(net_.pipes.size());
    pipes_->evaluate(p_, q_, pipe_eval_);
    for (std::size_t i = 0; i < pipe_eval_.size(); ++i) {
      const double c = pipe_scale0_[i] / pipes_->residual_scale(i, p_);
      auto& b = pipe_eval_[i];
      b.residual *= c;
      b.d_p_from *= c;
      b.d_p_to *= c;
      b.d_q *= c;
    }
    const std::size_t res0 = net_.pipes.size() + net_.short_pipes.size();
    q_.assign(x + nodes_ + res0, x + nodes_ + res0 + net_.resistors.size());
    resistor_eval_.resize(net_.resistors.size());
    if (!net_.resistors.empty()) resistors_->evaluate(p_, q_, resistor_eval_);
  }

  /// Element e's equation (pressure rows in bar) and its derivatives in (bar, bar, kg/s).
  Row row(std::size_t e, const Number* x) const {
    const auto& el = elements_[e];
    const double q = x[nodes_ + e];
    if (el.state == ControlState::closed) return {q, 0.0, 0.0, 1.0};
    if (el.kind == Kind::pipe || el.kind == Kind::resistor) {
      const auto& b = el.kind == Kind::pipe ? pipe_eval_[el.index] : resistor_eval_[el.index];
      if (b.kind == physics::RowKind::pressure)
        return {b.residual / bar, b.d_p_from, b.d_p_to, b.d_q / bar};
      return {b.residual, b.d_p_from * bar, b.d_p_to * bar, b.d_q};
    }
    if (lossless(el)) {  // physics::equal_pressures
      constexpr double r = physics::lossless_resistance_pa_per_kg_per_s / bar;
      return {x[el.from] - x[el.to] - r * q, 1.0, -1.0, -r};
    }
    if (el.kind == Kind::regulator) return {x[el.from] - x[el.to], 1.0, -1.0, 0.0};
    return {x[el.to] - x[el.from], -1.0, 1.0, 0.0};  // active station
  }

  /// How far inside its limits an active station works (relative; negative outside): with a
  /// map, the best configuration's least margin over its units (surge, choke, speed, drive
  /// power); with a power limit, (P_max - P) / P_max as well.
  double margin(std::size_t e, double p_in_bar, double p_out_bar, double q) const {
    const auto& c = net_.compressors[elements_[e].index];
    const double ratio = p_out_bar / p_in_bar;
    const auto& gas = net_.physics.gas;
    double m = std::numeric_limits<double>::infinity();
    if (std::isfinite(c.power_max_w)) {
      const double power = physics::compressor_shaft_power_w(
          std::max(q, 0.0), p_in_bar * bar, p_out_bar * bar, eos_.z_factor(p_in_bar * bar),
          gas.specific_gas_constant(), net_.physics.temperature_k, gas.isentropic_exponent,
          c.efficiency, c.polytropic);
      m = (c.power_max_w - power) / c.power_max_w;
    }
    if (!c.station) return m;
    const physics::StationInlet inlet{p_in_bar * bar, net_.physics.temperature_k,
                                      gas.specific_gas_constant(), gas.isentropic_exponent,
                                      [this](double p) { return eos_.z_factor(p); },
                                      gas.higher_heating_value_j_per_m3 / gas.normal_density()};
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& config : c.station->configurations) {
      const auto w = physics::station_working_point(*c.station, inlet, p_out_bar * bar, q, config.id);
      if (!w.running) {  // no compression or no flow: outside, by how little it compresses
        best = std::max(best, 10.0 * (ratio - 1.0) + 0.01 * q - 0.05);
        continue;
      }
      double unit_least = 1.0;
      for (const auto& u : w.units) {
        if (u.kind == "turbo") unit_least = std::min({unit_least, u.surge_margin, u.choke_margin});
        const auto [speed_min, speed_max] = speed_range(*c.station, u.id);
        if (!std::isfinite(u.speed_per_s)) unit_least = std::min(unit_least, -1.0);
        else if (speed_max > 0.0)
          unit_least = std::min({unit_least, (u.speed_per_s - speed_min) / speed_max,
                                 (speed_max - u.speed_per_s) / speed_max});
        if (std::isfinite(u.drive_power_max_w) && u.drive_power_max_w > 0.0)
          unit_least = std::min(unit_least, (u.drive_power_max_w - u.shaft_power_w) / u.drive_power_max_w);
      }
      // Whatever else the working point breaks (torque, a piston's ratio, no speed on the map).
      double broken = 0.0;
      for (const auto& v : w.violations)
        broken += std::abs(v.value - v.limit) / std::max(std::abs(v.limit), 1e-9);
      if (!w.violations.empty()) unit_least = std::min(unit_least, -std::min(broken, 10.0));
      if (!std::isfinite(unit_least)) unit_least = -10.0;
      best = std::max(best, unit_least);
    }
    return std::min(m, best);
  }

  static std::pair<double, double> speed_range(const model::Station& s, const std::string& unit) {
    for (const auto& t : s.turbo_compressors)
      if (t.id == unit) return {t.speed_min_per_s, t.speed_max_per_s};
    for (const auto& t : s.piston_compressors)
      if (t.id == unit) return {t.speed_min_per_s, t.speed_max_per_s};
    return {0.0, 0.0};
  }

  const model::Network& net_;
  SetpointProgramOptions options_;
  gas::EquationOfState eos_;
  std::size_t nodes_ = 0, count_ = 0;
  std::vector<Element> elements_;
  std::vector<double> lo_, hi_, withdrawal_;
  std::vector<std::vector<std::size_t>> incident_;
  std::unique_ptr<physics::PipeEquations> pipes_;
  std::unique_ptr<physics::ResistorEquations> resistors_;
  std::vector<double> pipe_scale0_;
  std::vector<std::size_t> ratio_rows_, margin_rows_;
  std::vector<std::pair<std::size_t, std::size_t>> ties_;
  std::vector<double> x_;
  std::vector<double> p_, q_;
  std::vector<physics::BranchEval> pipe_eval_, resistor_eval_;
  bool past_deadline_ = false;
  int iterations_ = 0;
};

std::string in_words(Ipopt::ApplicationReturnStatus s) {
  switch (s) {
    case Ipopt::Solve_Succeeded: return "solved";
    case Ipopt::Solved_To_Acceptable_Level: return "solved to an acceptable level";
    case Ipopt::Infeasible_Problem_Detected: return "converged to a point of local infeasibility";
    case Ipopt::Maximum_Iterations_Exceeded: return "iteration limit";
    case Ipopt::User_Requested_Stop: return "stopped";
    case Ipopt::Restoration_Failed: return "restoration phase failed";
    case Ipopt::Error_In_Step_Computation: return "error in the step computation";
    default: return fmt::format("Ipopt status {}", static_cast<int>(s));
  }
}

}  // namespace

model::DisjointSets lossless_islands(const model::Network& net, const DiscreteControl& control) {
  std::unordered_map<std::string_view, std::size_t> node;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) node.emplace(net.nodes[v].id, v);
  model::DisjointSets islands(net.nodes.size());
  const auto join = [&](const model::Branch& b) { islands.unite(node.at(b.from), node.at(b.to)); };
  for (const auto& e : net.short_pipes) join(e);
  for (const auto& r : net.resistors)
    if (model::ties_end_pressures(r)) join(r);
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    if (control.valve_open.at(k)) join(net.valves[k]);
  for (std::size_t k = 0; k < net.control_valves.size(); ++k)
    if (control.regulator_state.at(k) == ControlState::bypass) join(net.control_valves[k]);
  for (std::size_t k = 0; k < net.compressors.size(); ++k)
    if (control.station_state.at(k) == ControlState::bypass) join(net.compressors[k]);
  return islands;
}

SetpointProgramResult solve_setpoint_program(const model::Network& network,
                                             const model::Scenario& scenario,
                                             const DiscreteControl& control,
                                             const SetpointProgramOptions& options) {
  if (control.valve_open.size() != network.valves.size() ||
      control.regulator_state.size() != network.control_valves.size() ||
      control.station_state.size() != network.compressors.size())
    throw std::invalid_argument("setpoint program: the discrete control does not match the network");
  Ipopt::SmartPtr<Program> program = new Program(network, scenario, control, options);
  Ipopt::SmartPtr<Ipopt::IpoptApplication> app = IpoptApplicationFactory();
  auto& o = *app->Options();
  o.SetStringValue("sb", "yes");  // no banner on standard output
  o.SetIntegerValue("print_level", 0);
  o.SetStringValue("hessian_approximation", "limited-memory");
  // A short history: each iteration's solves cost in proportion to it (GasLib-4197: 8-10 s
  // with 2 or 3, 16 s with Ipopt's default 6).
  o.SetIntegerValue("limited_memory_max_history", 3);
  o.SetStringValue("mu_strategy", "adaptive");
  o.SetNumericValue("tol", 1e-8);
  o.SetNumericValue("constr_viol_tol", 1e-8);
  o.SetIntegerValue("max_iter", options.max_iterations);
  SetpointProgramResult result;
  if (app->Initialize() != Ipopt::Solve_Succeeded) {
    result.status = "Ipopt could not be initialised";
    return result;
  }
  const Ipopt::ApplicationReturnStatus status = app->OptimizeTNLP(program);
  result.iterations = program->iterations();
  const bool met = status == Ipopt::Solve_Succeeded || status == Ipopt::Solved_To_Acceptable_Level ||
                   (status == Ipopt::User_Requested_Stop && !program->stopped_at_deadline());
  result.status = program->stopped_at_deadline() ? "stopped at the time limit"
                  : status == Ipopt::User_Requested_Stop ? "solved (inside every bound)"
                                                         : in_words(status);
  const auto& x = program->point();
  if (x.empty()) return result;
  const std::size_t n = program->nodes(), m = program->count();
  result.pressure_pa.resize(n);
  for (std::size_t v = 0; v < n; ++v) result.pressure_pa[v] = x[v] * bar;
  result.mass_flow_kg_per_s.assign(x.begin() + static_cast<std::ptrdiff_t>(n),
                                   x.begin() + static_cast<std::ptrdiff_t>(n + m));
  std::vector<std::pair<double, std::size_t>> outside;
  for (std::size_t v = 0; v < n; ++v) {
    const double excess = std::max({0.0, x[v] - program->hi(v), program->lo(v) - x[v]}) * bar;
    result.bound_excess_pa += excess;
    if (excess > 1.0) outside.emplace_back(excess, v);
  }
  std::sort(outside.rbegin(), outside.rend());
  for (std::size_t i = 0; i < outside.size() && i < 10; ++i)
    result.nodes_outside.emplace_back(network.nodes[outside[i].second].id, outside[i].first);
  for (std::size_t e : program->margin_rows())
    if (program->margin_at(e, x) < 2.0 * options.map_margin)
      result.stations_at_limit.push_back(program->compressor_of(e));
  result.solved = met;
  return result;
}

}  // namespace linepack::validation
