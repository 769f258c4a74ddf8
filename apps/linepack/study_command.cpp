#include "study_command.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "linepack/design/capacity.hpp"
#include "linepack/design/line_design.hpp"
#include "planning_study.hpp"
#include "linepack/io/atomic_file.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/result_writer.hpp"
#include "linepack/io/schedule_reader.hpp"
#include "linepack/transient/simulator.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

/// Required member of a config object, with an error naming the file and key.
const json& need(const json& j, const char* key, const fs::path& file, const std::string& where) {
  if (!j.is_object() || !j.contains(key))
    throw io::InputError(file, 0, "", fmt::format("{}: missing key \"{}\"", where, key));
  return j.at(key);
}

/// A case's tag names its result file OUTDIR/<tag>.json: a plain file name only, so that no
/// tag ("../x", "/tmp/x") writes outside the output folder.
std::string checked_tag(const std::string& tag, const fs::path& file, const std::string& name) {
  const bool plain = !tag.empty() && tag != "." && tag != ".." &&
                     tag.find_first_of(std::string("/\\\0", 3)) == std::string::npos &&
                     tag.size() <= 200;
  if (!plain)
    throw io::InputError(file, 0, name,
                         fmt::format("tag \"{}\" is not a plain file name (no '/', '\\', '..'; at "
                                     "most 200 characters)",
                                     tag));
  return tag;
}

/// An optional list of the config that is passed to the report: absent or an array.
json optional_array(const json& cfg, const char* key, const fs::path& file) {
  if (!cfg.contains(key)) return json::array();
  if (!cfg.at(key).is_array())
    throw io::InputError(file, 0, "", fmt::format("\"{}\" must be an array", key));
  return cfg.at(key);
}

/// A capacity entry's station policy: given, off or max.
design::StationPolicy station_policy(const std::string& stations, const fs::path& file,
                                     const std::string& name) {
  if (stations == "given") return design::StationPolicy::as_given;
  if (stations == "off") return design::StationPolicy::off;
  if (stations == "max") return design::StationPolicy::max_discharge;
  throw io::InputError(file, 0, name,
                       fmt::format("\"stations\" must be given, off or max, got \"{}\"", stations));
}

/// A design diameter's key: the nominal size in inches, as a number.
double inches_of(const std::string& key, const fs::path& file) {
  double v = 0.0;
  const auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), v);
  if (ec != std::errc() || end != key.data() + key.size() || !(v > 0.0) || !std::isfinite(v))
    throw io::InputError(file, 0, "",
                         fmt::format("design.diameters: key \"{}\" must be a size in inches", key));
  return v;
}

/// Node chainages along a line: walk from `start` over pipes (adding length) and compressors.
std::vector<std::pair<std::string, double>> chainages(const model::Network& n,
                                                      const std::string& start) {
  std::map<std::string, std::pair<std::string, double>> next;
  for (const auto& p : n.pipes) next[p.from] = {p.to, p.length_m};
  for (const auto& c : n.compressors) next[c.from] = {c.to, 0.0};
  std::vector<std::pair<std::string, double>> out;
  std::string at = start;
  double x = 0.0;
  for (std::size_t guard = 0; guard <= n.nodes.size(); ++guard) {
    out.push_back({at, x});
    auto it = next.find(at);
    if (it == next.end()) break;
    x += it->second.second;
    at = it->second.first;
  }
  return out;
}

