#pragma once
// Control with limits: the active-set loop that decides, for every active regulator and
// compressor station, which equation it holds (its setpoint, a limit, fully open / bypass, or
// closed). Rule (docs/physics.md, "Control with limits"): every setpoint and limit is an upper
// bound on how far the element opens (regulator) or compresses (station); the element holds the
// one that binds. After each converged solve, an element holding bound c switches to the most
// violated other bound (relative excess > 1e-6); a regulator whose held equation needs
// p_from < p_to opens fully, a station whose held equation needs p_to < p_from goes to bypass;
// reverse flow closes a regulator and bypasses a station; a closed regulator reopens (to its
// setpoint) when p_from > p_to and every bound has room; a bypassed station restarts when the flow
// is forward and every bound has room at p_to = p_from. A regulator holding an outlet pressure
// does so in the semismooth row p_to = min(value, p_from - r q) (model::HeldQuantity::
// regulated_outlet), which is fully open by itself below the value: it never switches between
// holding and open. Solve again until nothing changes (at most 60 rounds;
// a repeated set of modes is reported as not settling). A round whose holds have no state is
// taken back in halves, or only the switch next to where its Newton step was largest
// (retreat(); docs/physics.md §8.1 step 4).
// Parallel elements holding the pressure of the same node (ratio holds: the same ratio between
// the same two nodes): the highest outlet setting (lowest
// inlet setting) leads and holds it; elements with the same setting share the group's flow
// equally (flow holds, updated each round); elements set lower are closed. Nodes joined by short
// pipes, open valves or bypassed elements count as one node ("lossless island"); an element
// whose two ends lie on one island is always open ("bridged").
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/physics/station_working_point.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::steady {

class ControlLoop {
 public:
  /// Copies the network. Throws model::ValidationError for a limit below its setpoint or holds
  /// that fix one node's pressure twice in conflicting ways (naming the elements).
  /// `hold_limits` false: elements hold their setpoints only (no limits, no switching; parallel
  /// elements still share as below).
  /// `withdraw_fuel`: active stations' fuel gas is withdrawn at their inlet nodes (scenario()).
  /// `hold_map_limits`: stations with a map also hold its limits (update_map_limits).
  /// `regulators_at_setpoint`: active regulators start holding their setpoints instead of
  /// fully open (a solve started from a given state near the answer, SteadyOptions::start).
  ControlLoop(const model::Network& network, const model::Scenario& scenario,
              const model::Topology& topology, bool hold_limits = true,
              bool withdraw_fuel = false, bool hold_map_limits = false,
              bool regulators_at_setpoint = false);

  /// The network with every active element's hold set for the next solve.
  const model::Network& network() const { return copy_ ? *copy_ : *original_; }
  /// The scenario with the stations' fuel withdrawals, and its resolved topology.
  const model::Scenario& scenario() const { return scenario_; }
  const model::Topology& topology() const { return topology_; }
  /// A solve started from a given state (SteadyOptions::start): parallel followers start
  /// carrying their flows in it (regulators' and stations' slices) instead of none.
  void start_shares(std::span<const double> q_regulators, std::span<const double> q_stations);
  /// Decides the holds from a converged solution (pressures, then flows: regulators' and
  /// stations' slices). Returns true when a hold changed, i.e. the network must be solved again.
  bool update(std::span<const double> p, std::span<const double> q_regulators,
              std::span<const double> q_stations);
  /// After a solve that failed for the holds of the last update(): takes back the later half of
  /// that update's switches (one switch alone: the regulator closes, the station bypasses,
  /// reason `no_state_at_hold`). Returns false when there is nothing left to take back; the
  /// caller then solves again from the last converged state.
  /// `why`: what the failed solve found (kept with an element that ends pinned, and named in
  /// the final message). A single failed switch that was itself a closing (bypass) is taken
  /// back and the element stays in its former hold (pinned; check_pinned() judges it).
  /// `near`: nodes where the failed solve's Newton direction was largest. When one of the
  /// round's switched elements lies within a few elements of them, only its switch is taken
  /// back, and it waits until a round in which nothing else switches (then it switches alone).
  bool retreat(const std::string& why = {}, const std::vector<std::size_t>& near = {});
  /// When retreat() has nothing left to take back: back to the holds of the last converged
  /// round (the caller solves them again from that state); the modes are then not settled and
  /// message() names the elements whose switches found no state.
  void give_up(const std::string& why);
  /// At the final state: elements that retreat() closed or bypassed must have a bound without
  /// room there (a bypassed station: reverse flow, or a bound without room at p_to = p_from, as
  /// update() keeps it; kept in a former hold: forward flow, no pressure rise, no other bound
  /// exceeded), and regulators opened for want of a pressure reference no reverse flow;
  /// otherwise not settled, naming them.
  void check_pinned(std::span<const double> p, std::span<const double> q_regulators,
                    std::span<const double> q_stations);
  /// False when the modes did not settle (cycle or round limit); message() says which elements.
  bool settled() const { return settled_; }
  const std::string& message() const { return message_; }
  int rounds() const { return rounds_; }
  /// After update() returned true: only held map limits moved with the working point (no mode
  /// switched). Their fixed point settles only from states solved to the full tolerance.
  bool limits_only() const { return limits_only_; }
  /// True when some element may switch its hold on a limit (limits held, elements active).
  bool switches_on_limits() const { return hold_limits_ && !elements_.empty(); }
  /// Print every mode switch on stderr (with Newton's trace).
  void set_trace(bool on) { trace_ = on; }
  /// Writes control_mode and binding_limit of every regulator and station into the result.
  void report(SteadyResult& result) const;

 private:
  struct Bound {
    const char* name;  // "setpoint", "flow_max", ...
    model::HeldQuantity quantity;
    double value;
  };
  enum : int { open_state = -1, closed_state = -2 };
  struct Element {
    bool station = false;
    std::size_t index = 0;  // in control_valves or compressors
    std::size_t from = 0, to = 0;
    std::vector<Bound> bounds;  // bounds[0]: the setpoint
    int state = 0;              // index into bounds, or open_state / closed_state
    std::string reason;         // why open / closed
    int lead = -1;              // parallel follower: the leading element
    double share = 0.0;         // follower's flow share [kg/s]
    bool frozen = false;        // ends joined without loss: always open
    bool pinned = false;        // closed / bypassed by retreat(): no state at its hold
    bool deferred = false;      // its switch was taken back as the likely cause of a failure
    std::string note;           // pinned: what the failed solve found
    int map_choke = -1;         // station with a map: its bounds from the map's working point
    int map_power = -1;
    int map_speed = -1;         // its turbo units' maximum speed, as a ratio at the current flow
    // The choke held in the last round and the map's choke found after it (secant steps).
    double choke_held_before = 0.0, choke_map_before = 0.0;
    bool choke_secant = false;
  };
  double excess(const Element& e, const Bound& b, double pf, double pt, double q) const;
  int target_node(const Element& e, model::HeldQuantity q) const;
  long long hold_key(const Element& e, model::HeldQuantity q) const;
  void resolve_parallel();
  void ensure_determined();
  void apply_holds();
  /// The switched element (index into elements_) nearest to `near` within a few elements of
  /// the network graph, or -1.
  int nearest_switched(const std::vector<std::size_t>& switched,
                       const std::vector<std::size_t>& near);
  /// Whether `e` holds its outlet pressure in the regulated_outlet row (model/control_hold.hpp):
  /// a regulator holding an outlet pressure while limits are held.
  bool combines_open(const Element& e) const;
  const std::string& id(const Element& e) const;
  std::string state_name(const Element& e, int state) const;

  bool update_fuel(std::span<const double> p, std::span<const double> q_stations);
  /// Stations with a map (docs/physics.md 8.2): the working point at (pf, pt, q); and the map's
  /// limits at that point set on the element's bounds and on the network copy (choke flow and
  /// the drives' maximum power at the current head and speeds, the ratio at which a turbo unit
  /// reaches its maximum speed at the current flow, surge flow, and the efficiency that makes
  /// the one-machine power law give the map's power there).
  physics::StationInlet map_inlet(double pf) const;
  physics::StationWorkingPoint map_point(const Element& e, double pf, double pt, double q) const;
  void update_map_limits(Element& e, double pf, double pt, double q);
  const model::Network* original_;
  model::Scenario scenario_;
  model::Topology topology_;
  bool withdraw_fuel_ = false;
  std::vector<double> base_withdrawal_;  // per scenario boundary, before fuel
  std::vector<int> fuel_boundary_;       // per station: its inlet's flow boundary, or -1
  std::vector<double> fuel_;             // per station [kg/s], withdrawn now
  std::optional<model::Network> copy_;  // with the holds; only when an element is controlled
  std::optional<gas::EquationOfState> eos_;  // for power, volume-flow and surge bounds
  std::vector<Element> elements_;
  std::vector<std::size_t> island_;  // node -> representative node of its lossless island
  std::vector<bool> fixed_;          // by representative node
  std::vector<std::size_t> passive_from_, passive_to_;  // ends of the passive connections
  std::vector<std::vector<int>> seen_states_;
  std::vector<int> last_before_;           // states before the last update()
  std::vector<std::string> last_reasons_;  // and their reasons
  std::vector<char> last_frozen_;          // and whether they were frozen
  std::vector<Element> converged_elements_;  // the elements of the last converged solve
  std::vector<model::Compressor> converged_compressors_;  // and the stations of the copy then
  int retreats_ = 0;
  std::vector<std::vector<std::size_t>> adjacency_;  // node -> neighbour nodes (all elements)
  int round_limit_ = 0;    // rounds before "did not settle": grows with the element count
  int retreat_limit_ = 0;  // switches taken back in one solve: likewise
  std::size_t batch_ = SIZE_MAX / 2;  // most switches per round (halved by retreat())
  bool hold_limits_ = true;
  bool trace_ = false;
  bool settled_ = true;
  bool limits_only_ = false;  // the last update(): only held map limits moved
  std::string message_;
  int rounds_ = 0;
};

}  // namespace linepack::steady
