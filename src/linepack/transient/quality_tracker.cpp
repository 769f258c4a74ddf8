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
    eq_.density(x[i], rho, drho);
    m += eq_.volume_m3(i) * rho * mass_fraction(i, c);
  }
  return m;
}

void QualityTracker::mix(const QualityStep& step) { solve(step, false); }
void QualityTracker::advance(const QualityStep& step) { solve(step, true); }

void QualityTracker::solve(const QualityStep& step, bool storage) {
  const auto& eq = eq_;
  const auto& net = eq.network();
  const auto& topo = eq.topology();
  const std::size_t np = eq.pressure_count(), nn = net.nodes.size(), k = k_;
  const double dt = storage ? step.dt_s : 1.0;

  // The flux graph: every cell and non-pipe element is an edge from its upstream volume.
  auto for_each_edge = [&](auto&& f) {
    for (std::size_t p = 0; p < net.pipes.size(); ++p)
      for (std::size_t c = 0; c < eq.pipes()[p].cells; ++c) {
        const double q = step.mean_flow[eq.cell_index(p, c)];
        const std::size_t l = eq.pressure_index(p, c), r = eq.pressure_index(p, c + 1);
        if (q > 0.0) f(l, r, q);
        else if (q < 0.0) f(r, l, -q);
      }
    for (std::size_t j = 0; j < eq.element_count(); ++j) {
      const std::size_t e = net.pipes.size() + j;
      const double q = step.mean_flow[eq.element_flow_index(e)];
      if (q > 0.0) f(topo.from[e], topo.to[e], q);
      else if (q < 0.0) f(topo.to[e], topo.from[e], -q);
    }
  };
  in_start_.assign(np + 1, 0);
  out_start_.assign(np + 1, 0);
  for_each_edge([&](std::size_t from, std::size_t to, double) {
    if (from == to) return;
    ++in_start_[to + 1];
    ++out_start_[from + 1];
  });
  for (std::size_t i = 0; i < np; ++i) {
    in_start_[i + 1] += in_start_[i];
    out_start_[i + 1] += out_start_[i];
  }
  in_source_.resize(in_start_[np]);
  in_flow_.resize(in_start_[np]);
  out_target_.resize(out_start_[np]);
  indegree_.assign(np, 0);
  {
    std::vector<std::size_t>& fill_in = order_;  // reused as fill cursors
    fill_in.assign(in_start_.begin(), in_start_.end() - 1);
    std::vector<std::size_t> fill_out(out_start_.begin(), out_start_.end() - 1);
    for_each_edge([&](std::size_t from, std::size_t to, double q) {
      if (from == to) return;
      in_source_[fill_in[to]] = from;
      in_flow_[fill_in[to]++] = q;
      out_target_[fill_out[from]++] = to;
      ++indegree_[to];
    });
  }
  // Stored masses and supplies.
  mass_.assign(np, 0.0);
  if (storage)
    for (std::size_t i = 0; i < np; ++i) {
      double rho = 0.0, drho = 0.0;
      eq.density(step.x_start[i], rho, drho);
      mass_[i] = eq.volume_m3(i) * rho;
    }
  supply_y_.assign(nn * k, 0.0);
  for (std::size_t i = 0; i < nn; ++i)
    if (step.injection_kg_per_s[i] > 0.0)
      to_mass_fractions(supply_composition(i, step.time_s), supply_y_.data() + i * k);
  new_y_ = y_;  // the old fractions, for the storage term
  auto update = [&](std::size_t i) {
    // y_i = (M y_old + dt (sum_in Q y_src + s y_supply)) / (M + dt (sum_in Q + s)).
    double* y = y_.data() + i * k;
    const double* old = new_y_.data() + i * k;
    const double s = i < nn ? std::max(step.injection_kg_per_s[i], 0.0) : 0.0;
    double den = mass_[i] + dt * s;
    for (std::size_t e = in_start_[i]; e < in_start_[i + 1]; ++e) den += dt * in_flow_[e];
    if (!(den > 0.0)) return 0.0;  // nothing flows in and nothing is stored: unchanged
    double change = 0.0;
    for (std::size_t a = 0; a < k; ++a) {
      double num = mass_[i] * old[a] + dt * s * (s > 0.0 ? supply_y_[i * k + a] : 0.0);
      for (std::size_t e = in_start_[i]; e < in_start_[i + 1]; ++e)
        num += dt * in_flow_[e] * y_[in_source_[e] * k + a];
      const double v = num / den;
      change = std::max(change, std::abs(v - y[a]));
      y[a] = v;
    }
    return change;
  };
  // Flow order (Kahn); volumes on cycles of flow are left for Gauss-Seidel sweeps.
  done_.assign(np, 0);
  order_.clear();
  for (std::size_t i = 0; i < np; ++i)
    if (indegree_[i] == 0) order_.push_back(i);
  for (std::size_t h = 0; h < order_.size(); ++h) {
    const std::size_t i = order_[h];
    update(i);
    done_[i] = 1;
    for (std::size_t e = out_start_[i]; e < out_start_[i + 1]; ++e)
      if (--indegree_[out_target_[e]] == 0) order_.push_back(out_target_[e]);
  }
  if (order_.size() < np) {  // also the volumes downstream of a cycle
    for (int sweep = 0; sweep < 1000; ++sweep) {
      double change = 0.0;
      for (std::size_t i = 0; i < np; ++i)
        if (!done_[i]) change = std::max(change, update(i));
      if (change <= 1e-15) break;
    }
  }
}

}  // namespace linepack::transient
