#include "linepack/io/native_json.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "linepack/gas/iso6976.hpp"
#include "linepack/gas/presets.hpp"
#include "linepack/io/atomic_file.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/physics/compressor_map.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::io {
namespace {

namespace fs = std::filesystem;
using model::unbounded;
using nlohmann::json;

constexpr const char* format_name = "linepack-model";
constexpr int format_version = 1;

// ---- source text: reading, and line numbers for error messages ----

/// Line of the first `"key": "value"` in the text; 0 when absent or unknown.
std::size_t line_of(const std::string* text, std::string_view key, const std::string& value) {
  if (text == nullptr || value.empty()) return 0;
  const std::string k = "\"" + std::string(key) + "\"";
  const std::string v = json(value).dump();
  for (auto pos = text->find(k); pos != std::string::npos; pos = text->find(k, pos + 1)) {
    auto i = text->find_first_not_of(" \t\r\n", pos + k.size());
    if (i == std::string::npos || (*text)[i] != ':') continue;
    i = text->find_first_not_of(" \t\r\n", i + 1);
    if (i != std::string::npos && text->compare(i, v.size(), v) == 0) return line_at(*text, i);
  }
  return 0;
}

struct Context {
  fs::path file;
  const std::string* text = nullptr;  ///< source text for line numbers, may be null

  std::size_t line(const std::string& element) const {
    for (const char* key : {"id", "node", "element"})
      if (auto l = line_of(text, key, element)) return l;
    return 0;
  }
};

// ---- reading: one JSON object's keys, with type checks and unknown-key detection ----

class Fields {
 public:
  Fields(const Context& ctx, const json& j, std::string what, std::string element = "")
      : ctx_(ctx), j_(j), what_(std::move(what)), element_(std::move(element)) {
    if (!j.is_object()) fail(fmt::format("must be an object, got {}", j.type_name()));
  }

  /// Reads the required identifying key ("id", "node", "element"); errors then name it.
  const std::string& id(const char* key) {
    text(key, element_, true);
    return element_;
  }
  void number(const char* key, double& out, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return;
    if (v->is_null()) {
      out = unbounded;  // null stands for +infinity (unbounded)
      return;
    }
    if (!v->is_number()) wrong_type(key, "a number", *v);
    out = v->get<double>();
  }
  void number(const char* key, std::optional<double>& out) {
    const json* v = get(key, false);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_number()) wrong_type(key, "a number", *v);
    out = v->get<double>();
  }
  void text(const char* key, std::string& out, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return;
    if (!v->is_string()) wrong_type(key, "a string", *v);
    out = v->get<std::string>();
  }
  void flag(const char* key, bool& out) {
    const json* v = get(key, false);
    if (v == nullptr) return;
    if (!v->is_boolean()) wrong_type(key, "true or false", *v);
    out = v->get<bool>();
  }
  /// Reads a string and converts it with `parse` (which throws std::invalid_argument).
  template <class T, class Parse>
  void choice(const char* key, T& out, Parse parse, bool required = false) {
    std::string name;
    if (get(key, required) == nullptr) return;
    text(key, name);
    try {
      out = parse(name);
    } catch (const std::invalid_argument& e) {
      fail(fmt::format("key \"{}\": {}", key, e.what()));
    }
  }
  void integer(const char* key, long long& out, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return;
    if (!v->is_number_integer()) wrong_type(key, "an integer", *v);
    if (v->is_number_unsigned() && v->get<std::uint64_t>() > std::uint64_t{1} << 53)
      fail(fmt::format("key \"{}\": {} is beyond the largest integer accepted, 2^53",
                       key, v->get<std::uint64_t>()));
    if (!v->is_number_unsigned() && v->get<long long>() < -(1LL << 53))
      fail(fmt::format("key \"{}\": {} is beyond the largest integer accepted, -2^53", key,
                       v->get<long long>()));
    out = v->get<long long>();
  }
  const json* object(const char* key) {
    const json* v = get(key, false);
    if (v != nullptr && !v->is_object()) wrong_type(key, "an object", *v);
    return v;
  }
  /// An array of numbers; `size` (when not 0) is the required length.
  void numbers(const char* key, std::vector<double>& out, std::size_t size, bool required = false) {
    const json* v = get(key, required);
    if (v == nullptr) return;
    if (!v->is_array()) wrong_type(key, "an array of numbers", *v);
    if (size != 0 && v->size() != size)
      fail(fmt::format("key \"{}\" must hold {} numbers, got {}", key, size, v->size()));
    out.clear();
    for (const auto& x : *v) {
      if (!x.is_number()) wrong_type(key, "an array of numbers", x);
      out.push_back(x.get<double>());
    }
  }
  template <std::size_t N>
  void numbers(const char* key, std::array<double, N>& out, bool required = false) {
    std::vector<double> v;
    numbers(key, v, N, required);
    if (v.size() == N) std::copy(v.begin(), v.end(), out.begin());
  }
  const Context& context() const { return ctx_; }
  const std::string& element() const { return element_; }
  const json& array(const char* key) {
    static const json empty = json::array();
    const json* v = get(key, false);
    if (v == nullptr) return empty;
    if (!v->is_array()) wrong_type(key, "an array", *v);
    return *v;
  }
  /// Rejects keys that no reader asked for (typos such as "lenght_m"), then missing keys: a
  /// typo is reported as such rather than as the missing key it misspells.
  void finish() const {
    for (const auto& item : j_.items())
      if (used_.count(item.key()) == 0)
        fail(fmt::format("unknown key \"{}\" (expected one of: {})", item.key(),
                         fmt::join(used_, ", ")));
    if (!missing_.empty()) fail(fmt::format("missing required key \"{}\"", missing_.front()));
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(ctx_.file, ctx_.line(element_), element_, what_ + ": " + problem);
  }

