#pragma once
// Locates the shared reference data (../shared/data by default; env LINEPACK_DATA_DIR overrides).
#include <filesystem>
#include <optional>

namespace linepack::test {
/// The reference data directory, or nullopt when it is absent (tests then GTEST_SKIP).
std::optional<std::filesystem::path> data_dir();
/// The repository root (for examples and fixtures shipped with the project).
std::filesystem::path source_dir();
/// Path of the built `linepack` executable.
std::filesystem::path cli_path();
}  // namespace linepack::test

/// Skips the current test with a clear message when the reference data is missing.
#define LINEPACK_REQUIRE_DATA(var)                                                        \
  auto var##_opt = ::linepack::test::data_dir();                                          \
  if (!var##_opt) GTEST_SKIP() << "reference data not found (set LINEPACK_DATA_DIR)";    \
  const std::filesystem::path var = *var##_opt
