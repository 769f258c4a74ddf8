#include "linepack/transient/simulator.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "linepack/model/id_index.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/physics/station_working_point.hpp"
#include "linepack/physics/compressor_equation.hpp"
#include "linepack/steady/solver.hpp"

namespace linepack::transient {

Scheme parse_scheme(std::string_view name) {
  if (name == "euler" || name == "backward_euler" || name == "be" || name == "implicit_euler")
    return Scheme::backward_euler;
  if (name == "crank_nicolson" || name == "cn" || name == "trapezoidal")
    return Scheme::crank_nicolson;
  if (name == "tr_bdf2" || name == "trbdf2" || name == "tr-bdf2") return Scheme::tr_bdf2;
  throw std::invalid_argument(fmt::format(
      "unknown scheme '{}' (expected backward_euler (euler), crank_nicolson (cn) or tr_bdf2)",
      name));
}

std::string to_string(Scheme scheme) {
  switch (scheme) {
    case Scheme::backward_euler: return "backward_euler";
    case Scheme::crank_nicolson: return "crank_nicolson";
    case Scheme::tr_bdf2: return "tr_bdf2";
  }
  return "?";
}

int order_of(Scheme scheme) { return scheme == Scheme::backward_euler ? 1 : 2; }

namespace {

void check_options(const TransientOptions& o) {
  auto positive = [](double v, const char* what) {
    if (!(v > 0.0) || !std::isfinite(v))
      throw std::invalid_argument(fmt::format("{} must be a positive number of seconds or metres, got {}", what, v));
  };
  positive(o.dt_s, "dt");
  positive(o.dx_m, "dx");
  if (!(o.duration_s >= 0.0) || !std::isfinite(o.duration_s))
    throw std::invalid_argument(fmt::format("duration must not be negative, got {}", o.duration_s));
  if (!std::isfinite(o.start_time_s)) throw std::invalid_argument("start time is not finite");
  if (!(o.tolerance > 0.0) || !(o.steady_tolerance > 0.0))
    throw std::invalid_argument("Newton tolerances must be positive");
}

}  // namespace

Simulator::Simulator(const model::Network& network, const model::Scenario& scenario,
                     const Schedule& schedule, const TransientOptions& options)
    : scenario_(scenario), options_(options) {
  check_options(options_);
  validate(schedule, network);
  // The boundaries at the start: the scenario's, replaced or completed by the schedule's node
  // series (so that a schedule alone can carry them). Validation checks each part of the
  // network has a pressure boundary then.
  for (const auto& ns : schedule.nodes) {
    auto it = std::find_if(scenario_.boundaries.begin(), scenario_.boundaries.end(),
                           [&](const auto& b) { return b.node == ns.node; });
    const model::NodeBoundary b{ns.node, ns.kind, ns.series.at(options_.start_time_s)};
    if (it == scenario_.boundaries.end()) scenario_.boundaries.push_back(b);
    else *it = b;
  }
  const model::Topology topology = model::validate(network, scenario_);
  network_ = model::apply_controls(network, scenario_);
  eq_ = std::make_unique<TransientEquations>(network_, topology, options_.dx_m, options_.inertia);
  lu_ = std::make_unique<numerics::LinearSolver>(eq_->pattern(), eq_->eliminable());
  modes_ = std::make_unique<ControlModes>(eq_->network(), options_.hold_limits);
  const std::size_t n = eq_->size(), nnz = eq_->pattern().nonzeros();
  x_.assign(n, 0.0);
  x_prev_.assign(n, 0.0);
  x_old_.assign(n, 0.0);
  x_mid_.assign(n, 0.0);
  f_.assign(n, 0.0);
  dx_.assign(n, 0.0);
  x_trial_.assign(n, 0.0);
  f_trial_.assign(n, 0.0);
  jac_.assign(nnz, 0.0);
  jac_trial_.assign(nnz, 0.0);
  balance_.assign(network_.nodes.size(), 0.0);
  time_ = options_.start_time_s;
  end_time_ = options_.start_time_s + options_.duration_s;
  resolve_schedule(schedule);
  for (std::size_t i = 0; i < network_.nodes.size(); ++i)
    if (network_.nodes[i].pressure_min_pa > 0.0) {
      Survival s;
      s.node = i;
      s.pressure_min_pa = network_.nodes[i].pressure_min_pa;
      survival_.push_back(s);
    }
  auto& s = snapshot_;
  s.node_pressure_pa.assign(network_.nodes.size(), 0.0);
  s.element_flow_kg_per_s.assign(network_.element_count(), 0.0);
  s.pipe_linepack_kg.assign(network_.pipes.size(), 0.0);
  s.compressor_power_w.assign(network_.compressors.size(), 0.0);
  s.compressor_fuel_kg_per_s.assign(network_.compressors.size(), 0.0);
  s.compressor_fuel_withdrawn_kg_per_s.assign(network_.compressors.size(), 0.0);
  compressor_fuel_withdrawn_.assign(network_.compressors.size(), 0.0);
  compressor_fuel_withdrawn_cumulative_kg_.assign(network_.compressors.size(), 0.0);
  node_fuel_kg_per_s_.assign(network_.nodes.size(), 0.0);
  // Nodes with a boundary; those that may inject gas.
  std::vector<bool> boundary(network_.nodes.size(), false), may_supply(network_.nodes.size(), false);
  for (std::size_t i = 0; i < network_.nodes.size(); ++i) {
    const auto& src = node_source_[i];
    boundary[i] = src.has_base || src.series != nullptr;
    may_supply[i] = src.has_base && (src.base_pressure || src.base_value < 0.0);
    if (src.series) {
      const auto& v = src.series->series.value;
      may_supply[i] = may_supply[i] || src.series->kind == model::NodeBoundary::Kind::pressure ||
                      std::any_of(v.begin(), v.end(), [](double w) { return w < 0.0; });
    }
  }
  model::IdIndex ids(network_.nodes.size());
  for (std::size_t i = 0; i < network_.nodes.size(); ++i) ids.insert(network_.nodes[i].id, i);
  for (const auto& ev : schedule_.events)
    if (ev.kind == EventKind::supply_loss || ev.kind == EventKind::offtake_step) {
      const std::size_t i = ids.find(ev.target);
      boundary[i] = true;
      may_supply[i] = may_supply[i] || (ev.kind == EventKind::offtake_step && *ev.value < 0.0);
    }
  for (const auto& c : schedule_.compositions) boundary[ids.find(c.node)] = true;
  for (std::size_t i = 0; i < boundary.size(); ++i)
    if (boundary[i]) boundary_nodes_.push_back(i);
  if (!schedule_.compositions.empty()) {
    quality_ = std::make_unique<QualityTracker>(*eq_, schedule_.compositions,
                                                network_.physics.eos.composition, may_supply);
    const std::size_t nn = network_.nodes.size();
    s.node_gross_cv_j_per_m3.assign(nn, 0.0);
    s.node_wobbe_j_per_m3.assign(nn, 0.0);
    s.node_relative_density.assign(nn, 0.0);
    s.node_energy_flow_w.assign(nn, 0.0);
  }
  if (network_.physics.thermal.energy_equation) {
    energy_ = std::make_unique<EnergyTracker>(*eq_);
    thermo_ = std::make_unique<physics::GasThermo>(network_.physics);
    s.node_temperature_k.assign(network_.nodes.size(), 0.0);
  }
  if (quality_ || energy_) mean_flow_.assign(n, 0.0);
}

Simulator::~Simulator() = default;

// ---- schedule ----

void Simulator::resolve_schedule(const Schedule& schedule) {
  schedule_ = schedule;
  const auto& net = network_;
  model::IdIndex nodes(net.nodes.size());
  for (std::size_t i = 0; i < net.nodes.size(); ++i) nodes.insert(net.nodes[i].id, i);
  node_source_.assign(net.nodes.size(), {});
  node_override_.assign(net.nodes.size(), {});
  for (const auto& b : scenario_.boundaries) {
    const std::size_t i = nodes.find(b.node);
    auto& src = node_source_[i];
    src.has_base = true;
    src.base_pressure = b.kind == model::NodeBoundary::Kind::pressure;
    src.base_value = b.value;
  }
  for (std::size_t k = 0; k < schedule_.nodes.size(); ++k) {
    const auto& ns = schedule_.nodes[k];
    auto& src = node_source_[nodes.find(ns.node)];
    if (src.series)
      throw ScheduleError(ScheduleError::List::nodes, k, ns.node,
                          "more than one time series for this node");
    src.series = &ns;
  }
  // Elements by kind.
  auto index_of = [](const auto& list) {
    model::IdIndex idx(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) idx.insert(list[i].id, i);
    return idx;
  };
  const model::IdIndex valves = index_of(net.valves), cvs = index_of(net.control_valves),
                       css = index_of(net.compressors);
  valve_series_.assign(net.valves.size(), nullptr);
  cv_series_.assign(net.control_valves.size(), nullptr);
  cs_series_.assign(net.compressors.size(), nullptr);
  valve_override_.assign(net.valves.size(), {});
  cv_override_.assign(net.control_valves.size(), {});
  cs_override_.assign(net.compressors.size(), {});
  for (std::size_t k = 0; k < schedule_.elements.size(); ++k) {
    const auto& es = schedule_.elements[k];
    const ElementSeries** slot = nullptr;
    if (auto i = cvs.find(es.element); i != model::IdIndex::npos) slot = &cv_series_[i];
    if (auto i = css.find(es.element); i != model::IdIndex::npos) slot = &cs_series_[i];
    if (slot == nullptr) continue;  // validate() rejected other kinds
    if (*slot)
      throw ScheduleError(ScheduleError::List::elements, k, es.element,
                          "more than one setpoint schedule for this element");
    *slot = &es;
  }
  (void)valves;
  // Events in time order; breakpoints.
  events_.clear();
  for (std::size_t k = 0; k < schedule_.events.size(); ++k)
    events_.push_back({schedule_.events[k].time_s, k});
  std::stable_sort(events_.begin(), events_.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  next_event_ = 0;
  breakpoints_.clear();
  auto add_points = [&](const TimeSeries& ts) {
    if (options_.series_breakpoints || ts.interpolation == Interpolation::step)
      breakpoints_.insert(breakpoints_.end(), ts.time_s.begin(), ts.time_s.end());
  };
  for (const auto& ns : schedule_.nodes) add_points(ns.series);
  for (const auto& es : schedule_.elements) add_points(es.setpoint);
  for (const auto& c : schedule_.compositions)  // a supply's gas changes at these times
    breakpoints_.insert(breakpoints_.end(), c.time_s.begin(), c.time_s.end());
  for (const auto& ev : schedule_.events) {
    breakpoints_.push_back(ev.time_s);
    if (ev.duration_s > 0.0) breakpoints_.push_back(ev.time_s + ev.duration_s);
  }
  std::sort(breakpoints_.begin(), breakpoints_.end());
  breakpoints_.erase(std::unique(breakpoints_.begin(), breakpoints_.end()), breakpoints_.end());
}

double Simulator::next_breakpoint(double t) const {
  const double eps = 1e-9 * std::max(1.0, options_.dt_s);
  auto it = std::upper_bound(breakpoints_.begin(), breakpoints_.end(), t + eps);
  return it == breakpoints_.end() ? std::numeric_limits<double>::infinity() : *it;
}

std::pair<bool, double> Simulator::node_boundary(std::size_t i, double t, bool left) const {
  const auto& ov = node_override_[i];
  if (ov.active) {
    if (!(ov.t1 > ov.t0) || t >= ov.t1) return {false, ov.to_value};
    if (t <= ov.t0) return {false, ov.from_value};
    return {false, ov.from_value + (ov.to_value - ov.from_value) * (t - ov.t0) / (ov.t1 - ov.t0)};
  }
  const auto& src = node_source_[i];
  if (src.series)
    return {src.series->kind == model::NodeBoundary::Kind::pressure,
            left ? src.series->series.left(t) : src.series->series.at(t)};
  if (src.has_base) return {src.base_pressure, src.base_value};
  return {false, 0.0};
}

void Simulator::fire_events(double t, bool at_start) {
  // At the start, events strictly before the start time are history (applied without ramps);
  // events at the start time are the disturbance that starts the run: they fire before the
  // first step, after the initial state.
  const double eps = at_start ? -1e-9 * std::max(1.0, options_.dt_s)
                              : 1e-9 * std::max(1.0, options_.dt_s);
  const auto& net = network_;
  auto by_id = [](const auto& list, const std::string& id) {
    for (std::size_t i = 0; i < list.size(); ++i)
      if (list[i].id == id) return i;
    return list.size();
  };
  while (next_event_ < events_.size() && events_[next_event_].first <= t + eps) {
    const Event& ev = schedule_.events[events_[next_event_].second];
    ++next_event_;
    switch (ev.kind) {
      case EventKind::offtake_step:
      case EventKind::supply_loss: {
        const std::size_t i = by_id(net.nodes, ev.target);
        // The ramp starts from the node's withdrawal just before the event: its boundary value
        // for a flow node, the negative of its computed supply for a pressure node.
        auto [is_pressure, before] = node_boundary(i, ev.time_s, true);
        if (is_pressure) before = at_start ? 0.0 : -balance_[i];
        auto& ov = node_override_[i];
        ov.active = true;
        ov.from_value = before;
        ov.to_value =
            ev.kind == EventKind::offtake_step ? *ev.value : -(ev.value ? *ev.value : 0.0);
        ov.t0 = ev.time_s;
        ov.t1 = ev.time_s + ev.duration_s;
        if (at_start) ov.from_value = ov.to_value;  // a ramp that began before the run: no history
        break;
      }
      case EventKind::compressor_trip: {
        const std::size_t i = by_id(net.compressors, ev.target);
        auto& ov = cs_override_[i];
        ov.active = true;
        ov.control.state = ev.state.value_or(model::ControlState::bypass);
        ov.control.mode = eq_->network().compressors[i].mode;
        ov.control.setpoint = eq_->network().compressors[i].setpoint;
        ov.non_return = ov.control.state == model::ControlState::bypass && ev.non_return;
        ov.tripped = true;
        if (ov.non_return) {
          const auto& topo = eq_->topology();
          const std::size_t e = net.pipes.size() + net.short_pipes.size() + net.resistors.size() +
                                net.valves.size() + net.control_valves.size() + i;
          ov.non_return_open = at_start || x_[topo.from[e]] >= x_[topo.to[e]];
        }
        break;
      }
      case EventKind::compressor_start: {
        const std::size_t i = by_id(net.compressors, ev.target);
        auto& ov = cs_override_[i];
        if (!ev.value && !ev.mode && cs_series_[i]) {
          ov.active = false;  // back to its schedule
          break;
        }
        ov.active = true;
        ov.non_return = false;
        ov.control.state = model::ControlState::active;
        ov.control.mode = ev.mode.value_or(net.compressors[i].mode);
        ov.control.setpoint = ev.value.value_or(net.compressors[i].setpoint);
        break;
      }
      case EventKind::valve_open:
      case EventKind::valve_close: {
        const bool open = ev.kind == EventKind::valve_open;
        if (std::size_t i = by_id(net.valves, ev.target); i < net.valves.size()) {
          valve_override_[i].active = true;
          valve_override_[i].control.state =
              open ? model::ControlState::active : model::ControlState::closed;
        } else {
          i = by_id(net.control_valves, ev.target);
          auto& ov = cv_override_[i];
          ov.active = true;
          ov.control.state = open ? model::ControlState::bypass : model::ControlState::closed;
          ov.control.setpoint = eq_->network().control_valves[i].outlet_pressure_pa;
        }
        break;
      }
      case EventKind::control: {
        if (std::size_t i = by_id(net.compressors, ev.target); i < net.compressors.size()) {
          auto& ov = cs_override_[i];
          const auto& now = eq_->network().compressors[i];
          ov.active = true;
          ov.non_return = false;
          ov.control.state = ev.state.value_or(now.state);
          ov.control.mode = ev.mode.value_or(now.mode);
          ov.control.setpoint = ev.value.value_or(now.setpoint);
        } else if (i = by_id(net.control_valves, ev.target); i < net.control_valves.size()) {
          auto& ov = cv_override_[i];
          const auto& now = eq_->network().control_valves[i];
          ov.active = true;
          ov.control.state = ev.state.value_or(now.state);
          ov.control.setpoint = ev.value.value_or(now.outlet_pressure_pa);
        } else {
          i = by_id(net.valves, ev.target);
          valve_override_[i].active = true;
          valve_override_[i].control.state = ev.state.value_or(model::ControlState::active);
        }
        break;
      }
    }
  }
}

void Simulator::apply_controls(double t_new) {
  const auto& net = network_;
  for (std::size_t i = 0; i < net.valves.size(); ++i) {
    const auto& ov = valve_override_[i];
    eq_->set_valve(i, ov.active ? ov.control.state != model::ControlState::closed
                                : net.valves[i].open);
  }
  for (std::size_t i = 0; i < net.control_valves.size(); ++i) {
    const auto& ov = cv_override_[i];
    const auto& base = net.control_valves[i];
    if (ov.active) {
      eq_->set_control_valve(i, ov.control.state, ov.control.setpoint);
    } else if (const ElementSeries* s = cv_series_[i]) {
      eq_->set_control_valve(i, s->state.value_or(model::ControlState::active),
                             s->setpoint.left(t_new));
    } else {
      eq_->set_control_valve(i, base.state, base.outlet_pressure_pa);
    }
  }
  for (std::size_t i = 0; i < net.compressors.size(); ++i) {
    auto& ov = cs_override_[i];
    const auto& base = net.compressors[i];
    if (ov.active) {
      auto state = ov.control.state;
      if (ov.non_return)
        state = ov.non_return_open ? model::ControlState::bypass : model::ControlState::closed;
      eq_->set_compressor(i, state, ov.control.mode, ov.control.setpoint);
    } else if (const ElementSeries* s = cs_series_[i]) {
      eq_->set_compressor(i, s->state.value_or(model::ControlState::active),
                          s->mode.value_or(base.mode), s->setpoint.left(t_new));
    } else {
      eq_->set_compressor(i, base.state, base.mode, base.setpoint);
    }
  }
  modes_->apply(*eq_);
  eq_->refresh_controls(x_);
}

void Simulator::apply_boundaries(double t_start, double t_mid, double t_new, double b_start,
                                 double b_mid) {
  for (std::size_t i = 0; i < network_.nodes.size(); ++i) {
    const auto [p_new, v_new] = node_boundary(i, t_new, true);
    if (p_new) {
      eq_->set_pressure(i, v_new);
      continue;
    }
    // Fuel (withdraw_fuel) is constant over the step: the same at every level.
    const double fuel = node_fuel_kg_per_s_[i];
    double w_explicit = (b_start + b_mid) * fuel;
    if (b_start != 0.0) {
      const auto [p_old, v_old] = node_boundary(i, t_start, false);
      w_explicit += b_start * (p_old ? v_new : v_old);
    }
    if (b_mid != 0.0) {
      const auto [p_mid, v_mid] = node_boundary(i, t_mid, true);
      w_explicit += b_mid * (p_mid ? v_new : v_mid);
    }
    eq_->set_withdrawal(i, v_new + fuel, w_explicit);
  }
}

void Simulator::set_steady_boundaries(double t) {
  for (std::size_t i = 0; i < network_.nodes.size(); ++i) {
    const auto [is_p, v] = node_boundary(i, t, false);
    if (is_p) eq_->set_pressure(i, v);
    else eq_->set_withdrawal(i, v + node_fuel_kg_per_s_[i], 0.0);
  }
}

void Simulator::set_fuel_withdrawal(std::span<const double> compressor_fuel_kg_per_s) {
  const auto& topo = eq_->topology();
  const std::size_t first_cs = network_.element_count() - network_.compressors.size();
  std::fill(node_fuel_kg_per_s_.begin(), node_fuel_kg_per_s_.end(), 0.0);
  for (std::size_t c = 0; c < network_.compressors.size(); ++c) {
    const bool active = eq_->network().compressors[c].state == model::ControlState::active;
    const double fuel = active && options_.withdraw_fuel ? compressor_fuel_kg_per_s[c] : 0.0;
    compressor_fuel_withdrawn_[c] = fuel;
    node_fuel_kg_per_s_[topo.from[first_cs + c]] += fuel;
  }
}

// ---- Newton ----

NewtonStats Simulator::newton(double tolerance, int max_iterations) {
  TransientEquations& eq = *eq_;
  const auto& w = eq.row_weights();
  const std::size_t n = x_.size();
  auto merit = [&](const std::vector<double>& f) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += (f[i] * w[i]) * (f[i] * w[i]);
    return std::isfinite(s) ? 0.5 * s : INFINITY;
  };
  NewtonStats st;
  eq.evaluate(x_, f_, jac_.data());
  double phi = merit(f_);
  for (int it = 0;; ++it) {
    st.iterations = it;
    double norm = 0.0;
    std::size_t worst = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = std::abs(f_[i] * w[i]);
      if (!(v <= norm)) {
        norm = std::isnan(v) ? INFINITY : v;
        worst = i;
      }
    }
    st.residual_norm = norm;
    st.worst_row = worst;
    if (norm <= tolerance) {
      st.converged = true;
      return st;
    }
    if (it >= max_iterations || !std::isfinite(phi)) return st;
    if (!lu_->factor(jac_)) {
      st.singular = true;
      return st;
    }
    for (std::size_t i = 0; i < n; ++i) dx_[i] = -f_[i];
    lu_->solve(dx_);
    // Size of the step in bar and kg/s; a step far below the tolerance means the residual is at
    // its rounding floor: accept when the residual is near the tolerance.
    double step_norm = 0.0;
    const std::size_t np = eq.pressure_count();
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(dx_[i])) return st;
      step_norm = std::max(step_norm, std::abs(dx_[i]) * (i < np ? 1e-5 : 1.0));
    }
    if (step_norm <= 1e-3 * tolerance && norm <= 1e3 * tolerance) {
      st.converged = true;
      return st;
    }
    double alpha = eq.max_step(x_, dx_);
    double phi_trial = INFINITY;
    for (int b = 0; b <= 30; ++b) {
      for (std::size_t i = 0; i < n; ++i) x_trial_[i] = x_[i] + alpha * dx_[i];
      eq.evaluate(x_trial_, f_trial_, jac_trial_.data());
      phi_trial = merit(f_trial_);
      if (phi_trial <= (1.0 - 1e-4 * alpha) * phi) break;
      if (b < 30) alpha *= 0.5;
    }
    x_.swap(x_trial_);
    f_.swap(f_trial_);
    jac_.swap(jac_trial_);
    phi = phi_trial;
  }
}

