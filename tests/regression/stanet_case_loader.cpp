#include "regression/stanet_case_loader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "linepack/physics/friction.hpp"
#include "linepack/units/constants.hpp"

namespace linepack::test::stanet {
namespace {

// pandapipes constants.py: NORMAL_PRESSURE, TEMP_GRADIENT_KPM, AVG_TEMPERATURE_K, HEIGHT_EXPONENT.
constexpr double p_normal_bar = 1.01325;
constexpr double temp_gradient_k_per_m = 0.0065;
constexpr double avg_temperature_k = 288.15;
constexpr double height_exponent = 5.255;

/// A CSV file with a header row; the flat files have no quoted fields.
struct Table {
  std::filesystem::path file;
  std::map<std::string, std::size_t> column;
  std::vector<std::vector<std::string>> rows;

  bool has(const std::string& name) const { return column.count(name) > 0; }
  const std::string& cell(std::size_t row, const std::string& name) const {
    const auto it = column.find(name);
    if (it == column.end()) throw std::runtime_error(file.string() + ": no column '" + name + "'");
    const auto& r = rows.at(row);
    static const std::string empty;
    return it->second < r.size() ? r[it->second] : empty;
  }
  bool empty_cell(std::size_t row, const std::string& name) const {
    return cell(row, name).empty();
  }
  double number(std::size_t row, const std::string& name) const {
    const std::string& s = cell(row, name);
    try {
      std::size_t used = 0;
      const double v = std::stod(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
      return v;
    } catch (const std::exception&) {
      throw std::runtime_error(file.string() + ": row " + std::to_string(row + 1) + ", column '" +
                               name + "': not a number: '" + s + "'");
    }
  }
  bool flag(std::size_t row, const std::string& name) const {
    const std::string& s = cell(row, name);
    if (s == "True") return true;
    if (s == "False") return false;
    throw std::runtime_error(file.string() + ": row " + std::to_string(row + 1) + ", column '" +
                             name + "': expected True/False, got '" + s + "'");
  }
  /// The integer in an "index"/"junction" column ("3" or "3.0").
  long index(std::size_t row, const std::string& name) const {
    const double v = number(row, name);
    if (v != std::floor(v) || v < 0)
      throw std::runtime_error(file.string() + ": column '" + name + "' is not an index");
    return static_cast<long>(v);
  }
};

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string cell;
  std::stringstream ss(line);
  while (std::getline(ss, cell, sep)) out.push_back(cell);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

Table read_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  Table t;
  t.file = file;
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(file.string() + ": empty file");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split(line, ',');
  for (std::size_t i = 0; i < header.size(); ++i) t.column[header[i]] = i;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    t.rows.push_back(split(line, ','));
  }
  return t;
}

/// Optional element tables (sink, source, valve, pump) may be absent: empty table then.
Table read_optional_csv(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) return Table{file, {}, {}};
  return read_csv(file);
}

std::string node_id(long junction_index) { return "j" + std::to_string(junction_index); }

bool in_service(const Table& t, std::size_t row) {
  return !t.has("in_service") || t.flag(row, "in_service");
}

}  // namespace

double ambient_pressure_pa(double height_m) {
  return p_normal_bar * 1e5 *
         std::pow(1.0 - height_m * temp_gradient_k_per_m / avg_temperature_k, height_exponent);
}

const std::vector<std::string>& stanet_case_prefixes() {
  static const std::vector<std::string> prefixes = {"combined_networks__parallel_N",
                                                    "combined_networks__parallel_PC",
                                                    "combined_networks__versatility_PC",
                                                    "meshed_networks__delta_PC",
                                                    "meshed_networks__pumps_N",
                                                    "meshed_networks__square_N",
                                                    "meshed_networks__square_PC",
                                                    "meshed_networks__two_valves_N",
                                                    "meshed_networks__two_valves_PC",
                                                    "one_pipe__pipe_1_N",
                                                    "one_pipe__pipe_1_PC",
                                                    "one_pipe__pipe_2_N",
                                                    "one_pipe__pipe_2_PC",
                                                    "strand_net__pump_N",
                                                    "strand_net__two_pipes_N",
                                                    "strand_net__two_pipes_PC",
                                                    "t_cross__t_cross1_N",
                                                    "t_cross__t_cross1_PC",
                                                    "t_cross__t_cross2_N",
                                                    "t_cross__t_cross2_PC",
                                                    "two_pressure_junctions__H_net_N",
                                                    "two_pressure_junctions__H_net_PC"};
  return prefixes;
}

