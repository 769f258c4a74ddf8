#include "linepack/validation/edge_relation.hpp"

#include <algorithm>
#include <cmath>

#include "linepack/physics/compressor_equation.hpp"

namespace linepack::validation {
namespace {
// Rounding allowance when a law's computed end lands just outside a target interval [Pa].
constexpr double accept_tol_pa = 1e-3;
// Pressure changes below this are taken as bypass (no control action) [Pa].
constexpr double action_threshold_pa = 1.0;

PassiveKind passive_kind(EdgeKind k) {
  switch (k) {
    case EdgeKind::pipe: return PassiveKind::pipe;
    case EdgeKind::resistor: return PassiveKind::resistor;
    case EdgeKind::valve: return PassiveKind::valve;
    default: return PassiveKind::short_pipe;
  }
}
}  // namespace

EdgeRelation::EdgeRelation(const model::Network& net, const Edge& edge, double q,
                           const gas::EquationOfState& eos)
    : edge_(edge), q_(q), eos_(eos) {
  const bool zero = std::abs(q) <= zero_flow_kg_per_s;
  specific_gas_constant_ = net.physics.gas.specific_gas_constant();
  temperature_k_ = net.physics.temperature_k;
  isentropic_exponent_ = net.physics.gas.isentropic_exponent;
  switch (edge.kind) {
    case EdgeKind::pipe:
    case EdgeKind::short_pipe:
    case EdgeKind::resistor:
      mode_ = Mode::law;
      break;
    case EdgeKind::valve:
      mode_ = zero ? Mode::free : Mode::law;
      break;
    case EdgeKind::control_valve:
      regulator_ = &net.control_valves[edge.index];
      // Reverse flow only through the element's own bypass (GasLib internalBypassRequired).
      mode_ = zero ? Mode::free
              : q > 0.0 ? Mode::regulator
              : regulator_->has_bypass ? Mode::equal
                                       : Mode::impossible;
      break;
    case EdgeKind::compressor:
      compressor_ = &net.compressors[edge.index];
      mode_ = zero ? Mode::free
              : q > 0.0 ? Mode::compressor
              : compressor_->has_bypass ? Mode::equal
                                        : Mode::impossible;
      break;
  }
  free_ = mode_ == Mode::free;
  if (mode_ == Mode::law) law_.emplace(net, passive_kind(edge.kind), edge.index, eos);
}

double EdgeRelation::compressor_max_outlet(double a) const {
  const auto& c = *compressor_;
  if (a < c.pressure_in_min_pa || q_ > c.flow_max_kg_per_s) return a;
  double b = std::min(c.ratio_max * a, c.pressure_out_max_pa);
  if (std::isfinite(c.power_max_w)) {
    // The shaft power grows with the ratio (physics/compressor_equation.hpp): bisect for the
    // ratio at which it reaches power_max.
    const double z = eos_.z_factor(a);
    auto power = [&](double r) {
      return physics::compressor_shaft_power_w(q_, a, a * r, z, specific_gas_constant_,
                                               temperature_k_, isentropic_exponent_, c.efficiency,
                                               c.polytropic);
    };
    double lo = 1.0, hi = std::max(1.0, b / a);
    if (power(hi) > c.power_max_w) {
      for (int k = 0; k < 100 && hi - lo > 1e-13 * hi; ++k) {
        const double mid = 0.5 * (lo + hi);
        (power(mid) > c.power_max_w ? hi : lo) = mid;
      }
      b = a * lo;
    }
  }
  return std::max(a, b);
}

double EdgeRelation::compressor_min_inlet(double b) const {
  const auto& c = *compressor_;
  if (b > c.pressure_out_max_pa || q_ > c.flow_max_kg_per_s) return b;  // bypass only
  // compressor_max_outlet is non-decreasing in a: bisect on [lo, b].
  double lo = std::max(c.pressure_in_min_pa, b / c.ratio_max);
  if (!(lo < b)) return b;
  if (compressor_max_outlet(lo) >= b) return lo;
  double hi = b;
  for (int k = 0; k < 100 && hi - lo > 1e-13 * hi; ++k) {
    const double mid = 0.5 * (lo + hi);
    (compressor_max_outlet(mid) >= b ? hi : lo) = mid;
  }
  return hi;
}

bool EdgeRelation::regulator_bypass() const {
  // Fully open, p_to = p_from: through its own bypass, or the regulator itself where it needs
  // no minimum drop (steady/violations.cpp judges such a state the same way).
  return regulator_->has_bypass || regulator_->pressure_drop_min_pa <= 0.0;
}

Image EdgeRelation::regulator_image_to(double lo, double hi) const {
  const auto& r = *regulator_;
  // Active: p_from in [max(lo, pressure_in_min), min(hi, out_max + drop_max)], p_to in
  // [p_from - drop_max, min(p_from - drop_min, out_max)]; over that interval of p_from the
  // union is one interval.
  const double a_lo = std::max(lo, r.pressure_in_min_pa);
  const double a_hi = std::min(hi, r.pressure_out_max_pa + r.pressure_drop_max_pa);
  Image active{1.0, 0.0, false, false};  // empty
  if (a_lo <= a_hi) {
    active.lo = std::max(a_lo - r.pressure_drop_max_pa, 0.0);
    active.lo_from_input = a_lo == lo && std::isfinite(r.pressure_drop_max_pa);
    active.hi = std::min(a_hi - r.pressure_drop_min_pa, r.pressure_out_max_pa);
    active.hi_from_input = a_hi == hi && hi - r.pressure_drop_min_pa <= r.pressure_out_max_pa;
  }
  const bool active_empty = active.lo > active.hi || active.hi <= 0.0;
  if (!regulator_bypass()) return active_empty ? Image{0.0, 0.0, false, false} : active;
  if (active_empty) return {lo, hi, true, true};
  // The hull of bypass [lo, hi] and the active interval (active.hi <= hi).
  if (active.lo < lo) return {active.lo, hi, active.lo_from_input, true};
  return {lo, hi, true, true};
}

Image EdgeRelation::regulator_image_from(double lo, double hi) const {
  const auto& r = *regulator_;
  // Active: p_to in [max(lo, pressure_in_min - drop_max), min(hi, out_max)], p_from in
  // [max(p_to + drop_min, pressure_in_min), p_to + drop_max].
  const double b_lo = std::max(lo, r.pressure_in_min_pa - r.pressure_drop_max_pa);
  const double b_hi = std::min(hi, r.pressure_out_max_pa);
  Image active{1.0, 0.0, false, false};
  if (b_lo <= b_hi) {
    active.lo = std::max(b_lo + r.pressure_drop_min_pa, r.pressure_in_min_pa);
    active.lo_from_input = b_lo == lo && lo + r.pressure_drop_min_pa >= r.pressure_in_min_pa;
    active.hi = b_hi + r.pressure_drop_max_pa;
    active.hi_from_input = b_hi == hi && std::isfinite(r.pressure_drop_max_pa);
  }
  const bool active_empty = active.lo > active.hi;
  if (!regulator_bypass()) return active_empty ? Image{0.0, 0.0, false, false} : active;
  if (active_empty) return {lo, hi, true, true};
  // The hull of bypass [lo, hi] and the active interval (active.lo >= lo).
  if (active.hi > hi) return {lo, active.hi, true, active.hi_from_input};
  return {lo, hi, true, true};
}

Image EdgeRelation::image_to(double lo, double hi) const {
  switch (mode_) {
    case Mode::law: {
      const auto l = law_->to_pressure(lo, q_), h = law_->to_pressure(hi, q_);
      return {l.value_or(0.0), h.value_or(0.0), l.has_value(), true};
    }
    case Mode::equal: return {lo, hi, true, true};
    case Mode::compressor: return {lo, compressor_max_outlet(hi), true, true};
    case Mode::regulator: return regulator_image_to(lo, hi);
    case Mode::impossible: return {0.0, 0.0, false, false};
    case Mode::free: break;
  }
  return {0.0, model::unbounded, false, false};
}

Image EdgeRelation::image_from(double lo, double hi) const {
  switch (mode_) {
    case Mode::law: {
      const auto l = law_->from_pressure(lo, q_), h = law_->from_pressure(hi, q_);
      return {l.value_or(0.0), h.value_or(0.0), l.has_value(), true};
    }
    case Mode::equal: return {lo, hi, true, true};
    case Mode::compressor: return {compressor_min_inlet(lo), hi, true, true};
    case Mode::regulator: return regulator_image_from(lo, hi);
    case Mode::impossible: return {0.0, 0.0, false, false};
    case Mode::free: break;
  }
  return {0.0, model::unbounded, false, false};
}

std::optional<EdgeSetting> EdgeRelation::choose(double p, bool known_is_from, double lo,
                                                double hi) const {
  using model::ControlState;
  const auto within = [&](double x) { return x >= lo - accept_tol_pa && x <= hi + accept_tol_pa; };
  switch (mode_) {
    case Mode::law: {
      const auto other = known_is_from ? law_->to_pressure(p, q_) : law_->from_pressure(p, q_);
      if (!other || !within(*other)) return std::nullopt;
      return EdgeSetting{ControlState::active, *other, false};
    }
    case Mode::equal:
      if (!within(p)) return std::nullopt;
      return EdgeSetting{ControlState::bypass, p, false};
    case Mode::free:
      if (within(p)) return EdgeSetting{edge_.kind == EdgeKind::valve ? ControlState::active
                                                                      : ControlState::bypass,
                                        p, false};
      if (!(lo <= hi) || hi <= 0.0) return std::nullopt;
      return EdgeSetting{ControlState::closed, std::clamp(p, lo, hi), true};
    case Mode::compressor: {
      // Least compression: the outlet as close to the inlet as the interval allows.
      double a, b;
      if (known_is_from) {
        a = p;
        b = std::max(a, lo);
        if (b > std::min(hi, compressor_max_outlet(a)) + accept_tol_pa) return std::nullopt;
      } else {
        b = p;
        a = std::min(hi, b);
        if (a < std::max(lo, compressor_min_inlet(b)) - accept_tol_pa) return std::nullopt;
      }
      if (b - a <= action_threshold_pa) return EdgeSetting{ControlState::bypass, p, false};
      return EdgeSetting{ControlState::active, known_is_from ? b : a, false};
    }
    case Mode::regulator: {
      const auto& r = *regulator_;
      // Least reduction: bypass when the interval allows equal pressures, else the smallest
      // drop within [drop_min, drop_max].
      if (regulator_bypass() && within(p)) return EdgeSetting{ControlState::bypass, p, false};
      double a, b;
      if (known_is_from) {
        a = p;
        b = std::min({hi, a - r.pressure_drop_min_pa, r.pressure_out_max_pa});
        if (b < std::max(lo, a - r.pressure_drop_max_pa) - accept_tol_pa || b <= 0.0 ||
            a < r.pressure_in_min_pa)
          return std::nullopt;
      } else {
        b = p;
        a = std::max({lo, b + r.pressure_drop_min_pa, r.pressure_in_min_pa});
        if (a > std::min(hi, b + r.pressure_drop_max_pa) + accept_tol_pa ||
            b > r.pressure_out_max_pa + accept_tol_pa)
          return std::nullopt;
      }
      return EdgeSetting{ControlState::active, known_is_from ? b : a, false};
    }
    case Mode::impossible: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace linepack::validation
