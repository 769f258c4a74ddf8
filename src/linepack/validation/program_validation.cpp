#include "linepack/validation/program_validation.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "linepack/model/disjoint_sets.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/candidate_zones.hpp"
#include "linepack/validation/decisions.hpp"
#include "linepack/validation/map_limit_setpoints.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;
using model::ControlState;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// A nominated flow the check must meet at a node the control references by pressure [kg/s]
/// (as the tree method's pinned nodes).
constexpr double referenced_flow_tolerance_kg_per_s = 1e-6;

std::string describe_outside(const SetpointProgramResult& r) {
  if (r.nodes_outside.empty()) return "";
  std::string worst;
  for (std::size_t i = 0; i < r.nodes_outside.size() && i < 3; ++i)
    worst += fmt::format("{}'{}' {:.3g} bar", i ? ", " : "", r.nodes_outside[i].first,
                         r.nodes_outside[i].second / 1e5);
  return fmt::format(" ({:.3g} bar outside the bounds in all; worst {})", r.bound_excess_pa / 1e5,
                     worst);
}

/// Hops from node `start` to every node over all elements (SIZE_MAX where unreachable).
std::vector<std::size_t> hops_from(const model::Network& net, const NodeIndex& node,
                                   std::size_t start) {
  std::vector<std::vector<std::size_t>> next(net.nodes.size());
  const auto link = [&](const auto& elements) {
    for (const auto& e : elements) {
      const std::size_t a = node.at(e.from), b = node.at(e.to);
      next[a].push_back(b);
      next[b].push_back(a);
    }
  };
  link(net.pipes);
  link(net.short_pipes);
  link(net.resistors);
  link(net.valves);
  link(net.control_valves);
  link(net.compressors);
  std::vector<std::size_t> hops(net.nodes.size(), static_cast<std::size_t>(-1));
  std::vector<std::size_t> queue{start};
  hops[start] = 0;
  for (std::size_t i = 0; i < queue.size(); ++i)
    for (std::size_t w : next[queue[i]])
      if (hops[w] == static_cast<std::size_t>(-1)) {
        hops[w] = hops[queue[i]] + 1;
        queue.push_back(w);
      }
  return hops;
}

/// The station's idle state: bypassed where it has a bypass, else closed.
ControlState idle_state(const model::Compressor& c) {
  return c.has_bypass ? ControlState::bypass : ControlState::closed;
}

}  // namespace

DiscreteControl first_decisions(const model::Network& net, const CombinedDecisions& decisions) {
  DiscreteControl d{std::vector<char>(net.valves.size(), 1),
                    std::vector<ControlState>(net.control_valves.size(), ControlState::active),
                    std::vector<ControlState>(net.compressors.size(), ControlState::active)};
  std::unordered_map<std::string_view, std::size_t> valve, regulator, station;
  for (std::size_t k = 0; k < net.valves.size(); ++k) valve.emplace(net.valves[k].id, k);
  for (std::size_t k = 0; k < net.control_valves.size(); ++k) regulator.emplace(net.control_valves[k].id, k);
  for (std::size_t k = 0; k < net.compressors.size(); ++k) station.emplace(net.compressors[k].id, k);
  for (const auto& group : decisions.groups) {
    if (group.decisions.empty()) continue;
    for (const auto& e : group.decisions.front().entries) {
      const ControlState running = e.mode ? *e.mode : ControlState::active;
      const ControlState state = e.open ? running : ControlState::closed;
      if (e.kind == DecisionElementKind::valve) {
        if (const auto it = valve.find(e.element); it != valve.end()) d.valve_open[it->second] = e.open;
      } else if (e.kind == DecisionElementKind::control_valve) {
        if (const auto it = regulator.find(e.element); it != regulator.end())
          d.regulator_state[it->second] = state;
      } else if (const auto it = station.find(e.element); it != station.end()) {
        d.station_state[it->second] = state;
      }
    }
  }
  return d;
}

DiscreteControl all_active(const model::Network& net) {
  NodeIndex index;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) index.emplace(net.nodes[v].id, v);
  const std::vector<char> regulators(net.control_valves.size(), 1), stations(net.compressors.size(), 1);
  DiscreteControl d;
  d.valve_open = valves_not_bridging(net, index, regulators, stations);
  const auto across = regulators_across_stations(net, index, d.valve_open, stations);
  d.regulator_state.assign(net.control_valves.size(), ControlState::active);
  for (std::size_t k = 0; k < across.size(); ++k)
    if (across[k]) d.regulator_state[k] = ControlState::closed;
  d.station_state.assign(net.compressors.size(), ControlState::active);
  return d;
}

