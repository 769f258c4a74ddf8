#include "support/data_dir.hpp"

#include <cstdlib>

namespace linepack::test {
std::optional<std::filesystem::path> data_dir() {
  std::filesystem::path dir = LINEPACK_DEFAULT_DATA_DIR;
  if (const char* env = std::getenv("LINEPACK_DATA_DIR"); env && *env) dir = env;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return std::nullopt;
  return std::filesystem::weakly_canonical(dir);
}
std::filesystem::path source_dir() { return LINEPACK_SOURCE_DIR; }
std::filesystem::path cli_path() { return LINEPACK_CLI_PATH; }
}  // namespace linepack::test
