#include "linepack/io/validation_writer.hpp"

#include "linepack/io/native_json.hpp"
#include "linepack/io/result_writer.hpp"

namespace linepack::io {

nlohmann::json validation_to_json(const validation::ValidationResult& r) {
  using nlohmann::json;
  json j = json::object();
  j["verdict"] = validation::to_string(r.verdict);
  j["method"] = r.method;
  j["station_model"] = r.station_model;
  j["message"] = r.message;
  j["time_s"] = r.time_s;
  j["objective"] = validation::to_string(r.objective);
  j["fuel_kg_per_s"] = r.fuel_kg_per_s;
  j["compressor_power_w"] = r.power_w;
  j["objective_bound"] = r.objective_bound ? json(*r.objective_bound) : json(nullptr);
  j["objective_bound_source"] =
      r.objective_bound_source.empty() ? json(nullptr) : json(r.objective_bound_source);
  j["gap"] = r.gap ? json(*r.gap) : json(nullptr);
  if (r.certificate) {
    const auto& c = *r.certificate;
    j["certificate"] = {{"relaxation", c.relaxation},
                        {"explanation", c.explanation},
                        {"node", c.node},
                        {"conflict_node", c.conflict_node},
                        {"required_pa", c.required_pa},
                        {"allowed_pa", c.allowed_pa},
                        {"lower_chain", c.lower_chain},
                        {"upper_chain", c.upper_chain}};
  } else {
    j["certificate"] = nullptr;
  }
  if (r.control) j["controls"] = controls_file_json(*r.control);
  json decisions = json::array();
  for (const auto& d : r.decisions) {
    json o = {{"id", d.id},
              {"kind", d.kind},
              {"state", to_string(d.state)},
              {"mass_flow_kg_per_s", d.mass_flow_kg_per_s},
              {"pressure_in_pa", d.pressure_in_pa},
              {"pressure_out_pa", d.pressure_out_pa}};
    if (d.outlet_pressure_pa) o["outlet_pressure_pa"] = *d.outlet_pressure_pa;
    if (!d.control_mode.empty()) o["control_mode"] = d.control_mode;
    if (!d.binding_limit.empty()) o["binding_limit"] = d.binding_limit;
    decisions.push_back(std::move(o));
  }
  j["decisions"] = std::move(decisions);
  // GasLib combined decisions (.cdf): the decision each group's states are (feasible only).
  if (!r.decisions_used.empty()) {
    json used = json::array();
    for (const auto& [group, decision] : r.decisions_used)
      used.push_back({{"group", group}, {"decision", decision}});
    j["combined_decisions"] = std::move(used);
  }
  j["construction_mismatch_pa"] = r.construction_mismatch_pa;
  j["steady_check"] = r.check ? result_to_json(*r.check) : json(nullptr);
  return j;
}

}  // namespace linepack::io
