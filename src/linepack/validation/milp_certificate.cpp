#include "linepack/validation/milp_certificate.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace linepack::validation {
namespace {

using Clock = std::chrono::steady_clock;

struct Item {
  std::size_t node;
  bool is_min;
};

double seconds_until(Clock::time_point t) {
  return std::chrono::duration<double>(t - Clock::now()).count();
}

std::string bar(double pa) { return fmt::format("{:.3f} bar", pa / 1e5); }

}  // namespace

ConflictingBounds conflicting_bounds(const MilpRelaxation& rel, const model::Network& net,
                                     Clock::time_point deadline) {
  const std::size_t n = net.nodes.size();
  ConflictingBounds out;
  out.keep_min.assign(n, 0);
  out.keep_max.assign(n, 0);
  std::vector<Item> items;
  for (std::size_t v = 0; v < n; ++v) {
    if (net.nodes[v].pressure_min_pa > 0.0) {
      items.push_back({v, true});
      out.keep_min[v] = 1;
    }
    items.push_back({v, false});
    out.keep_max[v] = 1;
  }
  const auto set = [&](const Item& it, char on) {
    (it.is_min ? out.keep_min : out.keep_max)[it.node] = on;
  };
  // Groups of `size` items are switched off together and stay off while the relaxation stays
  // (provably) infeasible; the size halves down to single items.
  std::size_t size = std::max<std::size_t>(items.size() / 2, 1);
  for (;;) {
    std::vector<Item> kept;
    for (std::size_t k = 0; k < items.size(); k += size) {
      const std::size_t end = std::min(items.size(), k + size);
      const double left = seconds_until(deadline);
      bool dropped = false;
      if (left > 0.0) {
        for (std::size_t i = k; i < end; ++i) set(items[i], 0);
        ++out.solves;
        dropped = rel.solve(out.keep_min, out.keep_max, left).status == MilpStatus::infeasible;
        if (!dropped)
          for (std::size_t i = k; i < end; ++i) set(items[i], 1);
      }
      if (!dropped) kept.insert(kept.end(), items.begin() + static_cast<long>(k), items.begin() + static_cast<long>(end));
    }
    items = std::move(kept);
    if (seconds_until(deadline) <= 0.0) return out;
    if (size == 1) break;
    size = std::max<std::size_t>(size / 2, 1);
  }
  out.minimal = true;
  return out;
}

NominationCertificate milp_certificate(const model::Network& net, const model::Scenario& scenario,
                                       const ConflictingBounds& b, double slack_pa) {
  std::unordered_map<std::string, double> withdrawal;
  std::unordered_map<std::string, bool> reference;
  for (const auto& bd : scenario.boundaries) {
    if (bd.kind == model::NodeBoundary::Kind::pressure) reference[bd.node] = true;
    else withdrawal[bd.node] += bd.value;
  }
  const auto role = [&](const std::string& id) {
    if (reference.count(id)) return std::string("entry");  // the balancing supply
    const double w = withdrawal.count(id) ? withdrawal.at(id) : 0.0;
    return std::string(w > 0.0 ? "exit" : w < 0.0 ? "entry" : "node");
  };
  std::vector<std::string> lows, highs;
  NominationCertificate c;
  for (std::size_t v = 0; v < net.nodes.size(); ++v) {
    const auto& nd = net.nodes[v];
    if (b.keep_min[v]) {
      lows.push_back(fmt::format("{} '{}' (minimum {})", role(nd.id), nd.id, bar(nd.pressure_min_pa)));
      c.lower_chain.push_back(nd.id);
      // The node named first: the first exit among the minima, else the first minimum.
      if (c.node.empty() || (role(nd.id) == "exit" && role(c.node) != "exit")) c.node = nd.id;
    }
    if (b.keep_max[v]) {
      highs.push_back(fmt::format("{} '{}' (maximum {})", role(nd.id), nd.id, bar(nd.pressure_max_pa)));
      c.upper_chain.push_back(nd.id);
      if (c.conflict_node.empty()) c.conflict_node = nd.id;
    }
  }
  // A dispatcher reads the message: a long set (the filter out of time keeps every bound, 8,396
  // on GasLib-4197) is named by its first entries and a count; the certificate's chains hold all.
  constexpr std::size_t named_max = 8;
  const auto list = [&](const std::vector<std::string>& v) {
    if (v.size() > named_max + 2)
      return fmt::format("{}, ... and {} more (all in the certificate)",
                         fmt::join(v.begin(), v.begin() + named_max, ", "), v.size() - named_max);
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? (i + 1 == v.size() ? " and " : ", ") : "") + v[i];
    return s;
  };
  c.relaxation = fmt::format(
      "mixed-integer linear outer relaxation of the steady laws over every valve state, flow "
      "direction, regulator and station mode and setpoint (pipe laws bounded over the node "
      "pressure ranges, each pipe's flow at most what the largest pressure drop between its end "
      "nodes' bounds drives, stations as ratio, pressure and flow boxes; node bounds relaxed by "
      "{} Pa), proven infeasible by CBC{}",
      slack_pa,
      b.minimal ? "; the bounds named are a minimal conflicting set"
                : "; the search for a smaller conflicting set did not finish within the time limit, "
                  "so the set named may be larger than needed");
  std::string what;
  if (!lows.empty() && !highs.empty())
    what = fmt::format("{} cannot be held at or above {} minimum pressure while {} {} at or below "
                       "{} maximum",
                       list(lows), lows.size() > 1 ? "their" : "its", list(highs),
                       highs.size() > 1 ? "stay" : "stays", highs.size() > 1 ? "their" : "its");
  else if (!lows.empty())
    what = fmt::format("{} cannot be held at or above {} minimum pressure at any pressure of the "
                       "entries",
                       list(lows), lows.size() > 1 ? "their" : "its");
  else if (!highs.empty())
    what = fmt::format("{} cannot be kept at or below {} maximum pressure", list(highs),
                       highs.size() > 1 ? "their" : "its");
  else
    what = "the nominated flows cannot be carried: mass balance needs more flow than the pipes "
           "can carry at the largest pressure drops their end nodes' bounds allow (each pipe's "
           "flow capacity in the relaxation), or than the stations' flow limits allow";
  c.explanation = fmt::format(
      "{}: no setting of the valves, regulators and compressor stations and no split of the flows "
      "over the network's loops {}",
      what, lows.empty() && highs.empty() ? "changes this"
                                          : "meets these bounds together with the nominated flows");
  return c;
}

}  // namespace linepack::validation