// ---- start ----

NewtonStats Simulator::start_from_steady() {
  const double t0 = options_.start_time_s;
  fire_events(t0, true);
  apply_controls(t0);
  set_steady_boundaries(t0);
  // The steady solver (exact pipe law) on the network with the controls at t0 gives the start.
  model::Scenario sc;
  for (std::size_t i = 0; i < network_.nodes.size(); ++i) {
    const auto [is_p, v] = node_boundary(i, t0, false);
    if (!is_p && v == 0.0) continue;
    sc.boundaries.push_back({network_.nodes[i].id,
                             is_p ? model::NodeBoundary::Kind::pressure
                                  : model::NodeBoundary::Kind::flow,
                             v});
  }
  steady::SteadyOptions steady_options;
  steady_options.hold_limits = options_.hold_limits;  // the start's modes (limits held)
  steady_options.withdraw_fuel = options_.withdraw_fuel;  // the start burns its fuel too
  // A setpoint beyond its limit (from a schedule or another tool's data) is an input error for
  // the steady solver; in time the limit binds: start from the setpoints, and the discrete
  // rounds below switch to the limit.
  steady::SteadyResult r;
  try {
    r = steady::solve(eq_->network(), sc, steady_options);
  } catch (const model::ValidationError&) {
    if (!steady_options.hold_limits) throw;
    steady_options.hold_limits = false;
    r = steady::solve(eq_->network(), sc, steady_options);
  }
  if (options_.withdraw_fuel) {  // the discrete steady state withdraws the steady fuel
    const std::size_t first_cs = network_.element_count() - network_.compressors.size();
    std::vector<double> fuel(network_.compressors.size(), 0.0);
    for (std::size_t c = 0; c < fuel.size() && first_cs + c < r.elements.size(); ++c)
      if (std::isfinite(r.elements[first_cs + c].fuel_kg_per_s))
        fuel[c] = r.elements[first_cs + c].fuel_kg_per_s;
    set_fuel_withdrawal(fuel);
    set_steady_boundaries(t0);
  }
  const auto& eq = *eq_;
  const std::size_t nn = network_.nodes.size();
  for (std::size_t i = 0; i < nn; ++i) x_[i] = r.nodes[i].pressure_pa;
  const auto& eos = eq.eos();
  for (std::size_t k = 0; k < network_.pipes.size(); ++k) {
    const auto& pc = eq.pipes()[k];
    const double pf = x_[eq.pressure_index(k, 0)], pt = x_[eq.pressure_index(k, pc.cells)];
    const double pi_f = eos.potential(pf), pi_t = eos.potential(pt);
    for (std::size_t j = 1; j < pc.cells; ++j) {
      const double s = static_cast<double>(j) / static_cast<double>(pc.cells);
      x_[eq.pressure_index(k, j)] = eos.pressure_from_potential(pi_f + s * (pi_t - pi_f));
    }
    for (std::size_t c = 0; c < pc.cells; ++c)
      x_[eq.cell_index(k, c)] = r.elements[k].mass_flow_kg_per_s;
  }
  for (std::size_t e = network_.pipes.size(); e < r.elements.size(); ++e)
    x_[eq.element_flow_index(e)] = r.elements[e].mass_flow_kg_per_s;
  for (std::size_t i = 0; i < x_.size(); ++i)
    if (!std::isfinite(x_[i])) x_[i] = i < eq.pressure_count() ? 1e6 : 0.0;
  eq_->set_steady();
  modes_->start_from(network_, r);
  modes_->apply(*eq_);
  eq_->refresh_controls(x_);
  mean_a_ = 1.0;
  mean_b_start_ = mean_b_mid_ = 0.0;
  NewtonStats st = newton(options_.steady_tolerance, options_.steady_max_iterations);
  initial_iterations_ = st.iterations;
  // The discrete state may still switch a mode the exact pipe law did not (a few rounds).
  modes_->begin_step();
  for (int round = 0; st.converged && round < 5 * ControlModes::max_resolves; ++round) {
    if (!modes_->update(*eq_, x_)) break;
    modes_->apply(*eq_);
    eq_->refresh_controls(x_);
    const std::vector<double> x_before = x_;
    st = newton(options_.steady_tolerance, options_.steady_max_iterations);
    initial_iterations_ += st.iterations;
    if (!st.converged) {  // no state with the new modes: keep the last converged one
      modes_->revert();
      modes_->apply(*eq_);
      x_ = x_before;
      eq_->refresh_controls(x_);
      st = newton(options_.steady_tolerance, options_.steady_max_iterations);
      break;
    }
  }
  // Energy equation: the start is the coupled steady state, by Picard iteration between the
  // temperatures and the hydraulics (as steady/solver.cpp), until no pressure moves by 1 Pa.
  if (energy_ && st.converged) {
    constexpr int max_coupling_iterations = 50;
    for (int it = 0;; ++it) {
      if (it == max_coupling_iterations) {
        st.converged = false;
        break;
      }
      fill_snapshot(0.0, true);
      update_density_factors();
      const std::vector<double> x_before = x_;
      st = newton(options_.steady_tolerance, options_.steady_max_iterations);
      initial_iterations_ += st.iterations;
      if (!st.converged) break;
      double change = 0.0;
      for (std::size_t i = 0; i < eq.pressure_count(); ++i)
        change = std::max(change, std::abs(x_[i] - x_before[i]));
      if (change <= 1.0) break;
    }
  }
  time_ = t0;
  have_prev_ = false;
  x_old_ = x_;
  if (!st.converged) {
    const auto [id, kind] = eq_->describe_row(st.worst_row);
    message_ = fmt::format(
        "no discrete steady state at t = {} s: Newton stopped after {} iterations with residual "
        "{:.3g}{} (worst equation: {} '{}'); the steady solver said: {}",
        t0, st.iterations, st.residual_norm, st.singular ? " (singular Jacobian)" : "", kind, id,
        r.message.empty() ? steady::to_string(r.status) : r.message);
    return st;
  }
  net_inflow_cumulative_kg_ = 0.0;
  fuel_withdrawn_cumulative_kg_ = 0.0;
  std::fill(compressor_fuel_withdrawn_cumulative_kg_.begin(),
            compressor_fuel_withdrawn_cumulative_kg_.end(), 0.0);
  fill_snapshot(0.0, true);
  initial_linepack_kg_ = snapshot_.linepack_kg;
  initial_energy_j_ = snapshot_.energy_j;
  update_survival(t0, t0);
  return st;
}

