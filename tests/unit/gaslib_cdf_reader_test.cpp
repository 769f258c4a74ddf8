// GasLib combined decisions (.cdf): the reader on the three published files (counts taken with
// an independent XML parser, Python's ElementTree) and its errors for bad input, each naming
// the file, the decision group and the element.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "support/data_dir.hpp"
#include "support/make_elements.hpp"

namespace fs = std::filesystem;
using linepack::io::InputError;
using linepack::validation::CombinedDecisions;
using linepack::validation::DecisionElementKind;

namespace {

std::size_t entry_count(const CombinedDecisions& c) {
  std::size_t n = 0;
  for (const auto& g : c.groups)
    for (const auto& d : g.decisions) n += d.entries.size();
  return n;
}

struct Counts {
  std::size_t groups, decisions, entries;
};

void expect_counts(const fs::path& net, const fs::path& cdf, Counts want) {
  const auto model = linepack::io::read_gaslib(net, std::nullopt);
  const CombinedDecisions c = linepack::io::read_gaslib_cdf(cdf, model.network);
  EXPECT_EQ(c.groups.size(), want.groups);
  EXPECT_EQ(c.decision_count(), want.decisions);
  EXPECT_EQ(entry_count(c), want.entries);
}

}  // namespace

TEST(GaslibCdfReader, GasLib582v1) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/582-v1/GasLib-582.cdf");
  const fs::path dir = root / "gaslib/582-v1";
  expect_counts(dir / "GasLib-582.net", dir / "GasLib-582.cdf", {2, 23, 309});
  // dG_1's second decision, as written: station 4 running from -> to, valves 17 and 15 open
  // against their direction, 16, 14 and 12 closed.
  const auto model = linepack::io::read_gaslib(dir / "GasLib-582.net", std::nullopt);
  const auto c = linepack::io::read_gaslib_cdf(dir / "GasLib-582.cdf", model.network);
  ASSERT_EQ(c.groups[0].id, "dG_1");
  ASSERT_EQ(c.groups[0].decisions.size(), 4u);
  const auto& d2 = c.groups[0].decisions[1];
  EXPECT_EQ(d2.id, "d2");
  ASSERT_EQ(d2.entries.size(), 6u);
  EXPECT_EQ(d2.entries[0].element, "compressorStation_4");
  EXPECT_EQ(d2.entries[0].kind, DecisionElementKind::compressor);
  EXPECT_TRUE(d2.entries[0].open);
  EXPECT_EQ(d2.entries[0].flow_direction, 0);
  EXPECT_EQ(d2.entries[1].element, "valve_17");
  EXPECT_EQ(d2.entries[1].flow_direction, 1);
  EXPECT_FALSE(d2.entries[3].open);
  EXPECT_FALSE(d2.entries[3].flow_direction.has_value());
  EXPECT_EQ(c.groups[1].decisions.size(), 19u);
}

TEST(GaslibCdfReader, GasLib582v2full) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/582-v2-full/GasLib-582-v2.cdf");
  const fs::path dir = root / "gaslib/582-v2-full";
  expect_counts(dir / "GasLib-582-v2.net", dir / "GasLib-582-v2.cdf", {2, 23, 309});
}

TEST(GaslibCdfReader, GasLib4197NamesAValveTheNetworkLacks) {
  LINEPACK_REQUIRE_DATA_WITH(root, "gaslib/4197/GasLib-4197.cdf");
  const fs::path dir = root / "gaslib/4197";
  auto model = linepack::io::read_gaslib(dir / "GasLib-4197.net", std::nullopt);
  // The published file names valve_22 (group dG_191, line 1190), which GasLib-4197.net does not
  // have (its valves are valve_1 .. valve_427 without valve_22): bad input, named as such.
  try {
    linepack::io::read_gaslib_cdf(dir / "GasLib-4197.cdf", model.network);
    ADD_FAILURE() << "no error for valve_22";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 1190u);
    EXPECT_EQ(e.element(), "valve_22");
    EXPECT_NE(std::string(e.what()).find("dG_191"), std::string::npos) << e.what();
  }
  // With a (closed) valve_22 added, the rest of the file reads.
  linepack::model::Valve v22;
  v22.id = "valve_22";
  v22.from = model.network.nodes[0].id;
  v22.to = model.network.nodes[1].id;
  v22.open = false;
  model.network.valves.push_back(v22);
  const auto c = linepack::io::read_gaslib_cdf(dir / "GasLib-4197.cdf", model.network);
  EXPECT_EQ(c.groups.size(), 413u);
  EXPECT_EQ(c.decision_count(), 428u);
  EXPECT_EQ(entry_count(c), 590u);
  // <controlValve id="controlValve_90" value="1" mode="active"/>, the only entry of dG_1.
  const auto& e = c.groups[0].decisions[0].entries.at(0);
  EXPECT_EQ(e.element, "controlValve_90");
  EXPECT_EQ(e.mode, linepack::model::ControlState::active);
  std::size_t active = 0, bypass = 0;
  for (const auto& g : c.groups)
    for (const auto& d : g.decisions)
      for (const auto& x : d.entries)
        if (x.mode) ++(*x.mode == linepack::model::ControlState::active ? active : bypass);
  EXPECT_EQ(active, 21u);  // grep -c 'mode="active"' GasLib-4197.cdf
  EXPECT_EQ(bypass, 13u);
}

