#pragma once
// GasLib-4197's combined decisions, corrected: the published GasLib-4197.cdf names valve_22
// (group dG_191, its only entry), which GasLib-4197.net does not have, so linepack refuses the
// file (exit 2). Dropping that group keeps every other decision as published
// (docs/validation-of-nominations.md, "Combined decisions").
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace linepack::test {

/// Writes the corrected copy of `published` to `target` (the group dG_191 removed); throws
/// std::runtime_error when the group is not where it was published.
inline void write_corrected_gaslib4197_cdf(const std::filesystem::path& published,
                                           const std::filesystem::path& target) {
  std::ifstream in(published);
  std::stringstream text;
  text << in.rdbuf();
  std::string cdf = text.str();
  const std::string close = "</decisionGroup>";
  const auto begin = cdf.find("<decisionGroup id=\"dG_191\"");
  const auto end = begin == std::string::npos ? begin : cdf.find(close, begin);
  const auto valve = begin == std::string::npos ? begin : cdf.find("valve_22\"", begin);
  if (end == std::string::npos || valve == std::string::npos || valve > end)
    throw std::runtime_error(published.string() + ": no group dG_191 holding valve_22");
  cdf.erase(begin, end + close.size() - begin);
  std::ofstream(target) << cdf;
}

}  // namespace linepack::test
