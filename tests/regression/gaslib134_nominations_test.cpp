// GasLib-134 v2 (Greek network, gaslib/official/GasLib-134 of the outside data folder LINEPACK_DATA_DIR) with its 1,234 daily
// nominations of 2011-2016: every nomination reads and solves to a reported status, without an
// exception, with the reader's defaults (compressor station and control valve in bypass, the
// largest entry as pressure reference at its upper bound). Prints the status counts, how many
// solve within every bound, the run time and the most common bound violations; a second test
// prints the same counts for other choices of the reference pressure and control-valve state,
// and a disabled one scans 33 reference pressures per nomination (an investigation, ~25 s).
#include <gtest/gtest.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/solver.hpp"
#include "support/data_dir.hpp"
#include "support/gaslib_files.hpp"

namespace fs = std::filesystem;
using linepack::model::ControlState;
using linepack::model::Network;
using linepack::model::Node;
using linepack::model::NodeBoundary;
using linepack::model::Scenario;
using linepack::steady::Status;

namespace {

constexpr std::size_t nomination_count = 1234;

fs::path instance_dir(const fs::path& data) { return data / "gaslib/official/GasLib-134"; }

/// The network, read once: GasLib-134-v2.net and the .cs of the same stem if there is one
/// (GasLib-134 v2 has none).
Network load_network(const fs::path& data) {
  const fs::path net = instance_dir(data) / "GasLib-134-v2.net";
  Network n = linepack::io::read_gaslib_network(net);
  if (const fs::path cs = fs::path(net).replace_extension(".cs"); fs::exists(cs))
    linepack::io::read_gaslib_compressor_stations(cs, n);
  return n;
}

std::vector<fs::path> nominations(const fs::path& data) {
  return linepack::test::files_with_extension(instance_dir(data) / "Nominations-134-v2", ".scn");
}

/// Nodes reachable from `start` without crossing an element whose id is in `cut`.
std::set<std::string> reachable(const Network& n, const std::string& start,
                                const std::set<std::string>& cut) {
  std::multimap<std::string, std::string> adjacent;
  const auto add = [&](const auto& elements) {
    for (const auto& e : elements) {
      if (cut.count(e.id)) continue;
      adjacent.emplace(e.from, e.to);
      adjacent.emplace(e.to, e.from);
    }
  };
  add(n.pipes);
  add(n.short_pipes);
  add(n.resistors);
  add(n.valves);
  add(n.control_valves);
  add(n.compressors);
  std::set<std::string> seen{start};
  std::vector<std::string> todo{start};
  while (!todo.empty()) {
    const std::string node = todo.back();
    todo.pop_back();
    const auto [first, last] = adjacent.equal_range(node);
    for (auto it = first; it != last; ++it)
      if (seen.insert(it->second).second) todo.push_back(it->second);
  }
  return seen;
}

/// GasLib-134's only control valve, and the 11 nodes behind it (pressure max 37.5-37.7 bar while
/// the node before it and the rest of the network allow 55 or 66.4 bar).
struct ControlValveZone {
  std::string valve;
  std::set<std::string> nodes;
};

ControlValveZone control_valve_zone(const Network& n) {
  const auto& cv = n.control_valves.at(0);
  return {cv.id, reachable(n, cv.to, {cv.id})};
}

/// The nodes whose pressure moves with the reference: those it reaches through passive elements
/// (pipes, short pipes, resistors, open valves, and the compressor station, which the reader
/// leaves in bypass), that is, across no control valve when `control_valve_active`.
std::set<std::string> passive_zone(const Network& n, const std::string& reference,
                                   bool control_valve_active) {
  std::set<std::string> cut;
  if (control_valve_active)
    for (const auto& e : n.control_valves) cut.insert(e.id);
  for (const auto& e : n.valves)
    if (!e.open) cut.insert(e.id);
  return reachable(n, reference, cut);
}

/// The common pressure window [max of pressure_min, min of pressure_max] of `zone`.
std::pair<double, double> common_window(const Network& n, const std::set<std::string>& zone) {
  double lo = 0.0, hi = linepack::model::unbounded;
  for (const auto& node : n.nodes) {
    if (!zone.count(node.id)) continue;
    lo = std::max(lo, node.pressure_min_pa);
    hi = std::min(hi, node.pressure_max_pa);
  }
  return {lo, hi};
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

/// A different reference pressure [Pa] for the reference node, given the nodes whose pressure
/// moves with it (passive_zone).
using ReferenceChoice =
    std::function<double(const Node& reference, const std::set<std::string>& zone)>;

/// What is changed in each nomination before the solve (nothing by default).
struct Variant {
  std::string label;
  ReferenceChoice reference;  ///< empty: keep the reader's value
  std::optional<double> control_valve_setpoint_pa;  ///< set: control valve active at this outlet
  /// After a converged solve with violations, shift the reference by the squared-pressure offset
  /// that centres the zone's pressures in their bounds (p_i^2 - p_ref^2 is nearly independent of
  /// the pressure level for given flows) and solve once more; keep that solve if it converges.
  bool recentre = false;
};

/// The reference pressure that centres the converged pressures of `zone` in their bounds.
double recentred_reference(const linepack::steady::SteadyResult& r, const Node& reference,
                           double p_ref, const std::set<std::string>& zone) {
  double lo = -linepack::model::unbounded, hi = linepack::model::unbounded;
  for (const auto& n : r.nodes) {
    if (!zone.count(n.id)) continue;
    const double p2 = n.pressure_pa * n.pressure_pa;
    lo = std::max(lo, n.pressure_min_pa * n.pressure_min_pa - p2);
    hi = std::min(hi, n.pressure_max_pa * n.pressure_max_pa - p2);
  }
  const double shift = std::isfinite(hi) ? 0.5 * (lo + hi) : std::max(lo, 0.0);
  return std::clamp(std::sqrt(std::max(p_ref * p_ref + shift, 0.0)), reference.pressure_min_pa,
                    reference.pressure_max_pa);
}

struct Tally {
  std::size_t files = 0, converged = 0, within_bounds = 0, not_converged = 0, infeasible = 0;
  std::size_t exceptions = 0;
  std::size_t within_bounds_outside_cv_zone = 0;  ///< violations only behind the control valve
  std::vector<double> solve_ms;
  std::map<std::string, std::size_t> nominations_by_kind;  ///< violation kind -> nominations
  std::map<std::pair<std::string, std::string>, std::size_t> by_kind_and_id;  ///< -> nominations
  std::map<std::string, std::size_t> reference_nodes;      ///< pressure-boundary node -> files
};

Tally run_all(const Network& network, const std::vector<fs::path>& scns, const Variant& variant,
              const ControlValveZone& zone) {
  std::map<std::string, const Node*> nodes;
  for (const auto& n : network.nodes) nodes.emplace(n.id, &n);
  std::map<std::string, std::set<std::string>> zones;  // passive zone by reference node
  Tally t;
  for (const auto& scn : scns) {
    ++t.files;
    try {
      Scenario s = linepack::io::read_gaslib_scenario(scn, network);
      const auto ref =
          std::find_if(s.boundaries.begin(), s.boundaries.end(),
                       [](const auto& b) { return b.kind == NodeBoundary::Kind::pressure; });
      if (ref == s.boundaries.end()) throw std::runtime_error("no pressure boundary");
      ++t.reference_nodes[ref->node];
      const Node& ref_node = *nodes.at(ref->node);
      const bool cv_active = variant.control_valve_setpoint_pa.has_value();
      auto zone_it = zones.find(ref->node);
      if (zone_it == zones.end())
        zone_it = zones.emplace(ref->node, passive_zone(network, ref->node, cv_active)).first;
      if (variant.reference) ref->value = variant.reference(ref_node, zone_it->second);
      if (cv_active)
        s.controls.push_back(
            {zone.valve, ControlState::active, std::nullopt, *variant.control_valve_setpoint_pa});
      const auto t0 = std::chrono::steady_clock::now();
      auto r = linepack::steady::solve(network, s);
      if (variant.recentre && r.status == Status::converged && !r.violations.empty()) {
        Scenario again = s;
        again.boundaries[std::size_t(ref - s.boundaries.begin())].value =
            recentred_reference(r, ref_node, ref->value, zone_it->second);
        auto r2 = linepack::steady::solve(network, again);
        if (r2.status == Status::converged) r = std::move(r2);  // else keep the first solve
      }
      t.solve_ms.push_back(ms_since(t0));
      switch (r.status) {
        case Status::converged: {
          ++t.converged;
          t.within_bounds += r.violations.empty();
          t.within_bounds_outside_cv_zone +=
              std::all_of(r.violations.begin(), r.violations.end(),
                          [&](const auto& v) { return zone.nodes.count(v.id) > 0; });
          std::set<std::string> kinds;
          for (const auto& v : r.violations) {
            kinds.insert(v.what);
            ++t.by_kind_and_id[{v.what, v.id}];
          }
          for (const auto& k : kinds) ++t.nominations_by_kind[k];
          break;
        }
        case Status::not_converged: ++t.not_converged; break;
        case Status::infeasible: ++t.infeasible; break;
        default: ADD_FAILURE() << scn << ": unexpected status " << static_cast<int>(r.status);
      }
    } catch (const std::exception& e) {
      ++t.exceptions;
      ADD_FAILURE() << scn << ": exception: " << e.what();
    } catch (...) {
      ++t.exceptions;
      ADD_FAILURE() << scn << ": unknown exception";
    }
  }
  return t;
}

double percent(std::size_t part, std::size_t whole) {
  return whole ? 100.0 * double(part) / double(whole) : 0.0;
}

void print_counts(const std::string& label, const Tally& t) {
  double total = 0.0;
  for (double ms : t.solve_ms) total += ms;
  fmt::print(
      "{:<50} converged {:>4} | within bounds {:>4} ({:5.1f} %) | apart from the CV zone {:>4} |"
      " not_converged {:>3} | infeasible {:>3} | solve total {:6.1f} ms, median {:.3f} ms\n",
      label, t.converged, t.within_bounds, percent(t.within_bounds, t.files),
      t.within_bounds_outside_cv_zone, t.not_converged, t.infeasible, total, median(t.solve_ms));
}

void print_violations(const Tally& t, std::size_t top) {
  fmt::print("violation kinds among the {} converged nominations (number of nominations):\n",
             t.converged);
  for (const auto& [kind, n] : t.nominations_by_kind) fmt::print("  {:<34} {:>5}\n", kind, n);
  std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> rows;
  for (const auto& [key, n] : t.by_kind_and_id) rows.push_back({n, key});
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  fmt::print("most common violations (kind, node or element, number of nominations):\n");
  for (std::size_t i = 0; i < std::min(top, rows.size()); ++i)
    fmt::print("  {:<34} {:<22} {:>5}\n", rows[i].second.first, rows[i].second.second,
               rows[i].first);
  fmt::print("pressure reference (largest entry):");
  for (const auto& [node, n] : t.reference_nodes) fmt::print(" {} x{}", node, n);
  fmt::print("\n");
}

void expect_every_status_reported(const Tally& t) {
  EXPECT_EQ(t.files, nomination_count);
  EXPECT_EQ(t.exceptions, 0u);
  EXPECT_EQ(t.converged + t.not_converged + t.infeasible, nomination_count);
}

}  // namespace

TEST(Gaslib134Nominations, EveryDailyNominationSolves) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/official/GasLib-134/Nominations-134-v2");
  const auto t0 = std::chrono::steady_clock::now();
  const Network network = load_network(data);
  const auto scns = nominations(data);
  ASSERT_EQ(scns.size(), nomination_count);
  const auto zone = control_valve_zone(network);
  const Tally t =
      run_all(network, scns, Variant{.label = "reader defaults (reference at upper bound)"}, zone);
  const double wall_ms = ms_since(t0);

