#include "linepack/io/lanl_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "linepack/io/input_error.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/json_text.hpp"
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

constexpr double watt_per_horsepower = 745.699872;  // mechanical hp (NWPipeline "horsepower_max")

[[noreturn]] void fail(const fs::path& file, const std::string& element,
                       const std::string& problem) {
  throw InputError(file, 0, element, problem);
}


/// One LANL entry (node, pipe, ...): typed access by any of several key spellings.
class Entry {
 public:
  Entry(const fs::path& file, std::string element, const json& j)
      : file_(file), element_(std::move(element)), j_(j) {}
  const std::string& id() const { return element_; }

  const json* find(Keys keys) const {
    for (const char* k : keys)
      if (auto it = j_.find(k); it != j_.end() && !it->is_null()) return &*it;
    return nullptr;
  }
  std::optional<double> number(Keys keys) const {
    const json* v = find(keys);
    if (v == nullptr) return std::nullopt;
    if (!v->is_number())
      fail(file_, element_, fmt::format("\"{}\" must be a number", *keys.begin()));
    return v->get<double>();
  }
  double required_number(Keys keys) const {
    if (auto v = number(keys)) return *v;
    fail(file_, element_, fmt::format("missing required key \"{}\"", *keys.begin()));
  }
  std::string node(Keys keys) const {
    const json* v = find(keys);
    if (v == nullptr)
      fail(file_, element_, fmt::format("missing required key \"{}\"", *keys.begin()));
    if (auto s = json_id_text(*v)) return *s;
    fail(file_, element_, fmt::format("\"{}\" must be a node id", *keys.begin()));
  }

 private:
  const fs::path& file_;
  std::string element_;
  const json& j_;
};

