#pragma once
// One candidate control of the heuristic search on meshed networks
// (validation/heuristic_controls.hpp): its settings (Config), and its evaluation
// (CandidateSearch::evaluate): setpoints from the zones' windows, the steady solve, the
// settling of modes the control loop changed, recentring, the maps' limits held where only
// they break, and stations still off their maps bypassed.
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/validation/candidate_zones.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

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
  /// In words, for messages.
  std::string describe() const;

};

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
  using Clock = std::chrono::steady_clock;
  /// `deadline`: every solve's control rounds stop there (steady::SteadyOptions::deadline).
  CandidateSearch(const model::Network& net, const model::Scenario& scenario,
                  const ValidationOptions& options, Clock::time_point deadline);

  const NodeIndex& node_index() const { return node_; }
  void set_deadline(Clock::time_point deadline) { steady_.deadline = deadline; }
  bool past_deadline() const { return steady_.deadline && Clock::now() > *steady_.deadline; }

  /// The candidate solved, settled, recentred up to three times, its maps' limits held where
  /// only they break and stations still off their maps bypassed; not `usable` when the control
  /// loop rejects its holds or the deadline passed before its solve.
  Trial evaluate(const Config& cfg) const;

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
  void settle_modes(Trial& t) const;
  /// A station whose working point still breaks its map is restated as bypassed, every other
  /// setting of the candidate kept (restate: kept when no more violations). GasLib-582 v2-full,
  /// perturbed nomination 5: `compressorStation_5` carries 931 kg/s, about 18 m3/s at its inlet,
  /// three times what its largest configuration takes at maximum speed; bypassed, the settled
  /// all-active candidate passes. The local search's own switch of that station re-derives every
  /// setpoint from the zones' windows and breaks 18 pressure maxima instead.
  void bypass_stations_off_their_maps(Trial& t) const;
  /// A candidate that passed is solved once more as `linepack solve` solves its control
  /// (solve_as_linepack_solve: map limits held, not only checked), and that solve is its check
  /// (GasLib-582 v2-full within its .cdf, perturbed nominations 35 and 53: four regulators end
  /// in other modes and sink_23 above its maximum).
  void confirm_as_solved(Trial& t) const;
  /// Restates every active regulator and station to which `rule` gives a state, solves, and
  /// keeps the restated control when it converges with no more violations.
  template <class Rule>
  void restate(Trial& t, const Rule& rule) const;
  /// The candidate with every setter (pressure reference, active regulator or station outlet)
  /// moved by its zone's recentring shift, within its node's bounds and its own outlet limit.
  model::Scenario recentred(const Trial& t) const;
  /// The control loop rejects holds that contradict each other (e.g. two setters of one
  /// lossless island at different pressures): such a candidate is unusable, not an error.
  /// GasLib combined decisions (.cdf), when given: the candidate is repaired to the nearest
  /// allowed combination before its solve (`sc` becomes the repaired control), and a result
  /// that breaks one is not feasible.
  /// No solve starts after the deadline (a started one stops at its next control round).
  /// `hold_idle`: the parts the control cuts off without flow may be held (idle_parts.hpp;
  /// solve_within_decisions): set for a candidate's first solve only, which is then usable at
  /// all (GasLib-4197 within its .cdf); held in the settling and recentring solves as well,
  /// they led GasLib-582 v2-full's search within its .cdf elsewhere and cost 13 of 201
  /// decisions at 0.5 s.
  std::optional<steady::SteadyResult> solve(model::Scenario& sc, bool hold_idle = false) const;
  std::optional<steady::SteadyResult> solve(model::Scenario& sc,
                                            const steady::SteadyOptions& options,
                                            bool hold_idle = false) const;

  const model::Network& net_;
  const model::Scenario& scenario_;
  const ValidationOptions& options_;
  NodeIndex node_;
  steady::SteadyOptions steady_;
};

/// The states of a candidate's regulators and stations after settle_modes, in words.
std::string settled_states(const model::Network& net, const model::Scenario& control);

/// The objective's value for a re-checked control [kg/s or W].
double objective_value(const steady::SteadyResult& check, Objective objective);

}  // namespace linepack::validation
