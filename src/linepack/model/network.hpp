#pragma once
// The network as one value: nodes, elements by kind, gas and physics settings.
#include <optional>
#include <string>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/gas_properties.hpp"
#include "linepack/model/elements.hpp"

namespace linepack::model {

enum class FrictionLaw { colebrook_white, nikuradse, hofer, swamee_jain, fixed };

FrictionLaw parse_friction_law(const std::string& name);
std::string to_string(FrictionLaw law);

/// Settings of the energy equation (docs/physics.md, steady energy equation). Off: every pipe
/// carries gas at `PhysicsSettings::temperature_k`, as before. Temperatures left unset default to
/// `PhysicsSettings::temperature_k`; pipes and nodes may override them.
struct ThermalSettings {
  bool energy_equation = false;
  std::optional<double> ground_temperature_k;   ///< undisturbed ground at pipe depth
  std::optional<double> supply_temperature_k;   ///< gas entering at supply nodes
  /// Overall gas-to-ground coefficient on the inner pipe surface; 2 W/(m^2 K) is GasLib's value
  /// for every pipe and the middle of the buried-pipe range in docs/model-format.md.
  double heat_transfer_coefficient_w_per_m2_k = 2.0;
  bool operator==(const ThermalSettings&) const = default;
};

/// Physics settings of a network: gas, temperature, equation of state and friction law.
struct PhysicsSettings {
  gas::GasProperties gas;
  double temperature_k = 288.15;  ///< gas temperature (isothermal); with the energy equation, the default of the thermal temperatures
  ThermalSettings thermal;
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

// Thermal inputs with their defaults applied (ThermalSettings; an unset temperature is the
// network's `temperature_k`).
double heat_transfer_coefficient_w_per_m2_k(const PhysicsSettings& physics, const Pipe& pipe);
double ground_temperature_k(const PhysicsSettings& physics, const Pipe& pipe);
double supply_temperature_k(const PhysicsSettings& physics, const Node& node);

}  // namespace linepack::model
