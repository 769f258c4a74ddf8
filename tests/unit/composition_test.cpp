// Gas compositions: the validation rule (gas/composition.hpp), JSON files, presets, and the
// composition in the native model format (physics.eos.composition).
#include "linepack/gas/composition.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "linepack/gas/iso6976.hpp"
#include "linepack/gas/presets.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/native_json.hpp"
#include "support/replace_first.hpp"

namespace {

using linepack::gas::Component;
using linepack::gas::Composition;
using nlohmann::json;

std::string error_of(const json& j) {
  try {
    linepack::gas::composition_from_json(j);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(Composition, NamesInAga8Order) {
  EXPECT_EQ(linepack::gas::component_name(Component::methane), "methane");
  EXPECT_EQ(linepack::gas::component_name(Component::carbon_dioxide), "carbon_dioxide");
  EXPECT_EQ(linepack::gas::component_name(Component::hydrogen_sulfide), "hydrogen_sulfide");
  EXPECT_EQ(linepack::gas::component_name(20), "argon");
  EXPECT_EQ(linepack::gas::parse_component("n_butane"), Component::n_butane);
  EXPECT_FALSE(linepack::gas::parse_component("butane"));
}

TEST(Composition, NormalisesWithinTolerance) {
  const auto c = linepack::gas::composition_from_json({{"methane", 0.95}, {"ethane", 0.04995}});
  EXPECT_NEAR(c[Component::methane] + c[Component::ethane], 1.0, 1e-15);
  EXPECT_NEAR(c[Component::methane], 0.95 / 0.99995, 1e-15);
}

TEST(Composition, RejectsBadInput) {
  EXPECT_NE(error_of({{"methane", 1.1}, {"ethane", -0.1}}).find("non-negative"), std::string::npos);
  EXPECT_NE(error_of({{"methane", 0.9}, {"butane", 0.1}}).find("unknown component 'butane'"),
            std::string::npos);
  EXPECT_NE(error_of({{"methane", 0.9}, {"ethane", 0.09}}).find("sum to 0.99"), std::string::npos);
  EXPECT_NE(error_of({{"methane", "0.9"}}).find("must be a number"), std::string::npos);
  EXPECT_NE(error_of(json::array()).find("JSON object"), std::string::npos);
  EXPECT_NE(error_of(json::object()).find("all mole fractions are zero"), std::string::npos);
  EXPECT_THROW(Composition::from_named({{"methane", 0.5}, {"methane", 0.5}}),
               std::invalid_argument);
  EXPECT_THROW(Composition::from_fractions({NAN}), std::invalid_argument);
}

TEST(Composition, PresetsAndFiles) {
  for (const auto& p : linepack::gas::composition_presets()) {
    const auto c = linepack::gas::preset_composition(p.name);
    ASSERT_TRUE(c) << p.name;
    double sum = 0.0;
    for (double x : c->fractions()) sum += x;
    EXPECT_NEAR(sum, 1.0, 1e-15) << p.name;
    EXPECT_FALSE(p.source.empty());
  }
  // The Pakistan Stream's model RLNG (DATASHEET.md, section 3): M = 17.50 g/mol.
  const auto lng = linepack::gas::load_composition("lean-lng");
  EXPECT_DOUBLE_EQ(lng[Component::methane], 0.92);
  EXPECT_NEAR(linepack::gas::apply_composition({}, lng).molar_mass_kg_per_mol, 0.017505, 1e-6);
  const auto file = std::filesystem::temp_directory_path() /
                    ("linepack_composition_test_" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << R"({"methane": 0.9, "nitrogen": 0.1})";
  EXPECT_DOUBLE_EQ(linepack::gas::load_composition(file.string())[Component::nitrogen], 0.1);
  std::ofstream(file) << R"({"methane": 0.9, "nitrogen": })";
  EXPECT_THROW(linepack::gas::load_composition(file.string()), std::invalid_argument);
  EXPECT_THROW(linepack::gas::load_composition("no-such-preset-or-file"), std::invalid_argument);
}

const char* model_text = R"({
  "format": "linepack-model", "version": 1,
  "physics": {"eos": {"kind": "gerg2008", "composition": COMPOSITION}, "gas": GAS},
  "nodes": [{"id": "a"}, {"id": "b"}],
  "pipes": [{"id": "p", "from": "a", "to": "b", "length_m": 1000, "diameter_m": 0.5}]
})";

linepack::io::LoadedModel read(const std::string& text) {
  return linepack::io::from_json(json::parse(text), "model.json");
}

std::string model(const std::string& composition, const std::string& gas = "{}") {
  using linepack::test::replace_first;
  return replace_first(replace_first(model_text, "COMPOSITION", composition), "GAS", gas);
}

TEST(Composition, NativeModelRoundTrip) {
  const auto m = read(model(R"({"methane": 0.9, "ethane": 0.07, "nitrogen": 0.03})"));
  const auto& ph = m.network.physics;
  ASSERT_TRUE(ph.eos.composition);
  EXPECT_EQ(ph.eos.kind, linepack::gas::EosKind::gerg2008);
  // Molar mass, normal density and heating value come from the composition (ISO 6976).
  EXPECT_DOUBLE_EQ(ph.gas.molar_mass_kg_per_mol,
                   linepack::gas::apply_composition({}, *ph.eos.composition).molar_mass_kg_per_mol);
  const auto again = read(linepack::io::to_json(m).dump());
  EXPECT_EQ(again.network, m.network);
  // A preset name works too.
  const auto p = read(model(R"("lean-lng")"));
  EXPECT_EQ(*p.network.physics.eos.composition, *linepack::gas::preset_composition("lean-lng"));
}

TEST(Composition, NativeModelErrors) {
  auto message = [](const std::string& text) -> std::string {
    try {
      read(text);
    } catch (const linepack::io::InputError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message(model(R"({"methane": 0.9, "xenon": 0.1})")).find("unknown component 'xenon'"),
            std::string::npos);
  EXPECT_NE(message(model(R"({"methane": 0.5})")).find("sum to 0.5"), std::string::npos);
  EXPECT_NE(message(model(R"("rich-gas")")).find("unknown composition preset"), std::string::npos);
  EXPECT_NE(message(model(R"("lean-lng")", R"({"molar_mass_kg_per_mol": 0.018})"))
                .find("computed from physics.eos.composition"),
            std::string::npos);
}

}  // namespace
