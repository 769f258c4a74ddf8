// Native JSON model format: exact round trip, defaults, and error messages.
#include "linepack/io/native_json.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "linepack/io/input_error.hpp"
#include "support/replace_first.hpp"

namespace fs = std::filesystem;
using namespace linepack;
using io::InputError;
using io::LoadedModel;

namespace {

fs::path temp_file(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::temp_directory_path() / "linepack_native_json_test" / info->name();
  fs::create_directories(dir);
  return dir / name;
}

fs::path write_text(const std::string& name, const std::string& text) {
  fs::path file = temp_file(name);
  std::ofstream(file) << text;
  return file;
}

/// A model with every element kind and every field set to a non-default value.
LoadedModel full_model() {
  LoadedModel m;
  auto& n = m.network;
  n.name = "every element \"quoted\" ü";
  auto& ph = n.physics;
  ph.gas.molar_mass_kg_per_mol = 0.1 + 0.2;  // not exactly 0.3
  ph.gas.dynamic_viscosity_pa_s = 1.234567890123456e-5;
  ph.gas.isentropic_exponent = 1.31;
  ph.gas.pseudo_critical_pressure_pa = 4.5e6;
  ph.gas.pseudo_critical_temperature_k = 190.5;
  ph.gas.higher_heating_value_j_per_m3 = 39.5e6;
  ph.gas.normal_density_kg_per_m3 = 0.7893;
  ph.temperature_k = 1.0 / 3.0 + 280.0;
  ph.eos = {gas::EosKind::cnga_full, 0.91, -2.2e-8, 0.6};
  ph.friction = model::FrictionLaw::hofer;
  ph.fixed_friction_factor = 0.0123;
  ph.thermal.energy_equation = true;
  ph.thermal.ground_temperature_k = 281.15 + 1.0 / 3.0;
  ph.thermal.supply_temperature_k = 303.15;
  ph.thermal.heat_transfer_coefficient_w_per_m2_k = 1.7;

  auto node = [&](const std::string& id) {
    model::Node x;
    x.id = id;
    n.nodes.push_back(x);
    return &n.nodes.back();
  };
  for (const char* id : {"n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"}) node(id);
  n.nodes[0].elevation_m = -12.5;
  n.nodes[0].pressure_min_pa = 1.01325e5;
  n.nodes[0].pressure_max_pa = 8.1e6;
  n.nodes[0].x = 1.0 / 7.0;
  n.nodes[0].y = 5e-324;  // smallest denormal
  n.nodes[0].supply_temperature_k = 310.5;

  model::Pipe p1;
  p1.id = "p1", p1.from = "n1", p1.to = "n2";
  p1.length_m = 12345.678, p1.diameter_m = 0.9144, p1.roughness_m = 1.2e-5;
  p1.friction_factor = 0.010000000000000002;
  p1.heat_transfer_coefficient_w_per_m2_k = 0.0;  // insulated
  p1.ground_temperature_k = 300.25;
  model::Pipe p2;
  p2.id = "p2", p2.from = "n2", p2.to = "n3", p2.length_m = 1e3, p2.diameter_m = 0.5;
  n.pipes = {p1, p2};
  model::ShortPipe sp;
  sp.id = "sp1", sp.from = "n3", sp.to = "n4";
  n.short_pipes = {sp};
  model::Resistor r1, lr1;
  r1.id = "r1", r1.from = "n4", r1.to = "n5", r1.drag_factor = 5.40999984741211;
  r1.diameter_m = 0.9;
  lr1.id = "lr1", lr1.from = "n5", lr1.to = "n6", lr1.pressure_loss_pa = 12345.6;
  lr1.drag_factor = 1.5, lr1.diameter_m = 0.2;
  n.resistors = {r1, lr1};
  model::Valve v1;
  v1.id = "v1", v1.from = "n6", v1.to = "n7", v1.open = false;
  n.valves = {v1};
  model::ControlValve cv1, cv2;
  cv1.id = "cv1", cv1.from = "n2", cv1.to = "n7", cv1.state = model::ControlState::active;
  cv1.outlet_pressure_pa = 4.2e6, cv1.pressure_in_min_pa = 3e6, cv1.pressure_out_max_pa = 5.5e6;
  cv1.pressure_drop_min_pa = 1e5, cv1.pressure_drop_max_pa = 1.2e7, cv1.has_bypass = false;
  cv2.id = "cv2", cv2.from = "n3", cv2.to = "n6", cv2.state = model::ControlState::closed;
  n.control_valves = {cv1, cv2};
  model::Compressor c1, c2;
  c1.id = "c1", c1.from = "n7", c1.to = "n8", c1.state = model::ControlState::active;
  c1.mode = model::CompressorMode::outlet_pressure, c1.setpoint = 7.0e6, c1.ratio_max = 1.8;
  c1.pressure_in_min_pa = 2e6, c1.pressure_out_max_pa = 8e6, c1.power_max_w = 1e7;
  c1.flow_max_kg_per_s = 300, c1.efficiency = 0.79, c1.polytropic = true;
  c1.driver_efficiency = 0.38;
  c1.cooler_outlet_temperature_k = 323.15, c1.cooler_duty_max_w = 2.5e6;
  c1.discharge_temperature_max_k = 333.15;
  c1.has_bypass = false;
  c2.id = "c2", c2.from = "n8", c2.to = "n1";  // all defaults, unbounded limits
  n.compressors = {c1, c2};

  auto& s = m.scenario;
  s.name = "winter";
  s.boundaries = {{"n1", model::NodeBoundary::Kind::pressure, 6e6},
                  {"n4", model::NodeBoundary::Kind::flow, 12.5},
                  {"n8", model::NodeBoundary::Kind::flow, -3.25}};
  s.controls = {{"c1", model::ControlState::active, model::CompressorMode::throughput, 100.0},
                {"v1", model::ControlState::closed, std::nullopt, std::nullopt},
                {"cv2", model::ControlState::bypass, std::nullopt, 4.4e6}};
  return m;
}

/// A small valid document; `pipe` is the text of the one pipe object.
std::string small_model(const std::string& pipe = R"({"id": "p1", "from": "a", "to": "b",
      "length_m": 1000.0, "diameter_m": 0.5})") {
  return R"({
  "format": "linepack-model",
  "version": 1,
  "nodes": [
    {"id": "a"},
    {"id": "b"}
  ],
  "pipes": [
    )" + pipe +
         R"(
  ],
  "scenario": {"boundaries": [{"node": "a", "kind": "pressure", "value": 5e6}]}
})";
}

