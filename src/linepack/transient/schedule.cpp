#include "linepack/transient/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "linepack/model/id_index.hpp"

namespace linepack::transient {

double TimeSeries::at(double t) const {
  const auto& ts = time_s;
  if (ts.empty()) return 0.0;
  if (t <= ts.front()) return value.front();
  if (t >= ts.back()) return value.back();
  // First point strictly after t.
  const auto it = std::upper_bound(ts.begin(), ts.end(), t);
  const std::size_t i = static_cast<std::size_t>(it - ts.begin());  // 1 <= i < size
  if (interpolation == Interpolation::step) return value[i - 1];
  const double w = (t - ts[i - 1]) / (ts[i] - ts[i - 1]);
  return value[i - 1] + w * (value[i] - value[i - 1]);
}

double TimeSeries::left(double t) const {
  if (interpolation == Interpolation::linear || time_s.empty()) return at(t);
  const auto& ts = time_s;
  if (t <= ts.front()) return value.front();
  // Last point strictly before t.
  const auto it = std::lower_bound(ts.begin(), ts.end(), t);
  const std::size_t i = static_cast<std::size_t>(it - ts.begin());  // >= 1
  return value[i - 1];
}

const gas::Composition& SupplyComposition::at(double t) const {
  // First point strictly after t; the composition before it holds (the first before the start).
  const auto it = std::upper_bound(time_s.begin(), time_s.end(), t);
  const auto i = static_cast<std::size_t>(it - time_s.begin());
  return composition.at(i == 0 ? 0 : i - 1);
}

std::string to_string(EventKind kind) {
  switch (kind) {
    case EventKind::compressor_trip: return "compressor_trip";
    case EventKind::compressor_start: return "compressor_start";
    case EventKind::valve_open: return "valve_open";
    case EventKind::valve_close: return "valve_close";
    case EventKind::supply_loss: return "supply_loss";
    case EventKind::offtake_step: return "offtake_step";
    case EventKind::control: return "control";
  }
  return "?";
}

EventKind parse_event_kind(const std::string& name) {
  for (EventKind k : {EventKind::compressor_trip, EventKind::compressor_start,
                      EventKind::valve_open, EventKind::valve_close, EventKind::supply_loss,
                      EventKind::offtake_step, EventKind::control})
    if (to_string(k) == name) return k;
  throw std::invalid_argument(fmt::format(
      "unknown event type \"{}\" (expected compressor_trip, compressor_start, valve_open, "
      "valve_close, supply_loss, offtake_step or control)",
      name));
}

void validate_series(const TimeSeries& s, ScheduleError::List list, std::size_t entry,
                     const std::string& target) {
  auto fail = [&](const std::string& problem) {
    throw ScheduleError(list, entry, target, problem);
  };
  if (s.time_s.empty()) fail("the time series has no points");
  if (s.time_s.size() != s.value.size())
    fail(fmt::format("{} times but {} values", s.time_s.size(), s.value.size()));
  for (std::size_t i = 0; i < s.time_s.size(); ++i) {
    if (!std::isfinite(s.time_s[i])) fail(fmt::format("time {} is not a finite number", i + 1));
    if (!std::isfinite(s.value[i])) fail(fmt::format("value {} is not a finite number", i + 1));
    if (i > 0 && !(s.time_s[i] > s.time_s[i - 1]))
      fail(fmt::format("times out of order: time {} ({} s) is not after time {} ({} s)", i + 1,
                       s.time_s[i], i, s.time_s[i - 1]));
  }
}

namespace {

enum class Kind { none, node, pipe, short_pipe, resistor, valve, control_valve, compressor };

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::node: return "a node";
    case Kind::pipe: return "a pipe";
    case Kind::short_pipe: return "a short pipe";
    case Kind::resistor: return "a resistor";
    case Kind::valve: return "a valve";
    case Kind::control_valve: return "a control valve";
    case Kind::compressor: return "a compressor";
    case Kind::none: break;
  }
  return "unknown";
}

}  // namespace

