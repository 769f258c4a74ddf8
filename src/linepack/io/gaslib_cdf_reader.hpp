#pragma once
// Reader of GasLib combined decisions (`.cdf`, shared/data/gaslib/FORMAT.md) into
// validation::CombinedDecisions: <decisionGroup id> of <decision id> of <valve>,
// <controlValve> and <compressorStation> entries with `id`, `value` (0 / 1), and optional
// `flowDirection` (0 / 1) and `mode` (active / bypass; regulators and stations only). Every
// element must exist in `network` with the kind of its tag. Every failure is an InputError
// naming the file, the line, the element and the decision group.
#include <filesystem>
#include <optional>

#include "linepack/model/network.hpp"
#include "linepack/validation/combined_decisions.hpp"

namespace linepack::io {

validation::CombinedDecisions read_gaslib_cdf(const std::filesystem::path& cdf_file,
                                              const model::Network& network);

/// The `.cdf` a validation of the GasLib network `net_file` uses: `explicit_file` when given,
/// none when `ignore`, else the `.cdf` of the same stem beside a `.net`, when present.
std::optional<std::filesystem::path> combined_decisions_file(
    const std::filesystem::path& net_file, const std::optional<std::filesystem::path>& explicit_file,
    bool ignore);

}  // namespace linepack::io
