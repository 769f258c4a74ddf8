#include "linepack/io/result_writer.hpp"

#include <algorithm>
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

/// The working point of a station with a map (docs/model-format.md, results).
}  // namespace

nlohmann::json station_working_point_json(const physics::StationWorkingPoint& w) {
  using nlohmann::json;
  json units = json::array();
  for (const auto& u : w.units)
    units.push_back({{"id", u.id},
                     {"kind", u.kind},
                     {"stage", u.stage},
                     {"mass_flow_kg_per_s", number_or_null(u.mass_flow_kg_per_s)},
                     {"volume_flow_m3_per_s", number_or_null(u.volume_flow_m3_per_s)},
                     {"inlet_pressure_pa", number_or_null(u.inlet_pressure_pa)},
                     {"outlet_pressure_pa", number_or_null(u.outlet_pressure_pa)},
                     {"head_j_per_kg", number_or_null(u.head_j_per_kg)},
                     {"speed_per_min", number_or_null(u.speed_per_s * 60.0)},
                     {"efficiency", number_or_null(u.efficiency)},
                     {"shaft_power_w", number_or_null(u.shaft_power_w)},
                     {"drive_power_max_w", number_or_null(u.drive_power_max_w)},
                     {"energy_rate_w", number_or_null(u.energy_rate_w)},
                     {"fuel_kg_per_s", number_or_null(u.fuel_kg_per_s)},
                     {"surge_volume_flow_m3_per_s", number_or_null(u.surge_volume_flow_m3_per_s)},
                     {"choke_volume_flow_m3_per_s", number_or_null(u.choke_volume_flow_m3_per_s)},
                     {"surge_margin", number_or_null(u.surge_margin)},
                     {"choke_margin", number_or_null(u.choke_margin)}});
  json violations = json::array();
  for (const auto& v : w.violations)
    violations.push_back({{"unit", v.unit}, {"what", v.what}, {"value", number_or_null(v.value)},
                          {"limit", number_or_null(v.limit)}});
  return {{"running", w.running},
          {"configuration", w.configuration},
          {"inside_map", w.inside_map},
          {"shaft_power_w", number_or_null(w.shaft_power_w)},
          {"energy_rate_w", number_or_null(w.energy_rate_w)},
          {"fuel_kg_per_s", number_or_null(w.fuel_kg_per_s)},
          {"electric_power_w", number_or_null(w.electric_power_w)},
          {"surge_volume_flow_m3_per_s", number_or_null(w.surge_volume_flow_m3_per_s)},
          {"choke_volume_flow_m3_per_s", number_or_null(w.choke_volume_flow_m3_per_s)},
          {"drive_power_max_w", number_or_null(w.drive_power_max_w)},
          {"units", std::move(units)},
          {"violations", std::move(violations)}};
}

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
    if (r.energy_equation) nodes.back()["temperature_k"] = number_or_null(n.temperature_k);
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
      if (e.station) j["station"] = station_working_point_json(*e.station);
    }
    if (e.kind == "compressor" || e.kind == "control_valve") {
      j["control_mode"] = e.control_mode;
      j["binding_limit"] = e.binding_limit;
    }
    if (r.energy_equation) {
      j["temperature_from_k"] = number_or_null(e.temperature_from_k);
      j["temperature_to_k"] = number_or_null(e.temperature_to_k);
      if (e.kind == "pipe") j["temperature_mean_k"] = number_or_null(e.temperature_mean_k);
      if (e.kind == "compressor") {
        j["discharge_temperature_k"] = number_or_null(e.discharge_temperature_k);
        j["cooler_duty_w"] = number_or_null(e.cooler_duty_w);
      }
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
  json out = {{"status", steady::to_string(r.status)},
          {"iterations", r.iterations},
          {"control_rounds", r.control_rounds},
          {"newton_iterations_total", r.newton_iterations_total},
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
  if (r.energy_equation) {
    json profiles = json::array();
    for (const auto& p : r.temperature_profiles)
      profiles.push_back(
          {{"pipe", p.pipe}, {"position_m", p.position_m}, {"temperature_k", p.temperature_k}});
    out["thermal"] = {{"energy_equation", true},
                      {"iterations", r.thermal_iterations},
                      {"temperature_profiles", std::move(profiles)}};
  }
  return out;
}

std::string nodes_csv(const steady::SteadyResult& r) {
  // The temperature column only with the energy equation: isothermal files stay as they were.
  std::string s = "id,pressure_pa,pressure_bar,withdrawal_kg_per_s,withdrawal_1000m3_per_h,"
                  "pressure_fixed";
  s += r.energy_equation ? ",temperature_k\n" : "\n";
  for (const auto& n : r.nodes) {
    s += fmt::format("{},{:.10g},{:.10g},{:.10g},{:.10g},{}", n.id, n.pressure_pa,
                     units::pa_to_bar(n.pressure_pa), n.withdrawal_kg_per_s,
                     to_knm3_per_h(n.withdrawal_kg_per_s, r.normal_density_kg_per_m3),
                     n.pressure_fixed ? 1 : 0);
    s += r.energy_equation ? fmt::format(",{:.10g}\n", n.temperature_k) : "\n";
  }
  return s;
}

std::string elements_csv(const steady::SteadyResult& r) {
  std::string s = "id,kind,from,to,mass_flow_kg_per_s,flow_1000m3_per_h,velocity_mean_m_per_s,"
                  "pressure_ratio,shaft_power_w,fuel_kg_per_s,control_mode,binding_limit";
  s += r.energy_equation ? ",temperature_from_k,temperature_to_k,discharge_temperature_k,"
                           "cooler_duty_w\n"
                         : "\n";
  for (const auto& e : r.elements) {
    s += fmt::format("{},{},{},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{},{}", e.id,
                     e.kind, e.from, e.to, e.mass_flow_kg_per_s,
                     to_knm3_per_h(e.mass_flow_kg_per_s, r.normal_density_kg_per_m3),
                     e.velocity_mean_m_per_s, e.pressure_ratio, e.shaft_power_w, e.fuel_kg_per_s,
                     e.control_mode, e.binding_limit);
    s += r.energy_equation
             ? fmt::format(",{:.10g},{:.10g},{:.10g},{:.10g}\n", e.temperature_from_k,
                           e.temperature_to_k, e.discharge_temperature_k, e.cooler_duty_w)
             : "\n";
  }
  return s;
}

std::string stations_csv(const steady::SteadyResult& r) {
  std::string s = "station,configuration,inside_map,unit,kind,stage,mass_flow_kg_per_s,"
                  "volume_flow_m3_per_s,head_j_per_kg,speed_per_min,efficiency,shaft_power_w,"
                  "drive_power_max_w,fuel_kg_per_s,surge_margin,choke_margin\n";
  for (const auto& e : r.elements) {
    if (!e.station) continue;
    const auto& w = *e.station;
    for (const auto& u : w.units)
      s += fmt::format("{},{},{},{},{},{},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},{:.10g},"
                       "{:.10g},{:.10g},{:.10g}\n",
                       e.id, w.configuration, w.inside_map ? 1 : 0, u.id, u.kind, u.stage,
                       u.mass_flow_kg_per_s, u.volume_flow_m3_per_s, u.head_j_per_kg,
                       u.speed_per_s * 60.0, u.efficiency, u.shaft_power_w, u.drive_power_max_w,
                       u.fuel_kg_per_s, u.surge_margin, u.choke_margin);
  }
  return s;
}

bool has_station_maps(const steady::SteadyResult& r) {
  return std::any_of(r.elements.begin(), r.elements.end(),
                     [](const auto& e) { return e.station.has_value(); });
}

std::string result_json_text(const steady::SteadyResult& result) {
  return result_to_json(result).dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void write_result_files(const steady::SteadyResult& result, const std::filesystem::path& json_path,
                        const std::optional<std::filesystem::path>& csv_prefix) {
  const std::string json = result_json_text(result);
  std::vector<OutputFile> files{{json_path, json}};
  std::string nodes, elements, stations;
  if (csv_prefix) {
    nodes = nodes_csv(result);
    elements = elements_csv(result);
    files.push_back({std::filesystem::path(csv_prefix->string() + ".nodes.csv"), nodes});
    files.push_back({std::filesystem::path(csv_prefix->string() + ".elements.csv"), elements});
    if (has_station_maps(result)) {
      stations = stations_csv(result);
      files.push_back({std::filesystem::path(csv_prefix->string() + ".stations.csv"), stations});
    }
  }
  write_files_atomically(files);
}

void write_result_json(const steady::SteadyResult& result, const std::filesystem::path& path) {
  write_file_atomically(path, result_json_text(result));
}

void write_result_csv(const steady::SteadyResult& result, const std::filesystem::path& prefix) {
  const std::string nodes = nodes_csv(result), elements = elements_csv(result);
  const std::string stations = has_station_maps(result) ? stations_csv(result) : "";
  std::vector<OutputFile> files{{std::filesystem::path(prefix.string() + ".nodes.csv"), nodes},
                                {std::filesystem::path(prefix.string() + ".elements.csv"), elements}};
  if (!stations.empty())
    files.push_back({std::filesystem::path(prefix.string() + ".stations.csv"), stations});
  write_files_atomically(files);
}

}  // namespace linepack::io
