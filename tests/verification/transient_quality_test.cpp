// Gas quality tracking in transients (transient/quality_tracker.hpp):
//   - a mixing node gives the molar-flow-weighted composition of its inflows and the ISO 6976
//     properties of that mixture (the expectation is computed here from the mixing rule and the
//     supplies' compositions, not by the tracker);
//   - the mass of every component changes only by the supplies and withdrawals (a meshed
//     network with every element kind, a composition change and demand changes);
//   - a composition front entering the Pakistan Stream at Port Qasim reaches Kasur after the
//     transit time that the mass flows and line pack of the hydraulic state imply (within 1 %);
//   - without supply compositions nothing is tracked (today's results unchanged).
#include <gtest/gtest.h>

#include <cmath>

#include "linepack/gas/iso6976.hpp"
#include "linepack/gas/presets.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/transient/simulator.hpp"
#include "support/data_dir.hpp"
#include "support/make_elements.hpp"
#include "transient_support.hpp"

namespace {

namespace tr = linepack::transient;
using namespace linepack;
using gas::Component;
using T = gas::Iso6976Temperature;

gas::Composition preset(const char* name) { return *gas::preset_composition(name); }

std::size_t node_index(const model::Network& n, const std::string& id) {
  for (std::size_t i = 0; i < n.nodes.size(); ++i)
    if (n.nodes[i].id == id) return i;
  ADD_FAILURE() << "no node " << id;
  return 0;
}

double molar_mass(const gas::Composition& x) {
  return gas::iso6976_properties(x, T::c25, T::c0).molar_mass_kg_per_mol;
}

/// Two supplies into a junction: s1 (60 bar, pipeline gas) -pa-> j <-pb- s2 (injects 20 kg/s of
/// Ekofisk gas); j -pc-> d (withdraws 50 kg/s).
test::SmallModel mixing_network() {
  test::SmallModel m;
  auto& n = m.network;
  n.name = "mixing";
  n.physics.eos.kind = gas::EosKind::ideal;
  for (const char* id : {"s1", "s2", "j", "d"}) n.nodes.push_back({id});
  auto pipe = [&](const char* id, const char* f, const char* t, double l) {
    auto p = test::make_pipe(id, f, t, l, 0.5);
    p.roughness_m = 2e-5;
    n.pipes.push_back(p);
  };
  pipe("pa", "s1", "j", 20e3);
  pipe("pb", "s2", "j", 20e3);
  pipe("pc", "j", "d", 30e3);
  m.scenario.boundaries.push_back({"s1", model::NodeBoundary::Kind::pressure, 60e5});
  m.scenario.boundaries.push_back({"s2", model::NodeBoundary::Kind::flow, -20.0});
  m.scenario.boundaries.push_back({"d", model::NodeBoundary::Kind::flow, 50.0});
  return m;
}

TEST(TransientQuality, MixingNodeGivesFlowWeightedCompositionAndIso6976Properties) {
  auto m = mixing_network();
  const auto gas_a = preset("pipeline-gas"), gas_b = preset("ekofisk");
  tr::Schedule s;
  s.compositions.push_back({"s1", {0.0}, {gas_a}});
  s.compositions.push_back({"s2", {0.0}, {gas_b}});
  tr::TransientOptions o;
  o.dt_s = 120.0;
  o.dx_m = 2000.0;
  o.duration_s = 2 * 3600.0;
  tr::Simulator sim(m.network, m.scenario, s, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  ASSERT_NE(sim.quality(), nullptr);
  // Mixing rule: moles of each component are conserved; molar flows n = q / M.
  const double qa = sim.snapshot().element_flow_kg_per_s[0], qb = 20.0;
  EXPECT_NEAR(qa, 30.0, 1e-6);
  const double na = qa / molar_mass(gas_a), nb = qb / molar_mass(gas_b);
  gas::Composition::Fractions expected{};
  for (std::size_t c = 0; c < gas::component_count; ++c)
    expected[c] = (na * gas_a.fractions()[c] + nb * gas_b.fractions()[c]) / (na + nb);
  const auto mixed = gas::Composition::from_fractions(expected);
  const auto props = gas::iso6976_properties(mixed, T::c25, T::c0);
  const std::size_t j = node_index(m.network, "j"), d = node_index(m.network, "d");
  auto check = [&](const char* when) {
    for (std::size_t node : {j, d}) {
      const auto got = sim.quality()->composition(node);
      for (std::size_t c = 0; c < gas::component_count; ++c)
        EXPECT_NEAR(got.fractions()[c], expected[c], 1e-12) << when << " node " << node << " "
                                                            << gas::component_name(c);
    }
    const auto& sn = sim.snapshot();
    EXPECT_NEAR(sn.node_gross_cv_j_per_m3[d] / props.gross_cv_j_per_m3, 1.0, 1e-12) << when;
    EXPECT_NEAR(sn.node_wobbe_j_per_m3[d] / props.gross_wobbe_j_per_m3, 1.0, 1e-12) << when;
    EXPECT_NEAR(sn.node_relative_density[d] / props.relative_density, 1.0, 1e-12) << when;
    EXPECT_NEAR(sn.node_energy_flow_w[d] / (50.0 * props.gross_cv_j_per_kg), 1.0, 1e-9) << when;
    // The supply s2 injects 20 kg/s of its own gas.
    const auto b = gas::iso6976_properties(gas_b, T::c25, T::c0);
    EXPECT_NEAR(sn.node_energy_flow_w[node_index(m.network, "s2")] / (-20.0 * b.gross_cv_j_per_kg),
                1.0, 1e-9) << when;
  };
  check("start");
  ASSERT_TRUE(sim.run()) << sim.message();
  check("after 2 h of constant boundaries");  // the steady mixture is preserved
}

TEST(TransientQuality, ComponentMassChangesOnlyBySuppliesAndWithdrawals) {
  auto m = test::small_network();
  const auto gas_a = preset("pipeline-gas"), gas_b = preset("ekofisk");
  m.network.physics.eos.composition = gas_a;  // the gas at the start
  tr::Schedule s;
  s.compositions.push_back({"s", {0.0, 600.0, 3000.0}, {gas_a, gas_b, gas_a}});
  // Demand changes so that storage and the flows change.
  s.nodes.push_back({"n3", model::NodeBoundary::Kind::flow,
                     {{0.0, 1800.0, 3600.0, 7200.0}, {60.0, 90.0, 40.0, 70.0},
                      tr::Interpolation::linear}});
  tr::TransientOptions o;
  o.dt_s = 60.0;
  o.dx_m = 2000.0;
  o.duration_s = 3 * 3600.0;
  tr::Simulator sim(m.network, m.scenario, s, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  const auto* q = sim.quality();
  ASSERT_NE(q, nullptr);
  const std::size_t n2 = node_index(m.network, "n2"), n3 = node_index(m.network, "n3");
  // Expected component masses: start + integral of (supply y_supply - withdrawals y_node).
  const Component tracked[] = {Component::methane, Component::ethane, Component::carbon_dioxide,
                               Component::nitrogen};
  double expected[4], start[4];
  for (int k = 0; k < 4; ++k) expected[k] = start[k] = q->component_mass_kg(sim.state(), tracked[k]);
  double t_prev = sim.time(), min_fraction = 1.0, max_sum_error = 0.0;
  ASSERT_TRUE(sim.run([&](const tr::Simulator& x) {
    const double dt = x.time() - t_prev;
    if (dt <= 0.0) return;
    const auto& sn = x.snapshot();
    const auto supply_gas = x.quality()->supply_composition(0, t_prev);
    gas::Composition::Fractions ys{};
    double ms = 0.0;
    for (std::size_t c = 0; c < gas::component_count; ++c)
      ms += supply_gas.fractions()[c] * gas::iso6976_molar_mass_kg_per_mol(c);
    for (std::size_t c = 0; c < gas::component_count; ++c)
      ys[c] = supply_gas.fractions()[c] * gas::iso6976_molar_mass_kg_per_mol(c) / ms;
    const double w3 = sn.withdrawal_kg_per_s - 15.0;  // the rest of the withdrawal is n3's
    for (int k = 0; k < 4; ++k) {
      const auto ci = static_cast<std::size_t>(tracked[k]);
      expected[k] += dt * (sn.supply_kg_per_s * ys[ci] -
                           15.0 * x.quality()->mass_fraction(n2, tracked[k]) -
                           w3 * x.quality()->mass_fraction(n3, tracked[k]));
    }
    for (std::size_t i = 0; i < x.equations().pressure_count(); ++i) {
      double sum = 0.0;
      for (std::size_t c = 0; c < gas::component_count; ++c) {
        const double y = x.quality()->mass_fraction(i, static_cast<Component>(c));
        min_fraction = std::min(min_fraction, y);
        sum += y;
      }
      max_sum_error = std::max(max_sum_error, std::abs(sum - 1.0));
    }
    t_prev = x.time();
  })) << sim.message();
  EXPECT_GE(min_fraction, 0.0);
  EXPECT_LT(max_sum_error, 1e-13);
  const double total = sim.snapshot().linepack_kg;
  for (int k = 0; k < 4; ++k) {
    const double got = q->component_mass_kg(sim.state(), tracked[k]);
    EXPECT_NEAR(got, expected[k], 1e-8 * total) << gas::component_name(tracked[k]) << ": start "
                                                << start[k] << " kg";
    EXPECT_GT(std::abs(got - start[k]), 1e-4 * total) << "the component mass did change";
  }
  // The gas at n3 did change: Ekofisk gas arrived and left again.
  EXPECT_NEAR(q->composition(n3).fractions()[static_cast<std::size_t>(Component::ethane)],
              gas_a[Component::ethane], 5e-3);
}

TEST(TransientQuality, FrontFromPortQasimReachesKasurAfterTheTransitTimeOfTheMassFlows) {
  // Design case B with its constant boundaries; at 1 h Port Qasim (N0s) switches from pipeline
  // gas (1.54 % CO2) to lean LNG (no CO2). Transit time implied by the hydraulic state: the
  // mass in each pipe over its mass flow, summed along the line (compressor stations hold no
  // gas).
  const auto dir = test::source_dir() / "examples/pakistan-stream";
  const auto m = io::read_native_model(dir / "model.json");
  const double t_switch = 3600.0;
  tr::Schedule s;
  s.compositions.push_back(
      {"N0s", {0.0, t_switch}, {preset("pipeline-gas"), preset("lean-lng")}});
  tr::TransientOptions o;
  o.dt_s = 300.0;
  o.dx_m = 2000.0;
  o.scheme = tr::Scheme::backward_euler;
  o.duration_s = 8 * 86400.0;
  tr::Simulator sim(m.network, m.scenario, s, o);
  ASSERT_TRUE(sim.start_from_steady().converged) << sim.message();
  double transit_s = 0.0;
  for (std::size_t k = 0; k < m.network.pipes.size(); ++k)
    transit_s += sim.snapshot().pipe_linepack_kg[k] / sim.snapshot().element_flow_kg_per_s[k];
  const std::size_t kasur = node_index(m.network, "N7");
  const double y0 = sim.quality()->mass_fraction(kasur, Component::carbon_dioxide);
  ASSERT_GT(y0, 0.01);
  double t_prev = sim.time(), y_prev = y0, arrival = -1.0;
  while (!sim.finished() && arrival < 0.0) {
    ASSERT_TRUE(sim.step()) << sim.message();
    const double y = sim.quality()->mass_fraction(kasur, Component::carbon_dioxide);
    if (y < 0.5 * y0 && y_prev >= 0.5 * y0)
      arrival = t_prev + (y_prev - 0.5 * y0) / (y_prev - y) * (sim.time() - t_prev);
    t_prev = sim.time();
    y_prev = y;
  }
  ASSERT_GT(arrival, 0.0) << "the front did not reach Kasur";
  std::printf("  transit time %.3f h (line pack / mass flows), front at Kasur after %.3f h\n",
              transit_s / 3600.0, (arrival - t_switch) / 3600.0);
  EXPECT_NEAR((arrival - t_switch) / transit_s, 1.0, 0.01);
}

TEST(TransientQuality, WithoutSupplyCompositionsNothingIsTracked) {
  const auto m = test::small_network();
  tr::TransientOptions o;
  o.duration_s = 600.0;
  tr::Simulator sim(m.network, m.scenario, tr::Schedule{}, o);
  ASSERT_TRUE(sim.start_from_steady().converged);
  EXPECT_EQ(sim.quality(), nullptr);
  EXPECT_TRUE(sim.snapshot().node_gross_cv_j_per_m3.empty());
}

TEST(TransientQuality, SupplyWithoutAKnownGasIsAnError) {
  // s2 supplies gas; only s1 has a composition and the network has none.
  const auto m = mixing_network();
  tr::Schedule s;
  s.compositions.push_back({"s1", {0.0}, {preset("pipeline-gas")}});
  try {
    tr::Simulator sim(m.network, m.scenario, s, tr::TransientOptions{});
    FAIL() << "expected an error";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'s2'"), std::string::npos) << e.what();
  }
}

}  // namespace
