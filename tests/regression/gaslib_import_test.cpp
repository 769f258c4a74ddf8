// Imports every GasLib instance in the reference data (shared/data/gaslib, see its README and
// FORMAT.md) and checks counts, units and the scenario's pressure reference.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "linepack/io/gaslib_reader.hpp"
#include "support/data_dir.hpp"
#include "support/gaslib_files.hpp"

namespace fs = std::filesystem;
using linepack::io::read_gaslib;
using linepack::model::Network;
using linepack::model::NodeBoundary;
using linepack::test::files_with_extension;
using linepack::test::is_gaslib134_daily_nomination;
using linepack::test::net_for;

namespace {

struct Counts {
  std::size_t nodes, pipes, short_pipes, valves, control_valves, resistors, compressors;
};

void expect_counts(const Network& n, const Counts& c) {
  EXPECT_EQ(n.nodes.size(), c.nodes);
  EXPECT_EQ(n.pipes.size(), c.pipes);
  EXPECT_EQ(n.short_pipes.size(), c.short_pipes);
  EXPECT_EQ(n.valves.size(), c.valves);
  EXPECT_EQ(n.control_valves.size(), c.control_valves);
  EXPECT_EQ(n.resistors.size(), c.resistors);
  EXPECT_EQ(n.compressors.size(), c.compressors);
}

}  // namespace

TEST(GaslibImport, EveryNetworkImportsAndValidates) {
  LINEPACK_REQUIRE_DATA(data);
  auto nets = files_with_extension(data / "gaslib", ".net");
  ASSERT_GE(nets.size(), 13u);
  for (const auto& dir : linepack::test::large_gaslib_dirs())
    for (const auto& net : files_with_extension(dir, ".net")) nets.push_back(net);
  for (const auto& net : nets) {
    SCOPED_TRACE(net.string());
    EXPECT_NO_THROW({
      const auto m = read_gaslib(net, std::nullopt);
      EXPECT_FALSE(m.network.nodes.empty());
      EXPECT_GT(m.network.physics.gas.normal_density_kg_per_m3, 0.5);
      EXPECT_GT(m.network.physics.temperature_k, 250.0);
    });
  }
}

TEST(GaslibImport, GasLib582CountsMatchTheReadme) {
  LINEPACK_REQUIRE_DATA(data);
  const auto m = read_gaslib(data / "gaslib/582-v1/GasLib-582.net", std::nullopt);
  expect_counts(m.network, {582, 451, 96, 26, 23, 8, 5});
  const auto v2 = read_gaslib(data / "gaslib/582-v2/GasLib-582-v2.net", std::nullopt);
  EXPECT_EQ(v2.network.nodes.size(), 582u);
  EXPECT_EQ(v2.network.pipes.size(), 278u);
  EXPECT_EQ(v2.network.short_pipes.size(), 269u);
}

TEST(GaslibImport, GasLib4197CountsMatchTheReadme) {
  LINEPACK_REQUIRE_DATA_WITH(data, "gaslib/4197/GasLib-4197.net");
  const auto m = read_gaslib(data / "gaslib/4197/GasLib-4197.net", std::nullopt);
  expect_counts(m.network, {4197, 3537, 343, 426, 120, 28, 12});
  // Six of its resistors have a fixed pressure loss instead of a drag factor.
  const auto fixed = std::count_if(m.network.resistors.begin(), m.network.resistors.end(),
                                   [](const auto& r) { return r.pressure_loss_pa.has_value(); });
  EXPECT_EQ(fixed, 6);
}

TEST(GaslibImport, EveryNominationImportsWithOnePressureReference) {
  LINEPACK_REQUIRE_DATA(data);
  std::vector<fs::path> scns;
  bool took_134 = false;  // one of GasLib-134's 1,234 daily nominations is enough
  auto all = files_with_extension(data / "gaslib", ".scn");
  for (const auto& dir : linepack::test::large_gaslib_dirs())
    for (const auto& scn : files_with_extension(dir, ".scn")) all.push_back(scn);
  for (const auto& scn : all) {
    const bool is_134 = is_gaslib134_daily_nomination(scn);
    if (is_134 && took_134) continue;
    took_134 = took_134 || is_134;
    scns.push_back(scn);
  }
  using namespace linepack::test;
  ASSERT_GE(scns.size(), shipped_gaslib_nominations + (have_gaslib4197() ? 1u : 0u) +
                             (have_gaslib134_daily_nominations() ? 1u : 0u));
  if (linepack::test::have_gaslib134_daily_nominations()) EXPECT_TRUE(took_134);
  for (const auto& scn : scns) {
    SCOPED_TRACE(scn.string());
    const fs::path net = net_for(scn);
    ASSERT_FALSE(net.empty()) << "no .net beside " << scn;
    EXPECT_NO_THROW({
      const auto m = read_gaslib(net, scn);
      const auto pressures = std::count_if(
          m.scenario.boundaries.begin(), m.scenario.boundaries.end(),
          [](const auto& b) { return b.kind == NodeBoundary::Kind::pressure; });
      EXPECT_EQ(pressures, 1);
      EXPECT_FALSE(m.scenario.boundaries.empty());
    });
  }
}

TEST(GaslibImport, UnitsAreConvertedToSi) {
  LINEPACK_REQUIRE_DATA(data);
  // GasLib-11: <pipe id="pipe01_entry01_entry03"> length 55 km, diameter 500.0 mm, roughness
  // 0.1 mm; sources at 10 Celsius, normDensity 0.785 kg/m^3 (file lines 149-157).
  const auto m = read_gaslib(data / "gaslib/official/GasLib-11/GasLib-11.net", std::nullopt);
  const auto& pipes = m.network.pipes;
  const auto p = std::find_if(pipes.begin(), pipes.end(),
                              [](const auto& x) { return x.id == "pipe01_entry01_entry03"; });
  ASSERT_NE(p, pipes.end());
  EXPECT_DOUBLE_EQ(p->length_m, 55000.0);
  EXPECT_DOUBLE_EQ(p->diameter_m, 0.5);
  EXPECT_DOUBLE_EQ(p->roughness_m, 1e-4);
  EXPECT_DOUBLE_EQ(m.network.physics.temperature_k, 283.15);

  // GasLib-24 gives some diameters in m: 1.1 m.
  const auto g24 = read_gaslib(data / "gaslib/official/GasLib-24/GasLib-24.net", std::nullopt);
  EXPECT_TRUE(std::any_of(g24.network.pipes.begin(), g24.network.pipes.end(),
                          [](const auto& x) { return x.diameter_m == 1.1; }));
}

TEST(GaslibImport, CompressorStationDataIsRead) {
  LINEPACK_REQUIRE_DATA(data);
  // GasLib-582.cs: compressorStation_5 has a piston compressor with maximalCompressionRatio 2.
  const auto m = read_gaslib(data / "gaslib/582-v1/GasLib-582.net", std::nullopt);
  ASSERT_EQ(m.network.compressors.size(), 5u);
  for (const auto& c : m.network.compressors) {
    SCOPED_TRACE(c.id);
    EXPECT_GT(c.efficiency, 0.5);
    EXPECT_LE(c.efficiency, 1.0);
    EXPECT_GT(c.flow_max_kg_per_s, 0.0);
    EXPECT_EQ(c.ratio_max == 2.0, c.id == "compressorStation_5");
  }
}
