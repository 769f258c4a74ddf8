#include "linepack/io/gaslib_cdf_reader.hpp"

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "linepack/io/gaslib_xml.hpp"

namespace linepack::io {
namespace {
using namespace gaslib_xml;
using validation::DecisionElementKind;

std::optional<DecisionElementKind> kind_of_tag(std::string_view tag) {
  if (tag == "valve") return DecisionElementKind::valve;
  if (tag == "controlValve") return DecisionElementKind::control_valve;
  if (tag == "compressorStation") return DecisionElementKind::compressor;
  return std::nullopt;
}

std::string_view tag_of(DecisionElementKind kind) {
  switch (kind) {
    case DecisionElementKind::valve: return "valve";
    case DecisionElementKind::control_valve: return "controlValve";
    case DecisionElementKind::compressor: return "compressorStation";
  }
  return "valve";
}

/// The `id` of a group or decision (required, UTF-8).
std::string id_of(const XmlFile& file, pugi::xml_node n, const std::string& where) {
  const pugi::xml_attribute a = n.attribute("id");
  if (!a || std::string_view(a.value()).empty())
    file.fail(n, "", fmt::format("{}<{}> has no 'id' attribute", where, local_name(n)));
  if (!is_utf8(a.value()))
    file.fail(n, "", fmt::format("{}<{}> id is not valid UTF-8 text", where, local_name(n)));
  return a.value();
}

}  // namespace

validation::CombinedDecisions read_gaslib_cdf(const std::filesystem::path& cdf_file,
                                              const model::Network& network) {
  const XmlFile file(cdf_file);
  const pugi::xml_node root = file.root();
  if (local_name(root) != "combinedDecisions")
    file.fail(root, "", fmt::format("root element is <{}>, expected <combinedDecisions> (a GasLib "
                                    ".cdf file)", root.name()));
  std::unordered_map<std::string, DecisionElementKind> known;
  for (const auto& v : network.valves) known.emplace(v.id, DecisionElementKind::valve);
  for (const auto& v : network.control_valves) known.emplace(v.id, DecisionElementKind::control_valve);
  for (const auto& c : network.compressors) known.emplace(c.id, DecisionElementKind::compressor);

  validation::CombinedDecisions out;
  std::unordered_set<std::string> group_ids;
  for_each_element(root, [&](pugi::xml_node g) {
    if (local_name(g) != "decisionGroup")
      file.fail(g, "", fmt::format("unexpected <{}> in <combinedDecisions> (expected "
                                   "<decisionGroup>)", g.name()));
    validation::DecisionGroup group;
    group.id = id_of(file, g, "");
    if (!group_ids.insert(group.id).second)
      file.fail(g, "", fmt::format("decision group '{}' appears twice", group.id));
    const std::string in_group = fmt::format("decision group '{}': ", group.id);
    std::unordered_set<std::string> decision_ids;
    for_each_element(g, [&](pugi::xml_node d) {
      if (local_name(d) != "decision")
        file.fail(d, "", fmt::format("{}unexpected <{}> (expected <decision>)", in_group, d.name()));
      validation::Decision decision;
      decision.id = id_of(file, d, in_group);
      if (!decision_ids.insert(decision.id).second)
        file.fail(d, "", fmt::format("{}decision '{}' appears twice", in_group, decision.id));
      const std::string where = fmt::format("decision group '{}', decision '{}': ", group.id, decision.id);
      std::unordered_set<std::string> seen;
      for_each_element(d, [&](pugi::xml_node e) {
        const auto kind = kind_of_tag(local_name(e));
        if (!kind)
          file.fail(e, "", fmt::format("{}unknown element kind <{}> (expected valve, controlValve "
                                       "or compressorStation)", where, e.name()));
        const pugi::xml_attribute id_attr = e.attribute("id");
        if (!id_attr) file.fail(e, "", fmt::format("{}<{}> has no 'id' attribute", where, local_name(e)));
        const std::string id = id_attr.value();
        if (!is_utf8(id)) file.fail(e, "", where + "element id is not valid UTF-8 text");
        const auto it = known.find(id);
        if (it == known.end())
          file.fail(e, id, fmt::format("{}no {} of this id in the network", where, local_name(e)));
        if (it->second != *kind)
          file.fail(e, id, fmt::format("{}the network's '{}' is a {}, not a {}", where, id,
                                       tag_of(it->second), local_name(e)));
        if (!seen.insert(id).second)
          file.fail(e, id, fmt::format("{}the element appears twice in one decision", where));
        validation::DecisionEntry entry;
        entry.element = id;
        entry.kind = *kind;
        const std::string_view value = e.attribute("value").value();
        if (!e.attribute("value"))
          file.fail(e, id, fmt::format("{}no 'value' attribute (0 closed, 1 open)", where));
        if (value != "0" && value != "1")
          file.fail(e, id, fmt::format("{}unknown state value=\"{}\" (expected 0 closed or 1 open)",
                                       where, value));
        entry.open = value == "1";
        if (const pugi::xml_attribute a = e.attribute("flowDirection")) {
          const std::string_view f = a.value();
          if (f != "0" && f != "1")
            file.fail(e, id, fmt::format("{}unknown flowDirection=\"{}\" (expected 0 from->to or "
                                         "1 to->from)", where, f));
          if (!entry.open)
            file.fail(e, id, fmt::format("{}flowDirection on a closed element (value=\"0\")", where));
          entry.flow_direction = f == "1" ? 1 : 0;
        }
        if (const pugi::xml_attribute a = e.attribute("mode")) {
          const std::string_view m = a.value();
          if (*kind == DecisionElementKind::valve)
            file.fail(e, id, fmt::format("{}a valve has no mode (mode=\"{}\")", where, m));
          if (m != "active" && m != "bypass")
            file.fail(e, id, fmt::format("{}unknown mode=\"{}\" (expected active or bypass)", where, m));
          if (!entry.open)
            file.fail(e, id, fmt::format("{}mode=\"{}\" on a closed element (value=\"0\")", where, m));
          entry.mode = m == "active" ? model::ControlState::active : model::ControlState::bypass;
        }
        decision.entries.push_back(std::move(entry));
      });
      if (decision.entries.empty())
        file.fail(d, "", where + "the decision names no element");
      group.decisions.push_back(std::move(decision));
    });
    if (group.decisions.empty()) file.fail(g, "", in_group + "the group has no decision");
    out.groups.push_back(std::move(group));
  });
  return out;
}

std::optional<std::filesystem::path> combined_decisions_file(
    const std::filesystem::path& net_file, const std::optional<std::filesystem::path>& explicit_file,
    bool ignore) {
  if (ignore) return std::nullopt;
  if (explicit_file) return explicit_file;
  if (net_file.extension() != ".net") return std::nullopt;
  std::filesystem::path beside = net_file;
  beside.replace_extension(".cdf");
  std::error_code ec;
  if (std::filesystem::is_regular_file(beside, ec)) return beside;
  return std::nullopt;
}

}  // namespace linepack::io