 private:
  const json* get(const char* key, bool required) {
    used_.insert(key);
    auto it = j_.find(key);
    if (it != j_.end()) return &*it;
    if (required) missing_.push_back(key);  // reported by finish()
    return nullptr;
  }
  [[noreturn]] void wrong_type(const char* key, const char* expected, const json& v) const {
    fail(fmt::format("key \"{}\" must be {}, got {}", key, expected, v.type_name()));
  }

  const Context& ctx_;
  const json& j_;
  std::string what_;
  std::string element_;
  std::set<std::string> used_;
  std::vector<std::string> missing_;
};

/// Reads parent[key] as an array of objects, each with `read_one(Fields&, T&)`.
template <class T, class ReadOne>
std::vector<T> read_list(const Context& c, Fields& parent, const char* key, ReadOne read_one) {
  const json& array = parent.array(key);
  std::vector<T> out;
  out.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    Fields f(c, array[i], fmt::format("{}[{}]", key, i));
    T item;
    read_one(f, item);
    f.finish();
    out.push_back(std::move(item));
  }
  return out;
}

void read_branch(Fields& f, model::Branch& b) {
  b.id = f.id("id");
  f.text("from", b.from, true);
  f.text("to", b.to, true);
}

void read_node(Fields& f, model::Node& n) {
  n.id = f.id("id");
  f.number("elevation_m", n.elevation_m);
  f.number("pressure_min_pa", n.pressure_min_pa);
  f.number("pressure_max_pa", n.pressure_max_pa);
  f.number("x", n.x);
  f.number("y", n.y);
  f.number("supply_temperature_k", n.supply_temperature_k);
}

void read_pipe(Fields& f, model::Pipe& p) {
  read_branch(f, p);
  f.number("length_m", p.length_m, true);
  f.number("diameter_m", p.diameter_m, true);
  f.number("roughness_m", p.roughness_m);
  f.number("friction_factor", p.friction_factor);
  f.number("loss_coefficient", p.loss_coefficient);
  f.number("heat_transfer_coefficient_w_per_m2_k", p.heat_transfer_coefficient_w_per_m2_k);
  f.number("ground_temperature_k", p.ground_temperature_k);
}

void read_short_pipe(Fields& f, model::ShortPipe& s) { read_branch(f, s); }

void read_resistor(Fields& f, model::Resistor& r) {
  read_branch(f, r);
  f.number("drag_factor", r.drag_factor);
  f.number("diameter_m", r.diameter_m);
  f.number("pressure_loss_pa", r.pressure_loss_pa);
}

void read_valve(Fields& f, model::Valve& v) {
  read_branch(f, v);
  f.flag("open", v.open);
}

void read_control_valve(Fields& f, model::ControlValve& v) {
  read_branch(f, v);
  f.choice("state", v.state, parse_control_state);
  f.choice("mode", v.mode, parse_control_valve_mode);
  f.number("outlet_pressure_pa", v.outlet_pressure_pa);
  f.number("flow_setpoint_kg_per_s", v.flow_setpoint_kg_per_s);
  f.number("pressure_in_min_pa", v.pressure_in_min_pa);
  f.number("pressure_out_max_pa", v.pressure_out_max_pa);
  f.number("flow_max_kg_per_s", v.flow_max_kg_per_s);
  f.number("pressure_drop_min_pa", v.pressure_drop_min_pa);
  f.number("pressure_drop_max_pa", v.pressure_drop_max_pa);
  f.flag("has_bypass", v.has_bypass);
}

model::MapMeasurement::Line parse_map_line(std::string_view name) {
  if (name == "surge") return model::MapMeasurement::Line::surge;
  if (name == "isoline") return model::MapMeasurement::Line::isoline;
  if (name == "choke") return model::MapMeasurement::Line::choke;
  throw std::invalid_argument("unknown map line '" + std::string(name) +
                              "' (expected surge, isoline, choke)");
}

model::DriveKind parse_drive_kind(std::string_view name) {
  if (name == "gas_turbine") return model::DriveKind::gas_turbine;
  if (name == "gas_driven_motor") return model::DriveKind::gas_driven_motor;
  if (name == "electric_motor") return model::DriveKind::electric_motor;
  throw std::invalid_argument("unknown drive kind '" + std::string(name) +
                              "' (expected gas_turbine, gas_driven_motor, electric_motor)");
}

