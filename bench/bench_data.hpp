#pragma once
// Where the benchmarks find reference data: the repository's data/ first (the small sets it
// ships, data/README.md), else the outside folder for the large sets (env LINEPACK_DATA_DIR,
// else the CMake default ../shared/data), in the same layout.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace linepack::bench {
/// The data root that holds `relative` (repository data/ first); the outside folder when neither
/// holds it, so that the caller's existence check fails and names the place to set.
inline std::filesystem::path data_root_with(const std::string& relative) {
  const std::filesystem::path repo = LINEPACK_REPO_DATA_DIR;
  if (std::filesystem::exists(repo / relative)) return repo;
  if (const char* env = std::getenv("LINEPACK_DATA_DIR"); env && *env) return env;
  return LINEPACK_DEFAULT_DATA_DIR;
}
}  // namespace linepack::bench
