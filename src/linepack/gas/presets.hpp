#pragma once
// Named gas compositions with their sources (docs/physics.md, section "Real gas").
#include <optional>
#include <string_view>
#include <vector>

#include "linepack/gas/composition.hpp"

namespace linepack::gas {

struct CompositionPreset {
  std::string_view name;
  std::string_view source;
};

/// All presets, in a fixed order: "lean-lng", "pipeline-gas", "gulf-coast", "ekofisk".
const std::vector<CompositionPreset>& composition_presets();
/// The preset's composition, or nothing for an unknown name.
std::optional<Composition> preset_composition(std::string_view name);

}  // namespace linepack::gas
