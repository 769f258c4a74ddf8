#pragma once
// `linepack ensemble ...`: many scenarios of one network on Dask, run by the Python package
// (python/linepack/ensemble.py, docs/python.md). The command line only hands over to
// `python3 -m linepack ensemble ...` with the same arguments.
namespace CLI {
class App;
}

namespace linepack::cli {

/// Adds the `ensemble` subcommand, which takes every argument after it unparsed.
CLI::App* add_ensemble_command(CLI::App& app);

/// Replaces this process with `python3 -m linepack ensemble ARGS...`; returns 2 (after a message)
/// only when the interpreter cannot be started.
int run_ensemble(const CLI::App& command);

}  // namespace linepack::cli
