#include "linepack/validation/decisions.hpp"

#include <string_view>
#include <unordered_map>

namespace linepack::validation {

std::vector<ElementDecision> decisions_of(const model::Scenario& control,
                                          const steady::SteadyResult& check) {
  std::unordered_map<std::string_view, double> pressure;
  for (const auto& n : check.nodes) pressure.emplace(n.id, n.pressure_pa);
  std::unordered_map<std::string_view, const steady::ElementResult*> element;
  for (const auto& e : check.elements) element.emplace(e.id, &e);
  std::vector<ElementDecision> out;
  out.reserve(control.controls.size());
  for (const auto& c : control.controls) {
    ElementDecision d;
    d.id = c.element;
    d.state = c.state;
    d.outlet_pressure_pa = c.setpoint;
    if (auto it = element.find(c.element); it != element.end()) {
      const auto& e = *it->second;
      d.kind = e.kind;
      d.mass_flow_kg_per_s = e.mass_flow_kg_per_s;
      d.control_mode = e.control_mode;
      d.binding_limit = e.binding_limit;
      if (auto p = pressure.find(e.from); p != pressure.end()) d.pressure_in_pa = p->second;
      if (auto p = pressure.find(e.to); p != pressure.end()) d.pressure_out_pa = p->second;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace linepack::validation
