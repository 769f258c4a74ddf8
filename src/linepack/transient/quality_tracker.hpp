#pragma once
// Gas quality tracking in transients (docs/transient.md, "Gas quality"; docs/physics.md):
// the composition of the gas is carried along the pipes by the mass flows of the hydraulic
// solution and mixed at nodes, so that the calorific value and Wobbe index (ISO 6976:2016) of
// the gas delivered at every node are known over time.
//
// Tracked quantities: the mass fractions y_j of the components present in any supply (and in
// the network's gas), one set per storage volume of the transient grid (a node with its half
// cells, an interior interface with its cell: TransientEquations' pressure unknowns). What is
// conserved: the mass of every component, m_j = sum_i M_i y_ij with M_i = V_i rho_i; it changes
// only by the supplies and withdrawals (to the hydraulic Newton tolerance, as the mass itself).
//
// Scheme (implicit first-order upwind, "donor cell"): over a step of length dt with the step
// mean mass fluxes Q of the hydraulic scheme (cells, non-pipe elements, supplies),
//   y_i^{n+1} = (M_i^n y_i^n + dt sum_{in} Q y_upstream^{n+1}) / (M_i^n + dt sum_{in} Q)
// (the mass balance M^{n+1} + dt Q_out = M^n + dt Q_in of the hydraulics makes this the
// conservative update). It is a convex combination: fractions stay in [0, 1], sum to 1, and the
// step is stable for any dt (no CFL limit). Volumes are solved in flow order (FluxGraph). With no storage
// (M = 0) the same formula is the steady flow-weighted mixing that gives the initial state.
//
// One-way coupling: the hydraulics use the network's gas (its equation of state and molar mass)
// everywhere; the tracked composition does not change the density. docs/transient.md gives the
// size of that approximation.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "linepack/gas/composition.hpp"
#include "linepack/gas/iso6976.hpp"
#include "linepack/transient/flux_graph.hpp"
#include "linepack/transient/schedule.hpp"
#include "linepack/transient/transient_equations.hpp"

namespace linepack::transient {

/// The mean fluxes of a step (or of a steady state) in the layout of TransientEquations.
struct QualityStep {
  /// Unknowns at the step start (pressures give the stored masses); empty: no storage (steady
  /// mixing).
  std::span<const double> x_start;
  /// Step mean flows [kg/s] in the unknowns' layout (cells and non-pipe elements are read).
  std::span<const double> mean_flow;
  /// Per node: injection into the network [kg/s] (> 0 supply, < 0 withdrawal), step mean.
  std::span<const double> injection_kg_per_s;
  double dt_s = 1.0;
  double time_s = 0.0;  ///< the step start: supply compositions that hold then are used
};

class QualityTracker {
 public:
  /// `supplies` (validated against the network) give per node the composition it injects;
  /// other supplying nodes inject `network_gas`. `may_supply[i]`: node i can inject (pressure
  /// boundary or a negative withdrawal); throws std::invalid_argument when such a node has no
  /// composition and there is no network gas.
  QualityTracker(const TransientEquations& eq, const std::vector<SupplyComposition>& supplies,
                 const std::optional<gas::Composition>& network_gas,
                 const std::vector<bool>& may_supply);

  /// Steady flow-weighted mixing (no storage) for the flows of `step`: the initial state.
  void mix(const QualityStep& step);
  /// One implicit upwind step.
  void advance(const QualityStep& step);

  /// Mole fractions of the gas in storage volume i (a pressure unknown; nodes first).
  gas::Composition composition(std::size_t i) const;
  /// Mass fraction of component c in volume i (0 for components not tracked).
  double mass_fraction(std::size_t i, gas::Component c) const;
  /// The composition node `node` injects at time t.
  const gas::Composition& supply_composition(std::size_t node, double t) const;
  /// Mass [kg] of component c in the network for stored masses from pressures `x`.
  double component_mass_kg(std::span<const double> x, gas::Component c) const;
  /// Indices (into the 21 components) of the tracked components.
  const std::vector<std::size_t>& components() const { return components_; }

 private:
  void solve(const QualityStep& step, bool storage);
  void to_mass_fractions(const gas::Composition& x, double* y) const;

  const TransientEquations& eq_;
  std::vector<std::size_t> components_;    // tracked component indices
  std::vector<double> molar_mass_;         // per tracked component [kg/mol]
  std::size_t k_ = 0;                      // number of tracked components
  std::vector<double> y_;                  // volumes x k_ mass fractions
  std::vector<const SupplyComposition*> supply_;  // per node (nullptr: network gas)
  std::optional<gas::Composition> network_gas_;
  std::vector<double> network_gas_y_;
  // Work arrays.
  FluxGraph graph_;
  std::vector<double> mass_, supply_y_, new_y_;
};

}  // namespace linepack::transient
