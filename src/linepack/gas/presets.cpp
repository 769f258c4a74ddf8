#include "linepack/gas/presets.hpp"

#include <string>
#include <utility>

namespace linepack::gas {
namespace {

using Named = std::vector<std::pair<std::string, double>>;

struct PresetData {
  CompositionPreset info;
  Named fractions;  // mole fractions (or percent; normalised like any input)
};

const std::vector<PresetData>& presets() {
  static const std::vector<PresetData> data = {
      {{"lean-lng",
        "Proposed model RLNG of the Pakistan Stream data sheet (shared/pakistan-stream/"
        "DATASHEET.md, section 3; ASSUMED lean Qatar-type LNG within the LNG sales specs "
        "[S37][S38] there)"},
       {{"methane", 0.920},
        {"ethane", 0.055},
        {"propane", 0.015},
        {"n_butane", 0.005},
        {"nitrogen", 0.005}}},
      {{"pipeline-gas",
        "Typical pipeline natural gas: the 5-component gas of ISO 6976:2016, Annex D, "
        "example 1 (clause D.2)"},
       {{"methane", 0.933212},
        {"ethane", 0.025656},
        {"propane", 0.015368},
        {"nitrogen", 0.010350},
        {"carbon_dioxide", 0.015414}}},
      {{"gulf-coast", "'Gulf Coast' test gas of AGA Report No. 8 (1992/1994), mol %"},
       {{"methane", 96.5222},
        {"nitrogen", 0.2595},
        {"carbon_dioxide", 0.5956},
        {"ethane", 1.8186},
        {"propane", 0.4596},
        {"isobutane", 0.0977},
        {"n_butane", 0.1007},
        {"isopentane", 0.0473},
        {"n_pentane", 0.0324},
        {"n_hexane", 0.0664}}},
      {{"ekofisk", "'Ekofisk' test gas of AGA Report No. 8 (1992/1994), mol %"},
       {{"methane", 85.9063},
        {"nitrogen", 1.0068},
        {"carbon_dioxide", 1.4954},
        {"ethane", 8.4919},
        {"propane", 2.3015},
        {"isobutane", 0.3486},
        {"n_butane", 0.3506},
        {"isopentane", 0.0509},
        {"n_pentane", 0.0480}}},
  };
  return data;
}

}  // namespace

const std::vector<CompositionPreset>& composition_presets() {
  static const std::vector<CompositionPreset> list = [] {
    std::vector<CompositionPreset> out;
    for (const auto& p : presets()) out.push_back(p.info);
    return out;
  }();
  return list;
}

std::optional<Composition> preset_composition(std::string_view name) {
  for (const auto& p : presets()) {
    if (p.info.name != name) continue;
    Named named = p.fractions;
    double sum = 0.0;
    for (const auto& [n, v] : named) sum += v;
    for (auto& [n, v] : named) v /= sum;  // the AGA8 gases are given in mol %
    return Composition::from_named(named);
  }
  return std::nullopt;
}

}  // namespace linepack::gas