InputError read_error(const std::string& text) {
  const fs::path file = write_text("model.json", text);
  try {
    io::read_native_model(file);
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file);
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << text;
  return InputError("", 0, "", "");
}

}  // namespace

TEST(NativeJson, FileRoundTripIsExact) {
  const LoadedModel m = full_model();
  const fs::path file = temp_file("full.json");
  io::write_native_model(m, file);
  const LoadedModel back = io::read_native_model(file);
  EXPECT_EQ(back.network, m.network);
  EXPECT_EQ(back.scenario, m.scenario);
  // Writing again gives the same text.
  const fs::path again = temp_file("again.json");
  io::write_native_model(back, again);
  std::ifstream a(file), b(again);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}),
            std::string(std::istreambuf_iterator<char>(b), {}));
}

TEST(NativeJson, JsonRoundTripAndUnboundedOmitted) {
  const LoadedModel m = full_model();
  const nlohmann::json j = io::to_json(m);
  EXPECT_EQ(j["format"], "linepack-model");
  EXPECT_EQ(j["version"], 1);
  EXPECT_FALSE(j["nodes"][1].contains("pressure_max_pa"));
  EXPECT_FALSE(j["compressors"][1].contains("power_max_w"));
  EXPECT_FALSE(j["pipes"][1].contains("friction_factor"));
  EXPECT_EQ(j["compressors"][0]["mode"], "outlet_pressure");
  EXPECT_EQ(j["valves"][0]["open"], false);
  EXPECT_EQ(j["control_valves"][0]["has_bypass"], false);
  EXPECT_EQ(j["control_valves"][0]["pressure_drop_min_pa"], 1e5);
  EXPECT_FALSE(j["control_valves"][1].contains("has_bypass"));  // the default: true
  EXPECT_FALSE(j["control_valves"][1].contains("pressure_drop_max_pa"));
  EXPECT_EQ(j["compressors"][0]["has_bypass"], false);
  const LoadedModel back = io::from_json(j, "memory.json");
  EXPECT_EQ(back.network, m.network);
  EXPECT_EQ(back.scenario, m.scenario);

  // null also means unbounded.
  nlohmann::json k = j;
  k["nodes"][0]["pressure_max_pa"] = nullptr;
  EXPECT_EQ(io::from_json(k, "memory.json").network.nodes[0].pressure_max_pa, model::unbounded);
}

