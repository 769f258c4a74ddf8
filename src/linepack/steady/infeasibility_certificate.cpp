#include "linepack/steady/infeasibility_certificate.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace linepack::steady {

std::optional<std::string> certificate_obstacle(const model::Network& network,
                                                const NetworkEquations& equations) {
  // Pipes: kind 0, in network order; elevation from the nodes the equations resolved.
  const auto& pipes = *equations.kinds()[0];
  for (std::size_t e = 0; e < pipes.size(); ++e)
    if (network.nodes[pipes.from(e)].elevation_m != network.nodes[pipes.to(e)].elevation_m)
      return fmt::format("pipe '{}' has an elevation change", pipes.id(e));
  if (!network.short_pipes.empty())
    return fmt::format("short pipe '{}' is a lossless connection", network.short_pipes.front().id);
  if (!network.resistors.empty())
    return fmt::format("resistor '{}' divides its loss by the upstream density",
                       network.resistors.front().id);
  for (const auto& v : network.valves)
    if (v.open) return fmt::format("valve '{}' is open (a lossless connection)", v.id);
  for (const auto& v : network.control_valves)
    if (v.state != model::ControlState::closed)
      return fmt::format("control valve '{}' is not closed", v.id);
  for (const auto& c : network.compressors)
    if (c.state != model::ControlState::closed)
      return fmt::format("compressor '{}' is not closed", c.id);
  return std::nullopt;
}

InfeasibilityCertificate negative_potential_certificate(const model::Network& network,
                                                        const NetworkEquations& equations,
                                                        std::span<const double> x) {
  const std::size_t n = equations.node_count();
  InfeasibilityCertificate c;
  c.reason = "negative_potential";
  std::vector<std::size_t> negative;
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] <= 0.0) negative.push_back(i);
  std::sort(negative.begin(), negative.end(), [&](auto a, auto b) { return x[a] < x[b]; });
  c.negative_node_count = negative.size();
  for (std::size_t k = 0; k < std::min<std::size_t>(10, negative.size()); ++k)
    c.nodes.push_back(network.nodes[negative[k]].id);
  const std::size_t worst = negative.empty() ? 0 : negative.front();
  c.lowest_pressure_pa = x[worst];

  // Path: from the worst node, repeatedly step upstream over the pipe that brings the most gas
  // in; the potential rises strictly along it (pi_from - pi_to = g(q) > 0), so it ends at a
  // node without inflow: a pressure-fixed node (or a supply).
  const auto& pipes = *equations.kinds()[0];
  const std::size_t q0 = n + equations.offset(0);
  std::vector<std::vector<std::size_t>> incident(n);
  for (std::size_t e = 0; e < pipes.size(); ++e) {
    incident[pipes.from(e)].push_back(e);
    incident[pipes.to(e)].push_back(e);
  }
  std::vector<std::string> reversed{network.nodes[worst].id};
  std::vector<bool> visited(n, false);
  std::size_t at = worst;
  visited[at] = true;
  while (!equations.pressure_fixed(at)) {
    double best_inflow = 0.0;
    std::size_t best = pipes.size();
    for (std::size_t e : incident[at]) {
      const double inflow = pipes.to(e) == at ? x[q0 + e] : -x[q0 + e];
      const std::size_t other = pipes.to(e) == at ? pipes.from(e) : pipes.to(e);
      if (inflow > best_inflow && !visited[other]) {
        best_inflow = inflow;
        best = e;
      }
    }
    if (best == pipes.size()) break;
    at = pipes.to(best) == at ? pipes.from(best) : pipes.to(best);
    visited[at] = true;
    reversed.push_back(std::string(pipes.id(best)));
    reversed.push_back(network.nodes[at].id);
  }
  c.path.assign(reversed.rbegin(), reversed.rend());
  c.explanation = fmt::format(
      "every element that carries flow is a pipe without elevation change, so the network's "
      "equations in the pressure potential Pi(p) (mass balance and Pi(p_from) - Pi(p_to) = "
      "loss(q), loss increasing in q) have one solution for Pi at these withdrawals and fixed "
      "pressures; in it Pi < 0 at {} node(s) (lowest at '{}', {:.4g} bar as a signed pressure), "
      "so no state with positive pressures exists; the pressure is lost along {} pipe(s) from '{}'",
      c.negative_node_count, network.nodes[worst].id, c.lowest_pressure_pa / 1e5,
      (c.path.size() - 1) / 2, c.path.front());
  return c;
}

}  // namespace linepack::steady
