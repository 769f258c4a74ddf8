#include "linepack/io/gaslib_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "linepack/io/gaslib_xml.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/io/library_errors.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::io {
namespace {
namespace fs = std::filesystem;
using units::Dimension;
using namespace gaslib_xml;

// ---- .net -------------------------------------------------------------------------------------

/// Gas data of a <source> node (FORMAT.md: every source carries it), summed for the mean.
struct GasSums {
  double molar_mass = 0, normal_density = 0, hhv = 0, pc_pressure = 0, pc_temperature = 0,
         temperature = 0;
  int count = 0;
  void add(const Reader& r) {
    molar_mass += r.required("molarMass", Dimension::molar_mass);
    normal_density += r.required("normDensity", Dimension::density);
    hhv += r.required("calorificValue", Dimension::energy_per_volume);
    pc_pressure += r.required("pseudocriticalPressure", Dimension::pressure);
    pc_temperature += r.required("pseudocriticalTemperature", Dimension::temperature);
    temperature += r.required("gasTemperature", Dimension::temperature);
    ++count;
  }
  void store(model::PhysicsSettings& physics) const {
    if (count == 0) return;  // no sources: keep the defaults
    physics.gas.molar_mass_kg_per_mol = molar_mass / count;
    physics.gas.normal_density_kg_per_m3 = normal_density / count;
    physics.gas.higher_heating_value_j_per_m3 = hhv / count;
    physics.gas.pseudo_critical_pressure_pa = pc_pressure / count;
    physics.gas.pseudo_critical_temperature_k = pc_temperature / count;
    physics.temperature_k = temperature / count;
  }
};

model::Node read_node(const Reader& r) {
  model::Node n;
  n.id = r.id();
  n.elevation_m = r.required("height", Dimension::length, "m");  // unit omitted in 582 v1, 24
  n.pressure_min_pa = r.required("pressureMin", Dimension::pressure);
  n.pressure_max_pa = r.required("pressureMax", Dimension::pressure);
  if (r.node().attribute("x")) n.x = r.number(r.node(), "x");
  if (r.node().attribute("y")) n.y = r.number(r.node(), "y");
  return n;
}

template <class B>
B branch(const Reader& r) {
  B b;
  b.id = r.id();
  b.from = r.attribute("from");
  b.to = r.attribute("to");
  return b;
}

/// A regulator's or station's internalBypassRequired attribute: 1 (the default) when the model
/// gives it a bypass, 0 when it has none (SCIP's GasLib reader, ZIB: no bypass then, and no
/// reverse flow through the element).
bool internal_bypass(const Reader& r) {
  const pugi::xml_attribute a = r.node().attribute("internalBypassRequired");
  if (!a) return true;
  const std::string_view v = a.value();
  if (v == "1") return true;
  if (v == "0") return false;
  r.fail(r.node(), fmt::format("internalBypassRequired must be 0 or 1, got '{}'", v));
}

/// Reads one element of <framework:connections> into the network.
void read_connection(const Reader& r, model::Network& net) {
  const std::string_view kind = local_name(r.node());
  if (kind == "pipe") {
    auto p = branch<model::Pipe>(r);
    p.length_m = r.required("length", Dimension::length);
    p.diameter_m = r.required("diameter", Dimension::length);
    p.roughness_m = r.required("roughness", Dimension::length);
    p.heat_transfer_coefficient_w_per_m2_k =
        r.optional("heatTransferCoefficient", Dimension::heat_transfer);
    net.pipes.push_back(std::move(p));
  } else if (kind == "shortPipe") {
    net.short_pipes.push_back(branch<model::ShortPipe>(r));
  } else if (kind == "resistor") {
    // Either a drag factor with a diameter, or a fixed pressure loss (GasLib-4197).
    auto res = branch<model::Resistor>(r);
    res.pressure_loss_pa = r.optional("pressureLoss", Dimension::pressure);
    if (!res.pressure_loss_pa) {
      res.drag_factor = r.required("dragFactor", Dimension::dimensionless);
      res.diameter_m = r.required("diameter", Dimension::length);
    }
    net.resistors.push_back(std::move(res));
  } else if (kind == "valve") {
    net.valves.push_back(branch<model::Valve>(r));  // open
  } else if (kind == "controlValve") {
    auto cv = branch<model::ControlValve>(r);  // bypass
    cv.pressure_in_min_pa = r.optional("pressureInMin", Dimension::pressure).value_or(0.0);
    cv.pressure_out_max_pa =
        r.optional("pressureOutMax", Dimension::pressure).value_or(model::unbounded);
    cv.pressure_drop_min_pa =
        r.optional("pressureDifferentialMin", Dimension::pressure).value_or(0.0);
    cv.pressure_drop_max_pa =
        r.optional("pressureDifferentialMax", Dimension::pressure).value_or(model::unbounded);
    cv.has_bypass = internal_bypass(r);
    net.control_valves.push_back(std::move(cv));
  } else if (kind == "compressorStation") {
    auto c = branch<model::Compressor>(r);  // bypass, pressure ratio 1
    c.pressure_in_min_pa = r.optional("pressureInMin", Dimension::pressure).value_or(0.0);
    c.pressure_out_max_pa =
        r.optional("pressureOutMax", Dimension::pressure).value_or(model::unbounded);
    if (auto q = r.optional("flowMax", Dimension::volumetric_flow_normal))
      c.flow_max_kg_per_s = *q * net.physics.gas.normal_density();
    c.has_bypass = internal_bypass(r);
    net.compressors.push_back(std::move(c));
  } else {
    r.fail(r.node(), fmt::format("unknown element kind <{}>", kind));
  }
}

// ---- .scn -------------------------------------------------------------------------------------

/// The bounds given for one quantity of a scenario node: <flow bound="both|lower|upper" .../>.
struct Bounds {
  std::optional<double> lower, upper, both;
  bool any() const { return both || lower || upper; }
  double value() const {
    if (both) return *both;
    if (lower && upper) return 0.5 * (*lower + *upper);
    return lower ? *lower : *upper;
  }
  std::optional<double> upper_or_both() const { return both ? both : upper; }
};

Bounds read_bounds(const Reader& r, std::string_view name, Dimension dim,
                   const char* default_unit) {
  Bounds b;
  for_each_element(r.node(), [&](pugi::xml_node c) {
    if (local_name(c) != name) return;
    const std::string bound = c.attribute("bound").value();
    const double v = r.value_of(c, dim, default_unit);
    if (bound == "both") b.both = v;
    else if (bound == "lower") b.lower = v;
    else if (bound == "upper") b.upper = v;
    else r.fail(c, fmt::format("<{}> bound must be 'both', 'lower' or 'upper', got '{}'", name, bound));
  });
  return b;
}

}  // namespace

