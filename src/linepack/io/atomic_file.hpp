#pragma once
// Writes a whole file or nothing: the text goes to a temporary file beside the target, which is
// renamed over it only after a successful write. A failed run leaves no partial output.
#include <filesystem>
#include <string_view>

namespace linepack::io {

/// Throws std::runtime_error naming the file when it cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

}  // namespace linepack::io
