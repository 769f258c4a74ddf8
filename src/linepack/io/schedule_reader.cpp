#include "linepack/io/schedule_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "linepack/gas/presets.hpp"
#include "linepack/io/atomic_file.hpp"
#include "linepack/io/gastransim_reader.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/io/native_json.hpp"

namespace linepack::io {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using transient::Interpolation;
using transient::ScheduleError;

constexpr const char* format_name = "linepack-schedule";

/// Lines of the entries of the top-level array `key` (1-based; empty when absent). A small
/// scanner over strings and brackets: nlohmann::json keeps no positions.
std::vector<std::size_t> entry_lines(const std::string& text, const std::string& key) {
  std::vector<std::size_t> lines;
  const std::string quoted = "\"" + key + "\"";
  int depth = 0;
  bool in_string = false;
  std::size_t string_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      string_start = i;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
    if (c != ':' || depth != 1) continue;
    // A top-level key just ended before this colon: is it ours?
    if (text.compare(string_start, quoted.size(), quoted) != 0) continue;
    std::size_t j = text.find_first_not_of(" \t\r\n", i + 1);
    if (j == std::string::npos || text[j] != '[') return lines;
    // Walk the array: each entry starts after '[' or a ',' at depth 1 of the array.
    int d = 0;
    bool s = false, expect = true;
    for (std::size_t k = j; k < text.size(); ++k) {
      const char ch = text[k];
      if (s) {
        if (ch == '\\') ++k;
        else if (ch == '"') s = false;
        continue;
      }
      if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') continue;
      if (ch == '[' && d == 0) {
        d = 1;
        expect = true;
        continue;
      }
      if (d == 1 && ch == ']') return lines;
      if (d == 1 && ch == ',') {
        expect = true;
        continue;
      }
      if (expect && d == 1) {
        lines.push_back(line_at(text, k));
        expect = false;
      }
      if (ch == '"') s = true;
      else if (ch == '{' || ch == '[') ++d;
      else if (ch == '}' || ch == ']') --d;
    }
    return lines;
  }
  return lines;
}

/// Levenshtein distance (short keys only).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

