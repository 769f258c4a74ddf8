#include "linepack/io/gaslib_cs_reader.hpp"

#include <algorithm>
#include <functional>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "linepack/io/gaslib_xml.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/model/validation.hpp"

namespace linepack::io {
namespace {
namespace fs = std::filesystem;
using namespace gaslib_xml;
using model::MapMeasurement;

/// Dimension of the .cs quantities that carry a unit (FORMAT.md). Others are not checked.
std::optional<Dimension> cs_dimension(std::string_view name) {
  static const std::pair<std::string_view, Dimension> table[] = {
      {"adiabaticHead", Dimension::specific_energy},
      {"speed", Dimension::rotational_speed},
      {"speedMin", Dimension::rotational_speed},
      {"speedMax", Dimension::rotational_speed},
      // actual inlet flow, not normal; the conversion to m^3/s is the same
      {"volumetricFlowrate", Dimension::volumetric_flow_normal},
      {"operatingVolume", Dimension::volume},
      {"maximalTorque", Dimension::torque},
      {"maximalPower", Dimension::power},
      {"compressorPower", Dimension::power},
      {"fuelConsumption", Dimension::power},
      {"ambientTemperature", Dimension::temperature},
  };
  for (const auto& [n, d] : table)
    if (n == name) return d;
  return std::nullopt;
}

// GasLib's polynomials take speed in per_min, head in kJ/kg, power in kW (the units of every
// measurement in the published files); SI coefficients: multiply the coefficient of n^j by 60^j.
constexpr double per_min_per_hz = 60.0;

/// Coefficients name_1 .. name_count of element `at` (dimensionless numbers); nullopt when the
/// first is absent, an error when only some are there.
std::optional<std::vector<double>> coefficients(const Reader& r, pugi::xml_node at,
                                                const std::string& name, int count) {
  if (!child(at, name + "_1")) return std::nullopt;
  std::vector<double> c;
  for (int i = 1; i <= count; ++i) {
    const std::string n = name + "_" + std::to_string(i);
    const pugi::xml_node e = child(at, n);
    if (!e) r.fail(at, fmt::format("<{}> has {}_1 but no <{}>", local_name(at), name, n));
    c.push_back(r.number(e, "value"));
  }
  return c;
}

model::Biquadratic biquadratic_si(const std::vector<double>& c, double scale) {
  model::Biquadratic out{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) out[3 * i + j] = scale * c[3 * i + j] * std::pow(per_min_per_hz, j);
  return out;
}

model::QuadraticInFlow quadratic_si(const std::vector<double>& c) {
  return {1e3 * c[0], 1e3 * c[1], 1e3 * c[2]};
}

/// One <measurement> (speed, adiabaticHead, volumetricFlowrate) in SI; nullopt for a point
/// with zero head and flow, GasLib-4197's mark of a point not measured.
std::optional<MapMeasurement> measurement(const Reader& r, pugi::xml_node m, double efficiency,
                                          MapMeasurement::Line line) {
  auto value = [&](const char* name, Dimension dim) {
    const pugi::xml_node c = child(m, name);
    if (!c) r.fail(m, fmt::format("<measurement> has no <{}>", name));
    return r.value_of(c, dim);
  };
  MapMeasurement p;
  p.speed_per_s = value("speed", Dimension::rotational_speed);
  p.head_j_per_kg = value("adiabaticHead", Dimension::specific_energy);
  p.volume_flow_m3_per_s = value("volumetricFlowrate", Dimension::volumetric_flow_normal);
  p.efficiency = efficiency;
  p.line = line;
  if (p.head_j_per_kg == 0.0 && p.volume_flow_m3_per_s == 0.0) return std::nullopt;
  if (!(p.speed_per_s > 0.0) || !(p.volume_flow_m3_per_s > 0.0) || !(p.head_j_per_kg > 0.0))
    r.fail(m, "map measurement needs positive speed, head and volumetric flow");
  return p;
}

/// Measurements of a turbo compressor: the surge line, then each efficiency isoline (the last
/// is the choke line). Each line lists its points by increasing speed; along each speed line
/// (the same speed) the flow does not decrease from the first isoline to the choke line. (The
/// surge line is left out of that check: in GasLib-4197 it lies right of the first isoline at
/// some speeds.)
std::vector<MapMeasurement> map_measurements(const Reader& r, pugi::xml_node turbo,
                                             const std::string& unit) {
  std::vector<MapMeasurement> points;
  const pugi::xml_node surge = child(turbo, "surgelineMeasurements");
  const pugi::xml_node diagram = child(turbo, "characteristicDiagramMeasurements");
  std::size_t count = 0;
  for_each_descendant(turbo, [&](pugi::xml_node d) { count += local_name(d) == "measurement"; });
  if (count == 0) return points;  // coefficients only
  if (!surge || !diagram)
    r.fail(turbo, fmt::format("turbo compressor '{}' has {} but no <{}>", unit,
                              surge ? "surge line measurements" : "characteristic diagram "
                                                                   "measurements",
                              surge ? "characteristicDiagramMeasurements"
                                    : "surgelineMeasurements"));
  std::vector<pugi::xml_node> isolines;
  for_each_element(diagram, [&](pugi::xml_node c) {
    if (local_name(c) == "adiabaticEfficiency") isolines.push_back(c);
  });
  if (isolines.empty())
    r.fail(diagram, fmt::format("turbo compressor '{}' has no efficiency isoline", unit));
  const double first_efficiency = r.number(isolines.front(), "value");
  std::unordered_map<double, std::pair<double, pugi::xml_node>> last_flow_at_speed;
  auto read_line = [&](pugi::xml_node line, double efficiency, MapMeasurement::Line kind) {
    double previous_speed = 0.0;
    for_each_element(line, [&](pugi::xml_node m) {
      if (local_name(m) != "measurement") return;
      const auto point = measurement(r, m, efficiency, kind);
      if (!point) return;
      const MapMeasurement& p = *point;
      if (!(p.speed_per_s > previous_speed))
        r.fail(m, fmt::format("turbo compressor '{}': speed line out of order: speed {:g} per_min "
                              "follows {:g} per_min on the same {} (speeds must increase)",
                              unit, p.speed_per_s * 60.0, previous_speed * 60.0,
                              kind == MapMeasurement::Line::surge ? "surge line" : "isoline"));
      previous_speed = p.speed_per_s;
      if (kind != MapMeasurement::Line::surge) {
        auto [it, fresh] = last_flow_at_speed.try_emplace(p.speed_per_s, p.volume_flow_m3_per_s, m);
        if (!fresh && p.volume_flow_m3_per_s < it->second.first)
          r.fail(m, fmt::format("turbo compressor '{}': speed line {:g} per_min out of order: flow "
                                "{:g} m^3/s after {:g} m^3/s (from the first isoline to the choke "
                                "line the flow must not decrease)",
                                unit, p.speed_per_s * 60.0, p.volume_flow_m3_per_s,
                                it->second.first));
        it->second.first = p.volume_flow_m3_per_s;
      }
      points.push_back(p);
    });
  };
  read_line(surge, first_efficiency, MapMeasurement::Line::surge);
  for (std::size_t k = 0; k < isolines.size(); ++k) {
    const double eta = r.number(isolines[k], "value");
    if (!(eta > 0.0 && eta <= 1.0))
      r.fail(isolines[k], fmt::format("turbo compressor '{}': efficiency isoline value {} is not "
                                      "in (0, 1]",
                                      unit, eta));
    read_line(isolines[k], eta,
              k + 1 == isolines.size() ? MapMeasurement::Line::choke : MapMeasurement::Line::isoline);
  }
  return points;
}

model::TurboCompressorUnit turbo_unit(const XmlFile& file, const Reader& r, pugi::xml_node t,
                                      GaslibStationData& out) {
  const Reader u(file, t);
  model::TurboCompressorUnit unit;
  unit.id = u.id();
  unit.drive = u.attribute("drive");
  unit.speed_min_per_s = u.required("speedMin", Dimension::rotational_speed);
  unit.speed_max_per_s = u.required("speedMax", Dimension::rotational_speed);
  const auto head = coefficients(u, t, "n_isoline_coeff", 9);
  const auto eta = coefficients(u, t, "eta_ad_isoline_coeff", 9);
  const auto surge = coefficients(u, t, "surgeline_coeff", 3);
  const auto choke = coefficients(u, t, "chokeline_coeff", 3);
  const bool published = head && eta && surge && choke;
  physics::TurboMapFit file_map;
  if (published) {
    file_map = {biquadratic_si(*head, 1e3), biquadratic_si(*eta, 1.0), quadratic_si(*surge),
                quadratic_si(*choke)};
    out.published_maps.emplace_back(unit.id, file_map);
  }
  unit.measurements = map_measurements(r, t, unit.id);
  physics::TurboMapFit map = file_map;
  if (!unit.measurements.empty()) {
    try {
      map = physics::fit_turbo_map(unit.measurements);
    } catch (const std::invalid_argument& e) {
      r.fail(t, fmt::format("turbo compressor '{}': its map cannot be fitted from {} measurement "
                            "point(s): {} (at least 9 points over 3 speeds and 3 flows)",
                            unit.id, unit.measurements.size(), e.what()));
    }
  } else if (!published) {
    r.fail(t, fmt::format("turbo compressor '{}' has neither map measurements nor all of "
                          "n_isoline_coeff, eta_ad_isoline_coeff, surgeline_coeff and "
                          "chokeline_coeff",
                          unit.id));
  }
  unit.head_j_per_kg = map.head_j_per_kg;
  unit.efficiency = map.efficiency;
  unit.surge_line_head_j_per_kg = map.surge_line_head_j_per_kg;
  unit.choke_line_head_j_per_kg = map.choke_line_head_j_per_kg;
  return unit;
}

model::PistonCompressorUnit piston_unit(const XmlFile& file, pugi::xml_node p) {
  const Reader u(file, p);
  model::PistonCompressorUnit unit;
  unit.id = u.id();
  unit.drive = u.attribute("drive");
  unit.speed_min_per_s = u.required("speedMin", Dimension::rotational_speed);
  unit.speed_max_per_s = u.required("speedMax", Dimension::rotational_speed);
  unit.operating_volume_m3 = u.required("operatingVolume", Dimension::volume);
  unit.torque_max_nm = u.optional("maximalTorque", Dimension::torque).value_or(0.0);
  unit.ratio_max = u.required("maximalCompressionRatio", Dimension::dimensionless);
  unit.efficiency = u.required("adiabaticEfficiency", Dimension::dimensionless);
  unit.volume_flow_reduction =
      u.optional("additionalReductionVolFlow", Dimension::dimensionless).value_or(0.0);
  return unit;
}

model::Drive drive(const XmlFile& file, pugi::xml_node d) {
  const Reader r(file, d);
  model::Drive out;
  out.id = r.id();
  const std::string_view kind = local_name(d);
  if (kind == "gasTurbine")
    out.kind = model::DriveKind::gas_turbine;
  else if (kind == "gasDrivenMotor")
    out.kind = model::DriveKind::gas_driven_motor;
  else if (kind == "electricMotor")
    out.kind = model::DriveKind::electric_motor;
  else
    r.fail(d, fmt::format("unknown drive kind <{}>", kind));
  const bool turbine = out.kind == model::DriveKind::gas_turbine;
  const auto power = coefficients(r, d, "power_fun_coeff", turbine ? 9 : 3);
  const auto energy = coefficients(r, d, "energy_rate_fun_coeff", 3);
  if (!power || !energy)
    r.fail(d, fmt::format("drive '{}' needs power_fun_coeff_1..{} and energy_rate_fun_coeff_1..3",
                          out.id, turbine ? 9 : 3));
  // kW = sum c T^i N^j (N per_min, T degC) -> W with n in 1/s.
  for (std::size_t k = 0; k < power->size(); ++k)
    out.power_max_w.push_back(1e3 * (*power)[k] * std::pow(per_min_per_hz, double(k % 3)));
  // E[kW] = e0 + e1 P[kW] + e2 P[kW]^2 -> E[W] = 1e3 e0 + e1 P[W] + 1e-3 e2 P[W]^2.
  out.energy_rate_w = {1e3 * (*energy)[0], (*energy)[1], 1e-3 * (*energy)[2]};
  return out;
}

model::StationConfiguration configuration(const XmlFile& file, const Reader& station,
                                          pugi::xml_node c,
                                          const std::vector<std::string>& unit_ids) {
  model::StationConfiguration out;
  const pugi::xml_attribute id = c.attribute("confId");
  if (!id) station.fail(c, "<configuration> has no 'confId' attribute");
  out.id = id.value();
  std::vector<std::pair<double, pugi::xml_node>> stages;
  for_each_element(c, [&](pugi::xml_node s) {
    if (local_name(s) == "stage") stages.emplace_back(station.number(s, "stageNr"), s);
  });
  std::stable_sort(stages.begin(), stages.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (c.attribute("nrOfSerialStages") &&
      station.number(c, "nrOfSerialStages") != double(stages.size()))
    station.fail(c, fmt::format("configuration '{}' declares {} serial stages but lists {}", out.id,
                                c.attribute("nrOfSerialStages").value(), stages.size()));
  if (stages.empty()) station.fail(c, fmt::format("configuration '{}' has no <stage>", out.id));
  for (const auto& [nr, s] : stages) {
    std::vector<std::string> units;
    for_each_element(s, [&](pugi::xml_node u) {
      if (local_name(u) != "compressor") return;
      const std::string uid = u.attribute("id").value();
      if (std::find(unit_ids.begin(), unit_ids.end(), uid) == unit_ids.end())
        station.fail(u, fmt::format("configuration '{}' names unknown compressor unit '{}'", out.id,
                                    uid));
      units.push_back(uid);
    });
    if (s.attribute("nrOfParallelUnits") &&
        station.number(s, "nrOfParallelUnits") != double(units.size()))
      station.fail(s, fmt::format("configuration '{}' stage {} declares {} parallel units but "
                                  "lists {}",
                                  out.id, nr, s.attribute("nrOfParallelUnits").value(),
                                  units.size()));
    if (units.empty())
      station.fail(s, fmt::format("configuration '{}' stage {} has no unit", out.id, nr));
    out.stages.push_back(std::move(units));
  }
  (void)file;
  return out;
}

GaslibStationData read_station(const XmlFile& file, pugi::xml_node st,
                               const std::function<bool(const std::string&)>& known) {
  const Reader r(file, st);
  GaslibStationData out;
  out.id = r.id();
  out.line = file.line_of(st);
  if (known && !known(out.id)) r.fail(st, "compressor station is not in the network");
  std::vector<double> efficiencies, ratios;
  for_each_descendant(st, [&](pugi::xml_node d) {
    const std::string_view name = local_name(d);
    if (d.attribute("unit"))
      if (const auto dim = cs_dimension(name)) r.value_of(d, *dim);
    if (name == "adiabaticEfficiency") {
      efficiencies.push_back(r.value_of(d, Dimension::dimensionless));
    } else if (name == "maximalCompressionRatio") {
      ratios.push_back(r.value_of(d, Dimension::dimensionless));
      if (ratios.back() < 1.0) r.fail(d, "maximalCompressionRatio is below 1");
    }
  });
  if (!efficiencies.empty()) {
    double mean = 0.0;
    for (double e : efficiencies) mean += e / double(efficiencies.size());
    if (!(mean > 0.0)) r.fail(st, "mean adiabaticEfficiency is not positive");
    out.mean_efficiency = std::min(mean, 1.0);
  }
  if (!ratios.empty()) out.ratio_max = *std::max_element(ratios.begin(), ratios.end());

  std::vector<std::string> unit_ids;
  for_each_element(child(st, "compressors"), [&](pugi::xml_node c) {
    const std::string_view kind = local_name(c);
    if (kind == "turboCompressor") {
      out.station.turbo_compressors.push_back(turbo_unit(file, r, c, out));
      unit_ids.push_back(out.station.turbo_compressors.back().id);
    } else if (kind == "pistonCompressor") {
      out.station.piston_compressors.push_back(piston_unit(file, c));
      unit_ids.push_back(out.station.piston_compressors.back().id);
    } else {
      r.fail(c, fmt::format("unknown compressor kind <{}>", kind));
    }
  });
  for_each_element(child(st, "drives"),
                   [&](pugi::xml_node d) { out.station.drives.push_back(drive(file, d)); });
  for_each_element(child(st, "configurations"), [&](pugi::xml_node c) {
    if (local_name(c) == "configuration")
      out.station.configurations.push_back(configuration(file, r, c, unit_ids));
  });
  out.has_machines =
      !out.station.turbo_compressors.empty() || !out.station.piston_compressors.empty();
  if (!out.has_machines) return out;  // efficiency and ratio only
  try {
    model::validate_station(out.station);
  } catch (const std::invalid_argument& e) {
    r.fail(st, e.what());
  }
  return out;
}

}  // namespace

std::vector<GaslibStationData> read_gaslib_cs(
    const fs::path& cs_file, const std::function<bool(const std::string&)>& known) {
  const XmlFile file(cs_file);
  const pugi::xml_node root = file.root();
  if (local_name(root) != "compressorStations")
    file.fail(root, "",
              fmt::format("expected a GasLib <compressorStations>, found <{}>", root.name()));
  std::vector<GaslibStationData> out;
  for_each_element(root, [&](pugi::xml_node station) {
    if (local_name(station) == "compressorStation") out.push_back(read_station(file, station, known));
  });
  return out;
}

std::size_t read_gaslib_compressor_stations(const fs::path& cs_file, model::Network& network) {
  std::unordered_map<std::string, model::Compressor*> compressors;
  for (auto& c : network.compressors) compressors.emplace(c.id, &c);
  std::vector<GaslibStationData> stations =
      read_gaslib_cs(cs_file, [&](const std::string& id) { return compressors.count(id) > 0; });
  LineMap lines;
  for (auto& s : stations) {
    const auto it = compressors.find(s.id);
    lines.insert_or_assign(s.id, s.line);
    model::Compressor& c = *it->second;
    if (s.mean_efficiency > 0.0) c.efficiency = s.mean_efficiency;
    if (s.ratio_max > 0.0) c.ratio_max = s.ratio_max;
    if (s.has_machines) c.station = std::move(s.station);
  }
  const XmlFile file(cs_file);
  validated(file, lines, [&] { model::validate(network); });
  return stations.size();
}

}  // namespace linepack::io
