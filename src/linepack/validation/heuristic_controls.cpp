#include "linepack/validation/heuristic_controls.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linepack/model/validation.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/candidate_order.hpp"
#include "linepack/validation/combined_decisions.hpp"
#include "linepack/validation/decisions.hpp"
#include "linepack/validation/map_limit_setpoints.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

/// A candidate control: which regulators and stations are active (the rest bypassed), which
/// valves are open and regulators closed, and whether setpoints sit at the top or the middle
/// of their zone's window.
struct Config {
  std::vector<char> regulator_active, station_active;
  bool top = true;
  std::vector<char> valve_open;  ///< per valve; empty: every valve open
  /// Per regulator; empty: none. A closed regulator is neither active nor bypassed.
  std::vector<char> regulator_closed;
  bool is_open(std::size_t valve) const { return valve_open.empty() || valve_open[valve]; }
  bool is_closed(std::size_t regulator) const {
    return !regulator_closed.empty() && regulator_closed[regulator];
  }
  /// The candidate's identity (equal keys: the same control to solve).
  std::string key() const {
    std::string k;
    for (const auto* v : {&regulator_active, &station_active, &valve_open, &regulator_closed}) {
      for (char c : *v) k += c ? '1' : '0';
      k += '/';
    }
    return k + (top ? "t" : "m");
  }
  std::string describe() const {
    const auto count = [](const std::vector<char>& v) { return std::count(v.begin(), v.end(), 1); };
    return fmt::format("{}, {} of {} regulators{} and {} of {} stations active, setpoints "
                       "and reference {}",
                       valve_open.empty()
                           ? std::string("valves open")
                           : fmt::format("{} of {} valves open (none bridging an active element)",
                                         count(valve_open), valve_open.size()),
                       count(regulator_active) - count(regulator_closed), regulator_active.size(),
                       regulator_closed.empty()
                           ? std::string()
                           : fmt::format(" ({} closed across a station)", count(regulator_closed)),
                       count(station_active),
                       station_active.size(),
                       top ? "at the top of their zone's window" : "mid-window");
  }
};

