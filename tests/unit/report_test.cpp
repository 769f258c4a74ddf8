// The study report (src/linepack/report/, `linepack report`): every section and the study's data
// are in the page, text is escaped, the chart library is inlined safely, nothing is loaded from
// elsewhere, and a study that breaks the contract is an error naming the file and the key, with
// exit code 2 and nothing written. The page in a real browser: tests/e2e/report_e2e.sh.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "linepack/io/input_error.hpp"
#include "linepack/report/html_report.hpp"
#include "support/data_dir.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
namespace report = linepack::report;

namespace {

fs::path fixture() { return linepack::test::source_dir() / "tests/fixtures/study.json"; }

fs::path scratch() {
  const fs::path dir =
      fs::temp_directory_path() / ("linepack_report_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

json load_fixture() {
  std::ifstream in(fixture());
  return json::parse(in);
}

report::ChartLibrary stub_chart() {
  report::ChartLibrary lib;
  lib.js = "window.Chart = function StubChart() {};";
  lib.banner = "StubChart v0.0.1";
  return lib;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1))
    ++n;
  return n;
}

/// The message of the io::InputError that validate_study throws for `study`, or "" if none.
std::string validation_error(const json& study) {
  try {
    report::validate_study(study, "study.json");
  } catch (const linepack::io::InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(Report, FixtureIsValid) { EXPECT_NO_THROW(report::read_study(fixture())); }

TEST(Report, PageHasEverySectionAndTheData) {
  const json study = report::read_study(fixture());
  const std::string html = report::render_html(study, stub_chart());

  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  for (const char* id :
       {"summary", "profiles", "capacity", "design", "day", "stations", "assumptions"})
    EXPECT_NE(html.find(std::string("<section id=\"") + id + "\">"), std::string::npos) << id;

  // Title, summary and tables, escaped.
  EXPECT_NE(html.find("<title>Pakistan Stream: Port Qasim to Kasur"), std::string::npos);
  EXPECT_NE(html.find("742.6 mmcfd (binding: Kasur minimum 40 bara)"), std::string::npos);
  EXPECT_NE(html.find("56&quot; free flow (55 bara send-out)"), std::string::npos);  // capacity
  EXPECT_NE(html.find("<td class=\"n\">2,153.0</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">521.54</td>"), std::string::npos);
  EXPECT_NE(html.find("CS-2: suction_below_min (60.00 bar)"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">236.30</td>"), std::string::npos);  // design total power
  EXPECT_NE(html.find("<td class=\"bad\">no</td>"), std::string::npos);    // infeasible design
  EXPECT_NE(html.find("<td>42&quot; at 1,548 mmcfd</td><td>CS-4</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"n\">18:00</td>"), std::string::npos);  // day event
  EXPECT_NE(html.find("LNG terminal trip (EETL)"), std::string::npos);
  EXPECT_NE(html.find("<strong>11.60 h</strong>"), std::string::npos);  // survival time
  EXPECT_NE(html.find("SNGPL &amp; SSGC interconnect; trips when suction &lt; 60 bara"),
            std::string::npos);  // station notes
  EXPECT_NE(html.find("<span class=\"tag ASSUMED\">ASSUMED</span>"), std::string::npos);
  EXPECT_NE(html.find("DATASHEET §7.3 (internally coated line pipe)"), std::string::npos);
  EXPECT_NE(html.find("2 sourced, 3 assumed, 1 derived."), std::string::npos);

  // One canvas per chart, the count the page is told to expect.
  EXPECT_EQ(report::expected_chart_count(study), 7);
  EXPECT_NE(html.find("data-charts-expected=\"7\""), std::string::npos);
  EXPECT_EQ(count(html, "<canvas "), 7u);
  for (const char* id : {"chart-profile-0", "chart-profile-1", "chart-profile-2", "chart-design",
                         "chart-day-linepack", "chart-day-power", "chart-quality-day"})
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;

  // The study is embedded whole, for the charts: it parses back to the same JSON.
  const std::string open = "<script type=\"application/json\" id=\"study-data\">";
  const std::size_t a = html.find(open);
  ASSERT_NE(a, std::string::npos);
  const std::size_t b = html.find("</script>", a);
  EXPECT_EQ(json::parse(html.substr(a + open.size(), b - a - open.size())), study);

  // The chart library is inlined, and nothing is loaded from anywhere.
  EXPECT_NE(html.find("window.Chart = function StubChart() {};"), std::string::npos);
  EXPECT_NE(html.find("StubChart v0.0.1"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(Report, DayNullSaysNotComputed) {
  json study = load_fixture();
  study["day"] = nullptr;
  ASSERT_EQ(validation_error(study), "");
  const std::string html = report::render_html(study, stub_chart());
  EXPECT_NE(html.find("id=\"day-not-computed\""), std::string::npos);
  EXPECT_NE(html.find("not computed"), std::string::npos);
  EXPECT_EQ(html.find("id=\"chart-day-linepack\""), std::string::npos);
  EXPECT_EQ(report::expected_chart_count(study), 5);  // 3 profiles, design, quality day
  EXPECT_EQ(count(html, "<canvas "), 5u);
}

TEST(Report, QualityDayIsOptionalAndChecked) {
  json study = load_fixture();
  // The fixture's quality day: a section with the chart and each node's lowest and highest
  // calorific value (N1: 41.674 .. 42.634 MJ/m3 over the day).
  std::string html = report::render_html(study, stub_chart());
  EXPECT_NE(html.find("<section id=\"quality\">"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>N1</td><td class=\"n\">41.674</td><td class=\"n\">42.634</td>"),
            std::string::npos);
  EXPECT_NE(html.find("function qualityDayChart(q)"), std::string::npos);
  study["quality_day"]["series"][1]["gross_cv_mj_per_m3"].erase(0);
  EXPECT_NE(validation_error(study).find("quality_day.series[1].gross_cv_mj_per_m3"),
            std::string::npos)
      << validation_error(study);
  study["quality_day"] = json::array();
  EXPECT_NE(validation_error(study).find("quality_day"), std::string::npos);
  study.erase("quality_day");
  ASSERT_EQ(validation_error(study), "");
  html = report::render_html(study, stub_chart());
  EXPECT_EQ(html.find("<section id=\"quality\">"), std::string::npos);
  EXPECT_EQ(report::expected_chart_count(study), 6);
}

TEST(Report, SurvivalTimeNullAndEmptyListsAreValid) {
  json study = load_fixture();
  study["day"]["survival_time_h"] = nullptr;
  study["day"]["events"] = json::array();
  study["design"] = json::array();
  study["profiles"][0]["stations_km"] = json::array();
  ASSERT_EQ(validation_error(study), "");
  const std::string html = report::render_html(study, stub_chart());
  EXPECT_NE(html.find("stays above its minimum for the whole period"), std::string::npos);
  EXPECT_NE(html.find("No design cases in the study."), std::string::npos);
  EXPECT_EQ(report::expected_chart_count(study), 6);  // 3 profiles + 2 day charts + quality
}

TEST(Report, HostileTextCannotEndTheScriptOrInjectMarkup) {
  json study = load_fixture();
  study["title"] = "</script><script>alert(1)</script>";
  study["assumptions"][0]["source"] = "<!-- <img src=x onerror=alert(2)> & more";
  const std::string html = report::render_html(study, stub_chart());
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("\\u003c/script\\u003e"), std::string::npos);  // in the embedded JSON
  // Exactly the page's own three script elements close.
  EXPECT_EQ(count(html, "</script>"), 3u);
}

TEST(Report, ChartLibraryIsMadeSafeToInline) {
  const fs::path js = scratch() / "lib.js";
  std::ofstream(js) << "/*!\n * FooChart v1.2.3\n */\nvar s = '</script>', t = '</SCRIPT >';\n"
                       "var c = '<!--';\n//# sourceMappingURL=foo.umd.js.map\n";
  const report::ChartLibrary lib = report::load_chart_library(js);
  EXPECT_EQ(lib.banner, "FooChart v1.2.3");
  EXPECT_EQ(lib.js.find("</script"), std::string::npos);
  EXPECT_EQ(lib.js.find("</SCRIPT"), std::string::npos);
  EXPECT_NE(lib.js.find("'<\\/script>'"), std::string::npos);
  EXPECT_NE(lib.js.find("'<\\!--'"), std::string::npos);
  EXPECT_EQ(lib.js.find("sourceMappingURL"), std::string::npos);
}

TEST(Report, MissingChartLibraryNamesTheFileAndTheFix) {
  const fs::path missing = scratch() / "no-such-chart.umd.js";
  try {
    report::load_chart_library(missing);
    FAIL() << "expected an error";
  } catch (const linepack::io::InputError& e) {
    EXPECT_NE(std::string(e.what()).find(missing.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("scripts/install-deps.sh"), std::string::npos);
  }
}

TEST(Report, ContractViolationsNameTheKey) {
  struct Case {
    const char* what;
    std::function<void(json&)> change;
    const char* message;  // expected in "study.json: '<key>': <problem>"
  };
  const Case cases[] = {
      {"missing title", [](json& s) { s.erase("title"); },
       "study.json: 'title': missing (expected a string)"},
      {"number as string", [](json& s) { s["profiles"][1]["maop_bar"] = "99"; },
       "study.json: 'profiles[1].maop_bar': expected a number, got string \"99\""},
      {"series lengths", [](json& s) { s["profiles"][0]["elevation_m"].erase(0); },
       "'profiles[0].elevation_m': has 52 values but chainage_km has 53"},
      {"non-number in series", [](json& s) { s["profiles"][2]["pressure_bar"][4] = nullptr; },
       "'profiles[2].pressure_bar[4]': expected a number, got null"},
      {"nested missing", [](json& s) { s["design"][2]["stations"][1].erase("power_mw"); },
       "'design[2].stations[1].power_mw': missing (expected a number)"},
      {"boolean", [](json& s) { s["design"][0]["feasible"] = 1; },
       "'design[0].feasible': expected true or false, got number"},
      {"day missing", [](json& s) { s.erase("day"); },
       "'day': missing (expected an object or null)"},
      {"day wrong type", [](json& s) { s["day"] = "tomorrow"; },
       "'day': expected an object or null, got string \"tomorrow\""},
      {"day series", [](json& s) { s["day"]["time_h"] = "x"; },
       "'day.time_h': expected an array of numbers, got string"},
      {"day lengths", [](json& s) { s["day"]["compressor_power_mw"].erase(0); },
       "'day.compressor_power_mw': has 96 values but time_h has 97"},
      {"event label", [](json& s) { s["day"]["events"][1]["label"] = 5; },
       "'day.events[1].label': expected a string, got number"},
      {"row not object", [](json& s) { s["capacity"][0] = 5; },
       "'capacity[0]': expected an object, got number"},
      {"status enum", [](json& s) { s["assumptions"][3]["status"] = "GUESSED"; },
       "'assumptions[3].status': expected SOURCED, ASSUMED or DERIVED, got \"GUESSED\""},
      {"stations key", [](json& s) { s["stations"][2].erase("discharge_max_bar"); },
       "'stations[2].discharge_max_bar': missing (expected a number)"},
      {"summary value", [](json& s) { s["summary"][0]["value"] = 1100; },
       "'summary[0].value': expected a string, got number"},
      {"too few points",
       [](json& s) {
         for (const char* k : {"chainage_km", "pressure_bar", "elevation_m"})
           s["profiles"][0][k] = json::array({1.0});
       },
       "'profiles[0].chainage_km': needs at least 2 points"},
      {"section row length", [](json& s) { s["sections"][0]["tables"][0]["rows"][1].erase(0); },
       "'sections[0].tables[0].rows[1]': has 3 cells but there are 4 columns"},
      {"section cell type", [](json& s) { s["sections"][1]["tables"][0]["rows"][0][1] = 71.9; },
       "'sections[1].tables[0].rows[0][1]': expected a string, got number"},
      {"section title", [](json& s) { s["sections"][1].erase("title"); },
       "'sections[1].title': missing (expected a string)"},
      {"top level", [](json& s) { s = json::array(); },
       "study.json: expected a JSON object at the top level, got array"},
  };
  for (const Case& c : cases) {
    json study = load_fixture();
    c.change(study);
    const std::string message = validation_error(study);
    EXPECT_NE(message.find(c.message), std::string::npos)
        << c.what << ": got \"" << message << "\"";
  }
}

TEST(Report, UnreadableOrNonJsonFilesNameTheFile) {
  const fs::path bad = scratch() / "broken.json";
  std::ofstream(bad) << "{\"title\": ";
  try {
    report::read_study(bad);
    FAIL() << "expected an error";
  } catch (const linepack::io::InputError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(bad.string() + ": not valid JSON", 0), 0u) << e.what();
  }
  try {
    report::read_study(scratch() / "absent.json");
    FAIL() << "expected an error";
  } catch (const linepack::io::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("absent.json: cannot open"), std::string::npos);
  }
}

namespace {

struct CliRun {
  int exit_code;
  std::string err;
};

CliRun run_cli(const std::string& env, const std::string& args) {
  static int counter = 0;
  const fs::path err = scratch() / ("stderr_" + std::to_string(counter++));
  const std::string cmd = env + " " + linepack::test::cli_path().string() + " " + args + " 2> " +
                          err.string() + " > /dev/null";
  const int status = std::system(cmd.c_str());
  std::ifstream in(err);
  std::stringstream ss;
  ss << in.rdbuf();
  return {WEXITSTATUS(status), ss.str()};
}

}  // namespace

TEST(ReportCli, WritesThePage) {
  const fs::path js = scratch() / "stub-chart.js";
  std::ofstream(js) << "/*! StubChart v9.9.9 */ window.Chart = function () {};\n";
  const fs::path out = scratch() / "ok.html";
  fs::remove(out);
  const CliRun r = run_cli("LINEPACK_CHART_JS=" + js.string(),
                           "report " + fixture().string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(fs::exists(out));
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_NE(ss.str().find("window.Chart = function () {};"), std::string::npos);
  EXPECT_NE(ss.str().find("StubChart v9.9.9"), std::string::npos);
}

TEST(ReportCli, BadStudyExitsTwoAndWritesNothing) {
  json study = load_fixture();
  study["capacity"][1].erase("binding");
  const fs::path bad = scratch() / "bad-study.json";
  std::ofstream(bad) << study.dump();
  const fs::path out = scratch() / "bad.html";
  fs::remove(out);
  const CliRun r = run_cli("", "report " + bad.string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(bad.string() + ": 'capacity[1].binding': missing"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST(ReportCli, MissingChartLibraryExitsTwoAndWritesNothing) {
  const fs::path out = scratch() / "nolib.html";
  fs::remove(out);
  const CliRun r = run_cli("LINEPACK_CHART_JS=" + (scratch() / "none.js").string(),
                           "report " + fixture().string() + " -o " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("none.js"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("scripts/install-deps.sh"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(out));
}

TEST(Report, ExtraSectionsAreRenderedAsTablesAndListedInTheNavigation) {
  const json study = report::read_study(fixture());
  const std::string html = report::render_html(study, stub_chart());
  EXPECT_NE(html.find("<section id=\"claims\" class=\"extra\"><h2>Public claims against the model</h2>"),
            std::string::npos);
  EXPECT_NE(html.find("<a href=\"#security\">Security of supply</a>"), std::string::npos);
  EXPECT_NE(html.find("<td>777 mmcfd all at Kasur</td>"), std::string::npos);
  EXPECT_NE(html.find("<td colspan=\"1\">none</td>"), std::string::npos);  // an empty table says so
  // "position": "top" puts a section right after the summary, before the profiles.
  json top = study;
  top["sections"][1]["position"] = "top";
  const std::string moved = report::render_html(top, stub_chart());
  EXPECT_LT(moved.find("<section id=\"security\""), moved.find("<section id=\"profiles\""));
  EXPECT_GT(moved.find("<section id=\"claims\""), moved.find("<section id=\"profiles\""));
  // Optional: a study without sections is still valid.
  json plain = study;
  plain.erase("sections");
  EXPECT_EQ(validation_error(plain), "");
}
