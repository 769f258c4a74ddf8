#include "linepack/validation/combined_decisions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>
#include <unordered_map>

#include "linepack/model/validation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/idle_parts.hpp"

namespace linepack::validation {

std::string to_string(DecisionElementKind kind) {
  switch (kind) {
    case DecisionElementKind::valve: return "valve";
    case DecisionElementKind::control_valve: return "control_valve";
    case DecisionElementKind::compressor: return "compressor";
  }
  return "valve";
}

std::size_t CombinedDecisions::decision_count() const {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.decisions.size();
  return n;
}

namespace {

/// Whether `s` has the state `e` asks for (not its flow direction).
bool state_meets(const DecisionEntry& e, model::ControlState s) {
  if (!e.open) return s == model::ControlState::closed;
  if (s == model::ControlState::closed) return false;
  if (e.kind == DecisionElementKind::valve) return true;  // a valve is open or closed
  return !e.mode || *e.mode == s;
}

bool direction_meets(const DecisionEntry& e, double flow) {
  if (!e.open || !e.flow_direction) return true;
  return *e.flow_direction == 0 ? flow >= -flow_direction_tolerance_kg_per_s
                                : flow <= flow_direction_tolerance_kg_per_s;
}

/// steady::solve; where `control` cuts off a part without a pressure reference and
/// `hold_idle` is set, again with the parts that carry no flow held (idle_parts.hpp). Only
/// then: holding them in every solve changed which candidate the search starts from and cost
/// GasLib-582 v2-full within its .cdf 13 of its 201 decisions at 0.5 s.
steady::SteadyResult solve_holding_idle_if_needed(const model::Network& network,
                                                  model::Scenario& control, double margin_pa,
                                                  const steady::SteadyOptions& steady,
                                                  bool hold_idle) {
  try {
    return steady::solve(network, control, steady);
  } catch (const model::ValidationError&) {
    if (!hold_idle || hold_idle_parts(network, control, margin_pa) == 0) throw;
  }
  return steady::solve(network, control, steady);
}

}  // namespace

bool meets(const Decision& decision, const ElementStates& states) {
  return std::all_of(decision.entries.begin(), decision.entries.end(), [&](const DecisionEntry& e) {
    const auto it = states.find(e.element);
    return it != states.end() && state_meets(e, it->second.state) &&
           direction_meets(e, it->second.mass_flow_kg_per_s);
  });
}

std::optional<std::size_t> decision_met(const DecisionGroup& group, const ElementStates& states) {
  for (std::size_t k = 0; k < group.decisions.size(); ++k)
    if (meets(group.decisions[k], states)) return k;
  return std::nullopt;
}

bool allows(const CombinedDecisions& decisions, const ElementStates& states) {
  return std::all_of(decisions.groups.begin(), decisions.groups.end(),
                     [&](const DecisionGroup& g) { return decision_met(g, states).has_value(); });
}

ElementStates element_states(const model::Network& network, const model::Scenario& control,
                             const steady::SteadyResult& check) {
  ElementStates out;
  for (const auto& v : network.valves)
    out[v.id] = {v.open ? model::ControlState::active : model::ControlState::closed, 0.0};
  std::unordered_map<std::string_view, model::ControlState> asked;
  for (const auto& c : control.controls) {
    asked.insert_or_assign(c.element, c.state);
    if (auto it = out.find(c.element); it != out.end())
      it->second.state = c.state == model::ControlState::closed ? model::ControlState::closed
                                                                 : model::ControlState::active;
  }
  std::unordered_map<std::string_view, double> pressure;
  for (const auto& n : check.nodes) pressure.emplace(n.id, n.pressure_pa);
  std::unordered_map<std::string_view, const model::ControlValve*> regulator;
  for (const auto& c : network.control_valves) regulator.emplace(c.id, &c);
  for (const auto& e : check.elements) {
    if (e.kind == "valve") {
      if (auto it = out.find(e.id); it != out.end()) it->second.mass_flow_kg_per_s = e.mass_flow_kg_per_s;
      continue;
    }
    if (e.kind != "control_valve" && e.kind != "compressor") continue;
    model::ControlState s = model::ControlState::active;
    if (e.control_mode == "closed") s = model::ControlState::closed;
    else if (e.control_mode == "bypass" || e.control_mode == "open") s = model::ControlState::bypass;
    if (s == model::ControlState::closed && e.kind == "control_valve") {
      // Set active and shut by the loop (its outlet held above its setpoint): an active control
      // valve at zero flow in GasLib's model (Pfetsch et al. 2015: q >= 0 and the drop within
      // its range), e.g. a recycle line around a running station, when its drop is in range.
      const auto a = asked.find(e.id);
      const auto r = regulator.find(e.id);
      const bool asked_active = a != asked.end() ? a->second == model::ControlState::active
                                                 : r != regulator.end() &&
                                                       r->second->state == model::ControlState::active;
      if (asked_active && r != regulator.end() && pressure.count(e.from) && pressure.count(e.to)) {
        constexpr double tol_pa = 1.0;  // the steady solver's tolerance on pressures
        const double pf = pressure.at(e.from), pt = pressure.at(e.to), drop = pf - pt;
        const auto& c = *r->second;
        if (drop >= c.pressure_drop_min_pa - tol_pa && drop <= c.pressure_drop_max_pa + tol_pa &&
            pf >= c.pressure_in_min_pa - tol_pa && pt <= c.pressure_out_max_pa + tol_pa)
          s = model::ControlState::active;
      }
    }
    out[e.id] = {s, e.mass_flow_kg_per_s};
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> decisions_used(const CombinedDecisions& decisions,
                                                                const ElementStates& states) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(decisions.groups.size());
  for (const auto& g : decisions.groups) {
    const auto k = decision_met(g, states);
    out.emplace_back(g.id, k ? g.decisions[*k].id : std::string());
  }
  return out;
}

std::vector<std::size_t> impose_nearest_decisions(
    const CombinedDecisions& decisions, const model::Network& network, model::Scenario& control,
    double margin_pa, const std::vector<std::vector<char>>& excluded) {
  // The control's states before the solve (flows unknown: directions are not compared).
  std::unordered_map<std::string_view, model::ElementControl*> by_id;
  for (auto& c : control.controls) by_id.emplace(c.element, &c);
  const auto state_of = [&](const DecisionEntry& e) {
    if (auto it = by_id.find(e.element); it != by_id.end()) return it->second->state;
    if (e.kind == DecisionElementKind::valve)
      for (const auto& v : network.valves)
        if (v.id == e.element) return v.open ? model::ControlState::active : model::ControlState::closed;
    if (e.kind == DecisionElementKind::control_valve)
      for (const auto& v : network.control_valves)
        if (v.id == e.element) return v.state;
    for (const auto& c : network.compressors)
      if (c.id == e.element) return c.state;
    return model::ControlState::bypass;
  };
  const auto outlet_setpoint = [&](const std::string& to, double own_limit) {
    double hi = own_limit;
    for (const auto& n : network.nodes)
      if (n.id == to) hi = std::min(hi, n.pressure_max_pa);
    return std::isfinite(hi) ? std::optional<double>(hi - margin_pa) : std::nullopt;
  };
  std::vector<std::size_t> chosen(decisions.groups.size(), no_decision);
  for (std::size_t gi = 0; gi < decisions.groups.size(); ++gi) {
    const auto& g = decisions.groups[gi];
    std::size_t best = no_decision, fewest = std::numeric_limits<std::size_t>::max();
    for (std::size_t k = 0; k < g.decisions.size(); ++k) {
      if (gi < excluded.size() && k < excluded[gi].size() && excluded[gi][k]) continue;
      std::size_t differ = 0;
      for (const auto& e : g.decisions[k].entries) differ += !state_meets(e, state_of(e));
      if (differ < fewest) fewest = differ, best = k;
    }
    chosen[gi] = best;
    if (best == no_decision || fewest == 0) continue;
    for (const auto& e : g.decisions[best].entries) {
      if (state_meets(e, state_of(e))) continue;
      model::ElementControl c{e.element, model::ControlState::closed, std::nullopt, std::nullopt};
      if (e.open) {
        c.state = e.kind == DecisionElementKind::valve ? model::ControlState::active
                  : e.mode ? *e.mode
                           : model::ControlState::bypass;
      }
      if (c.state == model::ControlState::active && e.kind != DecisionElementKind::valve) {
        std::optional<double> set;
        if (e.kind == DecisionElementKind::control_valve) {
          for (const auto& v : network.control_valves)
            if (v.id == e.element) set = outlet_setpoint(v.to, v.pressure_out_max_pa);
        } else {
          for (const auto& s : network.compressors)
            if (s.id == e.element) set = outlet_setpoint(s.to, s.pressure_out_max_pa);
          c.mode = model::CompressorMode::outlet_pressure;
        }
        if (set) c.setpoint = *set;
        else c = {e.element, model::ControlState::bypass, std::nullopt, std::nullopt};
      }
      if (auto it = by_id.find(e.element); it != by_id.end()) {
        *it->second = c;
      } else {
        control.controls.push_back(c);
        by_id.clear();  // the vector may have moved
        for (auto& x : control.controls) by_id.emplace(x.element, &x);
      }
    }
  }
  return chosen;
}

steady::SteadyResult solve_within_decisions(const model::Network& network,
                                            model::Scenario& control,
                                            const CombinedDecisions* decisions, double margin_pa,
                                            const steady::SteadyOptions& steady, bool hold_idle) {
  if (decisions == nullptr || decisions->groups.empty()) {
    return solve_holding_idle_if_needed(network, control, margin_pa, steady, hold_idle);
  }
  const model::Scenario original = control;
  std::vector<std::vector<char>> excluded;
  for (const auto& g : decisions->groups) excluded.emplace_back(g.decisions.size(), 0);
  std::optional<steady::SteadyResult> best;
  const auto score = [](const steady::SteadyResult& r) {
    return r.status == steady::Status::converged ? r.violations.size()
                                                 : std::numeric_limits<std::size_t>::max();
  };
  for (int attempt = 0; attempt < max_decision_attempts; ++attempt) {
    model::Scenario trial = original;
    const auto chosen = impose_nearest_decisions(*decisions, network, trial, margin_pa, excluded);
    steady::SteadyResult r =
        solve_holding_idle_if_needed(network, trial, margin_pa, steady, hold_idle);
    std::vector<std::size_t> broken;
    if (r.status == steady::Status::converged) {
      const ElementStates states = element_states(network, trial, r);
      for (std::size_t g = 0; g < decisions->groups.size(); ++g)
        if (!decision_met(decisions->groups[g], states)) {
          r.violations.push_back({decisions->groups[g].id, "combined_decision_broken", 0.0, 0.0});
          broken.push_back(g);
        }
    }
    const bool better = !best || score(r) < score(*best);
    if (better) {
      best = std::move(r);
      control = std::move(trial);
    }
    if (broken.empty() || !better) break;
    // Next: in each broken group, the nearest decision not tried yet.
    bool more = false;
    for (std::size_t g : broken) {
      if (chosen[g] != no_decision) excluded[g][chosen[g]] = 1;
      more |= std::find(excluded[g].begin(), excluded[g].end(), 0) != excluded[g].end();
    }
    if (!more) break;
  }
  return std::move(*best);
}

}  // namespace linepack::validation