void validate(const Schedule& s, const model::Network& n) {
  // Node ids and element ids may coincide (LANL numbers them separately): look nodes up first
  // for node entries and elements first for element entries.
  model::IdIndex nodes(n.nodes.size());
  for (std::size_t i = 0; i < n.nodes.size(); ++i) nodes.insert(n.nodes[i].id, i);
  model::IdIndex elements(n.element_count());
  std::vector<Kind> element_kind;
  auto add_element = [&](const std::string& id, Kind k) {
    if (elements.insert(id, element_kind.size())) element_kind.push_back(k);
  };
  for (const auto& e : n.pipes) add_element(e.id, Kind::pipe);
  for (const auto& e : n.short_pipes) add_element(e.id, Kind::short_pipe);
  for (const auto& e : n.resistors) add_element(e.id, Kind::resistor);
  for (const auto& e : n.valves) add_element(e.id, Kind::valve);
  for (const auto& e : n.control_valves) add_element(e.id, Kind::control_valve);
  for (const auto& e : n.compressors) add_element(e.id, Kind::compressor);
  auto element_of = [&](const std::string& id) {
    const std::size_t i = elements.find(id);
    return i == model::IdIndex::npos ? Kind::none : element_kind[i];
  };

  using L = ScheduleError::List;
  model::IdIndex node_series(s.nodes.size()), element_series(s.elements.size());
  for (std::size_t k = 0; k < s.nodes.size(); ++k) {
    const auto& ns = s.nodes[k];
    if (nodes.find(ns.node) == model::IdIndex::npos)
      throw ScheduleError(L::nodes, k, ns.node, "unknown node id");
    if (!node_series.insert(ns.node, k))
      throw ScheduleError(L::nodes, k, ns.node, "more than one time series for this node");
    validate_series(ns.series, L::nodes, k, ns.node);
    if (ns.kind == model::NodeBoundary::Kind::pressure)
      for (double v : ns.series.value)
        if (!(v > 0.0))
          throw ScheduleError(L::nodes, k, ns.node,
                              fmt::format("pressure {} Pa is not positive", v));
  }
  for (std::size_t k = 0; k < s.elements.size(); ++k) {
    const auto& es = s.elements[k];
    const Kind kind = element_of(es.element);
    if (kind == Kind::none) throw ScheduleError(L::elements, k, es.element, "unknown element id");
    if (!element_series.insert(es.element, k))
      throw ScheduleError(L::elements, k, es.element,
                          "more than one setpoint schedule for this element");
    if (kind != Kind::compressor && kind != Kind::control_valve)
      throw ScheduleError(L::elements, k, es.element,
                          fmt::format("setpoint schedules apply to compressors and control valves "
                                      "only; this is {}",
                                      kind_name(kind)));
    if (es.mode && kind != Kind::compressor)
      throw ScheduleError(L::elements, k, es.element, "only compressors have a mode");
    if (es.mode == model::CompressorMode::throughput &&
        !(!es.state || *es.state == model::ControlState::active))
      throw ScheduleError(L::elements, k, es.element, "a throughput schedule needs state active");
    validate_series(es.setpoint, L::elements, k, es.element);
  }
  model::IdIndex composition_series(s.compositions.size());
  for (std::size_t k = 0; k < s.compositions.size(); ++k) {
    const auto& c = s.compositions[k];
    auto fail = [&](const std::string& problem) {
      throw ScheduleError(L::compositions, k, c.node, problem);
    };
    if (nodes.find(c.node) == model::IdIndex::npos) fail("unknown node id");
    if (!composition_series.insert(c.node, k)) fail("more than one composition series for this node");
    if (c.time_s.empty()) fail("the composition series has no points");
    if (c.time_s.size() != c.composition.size())
      fail(fmt::format("{} times but {} compositions", c.time_s.size(), c.composition.size()));
    for (std::size_t i = 0; i < c.time_s.size(); ++i) {
      if (!std::isfinite(c.time_s[i])) fail(fmt::format("time {} is not a finite number", i + 1));
      if (i > 0 && !(c.time_s[i] > c.time_s[i - 1]))
        fail(fmt::format("times out of order: time {} ({} s) is not after time {} ({} s)", i + 1,
                         c.time_s[i], i, c.time_s[i - 1]));
    }
  }
  for (std::size_t k = 0; k < s.events.size(); ++k) {
    const auto& ev = s.events[k];
    auto fail = [&](const std::string& problem) {
      throw ScheduleError(L::events, k, ev.target, problem);
    };
    if (!std::isfinite(ev.time_s)) fail("event time is not a finite number");
    if (!std::isfinite(ev.duration_s) || ev.duration_s < 0.0)
      fail(fmt::format("negative duration {} s", ev.duration_s));
    if (ev.value && !std::isfinite(*ev.value)) fail("value is not a finite number");
    const bool node_event =
        ev.kind == EventKind::supply_loss || ev.kind == EventKind::offtake_step;
    if (node_event) {
      if (nodes.find(ev.target) == model::IdIndex::npos) fail("unknown node id");
      if (ev.kind == EventKind::offtake_step && !ev.value)
        fail("offtake_step needs a value (withdrawal in kg/s)");
      if (ev.kind == EventKind::supply_loss && ev.value && *ev.value < 0.0)
        fail("supply_loss: the remaining supply must not be negative");
      continue;
    }
    if (ev.duration_s != 0.0) fail(to_string(ev.kind) + " takes no duration");
    const Kind kind = element_of(ev.target);
    if (kind == Kind::none) fail("unknown element id");
    switch (ev.kind) {
      case EventKind::compressor_trip:
        if (kind != Kind::compressor) fail(fmt::format("compressor_trip on {}", kind_name(kind)));
        if (ev.state == model::ControlState::active)
          fail("a tripped compressor is bypass or closed, not active");
        break;
      case EventKind::compressor_start:
        if (kind != Kind::compressor) fail(fmt::format("compressor_start on {}", kind_name(kind)));
        break;
      case EventKind::valve_open:
      case EventKind::valve_close:
        if (kind != Kind::valve && kind != Kind::control_valve)
          fail(fmt::format("{} on {}", to_string(ev.kind), kind_name(kind)));
        break;
      case EventKind::control:
        if (kind != Kind::compressor && kind != Kind::control_valve && kind != Kind::valve)
          fail(fmt::format("control events apply to compressors, control valves and valves; "
                           "this is {}",
                           kind_name(kind)));
        if (kind == Kind::valve && (ev.mode || ev.value))
          fail("a valve has no mode or setpoint (state active = open, closed = closed)");
        if (!ev.state && !ev.mode && !ev.value) fail("control event changes nothing");
        break;
      default: break;
    }
    if (ev.mode && kind != Kind::compressor) fail("only compressors have a mode");
    if (ev.value && kind == Kind::control_valve && !(*ev.value > 0.0))
      fail("a regulator's outlet pressure must be positive");
  }
}

}  // namespace linepack::transient
