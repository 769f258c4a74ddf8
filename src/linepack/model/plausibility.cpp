#include "linepack/model/plausibility.hpp"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "linepack/model/validation.hpp"

namespace linepack::model {
namespace {

constexpr const char* hint = "give --allow-unusual if this value is intended";

void in_range(const std::string& id, const char* what, double value, double lo, double hi,
              double scale, const char* unit) {
  if (value >= lo && value <= hi) return;
  throw ValidationError(id, fmt::format("{} of {:.6g} {} is outside the plausible range {:.6g} .. "
                                        "{:.6g} {} (a unit mistake?); {}",
                                        what, value / scale, unit, lo / scale, hi / scale, unit,
                                        hint));
}

void pressure(const std::string& id, const char* what, double pa, const PlausibleRanges& r) {
  in_range(id, what, pa, r.pressure_min_pa, r.pressure_max_pa, 1e5, "bar (absolute)");
}

}  // namespace

void check_plausible(const Network& n, const Scenario& s, const PlausibleRanges& r) {
  in_range("", "gas temperature", n.physics.temperature_k, r.temperature_min_k,
           r.temperature_max_k, 1.0, "K");
  auto temperature = [&](const std::string& id, const char* what, std::optional<double> t_k) {
    if (t_k) in_range(id, what, *t_k, r.temperature_min_k, r.temperature_max_k, 1.0, "K");
  };
  temperature("", "ground temperature", n.physics.thermal.ground_temperature_k);
  temperature("", "supply temperature", n.physics.thermal.supply_temperature_k);
  for (const auto& node : n.nodes) {
    in_range(node.id, "elevation", node.elevation_m, r.elevation_min_m, r.elevation_max_m, 1.0, "m");
    temperature(node.id, "supply temperature", node.supply_temperature_k);
  }
  for (const auto& p : n.pipes) {
    in_range(p.id, "diameter", p.diameter_m, r.diameter_min_m, r.diameter_max_m, 1.0, "m");
    in_range(p.id, "length", p.length_m, 0.0, r.length_max_m, 1e3, "km");
    in_range(p.id, "roughness", p.roughness_m, 0.0, r.roughness_max_m, 1e-3, "mm");
    temperature(p.id, "ground temperature", p.ground_temperature_k);
  }
  for (const auto& v : n.resistors)
    if (v.diameter_m != 0.0)
      in_range(v.id, "diameter", v.diameter_m, r.diameter_min_m, r.diameter_max_m, 1.0, "m");
  for (const auto& v : n.control_valves)
    if (v.state == ControlState::active) pressure(v.id, "outlet pressure setpoint", v.outlet_pressure_pa, r);
  auto compressor_setpoint = [&](const std::string& id, CompressorMode mode, double value) {
    if (mode == CompressorMode::pressure_ratio)
      in_range(id, "pressure ratio", value, 1.0 / r.ratio_max, r.ratio_max, 1.0, "");
    else if (mode == CompressorMode::outlet_pressure)
      pressure(id, "outlet pressure setpoint", value, r);
  };
  for (const auto& k : n.compressors) {
    if (k.state == ControlState::active) compressor_setpoint(k.id, k.mode, k.setpoint);
    if (std::isfinite(k.ratio_max))
      in_range(k.id, "maximum pressure ratio", k.ratio_max, 1.0, r.ratio_max, 1.0, "");
    temperature(k.id, "cooler outlet temperature", k.cooler_outlet_temperature_k);
    if (std::isfinite(k.discharge_temperature_max_k))
      temperature(k.id, "discharge temperature limit", k.discharge_temperature_max_k);
  }
  for (const auto& b : s.boundaries)
    if (b.kind == NodeBoundary::Kind::pressure) pressure(b.node, "boundary pressure", b.value, r);
  for (const auto& c : s.controls) {
    if (!c.setpoint || c.state != ControlState::active) continue;
    bool is_compressor = false;
    for (const auto& k : n.compressors)
      if (k.id == c.element) {
        compressor_setpoint(k.id, c.mode.value_or(k.mode), *c.setpoint);
        is_compressor = true;
      }
    if (!is_compressor)
      for (const auto& v : n.control_valves)
        if (v.id == c.element) pressure(v.id, "outlet pressure setpoint", *c.setpoint, r);
  }
}

}  // namespace linepack::model
