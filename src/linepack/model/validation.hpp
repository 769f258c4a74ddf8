#pragma once
// Checks a network and scenario before solving: ids, references, physical ranges, topology.
#include <stdexcept>
#include <string>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::model {

/// Thrown for an invalid model. `element()` names the offending node or element id.
class ValidationError : public std::runtime_error {
 public:
  ValidationError(std::string element, const std::string& message)
      : std::runtime_error(element.empty() ? message : "'" + element + "': " + message),
        element_(std::move(element)),
        problem_(message) {}
  const std::string& element() const { return element_; }
  /// The message without the element prefix.
  const std::string& problem() const { return problem_; }

 private:
  std::string element_;
  std::string problem_;
};

/// Validates the network alone (unique ids, existing end nodes, positive lengths/diameters,
/// bounds ordered, physics settings sane). Throws ValidationError on the first problem.
void validate(const Network& network);

/// Node indices resolved during validation, so that solvers need not look ids up again.
struct Topology {
  /// From- and to-node index of every element, kinds in the order pipes, short pipes,
  /// resistors, valves, control valves, compressors, each kind in network order.
  std::vector<std::size_t> from, to;
  /// Node index of every scenario boundary, in scenario order.
  std::vector<std::size_t> boundary_node;
};

/// Validates the scenario against the network, and that every connected component of the
/// network graph has at least one pressure-fixed node. Throws ValidationError. Returns the
/// resolved node indices.
Topology validate(const Network& network, const Scenario& scenario);

/// Applies the scenario's element controls to a copy of the network (states and setpoints).
Network apply_controls(const Network& network, const Scenario& scenario);

}  // namespace linepack::model
