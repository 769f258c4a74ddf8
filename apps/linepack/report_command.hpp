#pragma once
// `linepack report STUDY.json -o report.html`: the study as one self-contained HTML page
// (docs/report.md).
#include <string>

namespace CLI {
class App;
}

namespace linepack::cli {

struct ReportArgs {
  std::string study;   ///< study JSON (the contract in docs/report.md)
  std::string output;  ///< HTML file
};

/// Registers the subcommand on `app`; returns it so main can test whether it was chosen.
CLI::App* add_report_command(CLI::App& app, ReportArgs& args);
/// Exit codes: 0 written; 2 (via io::InputError) for an unreadable, invalid or incomplete study
/// or a missing chart library, with nothing written.
int run_report(const ReportArgs& args);

}  // namespace linepack::cli