/// Union-find over node indices.
struct NodeSets {
  std::vector<std::size_t> parent;
  explicit NodeSets(std::size_t n) : parent(n) {
    for (std::size_t i = 0; i < n; ++i) parent[i] = i;
  }
  std::size_t find(std::size_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
  /// Joins a and b unless that would join the two ends of one of `apart` (node pairs);
  /// true when joined (also when already joined).
  bool join_keeping_apart(std::size_t a, std::size_t b,
                          const std::vector<std::pair<std::size_t, std::size_t>>& apart) {
    a = find(a);
    b = find(b);
    if (a == b) return true;
    const auto saved = parent;
    parent[a] = b;
    if (std::none_of(apart.begin(), apart.end(),
                     [&](const auto& e) { return find(e.first) == find(e.second); }))
      return true;
    parent = saved;
    return false;
  }
  template <class Elements>
  void join_all(const Elements& elements,
                const std::unordered_map<std::string_view, std::size_t>& index) {
    for (const auto& e : elements) join(index.at(e.from), index.at(e.to));
  }
};

/// The connections that join two nodes into one pressure level whatever the control: pipes,
/// short pipes and resistors.
NodeSets pressure_levels(const model::Network& net,
                         const std::unordered_map<std::string_view, std::size_t>& index) {
  NodeSets sets(net.nodes.size());
  sets.join_all(net.pipes, index);
  sets.join_all(net.short_pipes, index);
  sets.join_all(net.resistors, index);
  return sets;
}

using NodePairs = std::vector<std::pair<std::size_t, std::size_t>>;

/// Appends the (from, to) node indices of each element whose flag is set.
template <class Elements>
void append_ends(NodePairs& out, const Elements& elements, const std::vector<char>& flags,
                 const std::unordered_map<std::string_view, std::size_t>& index) {
  for (std::size_t i = 0; i < elements.size(); ++i)
    if (flags[i]) out.emplace_back(index.at(elements[i].from), index.at(elements[i].to));
}

/// Valves for a candidate with active regulators and stations: a valve open across an active
/// element's two ends would bridge it (the control loop then holds it open, so it cannot separate
/// two pressure levels; GasLib's interchange stations and regulator bypasses are such valves).
/// Valves are opened in turn, each only when it joins two parts not yet joined and leaves every
/// active element's ends apart (a union-find over pipes, short pipes, resistors and the valves
/// opened so far); the rest are closed.
std::vector<char> valves_not_bridging(
    const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& index,
    const std::vector<char>& regulator_active, const std::vector<char>& station_active) {
  NodeSets sets = pressure_levels(net, index);
  NodePairs active_ends;
  append_ends(active_ends, net.control_valves, regulator_active, index);
  append_ends(active_ends, net.compressors, station_active, index);
  // Both ends already joined: open adds no path between different levels.
  std::vector<char> open(net.valves.size(), 0);
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    open[k] = sets.join_keeping_apart(index.at(net.valves[k].from), index.at(net.valves[k].to),
                                      active_ends);
  return open;
}

/// Regulators to close in a candidate with active stations: GasLib-4197's stations have
/// regulators on lines from their outlet back to their inlet (e.g. compressorStation_8 with
/// controlValve_84 and controlValve_23); the control loop starts regulators fully open, so
/// such a line joins the station's two ends without loss and the station cannot hold a
/// pressure (steady/lossless_conflicts.hpp rejects it). Regulators are taken in turn over a
/// union-find of short pipes and open valves, each closed when it would join an active
/// station's ends, else joined.
std::vector<char> regulators_across_stations(
    const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& index,
    const std::vector<char>& valve_open, const std::vector<char>& station_active) {
  NodeSets lossless(net.nodes.size());
  lossless.join_all(net.short_pipes, index);
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    if (valve_open.empty() || valve_open[k])
      lossless.join(index.at(net.valves[k].from), index.at(net.valves[k].to));
  NodePairs station_ends;
  append_ends(station_ends, net.compressors, station_active, index);
  std::vector<char> closed(net.control_valves.size(), 0);
  for (std::size_t i = 0; i < net.control_valves.size(); ++i)
    closed[i] = !lossless.join_keeping_apart(index.at(net.control_valves[i].from),
                                             index.at(net.control_valves[i].to), station_ends);
  return closed;
}

/// Zones: the nodes a node reaches through pipes, short pipes, resistors, open valves and
/// bypassed regulators and stations (one pressure level up to its pipes' losses). Active and
/// closed regulators and stations separate zones. `window`: [max pressure_min, min
/// pressure_max] of each zone.
struct Zones {
  std::vector<std::size_t> of;  ///< per node: its zone (a node index)
  std::vector<std::pair<double, double>> window;  ///< per zone index
};

/// `controls`: one per valve, regulator and station, in that order (CandidateSearch's layout).
Zones zones_of(const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& index,
               const std::vector<model::ElementControl>& controls) {
  NodeSets sets = pressure_levels(net, index);
  const std::size_t cv0 = net.valves.size(), cs0 = cv0 + net.control_valves.size();
  const auto join_if = [&](const auto& elements, std::size_t first, model::ControlState joined) {
    for (std::size_t k = 0; k < elements.size(); ++k)
      if (controls[first + k].state == joined)
        sets.join(index.at(elements[k].from), index.at(elements[k].to));
  };
  join_if(net.valves, 0, model::ControlState::active);  // an active valve is open
  join_if(net.control_valves, cv0, model::ControlState::bypass);
  join_if(net.compressors, cs0, model::ControlState::bypass);
  Zones z;
  z.of.resize(net.nodes.size());
  z.window.assign(net.nodes.size(), {0.0, model::unbounded});
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    z.of[i] = sets.find(i);
    auto& w = z.window[z.of[i]];
    w.first = std::max(w.first, net.nodes[i].pressure_min_pa);
    w.second = std::min(w.second, net.nodes[i].pressure_max_pa);
  }
  return z;
}

/// Per zone, the shift of p^2 [Pa^2] that centres the solved pressures in their bounds: on a
/// zone whose flows stay put, p_i^2 - p_set^2 hardly depends on the level p_set (exactly so for
/// an ideal gas without elevation), so moving the setpoint's square by the shift moves every
/// node's square by about as much. NaN for zones without a violation.
std::vector<double> recentring_shifts(const model::Network& net, const Zones& z,
                                      const steady::SteadyResult& r) {
  const std::size_t n = net.nodes.size();
  std::vector<double> lo(n, -model::unbounded), hi(n, model::unbounded);
  std::vector<char> violated(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double p = r.nodes[i].pressure_pa, p2 = p * p;
    const auto& node = net.nodes[i];
    const std::size_t k = z.of[i];
    lo[k] = std::max(lo[k], node.pressure_min_pa * node.pressure_min_pa - p2);
    hi[k] = std::min(hi[k], node.pressure_max_pa * node.pressure_max_pa - p2);
    if (p < node.pressure_min_pa - 1.0 || p > node.pressure_max_pa + 1.0) violated[k] = 1;
  }
  std::vector<double> shift(n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t k = 0; k < n; ++k)
    if (violated[k]) shift[k] = std::isfinite(hi[k]) ? 0.5 * (lo[k] + hi[k]) : std::max(lo[k], 0.0);
  return shift;
}

