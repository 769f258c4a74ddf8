#pragma once
// The network as one value: nodes, elements by kind, gas and physics settings.
#include <string>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/gas_properties.hpp"
#include "linepack/model/elements.hpp"

namespace linepack::model {

enum class FrictionLaw { colebrook_white, nikuradse, hofer, swamee_jain, fixed };

FrictionLaw parse_friction_law(const std::string& name);
std::string to_string(FrictionLaw law);

/// Physics settings of a network: gas, temperature, equation of state and friction law.
struct PhysicsSettings {
  gas::GasProperties gas;
  double temperature_k = 288.15;
  gas::EosParameters eos;
  FrictionLaw friction = FrictionLaw::colebrook_white;
  /// Default Darcy factor for the `fixed` law when a pipe has none of its own.
  double fixed_friction_factor = 0.01;
  bool operator==(const PhysicsSettings&) const = default;
};

struct Network {
  std::string name;
  std::vector<Node> nodes;
  std::vector<Pipe> pipes;
  std::vector<ShortPipe> short_pipes;
  std::vector<Resistor> resistors;
  std::vector<Valve> valves;
  std::vector<ControlValve> control_valves;
  std::vector<Compressor> compressors;
  PhysicsSettings physics;

  bool operator==(const Network&) const = default;

  std::size_t element_count() const {
    return pipes.size() + short_pipes.size() + resistors.size() + valves.size() +
           control_valves.size() + compressors.size();
  }
  double total_pipe_length_m() const;
};

}  // namespace linepack::model
