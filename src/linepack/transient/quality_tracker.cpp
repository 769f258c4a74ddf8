#include "linepack/transient/quality_tracker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "linepack/model/id_index.hpp"

namespace linepack::transient {

QualityTracker::QualityTracker(const TransientEquations& eq,
                               const std::vector<SupplyComposition>& supplies,
                               const std::optional<gas::Composition>& network_gas,
                               const std::vector<bool>& may_supply)
    : eq_(eq), network_gas_(network_gas) {
  const auto& net = eq.network();
  model::IdIndex nodes(net.nodes.size());
  for (std::size_t i = 0; i < net.nodes.size(); ++i) nodes.insert(net.nodes[i].id, i);
  supply_.assign(net.nodes.size(), nullptr);
  for (const auto& s : supplies) supply_.at(nodes.find(s.node)) = &s;
  for (std::size_t i = 0; i < net.nodes.size(); ++i)
    if (may_supply[i] && !supply_[i] && !network_gas_)
      throw std::invalid_argument(fmt::format(
          "node '{}' supplies gas but the schedule gives no composition for it and the network "
          "has none (physics.eos.composition or --composition): with gas quality tracking every "
          "supply's gas must be known",
          net.nodes[i].id));
  // Tracked components: those present in any composition.
  std::vector<bool> present(gas::component_count, false);
  auto mark = [&](const gas::Composition& c) {
    for (std::size_t j = 0; j < gas::component_count; ++j)
      if (c.fractions()[j] > 0.0) present[j] = true;
  };
  if (network_gas_) mark(*network_gas_);
  for (const auto& s : supplies)
    for (const auto& c : s.composition) mark(c);
  for (std::size_t j = 0; j < gas::component_count; ++j)
    if (present[j]) {
      components_.push_back(j);
      molar_mass_.push_back(gas::iso6976_molar_mass_kg_per_mol(j));
    }
  k_ = components_.size();
  // Gas in volumes that no flow reaches at the start: the network's gas, else the first
  // supply's first composition.
  network_gas_y_.assign(k_, 0.0);
  to_mass_fractions(network_gas_ ? *network_gas_ : supplies.at(0).composition.at(0),
                    network_gas_y_.data());
  const std::size_t np = eq.pressure_count();
  y_.resize(np * k_);
  for (std::size_t i = 0; i < np; ++i)
    std::copy(network_gas_y_.begin(), network_gas_y_.end(), y_.begin() + i * k_);
}

void QualityTracker::to_mass_fractions(const gas::Composition& x, double* y) const {
  // y_j = x_j M_j / sum_l x_l M_l (mole to mass fractions).
  double m = 0.0;
  for (std::size_t a = 0; a < k_; ++a) m += x.fractions()[components_[a]] * molar_mass_[a];
  for (std::size_t a = 0; a < k_; ++a) y[a] = x.fractions()[components_[a]] * molar_mass_[a] / m;
}

const gas::Composition& QualityTracker::supply_composition(std::size_t node, double t) const {
  if (const SupplyComposition* s = supply_.at(node)) return s->at(t);
  return *network_gas_;
}

gas::Composition QualityTracker::composition(std::size_t i) const {
  // x_j = (y_j / M_j) / sum_l (y_l / M_l).
  gas::Composition::Fractions x{};
  double n = 0.0;
  for (std::size_t a = 0; a < k_; ++a) n += y_[i * k_ + a] / molar_mass_[a];
  for (std::size_t a = 0; a < k_; ++a) x[components_[a]] = y_[i * k_ + a] / molar_mass_[a] / n;
  return gas::Composition::from_fractions(x);
}

double QualityTracker::mass_fraction(std::size_t i, gas::Component c) const {
  const auto it = std::find(components_.begin(), components_.end(), static_cast<std::size_t>(c));
  return it == components_.end() ? 0.0 : y_[i * k_ + static_cast<std::size_t>(it - components_.begin())];
}

double QualityTracker::component_mass_kg(std::span<const double> x, gas::Component c) const {
  double m = 0.0, rho = 0.0, drho = 0.0;
  for (std::size_t i = 0; i < eq_.pressure_count(); ++i) {
    eq_.density_at(i, x[i], rho, drho);
    m += eq_.volume_m3(i) * rho * mass_fraction(i, c);
  }
  return m;
}

void QualityTracker::mix(const QualityStep& step) { solve(step, false); }
void QualityTracker::advance(const QualityStep& step) { solve(step, true); }

void QualityTracker::solve(const QualityStep& step, bool storage) {
  const auto& eq = eq_;
  const std::size_t np = eq.pressure_count(), nn = eq.network().nodes.size(), k = k_;
  const double dt = storage ? step.dt_s : 1.0;
  graph_.build(eq, step.mean_flow);
  // Stored masses and supplies.
  mass_.assign(np, 0.0);
  if (storage)
    for (std::size_t i = 0; i < np; ++i) {
      double rho = 0.0, drho = 0.0;
      eq.density_at(i, step.x_start[i], rho, drho, true);
      mass_[i] = eq.volume_m3(i) * rho;
    }
  supply_y_.assign(nn * k, 0.0);
  for (std::size_t i = 0; i < nn; ++i)
    if (step.injection_kg_per_s[i] > 0.0)
      to_mass_fractions(supply_composition(i, step.time_s), supply_y_.data() + i * k);
  new_y_ = y_;  // the old fractions, for the storage term
  graph_.in_flow_order([&](std::size_t i) {
    // y_i = (M y_old + dt (sum_in Q y_src + s y_supply)) / (M + dt (sum_in Q + s)).
    double* y = y_.data() + i * k;
    const double* old = new_y_.data() + i * k;
    const double s = i < nn ? std::max(step.injection_kg_per_s[i], 0.0) : 0.0;
    double den = mass_[i] + dt * s;
    for (std::size_t e = graph_.in_begin(i); e < graph_.in_end(i); ++e) den += dt * graph_.flow(e);
    if (!(den > 0.0)) return 0.0;  // nothing flows in and nothing is stored: unchanged
    double change = 0.0;
    for (std::size_t a = 0; a < k; ++a) {
      double num = mass_[i] * old[a] + (s > 0.0 ? dt * s * supply_y_[i * k + a] : 0.0);
      for (std::size_t e = graph_.in_begin(i); e < graph_.in_end(i); ++e)
        num += dt * graph_.flow(e) * y_[graph_.source(e) * k + a];
      const double v = num / den;
      change = std::max(change, std::abs(v - y[a]));
      y[a] = v;
    }
    return change;
  });
}

}  // namespace linepack::transient