void Simulator::start_from_state(double time_s, std::span<const double> x) {
  if (!std::isfinite(time_s) || !std::isfinite(time_s + options_.duration_s))
    throw std::invalid_argument(fmt::format("start time {} s is not a finite time", time_s));
  if (x.size() != x_.size())
    throw std::invalid_argument(fmt::format("state has {} unknowns, this discretisation {}",
                                            x.size(), x_.size()));
  std::copy(x.begin(), x.end(), x_.begin());
  time_ = time_s;
  options_.start_time_s = time_s;
  end_time_ = time_s + options_.duration_s;
  fire_events(time_s, true);
  apply_controls(time_s);
  set_steady_boundaries(time_s);
  have_prev_ = false;
  x_old_ = x_;
  net_inflow_cumulative_kg_ = 0.0;
  fuel_withdrawn_cumulative_kg_ = 0.0;
  std::fill(compressor_fuel_withdrawn_cumulative_kg_.begin(),
            compressor_fuel_withdrawn_cumulative_kg_.end(), 0.0);
  eq_->set_steady();
  fill_snapshot(0.0, true);
  if (energy_) {  // the given state with its temperatures' densities
    update_density_factors();
    fill_snapshot(0.0, true);
  }
  if (options_.withdraw_fuel) {  // the saved state's fuel, withdrawn from the first step on
    set_fuel_withdrawal(snapshot_.compressor_fuel_kg_per_s);
    set_steady_boundaries(time_s);
    fill_snapshot(0.0, true);
  }
  initial_linepack_kg_ = snapshot_.linepack_kg;
  initial_energy_j_ = snapshot_.energy_j;
  update_survival(time_s, time_s);
}

