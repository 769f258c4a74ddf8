// GasLib text that ends up in JSON results must be UTF-8: the network's <title> (its name) and
// the <scenario> id (the scenario's name), not only element ids. Found by the gaslib_net and
// gaslib_scn fuzz harnesses (docs/fuzzing.md): `convert` failed with nlohmann's raw
// type_error.316 instead of an input error.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/native_json.hpp"

namespace fs = std::filesystem;
using linepack::io::InputError;

namespace {

std::string network_xml(const std::string& title) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<network xmlns="http://gaslib.zib.de/Gas" xmlns:framework="http://gaslib.zib.de/Framework">
  <framework:information><title>)" + title + R"(</title></framework:information>
  <framework:nodes>
    <source id="S"><height value="0"/><pressureMin value="1" unit="bar"/><pressureMax value="70" unit="bar"/>
      <gasTemperature value="15" unit="Celsius"/><calorificValue value="36.4" unit="MJ_per_m_cube"/>
      <normDensity value="0.785" unit="kg_per_m_cube"/><molarMass value="18.0" unit="kg_per_kmol"/>
      <pseudocriticalPressure value="46.5" unit="bar"/><pseudocriticalTemperature value="202.4" unit="K"/>
    </source>
    <sink id="T"><height value="0"/><pressureMin value="1" unit="bar"/><pressureMax value="70" unit="bar"/></sink>
  </framework:nodes>
  <framework:connections>
    <pipe id="P1" from="S" to="T">
      <length value="55" unit="km"/><diameter value="500" unit="mm"/><roughness value="0.1" unit="mm"/>
    </pipe>
  </framework:connections>
</network>
)";
}

std::string scenario_xml(const std::string& id) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<boundaryValue xmlns="http://gaslib.zib.de/Gas">
  <scenario id=")" + id + R"(">
    <node type="entry" id="S"><flow value="100" bound="both" unit="1000m_cube_per_hour"/></node>
    <node type="exit" id="T"><flow value="100" bound="both" unit="1000m_cube_per_hour"/></node>
  </scenario>
</boundaryValue>
)";
}

class GaslibUtf8 : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("linepack_gaslib_utf8_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  fs::path dir_;
};

}  // namespace

TEST_F(GaslibUtf8, Utf8TitleAndScenarioIdAreKept) {
  const auto m = linepack::io::read_gaslib(write("ok.net", network_xml("Netz \xc3\xbc")),
                                           write("ok.scn", scenario_xml("Szenario \xc3\xa4")));
  EXPECT_EQ(m.network.name, "Netz \xc3\xbc");
  EXPECT_EQ(m.scenario.name, "Szenario \xc3\xa4");
  EXPECT_NO_THROW((void)linepack::io::to_json(m).dump());
}

TEST_F(GaslibUtf8, NonUtf8TitleIsAnInputErrorOnItsLine) {
  const fs::path net = write("bad.net", network_xml("fuzz \xbb seed"));
  try {
    (void)linepack::io::read_gaslib_network(net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), net);
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("<title> is not valid UTF-8"), std::string::npos)
        << e.what();
  }
}

TEST_F(GaslibUtf8, NonUtf8ScenarioIdIsAnInputErrorOnItsLine) {
  const fs::path net = write("ok.net", network_xml("ok"));
  const fs::path scn = write("bad.scn", scenario_xml("n\x95\x95"));
  try {
    (void)linepack::io::read_gaslib(net, scn);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), scn);
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("<scenario> id is not valid UTF-8"), std::string::npos)
        << e.what();
  }
}