  fmt::print("GasLib-134 v2, {} nominations\n", t.files);
  print_counts("reader defaults (reference at upper bound)", t);
  fmt::print("wall time with reading: {:.1f} ms\n", wall_ms);
  print_violations(t, 16);
  expect_every_status_reported(t);
}

// The reader puts the largest entry (node_20 [47.75, 55] bar in 1,081 nominations, node_80
// [38.4, 66.4] in 125, node_1 [50, 66.4] in 28; the nominations give no pressures) at its upper
// bound. Compares other reference pressures, with the control valve in bypass (the reader's
// default) and active: behind it lie 11 nodes allowed at most 37.5-37.7 bar, which a bypassed
// valve connects to a network held at 50 bar or more.
TEST(Gaslib134Nominations, ReferencePressureChoices) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/official/GasLib-134/Nominations-134-v2");
  const Network network = load_network(data);
  const auto scns = nominations(data);
  ASSERT_EQ(scns.size(), nomination_count);
  const auto zone = control_valve_zone(network);
  for (const bool active : {false, true})
    for (const std::string ref : {"node_1", "node_20", "node_80"}) {
      const auto [lo, hi] = common_window(network, passive_zone(network, ref, active));
      fmt::print("CV {}: common window of the nodes that move with {}: [{:.2f}, {:.2f}] bar\n",
                 active ? "active" : "bypass", ref, lo / 1e5, hi / 1e5);
    }
  const auto window_mid = [&](const Node& n, const std::set<std::string>& moving) {
    const auto [lo, hi] = common_window(network, moving);
    return std::clamp(0.5 * (lo + hi), n.pressure_min_pa, n.pressure_max_pa);
  };
  struct Choice {
    std::string name;
    ReferenceChoice reference;
    bool recentre = false;
  };
  const std::vector<Choice> choices = {
      {"upper bound", {}},
      {"mean of bounds",
       [](const Node& n, const auto&) { return 0.5 * (n.pressure_min_pa + n.pressure_max_pa); }},
      {"lower bound", [](const Node& n, const auto&) { return n.pressure_min_pa; }},
      {"midpoint of common window", window_mid},
      {"upper bound + recentred", {}, true},
      {"midpoint of common window + recentred", window_mid, true},
  };
  for (const bool active : {false, true}) {
    for (const auto& c : choices) {
      // With the valve bypassed the common window is empty: only the simple choices are shown.
      if (!active && (c.recentre || c.name == "midpoint of common window")) continue;
      // 35 bar lies inside the bounds of every node behind the valve (26.5-27.6 to 37.5-37.7).
      const Variant v{fmt::format("{}, CV {}", c.name, active ? "active" : "bypass"), c.reference,
                      active ? std::optional<double>(35e5) : std::nullopt, c.recentre};
      const Tally t = run_all(network, scns, v, zone);
      print_counts(v.label, t);
      expect_every_status_reported(t);
    }
  }
}