/// Orders ids numerically when both are integers, else as text.
bool id_less(const std::string& a, const std::string& b) {
  auto digits = [](const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (digits(a) && digits(b) && a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

/// The entries of network[key] (an object keyed by id, or an array), ordered by id. The LANL
/// id is the object key; an "id"/`id_key` field, when present, must agree with it.
std::vector<std::pair<std::string, const json*>> entries(const json& network, const char* key,
                                                         const char* id_key, const fs::path& file) {
  std::vector<std::pair<std::string, const json*>> out;
  auto it = network.find(key);
  if (it == network.end() || it->is_null()) return out;
  auto field_id = [&](const json& e) -> std::optional<std::string> {
    for (const char* k : {"id", id_key})
      if (auto f = e.find(k); f != e.end()) return json_id_text(*f);
    return std::nullopt;
  };
  if (it->is_object()) {
    for (const auto& [id, e] : it->items()) {
      if (!e.is_object()) fail(file, id, fmt::format("\"{}\" entries must be objects", key));
      if (auto f = field_id(e); f && *f != id)
        fail(file, id, fmt::format("\"{}\": key \"{}\" but id {}", key, id, *f));
      out.emplace_back(id, &e);
    }
  } else if (it->is_array()) {
    for (const auto& e : *it) {
      auto f = e.is_object() ? field_id(e) : std::nullopt;
      if (!f) fail(file, "", fmt::format("\"{}\": an entry has no id", key));
      out.emplace_back(*f, &e);
    }
  } else {
    fail(file, "", fmt::format("\"{}\" must be an object or an array", key));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return id_less(a.first, b.first); });
  return out;
}

/// The ids in bc[key][list] ("on"/"off" lists of valves and control valves).
std::set<std::string> id_list(const json& bc, const char* key, const char* list,
                              const fs::path& file) {
  std::set<std::string> out;
  auto it = bc.find(key);
  if (it == bc.end() || !it->is_object()) return out;
  auto l = it->find(list);
  if (l == it->end() || l->is_null()) return out;
  if (!l->is_array()) fail(file, "", fmt::format("\"{}\".\"{}\" must be an array", key, list));
  for (const auto& v : *l) {
    auto id = json_id_text(v);
    if (!id) fail(file, "", fmt::format("\"{}\".\"{}\" holds a non-id", key, list));
    out.insert(*id);
  }
  return out;
}

/// bc[key][id] as {control_type, value}; nullopt when absent.
std::optional<std::pair<long long, double>> control_entry(const json& bc, const char* key,
                                                          const std::string& id,
                                                          const std::string& element,
                                                          const fs::path& file) {
  auto it = bc.find(key);
  if (it == bc.end() || !it->is_object()) return std::nullopt;
  auto e = it->find(id);
  if (e == it->end()) return std::nullopt;
  if (!e->is_object()) fail(file, element, fmt::format("\"{}\" entry must be an object", key));
  const Entry entry(file, element, *e);
  const auto type = exact_integer(entry.required_number({"control_type"}));
  if (!type) fail(file, element, "control_type must be an integer");
  return std::pair{*type, entry.required_number({"value"})};
}

// ---- LANL control semantics: kept here so that they can be corrected in one place ----
// GasSteadySim's CONTROL_TYPE: 0 = c_ratio_control, 1 = discharge_pressure_control,
// 2 = flow_control. GasSteadySim itself only accepts 0 (bc.jl raises an error otherwise).

// TODO(semantics): confirm the mapping of control_type 1 and 2 for compressors.
void apply_lanl_compressor(model::Compressor& k, long long control_type, double value,
                           const fs::path& bc_file) {
  k.state = model::ControlState::active;
  k.setpoint = value;
  switch (control_type) {
    case 0:
      k.mode = model::CompressorMode::pressure_ratio;
      return;  // p_to = value * p_from
    case 1:
      k.mode = model::CompressorMode::outlet_pressure;
      return;  // p_to = value [Pa]
    case 2:
      k.mode = model::CompressorMode::throughput;
      return;  // flow = value [kg/s]
  }
  fail(bc_file, k.id, fmt::format("unknown compressor control_type {}", control_type));
}

// GasSteadySim treats a control valve that is not "off" like a compressor: control_type 0
// imposes p_to = value * p_from. Ratio 1 is linepack's bypass (open, no pressure change); a
// regulator in linepack holds an outlet pressure, which we take control_type 1 to mean.
// TODO(semantics): confirm; ratios other than 1 and flow control have no linepack equivalent.
void apply_lanl_control_valve(model::ControlValve& v, long long control_type, double value,
                              const fs::path& bc_file) {
  if (control_type == 0 && value == 1.0) {
    v.state = model::ControlState::bypass;
    return;
  }
  if (control_type == 1) {
    v.state = model::ControlState::active;
    v.outlet_pressure_pa = value;
    return;
  }
  fail(bc_file, v.id,
       fmt::format("control valve control_type {} with value {} is not supported (supported: "
                   "control_type 0 with ratio 1 = bypass, control_type 1 = outlet pressure)",
                   control_type, value));
}

/// Reads params.json: temperature, specific gravity, heat capacity ratio; SI units only.
void read_params(const fs::path& file, model::PhysicsSettings& ph) {
  const json doc = read_json_file(file);
  const json* params = nullptr;
  if (doc.is_object())
    for (const char* k : {"simulation_params", "params"})
      if (auto it = doc.find(k); it != doc.end() && it->is_object()) params = &*it;
  if (params == nullptr)  // GasSteadySim would run on its defaults; say so instead
    fail(file, "", "no \"simulation_params\" or \"params\" object");
  // GasSteadySim finds its keys by substring and has these defaults.
  double temperature = 288.706, gravity = 0.6, kappa = 1.4, units = 0.0;
  for (const auto& [key, value] : params->items()) {
    double* target = nullptr;
    if (key.find("Temperature") != std::string::npos)
      target = &temperature;
    else if (key.find("Gas") != std::string::npos)
      target = &gravity;
    else if (key.find("Specific heat") != std::string::npos)
      target = &kappa;
    else if (key.find("units") != std::string::npos)
      target = &units;
    if (target == nullptr) continue;  // nominal values: scaling only
    if (!value.is_number()) fail(file, "", fmt::format("\"{}\" must be a number", key));
    *target = value.get<double>();
  }
  if (units != 0.0) fail(file, "", "standard units not supported (only SI, units = 0)");
  if (!(gravity > 0.0)) fail(file, "", "gas specific gravity must be positive");
  ph.temperature_k = temperature;
  ph.gas.isentropic_exponent = kappa;
  // Same specific gas constant as LANL: R_ours / M_ours == 8.314 / (0.02896 G).
  ph.gas.molar_mass_kg_per_mol =
      units::gas_constant_j_per_mol_k / (lanl_gas_constant / (lanl_air_molar_mass * gravity));
  ph.eos.kind = gas::EosKind::ideal;
  ph.eos.cnga_specific_gravity = gravity;
  ph.friction = model::FrictionLaw::fixed;
}

/// Reads the boundary numbers bc[key] = {node: value}.
void read_node_values(const json& bc, const char* key, model::NodeBoundary::Kind kind,
                      const fs::path& file, model::Scenario& s) {
  auto it = bc.find(key);
  if (it == bc.end() || it->is_null()) return;
  if (!it->is_object()) fail(file, "", fmt::format("\"{}\" must be an object", key));
  std::vector<std::string> ids;
  for (const auto& [node, value] : it->items()) ids.push_back(node);
  std::sort(ids.begin(), ids.end(), id_less);
  for (const auto& node : ids) {
    const json& value = (*it)[node];
    if (!value.is_number()) fail(file, node, fmt::format("\"{}\" value must be a number", key));
    s.boundaries.push_back({node, kind, value.get<double>()});
  }
}

void check_known(const std::set<std::string>& ids, const std::set<std::string>& known,
                 const char* what, const fs::path& file) {
  for (const auto& id : ids)
    if (known.count(id) == 0) fail(file, id, fmt::format("{} {} does not exist", what, id));
}

void validate_converted(const LoadedModel& m, const fs::path& network_file,
                        const fs::path& bc_file) {
  auto rethrow = [](const model::ValidationError& e, const fs::path& file) {
    std::string message = e.what();
    const std::string prefix = "'" + e.element() + "': ";
    if (!e.element().empty() && message.starts_with(prefix)) message.erase(0, prefix.size());
    throw InputError(file, 0, e.element(), message);
  };
  try {
    model::validate(m.network);
  } catch (const model::ValidationError& e) {
    rethrow(e, network_file);
  }
  try {
    model::validate(m.network, m.scenario);
  } catch (const model::ValidationError& e) {
    rethrow(e, bc_file);
  }
}

}  // namespace

std::string lanl_element_id(LanlKind kind, std::string_view lanl_id) {
  const char* prefix = "";
  switch (kind) {
    case LanlKind::pipe:
      prefix = "p";
      break;
    case LanlKind::compressor:
      prefix = "c";
      break;
    case LanlKind::short_pipe:
      prefix = "sp";
      break;
    case LanlKind::valve:
      prefix = "v";
      break;
    case LanlKind::control_valve:
      prefix = "cv";
      break;
    case LanlKind::resistor:
      prefix = "r";
      break;
    case LanlKind::loss_resistor:
      prefix = "lr";
      break;
  }
  return prefix + std::string(lanl_id);
}

/// GasSteadySim gives a short pipe a small resistance: in per-unit Pi~_fr - Pi~_to = 1e-5 f~|f~|,
/// which in SI is Pi(p_fr) - Pi(p_to) = K f|f| with Pi(p) = b1 p^2/2 + b2 p^3/3 and
/// K = 1e-5 a^4 / v0^2, a^2 = R T / M and nominal velocity v0 = ceil(a / 100) m/s
/// (GasSteadySim.jl, src/core/assemble.jl and data_utils.jl). linepack's pipe law with
/// potential Pi/a^2 reproduces it exactly as a 1 m pipe of 1 m diameter with Darcy factor
/// lambda = 2 A^2 K / a^2. Without it, results differ from GasSteadySim's by up to 2e-6.
model::Pipe lanl_short_pipe(const Entry& e, const model::PhysicsSettings& ph) {
  model::Pipe p;
  p.id = e.id();
  p.from = e.node({"fr_node", "from_node"});
  p.to = e.node({"to_node"});
  p.length_m = 1.0;
  p.diameter_m = 1.0;
  const double a2 = ph.gas.specific_gas_constant() * ph.temperature_k;
  const double v0 = std::ceil(std::sqrt(a2) / 100.0);
  const double k = 1e-5 * a2 * a2 / (v0 * v0);
  const double area = 0.25 * units::pi;
  p.friction_factor = 2.0 * area * area * k / a2;
  return p;
}

LoadedModel read_lanl_case_unguarded(const fs::path& folder) {
  const fs::path net_file = folder / "network.json";
  const fs::path bc_file = folder / "bc.json";
  const json net = read_json_file(net_file);
  const json bc = read_json_file(bc_file);
  if (!net.is_object()) fail(net_file, "", "must hold a JSON object");
  if (!bc.is_object()) fail(bc_file, "", "must hold a JSON object");

  LoadedModel m;
  auto& n = m.network;
  n.name = folder.filename().empty() ? folder.parent_path().filename().string()
                                     : folder.filename().string();
  read_params(folder / "params.json", n.physics);

  std::set<std::string> slack_nodes, non_slack_nodes;  // by slack_bool 1 / 0
  for (const auto& [id, j] : entries(net, "nodes", "node_id", net_file)) {
    const Entry e(net_file, id, *j);
    model::Node node;
    node.id = id;
    node.elevation_m = e.number({"elevation"}).value_or(0.0);
    node.pressure_min_pa = e.number({"min_pressure"}).value_or(0.0);
    node.pressure_max_pa = e.number({"max_pressure"}).value_or(model::unbounded);
    node.x = e.number({"x_coord"}).value_or(0.0);
    node.y = e.number({"y_coord"}).value_or(0.0);
    if (auto slack = e.number({"slack_bool"}))
      (*slack == 1.0 ? slack_nodes : non_slack_nodes).insert(id);
    n.nodes.push_back(node);
  }
  auto branch = [](model::Branch& b, const Entry& e) {
    b.id = e.id();
    b.from = e.node({"fr_node", "from_node"});
    b.to = e.node({"to_node"});
  };

  for (const auto& [id, j] : entries(net, "pipes", "pipe_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::pipe, id), *j);
    model::Pipe p;
    branch(p, e);
    p.length_m = e.required_number({"length"});
    p.diameter_m = e.required_number({"diameter"});
    // GasLib-582 (GasFlowRuns) has friction_factor 0 on real pipes. GasSteadySim's pipe law
    // then says Pi(p_fr) = Pi(p_to): a lossless connection, imported as a short pipe.
    const auto f = e.number({"friction_factor"});
    if (f && *f == 0.0) {
      model::ShortPipe sp;
      branch(sp, e);
      n.short_pipes.push_back(sp);
      continue;
    }
    if (f) p.friction_factor = *f;
    n.pipes.push_back(p);
  }

  for (const auto& [id, j] : entries(net, "compressors", "comp_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::compressor, id), *j);
    model::Compressor k;
    branch(k, e);
    if (auto v = e.number({"c_max", "max_c_ratio"})) k.ratio_max = *v;
    if (auto v = e.number({"max_power"}))
      k.power_max_w = *v;
    else if (auto hp = e.number({"horsepower_max"}))
      k.power_max_w = *hp * watt_per_horsepower;
    if (auto v = e.number({"max_flow"})) k.flow_max_kg_per_s = *v;
    auto control = control_entry(bc, "boundary_compressor", id, k.id, bc_file);
    if (!control)
      fail(bc_file, k.id, fmt::format("compressor {} has no boundary_compressor entry", id));
    apply_lanl_compressor(k, control->first, control->second, bc_file);
    n.compressors.push_back(k);
  }

  for (const auto& [id, j] : entries(net, "short_pipes", "short_pipe_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::short_pipe, id), *j);
    n.pipes.push_back(lanl_short_pipe(e, n.physics));
  }

  const auto valves_on = id_list(bc, "boundary_valve", "on", bc_file);
  const auto valves_off = id_list(bc, "boundary_valve", "off", bc_file);
  std::set<std::string> valve_ids;
  for (const auto& [id, j] : entries(net, "valves", "valve_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::valve, id), *j);
    model::Valve v;
    branch(v, e);
    v.open = valves_off.count(id) == 0;  // GasSteadySim: every valve not "off" is open
    valve_ids.insert(id);
    n.valves.push_back(v);
  }
  check_known(valves_on, valve_ids, "valve", bc_file);
  check_known(valves_off, valve_ids, "valve", bc_file);

  const auto cvs_on = id_list(bc, "boundary_control_valve", "on", bc_file);
  const auto cvs_off = id_list(bc, "boundary_control_valve", "off", bc_file);
  std::set<std::string> cv_ids;
  for (const auto& [id, j] : entries(net, "control_valves", "control_valve_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::control_valve, id), *j);
    model::ControlValve v;
    branch(v, e);
    cv_ids.insert(id);
    if (cvs_off.count(id) != 0) {
      v.state = model::ControlState::closed;
    } else {
      auto control = control_entry(bc, "boundary_control_valve", id, v.id, bc_file);
      if (!control)
        fail(bc_file, v.id,
             fmt::format("control valve {} is not \"off\" and has no "
                         "boundary_control_valve entry",
                         id));
      apply_lanl_control_valve(v, control->first, control->second, bc_file);
    }
    n.control_valves.push_back(v);
  }
  check_known(cvs_on, cv_ids, "control valve", bc_file);
  check_known(cvs_off, cv_ids, "control valve", bc_file);

  for (const auto& [id, j] : entries(net, "resistors", "resistor_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::resistor, id), *j);
    // GasSteadySim's resistor equation is p_fr = p_to: it ignores `drag` (ref.jl even copies it
    // into the diameter). Imported as a lossless short pipe so results match GasSteadySim's.
    e.required_number({"drag"});
    model::ShortPipe sp;
    branch(sp, e);
    n.short_pipes.push_back(sp);
  }
  for (const auto& [id, j] : entries(net, "loss_resistors", "loss_resistor_id", net_file)) {
    const Entry e(net_file, lanl_element_id(LanlKind::loss_resistor, id), *j);
    model::Resistor r;
    branch(r, e);
    r.pressure_loss_pa = e.required_number({"p_loss"});
    n.resistors.push_back(r);
  }

  auto& s = m.scenario;
  s.name = "bc";
  read_node_values(bc, "boundary_pslack", model::NodeBoundary::Kind::pressure, bc_file, s);
  read_node_values(bc, "boundary_nonslack_flow", model::NodeBoundary::Kind::flow, bc_file, s);
  // GasSteadySim takes slack nodes from slack_bool and their pressure from boundary_pslack.
  std::set<std::string> pslack;
  for (const auto& b : s.boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure) pslack.insert(b.node);
  for (const auto& id : slack_nodes)
    if (pslack.count(id) == 0) fail(bc_file, id, "slack node has no boundary_pslack pressure");
  for (const auto& id : pslack)
    if (non_slack_nodes.count(id) != 0)
      fail(net_file, id, "node in boundary_pslack has slack_bool 0");

  validate_converted(m, net_file, bc_file);
  return m;
}

LoadedModel read_lanl_case(const fs::path& folder) {
  return reading(folder, [&]() -> LoadedModel { return read_lanl_case_unguarded(folder); });
}

}  // namespace linepack::io
