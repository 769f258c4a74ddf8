#pragma once
// The bounds every reader enforces on its input (docs/limits.md): files larger than
// max_input_bytes are refused before they are read, JSON nested deeper than max_json_depth is
// refused before it is parsed (a recursive copy or print of it would exhaust the stack), and
// numbers used as ids or counts must be whole and within what a 64-bit integer holds exactly.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string_view>

namespace linepack::io {

/// Largest input file read (256 MiB; GasLib-4197.net, the largest reference input, is 3 MiB).
inline constexpr std::size_t max_input_bytes = std::size_t{256} << 20;

/// Deepest nesting of JSON arrays and objects accepted (the deepest reference file nests 8).
inline constexpr std::size_t max_json_depth = 64;

/// Largest magnitude of a number used as an id or count: 2^53, below which doubles are exact.
inline constexpr double max_exact_integer = 9007199254740992.0;

/// Throws InputError(file, "file is larger than ...") when the file exceeds max_input_bytes.
void check_input_size(const std::filesystem::path& file);

/// Throws InputError(file, line, "JSON nested deeper than ...") when `text` nests arrays and
/// objects deeper than max_json_depth (strings are skipped).
void check_json_depth(std::string_view text, const std::filesystem::path& file);

/// Largest magnitude of a time of a run or schedule, 1e12 s (31,700 years): doubles there are
/// spaced 1.2e-4 s apart, so every step of 1 ms or more still advances the time.
inline constexpr double max_schedule_time_s = 1e12;

/// Most time steps of one transient run and most values (rows times columns) it writes, unless
/// the run is allowed more (`linepack transient --allow-large-output`; docs/limits.md).
inline constexpr double max_time_steps = 1e7;
inline constexpr double max_output_values = 5e7;

/// Is `text` valid UTF-8 (no overlong forms, no surrogates)? Ids must be, as results are JSON.
bool is_utf8(std::string_view text);

/// `v` as an integer when it is whole and |v| <= max_exact_integer, nullopt otherwise.
std::optional<long long> exact_integer(double v);

}  // namespace linepack::io
