#pragma once
// The planning parts of `linepack study` (docs/study.md, docs/planning.md): mechanical design,
// cost model, least-cost designs and phasing, least-power operation of the given design,
// security of supply (curtailment, survival times), seasonal design days, volume conversion
// basis and the table of public claims against the model. Each adds a section to the study JSON.
#include <filesystem>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "linepack/design/line_design.hpp"

namespace linepack::cli {

/// A designed line's pressure and elevation profile for the report's profile charts
/// (docs/report.md): chainage [km], pressure [bar], elevation [m], station chainages [km].
nlohmann::json line_profile_json(const design::LineDesign& design, const std::string& name,
                                 double maop_bar, double min_pressure_bar);

/// Parses and checks every planning key of the config (grades, design factors, prices, ...)
/// without computing anything, so that bad input stops the study before it writes a file.
/// Throws io::InputError naming the config file and the key.
void check_planning_config(const nlohmann::json& cfg, const std::filesystem::path& file);

/// Named figures computed by the study (mmcfd, MW, h, USD ...), for the claims table's templates.
using Figures = std::map<std::string, double>;

/// Runs the planning sections present in `cfg`, appending to study["sections"], study["design"],
/// study["profiles"] and `summary`, and adding figures to `figures`.
void run_planning(const nlohmann::json& cfg, const std::filesystem::path& base,
                  const std::filesystem::path& file, nlohmann::json& study, nlohmann::json& summary,
                  Figures& figures);

/// The claims table (cfg["claims"]): each row's "model" and "moved_by" are fmt templates over
/// `figures` (e.g. "{cap_free_flow:.0f} mmcfd"); "differences" defines figures a - b.
void add_claims(const nlohmann::json& cfg, const std::filesystem::path& file, nlohmann::json& study,
                Figures& figures);

}  // namespace linepack::cli