model::Network read_gaslib_network(const fs::path& net_file) {
  const XmlFile file(net_file);
  const pugi::xml_node root = file.root();
  if (local_name(root) != "network")
    file.fail(root, "", fmt::format("expected a GasLib <network>, found <{}>", root.name()));

  model::Network net;
  const pugi::xml_node title = child(child(root, "information"), "title");
  net.name = title && *title.child_value() ? title.child_value() : net_file.stem().string();
  if (title && !is_utf8(net.name))  // the name goes into JSON results, UTF-8 text only
    file.fail(title, "", "<title> is not valid UTF-8 text");
  // GasLib's defaults for steady validation (Pfetsch et al. 2015; Schmidt et al. 2017): Papay's
  // compressibility factor and Nikuradse's friction law for fully rough flow.
  net.physics.eos.kind = gas::EosKind::papay;
  net.physics.friction = model::FrictionLaw::nikuradse;

  LineMap lines;
  const pugi::xml_node nodes = child(root, "nodes");
  if (!nodes) file.fail(root, "", "<network> has no <framework:nodes> element");
  GasSums gas;
  for_each_element(nodes, [&](pugi::xml_node c) {
    const Reader r(file, c);
    const std::string_view kind = local_name(c);
    if (kind != "innode" && kind != "source" && kind != "sink")
      r.fail(c, fmt::format("unknown node kind <{}>", kind));
    lines.insert_or_assign(r.id(), file.line_of(c));
    net.nodes.push_back(read_node(r));
    if (kind == "source") {
      gas.add(r);
      net.nodes.back().supply_temperature_k = r.required("gasTemperature", Dimension::temperature);
    }
  });
  gas.store(net.physics);  // before connections: compressor flowMax needs the normal density

  for_each_element(child(root, "connections"), [&](pugi::xml_node c) {
    const Reader r(file, c);
    lines.insert_or_assign(r.id(), file.line_of(c));
    read_connection(r, net);
  });
  validated(file, lines, [&] { model::validate(net); });
  return net;
}

