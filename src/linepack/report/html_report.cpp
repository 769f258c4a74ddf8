#include "linepack/report/html_report.hpp"
#include "linepack/report/quality_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string_view>

#include "linepack/io/input_error.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/library_errors.hpp"

#ifndef LINEPACK_DEFAULT_CHART_JS
#define LINEPACK_DEFAULT_CHART_JS ""
#endif

namespace linepack::report {

using nlohmann::json;
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// The chart library

fs::path chart_library_path() {
  if (const char* env = std::getenv("LINEPACK_CHART_JS"); env != nullptr && *env != '\0')
    return fs::path(env);
  return fs::path(LINEPACK_DEFAULT_CHART_JS);
}

namespace {

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos;
       pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
}

/// Makes script text safe inside <script>...</script>: the HTML parser ends the element at the
/// first "</script" (any case) and treats "<!--" specially. In JavaScript both can only occur in
/// strings, comments or regular expressions, where "<\/" and "<\!--" mean the same.
std::string inline_safe_script(std::string js) {
  static const std::regex end_tag("</(script)", std::regex::icase);
  js = std::regex_replace(js, end_tag, "<\\/$1");
  replace_all(js, "<!--", "<\\!--");
  return js;
}

}  // namespace

ChartLibrary load_chart_library(std::optional<fs::path> path) {
  ChartLibrary lib;
  lib.path = path ? *path : chart_library_path();
  const std::string hint =
      "chart library not found or empty (run scripts/install-deps.sh, which installs the pinned "
      "chart.js into third_party/npm/, or set LINEPACK_CHART_JS to its dist/chart.umd.js)";
  if (lib.path.empty()) throw io::InputError("LINEPACK_CHART_JS", 0, "", hint);
  std::ifstream in(lib.path, std::ios::binary);
  if (!in) throw io::InputError(lib.path, 0, "", hint);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string js = ss.str();
  if (js.find_first_not_of(" \t\r\n") == std::string::npos)
    throw io::InputError(lib.path, 0, "", hint);
  // The page has no .map file beside it: drop the source map reference.
  static const std::regex source_map(R"(\n//# sourceMappingURL=[^\n]*)");
  js = std::regex_replace(js, source_map, "\n");
  // "Chart.js v4.6.1" from the licence banner.
  static const std::regex banner(R"(([A-Za-z][\w.\-]*) v(\d+\.\d+\.\d+))");
  std::smatch m;
  const std::string head = js.substr(0, 600);
  if (std::regex_search(head, m, banner)) lib.banner = m[1].str() + " v" + m[2].str();
  lib.js = inline_safe_script(std::move(js));
  return lib;
}

// ---------------------------------------------------------------------------------------------
// Validation

namespace {

class Checker {
 public:
  explicit Checker(const fs::path& file) : file_(file) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw io::InputError(file_, 0, key, problem);
  }

  static std::string key(const std::string& path, const std::string& name) {
    return path.empty() ? name : path + "." + name;
  }
  static std::string item(const std::string& path, std::size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

  /// The member `name` of `obj`, which must exist.
  const json& member(const json& obj, const std::string& path, const std::string& name,
                     const char* expected) const {
    const auto it = obj.find(name);
    if (it == obj.end()) fail(key(path, name), fmt::format("missing (expected {})", expected));
    return *it;
  }

  void type(const json& j, const std::string& path, json::value_t t, const char* expected) const {
    const bool ok = t == json::value_t::number_float ? j.is_number() : j.type() == t;
    if (!ok) fail(path, fmt::format("expected {}, got {}", expected, describe(j)));
  }

  void string(const json& obj, const std::string& path, const std::string& name) const {
    type(member(obj, path, name, "a string"), key(path, name), json::value_t::string, "a string");
  }
  void number(const json& obj, const std::string& path, const std::string& name) const {
    type(member(obj, path, name, "a number"), key(path, name), json::value_t::number_float,
         "a number");
  }
  void number_or_null(const json& obj, const std::string& path, const std::string& name) const {
    const json& j = member(obj, path, name, "a number or null");
    if (!j.is_null()) type(j, key(path, name), json::value_t::number_float, "a number or null");
  }
  void boolean(const json& obj, const std::string& path, const std::string& name) const {
    type(member(obj, path, name, "true or false"), key(path, name), json::value_t::boolean,
         "true or false");
  }
  const json& array(const json& obj, const std::string& path, const std::string& name,
                    const char* expected = "an array") const {
    const json& j = member(obj, path, name, expected);
    type(j, key(path, name), json::value_t::array, expected);
    return j;
  }
  /// An array of numbers; returns its length.
  std::size_t numbers(const json& obj, const std::string& path, const std::string& name) const {
    const json& a = array(obj, path, name, "an array of numbers");
    for (std::size_t i = 0; i < a.size(); ++i)
      type(a[i], item(key(path, name), i), json::value_t::number_float, "a number");
    return a.size();
  }
  /// Calls `each(element, element_path)` for each element of the array `name`, which must hold
  /// objects.
  template <class F>
  void objects(const json& obj, const std::string& path, const std::string& name, F each) const {
    const json& a = array(obj, path, name, "an array of objects");
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = item(key(path, name), i);
      type(a[i], p, json::value_t::object, "an object");
      each(a[i], p);
    }
  }

