#include "support/data_dir.hpp"

#include <cstdlib>

namespace fs = std::filesystem;

namespace linepack::test {
namespace {
std::optional<fs::path> existing_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return std::nullopt;
  return fs::weakly_canonical(dir);
}
fs::path large_data_setting() {
  if (const char* env = std::getenv("LINEPACK_DATA_DIR"); env && *env) return env;
  return LINEPACK_DEFAULT_DATA_DIR;
}
}  // namespace

std::optional<fs::path> data_dir() { return existing_dir(source_dir() / "data"); }

std::optional<fs::path> large_data_dir() { return existing_dir(large_data_setting()); }

std::optional<fs::path> data_dir_with(const fs::path& relative) {
  std::error_code ec;
  for (const auto& root : {data_dir(), large_data_dir()})
    if (root && fs::exists(*root / relative, ec)) return root;
  return std::nullopt;
}

std::string missing_data_message(const fs::path& relative) {
  return relative.string() + " is a large or unredistributable set not shipped in data/ (see " +
         "data/README.md) and is not in the outside data folder " + large_data_setting().string() +
         " (set LINEPACK_DATA_DIR)";
}

fs::path source_dir() { return LINEPACK_SOURCE_DIR; }
fs::path cli_path() { return LINEPACK_CLI_PATH; }
}  // namespace linepack::test
