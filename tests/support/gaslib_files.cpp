#include "support/gaslib_files.hpp"

#include "support/data_dir.hpp"

#include <algorithm>
#include <map>

namespace fs = std::filesystem;

namespace linepack::test {

std::vector<fs::path> files_with_extension(const fs::path& dir, const char* ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

fs::path net_for(const fs::path& scn) {
  for (fs::path dir = scn.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    std::vector<fs::path> nets;
    for (const auto& e : fs::directory_iterator(dir))
      if (e.path().extension() == ".net") nets.push_back(e.path());
    if (nets.size() == 1) return nets.front();
    if (nets.size() > 1 || dir == dir.parent_path()) break;
  }
  return {};
}

bool is_gaslib134_daily_nomination(const fs::path& scn) {
  return scn.parent_path().filename() == "Nominations-134-v2";
}

std::vector<GaslibInstance> gaslib_instances(const fs::path& gaslib_dir) {
  std::map<fs::path, GaslibInstance> by_net;
  for (const auto& net : files_with_extension(gaslib_dir, ".net")) by_net[net].net = net;
  for (const auto& scn : files_with_extension(gaslib_dir, ".scn")) {
    const auto it = by_net.find(net_for(scn));
    if (it != by_net.end()) it->second.scns.push_back(scn);
  }
  std::vector<GaslibInstance> out;
  for (auto& [net, instance] : by_net) out.push_back(std::move(instance));
  return out;
}

std::vector<fs::path> large_gaslib_dirs() {
  std::vector<fs::path> out;
  const auto large = large_data_dir();
  if (!large) return out;
  if (have_gaslib4197()) out.push_back(*large / "gaslib/4197");
  if (have_gaslib134_daily_nominations()) out.push_back(*large / "gaslib/official/GasLib-134");
  return out;
}

bool have_gaslib4197() {
  const auto large = large_data_dir();
  std::error_code ec;
  return large && fs::is_directory(*large / "gaslib/4197", ec);
}

bool have_gaslib134_daily_nominations() {
  const auto large = large_data_dir();
  std::error_code ec;
  return large && fs::is_directory(*large / "gaslib/official/GasLib-134/Nominations-134-v2", ec);
}

}  // namespace linepack::test