model::Scenario control_from_program(const model::Network& net, const model::Scenario& scenario,
                                     const DiscreteControl& discrete,
                                     const SetpointProgramResult& point,
                                     std::vector<std::string>& referenced) {
  referenced.clear();
  std::unordered_map<std::string_view, std::size_t> node;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) node.emplace(net.nodes[v].id, v);
  const auto& p = point.pressure_pa;
  model::Scenario s = scenario;
  s.controls.clear();
  for (auto& b : s.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure) b.value = p[node.at(b.node)];
  // Machines sharing an outlet island (as the program's ties) hold one value.
  model::DisjointSets islands = lossless_islands(net, discrete);
  std::unordered_map<std::size_t, double> outlet_level;  // (island * 2 + kind) -> setpoint
  const auto level = [&](const model::Branch& b, int kind) {
    const std::size_t v = node.at(b.to);
    const auto [it, fresh] = outlet_level.emplace(islands.find(v) * 2 + kind, p[v]);
    return it->second;
  };
  for (std::size_t k = 0; k < net.valves.size(); ++k)
    s.controls.push_back({net.valves[k].id,
                          discrete.valve_open[k] ? ControlState::active : ControlState::closed, {}, {}});
  for (std::size_t k = 0; k < net.control_valves.size(); ++k) {
    model::ElementControl c{net.control_valves[k].id, discrete.regulator_state[k], {}, {}};
    if (c.state == ControlState::active) c.setpoint = level(net.control_valves[k], 0);
    s.controls.push_back(c);
  }
  for (std::size_t k = 0; k < net.compressors.size(); ++k) {
    model::ElementControl c{net.compressors[k].id, discrete.station_state[k], {}, {}};
    if (c.state == ControlState::active) {
      c.mode = model::CompressorMode::outlet_pressure;
      c.setpoint = level(net.compressors[k], 1);
    }
    s.controls.push_back(c);
  }
  // Parts without a pressure reference: the nodes joined by the passive elements, open valves
  // and bypassed machines; an active machine's outlet references its part.
  model::DisjointSets parts(net.nodes.size());
  for (const auto& e : net.pipes) parts.unite(node.at(e.from), node.at(e.to));
  for (const auto& e : net.resistors) parts.unite(node.at(e.from), node.at(e.to));
  for (std::size_t v = 0; v < net.nodes.size(); ++v) parts.unite(v, islands.find(v));
  std::vector<char> has(net.nodes.size(), 0);
  for (const auto& b : s.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure) has[parts.find(node.at(b.node))] = 1;
  for (std::size_t k = 0; k < net.control_valves.size(); ++k)
    if (discrete.regulator_state[k] == ControlState::active) has[parts.find(node.at(net.control_valves[k].to))] = 1;
  for (std::size_t k = 0; k < net.compressors.size(); ++k)
    if (discrete.station_state[k] == ControlState::active) has[parts.find(node.at(net.compressors[k].to))] = 1;
  std::unordered_map<std::size_t, std::size_t> entry;  // part -> boundary of its largest supply
  for (std::size_t i = 0; i < s.boundaries.size(); ++i) {
    const auto& b = s.boundaries[i];
    const std::size_t r = parts.find(node.at(b.node));
    if (has[r] || b.kind != model::NodeBoundary::Kind::flow) continue;
    const auto it = entry.find(r);
    if (it == entry.end() || b.value < s.boundaries[it->second].value) entry[r] = i;
  }
  for (const auto& [r, i] : entry) {
    auto& b = s.boundaries[i];
    referenced.push_back(b.node);
    b.kind = model::NodeBoundary::Kind::pressure;
    b.value = p[node.at(b.node)];
    has[r] = 1;
  }
  for (std::size_t v = 0; v < net.nodes.size(); ++v) {
    const std::size_t r = parts.find(v);
    if (has[r]) continue;
    has[r] = 1;
    referenced.push_back(net.nodes[v].id);
    s.boundaries.push_back({net.nodes[v].id, model::NodeBoundary::Kind::pressure, p[v]});
  }
  return s;
}

