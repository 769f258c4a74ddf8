#pragma once
// The error every reader throws for bad input: which file, where, which element, what is wrong.
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace linepack::io {

class InputError : public std::runtime_error {
 public:
  /// `line` is 1-based, 0 when unknown; `element` is a node/element id or empty.
  InputError(std::filesystem::path file, std::size_t line, std::string element,
             const std::string& problem)
      : std::runtime_error(format(file, line, element, problem)),
        file_(std::move(file)), line_(line), element_(std::move(element)) {}

  const std::filesystem::path& file() const { return file_; }
  std::size_t line() const { return line_; }
  const std::string& element() const { return element_; }

 private:
  static std::string format(const std::filesystem::path& file, std::size_t line,
                            const std::string& element, const std::string& problem) {
    std::string s = file.string();
    if (line > 0) s.append(":").append(std::to_string(line));
    s.append(": ");
    if (!element.empty()) s.append("'").append(element).append("': ");
    return s.append(problem);
  }
  std::filesystem::path file_;
  std::size_t line_;
  std::string element_;
};

}  // namespace linepack::io
