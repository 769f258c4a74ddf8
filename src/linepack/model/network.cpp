#include "linepack/model/network.hpp"

#include <stdexcept>

namespace linepack::model {

FrictionLaw parse_friction_law(const std::string& name) {
  if (name == "colebrook" || name == "colebrook_white" || name == "prandtl_colebrook")
    return FrictionLaw::colebrook_white;
  if (name == "nikuradse") return FrictionLaw::nikuradse;
  if (name == "hofer") return FrictionLaw::hofer;
  if (name == "swamee_jain") return FrictionLaw::swamee_jain;
  if (name == "fixed") return FrictionLaw::fixed;
  throw std::invalid_argument("unknown friction law '" + name +
                              "' (expected colebrook_white, nikuradse, hofer, swamee_jain, fixed)");
}

std::string to_string(FrictionLaw law) {
  switch (law) {
    case FrictionLaw::colebrook_white: return "colebrook_white";
    case FrictionLaw::nikuradse: return "nikuradse";
    case FrictionLaw::hofer: return "hofer";
    case FrictionLaw::swamee_jain: return "swamee_jain";
    case FrictionLaw::fixed: return "fixed";
  }
  return "?";
}

double Network::total_pipe_length_m() const {
  double total = 0.0;
  for (const auto& p : pipes) total += p.length_m;
  return total;
}

double heat_transfer_coefficient_w_per_m2_k(const PhysicsSettings& physics, const Pipe& pipe) {
  return pipe.heat_transfer_coefficient_w_per_m2_k.value_or(
      physics.thermal.heat_transfer_coefficient_w_per_m2_k);
}

double ground_temperature_k(const PhysicsSettings& physics, const Pipe& pipe) {
  if (pipe.ground_temperature_k) return *pipe.ground_temperature_k;
  return physics.thermal.ground_temperature_k.value_or(physics.temperature_k);
}

double supply_temperature_k(const PhysicsSettings& physics, const Node& node) {
  if (node.supply_temperature_k) return *node.supply_temperature_k;
  return physics.thermal.supply_temperature_k.value_or(physics.temperature_k);
}

}  // namespace linepack::model