/// A station's machines (docs/model-format.md, "station"); errors name the compressor.
model::Station read_station(const Context& c, const json& j, const std::string& compressor) {
  Fields f(c, j, "station", compressor);
  model::Station s;
  f.number("ambient_temperature_k", s.ambient_temperature_k);
  auto list = [&](const char* key, auto read_one) {
    const json& a = f.array(key);
    for (std::size_t i = 0; i < a.size(); ++i) {
      Fields g(c, a[i], fmt::format("station.{}[{}]", key, i), compressor);
      read_one(g);
      g.finish();
    }
  };
  list("turbo_compressors", [&](Fields& g) {
    model::TurboCompressorUnit t;
    g.text("id", t.id, true);
    g.text("drive", t.drive);
    g.number("speed_min_per_s", t.speed_min_per_s, true);
    g.number("speed_max_per_s", t.speed_max_per_s, true);
    std::vector<double> head;
    g.numbers("head_j_per_kg", head, 9);
    const bool given = !head.empty();
    std::copy(head.begin(), head.end(), t.head_j_per_kg.begin());
    g.numbers("efficiency", t.efficiency, given);
    g.numbers("surge_line_head_j_per_kg", t.surge_line_head_j_per_kg, given);
    g.numbers("choke_line_head_j_per_kg", t.choke_line_head_j_per_kg, given);
    const json& m = g.array("measurements");
    for (std::size_t i = 0; i < m.size(); ++i) {
      Fields h(c, m[i], fmt::format("turbo compressor '{}' measurements[{}]", t.id, i), compressor);
      model::MapMeasurement p;
      h.number("volume_flow_m3_per_s", p.volume_flow_m3_per_s, true);
      h.number("speed_per_s", p.speed_per_s, true);
      h.number("head_j_per_kg", p.head_j_per_kg, true);
      h.number("efficiency", p.efficiency, true);
      h.choice("line", p.line, parse_map_line);
      h.finish();
      t.measurements.push_back(p);
    }
    if (!given) {
      if (t.measurements.empty())
        g.fail(fmt::format("turbo compressor '{}' needs the map coefficients (head_j_per_kg, "
                           "efficiency, surge_line_head_j_per_kg, choke_line_head_j_per_kg) or "
                           "measurements",
                           t.id));
      try {
        const auto fit = physics::fit_turbo_map(t.measurements);
        t.head_j_per_kg = fit.head_j_per_kg;
        t.efficiency = fit.efficiency;
        t.surge_line_head_j_per_kg = fit.surge_line_head_j_per_kg;
        t.choke_line_head_j_per_kg = fit.choke_line_head_j_per_kg;
      } catch (const std::invalid_argument& e) {
        g.fail(fmt::format("turbo compressor '{}': its map cannot be fitted from {} measurement "
                           "point(s): {} (at least 9 points over 3 speeds and 3 flows)",
                           t.id, t.measurements.size(), e.what()));
      }
    }
    s.turbo_compressors.push_back(std::move(t));
  });
  list("piston_compressors", [&](Fields& g) {
    model::PistonCompressorUnit p;
    g.text("id", p.id, true);
    g.text("drive", p.drive);
    g.number("speed_min_per_s", p.speed_min_per_s, true);
    g.number("speed_max_per_s", p.speed_max_per_s, true);
    g.number("operating_volume_m3", p.operating_volume_m3, true);
    g.number("torque_max_nm", p.torque_max_nm);
    g.number("ratio_max", p.ratio_max, true);
    g.number("efficiency", p.efficiency, true);
    g.number("volume_flow_reduction", p.volume_flow_reduction);
    s.piston_compressors.push_back(std::move(p));
  });
  list("drives", [&](Fields& g) {
    model::Drive d;
    g.text("id", d.id, true);
    g.choice("kind", d.kind, parse_drive_kind, true);
    g.numbers("power_max_w", d.power_max_w, d.kind == model::DriveKind::gas_turbine ? 9 : 3, true);
    g.numbers("energy_rate_w", d.energy_rate_w, true);
    s.drives.push_back(std::move(d));
  });
  list("configurations", [&](Fields& g) {
    model::StationConfiguration conf;
    g.text("id", conf.id, true);
    const json& stages = g.array("stages");
    for (const auto& st : stages) {
      if (!st.is_array()) g.fail("key \"stages\" must be an array of arrays of unit ids");
      std::vector<std::string> units;
      for (const auto& u : st) {
        if (!u.is_string()) g.fail("key \"stages\" must be an array of arrays of unit ids");
        units.push_back(u.get<std::string>());
      }
      conf.stages.push_back(std::move(units));
    }
    s.configurations.push_back(std::move(conf));
  });
  f.finish();
  try {
    model::validate_station(s);
  } catch (const std::invalid_argument& e) {
    f.fail(e.what());
  }
  return s;
}

void read_compressor(Fields& f, model::Compressor& k) {
  read_branch(f, k);
  f.choice("state", k.state, parse_control_state);
  f.choice("mode", k.mode, parse_compressor_mode);
  f.number("setpoint", k.setpoint);
  f.number("ratio_max", k.ratio_max);
  f.number("pressure_in_min_pa", k.pressure_in_min_pa);
  f.number("pressure_out_max_pa", k.pressure_out_max_pa);
  f.number("power_max_w", k.power_max_w);
  f.number("flow_max_kg_per_s", k.flow_max_kg_per_s);
  f.number("efficiency", k.efficiency);
  f.flag("polytropic", k.polytropic);
  f.number("driver_efficiency", k.driver_efficiency);
  if (const json* st = f.object("station")) k.station = read_station(f.context(), *st, k.id);
  f.number("surge_volume_flow_m3_per_s", k.surge_volume_flow_m3_per_s);
  f.number("choke_volume_flow_m3_per_s", k.choke_volume_flow_m3_per_s);
  f.number("cooler_outlet_temperature_k", k.cooler_outlet_temperature_k);
  f.number("cooler_duty_max_w", k.cooler_duty_max_w);
  f.flag("has_bypass", k.has_bypass);
  f.number("discharge_temperature_max_k", k.discharge_temperature_max_k);
}

