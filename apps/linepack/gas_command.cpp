#include "gas_command.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/gas/helmholtz.hpp"
#include "linepack/gas/iso6976.hpp"
#include "linepack/model/network.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::cli {
namespace {

constexpr double joule_per_btu = 1055.05585262;  // International Table Btu

/// Range of validity checked before evaluating: GERG-2008's extended range (Kunz & Wagner
/// 2012: 60-700 K, up to 70 MPa) and the overall range of AGA Report No. 8 DETAIL
/// (-200..760 degF = 143-677 K, up to 40 000 psia = 275.8 MPa).
struct Range {
  double t_min_k, t_max_k, p_max_pa;
};
Range range_of(gas::EosKind kind) {
  if (kind == gas::EosKind::gerg2008) return {60.0, 700.0, 70e6};
  return {143.15, 677.59, 275.8e6};
}

struct GasReport {
  gas::EosKind kind;
  gas::Composition composition;
  gas::ThermoProperties state;
  gas::Iso6976Result normal;    // combustion 25 degC, metering 0 degC
  gas::Iso6976Result standard;  // 60 degF / 60 degF (the 15.55 degC columns)
};

GasReport evaluate(const GasArgs& args) {
  const gas::EosKind kind = gas::parse_eos_kind(args.eos);
  if (kind != gas::EosKind::gerg2008 && kind != gas::EosKind::aga8_detail)
    throw std::invalid_argument("--eos must be gerg2008 or aga8-detail for `linepack gas`");
  const double p = units::bar_to_pa(args.pressure_bar), t = args.temperature_k;
  const Range r = range_of(kind);
  if (!std::isfinite(p) || !(p > 0.0) || p > r.p_max_pa)
    throw std::invalid_argument(
        fmt::format("pressure {} bar is outside the range of {} (0 < p <= {} bar)",
                    args.pressure_bar, gas::to_string(kind), r.p_max_pa / 1e5));
  if (!std::isfinite(t) || t < r.t_min_k || t > r.t_max_k)
    throw std::invalid_argument(
        fmt::format("temperature {} K is outside the range of {} ({} to {} K)", t,
                    gas::to_string(kind), r.t_min_k, r.t_max_k));
  GasReport out{kind, gas::load_composition(args.composition), {}, {}, {}};
  const auto mixture = gas::make_real_gas_mixture(kind, out.composition);
  try {
    out.state = mixture->properties_tp(t, p);
  } catch (const std::domain_error& e) {
    throw std::invalid_argument(e.what());
  }
  const auto& s = out.state;
  const bool finite = std::isfinite(s.z) && std::isfinite(s.cp_j_per_mol_k) &&
                      std::isfinite(s.speed_of_sound_m_per_s) &&
                      std::isfinite(s.joule_thomson_k_per_pa) &&
                      std::isfinite(s.enthalpy_j_per_mol);
  if (!finite || !(s.dp_drho > 0.0) || !(s.cv_j_per_mol_k > 0.0) || !(s.cp_j_per_mol_k > 0.0) ||
      !(s.speed_of_sound_m_per_s > 0.0))
    throw std::invalid_argument(fmt::format(
        "{} K, {} bar is not a single-phase gas state of this composition for {} (two-phase or "
        "unstable)",
        t, args.pressure_bar, gas::to_string(kind)));
  using T = gas::Iso6976Temperature;
  out.normal = gas::iso6976_properties(out.composition, T::c25, T::c0);
  out.standard = gas::iso6976_properties(out.composition, T::c15_55, T::c15_55);
  return out;
}

nlohmann::ordered_json to_json(const GasReport& g) {
  const auto& s = g.state;
  const double m = s.molar_mass_kg_per_mol;
  const double mw_per_kg_s = g.normal.gross_cv_j_per_kg * 1e-6;  // gross (HHV) basis, 25 degC
  const double kg_s_per_mmscfd = units::mmcfd_to_kg_per_s(1.0, g.standard.density_kg_per_m3);
  nlohmann::ordered_json j;
  j["eos"] = gas::to_string(g.kind);
  j["temperature_k"] = s.temperature_k;
  j["pressure_pa"] = s.pressure_pa;
  nlohmann::ordered_json comp = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < gas::component_count; ++i)
    if (g.composition.fractions()[i] > 0.0)
      comp[std::string(gas::component_name(i))] = g.composition.fractions()[i];
  j["composition"] = comp;
  j["z"] = s.z;
  j["density_kg_per_m3"] = s.density_kg_per_m3;
  j["density_mol_per_m3"] = s.density_mol_per_m3;
  j["molar_mass_kg_per_mol"] = m;
  j["speed_of_sound_m_per_s"] = s.speed_of_sound_m_per_s;
  j["cp_j_per_kg_k"] = s.cp_j_per_mol_k / m;
  j["cv_j_per_kg_k"] = s.cv_j_per_mol_k / m;
  j["isentropic_exponent"] = s.isentropic_exponent;
  j["joule_thomson_k_per_pa"] = s.joule_thomson_k_per_pa;
  j["enthalpy_j_per_kg"] = s.enthalpy_j_per_mol / m;
  j["entropy_j_per_kg_k"] = s.entropy_j_per_mol_k / m;
  j["iso6976"] = {
      {"molar_mass_kg_per_mol", g.normal.molar_mass_kg_per_mol},
      {"normal_density_kg_per_m3", g.normal.density_kg_per_m3},
      {"standard_density_kg_per_m3", g.standard.density_kg_per_m3},
      {"relative_density", g.normal.relative_density},
      {"gross_cv_j_per_m3", g.normal.gross_cv_j_per_m3},
      {"net_cv_j_per_m3", g.normal.net_cv_j_per_m3},
      {"gross_cv_j_per_kg", g.normal.gross_cv_j_per_kg},
      {"net_cv_j_per_kg", g.normal.net_cv_j_per_kg},
      {"gross_wobbe_j_per_m3", g.normal.gross_wobbe_j_per_m3},
      {"gross_cv_btu_per_scf", g.standard.gross_cv_j_per_m3 * units::m3_per_ft3 / joule_per_btu},
      {"gross_wobbe_btu_per_scf",
       g.standard.gross_wobbe_j_per_m3 * units::m3_per_ft3 / joule_per_btu}};
  j["energy_flow"] = {
      {"mw_per_kg_per_s", mw_per_kg_s},
      {"gj_per_h_per_kg_per_s", mw_per_kg_s * 3.6},
      {"mmbtu_per_d_per_kg_per_s", mw_per_kg_s * 1e6 * 86400.0 / (joule_per_btu * 1e6)},
      {"nm3_per_h_per_kg_per_s", 3600.0 / g.normal.density_kg_per_m3},
      {"kg_per_s_per_mmscfd", kg_s_per_mmscfd},
      {"mw_per_mmscfd", kg_s_per_mmscfd * mw_per_kg_s}};
  return j;
}

