#include "support/cli_run.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/data_dir.hpp"

namespace linepack::test {

CliRun run_cli(const std::string& args) {
  static int counter = 0;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "linepack_cli_runs";
  std::filesystem::create_directories(dir);
  const std::filesystem::path err_file =
      dir / ("stderr_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string cmd =
      cli_path().string() + " " + args + " 2> " + err_file.string() + " > /dev/null";
  const int status = std::system(cmd.c_str());
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  in.close();
  std::filesystem::remove(err_file);
  return {WEXITSTATUS(status), ss.str()};
}

}  // namespace linepack::test