// ---- stepping ----

bool Simulator::try_step(double dt) {
  const double t_new = time_ + dt;
  x_old_ = x_;
  // Fuel lagged by one step: the stations' fuel at the step start, withdrawn during the step.
  if (options_.withdraw_fuel) set_fuel_withdrawal(snapshot_.compressor_fuel_kg_per_s);
  // Modes are checked at the step end; a switch solves the step again from its start.
  int iterations = 0;
  modes_->begin_step();
  for (int resolve = 0;; ++resolve) {
    if (!solve_stages(dt, t_new, iterations)) {
      if (resolve == 0) return false;
      // The new modes have no state in this step: the step keeps the modes it converged with.
      modes_->revert();
      if (!solve_stages(dt, t_new, iterations)) return false;
      break;
    }
    if (resolve >= ControlModes::max_resolves || !modes_->update(*eq_, x_)) break;
    ++control_resolves_;
    x_ = x_old_;
  }
  max_iterations_per_step_ = std::max(max_iterations_per_step_, iterations);
  x_prev_.swap(x_old_);  // x_prev_ = state at the step start
  x_old_ = x_prev_;
  have_prev_ = true;
  last_dt_ = dt;
  const double t_old = time_;
  time_ = t_new;
  fill_snapshot(dt, false);
  if (energy_) update_density_factors();
  update_survival(t_old, t_new);
  return true;
}

