#pragma once
// What one element allows between its end pressures when its flow is fixed by the nomination,
// over every control the element has (docs/validation-of-nominations.md, "Model"):
//   pipe, resistor, short pipe, open valve: p_to = g(p_from), g strictly increasing
//     (validation/element_law.hpp);
//   valve: open (as a short pipe) or, at zero flow only, closed (no relation);
//   compressor, q > 0: bypass (p_to = p_from) or active with p_from >= pressure_in_min,
//     p_from <= p_to <= min(ratio_max p_from, pressure_out_max), shaft power <= power_max and
//     q <= flow_max; q < 0: bypass only; q = 0: closed (no relation);
//   regulator (control valve), q > 0: bypass or active with p_from - p_to in [drop_min,
//     drop_max], p_from >= pressure_in_min, p_to <= pressure_out_max; q < 0: bypass;
//     q = 0: closed;
//   a regulator or station without a bypass of its own (GasLib internalBypassRequired 0):
//     no state at q < 0; a regulator's bypass (fully open) only where drop_min is 0.
// Every such set of (p_from, p_to) is "monotone": its image of an interval is an interval and
// its end points move with the interval's ends. Where the exact image is a union of intervals
// (a regulator whose pressure_out_max is below its inlet pressure, or whose minimum drop
// separates its active states from its bypass) the hull is used, which only enlarges the set,
// so an empty result is still a proof.
#include <cstddef>
#include <optional>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/validation/element_law.hpp"
#include "linepack/validation/network_tree.hpp"

namespace linepack::validation {

/// A set of pressures [lo, hi] within (0, inf). Empty when hi <= 0 or lo > hi. Each end says
/// whether it is the image of the corresponding end of the input (`*_from_input`), or a limit of
/// the element itself.
struct Image {
  double lo = 0.0, hi = model::unbounded;
  bool lo_from_input = true, hi_from_input = true;
};

/// The element's control at a chosen pair of end pressures.
struct EdgeSetting {
  model::ControlState state = model::ControlState::bypass;  ///< valves: active = open
  double p_to_pa = 0.0;  ///< the chosen pressure at the child end
  bool isolates_child = false;  ///< closed: the child side has no pressure from this element
};

class EdgeRelation {
 public:
  EdgeRelation(const model::Network& network, const Edge& edge, double flow_kg_per_s,
               const gas::EquationOfState& eos);

  /// Pressures at `to` compatible with some p_from in [lo, hi].
  Image image_to(double lo, double hi) const;
  /// Pressures at `from` compatible with some p_to in [lo, hi].
  Image image_from(double lo, double hi) const;
  /// A pressure at the other end, within [lo, hi], given the pressure at `known_end_is_from`'s
  /// end, preferring the least control action (bypass or open, then the least compression or
  /// reduction); nullopt when there is none.
  std::optional<EdgeSetting> choose(double p_known_pa, bool known_end_is_from, double lo,
                                    double hi) const;
  /// Whether the element is free at this flow (closed allowed: no pressure relation).
  bool can_close() const { return free_; }
  /// Whether the element has no state at all at this flow (reverse flow without a bypass).
  bool impossible() const { return mode_ == Mode::impossible; }
  /// Words for the element's role in a chain ("pipe 'p1' carrying 12.3 kg/s", ...).
  const Edge& edge() const { return edge_; }
  double flow_kg_per_s() const { return q_; }

 private:
  /// Largest outlet pressure of an active compressor at inlet a (a itself when it cannot act).
  double compressor_max_outlet(double a) const;
  /// Smallest inlet at which the compressor reaches outlet b (bypass or active).
  double compressor_min_inlet(double b) const;
  /// A regulator at forward flow: whether it may be fully open (p_to = p_from), and its images.
  bool regulator_bypass() const;
  Image regulator_image_to(double lo, double hi) const;
  Image regulator_image_from(double lo, double hi) const;

  enum class Mode { law, equal, compressor, regulator, free, impossible };
  Edge edge_;
  double q_;
  Mode mode_;
  bool free_ = false;
  std::optional<ElementLaw> law_;
  const model::Compressor* compressor_ = nullptr;
  const model::ControlValve* regulator_ = nullptr;
  gas::EquationOfState eos_;
  double specific_gas_constant_ = 0.0, temperature_k_ = 0.0, isentropic_exponent_ = 0.0;
};

/// |q| at or below this is zero flow: valves, regulators and stations may close [kg/s].
inline constexpr double zero_flow_kg_per_s = 1e-9;

}  // namespace linepack::validation
