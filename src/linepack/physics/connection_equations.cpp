#include "linepack/physics/connection_equations.hpp"

namespace linepack::physics {

ShortPipeEquations::ShortPipeEquations(const model::Network& network,
                                       const std::vector<std::size_t>& from,
                                       const std::vector<std::size_t>& to) {
  for (std::size_t i = 0; i < network.short_pipes.size(); ++i)
    add_endpoints(network.short_pipes[i].id, from[i], to[i]);
}

void ShortPipeEquations::evaluate(std::span<const double> p, std::span<const double> q,
                                  std::span<BranchEval> out) const {
  for (std::size_t i = 0; i < size(); ++i) out[i] = equal_pressures(p[from(i)], p[to(i)], q[i]);
}

ValveEquations::ValveEquations(const model::Network& network, const std::vector<std::size_t>& from,
                               const std::vector<std::size_t>& to) {
  for (std::size_t i = 0; i < network.valves.size(); ++i) {
    add_endpoints(network.valves[i].id, from[i], to[i]);
    open_.push_back(network.valves[i].open);
  }
}

void ValveEquations::evaluate(std::span<const double> p, std::span<const double> q,
                              std::span<BranchEval> out) const {
  for (std::size_t i = 0; i < size(); ++i)
    out[i] = open_[i] ? equal_pressures(p[from(i)], p[to(i)], q[i]) : zero_flow(q[i]);
}

}  // namespace linepack::physics
