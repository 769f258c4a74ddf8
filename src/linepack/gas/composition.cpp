#include "linepack/gas/composition.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "linepack/gas/presets.hpp"

namespace linepack::gas {
namespace {

constexpr std::array<std::string_view, component_count> names = {
    "methane",          "nitrogen",   "carbon_dioxide", "ethane",   "propane",         "isobutane",
    "n_butane",         "isopentane", "n_pentane",      "n_hexane", "n_heptane",       "n_octane",
    "n_nonane",         "n_decane",   "hydrogen",       "oxygen",   "carbon_monoxide", "water",
    "hydrogen_sulfide", "helium",     "argon"};

std::string format_number(double v) {
  std::ostringstream s;
  s.precision(10);
  s << v;
  return s.str();
}

}  // namespace

std::string_view component_name(std::size_t index) { return names.at(index); }
std::string_view component_name(Component c) { return component_name(static_cast<std::size_t>(c)); }

std::optional<Component> parse_component(std::string_view name) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<Component>(i);
  return std::nullopt;
}

Composition Composition::from_fractions(const Fractions& x) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || x[i] < 0.0)
      throw std::invalid_argument("composition: mole fraction of " + std::string(names[i]) +
                                  " must be a non-negative number, got " + format_number(x[i]));
    sum += x[i];
  }
  if (!(sum > 0.0)) throw std::invalid_argument("composition: all mole fractions are zero");
  if (std::abs(sum - 1.0) > composition_sum_tolerance)
    throw std::invalid_argument("composition: mole fractions sum to " + format_number(sum) +
                                ", not 1 (accepted within 1e-4, then normalised)");
  Composition c;
  // Fractions that already sum to 1 within rounding are kept as they are, so that a written
  // and re-read composition is bit-identical.
  const bool normalise = std::abs(sum - 1.0) > 8.0 * std::numeric_limits<double>::epsilon();
  for (std::size_t i = 0; i < x.size(); ++i) c.x_[i] = normalise ? x[i] / sum : x[i];
  return c;
}

Composition Composition::from_named(const std::vector<std::pair<std::string, double>>& named) {
  Fractions x{};
  std::array<bool, component_count> seen{};
  for (const auto& [name, value] : named) {
    const auto c = parse_component(name);
    if (!c) {
      std::string list;
      for (auto n : names) list += (list.empty() ? "" : ", ") + std::string(n);
      throw std::invalid_argument("composition: unknown component '" + name +
                                  "' (expected one of " + list + ")");
    }
    const auto i = static_cast<std::size_t>(*c);
    if (seen[i]) throw std::invalid_argument("composition: component '" + name + "' given twice");
    seen[i] = true;
    x[i] = value;
  }
  return from_fractions(x);
}

Composition composition_from_json(const nlohmann::json& j) {
  if (!j.is_object())
    throw std::invalid_argument(
        "composition: expected a JSON object from component name to mole fraction");
  std::vector<std::pair<std::string, double>> named;
  for (const auto& [key, value] : j.items()) {
    if (!value.is_number())
      throw std::invalid_argument("composition: the mole fraction of '" + key +
                                  "' must be a number");
    named.emplace_back(key, value.get<double>());
  }
  return Composition::from_named(named);
}

nlohmann::json composition_to_json(const Composition& c) {
  nlohmann::json j = nlohmann::json::object();
  for (std::size_t i = 0; i < component_count; ++i)
    if (c.fractions()[i] > 0.0) j[std::string(names[i])] = c.fractions()[i];
  return j;
}

Composition load_composition(const std::string& preset_or_file) {
  if (auto preset = preset_composition(preset_or_file)) return *preset;
  std::ifstream in(preset_or_file, std::ios::binary);
  if (!in) {
    std::string list;
    for (const auto& p : composition_presets())
      list += (list.empty() ? "" : ", ") + std::string(p.name);
    throw std::invalid_argument("composition '" + preset_or_file + "' is neither a preset (" +
                                list + ") nor a readable file");
  }
  // A composition is a few lines; 1 MiB bounds memory (docs/limits.md).
  constexpr std::size_t max_bytes = std::size_t{1} << 20;
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > max_bytes)
    throw std::invalid_argument(preset_or_file + ": larger than the limit of 1 MiB for a composition");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    std::string message = e.what();  // without nlohmann's "[json.exception.parse_error.101] "
    if (const auto end = message.find("] "); message.starts_with("[json.") && end != std::string::npos)
      message = message.substr(end + 2);
    throw std::invalid_argument(preset_or_file + ": invalid JSON: " + message);
  }
  try {
    return composition_from_json(j);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(preset_or_file + ": " + e.what());
  }
}

}  // namespace linepack::gas
