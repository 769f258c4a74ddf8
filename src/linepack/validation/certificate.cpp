#include "linepack/validation/certificate.hpp"

#include <fmt/format.h>

#include <cmath>

namespace linepack::validation {
namespace {

std::string bar(double pa) { return fmt::format("{:.3f} bar", pa / 1e5); }

/// "exit 'X'", "entry 'Y'" or "node 'Z'" by the nominated withdrawal.
std::string role(const model::Network& net, const NetworkTree& tree, std::size_t v) {
  const double w = tree.withdrawal_kg_per_s[v];
  const char* r = w > zero_flow_kg_per_s ? "exit" : w < -zero_flow_kg_per_s ? "entry" : "node";
  return fmt::format("{} '{}'", r, net.nodes[v].id);
}

std::string element_words(const model::Network& net, const EdgeRelation& rel) {
  const Edge& e = rel.edge();
  std::string limits;
  if (e.kind == EdgeKind::compressor) {
    const auto& c = net.compressors[e.index];
    if (std::isfinite(c.ratio_max)) limits += fmt::format(", ratio at most {:.3f}", c.ratio_max);
    if (std::isfinite(c.pressure_out_max_pa))
      limits += fmt::format(", outlet at most {}", bar(c.pressure_out_max_pa));
    if (std::isfinite(c.power_max_w)) limits += fmt::format(", power at most {:.3f} MW", c.power_max_w / 1e6);
    if (!c.has_bypass) limits += ", no bypass";
  }
  if (e.kind == EdgeKind::control_valve) {
    const auto& v = net.control_valves[e.index];
    if (v.pressure_drop_min_pa > 0.0)
      limits += fmt::format(", drop at least {} when active", bar(v.pressure_drop_min_pa));
    if (std::isfinite(v.pressure_drop_max_pa))
      limits += fmt::format(", drop at most {}", bar(v.pressure_drop_max_pa));
    if (!v.has_bypass) limits += ", no bypass";
  }
  return fmt::format("{} '{}' ({:.3f} kg/s{})", to_string(e.kind), e.id,
                     std::abs(rel.flow_kg_per_s()), limits);
}

/// "pipe 'a' (.. kg/s), pipe 'b' (...)" along a chain, origin first.
std::string through(const model::Network& net, const std::vector<ChainStep>& chain,
                    const std::vector<EdgeRelation>& rel) {
  std::string s;
  for (const auto& step : chain) {
    if (step.edge < 0) continue;
    if (!s.empty()) s += ", ";
    s += element_words(net, rel[static_cast<std::size_t>(step.edge)]);
  }
  return s;
}

std::vector<std::string> ids(const model::Network& net, const NetworkTree& tree,
                             const std::vector<ChainStep>& chain) {
  std::vector<std::string> out;
  for (const auto& step : chain) {
    out.push_back(net.nodes[step.node].id);
    if (step.edge >= 0) out.push_back(tree.edges[static_cast<std::size_t>(step.edge)].id);
  }
  return out;
}

}  // namespace

NominationCertificate tree_certificate(const model::Network& net, const NetworkTree& tree,
                                       const std::vector<EdgeRelation>& rel,
                                       const TreeConflict& c) {
  NominationCertificate cert;
  cert.relaxation =
      "flows fixed by the nomination on a tree; interval propagation of the node pressures over "
      "every state and setpoint of every valve, regulator and compressor station (exact on a "
      "tree; where a regulator's outlet limit makes the allowed set two intervals their hull is "
      "used, which only enlarges it)";
  const std::size_t origin = c.lower_chain.front().node;
  const std::size_t meet = c.node;
  cert.node = net.nodes[origin].id;
  cert.conflict_node = net.nodes[meet].id;
  cert.required_pa = c.lower_pa;
  cert.allowed_pa = c.upper_pa;
  cert.lower_chain = ids(net, tree, c.lower_chain);
  cert.upper_chain = ids(net, tree, c.upper_chain);

  std::string lower;
  if (c.lower_limit_edge < 0) {
    lower = fmt::format("{} cannot be supplied at or above its minimum pressure of {}",
                        role(net, tree, origin), bar(c.lower_chain.front().bound_pa));
  } else {
    lower = fmt::format("{} needs at least {} at '{}' to carry its nominated flow",
                        element_words(net, rel[static_cast<std::size_t>(c.lower_limit_edge)]),
                        bar(c.lower_chain.front().bound_pa), net.nodes[origin].id);
  }
  if (c.lower_chain.size() > 1)
    lower += fmt::format(": with the nominated flows through {} it needs at least {} at '{}'",
                         through(net, c.lower_chain, rel), bar(c.lower_pa), net.nodes[meet].id);

  std::string upper;
  const std::size_t top = c.upper_chain.front().node;
  const EdgeRelation* upper_limit =
      c.upper_limit_edge >= 0 ? &rel[static_cast<std::size_t>(c.upper_limit_edge)] : nullptr;
  if (upper_limit && upper_limit->impossible()) {
    // No pressure gap: the element has no state at the nominated flow at all.
    const Edge& e = upper_limit->edge();
    cert.explanation = fmt::format(
        "the nomination sends {:.3f} kg/s through {} '{}' from its outlet '{}' to its inlet "
        "'{}' (on a tree the nomination fixes every flow), but '{}' has no bypass of its own "
        "(GasLib internalBypassRequired=\"0\") and cannot pass gas backwards; no setting of the "
        "valves, regulators and compressor stations changes that (found from {})",
        std::abs(upper_limit->flow_kg_per_s()), to_string(e.kind), e.id, net.nodes[e.to].id,
        net.nodes[e.from].id, e.id,
        lower);
    return cert;
  }
  if (c.upper_pa <= 0.0) {
    upper = "but no positive pressure there can carry the nominated flows";
  } else if (c.upper_limit_edge >= 0) {
    upper = fmt::format("but {} limits '{}' to at most {}",
                        element_words(net, rel[static_cast<std::size_t>(c.upper_limit_edge)]),
                        net.nodes[top].id, bar(c.upper_chain.front().bound_pa));
  } else {
    upper = fmt::format("but {} allows at most {} (its maximum pressure)", role(net, tree, top),
                        bar(c.upper_chain.front().bound_pa));
  }
  if (c.upper_chain.size() > 1)
    upper += fmt::format(", which through {} allows at most {} at '{}'",
                         through(net, c.upper_chain, rel), bar(c.upper_pa), net.nodes[meet].id);
  cert.explanation = fmt::format(
      "{}, {}; no setting of the valves, regulators and compressor stations closes this gap of "
      "{}.",
      lower, upper, bar(c.lower_pa - c.upper_pa));
  return cert;
}

}  // namespace linepack::validation
