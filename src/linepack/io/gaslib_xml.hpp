#pragma once
// Shared by the GasLib readers (gaslib_reader, gaslib_cs_reader): an XML file that knows the
// line of each element, a reader of one element's id, attributes and unit-carrying values, and
// the conversion of validation errors to InputError at the element's line. Internal to io.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "linepack/io/input_error.hpp"
#include "linepack/io/input_limits.hpp"
#include "linepack/model/validation.hpp"
#include "linepack/units/conversions.hpp"

namespace linepack::io::gaslib_xml {
namespace fs = std::filesystem;
using units::Dimension;
using LineMap = std::unordered_map<std::string, std::size_t>;  // id -> line of its element

/// A parsed XML file that knows on which line each element starts (files may be CRLF or LF).
class XmlFile {
 public:
  explicit XmlFile(fs::path path) : path_(std::move(path)) {
    check_input_size(path_);
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw InputError(path_, 0, "", "cannot open file");
    text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') newlines_.push_back(i);
    const pugi::xml_parse_result result = doc_.load_buffer(text_.data(), text_.size());
    if (!result)
      throw InputError(path_, line_at(result.offset), "",
                       fmt::format("malformed XML: {}", result.description()));
  }
  const fs::path& path() const { return path_; }
  pugi::xml_node root() const { return doc_.document_element(); }
  std::size_t line_of(pugi::xml_node n) const { return n ? line_at(n.offset_debug()) : 0; }
  [[noreturn]] void fail(pugi::xml_node at, const std::string& id, const std::string& what) const {
    throw InputError(path_, line_of(at), id, what);
  }

 private:
  std::size_t line_at(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    const auto it = std::lower_bound(newlines_.begin(), newlines_.end(), std::size_t(offset));
    return 1 + static_cast<std::size_t>(it - newlines_.begin());
  }
  fs::path path_;
  std::string text_;
  std::vector<std::size_t> newlines_;
  pugi::xml_document doc_;
};

/// Element name without its namespace prefix ("framework:nodes" -> "nodes").
inline std::string_view local_name(pugi::xml_node n) {
  const std::string_view name = n.name();
  const auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

inline pugi::xml_node child(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  return {};
}

template <class F>
void for_each_element(pugi::xml_node n, F&& f) {
  for (pugi::xml_node c : n.children())
    if (c.type() == pugi::node_element) f(c);
}

template <class F>
void for_each_descendant(pugi::xml_node n, F&& f) {
  for_each_element(n, [&](pugi::xml_node c) {
    f(c);
    for_each_descendant(c, f);
  });
}

inline std::optional<double> parse_double(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0.0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

/// Reads the attributes and value children of one XML element with an `id` (node, pipe, ...).
/// Values are children like <length value="55" unit="km"/> (FORMAT.md), read through to_si.
class Reader {
 public:
  Reader(const XmlFile& file, pugi::xml_node node) : file_(file), node_(node) {
    const pugi::xml_attribute id = node.attribute("id");
    if (!id) file.fail(node, "", fmt::format("<{}> has no 'id' attribute", node.name()));
    id_ = id.value();
    if (!is_utf8(id_))  // results are JSON, which holds UTF-8 text only
      file.fail(node, "", fmt::format("<{}> id is not valid UTF-8 text", node.name()));
  }
  const std::string& id() const { return id_; }
  pugi::xml_node node() const { return node_; }
  [[noreturn]] void fail(pugi::xml_node at, const std::string& what) const {
    file_.fail(at, id_, what);
  }

  std::string attribute(const char* name) const {
    const pugi::xml_attribute a = node_.attribute(name);
    if (!a) fail(node_, fmt::format("<{}> has no '{}' attribute", local_name(node_), name));
    return a.value();
  }
  /// A required numeric attribute of `at` (this element or one of its children).
  double number(pugi::xml_node at, const char* name) const {
    const pugi::xml_attribute a = at.attribute(name);
    if (!a) fail(at, fmt::format("<{}> has no '{}' attribute", local_name(at), name));
    const auto v = parse_double(a.value());
    if (!v)
      fail(at, fmt::format("<{}> {}=\"{}\" is not a number", local_name(at), name, a.value()));
    return *v;
  }
  /// The SI value of a value element; `default_unit` applies when it has no unit attribute.
  double value_of(pugi::xml_node c, Dimension dim, const char* default_unit = nullptr) const {
    const double v = number(c, "value");
    const pugi::xml_attribute unit_attr = c.attribute("unit");
    if (!unit_attr && !default_unit && dim != Dimension::dimensionless)
      fail(c, fmt::format("<{}> has no 'unit' attribute", local_name(c)));
    const std::string_view unit = unit_attr ? unit_attr.value() : default_unit ? default_unit : "";
    try {
      return units::to_si(v, unit, dim);
    } catch (const std::invalid_argument& e) {
      fail(c, fmt::format("<{}>: {}", local_name(c), e.what()));
    }
  }
  std::optional<double> optional(std::string_view name, Dimension dim,
                                 const char* default_unit = nullptr) const {
    const pugi::xml_node c = child(node_, name);
    if (!c) return std::nullopt;
    return value_of(c, dim, default_unit);
  }
  double required(std::string_view name, Dimension dim, const char* default_unit = nullptr) const {
    const pugi::xml_node c = child(node_, name);
    if (!c) fail(node_, fmt::format("<{}> has no <{}> element", local_name(node_), name));
    return value_of(c, dim, default_unit);
  }

 private:
  const XmlFile& file_;
  pugi::xml_node node_;
  std::string id_;
};

/// Runs a model::validate call; turns a ValidationError into an InputError at the element's line.
template <class Check>
void validated(const XmlFile& file, const LineMap& lines, Check&& check) {
  try {
    check();
  } catch (const model::ValidationError& e) {
    std::string what = e.what();
    const std::string prefix = "'" + e.element() + "': ";
    if (!e.element().empty() && what.starts_with(prefix)) what.erase(0, prefix.size());
    const auto it = lines.find(e.element());
    throw InputError(file.path(), it == lines.end() ? 0 : it->second, e.element(), what);
  }
}

}  // namespace linepack::io::gaslib_xml