model::NodeBoundary::Kind parse_boundary_kind(std::string_view name) {
  if (name == "pressure") return model::NodeBoundary::Kind::pressure;
  if (name == "flow") return model::NodeBoundary::Kind::flow;
  throw std::invalid_argument("unknown boundary kind '" + std::string(name) +
                              "' (expected pressure, flow)");
}

void read_boundary(Fields& f, model::NodeBoundary& b) {
  b.node = f.id("node");
  f.choice("kind", b.kind, parse_boundary_kind, true);
  f.number("value", b.value, true);
}

void read_control(Fields& f, model::ElementControl& c) {
  c.element = f.id("element");
  f.choice("state", c.state, parse_control_state);
  model::CompressorMode mode{};
  bool has_mode = false;
  f.choice("mode", mode, [&](std::string_view s) {
    has_mode = true;
    return parse_compressor_mode(s);
  });
  if (has_mode) c.mode = mode;
  f.number("setpoint", c.setpoint);
}

/// physics.eos.composition: an object {component: mole fraction} or a preset name.
void read_composition(Fields& ef, const json& e, model::PhysicsSettings& ph) {
  const auto it = e.find("composition");
  if (it == e.end()) return;
  try {
    if (it->is_string()) {
      std::string name;
      ef.text("composition", name);
      auto preset = gas::preset_composition(name);
      if (!preset) throw std::invalid_argument("unknown composition preset '" + name + "'");
      ph.eos.composition = *preset;
    } else {
      ph.eos.composition = gas::composition_from_json(*ef.object("composition"));
    }
  } catch (const std::invalid_argument& ex) {
    ef.fail(fmt::format("key \"composition\": {}", ex.what()));
  }
}

void read_physics(const Context& c, const json& j, model::PhysicsSettings& ph) {
  Fields f(c, j, "physics");
  if (const json* g = f.object("gas")) {
    Fields gf(c, *g, "physics.gas");
    auto& gas = ph.gas;
    gf.number("molar_mass_kg_per_mol", gas.molar_mass_kg_per_mol);
    // Alternative input: specific gravity G (M = G x 28.9647 g/mol); written back as molar mass.
    std::optional<double> specific_gravity;
    gf.number("specific_gravity", specific_gravity);
    if (specific_gravity) {
      if (!(*specific_gravity > 0.0))
        throw InputError(c.file, 0, "", "physics.gas.specific_gravity must be positive");
      gas.molar_mass_kg_per_mol = *specific_gravity * units::air_molar_mass_kg_per_mol;
    }
    gf.number("dynamic_viscosity_pa_s", gas.dynamic_viscosity_pa_s);
    gf.number("isentropic_exponent", gas.isentropic_exponent);
    gf.number("pseudo_critical_pressure_pa", gas.pseudo_critical_pressure_pa);
    gf.number("pseudo_critical_temperature_k", gas.pseudo_critical_temperature_k);
    gf.number("higher_heating_value_j_per_m3", gas.higher_heating_value_j_per_m3);
    gf.number("normal_density_kg_per_m3", gas.normal_density_kg_per_m3);
    gf.finish();
  }
  f.number("temperature_k", ph.temperature_k);
  if (const json* t = f.object("thermal")) {
    Fields tf(c, *t, "physics.thermal");
    tf.flag("energy_equation", ph.thermal.energy_equation);
    tf.number("ground_temperature_k", ph.thermal.ground_temperature_k);
    tf.number("supply_temperature_k", ph.thermal.supply_temperature_k);
    tf.number("heat_transfer_coefficient_w_per_m2_k", ph.thermal.heat_transfer_coefficient_w_per_m2_k);
    tf.finish();
  }
  if (const json* e = f.object("eos")) {
    Fields ef(c, *e, "physics.eos");
    ef.choice("kind", ph.eos.kind, gas::parse_eos_kind);
    ef.number("constant_z", ph.eos.constant_z);
    ef.number("linear_z_per_pa", ph.eos.linear_z_per_pa);
    ef.number("cnga_specific_gravity", ph.eos.cnga_specific_gravity);
    read_composition(ef, *e, ph);
    ef.finish();
  }
  if (ph.eos.composition) {
    // Molar mass, normal density and heating value then follow from the composition
    // (ISO 6976:2016, gas::apply_composition); giving them as well would be contradictory.
    const json* g = j.contains("gas") ? &j["gas"] : nullptr;
    for (const char* key : {"molar_mass_kg_per_mol", "specific_gravity", "normal_density_kg_per_m3",
                            "higher_heating_value_j_per_m3"})
      if (g != nullptr && g->contains(key))
        throw InputError(c.file, 0, "",
                         fmt::format("physics.gas.{} is computed from physics.eos.composition "
                                     "(ISO 6976:2016); remove one of them",
                                     key));
    ph.gas = gas::apply_composition(ph.gas, *ph.eos.composition);
  }
  f.choice("friction", ph.friction,
           [](std::string_view s) { return model::parse_friction_law(std::string(s)); });
  f.number("fixed_friction_factor", ph.fixed_friction_factor);
  f.finish();
}

