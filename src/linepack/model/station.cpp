#include "linepack/model/station.hpp"

#include <cmath>
#include <stdexcept>
#include <unordered_set>

#include <fmt/format.h>

namespace linepack::model {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument(what); }

bool finite_all(const auto& values) {
  for (double v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

void check_speeds(const std::string& kind, const std::string& id, double lo, double hi) {
  if (!(lo > 0.0) || !(hi >= lo) || !std::isfinite(hi))
    fail(fmt::format("{} '{}': speed range must satisfy 0 < speed_min <= speed_max (got {} .. {} "
                     "1/s)",
                     kind, id, lo, hi));
}

}  // namespace

void validate_station(const Station& s) {
  std::unordered_set<std::string> drives, units;
  for (const auto& d : s.drives) {
    if (!drives.insert(d.id).second) fail(fmt::format("drive '{}' is defined twice", d.id));
    const std::size_t need = d.kind == DriveKind::gas_turbine ? 9 : 3;
    if (d.power_max_w.size() != need)
      fail(fmt::format("drive '{}': maximum power needs {} coefficients, got {}", d.id, need,
                       d.power_max_w.size()));
    if (!finite_all(d.power_max_w) || !finite_all(d.energy_rate_w))
      fail(fmt::format("drive '{}': coefficients must be finite", d.id));
  }
  auto unit = [&](const std::string& id, const std::string& drive) {
    if (!units.insert(id).second) fail(fmt::format("compressor unit '{}' is defined twice", id));
    if (!drive.empty() && !drives.count(drive))
      fail(fmt::format("compressor unit '{}' names unknown drive '{}'", id, drive));
  };
  for (const auto& t : s.turbo_compressors) {
    unit(t.id, t.drive);
    check_speeds("turbo compressor", t.id, t.speed_min_per_s, t.speed_max_per_s);
    if (!finite_all(t.head_j_per_kg) || !finite_all(t.efficiency) ||
        !finite_all(t.surge_line_head_j_per_kg) || !finite_all(t.choke_line_head_j_per_kg))
      fail(fmt::format("turbo compressor '{}': map coefficients must be finite", t.id));
  }
  for (const auto& p : s.piston_compressors) {
    unit(p.id, p.drive);
    check_speeds("piston compressor", p.id, p.speed_min_per_s, p.speed_max_per_s);
    if (!(p.operating_volume_m3 > 0.0) || !std::isfinite(p.operating_volume_m3))
      fail(fmt::format("piston compressor '{}': operating volume must be positive", p.id));
    if (!(p.efficiency > 0.0 && p.efficiency <= 1.0))
      fail(fmt::format("piston compressor '{}': efficiency must be in (0, 1]", p.id));
    if (!(p.ratio_max >= 1.0) || !std::isfinite(p.ratio_max))
      fail(fmt::format("piston compressor '{}': maximum ratio must be at least 1", p.id));
    if (!(p.volume_flow_reduction >= 0.0 && p.volume_flow_reduction < 1.0))
      fail(fmt::format("piston compressor '{}': volume flow reduction must be in [0, 1)", p.id));
    if (!(p.torque_max_nm >= 0.0) || !std::isfinite(p.torque_max_nm))
      fail(fmt::format("piston compressor '{}': maximum torque must be >= 0", p.id));
  }
  if (s.configurations.empty()) fail("station has no configuration");
  std::unordered_set<std::string> configs;
  for (const auto& c : s.configurations) {
    if (!configs.insert(c.id).second) fail(fmt::format("configuration '{}' is defined twice", c.id));
    if (c.stages.empty()) fail(fmt::format("configuration '{}' has no stage", c.id));
    for (std::size_t k = 0; k < c.stages.size(); ++k) {
      if (c.stages[k].empty())
        fail(fmt::format("configuration '{}' stage {} has no unit", c.id, k + 1));
      for (const auto& u : c.stages[k])
        if (!units.count(u))
          fail(fmt::format("configuration '{}' names unknown compressor unit '{}'", c.id, u));
    }
  }
  if (!(s.ambient_temperature_k > 0.0) || !std::isfinite(s.ambient_temperature_k))
    fail("ambient temperature must be positive");
}

}  // namespace linepack::model