bool Simulator::solve_stages(double dt, double t_new, int& iterations) {
  const std::size_t np = eq_->pressure_count();
  auto extrapolate = [&](const std::vector<double>& from, const std::vector<double>& to, double r) {
    for (std::size_t i = 0; i < x_.size(); ++i) {
      const double v = to[i] + r * (to[i] - from[i]);
      x_[i] = (i < np && !(v > 0.5 * to[i])) ? to[i] : v;
    }
  };
  auto fix_pressures = [&](double t) {
    for (std::size_t i = 0; i < network_.nodes.size(); ++i)
      if (eq_->pressure_fixed(i)) x_[i] = node_boundary(i, t, true).second;
  };
  auto fail = [&](const NewtonStats& st, double t_stage) {
    const auto [id, kind] = eq_->describe_row(st.worst_row);
    const auto p = std::span<const double>(x_).subspan(0, np);
    const auto lowest = std::min_element(p.begin(), p.end());
    message_ = fmt::format(
        "Newton did not converge in the step from t = {} s to {} s: residual {:.3g} after {} "
        "iterations{} (worst equation: {} '{}'; lowest pressure at the last iterate {:.4g} bar{})",
        time_, t_stage, st.residual_norm, st.iterations,
        st.singular ? ", singular Jacobian" : "", kind, id, *lowest / 1e5,
        *lowest < 1e5 ? ": the demand is more than the network can deliver" : "");
    x_ = x_old_;
    return false;
  };
  auto converged = [&](const NewtonStats& st) {
    newton_iterations_ += static_cast<std::size_t>(st.iterations);
    if (!st.converged) return false;
    for (std::size_t i = 0; i < np; ++i)
      if (!(x_[i] > 0.0)) return false;
    return true;
  };
  const bool predict = options_.extrapolate && have_prev_ && last_dt_ > 0.0;
  if (options_.scheme == Scheme::tr_bdf2) {
    // Stage 1: trapezoidal rule to t* = t + gamma dt. Stage 2: BDF2 on t, t*, t + dt, as the
    // ESDIRK row m^{n+1} = m^n + dt (b1 F^n + b1 F* + d F^{n+1}), b1 = 1/(2 sqrt 2), d = gamma/2.
    const double gamma = 2.0 - std::sqrt(2.0), d = 0.5 * gamma, b1 = 0.25 * std::sqrt(2.0);
    const double t_mid = time_ + gamma * dt;
    apply_controls(t_mid);
    apply_boundaries(time_, time_, t_mid, 0.5, 0.0);
    eq_->begin_stage(x_old_, {}, gamma * dt, 0.5, 0.5, 0.0);
    if (predict) extrapolate(x_prev_, x_old_, gamma * dt / last_dt_);
    fix_pressures(t_mid);
    NewtonStats st = newton(options_.tolerance, options_.max_iterations);
    iterations += st.iterations;
    if (!converged(st)) return fail(st, t_mid);
    x_mid_ = x_;
    apply_controls(t_new);
    apply_boundaries(time_, t_mid, t_new, b1, b1);
    eq_->begin_stage(x_old_, x_mid_, dt, d, b1, b1);
    extrapolate(x_old_, x_mid_, (1.0 - gamma) / gamma);
    fix_pressures(t_new);
    st = newton(options_.tolerance, options_.max_iterations);
    iterations += st.iterations;
    if (!converged(st)) return fail(st, t_new);
    mean_a_ = d;
    mean_b_start_ = b1;
    mean_b_mid_ = b1;
  } else {
    const double a = options_.scheme == Scheme::backward_euler ? 1.0 : 0.5;
    apply_controls(t_new);
    apply_boundaries(time_, time_, t_new, 1.0 - a, 0.0);
    eq_->begin_stage(x_old_, {}, dt, a, 1.0 - a, 0.0);
    if (predict) extrapolate(x_prev_, x_old_, dt / last_dt_);
    fix_pressures(t_new);
    const NewtonStats st = newton(options_.tolerance, options_.max_iterations);
    iterations += st.iterations;
    if (!converged(st)) return fail(st, t_new);
    mean_a_ = a;
    mean_b_start_ = 1.0 - a;
    mean_b_mid_ = 0.0;
  }
  return true;
}