void read_scenario(const Context& c, const json& j, model::Scenario& s) {
  Fields f(c, j, "scenario");
  f.text("name", s.name);
  s.boundaries = read_list<model::NodeBoundary>(c, f, "boundaries", read_boundary);
  s.controls = read_list<model::ElementControl>(c, f, "controls", read_control);
  f.finish();
}

/// Validates the model; a ValidationError becomes an InputError naming the element.
void validate_model(const LoadedModel& m, const Context& c) {
  try {
    if (m.scenario.boundaries.empty()) {
      model::validate(m.network);
      (void)model::apply_controls(m.network, m.scenario);  // checks control targets
    } else {
      model::validate(m.network, m.scenario);
    }
  } catch (const model::ValidationError& e) {
    std::string message = e.what();
    const std::string prefix = "'" + e.element() + "': ";
    if (!e.element().empty() && message.starts_with(prefix)) message.erase(0, prefix.size());
    throw InputError(c.file, c.line(e.element()), e.element(), message);
  }
}

LoadedModel read_document(const json& doc, const Context& c) {
  if (!doc.is_object() || !doc.contains("format"))
    throw InputError(c.file, 0, "", "not a linepack model (no \"format\": \"linepack-model\")");
  Fields top(c, doc, "model");
  std::string format;
  top.text("format", format, true);
  if (format != format_name)
    top.fail(fmt::format("\"format\" must be \"{}\", got \"{}\"", format_name, format));
  long long version = 0;
  top.integer("version", version, true);
  if (doc.contains("version") && version != format_version)
    top.fail(fmt::format("unsupported version {} (this linepack reads version {})", version,
                         format_version));
  LoadedModel m;
  auto& n = m.network;
  top.text("name", n.name);
  if (const json* p = top.object("physics")) read_physics(c, *p, n.physics);
  n.nodes = read_list<model::Node>(c, top, "nodes", read_node);
  n.pipes = read_list<model::Pipe>(c, top, "pipes", read_pipe);
  n.short_pipes = read_list<model::ShortPipe>(c, top, "short_pipes", read_short_pipe);
  n.resistors = read_list<model::Resistor>(c, top, "resistors", read_resistor);
  n.valves = read_list<model::Valve>(c, top, "valves", read_valve);
  n.control_valves = read_list<model::ControlValve>(c, top, "control_valves", read_control_valve);
  n.compressors = read_list<model::Compressor>(c, top, "compressors", read_compressor);
  if (const json* s = top.object("scenario")) read_scenario(c, *s, m.scenario);
  top.finish();
  validate_model(m, c);
  return m;
}

// ---- writing (templated on the JSON type: ordered for files, plain for to_json) ----

/// Writes a value whose default is +infinity; +infinity itself is left out.
template <class J>
void put_bound(J& o, const char* key, double v) {
  if (!(std::isinf(v) && v > 0.0)) o[key] = v;
}

template <class J>
J branch_json(const model::Branch& b) {
  J o = J::object();
  o["id"] = b.id;
  o["from"] = b.from;
  o["to"] = b.to;
  return o;
}

template <class J>
J node_json(const model::Node& n) {
  J o = J::object();
  o["id"] = n.id;
  o["elevation_m"] = n.elevation_m;
  o["pressure_min_pa"] = n.pressure_min_pa;
  put_bound(o, "pressure_max_pa", n.pressure_max_pa);
  o["x"] = n.x;
  o["y"] = n.y;
  if (n.supply_temperature_k) o["supply_temperature_k"] = *n.supply_temperature_k;
  return o;
}

template <class J>
J pipe_json(const model::Pipe& p) {
  J o = branch_json<J>(p);
  o["length_m"] = p.length_m;
  o["diameter_m"] = p.diameter_m;
  o["roughness_m"] = p.roughness_m;
  if (p.friction_factor) o["friction_factor"] = *p.friction_factor;
  if (p.loss_coefficient != 0.0) o["loss_coefficient"] = p.loss_coefficient;
  if (p.heat_transfer_coefficient_w_per_m2_k)
    o["heat_transfer_coefficient_w_per_m2_k"] = *p.heat_transfer_coefficient_w_per_m2_k;
  if (p.ground_temperature_k) o["ground_temperature_k"] = *p.ground_temperature_k;
  return o;
}

template <class J>
J short_pipe_json(const model::ShortPipe& s) {
  return branch_json<J>(s);
}

template <class J>
J resistor_json(const model::Resistor& r) {
  J o = branch_json<J>(r);
  o["drag_factor"] = r.drag_factor;
  o["diameter_m"] = r.diameter_m;
  if (r.pressure_loss_pa) o["pressure_loss_pa"] = *r.pressure_loss_pa;
  return o;
}

template <class J>
J valve_json(const model::Valve& v) {
  J o = branch_json<J>(v);
  o["open"] = v.open;
  return o;
}

