#include "linepack/io/gastransim_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>

#include "linepack/io/input_error.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/io/lanl_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/units/constants.hpp"
#include "linepack/gas/lanl_constants.hpp"

namespace linepack::io {
namespace {

using gas::lanl_air_molar_mass;
using gas::lanl_gas_constant;

namespace fs = std::filesystem;
using nlohmann::json;
using Keys = std::initializer_list<const char*>;


[[noreturn]] void fail(const fs::path& file, const std::string& element,
                       const std::string& problem) {
  throw InputError(file, 0, element, problem);
}


bool id_less(const std::string& a, const std::string& b) {
  auto digits = [](const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (digits(a) && digits(b) && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

const json* find(const json& j, Keys keys) {
  for (const char* k : keys)
    if (auto it = j.find(k); it != j.end() && !it->is_null()) return &*it;
  return nullptr;
}

double number(const json& j, Keys keys, const fs::path& file, const std::string& id,
              std::optional<double> fallback = std::nullopt) {
  const json* v = find(j, keys);
  if (v == nullptr) {
    if (fallback) return *fallback;
    fail(file, id, fmt::format("missing required key \"{}\"", *keys.begin()));
  }
  if (!v->is_number()) fail(file, id, fmt::format("\"{}\" must be a number", *keys.begin()));
  return v->get<double>();
}

std::string node_ref(const json& j, Keys keys, const fs::path& file, const std::string& id) {
  const json* v = find(j, keys);
  if (v == nullptr) fail(file, id, fmt::format("missing required key \"{}\"", *keys.begin()));
  if (auto s = json_id_text(*v)) return *s;
  fail(file, id, fmt::format("\"{}\" must be a node id", *keys.begin()));
}

/// Entries of an object keyed by id (or an array of objects with ids), ordered by id.
std::vector<std::pair<std::string, const json*>> entries(const json& doc, const char* key,
                                                         Keys id_keys, const fs::path& file) {
  std::vector<std::pair<std::string, const json*>> out;
  auto it = doc.find(key);
  if (it == doc.end() || it->is_null()) return out;
  if (it->is_object()) {
    for (const auto& [id, e] : it->items()) {
      if (!e.is_object()) fail(file, id, fmt::format("\"{}\" entries must be objects", key));
      if (const json* f = find(e, id_keys); f && json_id_text(*f) != id)
        fail(file, id, fmt::format("\"{}\": key \"{}\" but id {}", key, id, f->dump()));
      out.emplace_back(id, &e);
    }
  } else if (it->is_array()) {
    for (const auto& e : *it) {
      const json* f = e.is_object() ? find(e, id_keys) : nullptr;
      auto id = f ? json_id_text(*f) : std::nullopt;
      if (!id) fail(file, "", fmt::format("\"{}\": an entry has no id", key));
      out.emplace_back(*id, &e);
    }
  } else {
    fail(file, "", fmt::format("\"{}\" must be an object or an array", key));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return id_less(a.first, b.first); });
  return out;
}

/// A bc entry: {"time": [...], "value": [...]} or a bare number (constant).
transient::TimeSeries series(const json& v, const fs::path& file, const std::string& id) {
  transient::TimeSeries ts;
  ts.interpolation = transient::Interpolation::linear;
  if (v.is_number()) return transient::TimeSeries{{0.0}, {v.get<double>()},
                                                   transient::Interpolation::linear};
  if (!v.is_object()) fail(file, id, "a boundary value must be a number or {time, value}");
  const json* t = find(v, {"time"});
  const json* x = find(v, {"value"});
  if (!t || !x || !t->is_array() || !x->is_array())
    fail(file, id, "a time series needs arrays \"time\" and \"value\"");
  for (const auto& e : *t) {
    if (!e.is_number()) fail(file, id, "\"time\" must hold numbers");
    ts.time_s.push_back(e.get<double>());
  }
  for (const auto& e : *x) {
    if (!e.is_number()) fail(file, id, "\"value\" must hold numbers");
    ts.value.push_back(e.get<double>());
  }
  try {
    transient::validate_series(ts, transient::ScheduleError::List::none, 0, id);
  } catch (const transient::ScheduleError& e) {
    fail(file, id, e.problem());
  }
  return ts;
}

model::CompressorMode mode_of(long long control_type, const fs::path& file,
                              const std::string& id) {
  switch (control_type) {
    case 0: return model::CompressorMode::pressure_ratio;
    case 1: return model::CompressorMode::outlet_pressure;
    case 2: return model::CompressorMode::throughput;
    default: break;
  }
  fail(file, id, fmt::format("unknown compressor control_type {} (0 ratio, 1 discharge "
                             "pressure, 2 flow)",
                             control_type));
}

/// The compressor's mode: control_type a number or an array that must not change.
model::CompressorMode compressor_mode(const json& e, const fs::path& file, const std::string& id) {
  const json* c = find(e, {"control_type"});
  if (c == nullptr) fail(file, id, "missing required key \"control_type\"");
  auto as_int = [&](const json& v) {
    const auto i = v.is_number() ? exact_integer(v.get<double>()) : std::nullopt;
    if (!i) fail(file, id, "control_type must be an integer");
    return *i;
  };
  if (!c->is_array()) return mode_of(as_int(*c), file, id);
  if (c->empty()) fail(file, id, "control_type is empty");
  const long long first = as_int((*c)[0]);
  for (const auto& v : *c)
    if (as_int(v) != first)
      fail(file, id, "the compressor's control_type changes over time; linepack needs one mode "
                     "per series (use a linepack schedule with a control event)");
  return mode_of(first, file, id);
}

void read_params(const fs::path& file, GasTranSimCase& c) {
  const json doc = read_json_file(file);
  const json* p = find(doc, {"simulation_params", "params"});
  if (p == nullptr || !p->is_object()) fail(file, "", "no \"simulation_params\" object");
  // GasTranSim finds its keys by substring and has these defaults (process_data!).
  double temperature = 288.706, gravity = 0.6, kappa = 1.4, units = 0.0, t0 = 0.0, tf = 3600.0,
         dt = 1.0, out_dt = 3600.0, out_dx = 1000.0;
  for (const auto& [key, value] : p->items()) {
    double* target = nullptr;
    if (key.find("Temperature") != std::string::npos) target = &temperature;
    else if (key.find("Gas") != std::string::npos) target = &gravity;
    else if (key.find("Specific heat") != std::string::npos) target = &kappa;
    else if (key.find("units") != std::string::npos) target = &units;
    else if (key.find("Initial time") != std::string::npos) target = &t0;
    else if (key.find("Final time") != std::string::npos) target = &tf;
    else if (key.find("Discretization") != std::string::npos) target = &dt;
    else if (key.find("Output dt") != std::string::npos) target = &out_dt;
    else if (key.find("Output dx") != std::string::npos) target = &out_dx;
    if (target == nullptr) continue;  // nominal values, Courant number, save flag: not needed
    if (!value.is_number()) fail(file, "", fmt::format("\"{}\" must be a number", key));
    *target = value.get<double>();
  }
  if (units != 0.0) fail(file, "", "standard (US) units are not supported (only SI, units = 0)");
  if (!(gravity > 0.0)) fail(file, "", "gas specific gravity must be positive");
  if (!(temperature > 0.0)) fail(file, "", "temperature must be positive");
  // A time axis that can still resolve a step (docs/limits.md); at 2^64 s, t0 + dt == t0.
  if (!(std::fabs(t0) <= max_schedule_time_s))
    fail(file, "", fmt::format("\"Initial time\" {} s is beyond the limit of {:.0e} s", t0,
                               max_schedule_time_s));
  if (!(std::fabs(tf) <= max_schedule_time_s))
    fail(file, "", fmt::format("\"Final time\" {} s is beyond the limit of {:.0e} s", tf,
                               max_schedule_time_s));
  auto& ph = c.model.network.physics;
  ph.temperature_k = temperature;
  ph.gas.isentropic_exponent = kappa;
  ph.gas.molar_mass_kg_per_mol =
      units::gas_constant_j_per_mol_k / (lanl_gas_constant / (lanl_air_molar_mass * gravity));
  ph.eos.kind = gas::EosKind::ideal;
  ph.eos.cnga_specific_gravity = gravity;
  ph.friction = model::FrictionLaw::fixed;
  c.initial_time_s = t0;
  c.final_time_s = tf;
  c.time_step_s = dt;
  c.output_dt_s = out_dt;
  c.output_dx_m = out_dx;
}

void read_ic(const fs::path& file, GasTranSimCase& c) {
  const json doc = read_json_file(file);
  if (!doc.is_object()) fail(file, "", "must hold a JSON object");
  if (const json* p = find(doc, {"initial_nodal_pressure", "nodal_pressure"})) {
    if (!p->is_object()) fail(file, "", "nodal pressures must be an object");
    for (const auto& [id, v] : p->items()) {
      if (!v.is_number()) fail(file, id, "nodal pressure must be a number");
      c.ic_node_pressure_pa.emplace_back(id, v.get<double>());
    }
  }
  if (const json* q = find(doc, {"initial_pipe_flow", "pipe_flow"})) {
    if (!q->is_object()) fail(file, "", "pipe flows must be an object");
    for (const auto& [id, v] : q->items()) {
      double flow = 0.0;
      if (v.is_number()) flow = v.get<double>();
      else if (v.is_object() && v.contains("value") && v["value"].is_array() && !v["value"].empty())
        flow = v["value"][0].get<double>();  // a profile: its inlet value
      else fail(file, id, "pipe flow must be a number or {distance, value}");
      c.ic_element_flow_kg_per_s.emplace_back(lanl_element_id(LanlKind::pipe, id), flow);
    }
  }
  if (const json* q = find(doc, {"initial_compressor_flow", "compressor_flow"})) {
    if (q->is_object())
      for (const auto& [id, v] : q->items())
        if (v.is_number())
          c.ic_element_flow_kg_per_s.emplace_back(lanl_element_id(LanlKind::compressor, id),
                                                  v.get<double>());
  }
}

void read_disruptions(const fs::path& file, const model::Network& n, GasTranSimCase& c) {
  const json doc = read_json_file(file);
  const json* d = find(doc, {"disruption", "disruptions"});
  if (d == nullptr) return;
  if (!d->is_object()) fail(file, "", "\"disruption\" must be an object");
  auto known_node = [&](const std::string& id) {
    return std::any_of(n.nodes.begin(), n.nodes.end(), [&](const auto& x) { return x.id == id; });
  };
  auto known_pipe = [&](const std::string& id) {
    return std::any_of(n.pipes.begin(), n.pipes.end(), [&](const auto& x) { return x.id == id; });
  };
  for (const auto& [key, e] : entries(*d, "node_disruptions", {"id_never_used"}, file)) {
    const std::string node = node_ref(*e, {"node_id"}, file, key);
    const double t = number(*e, {"disrupt_time"}, file, key);
    const double delay = number(*e, {"valve_delay"}, file, key, 0.0);
    c.notes.push_back(fmt::format(
        "{}: node disruption {} (node {}{}, at {} s over {} s) not applied: GasTranSim reads "
        "disruptions but does not apply them; use a linepack schedule (supply_loss or "
        "offtake_step with duration_s) instead",
        file.filename().string(), key, node, known_node(node) ? "" : ", not in the network", t,
        delay));
  }
  for (const auto& [key, e] : entries(*d, "pipe_disruptions", {"id_never_used"}, file)) {
    const std::string pipe = lanl_element_id(LanlKind::pipe, node_ref(*e, {"pipe_id"}, file, key));
    const double t = number(*e, {"disrupt_time"}, file, key);
    const double x = number(*e, {"distance"}, file, key, 0.0);
    c.notes.push_back(fmt::format(
        "{}: pipe disruption {} (pipe {}{} at {} m, at {} s) not applied: GasTranSim reads "
        "disruptions but does not apply them",
        file.filename().string(), key, pipe, known_pipe(pipe) ? "" : ", not in the network", x,
        t));
  }
}

}  // namespace

bool is_gastransim_case(const fs::path& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec) || !fs::exists(folder / "network.json", ec)) return false;
  if (!fs::exists(folder / "params.json", ec)) return false;
  try {
    const json doc = read_json_file(folder / "params.json");
    return doc.is_object() && doc.contains("simulation_params");
  } catch (const InputError&) {
    return false;
  }
}

transient::Schedule read_gastransim_bc_unguarded(const fs::path& file) {
  const json bc = read_json_file(file);
  if (!bc.is_object()) fail(file, "", "must hold a JSON object");
  transient::Schedule s;
  auto nodes = [&](const char* key, model::NodeBoundary::Kind kind) {
    auto it = bc.find(key);
    if (it == bc.end() || it->is_null()) return;
    if (!it->is_object()) fail(file, "", fmt::format("\"{}\" must be an object", key));
    std::vector<std::string> ids;
    for (const auto& [id, v] : it->items()) ids.push_back(id);
    std::sort(ids.begin(), ids.end(), id_less);
    for (const auto& id : ids) s.nodes.push_back({id, kind, series((*it)[id], file, id)});
  };
  nodes("boundary_pslack", model::NodeBoundary::Kind::pressure);
  nodes("boundary_nonslack_flow", model::NodeBoundary::Kind::flow);
  if (auto it = bc.find("boundary_compressor"); it != bc.end() && !it->is_null()) {
    if (!it->is_object()) fail(file, "", "\"boundary_compressor\" must be an object");
    std::vector<std::string> ids;
    for (const auto& [id, v] : it->items()) ids.push_back(id);
    std::sort(ids.begin(), ids.end(), id_less);
    for (const auto& id : ids) {
      const json& e = (*it)[id];
      const std::string element = lanl_element_id(LanlKind::compressor, id);
      if (!e.is_object()) fail(file, element, "a boundary_compressor entry must be an object");
      transient::ElementSeries es;
      es.element = element;
      es.state = model::ControlState::active;
      es.mode = compressor_mode(e, file, element);
      const json* t = find(e, {"time"});
      const json* v = find(e, {"value"});
      if (v == nullptr) fail(file, element, "missing required key \"value\"");
      if (t == nullptr) es.setpoint = series(*v, file, element);
      else es.setpoint = series(json{{"time", *t}, {"value", *v}}, file, element);
      s.elements.push_back(std::move(es));
    }
  }
  return s;
}

GasTranSimCase read_gastransim_case_unguarded(const fs::path& folder, const GasTranSimFiles& files,
                                    const std::optional<fs::path>& bc_override) {
  const fs::path net_file = folder / "network.json";
  const fs::path bc_file = bc_override ? *bc_override : folder / files.bc;
  GasTranSimCase c;
  auto& n = c.model.network;
  n.name = folder.filename().empty() ? folder.parent_path().filename().string()
                                     : folder.filename().string();
  read_params(folder / files.params, c);
  const json net = read_json_file(net_file);
  if (!net.is_object()) fail(net_file, "", "must hold a JSON object");

  std::set<std::string> slack;
  for (const auto& [id, j] : entries(net, "nodes", {"node_id", "id"}, net_file)) {
    model::Node node;
    node.id = id;
    node.pressure_min_pa = number(*j, {"min_pressure"}, net_file, id, 0.0);
    node.pressure_max_pa = number(*j, {"max_pressure"}, net_file, id, model::unbounded);
    node.x = number(*j, {"x_coord"}, net_file, id, 0.0);
    node.y = number(*j, {"y_coord"}, net_file, id, 0.0);
    if (const json* sb = find(*j, {"slack_bool"})) {
      const bool is_slack = sb->is_boolean() ? sb->get<bool>()
                                             : (sb->is_number() && sb->get<double>() == 1.0);
      if (is_slack) slack.insert(id);
    }
    n.nodes.push_back(node);
  }
  for (const auto& [id, j] : entries(net, "pipes", {"pipe_id", "id"}, net_file)) {
    model::Pipe p;
    p.id = lanl_element_id(LanlKind::pipe, id);
    p.from = node_ref(*j, {"from_node", "fr_node"}, net_file, p.id);
    p.to = node_ref(*j, {"to_node"}, net_file, p.id);
    p.length_m = number(*j, {"length"}, net_file, p.id);
    p.diameter_m = number(*j, {"diameter"}, net_file, p.id);
    p.friction_factor = number(*j, {"friction_factor"}, net_file, p.id);
    n.pipes.push_back(p);
  }
  for (const auto& [id, j] : entries(net, "compressors", {"comp_id", "id"}, net_file)) {
    model::Compressor k;
    k.id = lanl_element_id(LanlKind::compressor, id);
    k.from = node_ref(*j, {"from_node", "fr_node"}, net_file, k.id);
    k.to = node_ref(*j, {"to_node"}, net_file, k.id);
    if (const json* v = find(*j, {"c_max"}); v && v->is_number()) k.ratio_max = v->get<double>();
    if (const json* v = find(*j, {"max_power"}); v && v->is_number()) k.power_max_w = v->get<double>();
    if (const json* v = find(*j, {"max_flow"}); v && v->is_number())
      k.flow_max_kg_per_s = v->get<double>();
    k.state = model::ControlState::active;
    n.compressors.push_back(k);
  }

  std::error_code ec;
  if (!fs::exists(bc_file, ec)) {
    std::vector<std::string> candidates;
    for (const auto& f : fs::directory_iterator(folder, ec))
      if (f.path().filename().string().starts_with("bc")) candidates.push_back(f.path().filename().string());
    std::sort(candidates.begin(), candidates.end());
    fail(bc_file, "",
         fmt::format("no boundary conditions file; give one with --schedule (this folder has: {})",
                     candidates.empty() ? std::string("none") : fmt::format("{}", fmt::join(candidates, ", "))));
  }
  c.schedule = read_gastransim_bc(bc_file);
  // Compressors: their mode and first setpoint; scenario: boundary values at the initial time.
  for (const auto& es : c.schedule.elements) {
    auto it = std::find_if(n.compressors.begin(), n.compressors.end(),
                           [&](const auto& k) { return k.id == es.element; });
    if (it == n.compressors.end()) fail(bc_file, es.element, "compressor not in the network");
    it->mode = *es.mode;
    it->setpoint = es.setpoint.at(c.initial_time_s);
  }
  for (const auto& k : n.compressors)
    if (std::none_of(c.schedule.elements.begin(), c.schedule.elements.end(),
                     [&](const auto& es) { return es.element == k.id; }))
      fail(bc_file, k.id, "compressor has no boundary_compressor entry");
  std::set<std::string> pslack;
  for (const auto& ns : c.schedule.nodes) {
    c.model.scenario.boundaries.push_back({ns.node, ns.kind, ns.series.at(c.initial_time_s)});
    if (ns.kind == model::NodeBoundary::Kind::pressure) pslack.insert(ns.node);
  }
  c.model.scenario.name = bc_file.filename().string();
  for (const auto& id : slack)
    if (pslack.count(id) == 0) fail(bc_file, id, "slack node has no boundary_pslack entry");

  try {
    model::validate(n);
  } catch (const model::ValidationError& e) {
    fail(net_file, e.element(), e.problem());
  }
  try {
    model::validate(n, c.model.scenario);
    transient::validate(c.schedule, n);
  } catch (const model::ValidationError& e) {
    fail(bc_file, e.element(), e.problem());
  } catch (const transient::ScheduleError& e) {
    fail(bc_file, e.target(), e.problem());
  }

  if (fs::exists(folder / files.ic, ec)) read_ic(folder / files.ic, c);
  if (fs::exists(folder / files.disruptions, ec)) read_disruptions(folder / files.disruptions, n, c);
  return c;
}

transient::Schedule read_gastransim_bc(const fs::path& file) {
  return reading(file, [&]() -> transient::Schedule { return read_gastransim_bc_unguarded(file); });
}

GasTranSimCase read_gastransim_case(const fs::path& folder, const GasTranSimFiles& files,
                                    const std::optional<fs::path>& bc_override) {
  return reading(folder, [&]() -> GasTranSimCase { return read_gastransim_case_unguarded(folder, files, bc_override); });
}

}  // namespace linepack::io