json profile_json(const std::string& name, const model::Network& net,
                  const steady::SteadyResult& r, const std::string& start, double maop_bar,
                  double min_bar) {
  std::map<std::string, double> p;
  std::map<std::string, double> elevation;
  for (const auto& node : r.nodes) p[node.id] = node.pressure_pa;
  for (const auto& node : net.nodes) elevation[node.id] = node.elevation_m;
  json prof = {{"name", name}, {"maop_bar", maop_bar}, {"min_pressure_bar", min_bar}};
  json x = json::array(), pb = json::array(), el = json::array(), st = json::array();
  const auto line = chainages(net, start);
  std::map<std::string, double> at;
  for (const auto& [id, km] : line) at[id] = km;
  for (const auto& [id, km] : line) {
    x.push_back(km / 1e3);
    pb.push_back(p.at(id) / 1e5);
    el.push_back(elevation.at(id));
  }
  for (const auto& c : net.compressors)
    for (const auto& e : r.elements)
      if (e.id == c.id && e.shaft_power_w > 0.0 && at.count(c.from)) st.push_back(at[c.from] / 1e3);
  if (r.energy_equation) {
    // Gas temperature along the line: each pipe's profile, and the jump at each station.
    json tx = json::array(), tc = json::array();
    std::map<std::string, const steady::TemperatureProfile*> by_pipe;
    for (const auto& t : r.temperature_profiles) by_pipe[t.pipe] = &t;
    std::map<std::string, double> node_t;
    for (const auto& node : r.nodes) node_t[node.id] = node.temperature_k;
    for (std::size_t k = 0; k + 1 < line.size(); ++k) {
      const auto& [from, km] = line[k];
      const std::string& to = line[k + 1].first;
      const steady::TemperatureProfile* tp = nullptr;
      for (const auto& pipe : net.pipes)
        if (pipe.from == from && pipe.to == to) tp = by_pipe[pipe.id];
      if (tp != nullptr) {
        for (std::size_t i = 0; i < tp->position_m.size(); ++i) {
          tx.push_back((km + tp->position_m[i]) / 1e3);
          tc.push_back(tp->temperature_k[i] - 273.15);
        }
      } else {  // a station: suction, then discharge at the same chainage
        tx.push_back(km / 1e3), tc.push_back(node_t.at(from) - 273.15);
        tx.push_back(km / 1e3), tc.push_back(node_t.at(to) - 273.15);
      }
    }
    prof["temperature_km"] = tx;
    prof["temperature_c"] = tc;
  }
  prof["chainage_km"] = x;
  prof["pressure_bar"] = pb;
  prof["elevation_m"] = el;
  prof["stations_km"] = st;
  return prof;
}

/// Applies a capacity entry's optional "overrides" to a loaded model, for sensitivities:
/// roughness_m (every pipe), temperature_k, supply_bar (every pressure boundary),
/// delivery_min_bar (the terminal's minimum pressure), station_power_max_mw (every compressor).
void apply_overrides(io::LoadedModel& m, const json& overrides, const std::string& terminal,
                     const fs::path& file) {
  for (const auto& [key, value] : overrides.items()) {
    if (!value.is_number())
      throw io::InputError(file, 0, "", fmt::format("overrides.{} must be a number", key));
    const double v = value.get<double>();
    if (key == "roughness_m") {
      for (auto& p : m.network.pipes) p.roughness_m = v;
    } else if (key == "temperature_k") {
      m.network.physics.temperature_k = v;
    } else if (key == "supply_bar") {
      for (auto& b : m.scenario.boundaries)
        if (b.kind == model::NodeBoundary::Kind::pressure) b.value = v * 1e5;
    } else if (key == "delivery_min_bar") {
      for (auto& n : m.network.nodes)
        if (n.id == terminal) n.pressure_min_pa = v * 1e5;
    } else if (key == "station_power_max_mw") {
      for (auto& c : m.network.compressors) c.power_max_w = v * 1e6;
    } else {
      throw io::InputError(file, 0, "",
                           fmt::format("unknown override \"{}\" (expected roughness_m, "
                                       "temperature_k, supply_bar, delivery_min_bar, "
                                       "station_power_max_mw)", key));
    }
  }
}

/// A steady case's optional "thermal" object: physics.thermal settings (docs/model-format.md)
/// for that case, e.g. a summer case with its ground and supply temperatures.
void apply_thermal(io::LoadedModel& m, const json& thermal, const fs::path& file,
                   const std::string& name) {
  if (!thermal.is_object())
    throw io::InputError(file, 0, name, "\"thermal\" must be an object");
  auto& t = m.network.physics.thermal;
  t.energy_equation = true;
  for (const auto& [key, value] : thermal.items()) {
    if (key == "energy_equation" && value.is_boolean()) {
      t.energy_equation = value.get<bool>();
      continue;
    }
    if (!value.is_number())
      throw io::InputError(file, 0, name, fmt::format("thermal.{} must be a number", key));
    const double v = value.get<double>();
    if (key == "ground_temperature_k") t.ground_temperature_k = v;
    else if (key == "supply_temperature_k") t.supply_temperature_k = v;
    else if (key == "heat_transfer_coefficient_w_per_m2_k") t.heat_transfer_coefficient_w_per_m2_k = v;
    else
      throw io::InputError(file, 0, name,
                           fmt::format("unknown thermal key \"{}\" (expected energy_equation, "
                                       "ground_temperature_k, supply_temperature_k, "
                                       "heat_transfer_coefficient_w_per_m2_k)", key));
  }
}