void Simulator::update_non_return() {
  // Tripped stations: the non-return valve closes on reverse flow and opens again when the
  // suction pressure reaches the discharge pressure, decided once at the start of each step.
  const auto& net = network_;
  const auto& topo = eq_->topology();
  const std::size_t first_cs = net.element_count() - net.compressors.size();
  for (std::size_t i = 0; i < net.compressors.size(); ++i) {
    auto& ov = cs_override_[i];
    if (!ov.active || !ov.non_return) continue;
    const std::size_t e = first_cs + i;
    const double pf = x_[topo.from[e]], pt = x_[topo.to[e]];
    const double q = x_[eq_->element_flow_index(e)];
    if (ov.non_return_open && q < 0.0) ov.non_return_open = false;
    else if (!ov.non_return_open && pf >= pt) ov.non_return_open = true;
  }
}

bool Simulator::step() {
  if (finished()) return true;
  fire_events(time_, false);
  update_non_return();
  const double eps = 1e-9 * std::max(1.0, options_.dt_s);
  double dt = options_.dt_s;
  // Land on breakpoints and the end; avoid slivers below 1 % of dt.
  const double limit = std::min(next_breakpoint(time_), end_time_);
  if (time_ + dt >= limit - 0.01 * options_.dt_s) dt = limit - time_;
  dt = std::max(dt, eps);
  if (!(time_ + dt > time_)) {  // a step that no longer moves the time would never end the run
    message_ = fmt::format("the time step of {:.6g} s is lost to rounding at t = {:.6g} s", dt, time_);
    return false;
  }
  for (int h = 0; h <= options_.max_step_halvings; ++h) {
    if (try_step(dt)) {
      ++steps_;
      return true;
    }
    ++rejected_;
    dt *= 0.5;
  }
  return false;
}

