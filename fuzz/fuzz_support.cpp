#include "fuzz_support.hpp"

#include <cxxabi.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace linepack::fuzz {
namespace fs = std::filesystem;

namespace {
void remove_temp_folder() {
  std::error_code ec;
  fs::remove_all(temp_folder(), ec);
}
}  // namespace

const fs::path& temp_folder() {
  static const fs::path folder = [] {
    std::string pattern = (fs::temp_directory_path() / "linepack-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("linepack fuzz: mkdtemp");
      std::abort();
    }
    std::atexit(remove_temp_folder);
    return fs::path(pattern);
  }();
  return folder;
}

fs::path write_temp_file(const std::string& name, std::string_view text) {
  const fs::path path = temp_folder() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) report_finding("harness: cannot write " + path.string());
  return path;
}

void write_temp_files(const std::uint8_t* data, std::size_t size,
                      const std::vector<std::string>& names) {
  std::string_view rest(reinterpret_cast<const char*>(data), data == nullptr ? 0 : size);
  bool more = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!more) {
      std::error_code ec;
      fs::remove(temp_folder() / names[i], ec);
      continue;
    }
    const std::size_t cut = i + 1 < names.size() ? rest.find(file_separator) : rest.npos;
    write_temp_file(names[i], rest.substr(0, cut));
    if (cut == rest.npos) more = false;
    else rest.remove_prefix(cut + file_separator.size());
  }
}

fs::path source_file(const std::string& relative) {
  return fs::path(LINEPACK_SOURCE_DIR) / relative;
}

std::string type_name(const std::type_info& type) {
  int status = 0;
  char* name = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name != nullptr ? name : type.name();
  std::free(name);
  return out;
}

void report_finding(const std::string& what) {
  std::fprintf(stderr, "linepack fuzz finding: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

std::string problem_of(const io::InputError& e) {
  std::string prefix = e.file().string();
  if (e.line() > 0) prefix += ":" + std::to_string(e.line());
  prefix += ": ";
  if (!e.element().empty()) prefix += "'" + e.element() + "': ";
  const std::string message = e.what();
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

void check_no_raw_text(const std::string& problem, const std::string& message) {
  // what() of nlohmann::json's exceptions, of std::stod/stoi/stol, std::map::at,
  // std::vector::at and std::string's checks (libstdc++).
  for (const char* raw : {"[json.exception.", "stod", "stoi", "stol", "stoul", "map::at",
                          "vector::", "basic_string::"})
    if (problem.rfind(raw, 0) == 0)
      report_finding("error message with a library's raw text: " + message);
}

}  // namespace linepack::fuzz