/// The day of operation: a transient run of `day.model` with `day.schedule`, sampled every
/// `day.sample_s`: line pack (MSm3 at 60 degF), terminal pressure, total compressor power, and
/// the terminal's survival time.
json run_day(const json& day, const fs::path& base, const fs::path& file, const std::string& terminal,
             double min_bar) {
  io::LoadedModel m =
      io::read_native_model(base / need(day, "model", file, "day").get<std::string>());
  const auto schedule =
      io::read_schedule(base / need(day, "schedule", file, "day").get<std::string>(), m.network);
  transient::TransientOptions options;
  options.duration_s = day.value("duration_s", 86400.0);
  options.dt_s = day.value("dt_s", 60.0);
  options.dx_m = day.value("dx_m", 1000.0);
  const double sample_s = day.value("sample_s", 900.0);
  transient::Simulator sim(m.network, m.scenario, schedule, options);
  const auto start = sim.start_from_steady();
  if (!start.converged) throw std::runtime_error("day: no initial steady state: " + sim.message());
  std::size_t terminal_index = 0;
  for (std::size_t i = 0; i < m.network.nodes.size(); ++i)
    if (m.network.nodes[i].id == terminal) terminal_index = i;
  const double rho_std = m.network.physics.gas.standard_density();
  json t = json::array(), lp = json::array(), pd = json::array(), pw = json::array();
  double next_sample = options.start_time_s;
  auto sample = [&](const transient::Simulator& s) {
    if (s.time() + 1e-6 < next_sample && !s.finished()) return;
    const auto& snap = s.snapshot();
    double power = 0.0;
    for (double w : snap.compressor_power_w) power += w;
    t.push_back(snap.time_s / 3600.0);
    lp.push_back(snap.linepack_kg / rho_std / 1e6);
    pd.push_back(snap.node_pressure_pa[terminal_index] / 1e5);
    pw.push_back(power / 1e6);
    next_sample += sample_s;
  };
  sample(sim);
  if (!sim.run(sample)) throw std::runtime_error("day: the transient run failed: " + sim.message());
  json survival = nullptr;
  for (const auto& s : sim.survival())
    if (s.node == terminal_index && s.survival_time_s) survival = *s.survival_time_s / 3600.0;
  json events = json::array();
  for (const auto& e : day.value("events", json::array())) events.push_back(e);
  return {{"time_h", t},           {"linepack_msm3", lp},  {"delivery_pressure_bar", pd},
          {"compressor_power_mw", pw}, {"min_delivery_bar", min_bar}, {"survival_time_h", survival},
          {"events", events}};
}

/// The gas quality day: a transient run of `quality_day.model` with `quality_day.schedule` (a
/// schedule with supply compositions, docs/transient.md §10), sampled every `sample_s`: the gross
/// calorific value (MJ per normal m3, ISO 6976) at each of `quality_day.nodes`.
json run_quality_day(const json& q, const fs::path& base, const fs::path& file) {
  io::LoadedModel m =
      io::read_native_model(base / need(q, "model", file, "quality_day").get<std::string>());
  const auto schedule = io::read_schedule(
      base / need(q, "schedule", file, "quality_day").get<std::string>(), m.network);
  if (schedule.compositions.empty())
    throw io::InputError(file, 0, "quality_day",
                         "the schedule gives no supply compositions (no gas quality to show)");
  std::vector<std::size_t> nodes;
  for (const auto& id : need(q, "nodes", file, "quality_day")) {
    const std::string name = id.get<std::string>();
    std::size_t i = 0;
    while (i < m.network.nodes.size() && m.network.nodes[i].id != name) ++i;
    if (i == m.network.nodes.size())
      throw io::InputError(file, 0, "quality_day.nodes", "unknown node '" + name + "'");
    nodes.push_back(i);
  }
  transient::TransientOptions options;
  options.duration_s = q.value("duration_s", 86400.0);
  options.dt_s = q.value("dt_s", 60.0);
  options.dx_m = q.value("dx_m", 1000.0);
  const double sample_s = q.value("sample_s", 900.0);
  transient::Simulator sim(m.network, m.scenario, schedule, options);
  if (!sim.start_from_steady().converged)
    throw std::runtime_error("quality_day: no initial steady state: " + sim.message());
  json t = json::array();
  std::vector<json> cv(nodes.size(), json::array());
  double next_sample = options.start_time_s;
  auto sample = [&](const transient::Simulator& s) {
    if (s.time() + 1e-6 < next_sample && !s.finished()) return;
    t.push_back(s.snapshot().time_s / 3600.0);
    for (std::size_t k = 0; k < nodes.size(); ++k)
      cv[k].push_back(s.snapshot().node_gross_cv_j_per_m3[nodes[k]] / 1e6);
    next_sample += sample_s;
  };
  sample(sim);
  if (!sim.run(sample))
    throw std::runtime_error("quality_day: the transient run failed: " + sim.message());
  json series = json::array();
  for (std::size_t k = 0; k < nodes.size(); ++k)
    series.push_back({{"node", m.network.nodes[nodes[k]].id}, {"gross_cv_mj_per_m3", cv[k]}});
  return {{"time_h", t}, {"series", series}};
}