  static std::string describe(const json& j) {
    if (j.is_string()) {
      std::string s = j.get<std::string>();
      if (s.size() > 40) s = s.substr(0, 40) + "...";
      return fmt::format("string \"{}\"", s);
    }
    return j.type_name();
  }

 private:
  const fs::path& file_;
};

}  // namespace

void validate_study(const json& study, const fs::path& file) {
  const Checker c(file);
  if (!study.is_object())
    c.fail("", fmt::format("expected a JSON object at the top level, got {}", study.type_name()));
  c.string(study, "", "title");
  c.string(study, "", "subtitle");
  c.objects(study, "", "summary", [&](const json& o, const std::string& p) {
    c.string(o, p, "label");
    c.string(o, p, "value");
  });
  c.objects(study, "", "profiles", [&](const json& o, const std::string& p) {
    c.string(o, p, "name");
    const std::size_t n = c.numbers(o, p, "chainage_km");
    if (n < 2) c.fail(Checker::key(p, "chainage_km"), "needs at least 2 points");
    for (const char* series : {"pressure_bar", "elevation_m"}) {
      const std::size_t m = c.numbers(o, p, series);
      if (m != n)
        c.fail(Checker::key(p, series), fmt::format("has {} values but chainage_km has {}", m, n));
    }
    c.number(o, p, "maop_bar");
    c.number(o, p, "min_pressure_bar");
    c.numbers(o, p, "stations_km");
    if (o.contains("temperature_km") || o.contains("temperature_c")) {  // energy equation only
      const std::size_t t = c.numbers(o, p, "temperature_km");
      if (c.numbers(o, p, "temperature_c") != t)
        c.fail(Checker::key(p, "temperature_c"), "has another length than temperature_km");
    }
  });
  c.objects(study, "", "capacity", [&](const json& o, const std::string& p) {
    c.string(o, p, "case");
    c.string(o, p, "stations");
    c.number(o, p, "capacity_mmcfd");
    c.number(o, p, "capacity_kg_per_s");
    c.string(o, p, "binding");
  });
  c.objects(study, "", "design", [&](const json& o, const std::string& p) {
    c.number(o, p, "diameter_in");
    c.number(o, p, "target_mmcfd");
    c.boolean(o, p, "feasible");
    c.number(o, p, "delivery_bar");
    c.number(o, p, "total_power_mw");
    c.number(o, p, "total_fuel_mmcfd");
    c.objects(o, p, "stations", [&](const json& s, const std::string& q) {
      c.string(s, q, "id");
      c.number(s, q, "chainage_km");
      c.number(s, q, "suction_bar");
      c.number(s, q, "discharge_bar");
      c.number(s, q, "power_mw");
      c.number(s, q, "fuel_mmcfd");
    });
  });
  const json& day = c.member(study, "", "day", "an object or null");
  if (!day.is_null()) {
    c.type(day, "day", json::value_t::object, "an object or null");
    const std::size_t n = c.numbers(day, "day", "time_h");
    if (n < 2) c.fail("day.time_h", "needs at least 2 points");
    for (const char* series : {"linepack_msm3", "delivery_pressure_bar", "compressor_power_mw"}) {
      const std::size_t m = c.numbers(day, "day", series);
      if (m != n)
        c.fail(Checker::key("day", series), fmt::format("has {} values but time_h has {}", m, n));
    }
    c.number(day, "day", "min_delivery_bar");
    c.number_or_null(day, "day", "survival_time_h");
    c.objects(day, "day", "events", [&](const json& o, const std::string& p) {
      c.number(o, p, "time_h");
      c.string(o, p, "label");
    });
  }
  c.objects(study, "", "stations", [&](const json& o, const std::string& p) {
    c.string(o, p, "id");
    c.string(o, p, "site");
    c.number(o, p, "chainage_km");
    c.number(o, p, "suction_min_bar");
    c.number(o, p, "discharge_max_bar");
    c.string(o, p, "notes");
  });
  if (study.contains("sections")) {  // optional: extra sections of tables (planning studies)
    c.objects(study, "", "sections", [&](const json& o, const std::string& p) {
      c.string(o, p, "id");
      c.string(o, p, "title");
      c.string(o, p, "note");
      c.objects(o, p, "tables", [&](const json& t, const std::string& q) {
        c.string(t, q, "title");
        const json& cols = c.array(t, q, "columns", "an array of strings");
        for (std::size_t i = 0; i < cols.size(); ++i)
          c.type(cols[i], Checker::item(Checker::key(q, "columns"), i), json::value_t::string, "a string");
        const json& rows = c.array(t, q, "rows", "an array of arrays of strings");
        for (std::size_t r = 0; r < rows.size(); ++r) {
          const std::string rp = Checker::item(Checker::key(q, "rows"), r);
          c.type(rows[r], rp, json::value_t::array, "an array of strings");
          if (rows[r].size() != cols.size())
            c.fail(rp, fmt::format("has {} cells but there are {} columns", rows[r].size(), cols.size()));
          for (std::size_t k = 0; k < rows[r].size(); ++k)
            c.type(rows[r][k], Checker::item(rp, k), json::value_t::string, "a string");
        }
      });
    });
  }
  c.objects(study, "", "assumptions", [&](const json& o, const std::string& p) {
    c.string(o, p, "item");
    c.string(o, p, "value");
    c.string(o, p, "status");
    const std::string status = o["status"].get<std::string>();
    if (status != "SOURCED" && status != "ASSUMED" && status != "DERIVED")
      c.fail(Checker::key(p, "status"),
             fmt::format("expected SOURCED, ASSUMED or DERIVED, got \"{}\"", status));
    c.string(o, p, "source");
  });
  validate_quality_day(study, file);
}