TEST(NativeJson, MissingOptionalKeysGetDefaults) {
  const std::string text = R"({
  "format": "linepack-model", "version": 1,
  "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
  "control_valves": [{"id": "cv", "from": "a", "to": "b"}],
  "compressors": [{"id": "cs", "from": "b", "to": "c"}],
  "valves": [{"id": "v", "from": "a", "to": "c"}]
})";
  const LoadedModel m = io::read_native_model(write_text("defaults.json", text));
  const auto& n = m.network;
  EXPECT_EQ(n.physics, model::PhysicsSettings{});
  EXPECT_EQ(n.nodes[0].pressure_max_pa, model::unbounded);
  EXPECT_EQ(n.control_valves[0].state, model::ControlState::bypass);
  EXPECT_EQ(n.compressors[0].state, model::ControlState::bypass);
  EXPECT_EQ(n.compressors[0].mode, model::CompressorMode::pressure_ratio);
  EXPECT_EQ(n.compressors[0].setpoint, 1.0);
  EXPECT_TRUE(n.valves[0].open);
  EXPECT_TRUE(m.scenario.boundaries.empty());
}

TEST(NativeJson, MalformedJsonGivesFileAndLine) {
  const InputError e = read_error(
      "{\n  \"format\": \"linepack-model\",\n  \"version\": 1,\n"
      "  \"nodes\": [ {\"id\": \"a\"} \n  \"pipes\": []\n}\n");
  EXPECT_EQ(e.line(), 5u) << e.what();
  EXPECT_NE(std::string(e.what()).find("model.json:5:"), std::string::npos) << e.what();
}