void print_text(const GasReport& g) {
  const auto& s = g.state;
  const double m = s.molar_mass_kg_per_mol;
  const auto j = to_json(g);
  std::string comp;
  for (const auto& [name, x] : j["composition"].items())
    comp += fmt::format("{}{} {:.6g}", comp.empty() ? "" : ", ", name, x.get<double>());
  fmt::print("{} at {:.6g} bar, {:.6g} K\n", gas::to_string(g.kind),
             units::pa_to_bar(s.pressure_pa), s.temperature_k);
  fmt::print("composition (mole fractions): {}\n", comp);
  fmt::print("  Z                           {:.10f}\n", s.z);
  fmt::print("  density                     {:.6f} kg/m3 ({:.4f} mol/m3)\n", s.density_kg_per_m3,
             s.density_mol_per_m3);
  fmt::print("  molar mass                  {:.6f} g/mol\n", m * 1e3);
  fmt::print("  speed of sound              {:.4f} m/s\n", s.speed_of_sound_m_per_s);
  fmt::print("  cp, cv                      {:.3f}, {:.3f} J/(kg K)\n", s.cp_j_per_mol_k / m,
             s.cv_j_per_mol_k / m);
  fmt::print("  isentropic exponent         {:.6f}\n", s.isentropic_exponent);
  fmt::print("  Joule-Thomson coefficient   {:.6f} K/bar\n", s.joule_thomson_k_per_pa * 1e5);
  fmt::print(
      "  enthalpy, entropy           {:.3f} kJ/kg, {:.5f} kJ/(kg K) (ideal gas at 298.15 K, "
      "1.01325 bar: 0)\n",
      s.enthalpy_j_per_mol / m * 1e-3, s.entropy_j_per_mol_k / m * 1e-3);
  const auto& iso = j["iso6976"];
  const auto& e = j["energy_flow"];
  fmt::print("ISO 6976:2016, real gas at 101.325 kPa (combustion 25 degC, metering 0 degC):\n");
  fmt::print(
      "  normal density              {:.5f} kg/m3 (60 degF: {:.5f}), relative density {:.5f}\n",
      iso["normal_density_kg_per_m3"].get<double>(),
      iso["standard_density_kg_per_m3"].get<double>(), iso["relative_density"].get<double>());
  fmt::print(
      "  gross, net calorific value  {:.4f}, {:.4f} MJ/m3; {:.4f}, {:.4f} MJ/kg\n",
      iso["gross_cv_j_per_m3"].get<double>() * 1e-6, iso["net_cv_j_per_m3"].get<double>() * 1e-6,
      iso["gross_cv_j_per_kg"].get<double>() * 1e-6, iso["net_cv_j_per_kg"].get<double>() * 1e-6);
  fmt::print("  gross Wobbe index           {:.4f} MJ/m3\n",
             iso["gross_wobbe_j_per_m3"].get<double>() * 1e-6);
  fmt::print("  60/60 degF                  gross CV {:.2f} Btu/scf, Wobbe {:.2f} Btu/scf\n",
             iso["gross_cv_btu_per_scf"].get<double>(),
             iso["gross_wobbe_btu_per_scf"].get<double>());
  fmt::print(
      "energy flow (gross): 1 kg/s = {:.4f} MW = {:.3f} GJ/h = {:.1f} MMBtu/d = {:.2f} Nm3/h;"
      " 1 mmcfd = {:.5f} kg/s = {:.4f} MW\n",
      e["mw_per_kg_per_s"].get<double>(), e["gj_per_h_per_kg_per_s"].get<double>(),
      e["mmbtu_per_d_per_kg_per_s"].get<double>(), e["nm3_per_h_per_kg_per_s"].get<double>(),
      e["kg_per_s_per_mmscfd"].get<double>(), e["mw_per_mmscfd"].get<double>());
}

}  // namespace

CLI::App* add_gas_command(CLI::App& app, GasArgs& args) {
  auto* cmd = app.add_subcommand(
      "gas", "Real-gas (GERG-2008, AGA8 DETAIL) and ISO 6976 properties of a composition");
  cmd->add_option("--composition", args.composition,
                  "Preset (lean-lng, pipeline-gas, gulf-coast, ekofisk) or JSON file")
      ->required();
  cmd->add_option("--pressure-bar", args.pressure_bar, "Absolute pressure [bar]")->required();
  cmd->add_option("--temperature-k", args.temperature_k, "Temperature [K]")->required();
  cmd->add_option("--eos", args.eos, "gerg2008 (default) or aga8-detail");
  cmd->add_flag("--json", args.json, "Print a JSON object instead of text");
  return cmd;
}

int run_gas(const GasArgs& args) {
  const GasReport g = evaluate(args);
  if (args.json)
    fmt::print("{}\n", to_json(g).dump(2));
  else
    print_text(g);
  return 0;
}

void apply_composition_option(model::PhysicsSettings& physics, const std::string& composition) {
  physics.eos.composition = gas::load_composition(composition);
  physics.gas = gas::apply_composition(physics.gas, *physics.eos.composition);
}

}  // namespace linepack::cli