// Investigation, not run by default (--gtest_also_run_disabled_tests; about 25 s): with the
// control valve active, solves every nomination at 33 reference pressures spread over the
// reference entry's bounds and counts, per reference node, the nominations within every bound at
// each level, and those within bounds at one level at least.
TEST(Gaslib134Nominations, DISABLED_ReferencePressureGrid) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/official/GasLib-134/Nominations-134-v2");
  const Network network = load_network(data);
  const auto scns = nominations(data);
  const auto zone = control_valve_zone(network);
  std::map<std::string, const Node*> nodes;
  for (const auto& n : network.nodes) nodes.emplace(n.id, &n);
  constexpr int steps = 32;
  struct PerReference {
    std::vector<int> within{std::vector<int>(steps + 1)};
    int files = 0, at_some_level = 0;
  };
  std::map<std::string, PerReference> by_reference;
  std::map<std::string, int> never_within;  // node or element -> nominations, at the best level
  for (const auto& scn : scns) {
    Scenario s = linepack::io::read_gaslib_scenario(scn, network);
    s.controls.push_back({zone.valve, ControlState::active, std::nullopt, 35e5});
    auto ref = std::find_if(s.boundaries.begin(), s.boundaries.end(),
                            [](const auto& b) { return b.kind == NodeBoundary::Kind::pressure; });
    const Node& node = *nodes.at(ref->node);
    PerReference& p = by_reference[node.id];
    ++p.files;
    bool any = false;
    std::optional<linepack::steady::SteadyResult> fewest;
    for (int k = 0; k <= steps; ++k) {
      ref->value = node.pressure_min_pa + k * (node.pressure_max_pa - node.pressure_min_pa) / steps;
      auto r = linepack::steady::solve(network, s);
      if (r.status != Status::converged) continue;
      if (r.violations.empty()) ++p.within[k], any = true;
      if (!fewest || r.violations.size() < fewest->violations.size()) fewest = std::move(r);
    }
    p.at_some_level += any;
    if (!any && fewest)
      for (const auto& v : fewest->violations) ++never_within[v.what + " " + v.id];
  }
  for (const auto& [id, p] : by_reference) {
    const Node& n = *nodes.at(id);
    fmt::print("reference {} [{:.2f}, {:.2f}] bar: {} nominations, within bounds at some level:"
               " {}\n", id, n.pressure_min_pa / 1e5, n.pressure_max_pa / 1e5, p.files,
               p.at_some_level);
    for (int k = 0; k <= steps; ++k)
      if (p.within[k] > 0)
        fmt::print("  {:7.3f} bar: {:>4}\n",
                   (n.pressure_min_pa + k * (n.pressure_max_pa - n.pressure_min_pa) / steps) / 1e5,
                   p.within[k]);
  }
  fmt::print("nominations never within bounds: violations at their best level:\n");
  for (const auto& [what, count] : never_within) fmt::print("  {:<44} {:>4}\n", what, count);
}
