#include "linepack/io/atomic_file.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

namespace linepack::io {
namespace {

namespace fs = std::filesystem;

bool is_stdout(const fs::path& path) { return path == "-"; }

/// An existing target that is not a regular file (after links): a FIFO, a device, a socket.
bool is_special(const fs::path& path) {
  std::error_code ec;
  const auto st = fs::status(path, ec);
  return !ec && fs::exists(st) && !fs::is_regular_file(st) && !fs::is_directory(st);
}

/// The file a rename must replace: the target of a link (the link itself stays).
fs::path rename_target(const fs::path& path) {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    const fs::path target = fs::weakly_canonical(path, ec);
    if (!ec) return target;
  }
  return path;
}

void write_through(const fs::path& path, std::string_view contents) {
  if (is_stdout(path)) {
    if (std::fwrite(contents.data(), 1, contents.size(), stdout) != contents.size() ||
        std::fflush(stdout) != 0)
      throw std::runtime_error("standard output: write failed");
    return;
  }
  std::ofstream out(path, std::ios::binary);  // no rename, no truncation of a device
  if (!out) throw std::runtime_error(path.string() + ": cannot open for writing");
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.flush();
  if (!out) throw std::runtime_error(path.string() + ": write failed");
}

fs::path partial_of(const fs::path& target) {
  fs::path tmp = target;
  tmp += ".partial";
  return tmp;
}

}  // namespace

void check_writable(const fs::path& path) {
  if (is_stdout(path) || is_special(path)) return;
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw std::runtime_error(path.string() + ": is a folder, not a file");
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, ec))
    throw std::runtime_error(path.string() + ": cannot write: folder " + folder.string() +
                             " does not exist");
}

void write_files_atomically(const std::vector<OutputFile>& files) {
  std::vector<fs::path> written;  // partial files, removed if anything fails
  auto clean_up = [&] {
    std::error_code ec;
    for (const auto& p : written) fs::remove(p, ec);
  };
  for (const auto& f : files) {
    if (is_stdout(f.path) || is_special(f.path)) continue;  // written through at the end
    const fs::path tmp = partial_of(rename_target(f.path));
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      clean_up();
      throw std::runtime_error(f.path.string() + ": cannot open for writing");
    }
    written.push_back(tmp);
    out.write(f.contents.data(), static_cast<std::streamsize>(f.contents.size()));
    out.flush();
    if (!out) {
      out.close();
      clean_up();
      throw std::runtime_error(f.path.string() + ": write failed");
    }
  }
  for (const auto& f : files) {
    if (is_stdout(f.path) || is_special(f.path)) continue;
    const fs::path target = rename_target(f.path);
    std::error_code ec;
    fs::rename(partial_of(target), target, ec);
    if (ec) {
      clean_up();
      throw std::runtime_error(f.path.string() + ": cannot replace file: " + ec.message());
    }
  }
  for (const auto& f : files)
    if (is_stdout(f.path) || is_special(f.path)) write_through(f.path, f.contents);
}

void write_file_atomically(const fs::path& path, std::string_view contents) {
  write_files_atomically({{path, contents}});
}

}  // namespace linepack::io