bool Simulator::run(const std::function<void(const Simulator&)>& on_step) {
  if (on_step) on_step(*this);
  while (!finished()) {
    if (!step()) return false;
    if (on_step) on_step(*this);
  }
  return true;
}

// ---- outputs ----

void Simulator::fill_snapshot(double dt, bool steady) {
  const auto& eq = *eq_;
  const auto& net = network_;
  const std::size_t nn = net.nodes.size();
  auto& s = snapshot_;
  s.time_s = time_;
  for (std::size_t i = 0; i < nn; ++i) s.node_pressure_pa[i] = x_[i];
  std::fill(balance_.begin(), balance_.end(), 0.0);
  const double a = steady ? 1.0 : mean_a_, b0 = steady ? 0.0 : mean_b_start_,
               b1 = steady ? 0.0 : mean_b_mid_;
  auto mean = [&](std::size_t i) {
    double v = a * x_[i] + b0 * x_old_[i];
    if (b1 != 0.0) v += b1 * x_mid_[i];
    return v;
  };
  const auto& topo = eq.topology();
  for (std::size_t k = 0; k < net.pipes.size(); ++k) {
    const auto& pc = eq.pipes()[k];
    const std::size_t first = eq.cell_index(k, 0), last = eq.cell_index(k, pc.cells - 1);
    double q_in = x_[first], q_out = x_[last];
    if (!steady) {
      // Step means: the scheme's weighted end cells plus the storage rate of the half cells.
      const double v = eq.half_cell_volume_m3(k);
      const std::size_t f = topo.from[k], t = topo.to[k];
      double rf, rf_old, rt, rt_old, d;
      eq.density_at(f, x_[f], rf, d);
      eq.density_at(f, x_old_[f], rf_old, d, true);
      eq.density_at(t, x_[t], rt, d);
      eq.density_at(t, x_old_[t], rt_old, d, true);
      q_in = mean(first) + v * (rf - rf_old) / dt;
      q_out = mean(last) - v * (rt - rt_old) / dt;
    }
    s.element_flow_kg_per_s[k] = q_in;
    balance_[topo.from[k]] += q_in;
    balance_[topo.to[k]] -= q_out;
  }
  for (std::size_t e = net.pipes.size(); e < net.element_count(); ++e) {
    const double q = x_[eq.element_flow_index(e)];
    s.element_flow_kg_per_s[e] = q;
    balance_[topo.from[e]] += q;
    balance_[topo.to[e]] -= q;
  }
  // balance_[i]: net outflow of node i into the network = its injection (supply > 0). For flow
  // nodes the prescribed withdrawal is used (the equations make them equal up to Newton's
  // tolerance).
  // Fuel withdrawn at a node (withdraw_fuel) counts as withdrawal, the rest of the node's
  // boundary flow as supply or withdrawal (at a pressure node the source also feeds the fuel).
  double supply = 0.0, withdrawal = 0.0, fuel = 0.0;
  for (std::size_t i = 0; i < nn; ++i) {
    double inj = balance_[i];
    if (!eq.pressure_fixed(i)) inj = -eq.withdrawal_mean(i);
    balance_[i] = inj;
    const double boundary_inj = inj + node_fuel_kg_per_s_[i];
    if (boundary_inj > 0.0) supply += boundary_inj;
    else withdrawal -= boundary_inj;
    fuel += node_fuel_kg_per_s_[i];
  }
  s.supply_kg_per_s = supply;
  s.withdrawal_kg_per_s = withdrawal + fuel;
  s.fuel_withdrawn_kg_per_s = fuel;
  s.compressor_fuel_withdrawn_kg_per_s = compressor_fuel_withdrawn_;
  if (!steady) {
    net_inflow_cumulative_kg_ += dt * (supply - s.withdrawal_kg_per_s);
    fuel_withdrawn_cumulative_kg_ += dt * fuel;
    for (std::size_t c = 0; c < compressor_fuel_withdrawn_.size(); ++c)
      compressor_fuel_withdrawn_cumulative_kg_[c] += dt * compressor_fuel_withdrawn_[c];
  }
  s.compressor_fuel_withdrawn_cumulative_kg = compressor_fuel_withdrawn_cumulative_kg_;
  s.net_inflow_cumulative_kg = net_inflow_cumulative_kg_;
  s.fuel_withdrawn_cumulative_kg = fuel_withdrawn_cumulative_kg_;
  double total = 0.0;
  for (std::size_t k = 0; k < net.pipes.size(); ++k) {
    s.pipe_linepack_kg[k] = eq.pipe_linepack_kg(x_, k);
    total += s.pipe_linepack_kg[k];
  }
  s.linepack_kg = total;
  s.control_mode = modes_->modes();
  s.binding_limit = modes_->binding_limits();
  for (std::size_t c = 0; c < net.compressors.size(); ++c)
    if (cs_override_[c].tripped && eq.network().compressors[c].state != model::ControlState::active)
      s.binding_limit[net.control_valves.size() + c] = "trip";
  // Compressor power and fuel.
  const auto& gas = net.physics.gas;
  const double hhv_per_kg = gas.higher_heating_value_j_per_m3 / gas.normal_density();
  const std::size_t first_cs = net.element_count() - net.compressors.size();
  for (std::size_t c = 0; c < net.compressors.size(); ++c) {
    const auto& cs = eq.network().compressors[c];
    const std::size_t e = first_cs + c;
    double power = 0.0;
    if (cs.state == model::ControlState::active) {
      const double pf = x_[topo.from[e]], pt = x_[topo.to[e]];
      if (cs.station) {  // the working point of the station's maps (physics.md 8.2)
        const physics::StationInlet inlet{pf, net.physics.temperature_k,
                                          gas.specific_gas_constant(), gas.isentropic_exponent,
                                          [&](double p) { return eq.eos().z_factor(p); }, hhv_per_kg};
        const auto w = physics::station_working_point(*cs.station, inlet, pt,
                                                      s.element_flow_kg_per_s[e]);
        s.compressor_power_w[c] = w.shaft_power_w;
        s.compressor_fuel_kg_per_s[c] = w.fuel_kg_per_s;
        continue;
      }
      power = physics::compressor_shaft_power_w(
          s.element_flow_kg_per_s[e], pf, pt, eq.eos().z_factor(pf), gas.specific_gas_constant(),
          net.physics.temperature_k, gas.isentropic_exponent, cs.efficiency, cs.polytropic);
    }
    s.compressor_power_w[c] = power;
    s.compressor_fuel_kg_per_s[c] = power / (cs.driver_efficiency * hhv_per_kg);
  }
  if (quality_ || energy_) track_transport(dt, steady);
}

