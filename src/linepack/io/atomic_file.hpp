#pragma once
// Writes whole files or nothing: each text goes to a temporary file beside its target, and the
// temporaries are renamed over the targets only after every one was written. A failed run
// leaves no partial output. Targets that are not regular files are written through, never
// replaced: "-" is standard output, and an existing FIFO, device or /dev/stdout (a link to one)
// receives the text; a link to a regular file is followed, so the link stays (docs/limits.md).
#include <filesystem>
#include <string_view>
#include <vector>

namespace linepack::io {

struct OutputFile {
  std::filesystem::path path;
  std::string_view contents;
};

/// Writes all files or none. Throws std::runtime_error naming the file that cannot be written.
void write_files_atomically(const std::vector<OutputFile>& files);

/// Throws std::runtime_error naming the file when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

/// Can `path` be written: "-", an existing non-regular file, or a path whose folder exists?
/// Throws std::runtime_error naming the path when its folder does not exist, so that a command
/// fails before it computes or writes anything.
void check_writable(const std::filesystem::path& path);

}  // namespace linepack::io
