// Error reporting of the GasLib reader on small fixtures written to a temporary folder: every
// error names the file, the line of the offending element and the element id.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <vector>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "linepack/io/gaslib_reader.hpp"
#include "support/make_elements.hpp"

namespace fs = std::filesystem;
using linepack::io::InputError;
using namespace linepack::io;

namespace {

// A two-node GasLib network (FORMAT.md layout); lines are numbered from 1 as in the file.
const std::string network_xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<network xmlns="http://gaslib.zib.de/Gas" xmlns:framework="http://gaslib.zib.de/Framework">
  <framework:nodes>
    <source id="S" x="1" y="2">
      <height value="10" unit="m"/>
      <pressureMin value="1.01325" unit="bar"/>
      <pressureMax value="70" unit="bar"/>
      <gasTemperature value="15" unit="Celsius"/>
      <calorificValue value="36.4" unit="MJ_per_m_cube"/>
      <normDensity value="0.785" unit="kg_per_m_cube"/>
      <molarMass value="18.0" unit="kg_per_kmol"/>
      <pseudocriticalPressure value="46.5" unit="bar"/>
      <pseudocriticalTemperature value="202.4" unit="K"/>
    </source>
    <sink id="T">
      <height value="0"/>
      <pressureMin value="1" unit="bar"/>
      <pressureMax value="60" unit="barg"/>
    </sink>
  </framework:nodes>
  <framework:connections>
    <pipe id="P1" from="S" to="T">
      <length value="55" unit="km"/>
      <diameter value="500" unit="mm"/>
      <roughness value="0.1" unit="mm"/>
    </pipe>
  </framework:connections>
</network>
)";

const std::string scenario_xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<boundaryValue xmlns="http://gaslib.zib.de/Gas">
  <scenario id="fixture">
    <node type="entry" id="S">
      <pressure value="65" bound="upper" unit="bar"/>
      <flow value="360" bound="both" unit="1000m_cube_per_hour"/>
    </node>
    <node type="exit" id="T">
      <flow value="300" bound="lower"/>
      <flow value="420" bound="upper"/>
    </node>
  </scenario>
</boundaryValue>
)";

/// `text` with the one occurrence of `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

/// 1-based number of the first line of `text` that contains `needle`.
std::size_t line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
}

class GaslibErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("linepack_gaslib_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Writes `text` with CRLF line ends, as the official GasLib files have.
  fs::path write(const std::string& name, const std::string& text) const {
    std::string crlf;
    for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << crlf;
    return p;
  }

  /// The InputError that reading the network `text` throws.
  InputError net_error(const std::string& text) const {
    try {
      read_gaslib_network(write("bad.net", text));
    } catch (const InputError& e) {
      return e;
    }
    ADD_FAILURE() << "no InputError";
    return InputError("", 0, "", "");
  }

  fs::path dir_;
};

}  // namespace

TEST_F(GaslibErrors, FixtureReadsInSi) {
  const auto m = read_gaslib(write("ok.net", network_xml), write("ok.scn", scenario_xml));
  ASSERT_EQ(m.network.nodes.size(), 2u);
  EXPECT_DOUBLE_EQ(m.network.nodes[0].elevation_m, 10.0);
  EXPECT_DOUBLE_EQ(m.network.nodes[0].x, 1.0);
  EXPECT_DOUBLE_EQ(m.network.nodes[1].pressure_max_pa, 60e5 + 101325.0);  // barg
  ASSERT_EQ(m.network.pipes.size(), 1u);
  EXPECT_DOUBLE_EQ(m.network.pipes[0].length_m, 55000.0);
  EXPECT_DOUBLE_EQ(m.network.physics.temperature_k, 288.15);
  EXPECT_DOUBLE_EQ(m.network.physics.gas.normal_density(), 0.785);
  EXPECT_DOUBLE_EQ(m.network.physics.gas.higher_heating_value_j_per_m3, 36.4e6);

  // Entry S is the only entry: it becomes the pressure reference at its upper bound, 65 bar.
  ASSERT_EQ(m.scenario.boundaries.size(), 2u);
  const auto& s = m.scenario.boundaries[0];
  EXPECT_EQ(s.kind, linepack::model::NodeBoundary::Kind::pressure);
  EXPECT_DOUBLE_EQ(s.value, 65e5);
  // Exit T: midpoint of 300 and 420 thousand m^3/h (unit omitted) as withdrawal in kg/s.
  const auto& t = m.scenario.boundaries[1];
  EXPECT_EQ(t.kind, linepack::model::NodeBoundary::Kind::flow);
  EXPECT_NEAR(t.value, 360e3 / 3600.0 * 0.785, 1e-9);
}

