#include "linepack/validation/element_law.hpp"

#include <array>
#include <cmath>
#include <vector>

#include "linepack/physics/connection_equations.hpp"
#include "linepack/physics/pipe_equation.hpp"
#include "linepack/physics/resistor_equation.hpp"

namespace linepack::validation {
namespace {

const model::Branch& branch_of(const model::Network& n, PassiveKind kind, std::size_t i) {
  switch (kind) {
    case PassiveKind::pipe: return n.pipes.at(i);
    case PassiveKind::short_pipe: return n.short_pipes.at(i);
    case PassiveKind::resistor: return n.resistors.at(i);
    case PassiveKind::valve: return n.valves.at(i);
  }
  return n.pipes.at(i);
}

const model::Node& node_named(const model::Network& n, const std::string& id) {
  for (const auto& node : n.nodes)
    if (node.id == id) return node;
  return n.nodes.at(0);  // unreachable for a validated network
}

/// Root of a function that is monotone in x on (0, inf): f(0) and f(large) have opposite signs.
/// Safeguarded Newton on a bracket; nullopt when f(0) already has the sign of f(+inf).
template <class F>
std::optional<double> monotone_root(F f, double guess, bool increasing) {
  double d = 0.0;
  const double f0 = f(0.0, &d);
  const double s = increasing ? 1.0 : -1.0;  // s f is increasing
  if (s * f0 >= 0.0) return f0 == 0.0 ? std::optional<double>(0.0) : std::nullopt;
  double lo = 0.0, hi = std::max(guess, 1e3);
  double fh = f(hi, &d);
  for (int k = 0; s * fh < 0.0; ++k) {
    if (k > 60) return std::nullopt;
    lo = hi;
    hi *= 2.0;
    fh = f(hi, &d);
  }
  double x = guess > lo && guess < hi ? guess : 0.5 * (lo + hi);
  for (int it = 0; it < 200; ++it) {
    const double fx = f(x, &d);
    if (fx == 0.0) return x;
    if (s * fx < 0.0) lo = x;
    else hi = x;
    if (hi - lo <= 1e-12 * hi + 1e-9) return 0.5 * (lo + hi);
    double next = d != 0.0 ? x - fx / d : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    // Converged when the Newton step is below 1e-6 Pa.
    if (std::abs(next - x) < 1e-6) return next;
    x = next;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

ElementLaw::ElementLaw(const model::Network& network, PassiveKind kind, std::size_t index,
                       const gas::EquationOfState& eos) {
  const model::Branch& b = branch_of(network, kind, index);
  local_.name = b.id;
  local_.physics = network.physics;
  local_.nodes = {node_named(network, b.from), node_named(network, b.to)};
  const std::vector<std::size_t> from{0}, to{1};
  switch (kind) {
    case PassiveKind::pipe:
      local_.pipes = {network.pipes[index]};
      kernel_ = std::make_unique<physics::PipeEquations>(local_, from, to, eos);
      break;
    case PassiveKind::resistor:
      local_.resistors = {network.resistors[index]};
      kernel_ = std::make_unique<physics::ResistorEquations>(local_, from, to, eos);
      break;
    case PassiveKind::short_pipe:
    case PassiveKind::valve:  // an open valve is a lossless connection
      local_.short_pipes = {model::ShortPipe{b}};
      kernel_ = std::make_unique<physics::ShortPipeEquations>(local_, from, to);
      break;
  }
}

ElementLaw::ElementLaw(ElementLaw&&) noexcept = default;
ElementLaw& ElementLaw::operator=(ElementLaw&&) noexcept = default;
ElementLaw::~ElementLaw() = default;

double ElementLaw::residual(double pf, double pt, double q, double* d_pf, double* d_pt) const {
  const std::array<double, 2> p{pf, pt};
  const std::array<double, 1> flow{q};
  std::array<physics::BranchEval, 1> out{};
  kernel_->evaluate(p, flow, out);
  if (d_pf) *d_pf = out[0].d_p_from;
  if (d_pt) *d_pt = out[0].d_p_to;
  return out[0].residual;
}

std::optional<double> ElementLaw::to_pressure(double p_from_pa, double q) const {
  // The residual decreases in p_to.
  return monotone_root(
      [&](double pt, double* d) { return residual(p_from_pa, pt, q, nullptr, d); }, p_from_pa,
      false);
}

std::optional<double> ElementLaw::from_pressure(double p_to_pa, double q) const {
  // The residual increases in p_from.
  return monotone_root(
      [&](double pf, double* d) { return residual(pf, p_to_pa, q, d, nullptr); }, p_to_pa, true);
}

}  // namespace linepack::validation
