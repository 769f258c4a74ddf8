// linepack._core: the private pybind11 module under the `linepack` Python package
// (python/linepack/, docs/python.md). It holds the model (network + scenario) as a C++ object,
// reads it with the library's readers, edits it, solves it with the GIL released, and hands
// results over as numpy arrays that view the C++ result without copying where the value is
// stored (pressures, flows, ...) and as computed arrays for derived columns (bar, 1000 m3/h).
// Column values are computed with the same expressions as io::result_to_json, so they are
// bit-identical to the command line's JSON.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "linepack/gas/equation_of_state.hpp"
#include "linepack/io/gaslib_reader.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/json_text.hpp"
#include "linepack/io/loaded_model.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/result_writer.hpp"
#include "linepack/io/gaslib_cdf_reader.hpp"
#include "linepack/io/validation_batch.hpp"
#include "linepack/io/validation_writer.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/steady/result.hpp"
#include "linepack/steady/solver.hpp"
#include "linepack/io/schedule_reader.hpp"
#include "linepack/transient/simulator.hpp"
#include "linepack/units/constants.hpp"
#include "linepack/units/conversions.hpp"
#include "linepack/validation/nomination.hpp"
#include "linepack/design/economics.hpp"
#include "linepack/design/mechanical.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;
using namespace py::literals;
using namespace linepack;

namespace {

// ---------------------------------------------------------------------------------------------
// Exceptions: linepack.InputError(ValueError) and linepack.ValidationError(InputError), created
// once and kept for the life of the interpreter (the module is never unloaded).

PyObject* input_error_type = nullptr;
PyObject* validation_error_type = nullptr;

void raise_input_error(const io::InputError& e) {
  py::object type = py::reinterpret_borrow<py::object>(input_error_type);
  py::object exc = type(e.what());
  exc.attr("file") = e.file().string();
  exc.attr("line") = e.line();
  exc.attr("element") = e.element();
  PyErr_SetObject(input_error_type, exc.ptr());
}

void raise_validation_error(const model::ValidationError& e) {
  py::object type = py::reinterpret_borrow<py::object>(validation_error_type);
  py::object exc = type(e.what());
  exc.attr("file") = "";
  exc.attr("line") = 0;
  exc.attr("element") = e.element();
  exc.attr("problem") = e.problem();
  PyErr_SetObject(validation_error_type, exc.ptr());
}

// ---------------------------------------------------------------------------------------------
// The model: network and scenario, each shared copy-on-write. Copies are cheap (two shared
// pointers); an edit clones the part it changes only while another Model (or a solve running
// without the GIL) still holds it, so a solve never sees a network change under it.

class Model {
 public:
  Model() : net_(std::make_shared<model::Network>()), scn_(std::make_shared<model::Scenario>()) {}
  Model(io::LoadedModel m, std::string source)
      : net_(std::make_shared<model::Network>(std::move(m.network))),
        scn_(std::make_shared<model::Scenario>(std::move(m.scenario))),
        source_(std::move(source)) {}

  const model::Network& network() const { return *net_; }
  const model::Scenario& scenario() const { return *scn_; }
  std::shared_ptr<const model::Network> network_ptr() const { return net_; }
  std::shared_ptr<const model::Scenario> scenario_ptr() const { return scn_; }
  const std::string& source() const { return source_; }
  void set_source(std::string s) { source_ = std::move(s); }

  model::Network& edit_network() {
    if (net_.use_count() > 1) net_ = std::make_shared<model::Network>(*net_);
    return *net_;
  }
  model::Scenario& edit_scenario() {
    if (scn_.use_count() > 1) scn_ = std::make_shared<model::Scenario>(*scn_);
    return *scn_;
  }
  void replace_scenario(model::Scenario s) { scn_ = std::make_shared<model::Scenario>(std::move(s)); }

  io::LoadedModel loaded() const { return {*net_, *scn_}; }

 private:
  std::shared_ptr<model::Network> net_;
  std::shared_ptr<model::Scenario> scn_;
  std::string source_;
};

/// Applies f(kind, vector) to each element vector, in the result's kind order.
template <class Net, class F>
void for_each_kind(Net& n, F&& f) {
  f("pipe", n.pipes);
  f("short_pipe", n.short_pipes);
  f("resistor", n.resistors);
  f("valve", n.valves);
  f("control_valve", n.control_valves);
  f("compressor", n.compressors);
}

const std::vector<std::string>& element_kinds() {
  static const std::vector<std::string> kinds = {"pipe",  "short_pipe",    "resistor",
                                                 "valve", "control_valve", "compressor"};
  return kinds;
}

/// The kind of element `id`, or nullopt.
std::optional<std::string> kind_of(const model::Network& n, const std::string& id) {
  std::optional<std::string> kind;
  for_each_kind(n, [&](const char* k, const auto& v) {
    if (!kind && std::any_of(v.begin(), v.end(), [&](const auto& e) { return e.id == id; }))
      kind = k;
  });
  return kind;
}

bool has_node(const model::Network& n, const std::string& id) {
  return std::any_of(n.nodes.begin(), n.nodes.end(), [&](const auto& x) { return x.id == id; });
}

[[noreturn]] void unknown_element(const std::string& id) {
  throw py::key_error("no element '" + id + "' in the network");
}

void check_new_element(const model::Network& n, const std::string& id) {
  if (kind_of(n, id))
    throw py::value_error("'" + id + "': the network already has an element with this id");
}

model::Branch branch(const std::string& id, const std::string& from, const std::string& to) {
  model::Branch b;
  b.id = id;
  b.from = from;
  b.to = to;
  return b;
}

model::NodeBoundary::Kind parse_boundary_kind(const std::string& kind) {
  if (kind == "pressure") return model::NodeBoundary::Kind::pressure;
  if (kind == "flow") return model::NodeBoundary::Kind::flow;
  throw py::value_error("unknown boundary kind '" + kind + "' (expected pressure, flow)");
}

std::string to_string(model::NodeBoundary::Kind kind) {
  return kind == model::NodeBoundary::Kind::pressure ? "pressure" : "flow";
}

void set_control(Model& m, const std::string& element, const std::string& state,
                 const std::optional<std::string>& mode, const std::optional<double>& setpoint) {
  // Checked now, not at the next solve, so the mistake shows where it is made.
  if (!kind_of(m.network(), element)) unknown_element(element);
  model::ElementControl c;
  c.element = element;
  c.state = io::parse_control_state(state);
  if (mode) c.mode = io::parse_compressor_mode(*mode);
  c.setpoint = setpoint;
  auto& controls = m.edit_scenario().controls;
  auto it = std::find_if(controls.begin(), controls.end(),
                         [&](const auto& x) { return x.element == element; });
  if (it != controls.end())
    *it = c;
  else
    controls.push_back(c);
}

void set_boundary(Model& m, const std::string& node, const std::string& kind, double value) {
  if (!has_node(m.network(), node)) throw py::key_error("no node '" + node + "' in the network");
  model::NodeBoundary b;
  b.node = node;
  b.kind = parse_boundary_kind(kind);
  b.value = value;
  auto& boundaries = m.edit_scenario().boundaries;
  auto it = std::find_if(boundaries.begin(), boundaries.end(),
                         [&](const auto& x) { return x.node == node; });
  if (it != boundaries.end())
    *it = b;
  else
    boundaries.push_back(b);
}

// The gas of the network as a dict of its properties (SI, unit in each key), and back: the keys of
// physics.gas in docs/model-format.md; an unknown key or a non-positive value is an error.
py::dict gas_dict(const gas::GasProperties& g) {
  py::dict d;
  d["molar_mass_kg_per_mol"] = g.molar_mass_kg_per_mol;
  d["dynamic_viscosity_pa_s"] = g.dynamic_viscosity_pa_s;
  d["isentropic_exponent"] = g.isentropic_exponent;
  d["pseudo_critical_pressure_pa"] = g.pseudo_critical_pressure_pa;
  d["pseudo_critical_temperature_k"] = g.pseudo_critical_temperature_k;
  d["higher_heating_value_j_per_m3"] = g.higher_heating_value_j_per_m3;
  d["normal_density_kg_per_m3"] = g.normal_density_kg_per_m3;
  return d;
}

void set_gas(Model& m, const py::dict& values) {
  gas::GasProperties g = m.network().physics.gas;
  for (const auto& [k, v] : values) {
    const std::string key = py::str(k);
    const double x = v.cast<double>();
    double* field = nullptr;
    if (key == "molar_mass_kg_per_mol") field = &g.molar_mass_kg_per_mol;
    else if (key == "dynamic_viscosity_pa_s") field = &g.dynamic_viscosity_pa_s;
    else if (key == "isentropic_exponent") field = &g.isentropic_exponent;
    else if (key == "pseudo_critical_pressure_pa") field = &g.pseudo_critical_pressure_pa;
    else if (key == "pseudo_critical_temperature_k") field = &g.pseudo_critical_temperature_k;
    else if (key == "higher_heating_value_j_per_m3") field = &g.higher_heating_value_j_per_m3;
    else if (key == "normal_density_kg_per_m3") field = &g.normal_density_kg_per_m3;
    else if (key == "specific_gravity") {
      if (!(x > 0.0)) throw py::value_error("gas: specific_gravity must be positive");
      g.molar_mass_kg_per_mol = x * units::air_molar_mass_kg_per_mol;
      continue;
    } else {
      throw py::key_error("unknown gas property '" + key + "' (expected one of: " +
                          py::str(py::list(gas_dict(g).attr("keys")())).cast<std::string>() +
                          ", specific_gravity)");
    }
    // normal_density 0 means "derive from the molar mass" (gas_properties.hpp).
    const bool ok = key == "normal_density_kg_per_m3" ? x >= 0.0 : x > 0.0;
    if (!ok || !std::isfinite(x))
      throw py::value_error("gas: " + key + " must be " +
                            (key == "normal_density_kg_per_m3" ? "0 or positive" : "positive"));
    *field = x;
  }
  m.edit_network().physics.gas = g;
}

// The thermal settings (physics.thermal in docs/model-format.md) as a dict, and back; unset
// temperatures are None (they default to temperature_k). Checked by model::validate at solve time.
py::dict thermal_dict(const model::ThermalSettings& t) {
  py::dict d;
  d["energy_equation"] = t.energy_equation;
  d["ground_temperature_k"] = t.ground_temperature_k ? py::cast(*t.ground_temperature_k) : py::none();
  d["supply_temperature_k"] = t.supply_temperature_k ? py::cast(*t.supply_temperature_k) : py::none();
  d["heat_transfer_coefficient_w_per_m2_k"] = t.heat_transfer_coefficient_w_per_m2_k;
  return d;
}

void set_thermal(Model& m, const py::dict& values) {
  model::ThermalSettings t = m.network().physics.thermal;
  auto temperature = [](const py::handle& v) {
    return v.is_none() ? std::optional<double>{} : std::optional<double>{v.cast<double>()};
  };
  for (const auto& [k, v] : values) {
    const std::string key = py::str(k);
    if (key == "energy_equation") t.energy_equation = v.cast<bool>();
    else if (key == "ground_temperature_k") t.ground_temperature_k = temperature(v);
    else if (key == "supply_temperature_k") t.supply_temperature_k = temperature(v);
    else if (key == "heat_transfer_coefficient_w_per_m2_k")
      t.heat_transfer_coefficient_w_per_m2_k = v.cast<double>();
    else
      throw py::key_error("unknown thermal setting '" + key +
                          "' (expected one of: energy_equation, ground_temperature_k, "
                          "supply_temperature_k, heat_transfer_coefficient_w_per_m2_k)");
  }
  m.edit_network().physics.thermal = t;
}

void remove_element(Model& m, const std::string& id) {
  if (!kind_of(m.network(), id)) unknown_element(id);
  for_each_kind(m.edit_network(), [&](const char*, auto& v) {
    v.erase(std::remove_if(v.begin(), v.end(), [&](const auto& e) { return e.id == id; }), v.end());
  });
  auto& controls = m.scenario().controls;
  if (std::any_of(controls.begin(), controls.end(), [&](const auto& c) { return c.element == id; })) {
    auto& c = m.edit_scenario().controls;
    c.erase(std::remove_if(c.begin(), c.end(), [&](const auto& x) { return x.element == id; }),
            c.end());
  }
}

/// Takes element `id` out of service: valves, control valves and compressors are closed by a
/// control; a pipe, short pipe or resistor is replaced by a closed valve between the same nodes
/// (same id), so the network keeps its topology and ids.
void close_element(Model& m, const std::string& id) {
  const auto kind = kind_of(m.network(), id);
  if (!kind) unknown_element(id);
  if (*kind == "valve" || *kind == "control_valve" || *kind == "compressor") {
    set_control(m, id, "closed", std::nullopt, std::nullopt);
    return;
  }
  model::Branch b;
  for_each_kind(m.network(), [&](const char*, const auto& v) {
    for (const auto& e : v)
      if (e.id == id) b = static_cast<const model::Branch&>(e);
  });
  remove_element(m, id);
  model::Valve valve;
  static_cast<model::Branch&>(valve) = b;
  valve.open = false;
  m.edit_network().valves.push_back(valve);
}

void load_scenario(Model& m, const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) throw io::InputError(file, 0, "", "no such scenario file");
  const std::string ext = file.extension().string();
  if (ext == ".scn") {
    auto net = m.network_ptr();
    model::Scenario s;
    {
      py::gil_scoped_release release;
      s = io::read_gaslib_scenario(file, *net);
    }
    m.replace_scenario(std::move(s));
  } else if (ext == ".json") {
    auto base = m.scenario_ptr();
    model::Scenario s;
    {
      py::gil_scoped_release release;
      s = io::read_controls_file(file, *base);
    }
    m.replace_scenario(std::move(s));
  } else {
    throw io::InputError(file, 0, "",
                         "unknown scenario kind (expected a GasLib .scn nomination or a .json "
                         "controls file)");
  }
}

