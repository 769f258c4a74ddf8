#pragma once
// Constants of LANL's GasSteadySim / GasTranSim (process_data!), which their cases assume:
// R = 8.314 J/(mol K) and the molar mass of air 0.02896 kg/mol (M = 0.02896 G).
namespace linepack::gas {
inline constexpr double lanl_gas_constant = 8.314;
inline constexpr double lanl_air_molar_mass = 0.02896;
}  // namespace linepack::gas
