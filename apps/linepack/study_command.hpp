#pragma once
// `linepack study CONFIG.json -o OUTDIR`: runs a line study (steady cases, capacity, station
// design) described by a config file and writes OUTDIR/study.json for `linepack report`.
#include <string>

namespace CLI {
class App;
}

namespace linepack::cli {

struct StudyArgs {
  std::string config;
  std::string output_dir;
};

CLI::App* add_study_command(CLI::App& app, StudyArgs& args);
int run_study(const StudyArgs& args);

}  // namespace linepack::cli
