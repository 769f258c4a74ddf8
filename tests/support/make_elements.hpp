#pragma once
// Element builders of the hand-made test networks, so each test states only what its case needs:
// the caller adds friction (friction_factor or roughness_m) to a pipe and limits to a station.
#include <string>

#include "linepack/model/elements.hpp"

namespace linepack::test {

/// A horizontal pipe from -> to.
inline model::Pipe make_pipe(const std::string& id, const std::string& from, const std::string& to,
                             double length_m, double diameter_m) {
  model::Pipe p;
  p.id = id;
  p.from = from;
  p.to = to;
  p.length_m = length_m;
  p.diameter_m = diameter_m;
  return p;
}

/// An active compressor station from -> to holding `setpoint` in `mode`.
inline model::Compressor make_active_compressor(const std::string& id, const std::string& from,
                                                const std::string& to, model::CompressorMode mode,
                                                double setpoint) {
  model::Compressor c;
  c.id = id;
  c.from = from;
  c.to = to;
  c.state = model::ControlState::active;
  c.mode = mode;
  c.setpoint = setpoint;
  return c;
}

}  // namespace linepack::test
