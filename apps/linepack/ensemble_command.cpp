#include "ensemble_command.hpp"

#include "python_handover.hpp"

namespace linepack::cli {

CLI::App* add_ensemble_command(CLI::App& app) {
  return add_python_subcommand(
      app, "ensemble",
      "Solve many scenarios of one network on Dask (runs `python3 -m linepack ensemble`; "
      "`linepack ensemble --help` lists its options)");
}

int run_ensemble(const CLI::App& command) { return run_python_subcommand(command, "ensemble"); }

}  // namespace linepack::cli