TEST(NativeJson, UnknownKeyNamesKeyElementAndLine) {
  const InputError e = read_error(small_model(R"({"id": "p1", "from": "a", "to": "b",
      "lenght_m": 1000.0, "length_m": 1000.0, "diameter_m": 0.5})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_EQ(e.line(), 9u);
  EXPECT_NE(std::string(e.what()).find("lenght_m"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("unknown key"), std::string::npos) << e.what();
}

TEST(NativeJson, MissingLengthNamesThePipe) {
  const InputError e =
      read_error(small_model(R"({"id": "p1", "from": "a", "to": "b", "diameter_m": 0.5})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_NE(std::string(e.what()).find("length_m"), std::string::npos) << e.what();
}

TEST(NativeJson, WrongTypeNamesTheKey) {
  const InputError e = read_error(small_model(
      R"({"id": "p1", "from": "a", "to": "b", "length_m": 1000, "diameter_m": "big"})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_NE(std::string(e.what()).find("\"diameter_m\" must be a number"), std::string::npos)
      << e.what();
}

TEST(NativeJson, NegativeLengthIsAValidationError) {
  const InputError e = read_error(
      small_model(R"({"id": "p1", "from": "a", "to": "b", "length_m": -5, "diameter_m": 0.5})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_EQ(e.line(), 9u);
  EXPECT_NE(std::string(e.what()).find("length must be positive"), std::string::npos) << e.what();
}

TEST(NativeJson, DuplicateIdIsAnError) {
  const InputError e = read_error(small_model(
      R"({"id": "p1", "from": "a", "to": "b", "length_m": 1, "diameter_m": 0.5},
    {"id": "p1", "from": "b", "to": "a", "length_m": 2, "diameter_m": 0.5})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_NE(std::string(e.what()).find("duplicate"), std::string::npos) << e.what();
}

TEST(NativeJson, BadEnumAndWrongFormatAreErrors) {
  const std::string text =
      linepack::test::replace_first(small_model(), "\"pressure\"", "\"presure\"");
  const InputError e = read_error(text);
  EXPECT_EQ(e.element(), "a");
  EXPECT_NE(std::string(e.what()).find("presure"), std::string::npos) << e.what();

  const std::string v2 =
      linepack::test::replace_first(small_model(), "\"version\": 1", "\"version\": 2");
  EXPECT_NE(std::string(read_error(v2).what()).find("version 2"), std::string::npos);
}

TEST(NativeJson, ControlsFileOverridesBase) {
  model::Scenario base;
  base.name = "base";
  base.boundaries = {{"n1", model::NodeBoundary::Kind::pressure, 6e6},
                     {"n4", model::NodeBoundary::Kind::flow, 12.5}};
  base.controls = {{"c1", model::ControlState::active, model::CompressorMode::pressure_ratio, 1.4},
                   {"v1", model::ControlState::closed, std::nullopt, std::nullopt}};
  const fs::path file = write_text("controls.json", R"({
  "controls": [
    {"element": "c1", "state": "active", "mode": "outlet_pressure", "setpoint": 7.0e6},
    {"element": "cv1", "state": "bypass"}
  ],
  "boundaries": [
    {"node": "n1", "kind": "pressure", "value": 5.5e6},
    {"node": "n3", "kind": "flow", "value": -2.5}
  ]
})");
  const model::Scenario s = io::read_controls_file(file, base);
  EXPECT_EQ(s.name, "base");
  ASSERT_EQ(s.controls.size(), 3u);
  EXPECT_EQ(s.controls[0].element, "c1");
  EXPECT_EQ(s.controls[0].mode, model::CompressorMode::outlet_pressure);
  EXPECT_EQ(s.controls[0].setpoint, 7.0e6);
  EXPECT_EQ(s.controls[1], base.controls[1]);
  EXPECT_EQ(s.controls[2].element, "cv1");
  EXPECT_EQ(s.controls[2].state, model::ControlState::bypass);
  EXPECT_FALSE(s.controls[2].mode.has_value());
  ASSERT_EQ(s.boundaries.size(), 3u);
  EXPECT_EQ(s.boundaries[0].value, 5.5e6);
  EXPECT_EQ(s.boundaries[1], base.boundaries[1]);
  EXPECT_EQ(s.boundaries[2].node, "n3");
  EXPECT_EQ(s.boundaries[2].value, -2.5);

  const fs::path bad = write_text("bad.json", R"({"controls": [{"element": "c1", "sate": "x"}]})");
  try {
    io::read_controls_file(bad, base);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.element(), "c1");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_NE(std::string(e.what()).find("sate"), std::string::npos) << e.what();
  }
}

TEST(NativeJson, MissingFileIsAnInputError) {
  EXPECT_THROW(io::read_native_model(temp_file("does-not-exist.json")), InputError);
}

TEST(NativeJson, TypoIsReportedBeforeTheMissingKeyItMisspells) {
  const InputError e = read_error(
      small_model(R"({"id": "p1", "from": "a", "to": "b", "lenght_m": 1000, "diameter_m": 0.5})"));
  EXPECT_NE(std::string(e.what()).find("unknown key \"lenght_m\""), std::string::npos) << e.what();
  const InputError f = read_error(R"({"nodes": {"1": {}}})");
  EXPECT_NE(std::string(f.what()).find("not a linepack model"), std::string::npos) << f.what();
}

TEST(NativeJsonGas, SpecificGravityGivesMolarMass) {
  const auto doc = nlohmann::json::parse(R"({"format": "linepack-model", "version": 1,
    "physics": {"gas": {"specific_gravity": 0.6}}, "nodes": [{"id": "a"}]})");
  const auto m = linepack::io::from_json(doc, "sg.json");
  EXPECT_NEAR(m.network.physics.gas.molar_mass_kg_per_mol, 0.6 * 0.0289647, 1e-15);
}

// ---- thermal inputs (docs/model-format.md, Thermal inputs) ----

TEST(NativeJsonThermal, DefaultsLeaveTheModelIsothermalAndUnwritten) {
  const LoadedModel m = io::read_native_model(write_text("m.json", small_model()));
  EXPECT_FALSE(m.network.physics.thermal.energy_equation);
  EXPECT_FALSE(io::to_json(m)["physics"].contains("thermal"));
  // Unset temperatures follow temperature_k; the default U is GasLib's 2 W/(m^2 K).
  model::PhysicsSettings ph;
  ph.temperature_k = 290.0;
  const model::Pipe& p = m.network.pipes[0];
  EXPECT_EQ(model::ground_temperature_k(ph, p), 290.0);
  EXPECT_EQ(model::supply_temperature_k(ph, m.network.nodes[0]), 290.0);
  EXPECT_EQ(model::heat_transfer_coefficient_w_per_m2_k(ph, p), 2.0);
  ph.thermal.ground_temperature_k = 280.0;
  EXPECT_EQ(model::ground_temperature_k(ph, p), 280.0);
}

TEST(NativeJsonThermal, NullHeatTransferCoefficientIsInfinite) {
  std::string text = small_model();
  text.insert(text.find("\"nodes\""), R"("physics": {"thermal": {"energy_equation": true,
    "heat_transfer_coefficient_w_per_m2_k": null}},
  )");
  const LoadedModel m = io::read_native_model(write_text("m.json", text));
  EXPECT_EQ(m.network.physics.thermal.heat_transfer_coefficient_w_per_m2_k, model::unbounded);
  EXPECT_EQ(io::from_json(io::to_json(m), "x.json").network, m.network);
}

TEST(NativeJsonThermal, NegativeHeatTransferCoefficientNamesThePipe) {
  const InputError e = read_error(small_model(R"({"id": "p1", "from": "a", "to": "b",
      "length_m": 1000.0, "diameter_m": 0.5, "heat_transfer_coefficient_w_per_m2_k": -1.5})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_EQ(e.line(), 9u);
  EXPECT_NE(std::string(e.what()).find("heat-transfer coefficient must not be negative"),
            std::string::npos) << e.what();
}

TEST(NativeJsonThermal, GroundTemperatureInCelsiusIsAnError) {
  const InputError e = read_error(small_model(R"({"id": "p1", "from": "a", "to": "b",
      "length_m": 1000.0, "diameter_m": 0.5, "ground_temperature_k": 12})"));
  EXPECT_EQ(e.element(), "p1");
  EXPECT_NE(std::string(e.what()).find("ground temperature must be in kelvin"), std::string::npos)
      << e.what();
  EXPECT_NE(std::string(e.what()).find("degC"), std::string::npos) << e.what();
  std::string text = small_model();
  text.insert(text.find("\"nodes\""), R"("physics": {"thermal": {"supply_temperature_k": 35}},
  )");
  const InputError f = read_error(text);
  EXPECT_NE(std::string(f.what()).find("supply temperature must be in kelvin"), std::string::npos)
      << f.what();
}

TEST(NativeJsonThermal, UnknownThermalKeyIsNamed) {
  std::string text = small_model();
  text.insert(text.find("\"nodes\""), R"("physics": {"thermal": {"ground_temp_k": 280}},
  )");
  const InputError e = read_error(text);
  EXPECT_NE(std::string(e.what()).find("physics.thermal: unknown key \"ground_temp_k\""),
            std::string::npos) << e.what();
}
