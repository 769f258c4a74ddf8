#include "linepack/validation/candidate_search.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "linepack/model/validation.hpp"
#include "linepack/validation/combined_decisions.hpp"
#include "linepack/validation/map_limit_setpoints.hpp"

namespace linepack::validation {

std::string Config::describe() const {
  const auto count = [](const std::vector<char>& v) { return std::count(v.begin(), v.end(), 1); };
  return fmt::format(
      "{}, {} of {} regulators{} and {} of {} stations active, setpoints "
      "and reference {}",
      valve_open.empty() ? std::string("valves open")
                         : fmt::format("{} of {} valves open (none bridging an active element)",
                                       count(valve_open), valve_open.size()),
      count(regulator_active) - count(regulator_closed), regulator_active.size(),
      regulator_closed.empty()
          ? std::string()
          : fmt::format(" ({} closed across a station)", count(regulator_closed)),
      count(station_active), station_active.size(),
      top ? "at the top of their zone's window" : "mid-window");
}

CandidateSearch::CandidateSearch(const model::Network& net, const model::Scenario& scenario,
                                 const ValidationOptions& options, Clock::time_point deadline)
    : net_(net), scenario_(scenario), options_(options) {
  for (std::size_t i = 0; i < net.nodes.size(); ++i) node_.emplace(net.nodes[i].id, i);
  steady_.deadline = deadline;
  steady_.newton.max_iterations = options.candidate_newton_iterations;
  // A candidate's maps are checked, not held: hold_maps_where_only_they_break holds them where
  // only they break, and gives the outlets reached on them as setpoints. Held in every candidate
  // solve, GasLib-582 v2-full's 201 nominations (0.5 s limit) decided 148 instead of 150, median
  // 166 ms instead of 127 ms (measured 2026-12-04).
  steady_.hold_map_limits = false;
}

template <class Rule>
void CandidateSearch::restate(Trial& t, const Rule& rule) const {
  if (!t.usable || t.check.status != steady::Status::converged || t.check.violations.empty())
    return;
  std::unordered_map<std::string_view, const steady::ElementResult*> element;
  for (const auto& e : t.check.elements)
    if (e.kind == "control_valve" || e.kind == "compressor") element.emplace(e.id, &e);
  bool changed = false;
  model::Scenario next = t.scenario;
  for (auto& c : next.controls) {
    const auto it = element.find(c.element);
    if (it == element.end() || c.state != model::ControlState::active) continue;
    const std::optional<model::ControlState> settled = rule(*it->second);
    if (!settled) continue;
    c.state = *settled;
    c.mode.reset();
    c.setpoint.reset();
    changed = true;
  }
  if (!changed) return;
  auto again = solve(next);
  if (!again || again->status != steady::Status::converged ||
      again->violations.size() > t.check.violations.size())
    return;
  t.scenario = std::move(next);
  t.check = std::move(*again);
}

Trial CandidateSearch::evaluate(const Config& cfg) const {
  Trial t;
  model::Scenario& s = t.scenario;
  s = scenario_;
  s.controls.clear();
  const auto state = [](bool active) {
    return active ? model::ControlState::active : model::ControlState::bypass;
  };
  for (std::size_t k = 0; k < net_.valves.size(); ++k)
    s.controls.push_back(
        {net_.valves[k].id,
         cfg.is_open(k) ? model::ControlState::active : model::ControlState::closed,
         {},
         {}});
  for (std::size_t i = 0; i < net_.control_valves.size(); ++i)
    s.controls.push_back(
        {net_.control_valves[i].id,
         cfg.is_closed(i) ? model::ControlState::closed : state(cfg.regulator_active[i]),
         {},
         {}});
  for (std::size_t i = 0; i < net_.compressors.size(); ++i)
    s.controls.push_back({net_.compressors[i].id, state(cfg.station_active[i]), {}, {}});
  const Zones zones = zones_of(net_, node_, s.controls);
  // A pressure for a node's zone, below `own_limit`: the top of the window less the margin,
  // or its middle; NaN when the window is unbounded above.
  const auto level = [&](const std::string& id, double own_limit) {
    const auto [lo, hi_zone] = zones.window[zones.of[node_.at(id)]];
    const double hi = std::min(hi_zone, own_limit);
    if (!std::isfinite(hi)) return std::numeric_limits<double>::quiet_NaN();
    // Never above `hi`: a window whose minimum exceeds the element's own outlet limit gives
    // the limit (the steady control loop rejects a setpoint above its element's limit).
    return cfg.top ? hi - std::min(options_.margin_pa, 0.25 * std::max(hi - lo, 0.0))
                   : std::min(0.5 * (lo + hi), hi);
  };
  for (auto& b : s.boundaries) {
    if (b.kind != model::NodeBoundary::Kind::pressure) continue;
    const double p = level(b.node, model::unbounded);
    if (std::isfinite(p)) b.value = p;  // else keep the given value
  }
  const std::size_t cv0 = net_.valves.size(), cs0 = cv0 + net_.control_valves.size();
  for (std::size_t i = 0; i < net_.control_valves.size(); ++i) {
    if (!cfg.regulator_active[i] || cfg.is_closed(i)) continue;
    const auto& c = net_.control_valves[i];
    s.controls[cv0 + i].setpoint = level(c.to, c.pressure_out_max_pa);
    if (!std::isfinite(*s.controls[cv0 + i].setpoint)) return t;  // unusable
  }
  for (std::size_t i = 0; i < net_.compressors.size(); ++i) {
    if (!cfg.station_active[i]) continue;
    const auto& c = net_.compressors[i];
    auto& control = s.controls[cs0 + i];
    control.mode = model::CompressorMode::outlet_pressure;
    control.setpoint = level(c.to, c.pressure_out_max_pa);
    if (!std::isfinite(*control.setpoint)) return t;
  }
  auto first = solve(s, /*hold_idle=*/true);
  if (!first) return t;
  t.usable = true;
  t.check = std::move(*first);
  settle_modes(t);
  // Up to three recentring rounds: each setter (pressure reference, active regulator or
  // station outlet) moves its zone toward the middle of the zone's bounds.
  while (t.recentred < 3 && t.check.status == steady::Status::converged &&
         !t.check.violations.empty()) {
    model::Scenario next = recentred(t);
    auto again = solve(next);
    if (!again || again->status != steady::Status::converged ||
        again->violations.size() >= t.check.violations.size())
      break;
    t.scenario = std::move(next);
    t.check = std::move(*again);
    ++t.recentred;
    settle_modes(t);
  }
  // A candidate that breaks only stations' maps: the same with the maps' limits held, and the
  // outlets its stations reach on them as setpoints (map_limit_setpoints.hpp).
  if (!past_deadline())
    hold_maps_where_only_they_break(
        t.scenario, t.check, steady_, [&](model::Scenario& c, const steady::SteadyOptions& o) {
          auto r = solve(c, o);
          return r ? std::move(*r) : steady::SteadyResult{};  // status not_converged
        });
  if (!past_deadline()) bypass_stations_off_their_maps(t);
  if (t.score() == 0) confirm_as_solved(t);
  return t;
}

void CandidateSearch::confirm_as_solved(Trial& t) const {
  try {
    t.check = solve_as_linepack_solve(net_, t.scenario, steady_.deadline);
  } catch (const model::ValidationError&) {
    t.usable = false;
  }
}

void CandidateSearch::settle_modes(Trial& t) const {
  restate(t, [](const steady::ElementResult& e) -> std::optional<model::ControlState> {
    if (e.control_mode == "closed") return model::ControlState::closed;
    if (e.control_mode == "bypass" || e.control_mode == "open") return model::ControlState::bypass;
    return std::nullopt;
  });
  std::unordered_map<std::string_view, char> named;
  for (const auto& v : t.check.violations) named.emplace(v.id, 1);
  restate(t, [&](const steady::ElementResult& e) -> std::optional<model::ControlState> {
    if (e.kind != "compressor" || std::abs(e.mass_flow_kg_per_s) > 1e-6 || !named.count(e.id))
      return std::nullopt;
    return model::ControlState::closed;
  });
}

void CandidateSearch::bypass_stations_off_their_maps(Trial& t) const {
  std::unordered_map<std::string_view, char> named;
  for (const auto& v : t.check.violations)
    if (steady::is_map_violation(v)) named.emplace(v.id, 1);
  if (named.empty()) return;
  restate(t, [&](const steady::ElementResult& e) -> std::optional<model::ControlState> {
    if (e.kind != "compressor" || !named.count(e.id)) return std::nullopt;
    return model::ControlState::bypass;
  });
}

model::Scenario CandidateSearch::recentred(const Trial& t) const {
  const Zones zones = zones_of(net_, node_, t.scenario.controls);
  const auto shift = recentring_shifts(net_, zones, t.check);
  const auto moved = [&](const std::string& id, double p, double own_limit) {
    const std::size_t v = node_.at(id);
    const double d = shift[zones.of[v]];
    if (!std::isfinite(d)) return p;
    const auto& nd = net_.nodes[v];
    const double hi = std::min(nd.pressure_max_pa, own_limit);
    return std::min(std::max(std::sqrt(std::max(p * p + d, 1.0)), nd.pressure_min_pa), hi);
  };
  model::Scenario next = t.scenario;
  for (auto& b : next.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure)
      b.value = moved(b.node, b.value, model::unbounded);
  const std::size_t cv0 = net_.valves.size(), cs0 = cv0 + net_.control_valves.size();
  for (std::size_t i = 0; i < net_.control_valves.size(); ++i) {
    auto& c = next.controls[cv0 + i];
    if (c.setpoint)
      c.setpoint =
          moved(net_.control_valves[i].to, *c.setpoint, net_.control_valves[i].pressure_out_max_pa);
  }
  for (std::size_t i = 0; i < net_.compressors.size(); ++i) {
    auto& c = next.controls[cs0 + i];
    if (c.setpoint && c.mode == model::CompressorMode::outlet_pressure)
      c.setpoint =
          moved(net_.compressors[i].to, *c.setpoint, net_.compressors[i].pressure_out_max_pa);
  }
  return next;
}

std::optional<steady::SteadyResult> CandidateSearch::solve(model::Scenario& sc,
                                                           bool hold_idle) const {
  if (past_deadline()) return std::nullopt;
  return solve(sc, steady_, hold_idle);
}

std::optional<steady::SteadyResult> CandidateSearch::solve(
    model::Scenario& sc, const steady::SteadyOptions& options, bool hold_idle) const {
  try {
    return solve_within_decisions(net_, sc, options_.combined_decisions.get(), options_.margin_pa,
                                  options, hold_idle);
  } catch (const model::ValidationError&) {
    return std::nullopt;
  }
}

/// The states of a candidate's regulators and stations after settle_modes, in words.
std::string settled_states(const model::Network& net, const model::Scenario& control) {
  const std::size_t cv0 = net.valves.size(), cs0 = cv0 + net.control_valves.size();
  const auto count = [&](std::size_t first, std::size_t n, model::ControlState state) {
    return std::count_if(control.controls.begin() + first, control.controls.begin() + first + n,
                         [&](const model::ElementControl& c) { return c.state == state; });
  };
  const std::size_t n_cv = net.control_valves.size(), n_cs = net.compressors.size();
  return fmt::format(
      "regulators {} active, {} bypassed, {} closed; stations {} active, {} "
      "bypassed, {} closed",
      count(cv0, n_cv, model::ControlState::active), count(cv0, n_cv, model::ControlState::bypass),
      count(cv0, n_cv, model::ControlState::closed), count(cs0, n_cs, model::ControlState::active),
      count(cs0, n_cs, model::ControlState::bypass), count(cs0, n_cs, model::ControlState::closed));
}

/// The objective's value for a re-checked control [kg/s or W].
double objective_value(const steady::SteadyResult& check, Objective objective) {
  return objective == Objective::power ? check.total_compressor_power_w : check.total_fuel_kg_per_s;
}

}  // namespace linepack::validation
