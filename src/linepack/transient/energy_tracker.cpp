#include "linepack/transient/energy_tracker.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::transient {

EnergyTracker::EnergyTracker(const TransientEquations& eq) : eq_(eq) {
  const auto& net = eq.network();
  const auto& ph = net.physics;
  t_model_ = ph.temperature_k;
  const std::size_t np = eq.pressure_count();
  z_.assign(np, 0.0);
  conductance_.assign(np, 0.0);
  conductance_t_.assign(np, 0.0);
  fixed_t_.assign(np, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < net.nodes.size(); ++i) z_[i] = net.nodes[i].elevation_m;
  const auto& topo = eq.topology();
  for (std::size_t k = 0; k < net.pipes.size(); ++k) {
    const auto& pipe = net.pipes[k];
    const auto& pc = eq.pipes()[k];
    const double zf = net.nodes[topo.from[k]].elevation_m, zt = net.nodes[topo.to[k]].elevation_m;
    // U on the inner surface pi D per metre (docs/model-format.md).
    const double u_per_m = model::heat_transfer_coefficient_w_per_m2_k(ph, pipe) * units::pi *
                           pipe.diameter_m;
    const double t_ground = model::ground_temperature_k(ph, pipe);
    for (std::size_t j = 0; j <= pc.cells; ++j) {
      const std::size_t v = eq.pressure_index(k, j);
      if (j > 0 && j < pc.cells)
        z_[v] = zf + (zt - zf) * static_cast<double>(j) / static_cast<double>(pc.cells);
      if (!std::isfinite(u_per_m)) {
        fixed_t_[v] = t_ground;
        continue;
      }
      const double length = (j == 0 || j == pc.cells ? 0.5 : 1.0) * pc.cell_length_m;
      conductance_[v] += u_per_m * length;
      conductance_t_[v] += u_per_m * length * t_ground;
    }
  }
  supply_t_.resize(net.nodes.size());
  for (std::size_t i = 0; i < net.nodes.size(); ++i)
    supply_t_[i] = model::supply_temperature_k(ph, net.nodes[i]);
  energy_.assign(np, 0.0);
  temperature_.assign(np, t_model_);
  h_.assign(np, 0.0);
}

double EnergyTracker::energy_j() const {
  double e = 0.0;
  for (double v : energy_) e += v;
  return e;
}

void EnergyTracker::start(const EnergyStep& step) {
  // Reference state: the model temperature at the mean pressure of the start.
  const auto& ph = eq_.network().physics;
  const std::size_t np = eq_.pressure_count();
  double sum = 0.0;
  for (std::size_t i = 0; i < np; ++i) sum += step.x_new[i];
  p_ref_ = sum / static_cast<double>(np);
  if (ph.eos.composition) {
    // GERG-2008 (Kunz & Wagner 2012) at (T_ref, p_ref).
    const auto mix = gas::make_real_gas_mixture(gas::EosKind::gerg2008, *ph.eos.composition);
    const auto s = mix->properties_tp(t_model_, p_ref_);
    cp_ = s.cp_j_per_mol_k / s.molar_mass_kg_per_mol;
    mu_ = s.joule_thomson_k_per_pa;
  } else {
    // Ideal-gas cp; mu_JT = (T / cp) (dv/dT)_p - v / cp with v = Z R_s T / p:
    // mu_JT = R_s T^2 (dZ/dT)_p / (p cp) (e.g. Menon, Gas Pipeline Hydraulics, 2005, ch. 6).
    const double rs = ph.gas.specific_gas_constant(), kappa = ph.gas.isentropic_exponent;
    cp_ = kappa / (kappa - 1.0) * rs;
    const gas::EquationOfState cold(ph.eos, ph.gas, t_model_ - 0.5),
        warm(ph.eos, ph.gas, t_model_ + 0.5);
    const double dz_dt = warm.z_factor(p_ref_) - cold.z_factor(p_ref_);
    mu_ = rs * t_model_ * t_model_ * dz_dt / (p_ref_ * cp_);
  }
  boundary_j_ = heat_j_ = work_j_ = 0.0;
  solve(step, false);
}

void EnergyTracker::advance(const EnergyStep& step) { solve(step, true); }

