#include "linepack/io/start_state_reader.hpp"

#include <cmath>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "linepack/io/input_error.hpp"
#include "linepack/io/json_text.hpp"

namespace linepack::io {
namespace {

using nlohmann::json;

/// `list`'s entries by id: `field` of each, as a number.
std::unordered_map<std::string, double> values_by_id(const std::filesystem::path& file,
                                                     const json& doc, const char* list,
                                                     const char* field) {
  if (!doc.contains(list) || !doc[list].is_array())
    throw InputError(file, 0, "", std::string("no '") + list +
                                      "' list: give a result of linepack solve or linepack validate");
  std::unordered_map<std::string, double> out;
  for (const auto& entry : doc[list]) {
    const auto id = entry.is_object() && entry.contains("id") ? json_id_text(entry["id"]) : std::nullopt;
    if (!id) throw InputError(file, 0, "", std::string("an entry of '") + list + "' has no id");
    if (!entry.contains(field) || !entry[field].is_number())
      throw InputError(file, 0, *id, std::string("'") + field + "' is missing or not a number");
    out[*id] = entry[field].get<double>();
  }
  return out;
}

}  // namespace

steady::SteadyStart read_start_state(const std::filesystem::path& file,
                                     const model::Network& network) {
  const std::string text = read_text_file(file);
  const json top = parse_json_text(text, file);
  // A validate result carries the state in its steady re-check.
  const json& doc = top.is_object() && top.contains("steady_check") ? top["steady_check"] : top;
  if (!doc.is_object()) throw InputError(file, 0, "", "not a result: expected a JSON object");
  const auto pressures = values_by_id(file, doc, "nodes", "pressure_pa");
  const auto flows = values_by_id(file, doc, "elements", "mass_flow_kg_per_s");
  steady::SteadyStart start;
  for (const auto& n : network.nodes) {
    const auto it = pressures.find(n.id);
    if (it == pressures.end()) throw InputError(file, 0, n.id, "node missing from the start state");
    if (!(it->second > 0.0) || !std::isfinite(it->second))
      throw InputError(file, 0, n.id, "start pressure must be positive and finite");
    start.pressure_pa.push_back(it->second);
  }
  const auto add = [&](const auto& elements) {
    for (const auto& e : elements) {
      const auto it = flows.find(e.id);
      if (it == flows.end()) throw InputError(file, 0, e.id, "element missing from the start state");
      if (!std::isfinite(it->second)) throw InputError(file, 0, e.id, "start flow must be finite");
      start.mass_flow_kg_per_s.push_back(it->second);
    }
  };
  add(network.pipes);
  add(network.short_pipes);
  add(network.resistors);
  add(network.valves);
  add(network.control_valves);
  add(network.compressors);
  return start;
}

}  // namespace linepack::io