json read_study(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw io::InputError(file, 0, "", "cannot open the study file");
  io::check_input_size(file);
  std::stringstream ss;
  ss << in.rdbuf();
  io::check_json_depth(ss.str(), file);  // limits of docs/limits.md
  json study;
  try {
    study = json::parse(ss.str());
  } catch (const json::exception& e) {  // parse_error, or out_of_range.406 (number overflow)
    throw io::InputError(file, 0, "", "not valid JSON: " + io::without_library_code(e.what()));
  }
  io::reading(file, [&] { validate_study(study, file); });
  return study;
}

int expected_chart_count(const json& study) {
  int n = static_cast<int>(study.at("profiles").size());
  if (!study.at("design").empty()) n += 1;
  if (!study.at("day").is_null()) n += 2;
  return n + quality_day_chart_count(study);
}

// ---------------------------------------------------------------------------------------------
// HTML

namespace {

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string str(const json& j) { return esc(j.get<std::string>()); }

/// A number with `digits` decimals, thousands grouped with commas ("1,548.0"); never "-0.0".
std::string num(const json& j, int digits) {
  std::string s = fmt::format("{:.{}f}", j.get<double>(), digits);
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  const std::size_t int_begin = s[0] == '-' ? 1 : 0;
  const std::size_t dot = s.find('.');
  const std::size_t int_end = dot == std::string::npos ? s.size() : dot;
  std::string out = s.substr(0, int_begin);
  for (std::size_t k = int_begin; k < int_end; ++k) {
    if (k > int_begin && (int_end - k) % 3 == 0) out += ',';
    out += s[k];
  }
  return out + s.substr(int_end);
}

/// Hours as a clock time: 18.0 -> "18:00", 26.5 -> "26:30".
std::string clock(double hours) {
  const long minutes = std::lround(hours * 60.0);
  const long m = minutes < 0 ? -minutes : minutes;
  return fmt::format("{}{:02d}:{:02d}", minutes < 0 ? "-" : "", m / 60, m % 60);
}

/// The study as JSON that can sit inside <script type="application/json">: '<', '>' and '&' only
/// occur inside JSON strings, where \u escapes mean the same.
std::string embedded_json(const json& study) {
  std::string s = study.dump();
  std::string out;
  out.reserve(s.size() + 64);
  for (const char ch : s) {
    if (ch == '<')
      out += "\\u003c";
    else if (ch == '>')
      out += "\\u003e";
    else if (ch == '&')
      out += "\\u0026";
    else
      out += ch;
  }
  return out;
}

constexpr std::string_view kStyle = R"CSS(
:root { --ink: #1d2733; --muted: #5b6875; --line: #d5dbe1; --band: #f3f6f9; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif;
       color: var(--ink); background: #fff; }
header { padding: 28px 40px 18px; border-bottom: 3px solid var(--accent); background: var(--band); }
header h1 { margin: 0 0 4px; font-size: 26px; }
header p { margin: 0; color: var(--muted); }
nav { padding: 8px 40px; border-bottom: 1px solid var(--line); font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 18px; }
main { padding: 8px 40px 40px; max-width: 1400px; }
section { margin-top: 26px; }
h2 { font-size: 20px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 16px 0 6px; }
table { border-collapse: collapse; font-size: 14px; margin: 6px 0 12px; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
.summary td:first-child { color: var(--muted); }
.summary td:last-child { font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(560px, 1fr)); gap: 18px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px 6px; }
.chart-box { position: relative; height: 380px; }
.note { color: var(--muted); font-size: 14px; margin: 4px 0 10px; }
.notcomputed { padding: 14px 16px; background: var(--band); border-left: 4px solid #9aa5b1; }
.ok { color: #2e7d32; font-weight: 600; }
.bad { color: #c62828; font-weight: 600; }
.tag { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.tag.SOURCED { background: #e3f1e4; color: #1b5e20; }
.tag.ASSUMED { background: #fdecd4; color: #8a4b00; }
.tag.DERIVED { background: #e3ecf8; color: #163f7a; }
footer { padding: 14px 40px 30px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); }
)CSS";

// The page's own script: builds the charts with Chart.js from the embedded study, then records
// what was drawn (data-points, data-ink per canvas; data-charts-ready on <body>) for the
// end-to-end test. Any error goes to <body data-report-errors> and console.error.
constexpr std::string_view kPageScript = R"JS(
(function () {
  'use strict';
  var body = document.body;
  var errors = [];
  function fail(msg) {
    errors.push(String(msg).replace(/[\r\n]+/g, ' / '));
    body.dataset.reportErrors = errors.join(' | ');
  }
  window.addEventListener('error', function (e) { fail(e.message || e); });
  window.addEventListener('unhandledrejection', function (e) { fail(e.reason); });

  var C = {
    pressure: '#1f5fbf', elevation: '#96703c', elevationFill: 'rgba(150,112,60,0.18)',
    maop: '#c62828', minp: '#ef6c00', station: '#2e7d32', linepack: '#1f5fbf',
    delivery: '#7b1fa2', power: '#00838f', fuel: '#f9a825', event: '#555555',
    temperature: '#d84315'
  };
  var charts = [];

  function hexRgb(hex) {
    var v = parseInt(hex.slice(1), 16);
    return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
  }
  // Pixels of each colour inside the plot area: the series was drawn, not just the frame. One
  // readback per chart (Chrome warns on the console about repeated ones).
  function ink(chart, colors) {
    var a = chart.chartArea, r = chart.currentDevicePixelRatio || 1;
    var x = Math.floor(a.left * r), y = Math.floor(a.top * r);
    var w = Math.max(1, Math.floor((a.right - a.left) * r));
    var h = Math.max(1, Math.floor((a.bottom - a.top) * r));
    var px = chart.ctx.getImageData(x, y, w, h).data;
    return colors.map(function (color) {
      var want = hexRgb(color), n = 0;
      for (var i = 0; i < px.length; i += 4) {
        if (px[i + 3] > 128 && Math.abs(px[i] - want[0]) + Math.abs(px[i + 1] - want[1]) +
            Math.abs(px[i + 2] - want[2]) < 60) n++;
      }
      return n;
    });
  }
  function make(canvasId, config) {
    var canvas = document.getElementById(canvasId);
    config.options = config.options || {};
    var chart = new Chart(canvas, config);
    charts.push({ canvas: canvas, chart: chart });
    return chart;
  }
  function xy(xs, ys) {
    var out = [];
    for (var i = 0; i < xs.length; i++) out.push({ x: xs[i], y: ys[i] });
    return out;
  }
  function hline(label, x0, x1, y, color, axis) {
    return { type: 'line', label: label, data: [{ x: x0, y: y }, { x: x1, y: y }], yAxisID: axis,
             borderColor: color, backgroundColor: color, borderDash: [7, 5], borderWidth: 1.8,
             pointStyle: 'line', pointRadius: 0, pointHoverRadius: 0, fill: false, order: 5 };
  }
  function eventLines(events) {
    return events.map(function (e) {
      return { type: 'line', label: clock(e.time_h) + ' ' + e.label,
               data: [{ x: e.time_h, y: 0 }, { x: e.time_h, y: 1 }], yAxisID: 'ev',
               borderColor: C.event, backgroundColor: C.event, borderDash: [3, 3],
               borderWidth: 1.5, pointStyle: 'line', pointRadius: 0, pointHoverRadius: 0, fill: false,
               order: 6 };
    });
  }
  function fmt(v, d) { return Number(v).toFixed(d); }
  function thousands(v) { return Number(v).toLocaleString('en-US', { maximumFractionDigits: 0 }); }
  // Hours as a clock time, "18:00" (hours past 24 keep counting: "26:30").
  function clock(h) {
    var m = Math.round(h * 60), sign = m < 0 ? '-' : '';
    m = Math.abs(m);
    return sign + String(Math.floor(m / 60)).padStart(2, '0') + ':' + String(m % 60).padStart(2, '0');
  }
  function axisTitle(text) { return { display: true, text: text, font: { size: 13, weight: '600' } }; }
  function interp(xs, ys, x) {
    var best = null;
    for (var i = 0; i < xs.length; i++) if (xs[i] === x) best = best === null ? ys[i] : Math.max(best, ys[i]);
    if (best !== null) return best;
    for (var j = 1; j < xs.length; j++) {
      var a = xs[j - 1], b = xs[j];
      if ((x - a) * (x - b) <= 0 && a !== b) return ys[j - 1] + (ys[j] - ys[j - 1]) * (x - a) / (b - a);
    }
    return ys[x < xs[0] ? 0 : ys.length - 1];
  }
  var common = {
    responsive: true, maintainAspectRatio: false, animation: false,
    interaction: { mode: 'nearest', intersect: false },
    plugins: { legend: { position: 'bottom',
                         labels: { usePointStyle: true, pointStyleWidth: 28, font: { size: 12 } } },
               title: { display: true, font: { size: 15, weight: '600' } } }
  };
  function options(title, scales) {
    var o = JSON.parse(JSON.stringify(common));
    o.plugins.title.text = title;
    o.scales = scales;
    return o;
  }

  function profileChart(p, i) {
    var x0 = p.chainage_km[0], x1 = p.chainage_km[p.chainage_km.length - 1];
    var ds = [
      { type: 'line', label: 'Pressure (bar)', data: xy(p.chainage_km, p.pressure_bar), yAxisID: 'y',
        borderColor: C.pressure, backgroundColor: C.pressure, borderWidth: 2.5, pointStyle: 'line',
        pointRadius: 0, pointHitRadius: 6, fill: false, order: 1, lpData: true },
      { type: 'line', label: 'Elevation (m)', data: xy(p.chainage_km, p.elevation_m), yAxisID: 'y2',
        borderColor: C.elevation, backgroundColor: C.elevationFill, borderWidth: 1.5, pointStyle: 'rect',
        pointRadius: 0, fill: 'origin', order: 9, lpData: true },
      hline('MAOP ' + fmt(p.maop_bar, 1) + ' bar', x0, x1, p.maop_bar, C.maop, 'y'),
      hline('Minimum ' + fmt(p.min_pressure_bar, 1) + ' bar', x0, x1, p.min_pressure_bar, C.minp, 'y')
    ];
    if (p.stations_km.length > 0) {
      ds.push({ type: 'scatter', label: 'Compressor station',
                data: p.stations_km.map(function (km) { return { x: km, y: interp(p.chainage_km, p.pressure_bar, km) }; }),
                yAxisID: 'y', pointStyle: 'triangle', pointRadius: 8, pointHoverRadius: 10, clip: 12,
                borderColor: C.station, backgroundColor: C.station, order: 0, lpData: true });
    }
    var pmax = Math.max(p.maop_bar, Math.max.apply(null, p.pressure_bar));
    var pmin = Math.min(p.min_pressure_bar, Math.min.apply(null, p.pressure_bar));
    var scales = {
      x: { type: 'linear', min: x0, max: x1, ticks: { includeBounds: false }, title: axisTitle('Chainage (km)') },
      y: { type: 'linear', position: 'left', suggestedMin: Math.floor(pmin - 5), suggestedMax: Math.ceil(pmax + 3),
           title: axisTitle('Pressure (bar)') },
      y2: { type: 'linear', position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
            title: axisTitle('Elevation (m)') }
    };
    if (p.temperature_km && p.temperature_km.length > 1) {  // energy equation: gas temperature
      ds.push({ type: 'line', label: 'Gas temperature (\u00b0C)', data: xy(p.temperature_km, p.temperature_c),
                yAxisID: 'y3', borderColor: C.temperature, backgroundColor: C.temperature, borderWidth: 2,
                borderDash: [2, 3], pointStyle: 'line', pointRadius: 0, pointHitRadius: 6, fill: false,
                order: 2, lpData: true });
      scales.y3 = { type: 'linear', position: 'right', grid: { drawOnChartArea: false },
                    title: axisTitle('Gas temperature (\u00b0C)') };
    }
    make('chart-profile-' + i, { type: 'line', data: { datasets: ds }, options: options(p.name, scales) });
  }

  function designChart(rows) {
    var labels = rows.map(function (d) {
      return fmt(d.diameter_in, 0) + '" at ' + thousands(d.target_mmcfd) + ' mmcfd' +
             (d.feasible ? '' : ' (infeasible)');
    });
    make('chart-design', { type: 'bar', data: { labels: labels, datasets: [
      { type: 'bar', label: 'Total compressor power (MW)', yAxisID: 'y',
        data: rows.map(function (d) { return d.total_power_mw; }),
        backgroundColor: C.power, borderColor: C.power, pointStyle: 'rect', order: 2, lpData: true },
      { type: 'line', label: 'Delivery pressure (bar)', yAxisID: 'y2', showLine: false,
        data: rows.map(function (d) { return d.delivery_bar; }), pointStyle: 'rectRot',
        pointRadius: 8, pointHoverRadius: 10, borderColor: C.delivery, backgroundColor: C.delivery,
        order: 1, lpData: true }
    ] }, options: options('Design comparison: compression needed and delivery pressure', {
      x: { title: axisTitle('Diameter and target flow') },
      y: { beginAtZero: true, title: axisTitle('Total compressor power (MW)') },
      y2: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false },
            title: axisTitle('Delivery pressure (bar)') }
    }) });
  }

  function dayCharts(d) {
    var t0 = d.time_h[0], t1 = d.time_h[d.time_h.length - 1];
    var timeAxis = { type: 'linear', min: t0, max: t1, ticks: { stepSize: 2 }, title: axisTitle('Time of day (h)') };
    var evAxis = { type: 'linear', min: 0, max: 1, display: false };
    make('chart-day-linepack', { type: 'line', data: { datasets: [
      { label: 'Line pack (million Sm\u00b3)', data: xy(d.time_h, d.linepack_msm3), yAxisID: 'y',
        borderColor: C.linepack, backgroundColor: C.linepack, borderWidth: 2.5, pointStyle: 'line',
        pointRadius: 0, fill: false, order: 1, lpData: true },
      { label: 'Delivery pressure (bar)', data: xy(d.time_h, d.delivery_pressure_bar), yAxisID: 'y2',
        borderColor: C.delivery, backgroundColor: C.delivery, borderWidth: 2.5, pointStyle: 'line',
        pointRadius: 0, fill: false, order: 1, lpData: true },
      hline('Minimum delivery ' + fmt(d.min_delivery_bar, 1) + ' bar', t0, t1, d.min_delivery_bar, C.minp, 'y2')
    ].concat(eventLines(d.events)) }, options: options('Line pack and delivery pressure over the day', {
      x: timeAxis,
      y: { position: 'left', title: axisTitle('Line pack (million Sm\u00b3)') },
      y2: { position: 'right', grid: { drawOnChartArea: false }, suggestedMin: d.min_delivery_bar - 2,
            title: axisTitle('Delivery pressure (bar)') },
      ev: evAxis
    }) });
    make('chart-day-power', { type: 'line', data: { datasets: [
      { label: 'Compressor power (MW)', data: xy(d.time_h, d.compressor_power_mw), yAxisID: 'y',
        borderColor: C.power, backgroundColor: C.power, borderWidth: 2.5, pointStyle: 'line',
        pointRadius: 0, fill: false, order: 1, lpData: true }
    ].concat(eventLines(d.events)) }, options: options('Compressor power over the day', {
      x: JSON.parse(JSON.stringify(timeAxis)),
      y: { beginAtZero: true, title: axisTitle('Shaft power (MW)') },
      ev: JSON.parse(JSON.stringify(evAxis))
    }) });
  }

/*quality-day-chart*/
  try {
    if (typeof Chart === 'undefined') throw new Error('the chart library did not load');
    var study = JSON.parse(document.getElementById('study-data').textContent);
    Chart.defaults.font.family = 'system-ui, "DejaVu Sans", Arial, sans-serif';
    Chart.defaults.color = '#1d2733';
    study.profiles.forEach(profileChart);
    if (study.design.length > 0) designChart(study.design);
    if (study.day !== null) dayCharts(study.day);
    if (study.quality_day) qualityDayChart(study.quality_day);

    var total = 0;
    charts.forEach(function (c) {
      var points = 0, colors = [];
      c.chart.data.datasets.forEach(function (ds, k) {
        if (!ds.lpData) return;
        points += c.chart.getDatasetMeta(k).data.length;
        colors.push(ds.borderColor);
      });
      var inks = ink(c.chart, colors);
      c.canvas.dataset.points = String(points);
      c.canvas.dataset.inkSeries = inks.join(',');
      c.canvas.dataset.ink = String(inks.reduce(function (s, v) { return s + v; }, 0));
      total += points;
    });
    body.dataset.pointsTotal = String(total);
    body.dataset.pageHeight = String(document.documentElement.scrollHeight);
    body.dataset.chartsReady = String(charts.length);
  } catch (e) {
    fail(e && e.stack ? e.stack : e);
    console.error('linepack report: ' + (e && e.message ? e.message : e));
  }
})();
)JS";

void table_open(std::string& h, std::initializer_list<std::pair<const char*, bool>> columns,
                const char* cls = nullptr) {
  h += cls ? fmt::format("<table class=\"{}\"><thead><tr>", cls) : "<table><thead><tr>";
  for (const auto& [name, numeric] : columns)
    h += fmt::format("<th{}>{}</th>", numeric ? " class=\"n\"" : "", name);
  h += "</tr></thead><tbody>\n";
}

std::string td(const std::string& s) { return "<td>" + s + "</td>"; }
std::string tdn(const std::string& s) { return "<td class=\"n\">" + s + "</td>"; }

void summary_section(std::string& h, const json& study) {
  h += "<section id=\"summary\"><h2>Summary</h2>\n";
  if (study["summary"].empty()) {
    h += "<p class=\"note\">No summary rows in the study.</p>";
  } else {
    table_open(h, {{"Quantity", false}, {"Value", false}}, "summary");
    for (const auto& r : study["summary"])
      h += "<tr>" + td(str(r["label"])) + td(str(r["value"])) + "</tr>\n";
    h += "</tbody></table>";
  }
  h += "</section>\n";
}

void profiles_section(std::string& h, const json& study) {
  h +=
      "<section id=\"profiles\"><h2>Pressure profile along the line</h2>\n"
      "<p class=\"note\">Pressure against chainage (left axis), ground elevation (right axis), the "
      "maximum allowable operating pressure and the minimum pressure as dashed lines, and the "
      "compressor stations as triangles; for cases with the energy equation, the gas temperature "
      "(dotted, own axis).</p>\n";
  if (study["profiles"].empty()) h += "<p class=\"note notcomputed\">No profiles in the study.</p>";
  h += "<div class=\"grid\">\n";
  for (std::size_t i = 0; i < study["profiles"].size(); ++i) {
    const json& p = study["profiles"][i];
    h += fmt::format(
        "<div class=\"card\"><div class=\"chart-box\"><canvas id=\"chart-profile-{}\" "
        "class=\"chart\" role=\"img\" aria-label=\"Pressure profile: {}\"></canvas></div></div>\n",
        i, str(p["name"]));
  }
  h += "</div></section>\n";
}

void capacity_section(std::string& h, const json& study) {
  h += "<section id=\"capacity\"><h2>Capacity</h2>\n"
       "<p class=\"note\">The largest throughput to the delivery points that keeps every pressure "
       "and station limit, and the constraint that binds.</p>\n";
  if (study["capacity"].empty()) {
    h += "<p class=\"note notcomputed\">No capacity cases in the study.</p>";
  } else {
    // Optional "power_mw" (station power at capacity) gets its own column.
    const bool power = std::any_of(study["capacity"].begin(), study["capacity"].end(), [](const json& r) {
      return r.contains("power_mw") && r["power_mw"].is_number();
    });
    if (power)
      table_open(h, {{"Case", false},
                     {"Stations", false},
                     {"Capacity (mmcfd)", true},
                     {"Capacity (kg/s)", true},
                     {"Station power (MW)", true},
                     {"Binding constraint", false}});
    else
      table_open(h, {{"Case", false},
                     {"Stations", false},
                     {"Capacity (mmcfd)", true},
                     {"Capacity (kg/s)", true},
                     {"Binding constraint", false}});
    for (const auto& r : study["capacity"]) {
      std::string w;
      if (power) w = tdn(r.contains("power_mw") && r["power_mw"].is_number() ? num(r["power_mw"], 1) : "");
      h += "<tr>" + td(str(r["case"])) + td(str(r["stations"])) + tdn(num(r["capacity_mmcfd"], 1)) +
           tdn(num(r["capacity_kg_per_s"], 2)) + w + td(str(r["binding"])) + "</tr>\n";
    }
    h += "</tbody></table>";
  }
  h += "</section>\n";
}

std::string design_label(const json& d) {
  return fmt::format("{}&quot; at {} mmcfd", num(d["diameter_in"], 0), num(d["target_mmcfd"], 0));
}

void design_section(std::string& h, const json& study) {
  h += "<section id=\"design\"><h2>Design comparison</h2>\n";
  const json& rows = study["design"];
  if (rows.empty()) {
    h += "<p class=\"note notcomputed\">No design cases in the study.</p></section>\n";
    return;
  }
  table_open(h, {{"Diameter (in)", true},
                 {"Target (mmcfd)", true},
                 {"Feasible", false},
                 {"Stations", true},
                 {"Delivery (bar)", true},
                 {"Total power (MW)", true},
                 {"Fuel (mmcfd)", true}});
  for (const auto& d : rows)
    h += "<tr>" + tdn(num(d["diameter_in"], 0)) + tdn(num(d["target_mmcfd"], 0)) +
         (d["feasible"].get<bool>() ? "<td class=\"ok\">yes</td>" : "<td class=\"bad\">no</td>") +
         tdn(std::to_string(d["stations"].size())) + tdn(num(d["delivery_bar"], 2)) +
         tdn(num(d["total_power_mw"], 2)) + tdn(num(d["total_fuel_mmcfd"], 2)) + "</tr>\n";
  h += "</tbody></table>\n"
       "<div class=\"card\"><div class=\"chart-box\"><canvas id=\"chart-design\" class=\"chart\" "
       "role=\"img\" aria-label=\"Design comparison\"></canvas></div></div>\n"
       "<h3>Compressor stations of each design</h3>\n";
  table_open(h, {{"Design", false},
                 {"Station", false},
                 {"Chainage (km)", true},
                 {"Suction (bar)", true},
                 {"Discharge (bar)", true},
                 {"Power (MW)", true},
                 {"Fuel (mmcfd)", true}});
  for (const auto& d : rows) {
    if (d["stations"].empty())
      h += "<tr>" + td(design_label(d)) + "<td colspan=\"6\">no compression</td></tr>\n";
    for (const auto& s : d["stations"])
      h += "<tr>" + td(design_label(d)) + td(str(s["id"])) + tdn(num(s["chainage_km"], 1)) +
           tdn(num(s["suction_bar"], 2)) + tdn(num(s["discharge_bar"], 2)) +
           tdn(num(s["power_mw"], 2)) + tdn(num(s["fuel_mmcfd"], 2)) + "</tr>\n";
  }
  h += "</tbody></table></section>\n";
}

void day_section(std::string& h, const json& study) {
  h += "<section id=\"day\"><h2>A day of operation</h2>\n";
  const json& d = study["day"];
  if (d.is_null()) {
    h += "<p class=\"notcomputed\" id=\"day-not-computed\">The day of operation was not computed "
         "for this study.</p></section>\n";
    return;
  }
  const std::string survival =
      d["survival_time_h"].is_null()
          ? std::string("the delivery pressure stays above its minimum for the whole period")
          : fmt::format("survival time at the delivery point: <strong>{} h</strong>",
                        num(d["survival_time_h"], 2));
  h += fmt::format(
      "<p class=\"note\">Minimum delivery pressure {} bar; {}. Events are dashed vertical "
      "lines.</p>\n",
      num(d["min_delivery_bar"], 1), survival);
  h += "<div class=\"grid\">\n"
       "<div class=\"card\"><div class=\"chart-box\"><canvas id=\"chart-day-linepack\" "
       "class=\"chart\" role=\"img\" aria-label=\"Line pack and delivery pressure\"></canvas>"
       "</div></div>\n"
       "<div class=\"card\"><div class=\"chart-box\"><canvas id=\"chart-day-power\" "
       "class=\"chart\" role=\"img\" aria-label=\"Compressor power\"></canvas></div></div>\n"
       "</div>\n";
  if (!d["events"].empty()) {
    h += "<h3>Events</h3>\n";
    table_open(h, {{"Time", true}, {"Hour", true}, {"Event", false}});
    for (const auto& e : d["events"])
      h += "<tr>" + tdn(clock(e["time_h"].get<double>())) + tdn(num(e["time_h"], 2)) +
           td(str(e["label"])) + "</tr>\n";
    h += "</tbody></table>";
  }
  h += "</section>\n";
}

void stations_section(std::string& h, const json& study) {
  h += "<section id=\"stations\"><h2>Compressor stations</h2>\n";
  if (study["stations"].empty()) {
    h += "<p class=\"note notcomputed\">No stations in the study.</p>";
  } else {
    table_open(h, {{"Station", false},
                   {"Site", false},
                   {"Chainage (km)", true},
                   {"Suction min (bar)", true},
                   {"Discharge max (bar)", true},
                   {"Notes", false}});
    for (const auto& s : study["stations"])
      h += "<tr>" + td(str(s["id"])) + td(str(s["site"])) + tdn(num(s["chainage_km"], 1)) +
           tdn(num(s["suction_min_bar"], 2)) + tdn(num(s["discharge_max_bar"], 2)) +
           td(str(s["notes"])) + "</tr>\n";
    h += "</tbody></table>";
  }
  h += "</section>\n";
}

/// The optional extra sections: a title, a note and tables of text cells each. `top`: those
/// marked "position": "top" (drawn right after the summary), else the others.
void extra_sections(std::string& h, const json& study, bool top) {
  if (!study.contains("sections")) return;
  for (const auto& sec : study["sections"]) {
    if ((sec.value("position", "") == "top") != top) continue;
    h += fmt::format("<section id=\"{}\" class=\"extra\"><h2>{}</h2>\n<p class=\"note\">{}</p>\n",
                     str(sec["id"]), str(sec["title"]), str(sec["note"]));
    for (const auto& t : sec["tables"]) {
      h += "<h3>" + str(t["title"]) + "</h3>\n<table><thead><tr>";
      for (const auto& col : t["columns"]) h += "<th>" + str(col) + "</th>";
      h += "</tr></thead><tbody>\n";
      if (t["rows"].empty())
        h += fmt::format("<tr><td colspan=\"{}\">none</td></tr>\n", std::max<std::size_t>(1, t["columns"].size()));
      for (const auto& row : t["rows"]) {
        h += "<tr>";
        for (const auto& cell : row) h += td(str(cell));
        h += "</tr>\n";
      }
      h += "</tbody></table>\n";
    }
    h += "</section>\n";
  }
}

void assumptions_section(std::string& h, const json& study) {
  h += "<section id=\"assumptions\"><h2>Assumptions and sources</h2>\n";
  const json& rows = study["assumptions"];
  if (rows.empty()) {
    h += "<p class=\"note notcomputed\">No assumptions listed in the study.</p>";
  } else {
    int counts[3] = {0, 0, 0};
    for (const auto& a : rows) {
      const std::string s = a["status"].get<std::string>();
      counts[s == "SOURCED" ? 0 : s == "ASSUMED" ? 1 : 2]++;
    }
    h += fmt::format("<p class=\"note\">{} sourced, {} assumed, {} derived.</p>\n", counts[0],
                     counts[1], counts[2]);
    table_open(h, {{"Item", false}, {"Value", false}, {"Status", false}, {"Source", false}});
    for (const auto& a : rows)
      h += "<tr>" + td(str(a["item"])) + td(str(a["value"])) +
           td(fmt::format("<span class=\"tag {0}\">{0}</span>", str(a["status"]))) +
           td(str(a["source"])) + "</tr>\n";
    h += "</tbody></table>";
  }
  h += "</section>\n";
}

}  // namespace

std::string html_escape(std::string_view s) { return esc(s); }

std::string render_html(const json& study, const ChartLibrary& chart) {
  std::string h;
  h.reserve(chart.js.size() + 64 * 1024);
  const std::string title = str(study["title"]);
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       "<meta name=\"generator\" content=\"linepack report\">\n";
  h += "<title>" + title + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n";
  h += fmt::format("<body data-charts-expected=\"{}\">\n", expected_chart_count(study));
  h += "<header><h1>" + title + "</h1><p>" + str(study["subtitle"]) + "</p></header>\n";
  h += "<nav><a href=\"#summary\">Summary</a><a href=\"#profiles\">Pressure profile</a>"
       "<a href=\"#capacity\">Capacity</a><a href=\"#design\">Design</a>"
       "<a href=\"#day\">Day of operation</a>" +
       std::string(quality_day_chart_count(study) ? "<a href=\"#quality\">Gas quality</a>" : "") +
       "<a href=\"#stations\">Stations</a>"
       "<a href=\"#assumptions\">Assumptions</a>";
  if (study.contains("sections"))
    for (const auto& sec : study["sections"])
      h += fmt::format("<a href=\"#{}\">{}</a>", str(sec["id"]), str(sec["title"]));
  h += "</nav>\n<main>\n";
  summary_section(h, study);
  extra_sections(h, study, true);
  profiles_section(h, study);
  capacity_section(h, study);
  design_section(h, study);
  extra_sections(h, study, false);
  day_section(h, study);
  quality_day_section(h, study);
  stations_section(h, study);
  assumptions_section(h, study);
  h += "</main>\n<footer>Written by <code>linepack report</code>. Pressures are absolute. Plots "
       "drawn by " +
       esc(chart.banner.empty() ? std::string("Chart.js") : chart.banner) +
       " (MIT licence), inlined in this file; the page loads nothing from the network.</footer>\n";
  h +=
      "<script type=\"application/json\" id=\"study-data\">" + embedded_json(study) + "</script>\n";
  h += "<script id=\"chart-library\">\n" + chart.js + "\n</script>\n";
  std::string script(kPageScript);
  replace_all(script, "/*quality-day-chart*/", quality_day_script());
  h += "<script id=\"report-script\">" + script + "</script>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace linepack::report