void Simulator::update_density_factors() {
  // c = rho(p, T) / rho(p, T_model) = T_model Z(p, T_model) / (T Z(p, T)), exactly 1 at the
  // model temperature (the steady solver's factor, steady/solver.cpp, per volume here).
  const double t_model = network_.physics.temperature_k;
  std::vector<double> factors(eq_->pressure_count(), 1.0);
  for (std::size_t i = 0; i < factors.size(); ++i) {
    const double t = energy_->temperature_k(i), p = x_[i];
    if (t != t_model)
      factors[i] = t_model * thermo_->z_factor(p, t_model) / (t * thermo_->z_factor(p, t));
  }
  eq_->set_density_factors(std::move(factors));
}

void Simulator::track_transport(double dt, bool steady) {
  const auto& eq = *eq_;
  const std::size_t np = eq.pressure_count();
  const double a = steady ? 1.0 : mean_a_, b0 = steady ? 0.0 : mean_b_start_,
               b1 = steady ? 0.0 : mean_b_mid_;
  // Cells: the scheme's weighted flows; non-pipe elements: their unknowns are the stage means
  // (as in the mass balance rows, transient_equations.hpp).
  const std::size_t first_cell = eq.cell_offset();
  for (std::size_t i = np; i < x_.size(); ++i) {
    double v = i < first_cell ? x_[i] : a * x_[i] + b0 * x_old_[i];
    if (i >= first_cell && b1 != 0.0) v += b1 * x_mid_[i];
    mean_flow_[i] = v;
  }
  if (energy_) {
    EnergyStep es;
    es.x_new = x_;
    es.mean_flow = mean_flow_;
    es.injection_kg_per_s = balance_;
    es.compressor_power_w = snapshot_.compressor_power_w;
    if (steady) {
      energy_->start(es);
    } else {
      es.x_start = x_old_;
      es.dt_s = dt;
      energy_->advance(es);
    }
    for (std::size_t i = 0; i < network_.nodes.size(); ++i)
      snapshot_.node_temperature_k[i] = energy_->temperature_k(i);
    snapshot_.energy_j = energy_->energy_j();
  }
  if (!quality_) return;
  QualityStep step;
  step.mean_flow = mean_flow_;
  step.injection_kg_per_s = balance_;  // fill_snapshot: step mean injection per node
  if (steady) {
    step.time_s = time_;
    quality_->mix(step);
  } else {
    step.x_start = x_old_;
    step.dt_s = dt;
    step.time_s = time_ - dt;
    quality_->advance(step);
  }
  using T = gas::Iso6976Temperature;
  auto& s = snapshot_;
  for (std::size_t i : boundary_nodes_) {
    const auto here = gas::iso6976_properties(quality_->composition(i), T::c25, T::c0);
    s.node_gross_cv_j_per_m3[i] = here.gross_cv_j_per_m3;
    s.node_wobbe_j_per_m3[i] = here.gross_wobbe_j_per_m3;
    s.node_relative_density[i] = here.relative_density;
    const double inj = balance_[i];
    double cv_per_kg = here.gross_cv_j_per_kg;
    if (inj > 0.0)
      cv_per_kg = gas::iso6976_properties(quality_->supply_composition(i, step.time_s), T::c25,
                                          T::c0)
                      .gross_cv_j_per_kg;
    s.node_energy_flow_w[i] = -inj * cv_per_kg;
  }
}

void Simulator::update_survival(double t_old, double t_new) {
  for (auto& s : survival_) {
    const double p_new = x_[s.node];
    const double p_old = t_new > t_old ? x_prev_[s.node] : p_new;
    if (p_new < s.lowest_pressure_pa) {
      s.lowest_pressure_pa = p_new;
      s.lowest_pressure_time_s = t_new;
    }
    if (s.survival_time_s || !(p_new < s.pressure_min_pa)) continue;
    if (t_new > t_old && p_old >= s.pressure_min_pa && p_old > p_new)
      s.survival_time_s = t_old + (p_old - s.pressure_min_pa) / (p_old - p_new) * (t_new - t_old);
    else
      s.survival_time_s = t_new > t_old ? t_old : t_new;
  }
}

void Simulator::pipe_profile(std::size_t k, std::vector<double>& xs, std::vector<double>& p,
                             std::vector<double>& q) const {
  const auto& eq = *eq_;
  const auto& pc = eq.pipes()[k];
  xs.resize(pc.cells + 1);
  p.resize(pc.cells + 1);
  q.resize(pc.cells + 1);
  for (std::size_t j = 0; j <= pc.cells; ++j) {
    xs[j] = static_cast<double>(j) * pc.cell_length_m;
    p[j] = x_[eq.pressure_index(k, j)];
    const double left = j > 0 ? x_[eq.cell_index(k, j - 1)] : x_[eq.cell_index(k, 0)];
    const double right = j < pc.cells ? x_[eq.cell_index(k, j)] : x_[eq.cell_index(k, j - 1)];
    q[j] = 0.5 * (left + right);
  }
}

double Simulator::mass_balance_error_kg() const {
  return (snapshot_.linepack_kg - initial_linepack_kg_) - net_inflow_cumulative_kg_;
}

}  // namespace linepack::transient