Model read_file(const fs::path& path, const std::optional<fs::path>& scenario) {
  io::LoadedModel m;
  {
    py::gil_scoped_release release;
    m = io::read_model(path, scenario);
  }
  return Model(std::move(m), path.string());
}

Model from_json_text(const std::string& text, const std::string& source) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw io::InputError(source.empty() ? "<string>" : source, 0, "",
                         std::string("invalid JSON: ") + e.what());
  }
  return Model(io::from_json(doc, source.empty() ? "<string>" : source), source);
}

py::dict info(const Model& m) {
  const auto& n = m.network();
  std::size_t fixed = 0;
  for (const auto& b : m.scenario().boundaries)
    if (b.kind == model::NodeBoundary::Kind::pressure) ++fixed;
  return py::dict("name"_a = n.name, "nodes"_a = n.nodes.size(), "pipes"_a = n.pipes.size(),
                  "short_pipes"_a = n.short_pipes.size(), "resistors"_a = n.resistors.size(),
                  "valves"_a = n.valves.size(), "control_valves"_a = n.control_valves.size(),
                  "compressors"_a = n.compressors.size(),
                  "total_pipe_length_m"_a = n.total_pipe_length_m(),
                  "eos"_a = gas::to_string(n.physics.eos.kind),
                  "friction"_a = model::to_string(n.physics.friction),
                  "temperature_k"_a = n.physics.temperature_k,
                  "scenario"_a = m.scenario().name,
                  "boundaries"_a = m.scenario().boundaries.size(), "pressure_boundaries"_a = fixed,
                  "controls"_a = m.scenario().controls.size());
}

// ---------------------------------------------------------------------------------------------
// Solve.

using ResultPtr = std::shared_ptr<steady::SteadyResult>;