namespace {

linepack::model::Network small_network() {
  linepack::model::Network net;
  net.nodes = {{.id = "a"}, {.id = "b"}, {.id = "c"}};
  using linepack::test::make_branch;
  net.valves.push_back(make_branch<linepack::model::Valve>("v1", "a", "b"));
  net.compressors.push_back(make_branch<linepack::model::Compressor>("cs1", "b", "c"));
  return net;
}

fs::path write_cdf(const std::string& name, const std::string& body) {
  const fs::path dir = fs::temp_directory_path() / "linepack_cdf_reader_test";
  fs::create_directories(dir);
  const fs::path p = dir / name;
  std::ofstream(p) << "<?xml version=\"1.0\"?>\n"
                      "<combinedDecisions xmlns=\"http://gaslib.zib.de/CombinedDecisions\">\n"
                   << body << "</combinedDecisions>\n";
  return p;
}

/// The InputError of reading `body`: its message names the file and each of `parts`.
void expect_error(const std::string& name, const std::string& body,
                  std::initializer_list<std::string> parts) {
  const fs::path p = write_cdf(name, body);
  try {
    linepack::io::read_gaslib_cdf(p, small_network());
    ADD_FAILURE() << name << ": no error";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(p.string()), std::string::npos) << what;
    EXPECT_GT(e.line(), 0u) << what;
    for (const auto& part : parts) EXPECT_NE(what.find(part), std::string::npos) << what;
  }
}

}  // namespace

TEST(GaslibCdfReader, ReadsAHandWrittenFile) {
  const fs::path p = write_cdf("good.cdf",
                               "<decisionGroup id=\"g\">\n"
                               " <decision id=\"open\"><valve id=\"v1\" value=\"1\" flowDirection=\"0\"/>"
                               "<compressorStation id=\"cs1\" value=\"1\" mode=\"bypass\"/></decision>\n"
                               " <decision id=\"shut\"><valve id=\"v1\" value=\"0\"/></decision>\n"
                               "</decisionGroup>\n");
  const auto c = linepack::io::read_gaslib_cdf(p, small_network());
  ASSERT_EQ(c.groups.size(), 1u);
  EXPECT_EQ(c.decision_count(), 2u);
  EXPECT_EQ(c.groups[0].decisions[0].entries[1].mode, linepack::model::ControlState::bypass);
}

TEST(GaslibCdfReader, BadInputNamesFileGroupAndElement) {
  const std::string head = "<decisionGroup id=\"g7\">\n <decision id=\"d1\">\n";
  const std::string tail = " </decision>\n</decisionGroup>\n";
  expect_error("unknown_element.cdf", head + "  <valve id=\"valve_99\" value=\"1\"/>\n" + tail,
               {"g7", "'valve_99'", "d1", "no valve of this id"});
  expect_error("wrong_kind.cdf", head + "  <valve id=\"cs1\" value=\"0\"/>\n" + tail,
               {"g7", "'cs1'", "compressorStation, not a valve"});
  expect_error("unknown_state.cdf", head + "  <valve id=\"v1\" value=\"2\"/>\n" + tail,
               {"g7", "'v1'", "unknown state value=\"2\""});
  expect_error("no_value.cdf", head + "  <valve id=\"v1\"/>\n" + tail, {"g7", "'v1'", "no 'value'"});
  expect_error("unknown_mode.cdf",
               head + "  <compressorStation id=\"cs1\" value=\"1\" mode=\"fast\"/>\n" + tail,
               {"g7", "'cs1'", "unknown mode=\"fast\""});
  expect_error("valve_mode.cdf", head + "  <valve id=\"v1\" value=\"1\" mode=\"active\"/>\n" + tail,
               {"g7", "'v1'", "a valve has no mode"});
  expect_error("direction.cdf", head + "  <valve id=\"v1\" value=\"1\" flowDirection=\"2\"/>\n" + tail,
               {"g7", "'v1'", "unknown flowDirection"});
  expect_error("unknown_tag.cdf", head + "  <pipe id=\"v1\" value=\"1\"/>\n" + tail,
               {"g7", "unknown element kind <pipe>"});
  expect_error("twice.cdf",
               head + "  <valve id=\"v1\" value=\"1\"/>\n  <valve id=\"v1\" value=\"0\"/>\n" + tail,
               {"g7", "'v1'", "twice"});
  expect_error("empty_group.cdf", "<decisionGroup id=\"g7\">\n</decisionGroup>\n",
               {"g7", "no decision"});
  expect_error("malformed.cdf", head + "  <valve id=\"v1\" value=\"1\">\n" + tail, {"malformed XML"});
}

TEST(GaslibCdfReader, WrongRootIsAnError) {
  const fs::path dir = fs::temp_directory_path() / "linepack_cdf_reader_test";
  fs::create_directories(dir);
  const fs::path p = dir / "root.cdf";
  std::ofstream(p) << "<network/>\n";
  EXPECT_THROW(linepack::io::read_gaslib_cdf(p, small_network()), InputError);
}