TEST_F(GaslibErrors, MalformedXmlNamesFileAndLine) {
  const std::string text = replaced(network_xml, "    </pipe>\n", "");
  const InputError e = net_error(text);
  EXPECT_NE(std::string(e.what()).find("bad.net:"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("malformed XML"), std::string::npos) << e.what();
  EXPECT_EQ(e.line(), line_of(text, "</framework:connections>"));
  EXPECT_NE(std::string(e.what()).find(":" + std::to_string(e.line()) + ":"), std::string::npos);
}

TEST_F(GaslibErrors, UnknownUnitNamesPipeUnitAndLine) {
  const std::string text =
      replaced(network_xml, R"(value="55" unit="km")", R"(value="55" unit="furlong")");
  const InputError e = net_error(text);
  EXPECT_EQ(e.element(), "P1");
  EXPECT_EQ(e.line(), line_of(text, "furlong"));
  const std::string what = e.what();
  EXPECT_NE(what.find("'P1'"), std::string::npos) << what;
  EXPECT_NE(what.find("furlong"), std::string::npos) << what;
  EXPECT_NE(what.find("length"), std::string::npos) << what;
}

TEST_F(GaslibErrors, UnitOfWrongDimension) {
  const InputError e =
      net_error(replaced(network_xml, R"(value="500" unit="mm")", R"(value="500" unit="bar")"));
  EXPECT_EQ(e.element(), "P1");
  EXPECT_NE(std::string(e.what()).find("'bar' is a pressure"), std::string::npos) << e.what();
}

TEST_F(GaslibErrors, NegativeLengthNamesPipe) {
  const std::string text = replaced(network_xml, R"(value="55")", R"(value="-5")");
  const InputError e = net_error(text);
  EXPECT_EQ(e.element(), "P1");
  EXPECT_EQ(e.line(), line_of(text, "<pipe"));
  EXPECT_NE(std::string(e.what()).find("'P1': length must be positive"), std::string::npos)
      << e.what();
}

/// The fixture with a regulator R from S to T beside the pipe; `attributes` and `children`
/// added to it.
std::string with_regulator(const std::string& attributes, const std::string& children) {
  return replaced(network_xml, "  </framework:connections>",
                  "    <controlValve id=\"R\" from=\"S\" to=\"T\"" + attributes + ">\n" +
                      children + "    </controlValve>\n  </framework:connections>");
}

TEST_F(GaslibErrors, RegulatorDropLimitsAndBypassAreRead) {
  const auto m = read_gaslib_network(write(
      "ok.net", with_regulator(R"( internalBypassRequired="0")",
                               R"(      <pressureDifferentialMin unit="bar" value="1"/>
      <pressureDifferentialMax unit="bar" value="120"/>
)")));
  ASSERT_EQ(m.control_valves.size(), 1u);
  const auto& r = m.control_valves[0];
  EXPECT_FALSE(r.has_bypass);
  EXPECT_DOUBLE_EQ(r.pressure_drop_min_pa, 1e5);
  EXPECT_DOUBLE_EQ(r.pressure_drop_max_pa, 120e5);
  // Without the attribute and the limits: a bypass (SCIP's GasLib reader's default), no limits.
  const auto d = read_gaslib_network(write("default.net", with_regulator("", "")));
  EXPECT_TRUE(d.control_valves[0].has_bypass);
  EXPECT_EQ(d.control_valves[0].pressure_drop_min_pa, 0.0);
  EXPECT_EQ(d.control_valves[0].pressure_drop_max_pa, linepack::model::unbounded);
}

TEST_F(GaslibErrors, RegulatorWithABadBypassFlagOrDropLimitsIsNamed) {
  const std::string text = with_regulator(R"( internalBypassRequired="yes")", "");
  InputError e = net_error(text);
  EXPECT_EQ(e.element(), "R");
  EXPECT_EQ(e.line(), line_of(text, "<controlValve"));
  EXPECT_NE(std::string(e.what()).find("internalBypassRequired must be 0 or 1, got 'yes'"),
            std::string::npos)
      << e.what();
  e = net_error(with_regulator("", R"(      <pressureDifferentialMin unit="bar" value="5"/>
      <pressureDifferentialMax unit="bar" value="2"/>
)"));
  EXPECT_EQ(e.element(), "R");
  EXPECT_NE(std::string(e.what()).find("maximum pressure drop 200000 Pa is below the minimum "
                                       "500000 Pa"),
            std::string::npos)
      << e.what();
}

TEST_F(GaslibErrors, PipeToUnknownNode) {
  const InputError e = net_error(replaced(network_xml, R"(to="T")", R"(to="nowhere")"));
  EXPECT_EQ(e.element(), "P1");
  EXPECT_NE(std::string(e.what()).find("unknown to-node 'nowhere'"), std::string::npos)
      << e.what();
}

TEST_F(GaslibErrors, DuplicateNodeId) {
  const std::string text = replaced(network_xml, R"(<sink id="T">)", R"(<sink id="S">)");
  const InputError e = net_error(text);
  EXPECT_EQ(e.element(), "S");
  EXPECT_EQ(e.line(), line_of(text, R"(<sink id="S">)"));
  EXPECT_NE(std::string(e.what()).find("duplicate node id"), std::string::npos) << e.what();
}

TEST_F(GaslibErrors, NonNumericValue) {
  const InputError e = net_error(replaced(network_xml, R"(value="0.1")", R"(value="0,1")"));
  EXPECT_EQ(e.element(), "P1");
  EXPECT_NE(std::string(e.what()).find("<roughness> value=\"0,1\" is not a number"),
            std::string::npos) << e.what();
}

TEST_F(GaslibErrors, MissingChildAndAttribute) {
  InputError e = net_error(replaced(network_xml, R"(<diameter value="500" unit="mm"/>)", ""));
  EXPECT_NE(std::string(e.what()).find("'P1': <pipe> has no <diameter> element"),
            std::string::npos) << e.what();
  e = net_error(replaced(network_xml, R"(from="S" )", ""));
  EXPECT_NE(std::string(e.what()).find("<pipe> has no 'from' attribute"), std::string::npos)
      << e.what();
  e = net_error(replaced(network_xml, R"(<pressureMax value="70" unit="bar"/>)",
                         R"(<pressureMax value="70"/>)"));
  EXPECT_EQ(e.element(), "S");
  EXPECT_NE(std::string(e.what()).find("<pressureMax> has no 'unit' attribute"),
            std::string::npos) << e.what();
}

TEST_F(GaslibErrors, ScenarioWithUnknownNode) {
  const auto net = read_gaslib_network(write("ok.net", network_xml));
  const std::string text = replaced(scenario_xml, R"(id="T")", R"(id="ghost")");
  try {
    read_gaslib_scenario(write("bad.scn", text), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "ghost");
    EXPECT_EQ(e.line(), line_of(text, "ghost"));
    const std::string what = e.what();
    EXPECT_NE(what.find("bad.scn:" + std::to_string(e.line())), std::string::npos) << what;
    EXPECT_NE(what.find("'ghost': node is not in the network"), std::string::npos) << what;
  }
}

TEST_F(GaslibErrors, CompressorStationNotInNetwork) {
  auto net = read_gaslib_network(write("ok.net", network_xml));
  const std::string cs = R"(<?xml version="1.0"?>
<compressorStations xmlns="http://gaslib.zib.de/CompressorStations">
  <compressorStation id="CS9"/>
</compressorStations>
)";
  try {
    read_gaslib_compressor_stations(write("bad.cs", cs), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "CS9");
    EXPECT_EQ(e.line(), 3u);
    EXPECT_NE(std::string(e.what()).find("not in the network"), std::string::npos) << e.what();
  }
}

// A station with a turbo compressor given by its published coefficients, a piston compressor,
// their drives and two configurations (GasLib FORMAT.md layout).
const std::string station_xml = R"(<?xml version="1.0"?>
<compressorStations xmlns="http://gaslib.zib.de/CompressorStations">
  <compressorStation id="CS1">
    <compressors>
      <turboCompressor drive="d1" id="t1">
        <speedMin value="3500" unit="per_min"/>
        <speedMax value="6500" unit="per_min"/>
        <n_isoline_coeff_1 value="62.0918"/>
        <n_isoline_coeff_2 value="-0.0292953"/>
        <n_isoline_coeff_3 value="4.29877e-06"/>
        <n_isoline_coeff_4 value="-58.9579"/>
        <n_isoline_coeff_5 value="0.0265692"/>
        <n_isoline_coeff_6 value="-2.57876e-06"/>
        <n_isoline_coeff_7 value="4.32767"/>
        <n_isoline_coeff_8 value="-0.00240606"/>
        <n_isoline_coeff_9 value="2.45649e-07"/>
        <eta_ad_isoline_coeff_1 value="1.16239"/>
        <eta_ad_isoline_coeff_2 value="-0.000178625"/>
        <eta_ad_isoline_coeff_3 value="6.8119e-09"/>
        <eta_ad_isoline_coeff_4 value="-0.063803"/>
        <eta_ad_isoline_coeff_5 value="8.29481e-05"/>
        <eta_ad_isoline_coeff_6 value="-6.36087e-09"/>
        <eta_ad_isoline_coeff_7 value="-0.0327073"/>
        <eta_ad_isoline_coeff_8 value="1.43794e-06"/>
        <eta_ad_isoline_coeff_9 value="1.02304e-10"/>
        <surgeline_coeff_1 value="-49.8997"/>
        <surgeline_coeff_2 value="27.7343"/>
        <surgeline_coeff_3 value="-0.0449561"/>
        <chokeline_coeff_1 value="-11.7751"/>
        <chokeline_coeff_2 value="7.27912"/>
        <chokeline_coeff_3 value="0.0567136"/>
        <characteristicDiagramMeasurements>
          <adiabaticEfficiency value="0.8"/>
        </characteristicDiagramMeasurements>
      </turboCompressor>
      <pistonCompressor drive="d2" id="p1">
        <speedMin unit="per_min" value="165"/>
        <speedMax unit="per_min" value="350"/>
        <operatingVolume unit="m_cube" value="0.5"/>
        <maximalTorque unit="kNm" value="0"/>
        <maximalCompressionRatio value="2.5"/>
        <adiabaticEfficiency value="0.9"/>
        <additionalReductionVolFlow value="0.35"/>
      </pistonCompressor>
    </compressors>
    <drives>
      <gasTurbine id="d1">
        <energy_rate_fun_coeff_1 value="5000"/>
        <energy_rate_fun_coeff_2 value="2.5"/>
        <energy_rate_fun_coeff_3 value="0"/>
        <power_fun_coeff_1 value="-1507.55"/>
        <power_fun_coeff_2 value="3.23595"/>
        <power_fun_coeff_3 value="-0.000215272"/>
        <power_fun_coeff_4 value="9.38"/>
        <power_fun_coeff_5 value="-0.02044"/>
        <power_fun_coeff_6 value="1.35429e-06"/>
        <power_fun_coeff_7 value="0.0448214"/>
        <power_fun_coeff_8 value="-8.49405e-05"/>
        <power_fun_coeff_9 value="5.83333e-09"/>
      </gasTurbine>
      <gasDrivenMotor id="d2">
        <energy_rate_fun_coeff_1 value="2629"/>
        <energy_rate_fun_coeff_2 value="2.47429"/>
        <energy_rate_fun_coeff_3 value="1.37143e-05"/>
        <power_fun_coeff_1 value="230.515"/>
        <power_fun_coeff_2 value="24.4196"/>
        <power_fun_coeff_3 value="0.00423351"/>
      </gasDrivenMotor>
    </drives>
    <configurations>
      <configuration confId="c1" nrOfSerialStages="1">
        <stage stageNr="1" nrOfParallelUnits="1"><compressor id="t1" nominalSpeed="5200"/></stage>
      </configuration>
      <configuration confId="c2" nrOfSerialStages="1">
        <stage stageNr="1" nrOfParallelUnits="2">
          <compressor id="t1" nominalSpeed="5200"/>
          <compressor id="p1" nominalSpeed="300"/>
        </stage>
      </configuration>
    </configurations>
  </compressorStation>
</compressorStations>
)";

/// One measurement line (surge line or isoline) with points (speed per_min, head kJ/kg, Q m3/s).
std::string measurements(const std::vector<std::array<double, 3>>& points) {
  std::string out;
  for (const auto& [n, h, q] : points)
    out += "<measurement><speed value=\"" + std::to_string(n) +
           "\" unit=\"per_min\"/><adiabaticHead value=\"" + std::to_string(h) +
           "\" unit=\"kJ_per_kg\"/><volumetricFlowrate value=\"" + std::to_string(q) +
           "\" unit=\"m_cube_per_s\"/></measurement>\n";
  return out;
}

linepack::model::Network network_with_station(const linepack::model::Network& base) {
  auto net = base;
  net.compressors.push_back(
      linepack::test::make_branch<linepack::model::Compressor>("CS1", "S", "T"));
  return net;
}

TEST_F(GaslibErrors, CompressorStationMachinesEfficiencyRatioAndUnits) {
  auto net = network_with_station(read_gaslib_network(write("ok.net", network_xml)));
  EXPECT_EQ(read_gaslib_compressor_stations(write("ok.cs", station_xml), net), 1u);
  EXPECT_DOUBLE_EQ(net.compressors[0].efficiency, (0.8 + 0.9) / 2);
  EXPECT_DOUBLE_EQ(net.compressors[0].ratio_max, 2.5);
  ASSERT_TRUE(net.compressors[0].station);
  const auto& st = *net.compressors[0].station;
  ASSERT_EQ(st.turbo_compressors.size(), 1u);
  ASSERT_EQ(st.piston_compressors.size(), 1u);
  ASSERT_EQ(st.drives.size(), 2u);
  ASSERT_EQ(st.configurations.size(), 2u);
  // SI: 3500 per_min, head coefficient of Q^0 N^1 in J/kg per (1/s): 1e3 * 60 * c.
  EXPECT_DOUBLE_EQ(st.turbo_compressors[0].speed_min_per_s, 3500.0 / 60.0);
  EXPECT_DOUBLE_EQ(st.turbo_compressors[0].head_j_per_kg[1], -0.0292953 * 1e3 * 60.0);
  EXPECT_DOUBLE_EQ(st.drives[1].energy_rate_w[2], 1.37143e-05 * 1e-3);
  EXPECT_EQ(st.configurations[1].stages.at(0).size(), 2u);

  const std::string bad = replaced(station_xml, "m_cube\"", "BTU_per_lb\"");
  try {
    read_gaslib_compressor_stations(write("bad.cs", bad), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "CS1");
    EXPECT_EQ(e.line(), line_of(bad, "BTU_per_lb"));
    EXPECT_NE(std::string(e.what()).find("unknown unit 'BTU_per_lb'"), std::string::npos)
        << e.what();
  }
}

TEST_F(GaslibErrors, StationMapWithOnePoint) {
  auto net = network_with_station(read_gaslib_network(write("ok.net", network_xml)));
  const std::string one = replaced(
      station_xml, "<characteristicDiagramMeasurements>\n          <adiabaticEfficiency value=\"0.8\"/>",
      "<surgelineMeasurements>" + measurements({{4000, 50, 2}}) +
          "</surgelineMeasurements><characteristicDiagramMeasurements>\n          "
          "<adiabaticEfficiency value=\"0.8\">" +
          measurements({{4000, 45, 3}}) + "</adiabaticEfficiency>");
  try {
    read_gaslib_compressor_stations(write("one.cs", one), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "CS1");
    EXPECT_EQ(e.line(), line_of(one, "<turboCompressor"));
    const std::string what = e.what();
    EXPECT_NE(what.find("one.cs"), std::string::npos) << what;
    EXPECT_NE(what.find("turbo compressor 't1'"), std::string::npos) << what;
    EXPECT_NE(what.find("2 measurement point(s)"), std::string::npos) << what;
  }
}

TEST_F(GaslibErrors, StationSpeedLineOutOfOrder) {
  auto net = network_with_station(read_gaslib_network(write("ok.net", network_xml)));
  const std::string bad = replaced(
      station_xml, "<characteristicDiagramMeasurements>\n          <adiabaticEfficiency value=\"0.8\"/>",
      "<surgelineMeasurements>" + measurements({{4000, 50, 2}, {5000, 60, 2.5}, {6000, 70, 3}}) +
          "</surgelineMeasurements><characteristicDiagramMeasurements>\n          "
          "<adiabaticEfficiency value=\"0.8\">" +
          measurements({{4000, 45, 3}, {6000, 65, 4}, {5000, 55, 3.5}}) + "</adiabaticEfficiency>");
  try {
    read_gaslib_compressor_stations(write("order.cs", bad), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "CS1");
    EXPECT_EQ(e.line(), line_of(bad, "<speed value=\"5000.000000\" unit=\"per_min\"/><adiabaticHead value=\"55"));
    EXPECT_NE(std::string(e.what()).find("speed line out of order"), std::string::npos) << e.what();
  }
  // Flow decreasing along one speed line (from the first isoline to the choke line).
  const std::string back = replaced(
      station_xml, "<characteristicDiagramMeasurements>\n          <adiabaticEfficiency value=\"0.8\"/>",
      "<surgelineMeasurements>" + measurements({{4000, 50, 2}, {5000, 60, 2.5}}) +
          "</surgelineMeasurements><characteristicDiagramMeasurements>\n          "
          "<adiabaticEfficiency value=\"0.8\">" +
          measurements({{4000, 45, 3}, {5000, 55, 3.5}}) + "</adiabaticEfficiency>" +
          "<adiabaticEfficiency value=\"0.6\">" + measurements({{4000, 35, 4}, {5000, 45, 3.2}}) +
          "</adiabaticEfficiency>");
  try {
    read_gaslib_compressor_stations(write("back.cs", back), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("speed line 5000 per_min out of order"), std::string::npos)
        << e.what();
  }
}

TEST_F(GaslibErrors, StationConfigurationNamesUnknownUnit) {
  auto net = network_with_station(read_gaslib_network(write("ok.net", network_xml)));
  const std::string bad = replaced(station_xml, "<compressor id=\"p1\"", "<compressor id=\"p9\"");
  try {
    read_gaslib_compressor_stations(write("conf.cs", bad), net);
    FAIL() << "no InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "CS1");
    EXPECT_EQ(e.line(), line_of(bad, "p9"));
    EXPECT_NE(std::string(e.what()).find("configuration 'c2' names unknown compressor unit 'p9'"),
              std::string::npos)
        << e.what();
  }
}
