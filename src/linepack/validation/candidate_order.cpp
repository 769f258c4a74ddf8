#include "linepack/validation/candidate_order.hpp"

#include <algorithm>
#include <string>

namespace linepack::validation {

std::vector<std::size_t> switch_order(
    const model::Network& net, const std::unordered_map<std::string_view, std::size_t>& node_index,
    const std::vector<std::size_t>& zone_of, const std::vector<steady::Violation>& violations,
    const std::vector<char>& active, const std::vector<model::ControlState>& settled) {
  const std::size_t n_cv = net.control_valves.size(), n = n_cv + net.compressors.size();
  const auto ends = [&](std::size_t k) -> std::pair<const std::string*, const std::string*> {
    if (k < n_cv) return {&net.control_valves[k].from, &net.control_valves[k].to};
    return {&net.compressors[k - n_cv].from, &net.compressors[k - n_cv].to};
  };
  std::vector<char> hot(net.nodes.size(), 0);  // per zone
  const auto heat = [&](const std::string& node) {
    const auto it = node_index.find(node);
    if (it != node_index.end()) hot[zone_of[it->second]] = 1;
  };
  std::unordered_map<std::string_view, std::size_t> element;
  for (std::size_t k = 0; k < n; ++k)
    element.emplace(k < n_cv ? net.control_valves[k].id : net.compressors[k - n_cv].id, k);
  for (const auto& v : violations) {
    if (node_index.count(v.id)) {
      heat(v.id);
    } else if (const auto it = element.find(v.id); it != element.end()) {
      heat(*ends(it->second).first);
      heat(*ends(it->second).second);
    }
  }
  const auto rank = [&](std::size_t k) {
    const auto [from, to] = ends(k);
    const int closed_first = settled[k] == model::ControlState::closed ? 0 : 1;
    if (hot[zone_of[node_index.at(*to)]]) return closed_first;
    if (hot[zone_of[node_index.at(*from)]]) return 2 + closed_first;
    return 4 + closed_first;
  };
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < n; ++k)
    if (!(active[k] && settled[k] == model::ControlState::bypass)) order.push_back(k);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  return order;
}

bool only_below_min(const std::vector<steady::Violation>& violations) {
  return !violations.empty() &&
         std::all_of(violations.begin(), violations.end(),
                     [](const steady::Violation& v) { return v.what == "pressure_below_min"; });
}

}  // namespace linepack::validation
