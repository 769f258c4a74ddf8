#pragma once
// The gas quality day in the study report (docs/report.md, "quality_day"): the gross calorific
// value at the delivery points over the day, from a transient run with supply compositions
// (docs/transient.md §10). Optional key of the study JSON: its validation, its section of the
// page and its chart (drawn by the page script, which calls qualityDayChart(q)).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace linepack::report {

/// Checks study["quality_day"] when present and not null: {"time_h": [num] (at least 2),
/// "series": [{"node": str, "gross_cv_mj_per_m3": [num] (as many as time_h)}] (at least one)}.
/// Throws io::InputError(file, 0, key path, problem).
void validate_quality_day(const nlohmann::json& study, const std::filesystem::path& file);
/// 1 when the study has a quality day, else 0.
int quality_day_chart_count(const nlohmann::json& study);
/// The section (id "quality"): a note, the chart's canvas and a table of the lowest and highest
/// value per node; nothing when the study has no quality day.
void quality_day_section(std::string& html, const nlohmann::json& study);
/// The page-script function qualityDayChart(q) (uses the page script's helpers make, options,
/// xy, axisTitle, fmt).
std::string_view quality_day_script();

}  // namespace linepack::report
