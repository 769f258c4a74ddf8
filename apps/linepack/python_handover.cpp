#include "python_handover.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

// Set by python/CMakeLists.txt when the Python package is built: the interpreter, and the
// package's build-tree and install folders (colon-separated).
#ifndef LINEPACK_PYTHON_EXECUTABLE
#define LINEPACK_PYTHON_EXECUTABLE "/usr/bin/python3"
#endif
#ifndef LINEPACK_PYTHON_PATH
#define LINEPACK_PYTHON_PATH ""
#endif

namespace linepack::cli {
namespace fs = std::filesystem;

CLI::App* add_python_subcommand(CLI::App& app, const std::string& name,
                                const std::string& description) {
  auto* cmd = app.add_subcommand(name, description);
  cmd->prefix_command();  // every argument after the name goes to Python, unparsed
  cmd->allow_extras();
  cmd->set_help_flag();   // so that --help reaches the Python command too
  return cmd;
}

int run_python_subcommand(const CLI::App& command, const std::string& name) {
  return run_python_module(name, command.remaining());
}

int run_python_module(const std::string& name, const std::vector<std::string>& arguments) {
  // The interpreter: $LINEPACK_PYTHON, else the one the package was built for.
  std::string python = LINEPACK_PYTHON_EXECUTABLE;
  if (const char* env = std::getenv("LINEPACK_PYTHON"); env && *env) python = env;

  // The package: its build-tree and install folders first on PYTHONPATH (those that exist), and
  // <this program's folder>/../python (the build tree's layout).
  std::vector<std::string> dirs;
  const std::string configured = LINEPACK_PYTHON_PATH;
  for (std::size_t start = 0; start <= configured.size();) {
    const std::size_t end = std::min(configured.find(':', start), configured.size());
    if (end > start) dirs.push_back(configured.substr(start, end - start));
    start = end + 1;
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((self.parent_path().parent_path() / "python").string());
  std::string path;
  for (const auto& d : dirs)
    if (fs::is_directory(fs::path(d) / "linepack", ec)) path += (path.empty() ? "" : ":") + d;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old)
    path += (path.empty() ? "" : ":") + std::string(old);
  if (!path.empty()) setenv("PYTHONPATH", path.c_str(), 1);

  std::vector<std::string> args = {python, "-m", "linepack", name};
  for (const auto& a : arguments) args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  execvp(python.c_str(), argv.data());
  fmt::print(stderr, "linepack: error: cannot run '{}' for `linepack {}`: {} (set "
             "LINEPACK_PYTHON to a Python 3 with the linepack package)\n", python, name,
             std::strerror(errno));
  return 2;
}

}  // namespace linepack::cli
