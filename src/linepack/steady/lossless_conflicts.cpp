#include "linepack/steady/lossless_conflicts.hpp"

#include <cmath>

#include <fmt/format.h>

#include "linepack/physics/compressor_equation.hpp"
#include "linepack/physics/control_valve_equation.hpp"

namespace linepack::steady {
namespace {

/// Breadth-first search over lossless elements from `start` to `goal`: the element ids on the
/// path, or empty when none.
std::vector<std::string> lossless_path(std::size_t start, std::size_t goal,
                                       const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& adj,
                                       const std::vector<std::string>& ids) {
  std::vector<std::size_t> via(adj.size(), SIZE_MAX), prev(adj.size(), SIZE_MAX);
  std::vector<bool> seen(adj.size(), false);
  std::vector<std::size_t> queue{start};
  seen[start] = true;
  for (std::size_t h = 0; h < queue.size(); ++h) {
    const std::size_t i = queue[h];
    if (i == goal) break;
    for (auto [other, element] : adj[i])
      if (!seen[other]) {
        seen[other] = true;
        prev[other] = i;
        via[other] = element;
        queue.push_back(other);
      }
  }
  std::vector<std::string> path;
  if (!seen[goal] || start == goal) return path;
  for (std::size_t i = goal; i != start; i = prev[i]) path.insert(path.begin(), ids[via[i]]);
  return path;
}

}  // namespace

std::optional<std::string> find_lossless_conflict(const model::Network& net,
                                                  const model::Scenario& scenario,
                                                  const model::Topology& topology) {
  using model::HeldQuantity;
  // What each regulator and station holds in this solve (its setpoint, or the control loop's
  // choice: a limit, fully open, closed, a flow share).
  std::vector<model::ControlHold> cv_hold, cs_hold;
  for (const auto& c : net.control_valves) cv_hold.push_back(physics::held_equation(c));
  for (const auto& c : net.compressors) cs_hold.push_back(physics::held_equation(c));
  auto sets_pressure = [](const model::ControlHold& h) {
    return h.quantity == HeldQuantity::outlet_pressure || h.quantity == HeldQuantity::inlet_pressure ||
           h.quantity == HeldQuantity::shaft_power ||
           (h.quantity == HeldQuantity::pressure_ratio && h.value != 1.0);
  };
  const std::size_t n = net.nodes.size();
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> adj(n);
  std::vector<std::string> ids;
  std::size_t element = 0;  // index into topology.from/to (kinds in network order)
  auto lossless = [&](const std::string& id, bool is_lossless) {
    if (is_lossless) {
      const std::size_t f = topology.from[element], t = topology.to[element];
      adj[f].push_back({t, ids.size()});
      adj[t].push_back({f, ids.size()});
      ids.push_back(id);
    }
    ++element;
  };
  element += net.pipes.size();
  for (const auto& s : net.short_pipes) lossless(s.id, true);
  for (const auto& r : net.resistors)
    lossless(r.id, !r.pressure_loss_pa && !(r.drag_factor > 0.0 && r.diameter_m > 0.0));
  for (const auto& v : net.valves) lossless(v.id, v.open);
  for (std::size_t c = 0; c < net.control_valves.size(); ++c)
    lossless(net.control_valves[c].id, cv_hold[c].quantity == HeldQuantity::open);
  for (std::size_t c = 0; c < net.compressors.size(); ++c)
    lossless(net.compressors[c].id, cs_hold[c].quantity == HeldQuantity::open);

  auto join = [](const std::vector<std::string>& path) {
    std::string s;
    for (std::size_t k = 0; k < path.size() && k < 8; ++k) s += (k ? ", '" : "'") + path[k] + "'";
    if (path.size() > 8) s += fmt::format(" and {} more", path.size() - 8);
    return s;
  };
  const std::size_t cv_first = topology.from.size() - net.compressors.size() - net.control_valves.size();
  for (std::size_t c = 0; c < net.control_valves.size(); ++c) {
    if (!sets_pressure(cv_hold[c])) continue;
    const std::size_t f = topology.from[cv_first + c], t = topology.to[cv_first + c];
    const auto path = lossless_path(f, t, adj, ids);
    if (!path.empty())
      return fmt::format(
          "ill-posed: active control valve '{}' holds its {}, but its inlet '{}' and "
          "outlet '{}' are also joined by lossless elements ({}), which force equal pressures",
          net.control_valves[c].id,
          cv_hold[c].quantity == HeldQuantity::inlet_pressure ? "inlet pressure" : "outlet pressure",
          net.nodes[f].id, net.nodes[t].id, join(path));
  }
  const std::size_t cs_first = topology.from.size() - net.compressors.size();
  for (std::size_t c = 0; c < net.compressors.size(); ++c) {
    const auto& k = net.compressors[c];
    if (!sets_pressure(cs_hold[c])) continue;
    const std::size_t f = topology.from[cs_first + c], t = topology.to[cs_first + c];
    const auto path = lossless_path(f, t, adj, ids);
    if (!path.empty())
      return fmt::format(
          "ill-posed: compressor '{}' is active ({}), but its inlet '{}' and outlet '{}' are also "
          "joined by lossless elements ({}), which force equal pressures",
          k.id,
          cs_hold[c].quantity == HeldQuantity::pressure_ratio
              ? fmt::format("ratio {:.4g}", cs_hold[c].value)
              : std::string(model::to_string(cs_hold[c].quantity)),
          net.nodes[f].id, net.nodes[t].id, join(path));
  }
  // Chains: contract the lossless connections; in what is left, active ratio stations fix
  // log p_to - log p_from = log ratio, fixed pressures and pressure setpoints fix log p. A cycle
  // of such constraints (no pipe on it) whose logs do not add up is a contradiction.
  std::vector<std::size_t> root(n);
  {
    std::vector<bool> seen(n, false);
    for (std::size_t s0 = 0; s0 < n; ++s0) {
      if (seen[s0]) continue;
      std::vector<std::size_t> queue{s0};
      seen[s0] = true;
      for (std::size_t h = 0; h < queue.size(); ++h) {
        root[queue[h]] = s0;
        for (auto [other, e] : adj[queue[h]])
          if (!seen[other]) {
            seen[other] = true;
            queue.push_back(other);
          }
      }
    }
  }
  const std::size_t ground = n;  // log p measured from p = 1 Pa
  struct Constraint { std::size_t a, b; double log_ratio; std::string what; };
  std::vector<Constraint> constraints;
  for (std::size_t k = 0; k < scenario.boundaries.size(); ++k)
    if (scenario.boundaries[k].kind == model::NodeBoundary::Kind::pressure)
      constraints.push_back({ground, root[topology.boundary_node[k]],
                             std::log(scenario.boundaries[k].value),
                             fmt::format("the fixed pressure at '{}'", scenario.boundaries[k].node)});
  // Pressure holds of regulators and stations: outlet p_to = v, inlet p_from = v, ratio
  // p_to = v p_from (shaft power and flow holds leave the ratio free).
  auto add_hold = [&](const model::ControlHold& h, std::size_t from_node, std::size_t to_node,
                      std::string what) {
    const std::size_t f = root[from_node], t = root[to_node];
    if (h.quantity == HeldQuantity::outlet_pressure)
      constraints.push_back({ground, t, std::log(h.value), std::move(what)});
    else if (h.quantity == HeldQuantity::inlet_pressure)
      constraints.push_back({ground, f, std::log(h.value), std::move(what)});
    else if (h.quantity == HeldQuantity::pressure_ratio)
      constraints.push_back({f, t, std::log(h.value), std::move(what)});
  };
  for (std::size_t c = 0; c < net.control_valves.size(); ++c)
    add_hold(cv_hold[c], topology.from[cv_first + c], topology.to[cv_first + c],
             fmt::format("control valve '{}'", net.control_valves[c].id));
  for (std::size_t c = 0; c < net.compressors.size(); ++c)
    add_hold(cs_hold[c], topology.from[cs_first + c], topology.to[cs_first + c],
             fmt::format("compressor '{}'", net.compressors[c].id));
  std::vector<std::vector<std::pair<std::size_t, double>>> cadj(n + 1);  // (constraint, sign)
  for (std::size_t k = 0; k < constraints.size(); ++k) {
    cadj[constraints[k].a].push_back({k, 1.0});
    cadj[constraints[k].b].push_back({k, -1.0});
  }
  std::vector<double> level(n + 1, 0.0);
  std::vector<std::size_t> parent(n + 1, SIZE_MAX);
  std::vector<bool> placed(n + 1, false);
  auto chain = [&](std::size_t v) {
    std::vector<std::string> out;
    for (; parent[v] != SIZE_MAX && out.size() < 6;) {
      const auto& c = constraints[parent[v]];
      out.push_back(c.what);
      v = c.a == v ? c.b : c.a;
    }
    return out;
  };
  for (std::size_t s0 = 0; s0 <= n; ++s0) {
    if (placed[s0] || cadj[s0].empty()) continue;
    placed[s0] = true;
    std::vector<std::size_t> queue{s0};
    for (std::size_t h = 0; h < queue.size(); ++h) {
      const std::size_t v = queue[h];
      for (auto [k, sign] : cadj[v]) {
        const auto& c = constraints[k];
        const std::size_t other = sign > 0 ? c.b : c.a;
        const double expected = level[v] + sign * c.log_ratio;
        if (!placed[other]) {
          placed[other] = true;
          level[other] = expected;
          parent[other] = k;
          queue.push_back(other);
        } else if (parent[v] != k && std::abs(level[other] - expected) > 1e-9) {
          std::vector<std::string> around = chain(v);
          for (auto& w : chain(other)) around.push_back(w);
          std::string list;
          for (const auto& w : around)
            if (list.find(w) == std::string::npos) list += (list.empty() ? "" : ", ") + w;
          return fmt::format(
              "ill-posed: {} contradicts the pressures that {} already set on the same group of "
              "losslessly connected nodes (no pipe between them to take up the difference: "
              "pressure ratio {:.6g} needed, {:.6g} set)",
              c.what, list.empty() ? "other setpoints" : list,
              std::exp(level[other] - level[v]) , std::exp(sign * c.log_ratio));
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace linepack::steady
