#pragma once
// The pressure relation of one passive element (pipe, resistor, short pipe, open valve) at a
// fixed mass flow: its steady equation from physics/ (the same kernel the steady solver uses)
// solved for one end pressure given the other. For a fixed flow every such law is strictly
// increasing in both end pressures (the potential form Pi(p_from) e^{-s} - Pi(p_to) = loss(q),
// physics/pipe_equation.hpp), so each end is a monotone function of the other.
#include <cstddef>
#include <memory>
#include <optional>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/model/network.hpp"
#include "linepack/physics/branch_equations.hpp"

namespace linepack::validation {

enum class PassiveKind { pipe, short_pipe, resistor, valve };

class ElementLaw {
 public:
  /// The law of `network`'s element `index` of `kind` (valves as open).
  /// `eos` is the network's equation of state at its temperature (built once by the caller).
  ElementLaw(const model::Network& network, PassiveKind kind, std::size_t index,
             const gas::EquationOfState& eos);
  ElementLaw(ElementLaw&&) noexcept;
  ElementLaw& operator=(ElementLaw&&) noexcept;
  ~ElementLaw();

  /// Pressure at `to` [Pa] when `from` is at p_from_pa and q_kg_per_s flows from -> to; nullopt
  /// when no positive pressure satisfies the law (the loss exceeds what p_from can drive).
  std::optional<double> to_pressure(double p_from_pa, double q_kg_per_s) const;
  /// Pressure at `from` [Pa] given the pressure at `to`; nullopt when none is positive.
  std::optional<double> from_pressure(double p_to_pa, double q_kg_per_s) const;

 private:
  double residual(double pf, double pt, double q, double* d_pf, double* d_pt) const;
  model::Network local_;  // the element alone between two nodes (kernels index a network)
  std::unique_ptr<physics::BranchEquations> kernel_;
};

}  // namespace linepack::validation