void EnergyTracker::solve(const EnergyStep& step, bool storage) {
  const auto& eq = eq_;
  const auto& net = eq.network();
  const auto& topo = eq.topology();
  const std::size_t np = eq.pressure_count(), nn = net.nodes.size();
  const double dt = storage ? step.dt_s : 1.0, g = units::gravity_m_per_s2;
  graph_.build(eq, step.mean_flow);
  power_in_.assign(np, 0.0);
  const std::size_t first_cs = net.element_count() - net.compressors.size();
  for (std::size_t c = 0; c < net.compressors.size(); ++c) {
    const std::size_t e = first_cs + c;
    const double q = step.mean_flow[eq.element_flow_index(e)];
    power_in_[q >= 0.0 ? topo.to[e] : topo.from[e]] += step.compressor_power_w[c];
  }
  auto supply = [&](std::size_t i) {
    return i < nn ? std::max(step.injection_kg_per_s[i], 0.0) : 0.0;
  };
  auto withdrawal = [&](std::size_t i) {
    return i < nn ? std::max(-step.injection_kg_per_s[i], 0.0) : 0.0;
  };
  // Energy flow of a node's supply (h + g z of the gas it injects) [W]; 0 for other volumes.
  auto supplied_energy = [&](std::size_t i, double p) {
    const double s = supply(i);
    return s > 0.0 ? s * (enthalpy(supply_t_[i], p) + g * z_[i]) : 0.0;
  };
  auto inflow = [&](std::size_t i) {
    double in = 0.0;
    for (std::size_t e = graph_.in_begin(i); e < graph_.in_end(i); ++e)
      in += graph_.flow(e) * (h_[graph_.source(e)] + g * z_[graph_.source(e)]);
    return in;
  };
  graph_.in_flow_order(
      [&](std::size_t i) {
        const double p = step.x_new[i];
        double rho = 0.0, drho = 0.0;
        eq.density_at(i, p, rho, drho);
        const double m_new = storage ? eq.volume_m3(i) * rho : 0.0;
        const double q_out = graph_.outflow(i) + withdrawal(i), gz = g * z_[i];
        const double gc = conductance_[i];
        const double den = m_new + dt * q_out + dt * gc / cp_;
        const double before = h_[i];
        if (!std::isnan(fixed_t_[i])) {  // infinite U: the gas is at the ground temperature
          h_[i] = enthalpy(fixed_t_[i], p);
          return std::abs(h_[i] - before);
        }
        if (!(den > 0.0)) {
          if (!storage) h_[i] = enthalpy(t_model_, p);  // no flow, no ground contact
          return std::abs(h_[i] - before);
        }
        // h_i from E^{n+1} = M^{n+1} (h - p/rho + g z) and the balance (header).
        const double rhs = (storage ? energy_[i] : 0.0) +
                           dt * (inflow(i) + supplied_energy(i, p) - q_out * gz +
                                 conductance_t_[i] - gc * mu_ * (p - p_ref_) + power_in_[i]) +
                           m_new * (p / rho - gz);
        h_[i] = rhs / den;
        return std::abs(h_[i] - before);
      },
      1e-9);
  // Temperatures; energies in flux form (conservative) and the integrals.
  for (std::size_t i = 0; i < np; ++i) {
    const double p = step.x_new[i];
    temperature_[i] = h_[i] / cp_ + mu_ * (p - p_ref_);
    const double gz = g * z_[i];
    if (!storage) {
      double rho = 0.0, drho = 0.0;
      eq.density_at(i, p, rho, drho);
      energy_[i] = eq.volume_m3(i) * rho * (h_[i] - p / rho + gz);
      continue;
    }
    const double w = withdrawal(i);
    const double supplied = supplied_energy(i, p), taken = w * (h_[i] + gz);
    const double flux =
        inflow(i) + supplied - (graph_.outflow(i) + w) * (h_[i] + gz) + power_in_[i];
    double heat = conductance_t_[i] - conductance_[i] * temperature_[i];
    if (!std::isnan(fixed_t_[i])) {  // the heat that holds the ground temperature
      double rho = 0.0, drho = 0.0;
      eq.density_at(i, p, rho, drho);
      heat = (eq.volume_m3(i) * rho * (h_[i] - p / rho + gz) - energy_[i]) / dt - flux;
    }
    energy_[i] += dt * (flux + heat);
    boundary_j_ += dt * (supplied - taken);
    heat_j_ += dt * heat;
    work_j_ += dt * power_in_[i];
  }
}

}  // namespace linepack::transient
