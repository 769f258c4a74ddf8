#pragma once
// Boundary conditions and controls over time: time series of node boundaries (supply pressure or
// flow, offtake flows) and of element setpoints (compressors, regulators), plus discrete events
// (compressor trip/start, valve open/close, supply loss, offtake step). A Schedule is a plain
// value (SI units, times in seconds from the simulation's time origin); readers are in io/
// (schedule_reader, gastransim_reader). See docs/transient.md.
//
// Precedence, per node or element: the latest event at or before t wins; without one, the
// element's or node's time series; without one, the model's own scenario or element settings.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "linepack/gas/composition.hpp"
#include "linepack/model/elements.hpp"
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::transient {

enum class Interpolation {
  linear,  ///< piecewise linear between points
  step,    ///< value[i] holds on [time[i], time[i+1]) (right-continuous)
};

/// A scalar function of time given by points, times strictly increasing. Before the first point
/// the first value holds, after the last point the last value.
struct TimeSeries {
  std::vector<double> time_s;
  std::vector<double> value;
  Interpolation interpolation = Interpolation::linear;
  bool operator==(const TimeSeries&) const = default;

  /// Value at t (right-continuous: at a step point, the new value).
  double at(double t) const;
  /// Left limit at t (at a step point, the old value); equals at(t) for linear series.
  double left(double t) const;
  /// A constant series.
  static TimeSeries constant(double v) { return {{0.0}, {v}, Interpolation::step}; }
};

/// A node boundary over time: pressure [Pa] or withdrawal [kg/s] (negative = supply).
struct NodeSeries {
  std::string node;
  model::NodeBoundary::Kind kind = model::NodeBoundary::Kind::flow;
  TimeSeries series;
  bool operator==(const NodeSeries&) const = default;
};

/// A setpoint schedule of a compressor (ratio, outlet Pa or kg/s by mode) or a control valve
/// (outlet Pa). `state` and `mode`, when given, hold over the whole series (default: active, and
/// the element's own mode).
struct ElementSeries {
  std::string element;
  std::optional<model::ControlState> state;
  std::optional<model::CompressorMode> mode;
  TimeSeries setpoint;
  bool operator==(const ElementSeries&) const = default;
};

enum class EventKind {
  compressor_trip,   ///< compressor stops: bypass with a non-return valve (default) or closed
  compressor_start,  ///< compressor becomes active (mode and setpoint given or the model's)
  valve_open,        ///< valve opens (control valve: bypass)
  valve_close,       ///< valve or control valve closes (q = 0)
  supply_loss,       ///< supply node becomes a flow node with the remaining supply (default 0)
  offtake_step,      ///< node withdrawal steps (or ramps over duration_s) to value [kg/s]
  control,           ///< any state/mode/setpoint change of a compressor or control valve
};
std::string to_string(EventKind kind);
EventKind parse_event_kind(const std::string& name);  ///< std::invalid_argument

struct Event {
  double time_s = 0.0;
  EventKind kind = EventKind::control;
  std::string target;  ///< node id (supply_loss, offtake_step) or element id
  std::optional<model::ControlState> state;
  std::optional<model::CompressorMode> mode;
  /// compressor_start/control: setpoint; offtake_step: new withdrawal [kg/s];
  /// supply_loss: remaining supply [kg/s, positive] (default 0).
  std::optional<double> value;
  /// offtake_step, supply_loss: the change is a linear ramp over this many seconds (0: a step).
  double duration_s = 0.0;
  /// compressor_trip with state bypass: a non-return valve stops reverse flow (default true).
  bool non_return = true;
  bool operator==(const Event&) const = default;
};

/// The composition of the gas a supply node injects over time (gas quality tracking,
/// docs/transient.md): composition[i] holds on [time_s[i], time_s[i+1]) (a step series; before
/// the first point the first composition). Supplies without one inject the network's gas
/// (physics.eos.composition).
struct SupplyComposition {
  std::string node;
  std::vector<double> time_s;
  std::vector<gas::Composition> composition;
  bool operator==(const SupplyComposition&) const = default;
  /// The composition that holds at t (right-continuous).
  const gas::Composition& at(double t) const;
};

struct Schedule {
  std::vector<NodeSeries> nodes;
  std::vector<ElementSeries> elements;
  std::vector<Event> events;
  /// Supply compositions; empty: no gas quality tracking (the network's gas everywhere).
  std::vector<SupplyComposition> compositions;
  bool operator==(const Schedule&) const = default;
  bool empty() const { return nodes.empty() && elements.empty() && events.empty(); }
};

/// A problem with a schedule: `target` names the node or element (may be empty), `entry` is the
/// position of the offending entry in its list (nodes, elements or events) for locating it.
class ScheduleError : public std::runtime_error {
 public:
  enum class List { nodes, elements, events, compositions, none };
  ScheduleError(List list, std::size_t entry, std::string target, const std::string& problem)
      : std::runtime_error(target.empty() ? problem : "'" + target + "': " + problem),
        list_(list), entry_(entry), target_(std::move(target)), problem_(problem) {}
  List list() const { return list_; }
  std::size_t entry() const { return entry_; }
  const std::string& target() const { return target_; }
  const std::string& problem() const { return problem_; }

 private:
  List list_;
  std::size_t entry_;
  std::string target_;
  std::string problem_;
};

/// Checks the schedule against the network: known ids, element kinds that fit the series or
/// event, strictly increasing finite times, finite values, positive pressures, non-negative
/// durations. Throws ScheduleError naming the entry.
void validate(const Schedule& schedule, const model::Network& network);

/// Checks one series (used by readers before they know the network).
void validate_series(const TimeSeries& series, ScheduleError::List list, std::size_t entry,
                     const std::string& target);

}  // namespace linepack::transient