/// One JSON object's keys with type checks and unknown-key detection.
class Obj {
 public:
  Obj(const fs::path& file, std::size_t line, const json& j, std::string what)
      : file_(file), line_(line), j_(j), what_(std::move(what)) {
    if (!j.is_object()) fail(fmt::format("must be an object, got {}", j.type_name()));
  }
  void set_id(std::string id) { id_ = std::move(id); }
  const json* get(const char* key) {
    used_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string text(const char* key, bool required) {
    const json* v = get(key);
    if (v == nullptr) {
      if (required) missing(key);
      return {};
    }
    if (!v->is_string()) fail(fmt::format("key \"{}\" must be a string", key));
    return v->get<std::string>();
  }
  std::optional<double> number(const char* key, bool required = false) {
    const json* v = get(key);
    if (v == nullptr) {
      if (required) missing(key);
      return std::nullopt;
    }
    if (!v->is_number()) fail(fmt::format("key \"{}\" must be a number", key));
    return v->get<double>();
  }
  std::optional<bool> flag(const char* key) {
    const json* v = get(key);
    if (v == nullptr) return std::nullopt;
    if (!v->is_boolean()) fail(fmt::format("key \"{}\" must be true or false", key));
    return v->get<bool>();
  }
  std::vector<double> numbers(const char* key) {
    const json* v = get(key);
    if (v == nullptr) missing(key);
    if (!v->is_array()) fail(fmt::format("key \"{}\" must be an array of numbers", key));
    std::vector<double> out;
    for (const auto& e : *v) {
      if (!e.is_number()) fail(fmt::format("key \"{}\" must be an array of numbers", key));
      out.push_back(e.get<double>());
    }
    return out;
  }
  void finish() const {
    for (const auto& item : j_.items())
      if (used_.count(item.key()) == 0)
        fail(fmt::format("unknown key \"{}\" (expected one of: {})", item.key(),
                         fmt::join(used_, ", ")));
  }
  [[noreturn]] void fail(const std::string& problem) const {
    throw InputError(file_, line_, id_, what_ + ": " + problem);
  }
  /// A required key is missing: a present, unread key that looks like it is reported as the
  /// typo it probably is.
  [[noreturn]] void missing(const char* key) const {
    for (const auto& item : j_.items())
      if (used_.count(item.key()) == 0 && edit_distance(item.key(), key) <= 2)
        fail(fmt::format("unknown key \"{}\" (did you mean \"{}\"?)", item.key(), key));
    fail(fmt::format("missing required key \"{}\"", key));
  }

 private:
  const fs::path& file_;
  std::size_t line_;
  const json& j_;
  std::string what_;
  std::string id_;
  std::set<std::string> used_;
};

Interpolation parse_interpolation(Obj& o, Interpolation fallback) {
  const std::string s = o.text("interpolation", false);
  if (s.empty()) return fallback;
  if (s == "linear") return Interpolation::linear;
  if (s == "step") return Interpolation::step;
  o.fail(fmt::format("\"interpolation\" must be \"linear\" or \"step\", got \"{}\"", s));
}

template <class T, class Parse>
std::optional<T> choice(Obj& o, const char* key, Parse parse) {
  const std::string s = o.text(key, false);
  if (s.empty()) return std::nullopt;
  try {
    return parse(s);
  } catch (const std::invalid_argument& e) {
    o.fail(fmt::format("key \"{}\": {}", key, e.what()));
  }
}

/// Lines of the entries of each list, for mapping ScheduleError to a line.
struct Lines {
  std::vector<std::size_t> nodes, elements, events, compositions;
  std::size_t of(ScheduleError::List list, std::size_t entry) const {
    const std::vector<std::size_t>* v = nullptr;
    switch (list) {
      case ScheduleError::List::nodes: v = &nodes; break;
      case ScheduleError::List::elements: v = &elements; break;
      case ScheduleError::List::events: v = &events; break;
      case ScheduleError::List::compositions: v = &compositions; break;
      case ScheduleError::List::none: return 0;
    }
    return entry < v->size() ? (*v)[entry] : 0;
  }
};

bool is_gastransim_bc(const json& doc) {
  return doc.is_object() && (doc.contains("boundary_pslack") ||
                             doc.contains("boundary_nonslack_flow") ||
                             doc.contains("boundary_compressor"));
}

transient::Schedule json_schedule(const fs::path& file, Lines& lines) {
  const std::string text = read_text_file(file);
  const json doc = parse_json_text(text, file);
  if (is_gastransim_bc(doc)) return read_gastransim_bc(file);
  lines = Lines{entry_lines(text, "nodes"), entry_lines(text, "elements"),
                entry_lines(text, "events"), entry_lines(text, "compositions")};
  Obj top(file, 0, doc, "schedule");
  const std::string format = top.text("format", true);
  if (format != format_name)
    top.fail(fmt::format("\"format\" must be \"{}\", got \"{}\"", format_name, format));
  const auto version = top.number("version", true);
  if (*version != 1.0)
    top.fail(fmt::format("unsupported version {} (this linepack reads version 1)", *version));
  (void)top.text("name", false);
  (void)top.text("description", false);
  const Interpolation default_interp = parse_interpolation(top, Interpolation::linear);
  transient::Schedule s;
  auto list = [&](const char* key) -> const json& {
    static const json empty = json::array();
    const json* v = top.get(key);
    if (v == nullptr) return empty;
    if (!v->is_array()) top.fail(fmt::format("key \"{}\" must be an array", key));
    return *v;
  };
  const json& nodes = list("nodes");
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    Obj o(file, k < lines.nodes.size() ? lines.nodes[k] : 0, nodes[k],
          fmt::format("node series {}", k + 1));
    transient::NodeSeries ns;
    ns.node = o.text("node", true);
    o.set_id(ns.node);
    const std::string kind = o.text("kind", true);
    if (kind == "pressure") ns.kind = model::NodeBoundary::Kind::pressure;
    else if (kind == "flow") ns.kind = model::NodeBoundary::Kind::flow;
    else o.fail(fmt::format("\"kind\" must be \"pressure\" or \"flow\", got \"{}\"", kind));
    ns.series.interpolation = parse_interpolation(o, default_interp);
    ns.series.time_s = o.numbers("time_s");
    ns.series.value = o.numbers("value");
    o.finish();
    s.nodes.push_back(std::move(ns));
  }
  const json& elements = list("elements");
  for (std::size_t k = 0; k < elements.size(); ++k) {
    Obj o(file, k < lines.elements.size() ? lines.elements[k] : 0, elements[k],
          fmt::format("element schedule {}", k + 1));
    transient::ElementSeries es;
    es.element = o.text("element", true);
    o.set_id(es.element);
    es.state = choice<model::ControlState>(o, "state", parse_control_state);
    es.mode = choice<model::CompressorMode>(o, "mode", parse_compressor_mode);
    es.setpoint.interpolation = parse_interpolation(o, default_interp);
    es.setpoint.time_s = o.numbers("time_s");
    es.setpoint.value = o.numbers("setpoint");
    o.finish();
    s.elements.push_back(std::move(es));
  }
  const json& events = list("events");
  for (std::size_t k = 0; k < events.size(); ++k) {
    Obj o(file, k < lines.events.size() ? lines.events[k] : 0, events[k],
          fmt::format("event {}", k + 1));
    transient::Event ev;
    const std::string type = o.text("type", true);
    try {
      ev.kind = transient::parse_event_kind(type);
    } catch (const std::invalid_argument& e) {
      o.fail(e.what());
    }
    const bool node_event = ev.kind == transient::EventKind::supply_loss ||
                            ev.kind == transient::EventKind::offtake_step;
    ev.target = o.text(node_event ? "node" : "element", true);
    o.set_id(ev.target);
    ev.time_s = *o.number("time_s", true);
    if (auto d = o.number("duration_s")) ev.duration_s = *d;
    switch (ev.kind) {
      case transient::EventKind::offtake_step: ev.value = o.number("value", true); break;
      case transient::EventKind::supply_loss:
        ev.value = o.number("remaining_supply_kg_per_s");
        break;
      case transient::EventKind::compressor_trip:
        ev.state = choice<model::ControlState>(o, "state", parse_control_state);
        if (auto f = o.flag("non_return")) ev.non_return = *f;
        break;
      case transient::EventKind::compressor_start:
        ev.mode = choice<model::CompressorMode>(o, "mode", parse_compressor_mode);
        ev.value = o.number("setpoint");
        break;
      case transient::EventKind::control:
        ev.state = choice<model::ControlState>(o, "state", parse_control_state);
        ev.mode = choice<model::CompressorMode>(o, "mode", parse_compressor_mode);
        ev.value = o.number("setpoint");
        break;
      case transient::EventKind::valve_open:
      case transient::EventKind::valve_close: break;
    }
    o.finish();
    s.events.push_back(std::move(ev));
  }
  const json& compositions = list("compositions");
  for (std::size_t k = 0; k < compositions.size(); ++k) {
    Obj o(file, k < lines.compositions.size() ? lines.compositions[k] : 0, compositions[k],
          fmt::format("composition series {}", k + 1));
    transient::SupplyComposition sc;
    sc.node = o.text("node", true);
    o.set_id(sc.node);
    sc.time_s = o.numbers("time_s");
    const json* list_of = o.get("composition");
    if (list_of == nullptr) o.missing("composition");
    if (!list_of->is_array())
      o.fail("key \"composition\" must be an array of compositions (objects from component "
             "name to mole fraction, or preset names), one per time");
    for (std::size_t i = 0; i < list_of->size(); ++i) {
      const json& c = (*list_of)[i];
      try {
        if (c.is_string()) {
          auto preset = gas::preset_composition(c.get<std::string>());
          if (!preset)
            throw std::invalid_argument("unknown composition preset '" + c.get<std::string>() + "'");
          sc.composition.push_back(*preset);
        } else {
          sc.composition.push_back(gas::composition_from_json(c));
        }
      } catch (const std::invalid_argument& e) {
        o.fail(fmt::format("composition {}: {}", i + 1, e.what()));
      }
    }
    o.finish();
    s.compositions.push_back(std::move(sc));
  }
  top.finish();
  // Series checks that need no network (times in order, sizes) with their lines.
  try {
    for (std::size_t k = 0; k < s.nodes.size(); ++k)
      transient::validate_series(s.nodes[k].series, ScheduleError::List::nodes, k,
                                 s.nodes[k].node);
    for (std::size_t k = 0; k < s.elements.size(); ++k)
      transient::validate_series(s.elements[k].setpoint, ScheduleError::List::elements, k,
                                 s.elements[k].element);
  } catch (const ScheduleError& e) {
    throw InputError(file, lines.of(e.list(), e.entry()), e.target(), e.problem());
  }
  return s;
}

