#include "linepack/io/result_writer.hpp"

#include <cmath>

#include <fmt/format.h>

#include "linepack/io/atomic_file.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::io {
namespace {

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

double to_knm3_per_h(double kg_per_s, double rho_n) {
  return units::kg_per_s_to_knm3_per_h(kg_per_s, rho_n);
}

/// The same flow in the other units of the trade: normal m3/h, mmcfd (60 degF) and energy (MW
/// on the higher heating value).
void add_flow_units(nlohmann::json& j, const char* prefix, double kg_per_s,
                    const steady::SteadyResult& r) {
  const std::string p(prefix);
  j[p + "_nm3_per_h"] = number_or_null(kg_per_s / r.normal_density_kg_per_m3 * 3600.0);
  j[p + "_mmcfd"] = number_or_null(units::kg_per_s_to_mmcfd(kg_per_s, r.standard_density_kg_per_m3));
  j[p + "_energy_mw"] = number_or_null(kg_per_s * r.higher_heating_value_j_per_kg / 1e6);
}

}  // namespace

nlohmann::json result_to_json(const steady::SteadyResult& r) {
  using nlohmann::json;
  const double rho_n = r.normal_density_kg_per_m3;
  json nodes = json::array();
  for (const auto& n : r.nodes) {
    nodes.push_back({{"id", n.id},
                     {"pressure_pa", number_or_null(n.pressure_pa)},
                     {"pressure_bar", number_or_null(units::pa_to_bar(n.pressure_pa))},
                     {"withdrawal_kg_per_s", n.withdrawal_kg_per_s},
                     {"withdrawal_1000m3_per_h", to_knm3_per_h(n.withdrawal_kg_per_s, rho_n)},
                     {"pressure_fixed", n.pressure_fixed},
                     {"pressure_min_pa", number_or_null(n.pressure_min_pa)},
                     {"pressure_max_pa", number_or_null(n.pressure_max_pa)}});
    add_flow_units(nodes.back(), "withdrawal", n.withdrawal_kg_per_s, r);
  }
  json elements = json::array();
  for (const auto& e : r.elements) {
    json j = {{"id", e.id},
              {"kind", e.kind},
              {"from", e.from},
              {"to", e.to},
              {"mass_flow_kg_per_s", number_or_null(e.mass_flow_kg_per_s)},
              {"flow_1000m3_per_h", number_or_null(to_knm3_per_h(e.mass_flow_kg_per_s, rho_n))},
              {"pressure_ratio", number_or_null(e.pressure_ratio)}};
    add_flow_units(j, "flow", e.mass_flow_kg_per_s, r);
    if (e.kind == "pipe") {
      j["velocity_from_m_per_s"] = number_or_null(e.velocity_from_m_per_s);
      j["velocity_to_m_per_s"] = number_or_null(e.velocity_to_m_per_s);
      j["velocity_mean_m_per_s"] = number_or_null(e.velocity_mean_m_per_s);
      j["friction_factor"] = number_or_null(e.friction_factor);
    }
    if (e.kind == "compressor") {
      j["shaft_power_w"] = number_or_null(e.shaft_power_w);
      j["fuel_kg_per_s"] = number_or_null(e.fuel_kg_per_s);
    }
    if (e.kind == "compressor" || e.kind == "control_valve") {
      j["control_mode"] = e.control_mode;
      j["binding_limit"] = e.binding_limit;
    }
    elements.push_back(std::move(j));
  }
  json violations = json::array();
  for (const auto& v : r.violations)
    violations.push_back({{"id", v.id}, {"what", v.what}, {"value", number_or_null(v.value)},
                          {"limit", number_or_null(v.limit)}});
  json worst = json::array();
  for (const auto& w : r.worst_equations)
    worst.push_back({{"id", w.id}, {"equation", w.kind}, {"residual", number_or_null(w.residual)}});
  json certificate = nullptr;  // set exactly when the status is infeasible: the proof
  if (r.certificate)
    certificate = {{"reason", r.certificate->reason},
                   {"explanation", r.certificate->explanation},
                   {"nodes", r.certificate->nodes},
                   {"negative_node_count", r.certificate->negative_node_count},
                   {"lowest_pressure_pa", number_or_null(r.certificate->lowest_pressure_pa)},
                   {"path", r.certificate->path}};
  return {{"status", steady::to_string(r.status)},
          {"iterations", r.iterations},
          {"residual_norm", number_or_null(r.residual_norm)},
          {"residual_units", "bar for pressure equations, kg/s for flow equations"},
          {"message", r.message},
          {"certificate", std::move(certificate)},
          {"solve_time_s", r.solve_time_s},
          {"totals",
           {{"supply_kg_per_s", r.total_supply_kg_per_s},
            {"withdrawal_kg_per_s", r.total_withdrawal_kg_per_s},
            {"compressor_shaft_power_w", r.total_compressor_power_w},
            {"compressor_fuel_kg_per_s", r.total_fuel_kg_per_s},
            {"normal_density_kg_per_m3", rho_n},
            {"supply_mmcfd", units::kg_per_s_to_mmcfd(r.total_supply_kg_per_s, r.standard_density_kg_per_m3)},
            {"supply_energy_mw", r.total_supply_kg_per_s * r.higher_heating_value_j_per_kg / 1e6}}},
          {"nodes", std::move(nodes)},
          {"elements", std::move(elements)},
          {"violations", std::move(violations)},
          {"worst_equations", std::move(worst)}};
}

