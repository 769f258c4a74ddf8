#pragma once
// Gas composition: mole fractions of the 21 components of AGA Report No. 8 (2017), Part 1
// (DETAIL) and Part 2 (GERG-2008; Kunz & Wagner, J. Chem. Eng. Data 57 (2012) 3032), in
// their order.
//
// Validation rule (composition_from_json, Composition::from_fractions):
//   - a fraction that is negative, NaN or infinite is an error;
//   - an unknown component name is an error (names: component_name());
//   - |sum - 1| > composition_sum_tolerance (1e-4) is an error, and so is an all-zero mixture;
//   - otherwise the fractions are divided by their sum (normalised) silently.
#include <array>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace linepack::gas {

inline constexpr std::size_t component_count = 21;
/// Largest accepted |sum of fractions - 1| before normalisation.
inline constexpr double composition_sum_tolerance = 1e-4;

/// The components, in the order of AGA Report No. 8 and GERG-2008.
enum class Component : std::size_t {
  methane,
  nitrogen,
  carbon_dioxide,
  ethane,
  propane,
  isobutane,
  n_butane,
  isopentane,
  n_pentane,
  n_hexane,
  n_heptane,
  n_octane,
  n_nonane,
  n_decane,
  hydrogen,
  oxygen,
  carbon_monoxide,
  water,
  hydrogen_sulfide,
  helium,
  argon,
};

/// The file and CLI name of a component ("methane", "carbon_dioxide", "n_butane", ...).
std::string_view component_name(Component c);
std::string_view component_name(std::size_t index);
std::optional<Component> parse_component(std::string_view name);

/// Mole fractions summing to 1 (normalised on construction). A comparable value type.
class Composition {
 public:
  using Fractions = std::array<double, component_count>;

  /// Validates and normalises `x` (see the rule at the top); throws std::invalid_argument.
  static Composition from_fractions(const Fractions& x);
  /// Same from (name, fraction) pairs; a name given twice is an error.
  static Composition from_named(const std::vector<std::pair<std::string, double>>& named);

  const Fractions& fractions() const { return x_; }
  double operator[](Component c) const { return x_[static_cast<std::size_t>(c)]; }
  bool operator==(const Composition&) const = default;

 private:
  Composition() = default;
  Fractions x_{};
};

/// Composition from a JSON object {name: fraction, ...}; throws std::invalid_argument naming
/// the offending key.
Composition composition_from_json(const nlohmann::json& j);
/// The non-zero fractions as a JSON object, in component order.
nlohmann::json composition_to_json(const Composition& c);
/// A preset name (gas/presets.hpp) or a path to a JSON composition file. Throws
/// std::invalid_argument (unknown preset and no such file, invalid JSON, invalid fractions).
Composition load_composition(const std::string& preset_or_file);

}  // namespace linepack::gas