template <class J>
J control_valve_json(const model::ControlValve& v) {
  J o = branch_json<J>(v);
  o["state"] = to_string(v.state);
  if (v.mode != model::ControlValveMode::outlet_pressure) o["mode"] = to_string(v.mode);
  o["outlet_pressure_pa"] = v.outlet_pressure_pa;
  if (v.flow_setpoint_kg_per_s != 0.0) o["flow_setpoint_kg_per_s"] = v.flow_setpoint_kg_per_s;
  o["pressure_in_min_pa"] = v.pressure_in_min_pa;
  put_bound(o, "pressure_out_max_pa", v.pressure_out_max_pa);
  put_bound(o, "flow_max_kg_per_s", v.flow_max_kg_per_s);
  if (v.pressure_drop_min_pa != 0.0) o["pressure_drop_min_pa"] = v.pressure_drop_min_pa;
  put_bound(o, "pressure_drop_max_pa", v.pressure_drop_max_pa);
  if (!v.has_bypass) o["has_bypass"] = false;
  return o;
}

template <class J>
J station_json(const model::Station& s) {
  auto numbers = [](const auto& values) {
    J a = J::array();
    for (double v : values) a.push_back(v);
    return a;
  };
  J o = J::object();
  o["ambient_temperature_k"] = s.ambient_temperature_k;
  J turbos = J::array();
  for (const auto& t : s.turbo_compressors) {
    J u = J::object();
    u["id"] = t.id;
    u["drive"] = t.drive;
    u["speed_min_per_s"] = t.speed_min_per_s;
    u["speed_max_per_s"] = t.speed_max_per_s;
    u["head_j_per_kg"] = numbers(t.head_j_per_kg);
    u["efficiency"] = numbers(t.efficiency);
    u["surge_line_head_j_per_kg"] = numbers(t.surge_line_head_j_per_kg);
    u["choke_line_head_j_per_kg"] = numbers(t.choke_line_head_j_per_kg);
    if (!t.measurements.empty()) {
      J m = J::array();
      for (const auto& p : t.measurements) {
        J q = J::object();
        q["volume_flow_m3_per_s"] = p.volume_flow_m3_per_s;
        q["speed_per_s"] = p.speed_per_s;
        q["head_j_per_kg"] = p.head_j_per_kg;
        q["efficiency"] = p.efficiency;
        q["line"] = p.line == model::MapMeasurement::Line::surge   ? "surge"
                    : p.line == model::MapMeasurement::Line::choke ? "choke"
                                                                    : "isoline";
        m.push_back(std::move(q));
      }
      u["measurements"] = std::move(m);
    }
    turbos.push_back(std::move(u));
  }
  o["turbo_compressors"] = std::move(turbos);
  J pistons = J::array();
  for (const auto& p : s.piston_compressors) {
    J u = J::object();
    u["id"] = p.id;
    u["drive"] = p.drive;
    u["speed_min_per_s"] = p.speed_min_per_s;
    u["speed_max_per_s"] = p.speed_max_per_s;
    u["operating_volume_m3"] = p.operating_volume_m3;
    u["torque_max_nm"] = p.torque_max_nm;
    u["ratio_max"] = p.ratio_max;
    u["efficiency"] = p.efficiency;
    u["volume_flow_reduction"] = p.volume_flow_reduction;
    pistons.push_back(std::move(u));
  }
  o["piston_compressors"] = std::move(pistons);
  J drives = J::array();
  for (const auto& d : s.drives) {
    J u = J::object();
    u["id"] = d.id;
    u["kind"] = d.kind == model::DriveKind::gas_turbine        ? "gas_turbine"
                : d.kind == model::DriveKind::gas_driven_motor ? "gas_driven_motor"
                                                               : "electric_motor";
    u["power_max_w"] = numbers(d.power_max_w);
    u["energy_rate_w"] = numbers(d.energy_rate_w);
    drives.push_back(std::move(u));
  }
  o["drives"] = std::move(drives);
  J configurations = J::array();
  for (const auto& c : s.configurations) {
    J u = J::object();
    u["id"] = c.id;
    J stages = J::array();
    for (const auto& st : c.stages) {
      J a = J::array();
      for (const auto& id : st) a.push_back(id);
      stages.push_back(std::move(a));
    }
    u["stages"] = std::move(stages);
    configurations.push_back(std::move(u));
  }
  o["configurations"] = std::move(configurations);
  return o;
}

template <class J>
J compressor_json(const model::Compressor& k) {
  J o = branch_json<J>(k);
  o["state"] = to_string(k.state);
  o["mode"] = to_string(k.mode);
  o["setpoint"] = k.setpoint;
  put_bound(o, "ratio_max", k.ratio_max);
  o["pressure_in_min_pa"] = k.pressure_in_min_pa;
  put_bound(o, "pressure_out_max_pa", k.pressure_out_max_pa);
  put_bound(o, "power_max_w", k.power_max_w);
  put_bound(o, "flow_max_kg_per_s", k.flow_max_kg_per_s);
  o["efficiency"] = k.efficiency;
  o["polytropic"] = k.polytropic;
  o["driver_efficiency"] = k.driver_efficiency;
  if (k.station) o["station"] = station_json<J>(*k.station);
  if (k.surge_volume_flow_m3_per_s != 0.0)
    o["surge_volume_flow_m3_per_s"] = k.surge_volume_flow_m3_per_s;
  put_bound(o, "choke_volume_flow_m3_per_s", k.choke_volume_flow_m3_per_s);
  if (k.cooler_outlet_temperature_k) o["cooler_outlet_temperature_k"] = *k.cooler_outlet_temperature_k;
  put_bound(o, "cooler_duty_max_w", k.cooler_duty_max_w);
  put_bound(o, "discharge_temperature_max_k", k.discharge_temperature_max_k);
  if (!k.has_bypass) o["has_bypass"] = false;
  return o;
}