/// The states of a candidate's regulators and stations after settle_modes, in words.
std::string settled_states(const model::Network& net, const model::Scenario& control) {
  const std::size_t cv0 = net.valves.size(), cs0 = cv0 + net.control_valves.size();
  const auto count = [&](std::size_t first, std::size_t n, model::ControlState state) {
    return std::count_if(control.controls.begin() + first, control.controls.begin() + first + n,
                         [&](const model::ElementControl& c) { return c.state == state; });
  };
  const std::size_t n_cv = net.control_valves.size(), n_cs = net.compressors.size();
  return fmt::format("regulators {} active, {} bypassed, {} closed; stations {} active, {} "
                     "bypassed, {} closed",
                     count(cv0, n_cv, model::ControlState::active),
                     count(cv0, n_cv, model::ControlState::bypass),
                     count(cv0, n_cv, model::ControlState::closed),
                     count(cs0, n_cs, model::ControlState::active),
                     count(cs0, n_cs, model::ControlState::bypass),
                     count(cs0, n_cs, model::ControlState::closed));
}

}  // namespace

namespace {

/// One candidate, solved, settled and recentred.
struct Trial {
  model::Scenario scenario;
  steady::SteadyResult check;
  int recentred = 0;
  bool usable = false;
  /// Fewest is best: violations of a converged solve; not converged or unusable last.
  std::size_t score() const {
    if (!usable || check.status != steady::Status::converged) return static_cast<std::size_t>(-1);
    return check.violations.size();
  }
};

class CandidateSearch {
 public:
  /// `deadline`: every solve's control rounds stop there (steady::SteadyOptions::deadline).
  CandidateSearch(const model::Network& net, const model::Scenario& scenario,
                  const ValidationOptions& options, Clock::time_point deadline)
      : net_(net), scenario_(scenario), options_(options) {
    for (std::size_t i = 0; i < net.nodes.size(); ++i) node_.emplace(net.nodes[i].id, i);
    steady_.deadline = deadline;
    steady_.newton.max_iterations = options.candidate_newton_iterations;
  }

  const std::unordered_map<std::string_view, std::size_t>& node_index() const { return node_; }
  void set_deadline(Clock::time_point deadline) { steady_.deadline = deadline; }
  bool past_deadline() const { return steady_.deadline && Clock::now() > *steady_.deadline; }

  Trial evaluate(const Config& cfg) const {
    Trial t;
    model::Scenario& s = t.scenario;
    s = scenario_;
    s.controls.clear();
    const auto state = [](bool active) {
      return active ? model::ControlState::active : model::ControlState::bypass;
    };
    for (std::size_t k = 0; k < net_.valves.size(); ++k)
      s.controls.push_back({net_.valves[k].id,
                            cfg.is_open(k) ? model::ControlState::active : model::ControlState::closed,
                            {}, {}});
    for (std::size_t i = 0; i < net_.control_valves.size(); ++i)
      s.controls.push_back({net_.control_valves[i].id,
                            cfg.is_closed(i) ? model::ControlState::closed
                                             : state(cfg.regulator_active[i]),
                            {}, {}});
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
    auto first = solve(s);
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
    return t;
  }

