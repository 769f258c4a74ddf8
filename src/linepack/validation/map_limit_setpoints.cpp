#include "linepack/validation/map_limit_setpoints.hpp"

#include <fmt/format.h>

#include <string_view>
#include <unordered_map>

namespace linepack::validation {

steady::SteadyResult solve_as_linepack_solve(
    const model::Network& network, const model::Scenario& control,
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  steady::SteadyOptions as_solved;  // linepack solve's defaults
  as_solved.deadline = deadline;
  return steady::solve(network, control, as_solved);
}

std::string why_not_passed(const steady::SteadyResult& r) {
  if (r.status != steady::Status::converged) return "not converged (" + r.message + ")";
  if (r.violations.empty()) return "no violation";
  return fmt::format("{} violation(s), first {} at '{}'", r.violations.size(),
                     r.violations[0].what, r.violations[0].id);
}

void state_map_limit_modes(model::Scenario& control, const steady::SteadyResult& result) {
  std::unordered_map<std::string_view, double> pressure_pa;
  for (const auto& n : result.nodes) pressure_pa.emplace(n.id, n.pressure_pa);
  for (const auto& e : result.elements) {
    if (e.kind != "compressor") continue;
    const bool on_map = steady::is_map_limit(e.binding_limit);
    const bool idle = e.control_mode == "bypass" || e.control_mode == "closed";
    if (!on_map && !idle) continue;
    for (auto& c : control.controls) {
      if (c.element != e.id || c.state != model::ControlState::active) continue;
      if (idle) {
        c.state = e.control_mode == "closed" ? model::ControlState::closed : model::ControlState::bypass;
        c.mode.reset();
        c.setpoint.reset();
      } else {
        c.mode = model::CompressorMode::outlet_pressure;
        c.setpoint = pressure_pa.at(e.to);
      }
    }
  }
}

bool breaks_only_maps(const steady::SteadyResult& result) {
  return result.status == steady::Status::converged && !result.violations.empty() &&
         std::all_of(result.violations.begin(), result.violations.end(),
                     steady::is_map_violation);
}

}  // namespace linepack::validation
