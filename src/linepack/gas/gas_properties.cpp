#include "linepack/gas/gas_properties.hpp"

#include <stdexcept>

namespace linepack::gas {
GasProperties gas_from_specific_gravity(double specific_gravity) {
  if (!(specific_gravity > 0.0))
    throw std::invalid_argument("specific gravity must be positive");
  GasProperties g;
  g.molar_mass_kg_per_mol = specific_gravity * units::air_molar_mass_kg_per_mol;
  return g;
}
}  // namespace linepack::gas
