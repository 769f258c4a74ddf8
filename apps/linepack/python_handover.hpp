#pragma once
// Subcommands that the Python package runs (`linepack ensemble`, `linepack plot`): the command
// line only hands over to `python3 -m linepack NAME ARGS...` (python/linepack/__main__.py).
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace linepack::cli {

/// Adds subcommand `name`, which takes every argument after it unparsed (--help included).
CLI::App* add_python_subcommand(CLI::App& app, const std::string& name,
                                const std::string& description);

/// Replaces this process with `python3 -m linepack NAME ARGS...`, with the package's build-tree
/// and install folders on PYTHONPATH; returns 2 (after a message) only when the interpreter
/// cannot be started.
int run_python_subcommand(const CLI::App& command, const std::string& name);

/// The same with the arguments given: `python3 -m linepack NAME ARGUMENTS...`.
int run_python_module(const std::string& name, const std::vector<std::string>& arguments);

}  // namespace linepack::cli
