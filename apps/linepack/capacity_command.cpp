#include "capacity_command.hpp"

#include "commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <charconv>
#include <cmath>
#include <stdexcept>

#include <cstdio>

#include "linepack/design/capacity.hpp"
#include "linepack/io/atomic_file.hpp"
#include "linepack/io/input_error.hpp"
#include "linepack/io/model_reader.hpp"
#include "linepack/io/native_json.hpp"
#include "linepack/io/result_writer.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::cli {

CLI::App* add_capacity_command(CLI::App& app, CapacityArgs& args) {
  auto* cmd = app.add_subcommand(
      "capacity", "Largest throughput to delivery nodes that keeps every bound and limit");
  cmd->add_option("input", args.input, "GasLib .net, native .json model or LANL case folder")
      ->required();
  cmd->add_option("--scenario", args.scenario, "GasLib nomination (.scn) for a .net input");
  cmd->add_option("--controls", args.controls, "Controls JSON (element states/setpoints)");
  cmd->add_option("--deliver", args.deliver,
                  "Delivery node, NODE or NODE:SHARE (repeat; shares default to the scenario's "
                  "offtakes, or equal)")
      ->required();
  cmd->add_option("--stations", args.stations,
                  "Compressor stations: given (scenario controls), off (bypassed), max (active at "
                  "their maximum outlet pressure)")
      ->check(CLI::IsMember({"given", "off", "max"}));
  cmd->add_option("-o,--output", args.output, "Result JSON (capacity, binding constraints, state)");
  cmd->add_flag("--allow-unusual", args.allow_unusual,
                "Accept values outside the plausible ranges of docs/limits.md");
  return cmd;
}

int run_capacity(const CapacityArgs& args) {
  std::optional<std::filesystem::path> scn;
  if (args.scenario) scn = *args.scenario;
  io::LoadedModel m = io::read_model(args.input, scn);
  if (args.controls) apply_controls_file(m, args.input, *args.controls, args.allow_unusual);
  check_plausible(m, args.input, args.allow_unusual);
  if (args.output) io::check_writable(*args.output);

  design::CapacityOptions options;
  options.stations = args.stations == "off"   ? design::StationPolicy::off
                     : args.stations == "max" ? design::StationPolicy::max_discharge
                                              : design::StationPolicy::as_given;
  std::vector<std::string> without_share;
  for (const auto& d : args.deliver) {
    design::Delivery delivery;
    const auto colon = d.find(':');
    delivery.node = d.substr(0, colon);
    if (colon != std::string::npos) {
      // An explicit share must be a positive number: 0 is not "equal shares" (docs/cli.md).
      const std::string text = d.substr(colon + 1);
      double share = 0.0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), share);
      if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(share) ||
          !(share > 0.0))
        throw std::invalid_argument(fmt::format(
            "--deliver {}: the share after ':' must be a positive number, got '{}'", d, text));
      delivery.share = share;
    } else {
      delivery.share = 0.0;
      for (const auto& b : m.scenario.boundaries)
        if (b.node == delivery.node && b.kind == model::NodeBoundary::Kind::flow && b.value > 0)
          delivery.share = b.value;
      if (delivery.share <= 0.0) without_share.push_back(delivery.node);
    }
    options.deliveries.push_back(delivery);
  }
  // No share given and none in the scenario: equal shares. Some but not all: ambiguous.
  if (without_share.size() == options.deliveries.size()) {
    for (auto& d : options.deliveries) d.share = 1.0;
  } else if (!without_share.empty()) {
    throw std::invalid_argument(fmt::format(
        "--deliver: no share for {} (neither NODE:SHARE nor an offtake in the scenario); give a "
        "share for every delivery node or for none (then shares are equal)",
        fmt::join(without_share, ", ")));
  }

  design::CapacityResult r;
  try {
    r = design::capacity(m.network, m.scenario, options);
  } catch (const model::ValidationError& e) {
    throw io::InputError(args.input, 0, e.element(), e.problem());
  }
  const double rho_std = m.network.physics.gas.standard_density();
  fmt::print("capacity: {:.3f} kg/s = {:.1f} mmcfd ({} steady solves, stations {})\n",
             r.total_kg_per_s, units::kg_per_s_to_mmcfd(r.total_kg_per_s, rho_std), r.solves,
             args.stations);
  fmt::print("binding: {}\n", r.binding_reason.empty() ? "-" : r.binding_reason);
  if (args.output) {
    nlohmann::json j;
    j["found"] = r.found;
    j["capacity_kg_per_s"] = r.total_kg_per_s;
    j["capacity_mmcfd"] = units::kg_per_s_to_mmcfd(r.total_kg_per_s, rho_std);
    j["stations"] = args.stations;
    j["binding_reason"] = r.binding_reason;
    j["binding"] = nlohmann::json::array();
    for (const auto& v : r.binding)
      j["binding"].push_back({{"id", v.id}, {"what", v.what}, {"value", v.value}, {"limit", v.limit}});
    j["steady_solves"] = r.solves;
    j["state_at_capacity"] = io::result_to_json(r.at_capacity);
    io::write_file_atomically(*args.output, j.dump(1) + "\n");
  }
  return r.found ? 0 : 1;
}

}  // namespace linepack::cli
