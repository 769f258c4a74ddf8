#pragma once
// Locates reference data. The repository ships the small sets in <repo>/data (data/README.md);
// the large ones (GasLib-4197, GasLib-134's 1,234 nominations, MORGEN) live in the outside folder: env LINEPACK_DATA_DIR, else
// the CMake default ../shared/data, in the same layout.
#include <filesystem>
#include <optional>
#include <string>

namespace linepack::test {
/// The repository's own reference data (<repo>/data), or nullopt when it is absent.
std::optional<std::filesystem::path> data_dir();
/// The outside data folder for the large sets, or nullopt when it is absent.
std::optional<std::filesystem::path> large_data_dir();
/// The folder (data_dir() first, then large_data_dir()) that holds `relative`, or nullopt.
std::optional<std::filesystem::path> data_dir_with(const std::filesystem::path& relative);
/// Why `relative` was not found: names the places looked in.
std::string missing_data_message(const std::filesystem::path& relative);
/// The repository root (for examples and fixtures shipped with the project).
std::filesystem::path source_dir();
/// Path of the built `linepack` executable.
std::filesystem::path cli_path();
}  // namespace linepack::test

/// Skips the current test with a clear message when the repository's data folder is missing.
#define LINEPACK_REQUIRE_DATA(var)                                                        \
  auto var##_opt = ::linepack::test::data_dir();                                          \
  if (!var##_opt) GTEST_SKIP() << "the repository's data/ folder was not found";          \
  const std::filesystem::path var = *var##_opt

/// `var` = the data root (repository data/ or LINEPACK_DATA_DIR) that holds `relative`; skips
/// with a message naming what is missing and where it was looked for otherwise.
#define LINEPACK_REQUIRE_DATA_WITH(var, relative)                                          \
  auto var##_opt = ::linepack::test::data_dir_with(relative);                             \
  if (!var##_opt) GTEST_SKIP() << ::linepack::test::missing_data_message(relative);       \
  const std::filesystem::path var = *var##_opt