StanetCase load_stanet_case(const std::filesystem::path& flat_dir, const std::string& prefix) {
  const auto file = [&](const std::string& what) { return flat_dir / (prefix + "__" + what); };
  StanetCase c;
  c.prefix = prefix;
  if (prefix.ends_with("_N"))
    c.nikuradse = true;
  else if (prefix.ends_with("_PC"))
    c.nikuradse = false;
  else
    throw std::runtime_error("case '" + prefix + "' ends neither in _N nor in _PC");

  model::Network& net = c.network;
  net.name = prefix;
  net.physics.friction =
      c.nikuradse ? model::FrictionLaw::nikuradse : model::FrictionLaw::colebrook_white;

  // --- fluid -------------------------------------------------------------------------------
  {
    const auto path = file("fluid.json");
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path.string());
    nlohmann::json j;
    try {
      in >> j;
      const auto& props = j.at("properties");
      const double rho_n = props.at("density").at("value").get<double>();
      // Normal density at 273.15 K and 101325 Pa with Z = 1 gives R_s = p_n / (rho_n T_n).
      const double rs = units::normal_pressure_pa / (rho_n * units::normal_temperature_k);
      net.physics.gas.molar_mass_kg_per_mol = units::gas_constant_j_per_mol_k / rs;
      net.physics.gas.normal_density_kg_per_m3 = rho_n;
      net.physics.gas.dynamic_viscosity_pa_s = props.at("viscosity").at("value").get<double>();
      const auto& z = props.at("compressibility");
      const auto cls = z.at("class").get<std::string>();
      if (cls == "FluidPropertyConstant") {
        const double z0 = z.at("value").get<double>();
        if (z0 == 1.0) {
          net.physics.eos.kind = gas::EosKind::ideal;
        } else {
          net.physics.eos.kind = gas::EosKind::constant_z;
          net.physics.eos.constant_z = z0;
        }
      } else if (cls == "FluidPropertyLinear") {
        const double slope = z.at("slope").get<double>();  // per bar, absolute pressure
        const double offset = z.at("offset").get<double>();
        if (offset != 1.0)
          throw std::runtime_error("Z offset " + std::to_string(offset) +
                                   " != 1 is not linepack's linear_z form Z = 1 + c p");
        net.physics.eos.kind = gas::EosKind::linear_z;
        net.physics.eos.linear_z_per_pa = slope / 1e5;
      } else {
        throw std::runtime_error("unknown compressibility class " + cls);
      }
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(path.string() + ": " + e.what());
    }
  }

  // --- junctions ---------------------------------------------------------------------------
  const Table junctions = read_csv(file("junction.csv"));
  std::map<long, double> height_of;
  std::map<long, std::size_t> junction_row;
  double temperature = 0.0;
  for (std::size_t r = 0; r < junctions.rows.size(); ++r) {
    if (!in_service(junctions, r))
      throw std::runtime_error(junctions.file.string() + ": out-of-service junction");
    const long idx = junctions.index(r, "index");
    const double h = junctions.number(r, "height_m");
    const double t = junctions.number(r, "tfluid_k");
    if (r == 0)
      temperature = t;
    else if (t != temperature)
      throw std::runtime_error(junctions.file.string() +
                               ": junction temperatures differ; linepack is isothermal");
    model::Node n;
    n.id = node_id(idx);
    n.elevation_m = h;
    net.nodes.push_back(n);
    height_of[idx] = h;
    junction_row[idx] = r;
    if (!junctions.empty_cell(r, "p_stanet")) {
      JunctionReference ref;
      ref.node_id = n.id;
      ref.name = junctions.cell(r, "name");
      ref.p_gauge_bar = junctions.number(r, "p_stanet");
      ref.ambient_pa = ambient_pressure_pa(h);
      ref.compressibility =
          junctions.empty_cell(r, "K_stanet") ? 1.0 : junctions.number(r, "K_stanet");
      c.junctions.push_back(ref);
    }
  }
  // The gas temperature of pandapipes' hydraulic calculation is the junction temperature
  // (tfluid_k), not the fluid's ambient_temperature (see the header).
  net.physics.temperature_k = temperature;
  const auto junction = [&](const Table& t, std::size_t r, const std::string& col) {
    const long idx = t.index(r, col);
    if (!height_of.count(idx))
      throw std::runtime_error(t.file.string() + ": unknown junction " + std::to_string(idx));
    return idx;
  };

  // --- pipes -------------------------------------------------------------------------------
  const Table pipes = read_csv(file("pipe.csv"));
  for (std::size_t r = 0; r < pipes.rows.size(); ++r) {
    if (!in_service(pipes, r)) continue;
    model::Pipe p;
    p.id = "pipe" + std::to_string(pipes.index(r, "index"));
    p.from = node_id(junction(pipes, r, "from_junction"));
    p.to = node_id(junction(pipes, r, "to_junction"));
    p.length_m = pipes.number(r, "length_km") * 1e3;
    p.diameter_m = pipes.number(r, "diameter_m");
    p.roughness_m = pipes.number(r, "k_mm") * 1e-3;
    p.loss_coefficient = pipes.number(r, "loss_coefficient");
    net.pipes.push_back(p);
    if (!pipes.empty_cell(r, "v_stanet"))
      c.pipes.push_back({p.id, pipes.cell(r, "name"), pipes.number(r, "v_stanet")});
  }

  // --- valves ------------------------------------------------------------------------------
  const Table valves = read_optional_csv(file("valve.csv"));
  for (std::size_t r = 0; r < valves.rows.size(); ++r) {
    if (!in_service(valves, r)) continue;
    model::Valve v;
    v.id = "valve" + std::to_string(valves.index(r, "index"));
    v.from = node_id(junction(valves, r, "from_junction"));
    v.to = node_id(junction(valves, r, "to_junction"));
    v.open = valves.flag(r, "opened");
    if (valves.number(r, "loss_coefficient") != 0.0)
      throw std::runtime_error(valves.file.string() +
                               ": valve loss coefficient != 0 is not modelled");
    net.valves.push_back(v);
    c.notes.push_back(v.id + " " + (v.open ? "open" : "closed"));
  }

  // --- pressure boundaries -----------------------------------------------------------------
  const Table ext = read_csv(file("ext_grid.csv"));
  std::map<std::string, double> pressure_of;
  for (std::size_t r = 0; r < ext.rows.size(); ++r) {
    if (!in_service(ext, r)) continue;
    const long j = junction(ext, r, "junction");
    const double p_abs = ext.number(r, "p_bar") * 1e5 + ambient_pressure_pa(height_of[j]);
    pressure_of[node_id(j)] = p_abs;
  }
  for (const auto& [node, p] : pressure_of)
    c.scenario.boundaries.push_back({node, model::NodeBoundary::Kind::pressure, p});

  // --- pumps: compressors that hold STANET's pressure at the to-junction --------------------
  // linepack has no pump curve. Holding the outlet at STANET's own result still tests the
  // hydraulics of every pipe around the pump (flows, pressure drops, velocities); only the
  // pump's own curve is not tested, and the pump outlet pressure matches by construction.
  const Table pumps = read_optional_csv(file("pump.csv"));
  for (std::size_t r = 0; r < pumps.rows.size(); ++r) {
    if (!in_service(pumps, r)) continue;
    model::Compressor cs;
    cs.id = "pump" + std::to_string(pumps.index(r, "index"));
    cs.from = node_id(junction(pumps, r, "from_junction"));
    const long to = junction(pumps, r, "to_junction");
    cs.to = node_id(to);
    const std::size_t jr = junction_row.at(to);
    if (junctions.empty_cell(jr, "p_stanet"))
      throw std::runtime_error(pumps.file.string() + ": pump outlet junction has no p_stanet");
    cs.state = model::ControlState::active;
    cs.mode = model::CompressorMode::outlet_pressure;
    cs.setpoint = junctions.number(jr, "p_stanet") * 1e5 + ambient_pressure_pa(height_of[to]);
    net.compressors.push_back(cs);
    c.notes.push_back(cs.id + " (" + pumps.cell(r, "std_type") + ", STANET lift " +
                      pumps.cell(r, "ps_stanet") + " bar) as outlet-pressure compressor");
  }

  // --- sinks and sources: net withdrawal per junction -------------------------------------
  std::map<std::string, double> withdrawal;
  for (const auto& [name, sign] : {std::pair{"sink.csv", 1.0}, std::pair{"source.csv", -1.0}}) {
    const Table t = read_optional_csv(file(name));
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (!in_service(t, r)) continue;
      const std::string n = node_id(junction(t, r, "junction"));
      const double m = t.number(r, "mdot_kg_per_s") * t.number(r, "scaling");
      if (pressure_of.count(n)) {
        c.notes.push_back(std::string(name) + " at pressure node " + n + " ignored");
        continue;
      }
      withdrawal[n] += sign * m;
    }
  }
  for (const auto& [node, w] : withdrawal)
    c.scenario.boundaries.push_back({node, model::NodeBoundary::Kind::flow, w});
  c.scenario.name = prefix;
  return c;
}

Tolerance stanet_tolerance(const std::filesystem::path& summary_md, const std::string& prefix) {
  std::ifstream in(summary_md);
  if (!in) throw std::runtime_error("cannot open " + summary_md.string());
  std::string line;
  while (std::getline(in, line)) {
    auto cells = split(line, '|');
    // "| case | ... | tol |" splits into "", " case ", ..., " tol ", (maybe "")
    std::vector<std::string> trimmed;
    for (auto& s : cells) trimmed.push_back(trim(s));
    while (!trimmed.empty() && trimmed.back().empty()) trimmed.pop_back();
    if (trimmed.size() < 3 || trimmed[1] != prefix) continue;
    const std::string& last = trimmed.back();
    if (last.starts_with("no active test")) return {1e-4, 1e-2, false};
    const auto slash = last.find('/');
    if (slash == std::string::npos)
      throw std::runtime_error(summary_md.string() + ": cannot read tolerance '" + last + "'");
    Tolerance t;
    t.rel_pressure = std::stod(trim(last.substr(0, slash)));
    t.abs_velocity = std::stod(trim(last.substr(slash + 1)));
    return t;
  }
  throw std::runtime_error(summary_md.string() + ": no row for " + prefix);
}

}  // namespace linepack::test::stanet
