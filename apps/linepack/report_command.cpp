#include "report_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "linepack/io/atomic_file.hpp"
#include "linepack/report/html_report.hpp"

namespace linepack::cli {

CLI::App* add_report_command(CLI::App& app, ReportArgs& args) {
  auto* cmd = app.add_subcommand(
      "report",
      "Write a study JSON as one self-contained HTML report (plots inlined, opens offline)");
  cmd->add_option("study", args.study, "Study JSON (see docs/report.md)")->required();
  cmd->add_option("-o,--output", args.output, "HTML file to write")->required();
  return cmd;
}

int run_report(const ReportArgs& args) {
  // Everything that can fail (study, chart library) is checked before anything is written.
  const nlohmann::json study = report::read_study(args.study);
  const report::ChartLibrary chart = report::load_chart_library();
  const std::string html = report::render_html(study, chart);
  io::write_file_atomically(args.output, html);
  fmt::print("wrote {} ({:.0f} kB, {} charts, {})\n", args.output, html.size() / 1024.0,
             report::expected_chart_count(study),
             chart.banner.empty() ? "chart library" : chart.banner);
  return 0;
}

}  // namespace linepack::cli
