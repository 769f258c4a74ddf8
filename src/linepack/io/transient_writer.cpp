#include "linepack/io/transient_writer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "linepack/io/atomic_file.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/io/native_json.hpp"

namespace linepack::io {
namespace {

namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

constexpr const char* state_format = "linepack-transient-state";

void append_number(std::string& line, double v) {
  line += ',';
  if (std::isfinite(v)) fmt::format_to(std::back_inserter(line), "{:.12g}", v);
}

/// Element ids in topology order (pipes, short pipes, resistors, valves, control valves,
/// compressors), as the snapshot's element flows.
std::vector<std::string> element_ids(const model::Network& n) {
  std::vector<std::string> ids;
  for (const auto& e : n.pipes) ids.push_back(e.id);
  for (const auto& e : n.short_pipes) ids.push_back(e.id);
  for (const auto& e : n.resistors) ids.push_back(e.id);
  for (const auto& e : n.valves) ids.push_back(e.id);
  for (const auto& e : n.control_valves) ids.push_back(e.id);
  for (const auto& e : n.compressors) ids.push_back(e.id);
  return ids;
}

/// a + w (b - a), elementwise, into out (sizes equal).
void lerp(const std::vector<double>& a, const std::vector<double>& b, double w,
          std::vector<double>& out) {
  out.resize(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i] + w * (b[i] - a[i]);
}

}  // namespace

TransientWriter::TransientWriter(const fs::path& outdir, const transient::Simulator& sim,
                                 std::vector<double> profile_times_s)
    : outdir_(outdir), profile_times_(std::move(profile_times_s)) {
  std::error_code ec;
  fs::create_directories(outdir_, ec);
  if (ec || !fs::is_directory(outdir_))
    throw InputError(outdir_, 0, "", "cannot create the output folder: " + ec.message());
  std::sort(profile_times_.begin(), profile_times_.end());
  const auto& n = sim.network();
  nodes_ = &open("nodes.csv");
  nodes_->out << "time_s";
  for (const auto& node : n.nodes) nodes_->out << ',' << node.id;
  nodes_->out << '\n';
  elements_ = &open("elements.csv");
  elements_->out << "time_s";
  for (const auto& id : element_ids(n)) elements_->out << ',' << id;
  elements_->out << '\n';
  linepack_ = &open("linepack.csv");
  linepack_->out << "time_s,linepack_kg,supply_kg_per_s,withdrawal_kg_per_s,net_inflow_cumulative_kg";
  for (const auto& p : n.pipes) linepack_->out << ',' << p.id;
  linepack_->out << '\n';
  if (!n.compressors.empty()) {
    compressors_ = &open("compressors.csv");
    compressors_->out << "time_s";
    for (const auto& c : n.compressors)
      compressors_->out << ',' << c.id << ":shaft_power_w," << c.id << ":fuel_kg_per_s";
    fuel_withdrawn_ = sim.options().withdraw_fuel;
    if (fuel_withdrawn_)
      for (const auto& c : n.compressors) compressors_->out << ',' << c.id << ":fuel_withdrawn_kg_per_s";
    compressors_->out << '\n';
  }
  if (sim.quality()) {
    quality_nodes_ = sim.boundary_nodes();
    quality_ = &open("quality.csv");
    quality_->out << "time_s";
    for (std::size_t i : quality_nodes_) {
      const auto& id = n.nodes[i].id;
      quality_->out << ',' << id << ":gross_cv_j_per_m3," << id << ":wobbe_j_per_m3," << id
                    << ":relative_density," << id << ":energy_flow_w";
    }
    quality_->out << '\n';
  }
  if (sim.energy()) {
    temperatures_ = &open("temperatures.csv");
    temperatures_->out << "time_s";
    for (const auto& node : n.nodes) temperatures_->out << ',' << node.id;
    temperatures_->out << '\n';
  }
  if (!n.control_valves.empty() || !n.compressors.empty()) {
    controls_ = &open("controls.csv");
    controls_->out << "time_s";
    for (const auto& c : n.control_valves) controls_->out << ',' << c.id << ":mode," << c.id << ":binding_limit";
    for (const auto& c : n.compressors) controls_->out << ',' << c.id << ":mode," << c.id << ":binding_limit";
    controls_->out << '\n';
  }
  if (!profile_times_.empty()) {
    profiles_ = &open("profiles.csv");
    profiles_->out << "time_s,pipe,x_m,pressure_pa,mass_flow_kg_per_s\n";
  }
  next_output_ = sim.time();
}

TransientWriter::~TransientWriter() {
  if (!finished_) abandon();
}

TransientWriter::File& TransientWriter::open(const std::string& name) {
  auto f = std::make_unique<File>();
  f->path = outdir_ / name;
  fs::path tmp = f->path;
  tmp += ".partial";
  f->out.open(tmp, std::ios::binary | std::ios::trunc);
  if (!f->out) throw InputError(f->path, 0, "", "cannot open for writing");
  files_.push_back(std::move(f));
  return *files_.back();
}

void TransientWriter::write_row(const transient::Snapshot& s) {
  line_.clear();
  fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
  for (double p : s.node_pressure_pa) append_number(line_, p);
  line_ += '\n';
  nodes_->out << line_;
  line_.clear();
  fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
  for (double q : s.element_flow_kg_per_s) append_number(line_, q);
  line_ += '\n';
  elements_->out << line_;
  line_.clear();
  fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
  append_number(line_, s.linepack_kg);
  append_number(line_, s.supply_kg_per_s);
  append_number(line_, s.withdrawal_kg_per_s);
  append_number(line_, s.net_inflow_cumulative_kg);
  for (double m : s.pipe_linepack_kg) append_number(line_, m);
  line_ += '\n';
  linepack_->out << line_;
  if (compressors_) {
    line_.clear();
    fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
    for (std::size_t c = 0; c < s.compressor_power_w.size(); ++c) {
      append_number(line_, s.compressor_power_w[c]);
      append_number(line_, s.compressor_fuel_kg_per_s[c]);
    }
    if (fuel_withdrawn_)
      for (double f : s.compressor_fuel_withdrawn_kg_per_s) append_number(line_, f);
    line_ += '\n';
    compressors_->out << line_;
  }
  if (quality_) {
    line_.clear();
    fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
    for (std::size_t i : quality_nodes_) {
      append_number(line_, s.node_gross_cv_j_per_m3[i]);
      append_number(line_, s.node_wobbe_j_per_m3[i]);
      append_number(line_, s.node_relative_density[i]);
      append_number(line_, s.node_energy_flow_w[i]);
    }
    line_ += '\n';
    quality_->out << line_;
  }
  if (temperatures_) {
    line_.clear();
    fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
    for (double t : s.node_temperature_k) append_number(line_, t);
    line_ += '\n';
    temperatures_->out << line_;
  }
  if (controls_) {
    line_.clear();
    fmt::format_to(std::back_inserter(line_), "{:.12g}", s.time_s);
    for (std::size_t k = 0; k < s.control_mode.size(); ++k)
      fmt::format_to(std::back_inserter(line_), ",{},{}", s.control_mode[k], s.binding_limit[k]);
    line_ += '\n';
    controls_->out << line_;
  }
  ++rows_;
}

void TransientWriter::observe(const transient::Simulator& sim, double interval) {
  const auto& now = sim.snapshot();
  const double eps = 1e-9 * std::max(1.0, interval);
  if (!have_previous_) {
    // The start: one row at the start time.
    write_row(now);
    next_output_ = now.time_s + interval;
  } else {
    while (interval > 0.0 && next_output_ <= now.time_s + eps) {
      if (std::abs(next_output_ - now.time_s) <= eps) {
        write_row(now);
      } else {
        // Between two step ends: linear interpolation (flows and powers: the step's values).
        const double w = (next_output_ - previous_.time_s) / (now.time_s - previous_.time_s);
        auto& s = interpolated_;
        s = now;
        s.time_s = next_output_;
        lerp(previous_.node_pressure_pa, now.node_pressure_pa, w, s.node_pressure_pa);
        lerp(previous_.pipe_linepack_kg, now.pipe_linepack_kg, w, s.pipe_linepack_kg);
        lerp(previous_.node_gross_cv_j_per_m3, now.node_gross_cv_j_per_m3, w,
             s.node_gross_cv_j_per_m3);
        lerp(previous_.node_temperature_k, now.node_temperature_k, w, s.node_temperature_k);
        lerp(previous_.node_wobbe_j_per_m3, now.node_wobbe_j_per_m3, w, s.node_wobbe_j_per_m3);
        lerp(previous_.node_relative_density, now.node_relative_density, w,
             s.node_relative_density);
        s.linepack_kg = previous_.linepack_kg + w * (now.linepack_kg - previous_.linepack_kg);
        s.net_inflow_cumulative_kg =
            previous_.net_inflow_cumulative_kg +
            w * (now.net_inflow_cumulative_kg - previous_.net_inflow_cumulative_kg);
        write_row(s);
      }
      if (!(next_output_ + interval > next_output_))  // checked by the CLI; never loop forever
        throw std::runtime_error(fmt::format("output interval {} s is lost to rounding at t = {} s",
                                             interval, next_output_));
      next_output_ += interval;
    }
    if (interval <= 0.0) write_row(now);  // every step
  }
  // Profiles due at or before now (the state at the first step end at or after each time).
  if (profiles_) {
    std::vector<double> x, p, q;
    while (next_profile_ < profile_times_.size() && profile_times_[next_profile_] <= now.time_s + eps) {
      for (std::size_t k = 0; k < sim.network().pipes.size(); ++k) {
        sim.pipe_profile(k, x, p, q);
        for (std::size_t j = 0; j < x.size(); ++j) {
          line_.clear();
          fmt::format_to(std::back_inserter(line_), "{:.12g},{},{:.12g},{:.12g},{:.12g}\n",
                         now.time_s, sim.network().pipes[k].id, x[j], p[j], q[j]);
          profiles_->out << line_;
        }
      }
      ++next_profile_;
    }
  }
  previous_ = now;
  have_previous_ = true;
}

void TransientWriter::finish(const ojson& summary, const transient::Simulator& sim) {
  try {
    write_file_atomically(outdir_ / "final_state.json", transient_state_json(sim).dump(1) + "\n");
  } catch (const std::runtime_error& e) {
    throw InputError(outdir_ / "final_state.json", 0, "", e.what());
  }
  for (auto& f : files_) {
    f->out.flush();
    const bool ok = static_cast<bool>(f->out);
    f->out.close();
    fs::path tmp = f->path;
    tmp += ".partial";
    if (!ok) throw InputError(f->path, 0, "", "write failed");
    std::error_code ec;
    fs::rename(tmp, f->path, ec);
    if (ec) throw InputError(f->path, 0, "", "cannot replace file: " + ec.message());
  }
  try {
    write_file_atomically(outdir_ / "summary.json", summary.dump(2) + "\n");
  } catch (const std::runtime_error& e) {
    throw InputError(outdir_ / "summary.json", 0, "", e.what());
  }
  finished_ = true;
}

void TransientWriter::abandon() {
  for (auto& f : files_) {
    if (f->out.is_open()) f->out.close();
    fs::path tmp = f->path;
    tmp += ".partial";
    std::error_code ec;
    fs::remove(tmp, ec);
  }
  finished_ = true;
}

ojson transient_state_json(const transient::Simulator& sim) {
  const auto& eq = sim.equations();
  const auto& n = sim.network();
  const auto x = sim.state();
  ojson doc;
  doc["format"] = state_format;
  doc["version"] = 1;
  doc["network"] = n.name;
  doc["time_s"] = sim.time();
  doc["dx_m"] = sim.options().dx_m;
  ojson nodes = ojson::object();
  for (std::size_t i = 0; i < n.nodes.size(); ++i) nodes[n.nodes[i].id] = x[i];
  doc["nodes"] = nodes;
  ojson pipes = ojson::object();
  for (std::size_t k = 0; k < n.pipes.size(); ++k) {
    const auto& pc = eq.pipes()[k];
    ojson p;
    std::vector<double> pr, q;
    for (std::size_t j = 0; j <= pc.cells; ++j) pr.push_back(x[eq.pressure_index(k, j)]);
    for (std::size_t c = 0; c < pc.cells; ++c) q.push_back(x[eq.cell_index(k, c)]);
    p["pressure_pa"] = pr;
    p["mass_flow_kg_per_s"] = q;
    pipes[n.pipes[k].id] = p;
  }
  doc["pipes"] = pipes;
  ojson elements = ojson::object();
  const auto ids = element_ids(n);
  for (std::size_t e = n.pipes.size(); e < ids.size(); ++e)
    elements[ids[e]] = x[eq.element_flow_index(e)];
  doc["elements"] = elements;
  return doc;
}

std::pair<double, std::vector<double>> read_transient_state_unguarded(
    const fs::path& file, const transient::TransientEquations& eq) {
  const auto doc = read_json_file(file);
  auto fail = [&](const std::string& id, const std::string& problem) -> void {
    throw InputError(file, 0, id, problem);
  };
  if (!doc.is_object() || doc.value("format", "") != state_format)
    fail("", fmt::format("not a transient state file (\"format\": \"{}\")", state_format));
  if (!doc.contains("time_s") || !doc["time_s"].is_number()) fail("", "missing \"time_s\"");
  const auto& n = eq.network();
  std::vector<double> x(eq.size(), 0.0);
  auto get_number = [&](const nlohmann::json& obj, const std::string& id, const char* what) {
    auto it = obj.find(id);
    if (it == obj.end() || !it->is_number())
      fail(id, fmt::format("the state has no {} for it", what));
    return it->get<double>();
  };
  const auto& nodes = doc.at("nodes");
  const auto& pipes = doc.at("pipes");
  const auto& elements = doc.at("elements");
  if (!nodes.is_object() || !pipes.is_object() || !elements.is_object())
    fail("", "\"nodes\", \"pipes\" and \"elements\" must be objects");
  for (std::size_t i = 0; i < n.nodes.size(); ++i)
    x[i] = get_number(nodes, n.nodes[i].id, "pressure");
  for (std::size_t k = 0; k < n.pipes.size(); ++k) {
    const auto& id = n.pipes[k].id;
    auto it = pipes.find(id);
    if (it == pipes.end()) fail(id, "the state has no profile for this pipe");
    const auto& pr = it->at("pressure_pa");
    const auto& q = it->at("mass_flow_kg_per_s");
    const auto& pc = eq.pipes()[k];
    if (!pr.is_array() || !q.is_array() || q.size() != pc.cells || pr.size() != pc.cells + 1)
      fail(id, fmt::format("the state has {} cells for this pipe, this run {} (use the same --dx "
                           "as the run that wrote it)",
                           q.is_array() ? q.size() : 0, pc.cells));
    for (std::size_t j = 1; j < pc.cells; ++j) x[eq.pressure_index(k, j)] = pr[j].get<double>();
    for (std::size_t c = 0; c < pc.cells; ++c) x[eq.cell_index(k, c)] = q[c].get<double>();
  }
  const auto ids = element_ids(n);
  for (std::size_t e = n.pipes.size(); e < ids.size(); ++e)
    x[eq.element_flow_index(e)] = get_number(elements, ids[e], "flow");
  for (std::size_t i = 0; i < eq.pressure_count(); ++i)
    if (!(x[i] > 0.0)) fail("", "the state has a pressure that is not positive");
  const double time_s = doc.at("time_s").get<double>();
  if (!(std::fabs(time_s) <= max_schedule_time_s))  // docs/limits.md
    fail("", fmt::format("time_s {} is beyond the limit of {:.0e} s", time_s, max_schedule_time_s));
  return {time_s, std::move(x)};
}

ojson transient_summary_json(const transient::Simulator& sim, bool completed,
                             double wall_time_s) {
  const auto& o = sim.options();
  const auto& n = sim.network();
  const auto& s = sim.snapshot();
  ojson j;
  j["status"] = completed ? "completed" : "failed";
  j["message"] = sim.message();
  j["network"] = n.name;
  ojson opt;
  opt["scheme"] = transient::to_string(o.scheme);
  opt["dt_s"] = o.dt_s;
  opt["dx_m"] = o.dx_m;
  opt["start_time_s"] = o.start_time_s;
  opt["duration_s"] = o.duration_s;
  opt["inertia"] = o.inertia;
  opt["withdraw_fuel"] = o.withdraw_fuel;
  opt["tolerance"] = o.tolerance;
  j["options"] = opt;
  ojson grid;
  grid["pipes"] = n.pipes.size();
  grid["cells"] = sim.equations().cell_count();
  grid["unknowns"] = sim.equations().size();
  grid["pipe_length_m"] = n.total_pipe_length_m();
  j["grid"] = grid;
  j["time_s"] = sim.time();
  j["steps"] = sim.steps();
  j["rejected_steps"] = sim.rejected_steps();
  j["control_switches"] = sim.control_switches();
  j["control_resolves"] = sim.control_resolves();
  j["newton_iterations"] = sim.newton_iterations();
  j["newton_iterations_per_step"] =
      sim.steps() > 0 ? static_cast<double>(sim.newton_iterations()) / static_cast<double>(sim.steps())
                      : 0.0;
  j["max_newton_iterations_per_step"] = sim.max_newton_iterations_per_step();
  j["initial_newton_iterations"] = sim.initial_newton_iterations();
  j["wall_time_s"] = wall_time_s;
  j["faster_than_real_time"] =
      wall_time_s > 0.0 ? (sim.time() - o.start_time_s) / wall_time_s : 0.0;
  ojson lp;
  lp["initial_kg"] = sim.initial_linepack_kg();
  lp["final_kg"] = s.linepack_kg;
  lp["change_kg"] = s.linepack_kg - sim.initial_linepack_kg();
  lp["net_inflow_integral_kg"] = s.net_inflow_cumulative_kg;
  lp["mass_balance_error_kg"] = sim.mass_balance_error_kg();
  if (o.withdraw_fuel) {  // part of the net inflow (withdrawn at the stations' inlets)
    lp["fuel_withdrawn_kg"] = s.fuel_withdrawn_cumulative_kg;
    ojson per_station = ojson::object();
    for (std::size_t c = 0; c < n.compressors.size(); ++c)
      per_station[n.compressors[c].id] = s.compressor_fuel_withdrawn_cumulative_kg[c];
    lp["fuel_withdrawn_kg_per_station"] = per_station;
  }
  lp["mass_balance_error_relative"] =
      sim.initial_linepack_kg() > 0.0 ? sim.mass_balance_error_kg() / sim.initial_linepack_kg() : 0.0;
  j["linepack"] = lp;
  ojson surv = ojson::array();
  for (const auto& v : sim.survival()) {
    ojson e;
    e["node"] = n.nodes[v.node].id;
    e["pressure_min_pa"] = v.pressure_min_pa;
    if (v.survival_time_s) e["survival_time_s"] = *v.survival_time_s;
    else e["survival_time_s"] = nullptr;
    e["below_minimum"] = v.survival_time_s.has_value();
    e["lowest_pressure_pa"] = v.lowest_pressure_pa;
    e["lowest_pressure_time_s"] = v.lowest_pressure_time_s;
    surv.push_back(e);
  }
  j["survival"] = surv;
  if (const auto* q = sim.quality()) {
    ojson gq;
    ojson names = ojson::array();
    for (std::size_t c : q->components()) names.push_back(std::string(gas::component_name(c)));
    gq["tracked_components"] = names;
    gq["scheme"] = "implicit upwind transport of component mass fractions";
    gq["hydraulics"] = "the network's gas (composition does not change the density)";
    gq["reference_conditions"] = "ISO 6976:2016, combustion 25 degC, metering 0 degC, 101.325 kPa";
    j["gas_quality"] = gq;
  }
  if (const auto* e = sim.energy()) {
    ojson en;
    en["specific_heat_j_per_kg_k"] = e->specific_heat_j_per_kg_k();
    en["joule_thomson_k_per_pa"] = e->joule_thomson_k_per_pa();
    en["reference_pressure_pa"] = e->reference_pressure_pa();
    en["initial_j"] = sim.initial_energy_j();
    en["final_j"] = e->energy_j();
    en["boundary_j"] = e->boundary_energy_j();
    en["heat_from_ground_j"] = e->heat_from_ground_j();
    en["compressor_work_j"] = e->compressor_work_j();
    const double error = e->energy_j() - sim.initial_energy_j() - e->boundary_energy_j() -
                         e->heat_from_ground_j() - e->compressor_work_j();
    en["balance_error_j"] = error;
    en["balance_error_relative"] =
        sim.initial_energy_j() != 0.0 ? error / std::abs(sim.initial_energy_j()) : 0.0;
    en["hydraulics"] = "coupled: each volume's density factor from its temperature, lagged by one step";
    j["energy"] = en;
  }
  return j;
}

std::pair<double, std::vector<double>> read_transient_state(
    const fs::path& file, const transient::TransientEquations& eq) {
  return reading(file, [&]() -> std::pair<double, std::vector<double>> { return read_transient_state_unguarded(file, eq); });
}

}  // namespace linepack::io
