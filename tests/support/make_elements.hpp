#pragma once
// Element builders of the hand-made test networks, so each test states only what its case needs:
// the caller adds friction (friction_factor or roughness_m) to a pipe and limits to a station.
#include <string>
#include <type_traits>

#include "linepack/model/elements.hpp"

namespace linepack::test {

/// An element of kind `Element` (model::Valve, model::ShortPipe, ...) from -> to, all else default.
template <class Element>
Element make_branch(const std::string& id, const std::string& from, const std::string& to) {
  static_assert(std::is_base_of_v<model::Branch, Element>);
  Element e;
  e.id = id;
  e.from = from;
  e.to = to;
  return e;
}

/// A horizontal pipe from -> to.
inline model::Pipe make_pipe(const std::string& id, const std::string& from, const std::string& to,
                             double length_m, double diameter_m) {
  auto p = make_branch<model::Pipe>(id, from, to);
  p.length_m = length_m;
  p.diameter_m = diameter_m;
  return p;
}

/// An active compressor station from -> to holding `setpoint` in `mode`.
inline model::Compressor make_active_compressor(const std::string& id, const std::string& from,
                                                const std::string& to, model::CompressorMode mode,
                                                double setpoint) {
  auto c = make_branch<model::Compressor>(id, from, to);
  c.state = model::ControlState::active;
  c.mode = mode;
  c.setpoint = setpoint;
  return c;
}

}  // namespace linepack::test
