#pragma once
// Shared pieces of the libFuzzer harnesses (docs/fuzzing.md): a private temp folder per fuzzing
// process, fuzz input written there as the files a reader expects, and the rule that a reader
// may reject input only with its documented error types; anything else is a finding (abort).
#include <cstddef>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "linepack/io/input_error.hpp"
#include "linepack/model/validation.hpp"

namespace linepack::fuzz {

/// The separator between files in one fuzz input of a folder harness (a line of its own).
inline constexpr std::string_view file_separator = "\n--8<--\n";

/// This process's temp folder (created on first use, removed at normal exit).
const std::filesystem::path& temp_folder();

/// Writes `text` to temp_folder()/name and returns the path.
std::filesystem::path write_temp_file(const std::string& name, std::string_view text);

/// Splits `data` at file_separator into at most names.size() parts and writes part i as
/// temp_folder()/names[i] (the last part keeps any further separators); names without a part are
/// removed, so no file survives from an earlier input.
void write_temp_files(const std::uint8_t* data, std::size_t size,
                      const std::vector<std::string>& names);

/// A file shipped with the sources (LINEPACK_SOURCE_DIR/relative).
std::filesystem::path source_file(const std::string& relative);

/// The readable name of an exception's type.
std::string type_name(const std::type_info& type);

/// Prints what escaped the reader and aborts, so that libFuzzer saves the input as a crash.
[[noreturn]] void report_finding(const std::string& what);

/// An expected rejection's problem text (after the file, line and element) must not start with a
/// library's raw exception text (issue 14): a finding otherwise. Only the start is checked,
/// since messages quote the input, which may hold anything.
void check_no_raw_text(const std::string& problem, const std::string& message);

/// What an io::InputError says after its "file:line: 'element': " prefix.
std::string problem_of(const io::InputError& e);

/// Runs `read`; an exception of one of the `Expected` types is the documented way to reject
/// input. Its message is checked (check_no_raw_text; an io::InputError must name a file); any
/// other exception is a finding.
template <class... Expected, class Read>
void expect_only(Read&& read) {
  try {
    read();
  } catch (const std::exception& e) {
    const bool expected = (... || (dynamic_cast<const Expected*>(&e) != nullptr));
    if (!expected)
      report_finding("unexpected exception " + type_name(typeid(e)) + ": " + e.what());
    if (const auto* input = dynamic_cast<const io::InputError*>(&e)) {
      if (input->file().empty())
        report_finding(std::string("input error without a file name: ") + e.what());
      check_no_raw_text(problem_of(*input), e.what());
    } else if (const auto* invalid = dynamic_cast<const model::ValidationError*>(&e)) {
      check_no_raw_text(invalid->problem(), e.what());
    } else {
      check_no_raw_text(e.what(), e.what());
    }
  } catch (...) {
    report_finding("unexpected exception of a non-std type");
  }
}

}  // namespace linepack::fuzz
