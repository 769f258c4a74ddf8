#pragma once
// Compressed outputs for long runs: gzip a finished file in place (FILE -> FILE.gz, the original
// removed), readable with zcat, pandas, or any gzip reader.
#include <filesystem>
#include <string>

namespace linepack::io {

/// Compresses `file` to `file.gz` (written as .partial and renamed) and removes `file`. Returns
/// the new path. Throws std::runtime_error naming the file on failure.
std::filesystem::path gzip_file(const std::filesystem::path& file);

/// Reads a gzip file whole (for tests and tools).
std::string read_gzip_file(const std::filesystem::path& file);

}  // namespace linepack::io
