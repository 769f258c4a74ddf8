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

struct Filtered {
  std::vector<Item> kept;  ///< the items still switched on
  bool finished = false;   ///< every group down to single items tested before the deadline
  int solves = 0;
  int unproven = 0;  ///< tests of the last pass that ended without an answer (their items kept)
};

/// Chinneck's deletion filter with groups: `items`' bounds are switched off (`set(item, 0)`) a
/// group at a time and stay off while `test()` proves the problem still infeasible; the group
/// size halves down to single items. Every state it leaves is one `test` proved infeasible, or
/// the state it started from.
template <class Set, class Test>
Filtered deletion_filter(std::vector<Item> items, const Set& set, const Test& test,
                         Clock::time_point deadline) {
  Filtered f;
  std::size_t size = std::max<std::size_t>(items.size() / 2, 1);
  for (;;) {
    f.unproven = 0;
    std::vector<Item> kept;
    for (std::size_t k = 0; k < items.size(); k += size) {
      const std::size_t end = std::min(items.size(), k + size);
      bool dropped = false;
      if (seconds_until(deadline) > 0.0) {
        for (std::size_t i = k; i < end; ++i) set(items[i], 0);
        ++f.solves;
        const LpStatus s = test();
        dropped = s == LpStatus::infeasible;
        if (s == LpStatus::unknown) ++f.unproven;
        if (!dropped)
          for (std::size_t i = k; i < end; ++i) set(items[i], 1);
      }
      if (!dropped)
        kept.insert(kept.end(), items.begin() + static_cast<long>(k), items.begin() + static_cast<long>(end));
    }
    items = std::move(kept);
    if (seconds_until(deadline) <= 0.0 || size == 1) break;
    size = std::max<std::size_t>(size / 2, 1);
  }
  f.finished = size == 1 && seconds_until(deadline) > 0.0;
  f.kept = std::move(items);
  return f;
}

/// Every node bound the relaxation has: the minima above 0 and the maxima below the network's
/// largest. A maximum equal to the loosest one is left out: the relaxation is the same problem
/// without it (3,506 of GasLib-4197's 4,197 maxima).
std::vector<Item> all_bounds(const MilpRelaxation& rel, const model::Network& net,
                             ConflictingBounds& out) {
  const std::size_t n = net.nodes.size();
  out.keep_min.assign(n, 0);
  out.keep_max.assign(n, 0);
  std::vector<Item> items;
  for (std::size_t v = 0; v < n; ++v) {
    if (net.nodes[v].pressure_min_pa > 0.0) {
      items.push_back({v, true});
      out.keep_min[v] = 1;
    }
    if (rel.max_bound_binds(v)) {
      items.push_back({v, false});
      out.keep_max[v] = 1;
    }
  }
  return items;
}

void set_bound(ConflictingBounds& out, const Item& it, char on) {
  (it.is_min ? out.keep_min : out.keep_max)[it.node] = on;
}

/// The deletion filter with MILP solves (CBC), each at most `solve_limit_s`: one that reaches
/// it keeps its group, since without a proof its bounds stay.
Filtered milp_filter(const MilpRelaxation& rel, const std::vector<Item>& items,
                     ConflictingBounds& out, Clock::time_point deadline, double solve_limit_s) {
  return deletion_filter(
      items, [&](const Item& it, char on) { set_bound(out, it, on); },
      [&] {
        const double left = std::min(seconds_until(deadline), solve_limit_s);
        const MilpStatus s = rel.solve(out.keep_min, out.keep_max, left).status;
        return s == MilpStatus::infeasible ? LpStatus::infeasible
               : s == MilpStatus::unknown  ? LpStatus::unknown
                                           : LpStatus::feasible;
      },
      deadline);
}