std::string nodes_csv(const steady::SteadyResult& r) {
  std::string s = "id,pressure_pa,pressure_bar,withdrawal_kg_per_s,withdrawal_1000m3_per_h,"
                  "pressure_fixed\n";
  for (const auto& n : r.nodes)
    s += fmt::format("{},{:.10g},{:.10g},{:.10g},{:.10g},{}\n", n.id, n.pressure_pa,
                     units::pa_to_bar(n.pressure_pa), n.withdrawal_kg_per_s,
                     to_knm3_per_h(n.withdrawal_kg_per_s, r.normal_density_kg_per_m3),
                     n.pressure_fixed ? 1 : 0);
  return s;
}

std::string elements_csv(const steady::SteadyResult& r) {
  std::string s = "id,kind,from,to,mass_flow_kg_per_s,flow_1000m3_per_h,velocity_mean_m_per_s,"
                  "pressure_ratio,shaft_power_w,fuel_kg_per_s,control_mode,binding_limit\n";
  for (const auto& e : r.elements)
    s += fmt::format("{},{},{},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{},{}\n", e.id,
                     e.kind, e.from, e.to, e.mass_flow_kg_per_s,
                     to_knm3_per_h(e.mass_flow_kg_per_s, r.normal_density_kg_per_m3),
                     e.velocity_mean_m_per_s, e.pressure_ratio, e.shaft_power_w, e.fuel_kg_per_s,
                     e.control_mode, e.binding_limit);
  return s;
}

std::string result_json_text(const steady::SteadyResult& result) {
  return result_to_json(result).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_result_files(const steady::SteadyResult& result, const std::filesystem::path& json_path,
                        const std::optional<std::filesystem::path>& csv_prefix) {
  const std::string json = result_json_text(result);
  std::vector<OutputFile> files{{json_path, json}};
  std::string nodes, elements;
  if (csv_prefix) {
    nodes = nodes_csv(result);
    elements = elements_csv(result);
    files.push_back({std::filesystem::path(csv_prefix->string() + ".nodes.csv"), nodes});
    files.push_back({std::filesystem::path(csv_prefix->string() + ".elements.csv"), elements});
  }
  write_files_atomically(files);
}

void write_result_json(const steady::SteadyResult& result, const std::filesystem::path& path) {
  write_file_atomically(path, result_json_text(result));
}

void write_result_csv(const steady::SteadyResult& result, const std::filesystem::path& prefix) {
  const std::string nodes = nodes_csv(result), elements = elements_csv(result);
  write_files_atomically({{std::filesystem::path(prefix.string() + ".nodes.csv"), nodes},
                          {std::filesystem::path(prefix.string() + ".elements.csv"), elements}});
}

}  // namespace linepack::io
