#include "linepack/report/quality_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "linepack/io/input_error.hpp"
#include "linepack/report/html_report.hpp"

namespace linepack::report {

using nlohmann::json;

void validate_quality_day(const json& study, const std::filesystem::path& file) {
  if (!study.contains("quality_day") || study["quality_day"].is_null()) return;
  const json& q = study["quality_day"];
  auto fail = [&](const std::string& key, const std::string& problem) {
    throw io::InputError(file, 0, key, problem);
  };
  auto numbers = [&](const json& o, const std::string& key, const char* name) {
    if (!o.contains(name) || !o[name].is_array()) fail(key, "must be an array of numbers");
    for (const auto& v : o[name])
      if (!v.is_number()) fail(key, "must be an array of numbers");
    return o[name].size();
  };
  if (!q.is_object()) fail("quality_day", "must be an object or null");
  const std::size_t n = numbers(q, "quality_day.time_h", "time_h");
  if (n < 2) fail("quality_day.time_h", "needs at least 2 points");
  if (!q.contains("series") || !q["series"].is_array() || q["series"].empty())
    fail("quality_day.series", "must be a non-empty array of objects");
  for (std::size_t k = 0; k < q["series"].size(); ++k) {
    const json& s = q["series"][k];
    const std::string key = fmt::format("quality_day.series[{}]", k);
    if (!s.is_object()) fail(key, "must be an object");
    if (!s.contains("node") || !s["node"].is_string()) fail(key + ".node", "must be a string");
    const std::size_t m = numbers(s, key + ".gross_cv_mj_per_m3", "gross_cv_mj_per_m3");
    if (m != n)
      fail(key + ".gross_cv_mj_per_m3", fmt::format("has {} values but time_h has {}", m, n));
  }
}

int quality_day_chart_count(const json& study) {
  return study.contains("quality_day") && !study["quality_day"].is_null() ? 1 : 0;
}

void quality_day_section(std::string& h, const json& study) {
  if (quality_day_chart_count(study) == 0) return;
  const json& q = study["quality_day"];
  h += "<section id=\"quality\"><h2>Gas quality over the day</h2>\n"
       "<p class=\"note\">Gross calorific value (ISO 6976:2016, real gas, combustion 25 &deg;C, "
       "metering 0 &deg;C) of the gas delivered at each point, from a transient run that carries "
       "each supply's composition with the gas.</p>\n"
       "<div class=\"card\"><div class=\"chart-box\"><canvas id=\"chart-quality-day\" "
       "class=\"chart\" role=\"img\" aria-label=\"Calorific value at the delivery points\">"
       "</canvas></div></div>\n<table><thead><tr><th>Node</th><th class=\"n\">Lowest "
       "(MJ/m&sup3;)</th><th class=\"n\">Highest (MJ/m&sup3;)</th></tr></thead><tbody>\n";
  for (const auto& s : q["series"]) {
    const auto& v = s["gross_cv_mj_per_m3"];
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end(), [](const json& a, const json& b) {
      return a.get<double>() < b.get<double>();
    });
    h += fmt::format("<tr><td>{}</td><td class=\"n\">{:.3f}</td><td class=\"n\">{:.3f}</td></tr>\n",
                     html_escape(s["node"].get<std::string>()), lo->get<double>(),
                     hi->get<double>());
  }
  h += "</tbody></table></section>\n";
}

std::string_view quality_day_script() {
  return R"JS(
  function qualityDayChart(q) {
    var palette = ['#1f5fbf', '#c62828', '#2e7d32', '#7b1fa2', '#ef6c00', '#00838f', '#96703c'];
    var t0 = q.time_h[0], t1 = q.time_h[q.time_h.length - 1];
    var ds = q.series.map(function (s, k) {
      var color = palette[k % palette.length];
      return { label: s.node, data: xy(q.time_h, s.gross_cv_mj_per_m3), borderColor: color,
               backgroundColor: color, borderWidth: 2.5, pointStyle: 'line', pointRadius: 0,
               fill: false, lpData: true };
    });
    make('chart-quality-day', { type: 'line', data: { datasets: ds },
      options: options('Calorific value at the delivery points over the day', {
        x: { type: 'linear', min: t0, max: t1, ticks: { stepSize: 2 }, title: axisTitle('Time of day (h)') },
        y: { title: axisTitle('Gross calorific value (MJ/m\u00b3)') }
      }) });
  }
)JS";
}

}  // namespace linepack::report
