#pragma once
// The output folder of many validations (`linepack validate NET --scenarios DIR -o OUTDIR`, and
// the same through Dask, python/linepack/ensemble.py): the resume key of a nomination's inputs
// and the status table OUTDIR/status.csv (nomination,verdict,time_ms,input_key,message). One
// implementation for the C++ and the Python routes (docs/validation-of-nominations.md, "Many
// nominations").
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linepack::io {

/// FNV-1a (64 bit): a stable hash, the same in every run and build.
std::uint64_t fnv1a(std::string_view text, std::uint64_t h = 14695981039346656037ull);

/// The key of the inputs every result depends on besides its nomination: the network file, its
/// `.cs` beside it (when present), the combined decisions file used (when any) and the options.
std::uint64_t validation_base_key(const std::filesystem::path& net_file,
                                  const std::optional<std::filesystem::path>& cdf_file,
                                  const std::string& objective, double time_limit_s,
                                  const std::string& station_model);

/// A nomination's key: its file's text hashed on top of `base`, as 16 hex digits.
std::string validation_input_key(std::uint64_t base, std::string_view nomination_text);

/// One row of status.csv.
struct ValidationStatusRow {
  std::string name, verdict, message, key;
  double time_ms = 0.0;
};

/// Rows of an earlier status.csv by name (the last row of a name wins); a row that does not
/// parse is left out (its nomination is validated again). No file: no rows.
std::map<std::string, ValidationStatusRow> read_validation_status(const std::filesystem::path& file);

/// The whole table, header first.
std::string validation_status_csv(const std::vector<ValidationStatusRow>& rows);

/// Appends one row (without header) to `file`. Throws std::runtime_error when it cannot.
void append_validation_status_row(const std::filesystem::path& file, const ValidationStatusRow& row);

}  // namespace linepack::io
