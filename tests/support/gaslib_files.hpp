#pragma once
// Finding GasLib files in the reference data (shared/data/gaslib) and pairing nominations with
// their network, shared by the GasLib regression tests.
#include <cstddef>
#include <filesystem>
#include <vector>

namespace linepack::test {

/// Every regular file under `dir` (recursive) whose extension is `ext` (e.g. ".net"), sorted.
std::vector<std::filesystem::path> files_with_extension(const std::filesystem::path& dir,
                                                        const char* ext);

/// The .net a nomination belongs to: the only .net in its folder, else in the parent folder
/// (GasLib-134's nominations sit in GasLib-134/Nominations-134-v2/). Empty when there is none
/// or the nearest folder with a .net has several.
std::filesystem::path net_for(const std::filesystem::path& scn);

/// True for one of GasLib-134's 1,234 daily nominations (folder Nominations-134-v2).
bool is_gaslib134_daily_nomination(const std::filesystem::path& scn);

/// A GasLib network and the nominations that pair with it (net_for), both sorted.
struct GaslibInstance {
  std::filesystem::path net;
  std::vector<std::filesystem::path> scns;
};

/// Every .net under `gaslib_dir` (recursive) with its paired .scn files.
std::vector<GaslibInstance> gaslib_instances(const std::filesystem::path& gaslib_dir);

/// The GasLib folders of the outside data folder (LINEPACK_DATA_DIR) that the repository does not
/// ship, where present: gaslib/4197 and gaslib/official/GasLib-134 (its 1,234 daily nominations).
std::vector<std::filesystem::path> large_gaslib_dirs();

/// The GasLib nominations shipped in data/gaslib (data/README.md).
inline constexpr std::size_t shipped_gaslib_nominations = 21;

/// True when the outside data folder holds GasLib-4197 (one nomination).
bool have_gaslib4197();

/// True when the outside data folder holds GasLib-134's 1,234 daily nominations.
bool have_gaslib134_daily_nominations();

}  // namespace linepack::test
