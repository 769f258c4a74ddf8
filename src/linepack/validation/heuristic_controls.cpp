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

#include "linepack/steady/solver.hpp"
#include "linepack/validation/candidate_order.hpp"
#include "linepack/validation/candidate_search.hpp"
#include "linepack/validation/candidate_zones.hpp"
#include "linepack/validation/decisions.hpp"

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

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
  std::optional<Config> found;  // the best feasible control
  Trial found_trial;
  // Every converged candidate with violations, a start for the local search (which leaves each
  // at the closest control it reached); the closest of them is named when none passes.
  std::vector<std::pair<Config, Trial>> starts;
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
      if (t.score() != static_cast<std::size_t>(-1)) starts.emplace_back(cfg, std::move(t));
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
    // From the closest start; where its neighbourhood has no better switch, from the next
    // (GasLib-582 v2-full within its .cdf: the separated candidate converges with one violation
    // and no single switch removes it, the uniform one with all active descends to a control).
    std::stable_sort(starts.begin(), starts.end(), [](const auto& a, const auto& b) {
      return a.second.score() < b.second.score();
    });
    // Each start but the last may use a third of the time left, so that the next ones still
    // get their turn (GasLib-582 v2-full within its .cdf, 201 nominations at 0.5 s: 166
    // decided; with half of it 158-160.5, with the first start only 150).
    for (std::size_t i = 0; i < starts.size() && !out_of_time(); ++i) {
      const double now_s = std::chrono::duration<double>(Clock::now() - t0).count();
      const double limit_s = i + 1 == starts.size()
                                 ? options.time_limit_s
                                 : now_s + (options.time_limit_s - now_s) / 3.0;
      if (descend(starts[i].first, starts[i].second, limit_s, true)) return true;
    }
    return false;
  };
  ValidationResult r;
  r.method = "heuristic_controls";
  if (!first_feasible()) {
    std::string closest;
    const auto best = std::min_element(starts.begin(), starts.end(),
                                       [](const auto& a, const auto& b) {
                                         return a.second.score() < b.second.score();
                                       });
    if (best != starts.end() && !best->second.check.violations.empty()) {
      const auto& v = best->second.check.violations[0];
      closest = fmt::format(" (closest: '{}' converged with {} violation(s), first {} at '{}')",
                            best->first.describe(), best->second.check.violations.size(), v.what,
                            v.id);
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
