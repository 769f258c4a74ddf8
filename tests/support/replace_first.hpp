#pragma once
// Editing a test fixture's text: one helper instead of hand-counted lengths in string::replace.
#include <string>
#include <string_view>

namespace linepack::test {

/// `text` with its first `from` replaced by `to`. Throws std::out_of_range when `from` is not in
/// `text`, so a test whose fixture changed fails loudly instead of testing the unedited text.
inline std::string replace_first(std::string text, std::string_view from, std::string_view to) {
  text.replace(text.find(from), from.size(), to);
  return text;
}

}  // namespace linepack::test