/// The bounds the LP's proof needs, found by warm-started Clp solves; nullopt when the LP with
/// every bound is not proven infeasible.
std::optional<Filtered> linear_filter(const MilpRelaxation& rel, std::vector<Item> items,
                                      ConflictingBounds& out, Clock::time_point deadline) {
  LinearProgram lp = rel.linear_relaxation();
  ++out.solves;
  if (lp.solve(seconds_until(deadline)) != LpStatus::infeasible) return std::nullopt;
  const auto set_lp = [&](const Item& it, char on) {
    set_bound(out, it, on);
    rel.set_node_bounds(lp, it.node, out.keep_min[it.node], out.keep_max[it.node]);
  };
  // Clp's Farkas ray weighs the column bounds its proof uses: every bound of a node it does not
  // weigh is switched off at once, and kept off when the LP stays infeasible (on GasLib-4197
  // this leaves the bounds of 13 nodes, of 4,888 bounds, to the filter).
  if (const std::vector<double> ray = lp.column_ray(); !ray.empty()) {
    double largest = 0.0;
    for (const double r : ray) largest = std::max(largest, std::abs(r));
    std::vector<Item> weighed, unweighed;
    for (const Item& it : items)
      (std::abs(ray[static_cast<std::size_t>(rel.node_column(it.node))]) > 1e-12 * largest
           ? weighed
           : unweighed)
          .push_back(it);
    for (const Item& it : unweighed) set_lp(it, 0);
    ++out.solves;
    if (!unweighed.empty() && lp.solve(seconds_until(deadline)) == LpStatus::infeasible)
      items = std::move(weighed);
    else
      for (const Item& it : unweighed) set_lp(it, 1);
  }
  Filtered f =
      deletion_filter(items, set_lp, [&] { return lp.solve(seconds_until(deadline)); }, deadline);
  out.solves += f.solves;
  return f;
}

}  // namespace

std::optional<ConflictingBounds> conflicting_bounds_linear(const MilpRelaxation& rel,
                                                           const model::Network& net,
                                                           Clock::time_point deadline) {
  ConflictingBounds out;
  const auto lp = linear_filter(rel, all_bounds(rel, net, out), out, deadline);
  if (!lp) return std::nullopt;
  out.by_linear_relaxation = true;
  out.minimal = lp->finished && lp->unproven == 0;  // for the LP
  // Every set the filter leaves is proven by Clp, the LP solver CBC's own proofs rest on. When
  // time is left, CBC checks it too; should it not agree, the set is not used.
  out.linear_only = true;
  if (seconds_until(deadline) <= 0.0) return out;
  const auto t0 = Clock::now();
  ++out.solves;
  const MilpStatus check = rel.solve(out.keep_min, out.keep_max, seconds_until(deadline)).status;
  if (check == MilpStatus::feasible || check == MilpStatus::optimal) return std::nullopt;
  if (check == MilpStatus::unknown) return out;  // no time left to look for fewer bounds
  out.linear_only = false;
  // A set minimal for the LP need not be for the MILP: an over-nominated GasLib-582 needs no
  // bound at all (its flows and the pipes' capacities conflict on their own: a 1.4 s CBC
  // proof), its LP one maximum. Dropping the whole set is tried once, with a tenth of the time
  // left, at least twice the check's time, and only when that is at most half the time left
  // (CBC may overrun its limit by a node); on GasLib-4197 that solve finds no answer.
  const double confirm_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (!lp->kept.empty() && out.minimal && seconds_until(deadline) >= 4.0 * confirm_s) {
    for (const Item& it : lp->kept) set_bound(out, it, 0);
    ++out.solves;
    const double limit = std::max(2.0 * confirm_s, 0.1 * seconds_until(deadline));
    if (rel.solve(out.keep_min, out.keep_max, limit).status == MilpStatus::infeasible) {
      out.by_linear_relaxation = false;  // no bound is needed: minimal for the MILP too
    } else {
      for (const Item& it : lp->kept) set_bound(out, it, 1);
    }
  }
  return out;
}

ConflictingBounds conflicting_bounds(const MilpRelaxation& rel, const model::Network& net,
                                     Clock::time_point deadline, double solve_limit_s) {
  ConflictingBounds out;
  const Filtered f = milp_filter(rel, all_bounds(rel, net, out), out, deadline, solve_limit_s);
  out.solves = f.solves;
  out.timed_out = f.unproven;
  out.minimal = f.finished && f.unproven == 0;
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
      "{} Pa), proven infeasible by {}{}",
      slack_pa,
      b.linear_only ? "Clp on its linear relaxation (binaries between 0 and 1; no time was left "
                      "for CBC's check)"
      : b.by_linear_relaxation
          ? "CBC (the bounds found on its linear relaxation, binaries between 0 and 1, by Clp)"
          : "CBC",
      b.minimal ? (b.by_linear_relaxation
                       ? "; the bounds named are a minimal conflicting set of its linear "
                         "relaxation (the MILP may need fewer)"
                       : "; the bounds named are a minimal conflicting set")
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