model::Scenario read_gaslib_scenario(const fs::path& scn_file, const model::Network& network) {
  const XmlFile file(scn_file);
  const pugi::xml_node root = file.root();
  if (local_name(root) != "boundaryValue")
    file.fail(root, "", fmt::format("expected a GasLib <boundaryValue>, found <{}>", root.name()));
  const pugi::xml_node sc = child(root, "scenario");
  if (!sc) file.fail(root, "", "<boundaryValue> has no <scenario> element");

  model::Scenario s;
  s.name = sc.attribute("id") ? sc.attribute("id").value() : scn_file.stem().string();
  if (sc.attribute("id") && !is_utf8(s.name))
    file.fail(sc, "", "<scenario> id is not valid UTF-8 text");
  std::unordered_map<std::string, const model::Node*> nodes;
  for (const auto& n : network.nodes) nodes.emplace(n.id, &n);
  const double normal_density = network.physics.gas.normal_density();

  struct Reference {
    std::size_t index;  // into s.boundaries
    double inflow_kg_per_s;
    double pressure_pa;
  };
  std::optional<Reference> reference;
  LineMap lines;
  for_each_element(sc, [&](pugi::xml_node c) {
    if (local_name(c) != "node") return;  // scenarioProbability, temperatures, pipes: unused
    const Reader r(file, c);
    const auto node = nodes.find(r.id());
    if (node == nodes.end()) r.fail(c, "node is not in the network");
    lines.insert_or_assign(r.id(), file.line_of(c));
    const std::string type = r.attribute("type");
    if (type != "entry" && type != "exit")
      r.fail(c, fmt::format("node type must be 'entry' or 'exit', got '{}'", type));
    // Flow unit omitted in GasLib-39: 1000m_cube_per_hour.
    const Bounds flow = read_bounds(r, "flow", Dimension::volumetric_flow_normal,
                                    "1000m_cube_per_hour");
    if (!flow.any()) r.fail(c, "node has no <flow>");
    const Bounds pressure = read_bounds(r, "pressure", Dimension::pressure, nullptr);
    const double mass = flow.value() * normal_density;
    s.boundaries.push_back({r.id(), model::NodeBoundary::Kind::flow, type == "entry" ? -mass : mass});
    if (type == "entry" && (!reference || mass > reference->inflow_kg_per_s))
      reference = Reference{s.boundaries.size() - 1, mass,
                            pressure.upper_or_both().value_or(node->second->pressure_max_pa)};
  });
  if (!reference) file.fail(sc, "", "no entry node to serve as the pressure reference");
  s.boundaries[reference->index].kind = model::NodeBoundary::Kind::pressure;
  s.boundaries[reference->index].value = reference->pressure_pa;
  validated(file, lines, [&] { model::validate(network, s); });
  return s;
}

namespace {

/// A GasLib nomination lists every source and sink of its network (all 22 reference .net/.scn
/// pairs do); one that misses some is almost surely for another network (GasLib-40's .scn ids
/// all exist in GasLib-582, which has 160 sources and sinks to its 32).
void check_nomination_covers(const fs::path& net_file, const fs::path& scn_file,
                             const model::Scenario& s) {
  const XmlFile file(net_file);
  std::unordered_map<std::string, bool> named;
  for (const auto& b : s.boundaries) named.emplace(b.node, true);
  std::vector<std::string> missing;
  for_each_element(child(file.root(), "nodes"), [&](pugi::xml_node c) {
    const std::string_view kind = local_name(c);
    if ((kind == "source" || kind == "sink") && !named.count(c.attribute("id").value()))
      missing.emplace_back(c.attribute("id").value());
  });
  if (missing.empty()) return;
  std::string list;
  for (std::size_t i = 0; i < missing.size() && i < 5; ++i)
    list += (i ? ", " : "") + ("'" + missing[i] + "'");
  if (missing.size() > 5) list += ", ...";
  throw InputError(scn_file, 0, "",
                   fmt::format("the nomination has no entry for {} source/sink node(s) of {}: {} "
                               "(is it the nomination of another network?)",
                               missing.size(), net_file.filename().string(), list));
}

}  // namespace

LoadedModel read_gaslib_unguarded(const fs::path& net_file, const std::optional<fs::path>& scn_file) {
  LoadedModel m;
  m.network = read_gaslib_network(net_file);
  fs::path cs_file = net_file;
  cs_file.replace_extension(".cs");
  if (fs::exists(cs_file)) read_gaslib_compressor_stations(cs_file, m.network);
  if (scn_file) {
    m.scenario = read_gaslib_scenario(*scn_file, m.network);
    check_nomination_covers(net_file, *scn_file, m.scenario);
  }
  return m;
}

LoadedModel read_gaslib(const fs::path& net_file, const std::optional<fs::path>& scn_file) {
  return reading(net_file, [&]() -> LoadedModel { return read_gaslib_unguarded(net_file, scn_file); });
}

}  // namespace linepack::io