transient::Schedule csv_schedule(const fs::path& file, Lines& lines) {
  check_input_size(file);
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, 0, "", "cannot open file");
  std::string line;
  std::size_t number = 0, header_line = 0;
  Interpolation interp = Interpolation::linear;
  struct Column {
    int kind;  // 0 pressure, 1 flow, 2 setpoint
    std::string id;
    std::vector<double> t, v;
  };
  std::vector<Column> columns;
  double last_time = -INFINITY;
  auto trim = [](std::string s) {
    const auto a = s.find_first_not_of(" \t\r");
    const auto b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
  };
  auto split = [&](const std::string& s) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream ss(s);
    while (std::getline(ss, cell, ',')) out.push_back(trim(cell));
    if (!s.empty() && s.back() == ',') out.emplace_back();
    return out;
  };
  while (std::getline(in, line)) {
    ++number;
    const std::string t = trim(line);
    if (t.empty()) continue;
    if (t[0] == '#') {
      const auto pos = t.find("interpolation:");
      if (pos != std::string::npos) {
        const std::string v = trim(t.substr(pos + 14));
        if (v == "linear") interp = Interpolation::linear;
        else if (v == "step") interp = Interpolation::step;
        else
          throw InputError(file, number, "",
                           fmt::format("interpolation must be linear or step, got \"{}\"", v));
      }
      continue;
    }
    const auto cells = split(t);
    if (header_line == 0) {
      header_line = number;
      if (cells.empty() || cells[0] != "time_s")
        throw InputError(file, number, "", "the header must start with time_s");
      std::set<std::string> seen;
      for (std::size_t c = 1; c < cells.size(); ++c) {
        const auto colon = cells[c].find(':');
        if (colon == std::string::npos)
          throw InputError(file, number, "",
                           fmt::format("column \"{}\" is not KIND:ID (KIND flow, pressure or "
                                       "setpoint)",
                                       cells[c]));
        const std::string kind = cells[c].substr(0, colon), id = cells[c].substr(colon + 1);
        int k = -1;
        if (kind == "pressure" || kind == "pressure_pa") k = 0;
        else if (kind == "flow" || kind == "flow_kg_per_s") k = 1;
        else if (kind == "setpoint") k = 2;
        if (k < 0 || id.empty())
          throw InputError(file, number, id,
                           fmt::format("column \"{}\": KIND must be flow, pressure or setpoint",
                                       cells[c]));
        if (!seen.insert((k == 2 ? "e:" : "n:") + id).second)
          throw InputError(file, number, id, "more than one column for this id");
        columns.push_back({k, id, {}, {}});
      }
      continue;
    }
    if (cells.size() != columns.size() + 1)
      throw InputError(file, number, "",
                       fmt::format("{} cells, the header has {}", cells.size(), columns.size() + 1));
    auto to_number = [&](const std::string& s, const std::string& id) {
      std::size_t used = 0;
      double v = 0.0;
      try {
        v = std::stod(s, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != s.size() || !std::isfinite(v))
        throw InputError(file, number, id, fmt::format("\"{}\" is not a number", s));
      return v;
    };
    const double time = to_number(cells[0], "");
    if (!(time > last_time))
      throw InputError(file, number, "",
                       fmt::format("times out of order: {} s is not after {} s", time, last_time));
    last_time = time;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (cells[c + 1].empty()) continue;
      columns[c].t.push_back(time);
      columns[c].v.push_back(to_number(cells[c + 1], columns[c].id));
    }
  }
  if (header_line == 0) throw InputError(file, 0, "", "no header line (time_s,KIND:ID,...)");
  transient::Schedule s;
  lines = Lines{};
  for (auto& c : columns) {
    if (c.t.empty()) throw InputError(file, header_line, c.id, "the column has no values");
    transient::TimeSeries ts{std::move(c.t), std::move(c.v), interp};
    if (c.kind == 2) {
      s.elements.push_back({c.id, std::nullopt, std::nullopt, std::move(ts)});
      lines.elements.push_back(header_line);
    } else {
      s.nodes.push_back({c.id,
                         c.kind == 0 ? model::NodeBoundary::Kind::pressure
                                     : model::NodeBoundary::Kind::flow,
                         std::move(ts)});
      lines.nodes.push_back(header_line);
    }
  }
  return s;
}

}  // namespace