 private:
  /// An active regulator that the control loop closed (reverse flow) may sit with its outlet
  /// above its inlet, one it held fully open may carry reverse flow, and an active station
  /// that it bypassed may carry reverse flow: states of those elements' own closed or bypass
  /// control (no pressure relation, resp. a lossless one in either direction;
  /// docs/validation-of-nominations.md, Model), but the violation list checks them as active.
  /// Such elements are restated as closed or bypassed and the control solved again. Then an
  /// active station without flow that a violation names (with maps: surge at zero flow) is
  /// restated as closed. Each restatement is kept when its solve converges with no more
  /// violations.
  void settle_modes(Trial& t) const {
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

  /// A station whose working point still breaks its map is restated as bypassed, every other
  /// setting of the candidate kept (restate: kept when no more violations). GasLib-582 v2-full,
  /// perturbed nomination 5: `compressorStation_5` carries 931 kg/s, about 18 m3/s at its inlet,
  /// three times what its largest configuration takes at maximum speed; bypassed, the settled
  /// all-active candidate passes. The local search's own switch of that station re-derives every
  /// setpoint from the zones' windows and breaks 18 pressure maxima instead.
  void bypass_stations_off_their_maps(Trial& t) const {
    std::unordered_map<std::string_view, char> named;
    for (const auto& v : t.check.violations)
      if (steady::is_map_violation(v)) named.emplace(v.id, 1);
    if (named.empty()) return;
    restate(t, [&](const steady::ElementResult& e) -> std::optional<model::ControlState> {
      if (e.kind != "compressor" || !named.count(e.id)) return std::nullopt;
      return model::ControlState::bypass;
    });
  }

  /// Restates every active regulator and station to which `rule` gives a state, solves, and
  /// keeps the restated control when it converges with no more violations.
  template <class Rule>
  void restate(Trial& t, const Rule& rule) const {
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

  /// The candidate with every setter (pressure reference, active regulator or station outlet)
  /// moved by its zone's recentring shift, within its node's bounds and its own outlet limit.
  model::Scenario recentred(const Trial& t) const {
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
        c.setpoint = moved(net_.control_valves[i].to, *c.setpoint,
                           net_.control_valves[i].pressure_out_max_pa);
    }
    for (std::size_t i = 0; i < net_.compressors.size(); ++i) {
      auto& c = next.controls[cs0 + i];
      if (c.setpoint && c.mode == model::CompressorMode::outlet_pressure)
        c.setpoint = moved(net_.compressors[i].to, *c.setpoint,
                           net_.compressors[i].pressure_out_max_pa);
    }
    return next;
  }

  /// The control loop rejects holds that contradict each other (e.g. two setters of one
  /// lossless island at different pressures): such a candidate is unusable, not an error.
  /// GasLib combined decisions (.cdf), when given: the candidate is repaired to the nearest
  /// allowed combination before its solve (`sc` becomes the repaired control), and a result
  /// that breaks one is not feasible.
  /// No solve starts after the deadline (a started one stops at its next control round).
  std::optional<steady::SteadyResult> solve(model::Scenario& sc) const {
    if (past_deadline()) return std::nullopt;
    return solve(sc, steady_);
  }
  std::optional<steady::SteadyResult> solve(model::Scenario& sc,
                                            const steady::SteadyOptions& options) const {
    try {
      return solve_within_decisions(net_, sc, options_.combined_decisions.get(), options_.margin_pa,
                                    options);
    } catch (const model::ValidationError&) {
      return std::nullopt;
    }
  }

  const model::Network& net_;
  const model::Scenario& scenario_;
  const ValidationOptions& options_;
  std::unordered_map<std::string_view, std::size_t> node_;
  steady::SteadyOptions steady_;
};

}  // namespace

namespace {

/// The objective's value for a re-checked control [kg/s or W].
double objective_value(const steady::SteadyResult& check, Objective objective) {
  return objective == Objective::power ? check.total_compressor_power_w : check.total_fuel_kg_per_s;
}

}  // namespace

ValidationResult heuristic_controls(const model::Network& net, const model::Scenario& scenario,
                                    const ValidationOptions& options,
                                    const std::string& why_not_tree, double improve_limit_s) {
  const auto t0 = Clock::now();
  const auto out_of = [&](double limit_s) {
    return std::chrono::duration<double>(Clock::now() - t0).count() > limit_s;
  };
  const auto out_of_time = [&] { return out_of(options.time_limit_s); };
  CandidateSearch search(net, scenario, options, steady::deadline_after(t0, options.time_limit_s));
  const std::size_t n_cv = net.control_valves.size();
  const std::size_t cs0 = net.valves.size() + n_cv;
  const bool optimise = options.objective != Objective::none;
  const auto value = [&](const Trial& t) { return objective_value(t.check, options.objective); };
  std::size_t tried = 0, feasible_count = 0;
  std::optional<Config> best, found;  // the closest candidate; the best feasible one
  Trial best_trial, found_trial;
  // Solves a candidate (once: a candidate met again, e.g. by the local search or the
  // improvement, is taken from `solved`); a feasible one is kept when it is the first or cheaper
  // than the kept one.
  std::unordered_map<std::string, Trial> solved;
  std::string first_failure;  // the first usable candidate that did not converge, and why
  const auto consider = [&](const Config& cfg) -> Trial {
    const std::string key = cfg.key();
    if (const auto it = solved.find(key); it != solved.end()) return it->second;
    Trial t = search.evaluate(cfg);
    solved.emplace(key, t);
    if (t.usable) ++tried;
    if (t.usable && t.check.status != steady::Status::converged && first_failure.empty())
      first_failure = fmt::format("'{}': {}", cfg.describe(), t.check.message);
    if (t.score() == 0) {
      ++feasible_count;
      if (!found || value(t) < value(found_trial)) {
        found = cfg;
        found_trial = t;
      }
    }
    return t;
  };
  // The local search from `cfg`: one regulator or station switched at a time (bypass <->
  // active), the switches nearest the violations first (candidate_order.hpp); a switch that
  // lowers the number of violations is kept and the order recomputed, until a feasible control,
  // a pass without a better switch, or `limit_s`. `start_stations`: whether a bypassed station
  // may be switched on. True when a feasible control was found.
  const auto descend = [&](Config& cfg, Trial& trial, double limit_s, bool start_stations) {
    while (trial.score() != 0 && trial.score() != static_cast<std::size_t>(-1) && !out_of(limit_s)) {
      const Zones zones = zones_of(net, search.node_index(), trial.scenario.controls);
      std::vector<char> active(cfg.regulator_active);
      active.insert(active.end(), cfg.station_active.begin(), cfg.station_active.end());
      std::vector<model::ControlState> settled;
      for (std::size_t k = 0; k < active.size(); ++k)
        settled.push_back(trial.scenario.controls[net.valves.size() + k].state);
      bool moved = false;
      for (std::size_t k : switch_order(net, search.node_index(), zones.of,
                                        trial.check.violations, active, settled)) {
        if (out_of(limit_s)) break;
        if (k >= n_cv && !start_stations && !cfg.station_active[k - n_cv]) continue;
        Config next = cfg;
        auto& flag = k < n_cv ? next.regulator_active[k] : next.station_active[k - n_cv];
        flag = !flag;
        Trial t = consider(next);
        if (t.score() == 0) return true;
        if (t.score() < trial.score()) {
          cfg = std::move(next);
          trial = std::move(t);
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    return trial.score() == 0;
  };
  const auto first_feasible = [&]() -> bool {
    const auto keep_closest = [&](const Config& cfg, Trial& t) {
      if (t.score() < best_trial.score()) {
        best = cfg;
        best_trial = std::move(t);
      }
    };
    // After the first uniform candidate: every regulator and station active with the valves
    // that would bridge them closed (regulators' setpoints at the top of their outlet zone's
    // window, stations' at their discharge limit or that window's top, each element held at
    // whichever limit binds by the steady solver's control loop), at the top, then the middle.
    const auto separated = [&]() -> bool {
      const bool machines = !net.control_valves.empty() || !net.compressors.empty();
      if (net.valves.empty() || !machines) return false;
      Config all{std::vector<char>(n_cv, 1), std::vector<char>(net.compressors.size(), 1), true,
                 {}, {}};
      all.valve_open = valves_not_bridging(net, search.node_index(), all.regulator_active,
                                           all.station_active);
      all.regulator_closed = regulators_across_stations(net, search.node_index(), all.valve_open,
                                                        all.station_active);
      if (std::none_of(all.regulator_closed.begin(), all.regulator_closed.end(),
                       [](char c) { return c != 0; }))
        all.regulator_closed.clear();
      Trial ta = consider(all);
      if (ta.score() == 0) return true;
      const bool skip = only_below_min(ta.check.violations);
      keep_closest(all, ta);
      all.top = false;
      if (skip || out_of_time()) return false;
      Trial tm = consider(all);
      if (tm.score() == 0) return true;
      keep_closest(all, tm);
      return false;
    };
    // The uniform candidates: stations and regulators bypassed or active, setpoints at the top
    // or the middle of their windows. The mid-window variant is skipped when the top one left
    // only nodes below their minimum (candidate_order.hpp, only_below_min).
    struct Uniform {
      bool stations, regulators, top;
    };
    std::vector<Uniform> uniform{{false, false, true}, {false, false, false}, {false, true, true},
                                {false, true, false},  {true, false, true},   {true, false, false},
                                {true, true, true},    {true, true, false}};
    // Without an objective any feasible control decides. Where no station has a map, the one
    // with every regulator and station active at the top is cheap to solve and often feasible:
    // it goes second (GasLib-582 v2-full as ratio boxes, 201 nominations: median CPU time to a
    // decision 83 ms instead of 285 ms). With maps its solve took about 1 s on the same
    // nominations and rarely passed, so it keeps its place; with an objective, least action
    // first (the first feasible control is then mostly the cheapest; the improvement below
    // looks for cheaper ones).
    const bool maps = std::any_of(net.compressors.begin(), net.compressors.end(),
                                  [](const model::Compressor& c) { return c.station.has_value(); });
    if (!optimise && !maps)
      std::rotate(uniform.begin() + 1, uniform.begin() + 6, uniform.begin() + 7);
    std::vector<char> skip_mid(4, 0);  // per (stations, regulators)
    for (std::size_t i = 0; i < uniform.size(); ++i) {
      if (out_of_time()) return false;
      const auto [stations, regulators, top] = uniform[i];
      char& skip = skip_mid[2 * stations + regulators];
      if (!top && skip) continue;
      Config cfg{std::vector<char>(n_cv, regulators),
                 std::vector<char>(net.compressors.size(), stations), top, {}, {}};
      Trial t = consider(cfg);
      if (t.score() == 0) return true;
      if (top) skip = only_below_min(t.check.violations);
      keep_closest(cfg, t);
      if (i == 0 && !out_of_time() && separated()) return true;
    }
    if (!best) return false;
    return descend(*best, best_trial, options.time_limit_s, true);
  };
  ValidationResult r;
  r.method = "heuristic_controls";
  if (!first_feasible()) {
    std::string closest;
    if (best && best_trial.score() != static_cast<std::size_t>(-1) &&
        !best_trial.check.violations.empty()) {
      const auto& v = best_trial.check.violations[0];
      closest = fmt::format(" (closest: '{}' converged with {} violation(s), first {} at '{}')",
                            best->describe(), best_trial.check.violations.size(), v.what, v.id);
    } else if (!first_failure.empty()) {
      // None converged (GasLib-4197): what stopped the first one tells the user more than a count.
      constexpr std::size_t shown = 400;
      closest = fmt::format(" (none converged; the first, {}{})", first_failure.substr(0, shown),
                            first_failure.size() > shown ? " ..." : "");
    }
    r.message = fmt::format(
        "undecided: {}, so the exact tree method does not apply; none of the {} candidate "
        "controls passed the steady re-check{}{}",  // validate_nomination adds what the relaxation found
        why_not_tree, tried, closest, out_of_time() ? " before the time limit" : "");
    return r;
  }
  // With an objective: cheaper controls, fewer running stations first. From the best feasible
  // control, its running stations all bypassed, then each alone; a variant that is not feasible
  // is repaired by the local search without starting a station. Until no variant is cheaper, the
  // objective is 0 (no cheaper control exists), or the time limit for the improvement.
  const double improve_limit = std::max(improve_limit_s, options.time_limit_s);
  search.set_deadline(steady::deadline_after(t0, improve_limit));  // the improvement's solves
  while (optimise && value(found_trial) > 0.0 && !out_of(improve_limit)) {
    const double before = value(found_trial);
    std::vector<std::size_t> running;
    for (std::size_t k = 0; k < net.compressors.size(); ++k)
      if (found->station_active[k] &&
          found_trial.scenario.controls[cs0 + k].state == model::ControlState::active)
        running.push_back(k);
    if (running.empty()) break;
    std::vector<Config> variants(1, *found);
    for (std::size_t k : running) variants[0].station_active[k] = 0;
    for (std::size_t i = 0; running.size() > 1 && i < running.size(); ++i) {
      variants.push_back(*found);
      variants.back().station_active[running[i]] = 0;
    }
    for (Config& v : variants) {
      if (out_of(improve_limit)) break;
      Trial t = consider(v);
      if (t.score() != 0) descend(v, t, improve_limit, false);
      if (value(found_trial) < before) break;
    }
    if (!(value(found_trial) < before)) break;
  }
  r.verdict = Verdict::feasible;
  r.message = fmt::format(
      "feasible: candidate control '{}'{}, as settled ({}), keeps every bound and limit "
      "(steady re-check converged in {} iterations; {} candidates tried{})",
      found->describe(),
      found_trial.recentred ? fmt::format(", recentred {} time(s)", found_trial.recentred) : "",
      settled_states(net, found_trial.scenario), found_trial.check.iterations, tried,
      optimise ? fmt::format(", {} feasible, the one of least {} kept", feasible_count,
                             to_string(options.objective))
               : std::string());
  r.decisions = decisions_of(found_trial.scenario, found_trial.check);
  r.control = std::move(found_trial.scenario);
  r.check = std::move(found_trial.check);
  return r;
}

}  // namespace linepack::validation
