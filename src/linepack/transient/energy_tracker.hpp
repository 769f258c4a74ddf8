#pragma once
// The energy equation in transients (docs/transient.md §11, docs/physics.md §15): the gas
// temperature along the pipes over time, with heat exchange with the ground, Joule-Thomson
// cooling, elevation work and the shaft work of compressors, mixing at nodes by enthalpy.
//
// State: the energy E_i [J] of every storage volume of the grid (TransientEquations' pressure
// unknowns), E = M (h - p/rho + g z), i.e. internal plus potential energy of the mass it holds
// (kinetic energy left out: v^2/2 is below 1e-4 of h at pipeline velocities). Caloric equation
// of state, linearised about the reference state (T_ref = the model temperature, p_ref = the
// mean pressure at the start):
//   h(T, p) = cp T - cp mu_JT (p - p_ref)
// with cp and the Joule-Thomson coefficient mu_JT of the gas there (GERG-2008 when the model
// has a composition; else cp of the ideal gas, kappa R_s / (kappa - 1), and mu_JT from the
// temperature derivative of the model's Z: mu_JT = R_s T^2 (dZ/dT)_p / (p cp)).
//
// Conservative form, per volume over a step with the hydraulic step-mean fluxes Q (FluxGraph),
// implicit upwind:
//   E_i^{n+1} = E_i^n + dt [ sum_in Q (h + g z)_upstream + s (h_supply + g z_i)
//                            - (Q_out + w) (h_i + g z_i) + G_i (T_ground - T_i) + P_i ]
// with E_i^{n+1} = M_i^{n+1} (h_i - p_i/rho_i + g z_i) (M, p, rho from the hydraulics at the new
// level), s / w the node's supply / withdrawal, G_i = sum U pi D L over the pipe length in the
// volume, P_i the shaft power of a compressor discharging into it. A volume on a pipe with an
// infinite U (physics.thermal: null) takes the ground temperature; the heat is what balances. Every flux between volumes
// appears twice with opposite signs: the total energy changes only by what supplies bring,
// offtakes take, the ground gives and compressors add (to rounding; the state E is updated in
// this flux form). With no storage (M = 0) the same balance is the steady energy equation that
// gives the initial temperatures.
//
// Coupling: the simulator turns the temperatures into per-volume density factors for the next
// hydraulic step (TransientEquations::set_density_factors, lagged by one step); the masses M here
// use them. The compressor power stays at the model temperature.
#include <cstddef>
#include <span>
#include <vector>

#include "linepack/transient/flux_graph.hpp"
#include "linepack/transient/transient_equations.hpp"

namespace linepack::transient {

/// The mean fluxes and end state of a step (or a steady state) for the energy balance.
struct EnergyStep {
  std::span<const double> x_start;            ///< empty: steady (no storage)
  std::span<const double> x_new;              ///< unknowns at the step end (pressures)
  std::span<const double> mean_flow;          ///< step mean flows, unknowns' layout
  std::span<const double> injection_kg_per_s; ///< per node, > 0 supply
  std::span<const double> compressor_power_w; ///< per compressor, step mean
  double dt_s = 1.0;
};

class EnergyTracker {
 public:
  /// Constants of the network `eq` holds (physics.thermal, pipes' U and ground temperatures,
  /// nodes' supply temperatures).
  explicit EnergyTracker(const TransientEquations& eq);

  /// The steady energy balance for `step` (no storage): the initial temperatures and energies.
  void start(const EnergyStep& step);
  /// One implicit step.
  void advance(const EnergyStep& step);

  /// Temperature [K] of volume i (a pressure unknown; nodes first).
  double temperature_k(std::size_t i) const { return temperature_[i]; }
  /// Total energy in the network [J] (internal + potential, datum: h = cp T at p_ref).
  double energy_j() const;
  /// Integrals since the start [J]: supplies minus offtakes (enthalpy and potential energy),
  /// heat from the ground, compressor shaft work.
  double boundary_energy_j() const { return boundary_j_; }
  double heat_from_ground_j() const { return heat_j_; }
  double compressor_work_j() const { return work_j_; }
  double specific_heat_j_per_kg_k() const { return cp_; }
  double joule_thomson_k_per_pa() const { return mu_; }
  double reference_pressure_pa() const { return p_ref_; }

 private:
  void solve(const EnergyStep& step, bool storage);
  double enthalpy(double t_k, double p_pa) const { return cp_ * t_k - cp_ * mu_ * (p_pa - p_ref_); }

  const TransientEquations& eq_;
  double cp_ = 0.0, mu_ = 0.0, p_ref_ = 0.0, t_model_ = 0.0;
  std::vector<double> z_, conductance_, conductance_t_;  // per volume: m, W/K, W
  // Per volume: the ground temperature where a pipe has an infinite U (the gas takes it), NaN.
  std::vector<double> fixed_t_;
  std::vector<double> supply_t_;                          // per node [K]
  std::vector<double> energy_, temperature_, h_;          // per volume
  std::vector<double> power_in_;                          // per volume, this step [W]
  double boundary_j_ = 0.0, heat_j_ = 0.0, work_j_ = 0.0;
  FluxGraph graph_;
};

}  // namespace linepack::transient