int run_study_config(const StudyArgs& args);

}  // namespace

CLI::App* add_study_command(CLI::App& app, StudyArgs& args) {
  auto* cmd = app.add_subcommand(
      "study", "Run a line study (steady cases, capacity, station design) from a config file");
  cmd->add_option("config", args.config, "Study config JSON (see docs/study.md)")->required();
  cmd->add_option("-o,--output", args.output_dir, "Output folder (study.json and per-case results)")
      ->required();
  return cmd;
}

int run_study(const StudyArgs& args) {
  const fs::path config_file = args.config;
  std::error_code ec;
  if (fs::exists(args.output_dir, ec) && !fs::is_directory(args.output_dir, ec))
    throw std::runtime_error(args.output_dir + ": exists and is not a folder");
  try {
    return io::reading(config_file, [&] { return run_study_config(args); });
  } catch (const model::ValidationError& e) {  // a model as changed by the config's overrides
    throw io::InputError(config_file, 0, e.element(), e.problem());
  }
}

namespace {

int run_study_config(const StudyArgs& args) {
  const fs::path config_file = args.config;
  const json cfg = io::read_json_file(config_file);
  if (!cfg.is_object()) throw io::InputError(config_file, 0, "", "must hold a JSON object");
  const fs::path base = config_file.parent_path();
  const fs::path out = args.output_dir;
  check_planning_config(cfg, config_file);  // bad planning input: exit 2 before anything is written
  // Results are kept until the whole study has run: a config error found late leaves nothing.
  std::vector<std::pair<fs::path, std::string>> outputs;
  std::set<std::string> tags;
  Figures figures;

  json study = {{"title", cfg.value("title", "Line study")}, {"subtitle", cfg.value("subtitle", "")}};
  const double maop_bar = cfg.value("maop_bar", 99.01325);
  const double min_bar = cfg.value("delivery_min_bar", 40.0);
  const std::string supply = need(cfg, "supply_node", config_file, "study");
  const std::string start = need(cfg, "line_start_node", config_file, "study");
  const std::string terminal = need(cfg, "terminal_node", config_file, "study");
  json summary = json::array();

  // Steady cases.
  study["profiles"] = json::array();
  int failures = 0;
  for (const auto& c : need(cfg, "cases", config_file, "study")) {
    const std::string name = need(c, "name", config_file, "cases[]");
    io::LoadedModel m = io::read_native_model(base / need(c, "model", config_file, name).get<std::string>());
    if (c.contains("controls"))
      m.scenario = io::read_controls_file(base / c.at("controls").get<std::string>(), m.scenario);
    if (c.contains("thermal")) apply_thermal(m, c.at("thermal"), config_file, name);
    const std::string tag = checked_tag(c.value("tag", name), config_file, name);
    if (!tags.insert(tag).second || tag == "study")
      throw io::InputError(config_file, 0, name,
                           fmt::format("tag \"{}\" names the result file of another case or of "
                                       "study.json",
                                       tag));
    steady::SteadyResult r;
    try {
      r = steady::solve(m.network, m.scenario);
    } catch (const model::ValidationError& e) {
      throw io::InputError(base / c.at("model").get<std::string>(), 0, e.element(), e.problem());
    }
    outputs.emplace_back(out / (tag + ".json"), io::result_json_text(r));
    if (r.status != steady::Status::converged) ++failures;
    study["profiles"].push_back(profile_json(name, m.network, r, supply, maop_bar, min_bar));
    double terminal_bar = 0.0;
    for (const auto& node : r.nodes)
      if (node.id == terminal) terminal_bar = node.pressure_pa / 1e5;
    std::string hottest;  // energy equation: the hottest gas leaving a station
    if (r.energy_equation) {
      double t_max = 0.0;
      std::string at;
      for (const auto& e : r.elements)
        if (e.kind == "compressor" && e.discharge_temperature_k > t_max)
          t_max = e.discharge_temperature_k, at = e.id;
      if (!at.empty()) hottest = fmt::format(", {} discharge {:.1f} degC", at, t_max - 273.15);
    }
    summary.push_back({{"label", name},
                       {"value", fmt::format("{}: {} {:.2f} bara, stations {:.1f} MW{}",
                                             steady::to_string(r.status), terminal, terminal_bar,
                                             r.total_compressor_power_w / 1e6, hottest)}});
    fmt::print(stderr, "study: case {}: {} ({} = {:.2f} bara)\n", name, steady::to_string(r.status),
               terminal, terminal_bar);
  }

  // Capacity.
  study["capacity"] = json::array();
  for (const auto& c : cfg.value("capacity", json::array())) {
    const std::string name = need(c, "case", config_file, "capacity[]");
    io::LoadedModel m =
        io::read_native_model(base / need(c, "model", config_file, name).get<std::string>());
    if (c.contains("overrides")) apply_overrides(m, c.at("overrides"), terminal, config_file);
    design::CapacityOptions options;
    for (const auto& [node, share] : need(c, "deliver", config_file, name).items())
      options.deliveries.push_back({node, share.get<double>()});
    const std::string stations = c.value("stations", "given");
    options.stations = station_policy(stations, config_file, name);
    const double rho_std = m.network.physics.gas.standard_density();
    options.zero_other_offtakes = c.value("only_these_offtakes", false);
    if (c.contains("supply_limit_mmcfd")) {
      if (!c.at("supply_limit_mmcfd").is_number() || !(c.at("supply_limit_mmcfd").get<double>() > 0.0))
        throw io::InputError(config_file, 0, "", name + ": supply_limit_mmcfd must be a number > 0");
      options.supply_limit_kg_per_s =
          units::mmcfd_to_kg_per_s(c.at("supply_limit_mmcfd").get<double>(), rho_std);
      options.supply_limit_label = c.value("supply_limit_label", std::string("supply limit"));
    }
    const auto r = design::capacity(m.network, m.scenario, options);
    const double mmcfd = units::kg_per_s_to_mmcfd(r.total_kg_per_s, rho_std);
    if (c.contains("key")) {
      figures["cap_" + c.at("key").get<std::string>()] = mmcfd;
      figures["cap_" + c.at("key").get<std::string>() + "_mw"] =
          r.at_capacity.total_compressor_power_w / 1e6;
    }
    study["capacity"].push_back({{"case", name},
                                 {"stations", stations},
                                 {"capacity_mmcfd", mmcfd},
                                 {"capacity_kg_per_s", r.total_kg_per_s},
                                 {"power_mw", r.at_capacity.total_compressor_power_w / 1e6},
                                 {"binding", r.binding_reason}});
    summary.push_back({{"label", "capacity: " + name}, {"value", fmt::format("{:.0f} mmcfd", mmcfd)}});
    fmt::print(stderr, "study: capacity {}: {:.1f} mmcfd ({})\n", name, mmcfd, r.binding_reason);
  }

  // Station design.
  study["design"] = json::array();
  if (cfg.contains("design")) {
    const json& d = cfg.at("design");
    const io::LoadedModel m =
        io::read_native_model(base / need(d, "model", config_file, "design").get<std::string>());
    std::vector<std::pair<std::string, double>> offtakes;
    for (const auto& [node, share] : need(d, "offtakes", config_file, "design").items())
      offtakes.push_back({node, share.get<double>()});
    design::LineSpec spec;
    spec.route = design::route_of(m.network, offtakes, start, terminal);
    spec.route.back().pressure_min_pa = min_bar * 1e5;
    spec.physics = m.network.physics;
    spec.roughness_m = d.value("roughness_m", 1e-5);
    spec.supply_pressure_pa = d.value("supply_bar", 55.0) * 1e5;
    spec.discharge_max_pa = d.value("discharge_bar", 98.0) * 1e5;
    spec.suction_min_pa = d.value("suction_min_bar", 60.0) * 1e5;
    spec.pressure_max_pa = maop_bar * 1e5;
    spec.driver_efficiency = d.value("driver_efficiency", 0.35);
    spec.station_efficiency = d.value("station_efficiency", 0.82);
    const double rho_std = m.network.physics.gas.standard_density();
    for (const auto& [inch, inner_diameter] : need(d, "diameters", config_file, "design").items()) {
      spec.inner_diameter_m = inner_diameter.get<double>();
      for (const auto& target : need(d, "targets_mmcfd", config_file, "design")) {
        const double mmcfd = target.get<double>();
        const auto r = design::design_line(spec, units::mmcfd_to_kg_per_s(mmcfd, rho_std));
        json stations = json::array();
        for (const auto& s : r.stations)
          stations.push_back({{"id", s.id},
                              {"chainage_km", s.chainage_m / 1e3},
                              {"suction_bar", s.suction_pa / 1e5},
                              {"discharge_bar", s.discharge_pa / 1e5},
                              {"power_mw", s.shaft_power_w / 1e6},
                              {"fuel_mmcfd", units::kg_per_s_to_mmcfd(s.fuel_kg_per_s, rho_std)}});
        study["design"].push_back(
            {{"diameter_in", inches_of(inch, config_file)},
             {"target_mmcfd", mmcfd},
             {"feasible", r.feasible},
             {"message", r.message},
             {"delivery_bar", r.delivery_pressure_pa / 1e5},
             {"total_power_mw", r.total_power_w / 1e6},
             {"total_fuel_mmcfd", units::kg_per_s_to_mmcfd(r.total_fuel_kg_per_s, rho_std)},
             {"stations", stations}});
        if (r.feasible) {
          study["profiles"].push_back(line_profile_json(
              r, fmt::format("{}\" at {:.0f} mmcfd (design)", inch, mmcfd), maop_bar, min_bar));
        }
        fmt::print(stderr, "study: design {}\" {:.0f} mmcfd: {} station(s), {:.1f} MW, {}\n", inch,
                   mmcfd, r.stations.size(), r.total_power_w / 1e6,
                   r.feasible ? "feasible" : r.message);
      }
    }
  }
  if (cfg.contains("quality_day"))
    study["quality_day"] = run_quality_day(cfg.at("quality_day"), base, config_file);
  study["day"] = nullptr;
  if (cfg.contains("day")) {
    study["day"] = run_day(cfg.at("day"), base, config_file, terminal, min_bar);
    const auto& day = study["day"];
    double lowest = 1e300;
    for (const auto& v : day["delivery_pressure_bar"]) lowest = std::min(lowest, v.get<double>());
    summary.push_back({{"label", "day of operation: lowest Kasur pressure"},
                       {"value", fmt::format("{:.2f} bara", lowest)}});
    summary.push_back({{"label", "survival time at the terminal"},
                       {"value", day["survival_time_h"].is_null()
                                     ? std::string("not reached within the day")
                                     : fmt::format("{:.1f} h", day["survival_time_h"].get<double>())}});
    fmt::print(stderr, "study: day: lowest {} pressure {:.2f} bara\n", terminal, lowest);
  }
  study["stations"] = optional_array(cfg, "stations", config_file);
  study["assumptions"] = optional_array(cfg, "assumptions", config_file);
  run_planning(cfg, base, config_file, study, summary, figures);
  add_claims(cfg, config_file, study, figures);
  study["summary"] = summary;
  outputs.emplace_back(out / "study.json",
                       study.dump(1, ' ', false, json::error_handler_t::replace) + "\n");
  fs::create_directories(out);
  std::vector<io::OutputFile> files;
  for (const auto& [path, text] : outputs) files.push_back({path, text});
  io::write_files_atomically(files);
  fmt::print(stderr, "study: wrote {}\n", (out / "study.json").string());
  return failures == 0 ? 0 : 1;
}

}  // namespace

}  // namespace linepack::cli
