#pragma once
// Control with limits in time: which setpoint or limit every active regulator and compressor
// station holds during a step, and the mode switches between steps. The rule is the steady one
// (docs/physics.md §8.1, steady/control_loop.hpp): every setpoint and limit bounds how far the
// element opens (regulator) or compresses (station); after a converged step an element holding
// bound c switches to the most violated other bound (relative excess > 1e-6); a regulator that
// would need p_from < p_to opens fully, a station that would need p_to < p_from bypasses;
// reverse flow closes a regulator and bypasses a station; a closed regulator reopens and a
// bypassed station restarts when every bound has room. Time stepping (docs/transient.md §9):
// the modes are checked at the end of each converged step and the step is solved again from its
// start when one changed (at most max_resolves times). No chattering: within one step an element
// never returns to a mode it left in that step; the next step checks again.
// Not here (steady only): lossless islands and the parallel flow-sharing rule; a switch onto a
// node whose pressure the boundaries or another element hold is not made (stays a violation).
// Stations and regulators that are bypassed or closed (as given, by the schedule or by a trip
// event) are not controlled; they are reported as such.
#include <span>
#include <string>
#include <vector>

#include "linepack/model/control_hold.hpp"
#include "linepack/steady/result.hpp"
#include "linepack/transient/transient_equations.hpp"

namespace linepack::transient {

class ControlModes {
 public:
  static constexpr int max_resolves = 4;  ///< re-solves of one step after mode switches

  /// `network`: the network as the equations hold it (for sizes and ids).
  explicit ControlModes(const model::Network& network, bool hold_limits = true);
  /// Takes the starting modes from a steady result (control_mode / binding_limit by element).
  void start_from(const model::Network& network, const steady::SteadyResult& result);
  /// Sets the hold of every regulator and station in the equations from its mode now (after
  /// the equations got the schedule's states, modes and setpoints).
  void apply(TransientEquations& eq);
  /// A new step begins: forgets the modes left in the last one.
  void begin_step();
  /// After a converged step (state x in the equations' layout): switches modes by the rule.
  /// True when a mode changed (the step must be solved again with the new holds).
  bool update(const TransientEquations& eq, std::span<const double> x);
  /// Takes back the last update()'s switches (its holds had no state: Newton failed); the
  /// caller solves again with the modes before it.
  void revert();
  /// Mode and binding limit of every control valve, then every compressor (as steady results:
  /// control_mode "outlet_pressure" / "flow" / "open" / "bypass" / "closed" ..., binding_limit
  /// "none" (setpoint), the limit's name, or why open/closed; "as_given" when not active).
  const std::vector<std::string>& modes() const { return mode_; }
  const std::vector<std::string>& binding_limits() const { return binding_; }
  /// Mode switches so far.
  std::size_t switches() const { return switches_; }

 private:
  struct Bound {
    const char* name;
    model::HeldQuantity quantity;
    double value;
  };
  struct Element {
    bool station = false;
    std::size_t index = 0;
    int active = -1;  // at the last apply(): 1 / 0, -1 before the first
    std::string held = "setpoint";  // a bound's name, "open" or "closed"
    std::string reason;
    std::vector<std::string> left;  // modes left in this step
    std::string held_before, reason_before;  // before the last update()
  };
  std::vector<Bound> bounds(const model::Network& net, const Element& e) const;
  double excess(const TransientEquations& eq, const Element& e, const Bound& b, double pf,
                double pt, double q) const;
  void describe(const model::Network& net);

  std::vector<Element> elements_;  // control valves, then compressors
  std::vector<std::string> mode_, binding_;
  bool hold_limits_ = true;
  std::size_t switches_ = 0;
};

}  // namespace linepack::transient
