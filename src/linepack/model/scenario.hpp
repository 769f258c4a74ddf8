#pragma once
// Boundary conditions and control settings for one steady solve.
#include <optional>
#include <string>
#include <vector>

#include "linepack/model/elements.hpp"

namespace linepack::model {

/// A node's boundary condition: a fixed pressure, or a fixed mass flow (withdrawal positive,
/// injection negative). Nodes without one have zero net withdrawal.
struct NodeBoundary {
  enum class Kind { pressure, flow };
  std::string node;
  Kind kind = Kind::flow;
  double value = 0.0;  ///< Pa for pressure, kg/s (withdrawal > 0) for flow
  bool operator==(const NodeBoundary&) const = default;
};

/// Override of an element's operating state and setpoint (valves: active=open, closed=closed).
struct ElementControl {
  std::string element;
  ControlState state = ControlState::active;
  std::optional<CompressorMode> mode;  ///< compressors only
  std::optional<double> setpoint;      ///< ratio, Pa or kg/s (compressor); Pa (control valve)
  bool operator==(const ElementControl&) const = default;
};

struct Scenario {
  std::string name;
  std::vector<NodeBoundary> boundaries;
  std::vector<ElementControl> controls;
  bool operator==(const Scenario&) const = default;
};

}  // namespace linepack::model