template <class J>
J physics_json(const model::PhysicsSettings& ph) {
  // With a composition, molar mass, heating value and normal density are derived from it
  // (read_physics) and not written.
  const bool derived = ph.eos.composition.has_value();
  J gas = J::object();
  if (!derived) gas["molar_mass_kg_per_mol"] = ph.gas.molar_mass_kg_per_mol;
  gas["dynamic_viscosity_pa_s"] = ph.gas.dynamic_viscosity_pa_s;
  gas["isentropic_exponent"] = ph.gas.isentropic_exponent;
  gas["pseudo_critical_pressure_pa"] = ph.gas.pseudo_critical_pressure_pa;
  gas["pseudo_critical_temperature_k"] = ph.gas.pseudo_critical_temperature_k;
  if (!derived) {
    gas["higher_heating_value_j_per_m3"] = ph.gas.higher_heating_value_j_per_m3;
    gas["normal_density_kg_per_m3"] = ph.gas.normal_density_kg_per_m3;
  }
  J eos = J::object();
  eos["kind"] = gas::to_string(ph.eos.kind);
  eos["constant_z"] = ph.eos.constant_z;
  eos["linear_z_per_pa"] = ph.eos.linear_z_per_pa;
  eos["cnga_specific_gravity"] = ph.eos.cnga_specific_gravity;
  if (derived) {
    J comp = J::object();
    for (std::size_t i = 0; i < gas::component_count; ++i)
      if (const double x = ph.eos.composition->fractions()[i]; x > 0.0)
        comp[std::string(gas::component_name(i))] = x;
    eos["composition"] = std::move(comp);
  }
  J o = J::object();
  o["gas"] = std::move(gas);
  o["temperature_k"] = ph.temperature_k;
  if (ph.thermal != model::ThermalSettings{}) {  // left out when default: files stay as before
    J thermal = J::object();
    thermal["energy_equation"] = ph.thermal.energy_equation;
    if (ph.thermal.ground_temperature_k)
      thermal["ground_temperature_k"] = *ph.thermal.ground_temperature_k;
    if (ph.thermal.supply_temperature_k)
      thermal["supply_temperature_k"] = *ph.thermal.supply_temperature_k;
    // +infinity (ground temperature imposed) is written as null, which reads back as +infinity
    thermal["heat_transfer_coefficient_w_per_m2_k"] = ph.thermal.heat_transfer_coefficient_w_per_m2_k;
    o["thermal"] = std::move(thermal);
  }
  o["eos"] = std::move(eos);
  o["friction"] = model::to_string(ph.friction);
  o["fixed_friction_factor"] = ph.fixed_friction_factor;
  return o;
}

template <class J>
J boundary_json(const model::NodeBoundary& b) {
  J o = J::object();
  o["node"] = b.node;
  o["kind"] = b.kind == model::NodeBoundary::Kind::pressure ? "pressure" : "flow";
  o["value"] = b.value;
  return o;
}

template <class J>
J control_json(const model::ElementControl& c) {
  J o = J::object();
  o["element"] = c.element;
  o["state"] = to_string(c.state);
  if (c.mode) o["mode"] = to_string(*c.mode);
  if (c.setpoint) o["setpoint"] = *c.setpoint;
  return o;
}

template <class J, class T, class F>
void put_list(J& doc, const char* key, const std::vector<T>& items, F item_json) {
  if (items.empty()) return;
  J a = J::array();
  for (const auto& item : items) a.push_back(item_json(item));
  doc[key] = std::move(a);
}

template <class J>
J build(const LoadedModel& m) {
  const auto& n = m.network;
  J doc = J::object();
  doc["format"] = format_name;
  doc["version"] = format_version;
  doc["name"] = n.name;
  doc["physics"] = physics_json<J>(n.physics);
  doc["nodes"] = J::array();
  put_list(doc, "nodes", n.nodes, node_json<J>);
  put_list(doc, "pipes", n.pipes, pipe_json<J>);
  put_list(doc, "short_pipes", n.short_pipes, short_pipe_json<J>);
  put_list(doc, "resistors", n.resistors, resistor_json<J>);
  put_list(doc, "valves", n.valves, valve_json<J>);
  put_list(doc, "control_valves", n.control_valves, control_valve_json<J>);
  put_list(doc, "compressors", n.compressors, compressor_json<J>);
  if (m.scenario != model::Scenario{}) {
    J s = J::object();
    s["name"] = m.scenario.name;
    s["boundaries"] = J::array();
    put_list(s, "boundaries", m.scenario.boundaries, boundary_json<J>);
    s["controls"] = J::array();
    put_list(s, "controls", m.scenario.controls, control_json<J>);
    doc["scenario"] = std::move(s);
  }
  return doc;
}

}  // namespace