ResultPtr solve(const Model& m, const std::optional<std::string>& eos,
                const std::optional<std::string>& friction, const std::optional<double>& tolerance,
                const std::optional<int>& max_iterations, bool trace, bool setpoints_only,
                bool withdraw_fuel, std::optional<bool> map_limits,
                const std::optional<ResultPtr>& start) {
  if (map_limits.value_or(false) && setpoints_only)
    throw py::value_error("map_limits holds the stations' map limits, setpoints_only ignores every limit: give one");
  std::shared_ptr<const model::Network> net = m.network_ptr();
  if (eos || friction) {
    auto edited = std::make_shared<model::Network>(*net);
    if (eos) edited->physics.eos.kind = gas::parse_eos_kind(*eos);
    if (friction) edited->physics.friction = model::parse_friction_law(*friction);
    net = std::move(edited);
  }
  const std::shared_ptr<const model::Scenario> scn = m.scenario_ptr();
  if (scn->boundaries.empty())
    throw io::InputError(m.source().empty() ? "<model>" : m.source(), 0, "",
                         "no boundary conditions: give a scenario (read(NET, scenario=SCN) or "
                         "Model.load_scenario for GasLib, Model.set_boundary otherwise)");
  steady::SteadyOptions options;
  if (tolerance) options.newton.tolerance = *tolerance;
  if (max_iterations) options.newton.max_iterations = *max_iterations;
  options.newton.trace = trace;
  options.hold_limits = !setpoints_only;
  options.withdraw_fuel = withdraw_fuel;
  options.hold_map_limits = map_limits.value_or(true);  // none: held (the default)
  if (start && *start) {  // Newton from that result's state (steady::SteadyOptions::start)
    steady::SteadyStart from;
    for (const auto& n : (*start)->nodes) from.pressure_pa.push_back(n.pressure_pa);
    for (const auto& e : (*start)->elements) from.mass_flow_kg_per_s.push_back(e.mass_flow_kg_per_s);
    options.start = std::move(from);
  }
  auto result = std::make_shared<steady::SteadyResult>();
  {
    py::gil_scoped_release release;
    *result = steady::solve(*net, *scn, options);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Transient: the run of `linepack transient`, sampled every output interval, as numpy arrays.

py::dict simulate(const Model& m, const std::optional<fs::path>& schedule_file, double duration_s,
                  double dt_s, double dx_m, const std::optional<double>& output_interval_s,
                  const std::string& scheme, bool inertia, bool withdraw_fuel,
                  const py::object& on_progress) {
  const std::shared_ptr<const model::Network> net = m.network_ptr();
  const std::shared_ptr<const model::Scenario> scn = m.scenario_ptr();
  transient::Schedule schedule;
  if (schedule_file) schedule = io::read_schedule(*schedule_file, *net);
  transient::TransientOptions options;
  options.duration_s = duration_s;
  options.dt_s = dt_s;
  options.dx_m = dx_m;
  options.scheme = transient::parse_scheme(scheme);
  options.inertia = inertia;
  options.withdraw_fuel = withdraw_fuel;
  const double interval = output_interval_s.value_or(dt_s);
  if (!(interval > 0.0)) throw std::invalid_argument("output_interval_s must be positive");
  std::vector<double> time, linepack, fuel_withdrawn;
  std::vector<double> pressure, flow;  // row-major: one row per output time
  std::vector<std::vector<std::string>> control_mode, binding_limit;  // per output time
  std::size_t nodes = net->nodes.size(), elements = 0;
  bool completed = false, interrupted = false;
  std::string message;
  std::optional<py::error_already_set> callback_error;
  std::vector<std::pair<std::string, std::optional<double>>> survival;
  // Gas quality (schedules with supply compositions): 4 columns per boundary node.
  std::vector<double> quality;
  std::vector<std::string> quality_columns;
  std::vector<double> temperature;  // energy equation: one row of node temperatures per time
  bool energy = false;
  {
    py::gil_scoped_release release;
    transient::Simulator sim(*net, *scn, schedule, options);
    energy = sim.energy() != nullptr;
    if (sim.quality())
      for (std::size_t i : sim.boundary_nodes())
        for (const char* what : {"gross_cv_j_per_m3", "wobbe_j_per_m3", "relative_density",
                                 "energy_flow_w"})
          quality_columns.push_back(net->nodes[i].id + ":" + what);
    const auto start = sim.start_from_steady();
    if (!start.converged) {
      message = "no initial steady state: " + sim.message();
    } else {
      double next = sim.start_time();
      auto sample = [&](const transient::Simulator& s) {
        if (s.time() + 1e-9 * interval < next && !s.finished()) return;
        const auto& snap = s.snapshot();
        time.push_back(snap.time_s);
        linepack.push_back(snap.linepack_kg);
        fuel_withdrawn.push_back(snap.fuel_withdrawn_cumulative_kg);
        pressure.insert(pressure.end(), snap.node_pressure_pa.begin(), snap.node_pressure_pa.end());
        flow.insert(flow.end(), snap.element_flow_kg_per_s.begin(), snap.element_flow_kg_per_s.end());
        elements = snap.element_flow_kg_per_s.size();
        if (s.quality())
          for (std::size_t i : s.boundary_nodes())
            quality.insert(quality.end(), {snap.node_gross_cv_j_per_m3[i], snap.node_wobbe_j_per_m3[i],
                                           snap.node_relative_density[i], snap.node_energy_flow_w[i]});
        temperature.insert(temperature.end(), snap.node_temperature_k.begin(),
                           snap.node_temperature_k.end());
        control_mode.push_back(snap.control_mode);
        binding_limit.push_back(snap.binding_limit);
        next += interval;
      };
      // Every 0.2 s of wall time, with the GIL: the progress callback (time_s, end_time_s) and
      // a check for Ctrl-C (PyErr_CheckSignals), which stops the run and keeps what it has.
      using clock = std::chrono::steady_clock;
      auto last_poll = clock::now();
      auto poll = [&](bool force) {
        if (!force && clock::now() - last_poll < std::chrono::milliseconds(200)) return true;
        last_poll = clock::now();
        py::gil_scoped_acquire acquire;
        if (PyErr_CheckSignals() != 0) {
          if (PyErr_ExceptionMatches(PyExc_KeyboardInterrupt)) {
            PyErr_Clear();
            interrupted = true;
          } else {
            callback_error.emplace();  // another signal handler raised: re-raised below
          }
          return false;
        }
        if (!on_progress.is_none()) {
          try {
            on_progress(sim.time(), sim.end_time());
          } catch (py::error_already_set& e) {
            if (e.matches(PyExc_KeyboardInterrupt)) {
              interrupted = true;
            } else {
              callback_error.emplace(std::move(e));
            }
            return false;
          }
        }
        return true;
      };
      sample(sim);
      completed = true;
      while (!sim.finished()) {
        if (!sim.step()) {
          completed = false;
          message = sim.message();
          break;
        }
        sample(sim);
        if (!poll(false)) {
          completed = false;
          break;
        }
      }
      if (completed) poll(true);
      if (interrupted)
        message = fmt::format("interrupted (Ctrl-C) at t = {} s of {} s; the result holds the run "
                              "so far", sim.time(), sim.end_time());
      for (const auto& sv : sim.survival())
        survival.push_back({net->nodes[sv.node].id, sv.survival_time_s});
    }
  }
  if (callback_error) throw std::move(*callback_error);
  const std::size_t rows = time.size();
  py::array_t<double> p({rows, nodes}), q({rows, elements});
  std::copy(pressure.begin(), pressure.end(), p.mutable_data());
  std::copy(flow.begin(), flow.end(), q.mutable_data());
  py::list node_ids, element_ids;
  for (const auto& n : net->nodes) node_ids.append(n.id);
  auto add_ids = [&](const auto& list) {
    for (const auto& e : list) element_ids.append(e.id);
  };
  add_ids(net->pipes);
  add_ids(net->short_pipes);
  add_ids(net->resistors);
  add_ids(net->valves);
  add_ids(net->control_valves);
  add_ids(net->compressors);
  py::dict surv;
  for (const auto& [id, t] : survival) surv[py::str(id)] = t ? py::object(py::float_(*t)) : py::none();
  py::dict out;
  out["status"] = completed ? "completed" : interrupted ? "interrupted" : "failed";
  out["message"] = message;
  out["time_s"] = py::array_t<double>(rows, time.data());
  out["linepack_kg"] = py::array_t<double>(rows, linepack.data());
  out["fuel_withdrawn_kg"] = py::array_t<double>(rows, fuel_withdrawn.data());
  out["node_pressure_pa"] = p;
  out["element_flow_kg_per_s"] = q;
  out["node_ids"] = node_ids;
  out["element_ids"] = element_ids;
  out["survival_time_s"] = surv;
  if (!quality_columns.empty()) {
    py::array_t<double> qa({rows, quality_columns.size()});
    std::copy(quality.begin(), quality.end(), qa.mutable_data());
    out["quality"] = qa;
    out["quality_columns"] = quality_columns;
  }
  if (energy) {
    py::array_t<double> ta({rows, nodes});
    std::copy(temperature.begin(), temperature.end(), ta.mutable_data());
    out["node_temperature_k"] = ta;
  }
  // Mode and binding limit of every control valve and compressor per row (transient.md §3.1).
  py::list control_ids;
  for (const auto& e : net->control_valves) control_ids.append(e.id);
  for (const auto& e : net->compressors) control_ids.append(e.id);
  out["control_ids"] = control_ids;
  out["control_mode"] = control_mode;
  out["binding_limit"] = binding_limit;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Result columns. A stored double is returned as a read-only strided view into the result
// (no copy; the array keeps the result alive); a derived value as a new array.

py::array readonly(py::array a) {
  a.attr("setflags")("write"_a = false);
  return a;
}

template <class Row, class T>
py::array view(const py::object& owner, const std::vector<Row>& rows, const T Row::*member) {
  if (rows.empty()) return readonly(py::array(py::dtype::of<T>(), {0}, {sizeof(T)}));
  return readonly(py::array(py::dtype::of<T>(), {rows.size()}, {sizeof(Row)},
                            &(rows.front().*member), owner));
}

template <class Row, class F>
py::array computed(const std::vector<Row>& rows, F value) {
  py::array_t<double> a(static_cast<py::ssize_t>(rows.size()));
  double* out = a.mutable_data();
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = value(rows[i]);
  return readonly(a);
}

// Columns computed here (a view for stored values, the writer's expression for derived ones),
// in the order of the DataFrames. Any other key of the JSON report comes from the report itself
// (json_columns), so the tables always have every column the CLI writes.
const std::vector<std::string>& node_column_names() {
  static const std::vector<std::string> names = {
      "pressure_pa",         "pressure_bar",        "withdrawal_kg_per_s",
      "withdrawal_1000m3_per_h", "withdrawal_nm3_per_h", "withdrawal_mmcfd",
      "withdrawal_energy_mw", "pressure_fixed",     "pressure_min_pa",
      "pressure_max_pa"};
  return names;
}

const std::vector<std::string>& element_column_names() {
  static const std::vector<std::string> names = {
      "mass_flow_kg_per_s",    "flow_1000m3_per_h",   "flow_nm3_per_h",
      "flow_mmcfd",            "flow_energy_mw",      "pressure_ratio",
      "velocity_from_m_per_s", "velocity_to_m_per_s", "velocity_mean_m_per_s",
      "friction_factor",       "shaft_power_w",       "fuel_kg_per_s"};
  return names;
}

// The writer's expressions for flows in other units (io/result_writer.cpp, add_flow_units).
double to_nm3_per_h(double kg_per_s, const steady::SteadyResult& r) {
  return kg_per_s / r.normal_density_kg_per_m3 * 3600.0;
}
double to_mmcfd(double kg_per_s, const steady::SteadyResult& r) {
  return units::kg_per_s_to_mmcfd(kg_per_s, r.standard_density_kg_per_m3);
}
double to_energy_mw(double kg_per_s, const steady::SteadyResult& r) {
  return kg_per_s * r.higher_heating_value_j_per_kg / 1e6;
}

/// A value of a node or element column, computed as node_column/element_column do; null for
/// a column that only the JSON report has.
using NodeGetter = double (*)(const steady::NodeResult&, const steady::SteadyResult&);
using ElementGetter = double (*)(const steady::ElementResult&, const steady::SteadyResult&);
using R = steady::SteadyResult;

NodeGetter node_getter(const std::string& name) {
  using N = steady::NodeResult;
  if (name == "pressure_pa") return [](const N& n, const R&) { return n.pressure_pa; };
  if (name == "pressure_bar") return [](const N& n, const R&) { return units::pa_to_bar(n.pressure_pa); };
  if (name == "withdrawal_kg_per_s") return [](const N& n, const R&) { return n.withdrawal_kg_per_s; };
  if (name == "withdrawal_1000m3_per_h")
    return [](const N& n, const R& r) {
      return units::kg_per_s_to_knm3_per_h(n.withdrawal_kg_per_s, r.normal_density_kg_per_m3);
    };
  if (name == "withdrawal_nm3_per_h")
    return [](const N& n, const R& r) { return to_nm3_per_h(n.withdrawal_kg_per_s, r); };
  if (name == "withdrawal_mmcfd")
    return [](const N& n, const R& r) { return to_mmcfd(n.withdrawal_kg_per_s, r); };
  if (name == "withdrawal_energy_mw")
    return [](const N& n, const R& r) { return to_energy_mw(n.withdrawal_kg_per_s, r); };
  if (name == "pressure_fixed") return [](const N& n, const R&) { return n.pressure_fixed ? 1.0 : 0.0; };
  if (name == "pressure_min_pa") return [](const N& n, const R&) { return n.pressure_min_pa; };
  if (name == "pressure_max_pa") return [](const N& n, const R&) { return n.pressure_max_pa; };
  return nullptr;
}

ElementGetter element_getter(const std::string& name) {
  using E = steady::ElementResult;
  if (name == "mass_flow_kg_per_s") return [](const E& e, const R&) { return e.mass_flow_kg_per_s; };
  if (name == "flow_1000m3_per_h")
    return [](const E& e, const R& r) {
      return units::kg_per_s_to_knm3_per_h(e.mass_flow_kg_per_s, r.normal_density_kg_per_m3);
    };
  if (name == "flow_nm3_per_h")
    return [](const E& e, const R& r) { return to_nm3_per_h(e.mass_flow_kg_per_s, r); };
  if (name == "flow_mmcfd") return [](const E& e, const R& r) { return to_mmcfd(e.mass_flow_kg_per_s, r); };
  if (name == "flow_energy_mw")
    return [](const E& e, const R& r) { return to_energy_mw(e.mass_flow_kg_per_s, r); };
  if (name == "pressure_ratio") return [](const E& e, const R&) { return e.pressure_ratio; };
  if (name == "velocity_from_m_per_s") return [](const E& e, const R&) { return e.velocity_from_m_per_s; };
  if (name == "velocity_to_m_per_s") return [](const E& e, const R&) { return e.velocity_to_m_per_s; };
  if (name == "velocity_mean_m_per_s") return [](const E& e, const R&) { return e.velocity_mean_m_per_s; };
  if (name == "friction_factor") return [](const E& e, const R&) { return e.friction_factor; };
  if (name == "shaft_power_w") return [](const E& e, const R&) { return e.shaft_power_w; };
  if (name == "fuel_kg_per_s") return [](const E& e, const R&) { return e.fuel_kg_per_s; };
  return nullptr;
}

/// Every column of the report's `nodes` or `elements` list that `skip` does not name, taken from
/// the JSON report itself: numbers (null -> NaN) as float64 arrays, booleans as bool arrays,
/// text as lists; a key that some rows lack is NaN (or None) there. Objects (a compressor's
/// `station` working point) are not columns: Result.stations has them.
py::dict json_columns(const steady::SteadyResult& r, const std::string& which,
                      const std::vector<std::string>& skip) {
  if (which != "nodes" && which != "elements")
    throw py::value_error("json_columns: expected 'nodes' or 'elements'");
  const nlohmann::json doc = io::result_to_json(r);
  const auto& rows = doc.at(which);
  std::vector<std::string> keys;
  for (const auto& row : rows)
    for (const auto& item : row.items())
      if (item.key() != "id" && !item.value().is_structured() &&  // station: Result.stations
          std::find(keys.begin(), keys.end(), item.key()) == keys.end() &&
          std::find(skip.begin(), skip.end(), item.key()) == skip.end())
        keys.push_back(item.key());
  py::dict out;
  for (const auto& key : keys) {
    bool all_bool = true, any_text = false;
    for (const auto& row : rows) {
      const auto it = row.find(key);
      if (it == row.end() || !it->is_boolean()) all_bool = false;
      if (it != row.end() && it->is_string()) any_text = true;
    }
    if (any_text) {
      py::list list;
      for (const auto& row : rows) {
        const auto it = row.find(key);
        if (it != row.end() && it->is_string()) list.append(it->get<std::string>());
        else list.append(py::none());
      }
      out[py::str(key)] = list;
    } else if (all_bool) {
      py::array_t<bool> a(static_cast<py::ssize_t>(rows.size()));
      for (std::size_t i = 0; i < rows.size(); ++i) a.mutable_data()[i] = rows[i].at(key).get<bool>();
      out[py::str(key)] = readonly(a);
    } else {
      py::array_t<double> a(static_cast<py::ssize_t>(rows.size()));
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto it = rows[i].find(key);
        a.mutable_data()[i] = (it != rows[i].end() && it->is_number())
                                  ? it->get<double>()
                                  : std::numeric_limits<double>::quiet_NaN();
      }
      out[py::str(key)] = readonly(a);
    }
  }
  return out;
}

/// One numeric column that only the JSON report has; KeyError if it has none of that name.
py::array json_column(const steady::SteadyResult& r, const std::string& which,
                      const std::string& name) {
  const py::dict cols = json_columns(r, which, {});
  if (!cols.contains(name) || py::isinstance<py::list>(cols[py::str(name)])) {
    std::string list;
    for (const auto& n : which == "nodes" ? node_column_names() : element_column_names())
      list += (list.empty() ? "" : ", ") + n;
    throw py::key_error("unknown " + std::string(which == "nodes" ? "node" : "element") +
                        " column '" + name + "' (expected one of: " + list + ")");
  }
  return cols[py::str(name)].cast<py::array>();
}

py::array node_column(const py::object& self, const std::string& name) {
  const auto& r = self.cast<const steady::SteadyResult&>();
  using N = steady::NodeResult;
  if (name == "pressure_pa") return view(self, r.nodes, &N::pressure_pa);
  if (name == "withdrawal_kg_per_s") return view(self, r.nodes, &N::withdrawal_kg_per_s);
  if (name == "pressure_fixed") return view(self, r.nodes, &N::pressure_fixed);
  if (name == "pressure_min_pa") return view(self, r.nodes, &N::pressure_min_pa);
  if (name == "pressure_max_pa") return view(self, r.nodes, &N::pressure_max_pa);
  if (auto g = node_getter(name)) return computed(r.nodes, [&](const N& n) { return g(n, r); });
  return json_column(r, "nodes", name);
}

py::array element_column(const py::object& self, const std::string& name) {
  const auto& r = self.cast<const steady::SteadyResult&>();
  using E = steady::ElementResult;
  if (name == "mass_flow_kg_per_s") return view(self, r.elements, &E::mass_flow_kg_per_s);
  if (name == "pressure_ratio") return view(self, r.elements, &E::pressure_ratio);
  if (name == "velocity_from_m_per_s") return view(self, r.elements, &E::velocity_from_m_per_s);
  if (name == "velocity_to_m_per_s") return view(self, r.elements, &E::velocity_to_m_per_s);
  if (name == "velocity_mean_m_per_s") return view(self, r.elements, &E::velocity_mean_m_per_s);
  if (name == "friction_factor") return view(self, r.elements, &E::friction_factor);
  if (name == "shaft_power_w") return view(self, r.elements, &E::shaft_power_w);
  if (name == "fuel_kg_per_s") return view(self, r.elements, &E::fuel_kg_per_s);
  if (auto g = element_getter(name))
    return computed(r.elements, [&](const E& e) { return g(e, r); });
  return json_column(r, "elements", name);
}

/// A CSV field: quoted when it holds a comma, quote or line break.
void put_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

/// One table of the chosen quantities: `id,kind,<node quantities>,<element quantities>`, a row
/// per node (kind "node", element columns empty) and per element (node columns empty).
/// Numbers in the shortest form that reads back to the same double.
std::string summary_csv(const steady::SteadyResult& r, const std::vector<std::string>& node_q,
                        const std::vector<std::string>& element_q) {
  std::vector<NodeGetter> ng;
  std::vector<ElementGetter> eg;
  for (const auto& q : node_q)
    if (!ng.emplace_back(node_getter(q)))
      throw py::key_error("summary_csv: node column '" + q + "' is not a computed column");
  for (const auto& q : element_q)
    if (!eg.emplace_back(element_getter(q)))
      throw py::key_error("summary_csv: element column '" + q + "' is not a computed column");
  std::string out = "id,kind";
  for (const auto& q : node_q) out.append(",").append(q);
  for (const auto& q : element_q) out.append(",").append(q);
  out += '\n';
  out.reserve(out.size() + (r.nodes.size() + r.elements.size()) * (24 + 20 * (ng.size() + eg.size())));
  for (const auto& n : r.nodes) {
    put_field(out, n.id);
    out += ",node";
    for (auto g : ng) fmt::format_to(std::back_inserter(out), ",{}", g(n, r));
    out.append(eg.size(), ',');
    out += '\n';
  }
  for (const auto& e : r.elements) {
    put_field(out, e.id);
    out += ',';
    out += e.kind;
    out.append(ng.size(), ',');
    for (auto g : eg) fmt::format_to(std::back_inserter(out), ",{}", g(e, r));
    out += '\n';
  }
  return out;
}

template <class Row, class F>
py::list strings(const std::vector<Row>& rows, F get) {
  py::list out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = py::str(get(rows[i]));
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "Private C++ core of the linepack package (pybind11). Use the `linepack` package instead.";

  // Class-level defaults, so that an InputError raised from Python has the attributes too.
  py::dict input_error_attrs("file"_a = "", "line"_a = 0, "element"_a = "");
  py::dict validation_error_attrs("problem"_a = "");
  input_error_type = PyErr_NewExceptionWithDoc(
      "linepack.InputError",
      "Invalid input: an unreadable or malformed file, an unknown key or unit, or an invalid "
      "model. str(e) is the library's message, as the command line prints it after "
      "'linepack: error: '. Attributes: file, line (1-based, 0 when unknown), element (node or "
      "element id, or '').",
      PyExc_ValueError, input_error_attrs.ptr());
  validation_error_type = PyErr_NewExceptionWithDoc(
      "linepack.ValidationError",
      "The model fails validation (model::validate): str(e) is \"'ELEMENT': PROBLEM\". "
      "Attributes: element, problem (and file '', line 0).",
      input_error_type, validation_error_attrs.ptr());
  m.attr("InputError") = py::reinterpret_borrow<py::object>(input_error_type);
  m.attr("ValidationError") = py::reinterpret_borrow<py::object>(validation_error_type);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const io::InputError& e) {
      raise_input_error(e);
    } catch (const model::ValidationError& e) {
      raise_validation_error(e);
    }
  });

  m.attr("ELEMENT_KINDS") = py::cast(element_kinds());
  m.attr("NODE_COLUMNS") = py::cast(node_column_names());
  m.attr("ELEMENT_COLUMNS") = py::cast(element_column_names());

  // ---- Model ----
  py::class_<Model>(m, "Model", R"doc(
A gas network with its scenario (boundary conditions and element controls), SI units.

Create one with linepack.read(...), Model.from_json(...) or Model() (empty, then add nodes and
elements). Copies are cheap (copy-on-write); edits never affect a copy or a running solve.
Models pickle (as native JSON text), so they can be sent to Dask workers.
)doc")
      .def(py::init([](const std::optional<std::string>& eos, const std::optional<py::dict>& gas,
                       const std::optional<double>& temperature_k) {
             Model m;
             if (eos) m.edit_network().physics.eos.kind = gas::parse_eos_kind(*eos);
             if (gas) set_gas(m, *gas);
             if (temperature_k) m.edit_network().physics.temperature_k = *temperature_k;
             return m;
           }),
           "eos"_a = py::none(), "gas"_a = py::none(), "temperature_k"_a = py::none(),
           "An empty model. The defaults are those of a native JSON model without `physics` "
           "(docs/model-format.md), which `linepack solve` uses too: eos 'ideal', the default "
           "gas, 288.15 K; pass eos='papay' (as the GasLib reader sets) or another law, and the "
           "gas properties (dict, see Model.gas), to model a real gas.")
      .def_static("from_json", &from_json_text, "text"_a, "source"_a = "",
                  "Builds a model from native JSON text (docs/model-format.md); `source` names "
                  "it in error messages. Raises InputError.")
      .def("to_json", [](const Model& self, int indent) {
             return io::to_json(self.loaded()).dump(indent);
           }, "indent"_a = -1, "The model (with its scenario) as native JSON text.")
      .def("save", [](const Model& self, const fs::path& path) {
             io::write_native_model(self.loaded(), path);
           }, "path"_a, "Writes the model as a native JSON file (as `linepack convert`).")
      .def("copy", [](const Model& self) { return Model(self); }, "A copy (cheap: copy-on-write).")
      .def("__copy__", [](const Model& self) { return Model(self); })
      .def("__deepcopy__", [](const Model& self, py::dict) { return Model(self); }, "memo"_a)
      .def(py::pickle(
          [](const Model& self) {
            return py::make_tuple(io::to_json(self.loaded()).dump(), self.source());
          },
          [](const py::tuple& t) {
            return from_json_text(t[0].cast<std::string>(), t[1].cast<std::string>());
          }))
      .def_property_readonly("source", &Model::source,
                             "The file or folder the model was read from ('' if built in code).")
      .def_property("name", [](const Model& self) { return self.network().name; },
                    [](Model& self, const std::string& v) { self.edit_network().name = v; },
                    "Network name.")
      .def_property(
          "eos", [](const Model& self) { return gas::to_string(self.network().physics.eos.kind); },
          [](Model& self, const std::string& v) {
            self.edit_network().physics.eos.kind = gas::parse_eos_kind(v);
          },
          "Equation of state: ideal, constant_z, linear_z, papay, simple_cnga, full_cnga.")
      .def_property(
          "gas", [](const Model& self) { return gas_dict(self.network().physics.gas); },
          [](Model& self, const py::dict& v) { set_gas(self, v); },
          "Gas properties (SI, unit in each key): molar_mass_kg_per_mol, dynamic_viscosity_pa_s, "
          "isentropic_exponent, pseudo_critical_pressure_pa, pseudo_critical_temperature_k, "
          "higher_heating_value_j_per_m3, normal_density_kg_per_m3 (0: from the molar mass). "
          "Setting a dict changes the keys it has (specific_gravity sets the molar mass); an "
          "unknown key raises KeyError.")
      .def_property(
          "friction",
          [](const Model& self) { return model::to_string(self.network().physics.friction); },
          [](Model& self, const std::string& v) {
            self.edit_network().physics.friction = model::parse_friction_law(v);
          },
          "Friction law: colebrook_white, nikuradse, hofer, swamee_jain, fixed.")
      .def_property(
          "temperature_k", [](const Model& self) { return self.network().physics.temperature_k; },
          [](Model& self, double v) { self.edit_network().physics.temperature_k = v; },
          "Gas temperature [K] (isothermal flow; with the energy equation, the default of the "
          "thermal temperatures).")
      .def_property(
          "thermal", [](const Model& self) { return thermal_dict(self.network().physics.thermal); },
          [](Model& self, const py::dict& v) { set_thermal(self, v); },
          "Energy-equation settings (docs/model-format.md, physics.thermal): energy_equation "
          "(bool, default False: isothermal), ground_temperature_k and supply_temperature_k "
          "(None: temperature_k), heat_transfer_coefficient_w_per_m2_k (default 2). Setting a "
          "dict changes the keys it has; an unknown key raises KeyError.")
      .def_property(
          "scenario_name", [](const Model& self) { return self.scenario().name; },
          [](Model& self, const std::string& v) { self.edit_scenario().name = v; },
          "Name of the scenario.")
      .def("info", &info, "Counts and settings: nodes, elements by kind, total pipe length, "
                          "gas law, boundaries, controls.")
      .def("node_ids", [](const Model& self) {
             std::vector<std::string> ids;
             for (const auto& n : self.network().nodes) ids.push_back(n.id);
             return ids;
           }, "Node ids in network order (the order of Result.nodes).")
      .def("element_ids", [](const Model& self, const std::optional<std::string>& kind) {
             if (kind && std::find(element_kinds().begin(), element_kinds().end(), *kind) ==
                             element_kinds().end())
               throw py::value_error("unknown element kind '" + *kind + "'");
             std::vector<std::string> ids;
             for_each_kind(self.network(), [&](const char* k, const auto& v) {
               if (!kind || *kind == k)
                 for (const auto& e : v) ids.push_back(e.id);
             });
             return ids;
           }, "kind"_a = py::none(),
           "Element ids, all kinds in the order pipe, short_pipe, resistor, valve, control_valve, "
           "compressor (the order of Result.elements), or of one kind.")
      .def("element_kind", [](const Model& self, const std::string& id) {
             auto k = kind_of(self.network(), id);
             if (!k) unknown_element(id);
             return *k;
           }, "id"_a, "The kind of element `id`; KeyError if there is none.")
      .def("has_node", [](const Model& self, const std::string& id) {
             return has_node(self.network(), id);
           }, "id"_a)
      .def("has_element", [](const Model& self, const std::string& id) {
             return kind_of(self.network(), id).has_value();
           }, "id"_a)
      // -- editing the network --
      .def("add_node", [](Model& self, const std::string& id, double elevation_m,
                          double pressure_min_pa, double pressure_max_pa, double x, double y) {
             if (has_node(self.network(), id))
               throw py::value_error("'" + id + "': the network already has a node with this id");
             model::Node n;
             n.id = id;
             n.elevation_m = elevation_m;
             n.pressure_min_pa = pressure_min_pa;
             n.pressure_max_pa = pressure_max_pa;
             n.x = x;
             n.y = y;
             self.edit_network().nodes.push_back(n);
           }, "id"_a, "elevation_m"_a = 0.0, "pressure_min_pa"_a = 0.0,
           "pressure_max_pa"_a = model::unbounded, "x"_a = 0.0, "y"_a = 0.0,
           "Adds a node (pressure bounds absolute, in Pa).")
      .def("set_node", [](Model& self, const std::string& id, std::optional<double> elevation_m,
                          std::optional<double> pressure_min_pa,
                          std::optional<double> pressure_max_pa,
                          std::optional<double> supply_temperature_k) {
             if (!has_node(self.network(), id))
               throw py::key_error("no node '" + id + "' in the network");
             for (auto& n : self.edit_network().nodes)
               if (n.id == id) {
                 if (elevation_m) n.elevation_m = *elevation_m;
                 if (pressure_min_pa) n.pressure_min_pa = *pressure_min_pa;
                 if (pressure_max_pa) n.pressure_max_pa = *pressure_max_pa;
                 if (supply_temperature_k) n.supply_temperature_k = *supply_temperature_k;
               }
           }, "id"_a, "elevation_m"_a = py::none(), "pressure_min_pa"_a = py::none(),
           "pressure_max_pa"_a = py::none(), "supply_temperature_k"_a = py::none(),
           "Changes the given fields of node `id` (supply_temperature_k: gas injected here, "
           "energy equation only).")
      .def("add_pipe", [](Model& self, const std::string& id, const std::string& from_node,
                          const std::string& to_node, double length_m, double diameter_m,
                          double roughness_m, std::optional<double> friction_factor,
                          double loss_coefficient) {
             check_new_element(self.network(), id);
             model::Pipe p;
             static_cast<model::Branch&>(p) = branch(id, from_node, to_node);
             p.length_m = length_m;
             p.diameter_m = diameter_m;
             p.roughness_m = roughness_m;
             p.friction_factor = friction_factor;
             p.loss_coefficient = loss_coefficient;
             self.edit_network().pipes.push_back(p);
           }, "id"_a, "from_node"_a, "to_node"_a, "length_m"_a, "diameter_m"_a,
           "roughness_m"_a = 0.0, "friction_factor"_a = py::none(), "loss_coefficient"_a = 0.0,
           "Adds a pipe (inner diameter, absolute roughness; a fixed Darcy `friction_factor` "
           "overrides the friction law).")
      .def("set_pipe", [](Model& self, const std::string& id, std::optional<double> length_m,
                          std::optional<double> diameter_m, std::optional<double> roughness_m,
                          std::optional<double> friction_factor,
                          std::optional<double> loss_coefficient,
                          std::optional<double> heat_transfer_coefficient_w_per_m2_k,
                          std::optional<double> ground_temperature_k) {
             const auto k = kind_of(self.network(), id);
             if (!k || *k != "pipe") throw py::key_error("no pipe '" + id + "' in the network");
             for (auto& p : self.edit_network().pipes)
               if (p.id == id) {
                 if (length_m) p.length_m = *length_m;
                 if (diameter_m) p.diameter_m = *diameter_m;
                 if (roughness_m) p.roughness_m = *roughness_m;
                 if (friction_factor) p.friction_factor = *friction_factor;
                 if (loss_coefficient) p.loss_coefficient = *loss_coefficient;
                 if (heat_transfer_coefficient_w_per_m2_k)
                   p.heat_transfer_coefficient_w_per_m2_k = *heat_transfer_coefficient_w_per_m2_k;
                 if (ground_temperature_k) p.ground_temperature_k = *ground_temperature_k;
               }
           }, "id"_a, "length_m"_a = py::none(), "diameter_m"_a = py::none(),
           "roughness_m"_a = py::none(), "friction_factor"_a = py::none(),
           "loss_coefficient"_a = py::none(), "heat_transfer_coefficient_w_per_m2_k"_a = py::none(),
           "ground_temperature_k"_a = py::none(),
           "Changes the given fields of pipe `id` (the thermal ones override physics.thermal).")
      .def("add_short_pipe", [](Model& self, const std::string& id, const std::string& from_node,
                                const std::string& to_node) {
             check_new_element(self.network(), id);
             model::ShortPipe s;
             static_cast<model::Branch&>(s) = branch(id, from_node, to_node);
             self.edit_network().short_pipes.push_back(s);
           }, "id"_a, "from_node"_a, "to_node"_a, "Adds a lossless connection.")
      .def("add_resistor", [](Model& self, const std::string& id, const std::string& from_node,
                              const std::string& to_node, double drag_factor, double diameter_m,
                              std::optional<double> pressure_loss_pa) {
             check_new_element(self.network(), id);
             model::Resistor r;
             static_cast<model::Branch&>(r) = branch(id, from_node, to_node);
             r.drag_factor = drag_factor;
             r.diameter_m = diameter_m;
             r.pressure_loss_pa = pressure_loss_pa;
             self.edit_network().resistors.push_back(r);
           }, "id"_a, "from_node"_a, "to_node"_a, "drag_factor"_a = 0.0, "diameter_m"_a = 0.0,
           "pressure_loss_pa"_a = py::none(),
           "Adds a resistor: drag factor and diameter, or a fixed pressure loss [Pa].")
      .def("add_valve", [](Model& self, const std::string& id, const std::string& from_node,
                           const std::string& to_node, bool open) {
             check_new_element(self.network(), id);
             model::Valve v;
             static_cast<model::Branch&>(v) = branch(id, from_node, to_node);
             v.open = open;
             self.edit_network().valves.push_back(v);
           }, "id"_a, "from_node"_a, "to_node"_a, "open"_a = true, "Adds a valve.")
      .def("add_control_valve", [](Model& self, const std::string& id,
                                   const std::string& from_node, const std::string& to_node,
                                   const std::string& state, double outlet_pressure_pa,
                                   double pressure_in_min_pa, double pressure_out_max_pa,
                                   double pressure_drop_min_pa, double pressure_drop_max_pa,
                                   bool has_bypass) {
             check_new_element(self.network(), id);
             model::ControlValve v;
             static_cast<model::Branch&>(v) = branch(id, from_node, to_node);
             v.state = io::parse_control_state(state);
             v.outlet_pressure_pa = outlet_pressure_pa;
             v.pressure_in_min_pa = pressure_in_min_pa;
             v.pressure_out_max_pa = pressure_out_max_pa;
             v.pressure_drop_min_pa = pressure_drop_min_pa;
             v.pressure_drop_max_pa = pressure_drop_max_pa;
             v.has_bypass = has_bypass;
             self.edit_network().control_valves.push_back(v);
           }, "id"_a, "from_node"_a, "to_node"_a, "state"_a = "bypass",
           "outlet_pressure_pa"_a = 0.0, "pressure_in_min_pa"_a = 0.0,
           "pressure_out_max_pa"_a = model::unbounded, "pressure_drop_min_pa"_a = 0.0,
           "pressure_drop_max_pa"_a = model::unbounded, "has_bypass"_a = true,
           "Adds a pressure regulator (state active, bypass or closed). Without a bypass of its "
           "own (has_bypass False) gas passes it forward only, with at least "
           "pressure_drop_min_pa.")
      .def("add_compressor", [](Model& self, const std::string& id, const std::string& from_node,
                                const std::string& to_node, const std::string& state,
                                const std::string& mode, double setpoint, double ratio_max,
                                double pressure_in_min_pa, double pressure_out_max_pa,
                                double power_max_w, double flow_max_kg_per_s, double efficiency,
                                bool polytropic, double driver_efficiency, bool has_bypass) {
             check_new_element(self.network(), id);
             model::Compressor c;
             static_cast<model::Branch&>(c) = branch(id, from_node, to_node);
             c.state = io::parse_control_state(state);
             c.mode = io::parse_compressor_mode(mode);
             c.setpoint = setpoint;
             c.ratio_max = ratio_max;
             c.pressure_in_min_pa = pressure_in_min_pa;
             c.pressure_out_max_pa = pressure_out_max_pa;
             c.power_max_w = power_max_w;
             c.flow_max_kg_per_s = flow_max_kg_per_s;
             c.efficiency = efficiency;
             c.polytropic = polytropic;
             c.driver_efficiency = driver_efficiency;
             c.has_bypass = has_bypass;
             self.edit_network().compressors.push_back(c);
           }, "id"_a, "from_node"_a, "to_node"_a, "state"_a = "bypass", "mode"_a = "pressure_ratio",
           "setpoint"_a = 1.0, "ratio_max"_a = model::unbounded, "pressure_in_min_pa"_a = 0.0,
           "pressure_out_max_pa"_a = model::unbounded, "power_max_w"_a = model::unbounded,
           "flow_max_kg_per_s"_a = model::unbounded, "efficiency"_a = 0.82,
           "polytropic"_a = false, "driver_efficiency"_a = 0.35, "has_bypass"_a = true,
           "Adds a compressor station (mode pressure_ratio, outlet_pressure [Pa] or throughput "
           "[kg/s]). Without a bypass of its own (has_bypass False), bypassed, it passes gas "
           "forward only.")
      .def("set_cooler", [](Model& self, const std::string& id,
                            std::optional<double> outlet_temperature_k,
                            std::optional<double> duty_max_w,
                            std::optional<double> discharge_temperature_max_k) {
             const auto k = kind_of(self.network(), id);
             if (!k || *k != "compressor")
               throw py::key_error("no compressor '" + id + "' in the network");
             for (auto& c : self.edit_network().compressors)
               if (c.id == id) {
                 if (outlet_temperature_k) c.cooler_outlet_temperature_k = *outlet_temperature_k;
                 if (duty_max_w) c.cooler_duty_max_w = *duty_max_w;
                 if (discharge_temperature_max_k)
                   c.discharge_temperature_max_k = *discharge_temperature_max_k;
               }
           }, "id"_a, "outlet_temperature_k"_a = py::none(), "duty_max_w"_a = py::none(),
           "discharge_temperature_max_k"_a = py::none(),
           "Sets the aftercooler of compressor `id` (outlet temperature setpoint [K], duty limit "
           "[W]) and its discharge-temperature limit [K]; energy equation only.")
      .def("remove_element", &remove_element, "id"_a,
           "Removes element `id` (and any scenario control for it). KeyError if there is none.")
      .def("close_element", &close_element, "id"_a,
           "Takes element `id` out of service: a valve, control valve or compressor gets a "
           "'closed' control; a pipe, short pipe or resistor is replaced by a closed valve with "
           "the same id and end nodes. KeyError if there is none.")
      // -- editing the scenario --
      .def("set_control", &set_control, "element"_a, "state"_a = "active", "mode"_a = py::none(),
           "setpoint"_a = py::none(),
           "Sets the control of a valve, control valve or compressor (replacing any control for "
           "the same element), as a controls file does: state active, bypass or closed; mode "
           "pressure_ratio, outlet_pressure or throughput (compressors); setpoint: ratio, Pa or "
           "kg/s by mode (compressor), outlet Pa (control valve). Without mode/setpoint the "
           "element keeps its own.")
      .def("remove_control", [](Model& self, const std::string& element) {
             auto& c = self.edit_scenario().controls;
             c.erase(std::remove_if(c.begin(), c.end(),
                                    [&](const auto& x) { return x.element == element; }),
                     c.end());
           }, "element"_a, "Drops the scenario's control for `element`, if any.")
      .def("set_boundary", &set_boundary, "node"_a, "kind"_a, "value"_a,
           "Sets the boundary condition of `node` (replacing any for the same node): kind "
           "'pressure' (value in Pa, absolute) or 'flow' (kg/s, withdrawal > 0, supply < 0).")
      .def("remove_boundary", [](Model& self, const std::string& node) {
             auto& b = self.edit_scenario().boundaries;
             b.erase(std::remove_if(b.begin(), b.end(),
                                    [&](const auto& x) { return x.node == node; }),
                     b.end());
           }, "node"_a, "Drops the boundary condition of `node`, if any (the node then has zero "
                        "net withdrawal).")
      .def("clear_scenario", [](Model& self) { self.replace_scenario({}); },
           "Removes every boundary condition and control.")
      .def_property_readonly("boundaries", [](const Model& self) {
             py::list out;
             for (const auto& b : self.scenario().boundaries)
               out.append(py::make_tuple(b.node, to_string(b.kind), b.value));
             return out;
           }, "The scenario's boundary conditions as (node, kind, value) tuples.")
      .def_property_readonly("controls", [](const Model& self) {
             py::list out;
             for (const auto& c : self.scenario().controls) {
               py::dict d("element"_a = c.element, "state"_a = io::to_string(c.state));
               d["mode"] = c.mode ? py::object(py::str(io::to_string(*c.mode))) : py::none();
               d["setpoint"] = c.setpoint ? py::object(py::float_(*c.setpoint)) : py::none();
               out.append(d);
             }
             return out;
           }, "The scenario's element controls as dicts (element, state, mode, setpoint).")
      .def("load_scenario", &load_scenario, "path"_a,
           "Loads a scenario file: a GasLib nomination (.scn) replaces the scenario (read for "
           "this network, as `linepack solve --scenario`); a controls file (.json) is merged "
           "into it (as `--controls`). Raises InputError.")
      .def("validate", [](const Model& self) {
             auto net = self.network_ptr();
             auto scn = self.scenario_ptr();
             py::gil_scoped_release release;
             if (scn->boundaries.empty()) {
               model::validate(*net);
               (void)model::apply_controls(*net, *scn);
             } else {
               model::validate(*net, *scn);
             }
           }, "Checks the model as the solver does; raises ValidationError.")
      .def("__repr__", [](const Model& self) {
             const auto& n = self.network();
             return fmt::format("<linepack.Model '{}': {} nodes, {} elements, {} boundaries, "
                                "{} controls>",
                                n.name, n.nodes.size(), n.element_count(),
                                self.scenario().boundaries.size(), self.scenario().controls.size());
           });

  m.def("read", &read_file, "path"_a, "scenario"_a = py::none(),
        "Reads a model: GasLib .net (with an optional .scn nomination), native .json, or a LANL "
        "GasSteadySim case folder. Raises InputError.");
  m.def("simulate", &simulate, "model"_a, "schedule"_a = py::none(), "duration_s"_a, "dt_s"_a,
        "dx_m"_a, "output_interval_s"_a = py::none(), "scheme"_a = "tr_bdf2", "inertia"_a = true,
        "withdraw_fuel"_a = false, "on_progress"_a = py::none(),
        "Transient run (as linepack transient); the GIL is released during the run. Every 0.2 s "
        "on_progress(time_s, end_time_s) is called and Ctrl-C is checked: it stops the run, "
        "status 'interrupted', with the rows so far.");
  m.def("validate",
        [](const Model& m, const std::string& objective, double time_limit_s,
           const std::string& station_model, const std::optional<std::string>& combined_decisions,
           int indent) {
          validation::ValidationOptions options;
          options.objective = validation::parse_objective(objective);
          if (!(time_limit_s > 0.0))
            throw std::invalid_argument("time_limit_s must be positive");
          options.time_limit_s = time_limit_s;
          if (station_model != "maps" && station_model != "box")
            throw std::invalid_argument("station_model must be 'maps' or 'box', got '" +
                                        station_model + "'");
          options.station_maps = station_model == "maps";
          const std::shared_ptr<const model::Network> net = m.network_ptr();
          const std::shared_ptr<const model::Scenario> scn = m.scenario_ptr();
          if (combined_decisions)
            options.combined_decisions = std::make_shared<const validation::CombinedDecisions>(
                io::read_gaslib_cdf(*combined_decisions, *net));
          validation::ValidationResult r;
          {
            py::gil_scoped_release release;
            r = validation::validate_nomination(*net, *scn, options);
          }
          return io::validation_to_json(r).dump(indent);
        },
        "model"_a, "objective"_a = "none", "time_limit_s"_a = 60.0, "station_model"_a = "maps",
        "combined_decisions"_a = py::none(), "indent"_a = -1,
        "Validates the model's nomination (as linepack validate); returns the result JSON text. "
        "combined_decisions: a GasLib .cdf file the control must keep (read against the model's "
        "network; InputError when bad); indent: as json.dumps (-1: compact; 1: the text of "
        "`linepack validate -o`, without its final line break). The GIL is released meanwhile.");
  m.def("read_combined_decisions",
        [](const Model& m, const std::string& file) {
          const auto c = io::read_gaslib_cdf(file, *m.network_ptr());
          return py::dict("groups"_a = c.groups.size(), "decisions"_a = c.decision_count());
        },
        "model"_a, "file"_a,
        "Reads a GasLib .cdf against the model's network (InputError naming the file, decision "
        "group and element when bad); returns the counts of groups and decisions.");
  m.def("validation_input_key",
        [](const std::string& net_file, const std::string& nomination_file,
           const std::string& objective, double time_limit_s, const std::string& station_model,
           const std::optional<std::string>& combined_decisions) {
          std::optional<std::filesystem::path> cdf;
          if (combined_decisions) cdf = *combined_decisions;
          return io::validation_input_key(
              io::validation_base_key(net_file, cdf, objective, time_limit_s, station_model),
              io::read_text_file(nomination_file));
        },
        "net_file"_a, "nomination_file"_a, "objective"_a, "time_limit_s"_a, "station_model"_a,
        "combined_decisions"_a = py::none(),
        "The resume key of one nomination's validation in an output folder of `linepack validate "
        "--scenarios` (io/validation_batch.hpp: the network, its .cs, the .cdf used, the options "
        "and the nomination file hashed), 16 hex digits.");
  m.def("combined_decisions_file",
        [](const std::string& net_file, const std::optional<std::string>& explicit_file,
           bool ignore) -> std::optional<std::string> {
          std::optional<std::filesystem::path> given;
          if (explicit_file) given = *explicit_file;
          const auto f = io::combined_decisions_file(net_file, given, ignore);
          if (!f) return std::nullopt;
          return f->string();
        },
        "net_file"_a, "explicit_file"_a = py::none(), "ignore"_a = false,
        "The .cdf a validation of net_file uses, as linepack validate picks it (explicit file, "
        "none when ignore, else NET.cdf beside a .net when present), or None.");
  m.def("read_validation_status",
        [](const std::string& file) {
          py::list out;
          for (const auto& [name, r] : io::read_validation_status(file))
            out.append(py::dict("nomination"_a = r.name, "verdict"_a = r.verdict,
                                "time_ms"_a = r.time_ms, "input_key"_a = r.key,
                                "message"_a = r.message));
          return out;
        },
        "file"_a,
        "Rows of an earlier status.csv of `linepack validate --scenarios` (the last row of a "
        "name wins; unparsable rows left out), as dicts with the table's columns.");
  m.def("validation_status_csv",
        [](const std::vector<std::tuple<std::string, std::string, double, std::string, std::string>>& rows) {
          std::vector<io::ValidationStatusRow> r;
          r.reserve(rows.size());
          for (const auto& [name, verdict, time_ms, key, message] : rows)
            r.push_back({name, verdict, message, key, time_ms});
          return io::validation_status_csv(r);
        },
        "rows"_a,
        "status.csv of `linepack validate --scenarios` (header and rows) from tuples "
        "(nomination, verdict, time_ms, input_key, message).");
  m.def("solve", &solve, "model"_a, "eos"_a = py::none(), "friction"_a = py::none(),
        "tolerance"_a = py::none(), "max_iterations"_a = py::none(), "trace"_a = false,
        "setpoints_only"_a = false, "withdraw_fuel"_a = false, "map_limits"_a = py::none(),
        "start"_a = py::none(), "Solves the steady state; the GIL is released during the solve.");

  // ---- Planning (docs/planning.md): pipe walls and the capital recovery factor ----
  m.def("pipe_wall_thickness_m",
        [](double pressure_pa, double outside_diameter_m, const std::string& grade,
           double design_factor, double joint_factor, double temperature_factor) {
          return design::b318_wall_thickness_m(pressure_pa, outside_diameter_m, design::steel_grade(grade),
                                               {design_factor, joint_factor, temperature_factor});
        },
        "pressure_pa"_a, "outside_diameter_m"_a, "grade"_a = "X70", "design_factor"_a = 0.72,
        "joint_factor"_a = 1.0, "temperature_factor"_a = 1.0,
        "ASME B31.8 pressure wall t = P D / (2 S F E T), P gauge; raises ValueError for a factor "
        "outside (0, 1] or an unknown API 5L grade.");
  m.def("pipe_max_pressure_pa",
        [](double wall_m, double outside_diameter_m, const std::string& grade, double design_factor,
           double joint_factor, double temperature_factor) {
          return design::b318_max_pressure_pa(wall_m, outside_diameter_m, design::steel_grade(grade),
                                              {design_factor, joint_factor, temperature_factor});
        },
        "wall_m"_a, "outside_diameter_m"_a, "grade"_a = "X70", "design_factor"_a = 0.72,
        "joint_factor"_a = 1.0, "temperature_factor"_a = 1.0,
        "The gauge pressure a wall allows under ASME B31.8 (the inverse of pipe_wall_thickness_m).");
  m.def("capital_recovery_factor", &design::capital_recovery_factor, "rate"_a, "years"_a,
        "r (1+r)^n / ((1+r)^n - 1): the yearly payment that repays 1 over n years at rate r.");

  // ---- SteadyResult ----
  py::class_<steady::SteadyResult, ResultPtr>(m, "SteadyResult",
                                                "The C++ result of one steady solve (SI units).")
      .def_property_readonly("status", [](const steady::SteadyResult& r) {
        return steady::to_string(r.status);
      })
      .def_readonly("iterations", &steady::SteadyResult::iterations)
      .def_readonly("control_rounds", &steady::SteadyResult::control_rounds)
      .def_readonly("newton_iterations_total", &steady::SteadyResult::newton_iterations_total)
      .def_readonly("residual_norm", &steady::SteadyResult::residual_norm)
      .def_readonly("message", &steady::SteadyResult::message)
      .def_readonly("solve_time_s", &steady::SteadyResult::solve_time_s)
      .def_property_readonly("totals", [](const steady::SteadyResult& r) {
        // From the report itself, so that it has every total the CLI writes.
        py::dict out;
        const nlohmann::json doc = io::result_to_json(r);
        for (const auto& item : doc.at("totals").items())
          out[py::str(item.key())] = item.value().is_number()
                                          ? item.value().get<double>()
                                          : std::numeric_limits<double>::quiet_NaN();
        return out;
      }, "The report's totals (supply, withdrawal, compressor power and fuel, ...).")
      .def_readonly("supply_kg_per_s", &steady::SteadyResult::total_supply_kg_per_s)
      .def_readonly("compressor_power_w", &steady::SteadyResult::total_compressor_power_w)
      .def_property_readonly("violation_count",
                             [](const steady::SteadyResult& r) { return r.violations.size(); })
      .def_property_readonly("node_count", [](const steady::SteadyResult& r) { return r.nodes.size(); })
      .def_property_readonly("element_count",
                             [](const steady::SteadyResult& r) { return r.elements.size(); })
      .def("node_ids", [](const steady::SteadyResult& r) {
        return strings(r.nodes, [](const auto& n) -> const std::string& { return n.id; });
      })
      .def("element_strings", [](const steady::SteadyResult& r, const std::string& what) {
             using E = steady::ElementResult;
             if (what == "id") return strings(r.elements, [](const E& e) -> const std::string& { return e.id; });
             if (what == "kind") return strings(r.elements, [](const E& e) -> const std::string& { return e.kind; });
             if (what == "from") return strings(r.elements, [](const E& e) -> const std::string& { return e.from; });
             if (what == "to") return strings(r.elements, [](const E& e) -> const std::string& { return e.to; });
             throw py::key_error("unknown element text column '" + what + "' (expected id, kind, from, to)");
           }, "what"_a, "Element ids, kinds, from- or to-nodes ('id', 'kind', 'from', 'to').")
      .def("node_column", &node_column, "name"_a,
           "A node column as a read-only numpy array: a view without copy for stored values, a "
           "new array for derived ones (pressure_bar, withdrawal_1000m3_per_h).")
      .def("element_column", &element_column, "name"_a,
           "An element column as a read-only numpy array (a view without copy, except "
           "flow_1000m3_per_h).")
      .def("violations", [](const steady::SteadyResult& r) {
        py::list out;
        for (const auto& v : r.violations) out.append(py::make_tuple(v.id, v.what, v.value, v.limit));
        return out;
      }, "(id, what, value, limit) tuples.")
      .def("stations_json", [](const steady::SteadyResult& r) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& e : r.elements)
          if (e.station) out[e.id] = io::station_working_point_json(*e.station);
        return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }, "Working points of the stations with a map as JSON text, by compressor id.")
      .def("worst_equations", [](const steady::SteadyResult& r) {
        py::list out;
        for (const auto& w : r.worst_equations) out.append(py::make_tuple(w.id, w.kind, w.residual));
        return out;
      }, "(id, equation, residual) tuples; only when not converged.")
      .def_property_readonly("certificate", [](const steady::SteadyResult& r) -> py::object {
        if (!r.certificate) return py::none();
        const auto& c = *r.certificate;
        py::dict out;
        out["reason"] = c.reason;
        out["explanation"] = c.explanation;
        out["nodes"] = c.nodes;
        out["negative_node_count"] = c.negative_node_count;
        out["lowest_pressure_pa"] = c.lowest_pressure_pa;
        out["path"] = c.path;
        return out;
      }, "The proof of infeasibility (dict: reason, explanation, nodes, negative_node_count, "
         "lowest_pressure_pa, path) when the status is 'infeasible', else None.")
      .def("json_text", [](const steady::SteadyResult& r) {
        return io::result_to_json(r).dump(1) + "\n";
      }, "The JSON report, exactly as `linepack solve -o` writes it.")
      .def("write_json", [](const steady::SteadyResult& r, const fs::path& path) {
        io::write_result_json(r, path);
      }, "path"_a, "Writes the JSON report (atomically), as `linepack solve -o`.")
      .def("write_csv", [](const steady::SteadyResult& r, const fs::path& prefix) {
        io::write_result_csv(r, prefix);
      }, "prefix"_a, "Writes PREFIX.nodes.csv and PREFIX.elements.csv, as `linepack solve --csv`.")
      .def("json_columns", &json_columns, "which"_a, "skip"_a = std::vector<std::string>{},
           "Columns of the report's 'nodes' or 'elements' list, from the JSON report itself "
           "(every key but id and those in `skip`).")
      .def("summary_csv", &summary_csv, "node_quantities"_a, "element_quantities"_a,
           "The chosen columns as one CSV table (id, kind, node columns, element columns), "
           "numbers in their shortest exact form.");
}