transient::Schedule read_schedule_json(const fs::path& file) {
  Lines lines;
  return json_schedule(file, lines);
}

transient::Schedule read_schedule_csv(const fs::path& file) {
  Lines lines;
  return csv_schedule(file, lines);
}

transient::Schedule read_schedule_unguarded(const fs::path& file, const model::Network& network) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  Lines lines;
  transient::Schedule s = ext == ".csv" ? csv_schedule(file, lines) : json_schedule(file, lines);
  try {
    transient::validate(s, network);
  } catch (const ScheduleError& e) {
    throw InputError(file, lines.of(e.list(), e.entry()), e.target(), e.problem());
  }
  return s;
}

void write_schedule_json(const transient::Schedule& s, const fs::path& file) {
  nlohmann::ordered_json doc;
  doc["format"] = format_name;
  doc["version"] = 1;
  auto interp = [](Interpolation i) { return i == Interpolation::linear ? "linear" : "step"; };
  doc["nodes"] = nlohmann::ordered_json::array();
  for (const auto& ns : s.nodes) {
    nlohmann::ordered_json o;
    o["node"] = ns.node;
    o["kind"] = ns.kind == model::NodeBoundary::Kind::pressure ? "pressure" : "flow";
    o["interpolation"] = interp(ns.series.interpolation);
    o["time_s"] = ns.series.time_s;
    o["value"] = ns.series.value;
    doc["nodes"].push_back(o);
  }
  doc["elements"] = nlohmann::ordered_json::array();
  for (const auto& es : s.elements) {
    nlohmann::ordered_json o;
    o["element"] = es.element;
    if (es.state) o["state"] = to_string(*es.state);
    if (es.mode) o["mode"] = to_string(*es.mode);
    o["interpolation"] = interp(es.setpoint.interpolation);
    o["time_s"] = es.setpoint.time_s;
    o["setpoint"] = es.setpoint.value;
    doc["elements"].push_back(o);
  }
  doc["events"] = nlohmann::ordered_json::array();
  for (const auto& ev : s.events) {
    nlohmann::ordered_json o;
    o["time_s"] = ev.time_s;
    o["type"] = transient::to_string(ev.kind);
    const bool node_event = ev.kind == transient::EventKind::supply_loss ||
                            ev.kind == transient::EventKind::offtake_step;
    o[node_event ? "node" : "element"] = ev.target;
    if (ev.duration_s != 0.0) o["duration_s"] = ev.duration_s;
    switch (ev.kind) {
      case transient::EventKind::offtake_step: o["value"] = *ev.value; break;
      case transient::EventKind::supply_loss:
        if (ev.value) o["remaining_supply_kg_per_s"] = *ev.value;
        break;
      case transient::EventKind::compressor_trip:
        if (ev.state) o["state"] = to_string(*ev.state);
        if (!ev.non_return) o["non_return"] = false;
        break;
      case transient::EventKind::compressor_start:
      case transient::EventKind::control:
        if (ev.state && ev.kind == transient::EventKind::control) o["state"] = to_string(*ev.state);
        if (ev.mode) o["mode"] = to_string(*ev.mode);
        if (ev.value) o["setpoint"] = *ev.value;
        break;
      default: break;
    }
    doc["events"].push_back(o);
  }
  if (!s.compositions.empty()) {
    doc["compositions"] = nlohmann::ordered_json::array();
    for (const auto& sc : s.compositions) {
      nlohmann::ordered_json o;
      o["node"] = sc.node;
      o["time_s"] = sc.time_s;
      o["composition"] = nlohmann::ordered_json::array();
      for (const auto& c : sc.composition) {
        nlohmann::ordered_json x = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < gas::component_count; ++i)
          if (c.fractions()[i] > 0.0) x[std::string(gas::component_name(i))] = c.fractions()[i];
        o["composition"].push_back(x);
      }
      doc["compositions"].push_back(o);
    }
  }
  try {
    write_file_atomically(file, doc.dump(1) + "\n");
  } catch (const std::runtime_error& e) {
    throw InputError(file, 0, "", e.what());
  }
}

transient::Schedule read_schedule(const fs::path& file, const model::Network& network) {
  return reading(file, [&]() -> transient::Schedule { return read_schedule_unguarded(file, network); });
}

}  // namespace linepack::io