std::string to_string(model::ControlState state) {
  switch (state) {
    case model::ControlState::active:
      return "active";
    case model::ControlState::bypass:
      return "bypass";
    case model::ControlState::closed:
      return "closed";
  }
  return "?";
}

model::ControlState parse_control_state(std::string_view name) {
  if (name == "active") return model::ControlState::active;
  if (name == "bypass") return model::ControlState::bypass;
  if (name == "closed") return model::ControlState::closed;
  throw std::invalid_argument("unknown state '" + std::string(name) +
                              "' (expected active, bypass, closed)");
}

std::string to_string(model::CompressorMode mode) {
  switch (mode) {
    case model::CompressorMode::pressure_ratio:
      return "pressure_ratio";
    case model::CompressorMode::outlet_pressure:
      return "outlet_pressure";
    case model::CompressorMode::throughput:
      return "throughput";
    case model::CompressorMode::inlet_pressure:
      return "inlet_pressure";
    case model::CompressorMode::shaft_power:
      return "shaft_power";
  }
  return "?";
}

std::string to_string(model::ControlValveMode mode) {
  return mode == model::ControlValveMode::flow ? "flow" : "outlet_pressure";
}

model::ControlValveMode parse_control_valve_mode(std::string_view name) {
  if (name == "outlet_pressure") return model::ControlValveMode::outlet_pressure;
  if (name == "flow") return model::ControlValveMode::flow;
  throw std::invalid_argument("unknown control valve mode '" + std::string(name) +
                              "' (expected outlet_pressure, flow)");
}

model::CompressorMode parse_compressor_mode(std::string_view name) {
  if (name == "pressure_ratio") return model::CompressorMode::pressure_ratio;
  if (name == "outlet_pressure") return model::CompressorMode::outlet_pressure;
  if (name == "throughput") return model::CompressorMode::throughput;
  if (name == "inlet_pressure") return model::CompressorMode::inlet_pressure;
  if (name == "shaft_power") return model::CompressorMode::shaft_power;
  throw std::invalid_argument("unknown compressor mode '" + std::string(name) +
                              "' (expected pressure_ratio, outlet_pressure, throughput, "
                              "inlet_pressure, shaft_power)");
}

nlohmann::json read_json_file(const fs::path& file) { return parse_json_text(read_text_file(file), file); }

nlohmann::json to_json(const LoadedModel& model) { return build<nlohmann::json>(model); }

LoadedModel from_json(const nlohmann::json& doc, const fs::path& file_for_errors) {
  return read_document(doc, Context{file_for_errors, nullptr});
}

LoadedModel read_native_model(const fs::path& file) {
  return reading(file, [&] {
    const std::string text = read_text_file(file);
    return read_document(parse_json_text(text, file), Context{file, &text});
  });
}

void write_native_model(const LoadedModel& model, const fs::path& file) {
  // Built first and written atomically: a failure leaves an existing file as it was.
  const std::string text =
      build<nlohmann::ordered_json>(model).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  try {
    write_file_atomically(file, text);
  } catch (const std::runtime_error& e) {
    throw InputError(file, 0, "", e.what() + file.string().size() + 2);  // drop "FILE: "
  }
}

namespace {
model::Scenario read_controls(const fs::path& file, const model::Scenario& base);
}

model::Scenario read_controls_file(const fs::path& file, const model::Scenario& base) {
  return reading(file, [&] { return read_controls(file, base); });
}

namespace {
model::Scenario read_controls(const fs::path& file, const model::Scenario& base) {
  const std::string text = read_text_file(file);
  const json whole = parse_json_text(text, file);
  // A linepack validate result: its `controls` object is a controls file.
  const bool validate_result = whole.is_object() && whole.contains("verdict") &&
                               whole.contains("controls") && whole["controls"].is_object();
  const json& doc = validate_result ? whole["controls"] : whole;
  const Context c{file, &text};
  Fields top(c, doc, "controls file");
  const auto controls = read_list<model::ElementControl>(c, top, "controls", read_control);
  const auto boundaries = read_list<model::NodeBoundary>(c, top, "boundaries", read_boundary);
  top.finish();

  model::Scenario out = base;
  for (const auto& control : controls) {
    auto it = std::find_if(out.controls.begin(), out.controls.end(),
                           [&](const auto& x) { return x.element == control.element; });
    if (it != out.controls.end())
      *it = control;
    else
      out.controls.push_back(control);
  }
  for (const auto& boundary : boundaries) {
    auto it = std::find_if(out.boundaries.begin(), out.boundaries.end(),
                           [&](const auto& x) { return x.node == boundary.node; });
    if (it != out.boundaries.end())
      *it = boundary;
    else
      out.boundaries.push_back(boundary);
  }
  return out;
}

}  // namespace

nlohmann::json controls_file_json(const model::Scenario& scenario) {
  nlohmann::json doc = nlohmann::json::object();
  doc["boundaries"] = nlohmann::json::array();
  put_list(doc, "boundaries", scenario.boundaries, boundary_json<nlohmann::json>);
  doc["controls"] = nlohmann::json::array();
  put_list(doc, "controls", scenario.controls, control_json<nlohmann::json>);
  return doc;
}

}  // namespace linepack::io
