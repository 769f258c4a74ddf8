// The order of the candidate search's one-element switches (validation/candidate_order.hpp), on
// a hand-made chain S -r1-> A -r2-> B -c1-> X -r3-> Y with each node its own zone.
#include <gtest/gtest.h>

#include <string_view>
#include <unordered_map>
#include <vector>

#include "linepack/validation/candidate_order.hpp"
#include "support/make_elements.hpp"

namespace {

using namespace linepack;
using model::ControlState;

struct Chain {
  model::Network net;
  std::unordered_map<std::string_view, std::size_t> index;
  std::vector<std::size_t> zone_of;
  Chain() {
    for (const char* id : {"S", "A", "B", "X", "Y"}) net.nodes.push_back({.id = id});
    net.control_valves = {test::make_branch<model::ControlValve>("r1", "S", "A"),
                          test::make_branch<model::ControlValve>("r2", "A", "B"),
                          test::make_branch<model::ControlValve>("r3", "X", "Y")};
    net.compressors = {test::make_branch<model::Compressor>("c1", "B", "X")};
    for (std::size_t i = 0; i < net.nodes.size(); ++i) {
      index.emplace(net.nodes[i].id, i);
      zone_of.push_back(i);
    }
  }
};

steady::Violation below_min(const char* node) { return {node, "pressure_below_min", 1.0, 2.0}; }

TEST(CandidateOrder, ElementsFeedingTheViolatedZoneComeFirst) {
  const Chain c;
  // B below its minimum: r2 feeds B (outlet in its zone), c1 leaves it, r1 and r3 do not touch it.
  const std::vector<char> active{1, 1, 1, 0};
  const std::vector<ControlState> settled(4, ControlState::active);
  const auto order = validation::switch_order(c.net, c.index, c.zone_of, {below_min("B")},
                                              active, settled);
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 3, 0, 2}));
}

TEST(CandidateOrder, SettledClosedFirstAndSettledBypassLeftOut) {
  const Chain c;
  // A violation named by the station c1 heats both its ends' zones (B and X): r2 and c1 have
  // their outlets there, r3 its inlet (settled closed: first only within its rank); r1, set
  // active and settled bypassed, would give the control already solved and is left out.
  const std::vector<char> active{1, 1, 1, 1};
  const std::vector<ControlState> settled{ControlState::bypass, ControlState::active,
                                          ControlState::closed, ControlState::active};
  const steady::Violation speed{"c1", "station_speed_above_max", 1.0, 0.5};
  auto order = validation::switch_order(c.net, c.index, c.zone_of, {speed}, active, settled);
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 3, 2}));
  // Y below its minimum: r3 (outlet Y, settled closed) first; the rest in network order.
  order = validation::switch_order(c.net, c.index, c.zone_of, {below_min("Y")}, active, settled);
  EXPECT_EQ(order, (std::vector<std::size_t>{2, 1, 3}));
  // Two elements with outlets in hot zones: the one settled closed first.
  const std::vector<ControlState> r2_closed{ControlState::active, ControlState::closed,
                                            ControlState::active, ControlState::active};
  order = validation::switch_order(c.net, c.index, c.zone_of, {below_min("A"), below_min("B")},
                                   active, r2_closed);
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 0, 3, 2}));
}

TEST(CandidateOrder, OnlyBelowMinimum) {
  EXPECT_FALSE(validation::only_below_min({}));
  EXPECT_TRUE(validation::only_below_min({below_min("A"), below_min("B")}));
  EXPECT_FALSE(validation::only_below_min({below_min("A"), {"B", "pressure_above_max", 2.0, 1.0}}));
}

}  // namespace
