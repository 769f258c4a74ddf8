#include "linepack/io/gzip_file.hpp"

#include <zlib.h>

#include <fstream>
#include <stdexcept>
#include <vector>

namespace linepack::io {

std::filesystem::path gzip_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot open for compression");
  std::filesystem::path gz = file;
  gz += ".gz";
  std::filesystem::path tmp = gz;
  tmp += ".partial";
  gzFile out = gzopen(tmp.c_str(), "wb6");
  if (!out) throw std::runtime_error(tmp.string() + ": cannot open for writing");
  std::vector<char> buffer(1 << 20);
  bool ok = true;
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<unsigned>(in.gcount());
    if (n > 0 && gzwrite(out, buffer.data(), n) != static_cast<int>(n)) ok = false;
  }
  if (gzclose(out) != Z_OK) ok = false;
  if (!ok) {
    std::filesystem::remove(tmp);
    throw std::runtime_error(gz.string() + ": compression failed");
  }
  std::filesystem::rename(tmp, gz);
  std::filesystem::remove(file);
  return gz;
}

std::string read_gzip_file(const std::filesystem::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  if (!in) throw std::runtime_error(file.string() + ": cannot open");
  std::string text;
  std::vector<char> buffer(1 << 16);
  int n = 0;
  while ((n = gzread(in, buffer.data(), static_cast<unsigned>(buffer.size()))) > 0)
    text.append(buffer.data(), static_cast<std::size_t>(n));
  gzclose(in);
  if (n < 0) throw std::runtime_error(file.string() + ": not a valid gzip file");
  return text;
}

}  // namespace linepack::io
