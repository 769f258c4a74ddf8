#pragma once
// The study report: a study JSON (the contract in docs/report.md) becomes one self-contained
// HTML page. Tables are written here; the plots are drawn in the browser by a charting library
// (Chart.js, from npm) whose JavaScript is read from disk and inlined into the page, so the file
// opens offline (file://) and loads nothing.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace linepack::report {

/// The charting library's JavaScript, ready to inline.
struct ChartLibrary {
  std::filesystem::path path;  ///< where it was read from
  std::string js;              ///< its text, made safe to sit inside a <script> element
  std::string banner;          ///< e.g. "Chart.js v4.6.1" (from its licence comment), or empty
};

/// The path the chart library is read from: env LINEPACK_CHART_JS when set and non-empty, else
/// the build's configured default (CMake cache variable LINEPACK_CHART_JS, which points into
/// third_party/npm/ where scripts/install-deps.sh installs the pinned package).
std::filesystem::path chart_library_path();

/// Reads the chart library from `path` (default: chart_library_path()). Drops its
/// sourceMappingURL comment and escapes "</script" and "<!--" so the text can be inlined.
/// Throws io::InputError naming the file, with a hint to run scripts/install-deps.sh, when the
/// file is missing, unreadable or empty.
ChartLibrary load_chart_library(std::optional<std::filesystem::path> path = std::nullopt);

/// Checks `study` against the contract: every required key present with its JSON type, arrays of
/// numbers where numbers are expected, the three profile series of equal length, and
/// assumption status one of SOURCED, ASSUMED, DERIVED. Keys not in the contract are ignored.
/// Throws io::InputError(file, 0, key path such as "profiles[1].maop_bar", problem).
void validate_study(const nlohmann::json& study, const std::filesystem::path& file);

/// `s` with & < > " ' escaped for HTML text and attribute values.
std::string html_escape(std::string_view s);

/// Reads, parses and validates a study JSON file. Throws io::InputError naming the file (and the
/// key) when it cannot be read, is not JSON, or breaks the contract.
nlohmann::json read_study(const std::filesystem::path& file);

/// The number of charts the page draws for `study`: one per profile, one for the design
/// comparison (when it has rows), two for the day (when it is not null).
int expected_chart_count(const nlohmann::json& study);

/// Renders the whole page. Precondition: validate_study(study) passed. The page embeds the study
/// as JSON (with '<', '>' and '&' written as \u escapes) and the chart library, and sets, once
/// every chart is drawn, <body data-charts-ready="N">, and on each <canvas> data-points (data
/// points laid out by the library) and data-ink (pixels of the data series' colour inside the
/// plot area); script errors are collected in <body data-report-errors> and console.error.
std::string render_html(const nlohmann::json& study, const ChartLibrary& chart);

}  // namespace linepack::report
