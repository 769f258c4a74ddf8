#pragma once
// Small networks and helpers shared by the transient verification tests.
#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/transient/simulator.hpp"
#include "support/make_elements.hpp"

namespace linepack::test {

struct SmallModel {
  model::Network network;
  model::Scenario scenario;
};

/// One pipe a -> b: 60 bar at a, withdrawal w at b. Colebrook-White, ideal gas unless `papay`.
inline SmallModel single_pipe(double length_m = 50e3, double diameter_m = 0.6, double w = 40.0,
                              bool papay = false, double elevation_b_m = 0.0) {
  SmallModel m;
  auto& n = m.network;
  n.name = "single pipe";
  n.physics.eos.kind = papay ? gas::EosKind::papay : gas::EosKind::ideal;
  n.physics.friction = model::FrictionLaw::colebrook_white;
  n.nodes.push_back({"a"});
  model::Node b{"b"};
  b.elevation_m = elevation_b_m;
  n.nodes.push_back(b);
  auto p = make_pipe("p", "a", "b", length_m, diameter_m);
  p.roughness_m = 1.5e-5;
  n.pipes.push_back(p);
  m.scenario.boundaries.push_back({"a", model::NodeBoundary::Kind::pressure, 60e5});
  m.scenario.boundaries.push_back({"b", model::NodeBoundary::Kind::flow, w});
  return m;
}

/// A small meshed network with every element kind but a regulator: supply s (50 bar) -> c1
/// (ratio 1.3) -> n1; loop n1-p1-n2-p2-n3 and n1-p3-n4-p4-n3; n2-v1(valve)-n5-sp1(short
/// pipe)-n6-p5-n3 and n4-r1(resistor)-n6. Offtakes at n3 (elevation 40 m) and n2.
inline SmallModel small_network(bool papay = true) {
  SmallModel m;
  auto& n = m.network;
  n.name = "small network";
  n.physics.eos.kind = papay ? gas::EosKind::papay : gas::EosKind::ideal;
  n.physics.friction = model::FrictionLaw::colebrook_white;
  for (const char* id : {"s", "n1", "n2", "n3", "n4", "n5", "n6"}) n.nodes.push_back({id});
  n.nodes[3].elevation_m = 40.0;
  auto pipe = [&](const char* id, const char* f, const char* t, double l, double d) {
    auto p = make_pipe(id, f, t, l, d);
    p.roughness_m = 2e-5;
    n.pipes.push_back(p);
  };
  // Lengths are multiples of 8 km, so that grids of 8, 4, 2 and 1 km nest.
  pipe("p1", "n1", "n2", 32e3, 0.7);
  pipe("p2", "n2", "n3", 24e3, 0.6);
  pipe("p3", "n1", "n4", 40e3, 0.5);
  pipe("p4", "n4", "n3", 16e3, 0.5);
  pipe("p5", "n6", "n3", 16e3, 0.4);
  n.compressors.push_back(
      make_active_compressor("c1", "s", "n1", model::CompressorMode::pressure_ratio, 1.3));
  n.valves.push_back(make_branch<model::Valve>("v1", "n2", "n5"));
  n.short_pipes.push_back(make_branch<model::ShortPipe>("sp1", "n5", "n6"));
  auto r = make_branch<model::Resistor>("r1", "n4", "n6");
  r.drag_factor = 5.0;
  r.diameter_m = 0.4;
  n.resistors.push_back(r);
  m.scenario.boundaries.push_back({"s", model::NodeBoundary::Kind::pressure, 50e5});
  m.scenario.boundaries.push_back({"n3", model::NodeBoundary::Kind::flow, 60.0});
  m.scenario.boundaries.push_back({"n2", model::NodeBoundary::Kind::flow, 15.0});
  return m;
}

/// Largest relative difference between two states, pressures relative to themselves and flows
/// relative to `flow_scale`.
inline double max_relative_difference(std::span<const double> a, std::span<const double> b,
                                      std::size_t pressure_count, double flow_scale) {
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double scale = i < pressure_count ? std::abs(b[i]) : flow_scale;
    m = std::max(m, std::abs(a[i] - b[i]) / scale);
  }
  return m;
}

}  // namespace linepack::test