ProgramOutcome program_validation(const model::Network& net, const model::Scenario& scenario,
                                  const ValidationOptions& options, double time_limit_s,
                                  const std::vector<DiscreteControl>& starts) {
  const auto t0 = Clock::now();
  const auto deadline = steady::deadline_after(t0, time_limit_s);
  NodeIndex node;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) node.emplace(net.nodes[v].id, v);
  std::unordered_map<std::string_view, double> nominated;  // flow boundaries
  for (const auto& b : scenario.boundaries)
    if (b.kind == model::NodeBoundary::Kind::flow) nominated[b.node] += b.value;
  SetpointProgramOptions popt;
  popt.margin_pa = options.margin_pa;
  popt.deadline = deadline;
  ProgramOutcome out;
  int programs = 0;
  std::string best_status;
  double best_excess = std::numeric_limits<double>::infinity();
  const auto solve = [&](const DiscreteControl& d, const SetpointProgramResult* from = nullptr) {
    ++programs;
    // A station idled: from the last point, with fewer iterations (GasLib-4197: from there the
    // program finds its point in 21 iterations, 5 s; from the middle of the windows that
    // discrete state diverged through all 300, 52 s).
    popt.start_pressure_pa = from ? from->pressure_pa : std::vector<double>{};
    popt.start_mass_flow_kg_per_s = from ? from->mass_flow_kg_per_s : std::vector<double>{};
    popt.max_iterations = from ? 150 : 300;
    return solve_setpoint_program(net, scenario, d, popt);
  };
  // The re-check: the control as linepack solve solves it (map_limit_setpoints.hpp), started
  // from the program's point; the referenced nodes must meet their nominated flows.
  const auto check = [&](const DiscreteControl& d, const SetpointProgramResult& point,
                         std::string& why) -> std::optional<ValidationResult> {
    std::vector<std::string> referenced;
    model::Scenario control = control_from_program(net, scenario, d, point, referenced);
    steady::SteadyOptions as_solved;
    as_solved.deadline = deadline;
    as_solved.start = steady::SteadyStart{point.pressure_pa, point.mass_flow_kg_per_s};
    steady::SteadyResult result;
    try {
      result = steady::solve(net, control, as_solved);
    } catch (const std::exception& e) {
      why = std::string("the steady re-check rejected its control: ") + e.what();
      return std::nullopt;
    }
    if (!passes(result)) {
      why = "its steady re-check: " + why_not_passed(result);
      return std::nullopt;
    }
    for (const auto& id : referenced) {  // result nodes in network order
      const double want = nominated.count(id) ? nominated.at(id) : 0.0;
      if (std::abs(result.nodes.at(node.at(id)).withdrawal_kg_per_s - want) >
          referenced_flow_tolerance_kg_per_s) {
        why = fmt::format("its steady re-check moved the flow at '{}', held at the program's "
                          "pressure, off its nomination",
                          id);
        return std::nullopt;
      }
    }
    if (options.combined_decisions && !options.combined_decisions->groups.empty() &&
        !allows(*options.combined_decisions, element_states(net, control, result))) {
      why = "its control is none of the combined decisions (.cdf) after the steady re-check";
      return std::nullopt;
    }
    ValidationResult r;
    r.verdict = Verdict::feasible;
    r.method = "setpoint_program";
    r.message = fmt::format(
        "feasible: setpoints from the nonlinear program ({} solved, the last in {} iterations), "
        "re-checked by the steady solver started from its point (converged in {} iterations, no "
        "violation)",
        programs, point.iterations, result.iterations);
    r.decisions = decisions_of(control, result);
    r.control = std::move(control);
    r.check = std::move(result);
    return r;
  };
  for (const DiscreteControl& start : starts) {
    DiscreteControl d = start;
    SetpointProgramResult point = solve(d);
    for (;;) {
      if (Clock::now() > deadline) {
        if (best_status.empty()) best_status = "the program: " + point.status;
        break;
      }
      if (point.within_bounds()) {
        std::string why;
        if (auto r = check(d, point, why)) {
          r->time_s = seconds_since(t0);
          out.decided = std::move(r);
          return out;
        }
        best_status = "the program's point is inside every bound but " + why;
        best_excess = 0.0;
        break;
      }
      if (point.solved && point.bound_excess_pa < best_excess) {
        best_excess = point.bound_excess_pa;
        best_status = "the program ended outside the bounds" + describe_outside(point);
      } else if (!point.solved && best_status.empty()) {
        best_status = "the program: " + point.status;
      }
      if (!point.solved) break;
      // Idle, one at a time, each station working at the edge of its map or power, nearest
      // the worst node outside its bounds first (hops); keep the first that lowers the excess.
      std::vector<std::size_t> order = point.stations_at_limit;
      if (!point.nodes_outside.empty()) {
        const auto hops = hops_from(net, node, node.at(point.nodes_outside.front().first));
        const auto hops_to = [&](std::size_t s) {
          const auto& c = net.compressors[s];
          return std::min(hops[node.at(c.from)], hops[node.at(c.to)]);
        };
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return hops_to(a) < hops_to(b); });
      }
      bool improved = false;
      for (std::size_t s : order) {
        if (Clock::now() > deadline) break;
        DiscreteControl next = d;
        next.station_state[s] = idle_state(net.compressors[s]);
        SetpointProgramResult trial = solve(next, &point);
        if (!trial.solved || trial.bound_excess_pa >= point.bound_excess_pa) continue;
        d = std::move(next);
        point = std::move(trial);
        improved = true;
        break;
      }
      if (!improved) break;
    }
    if (Clock::now() > deadline) break;
  }
  out.status = fmt::format("setpoint program: {} ({} solved in {:.1f} s)",
                           best_status.empty() ? "no point" : best_status, programs,
                           seconds_since(t0));
  return out;
}

}  // namespace linepack::validation
