#pragma once
// Runs the built `linepack` command for CLI tests: exit code and stderr. Each run writes stderr
// to its own file, since ctest runs tests in parallel processes.
#include <string>

namespace linepack::test {

struct CliRun {
  int exit_code;
  std::string err;
};

/// Runs `linepack ARGS` (stdout discarded).
CliRun run_cli(const std::string& args);

}  // namespace linepack::test
