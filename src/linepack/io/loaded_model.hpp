#pragma once
// What every model reader returns: a network and the scenario that came with it (maybe empty).
#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::io {
struct LoadedModel {
  model::Network network;
  model::Scenario scenario;
};
}  // namespace linepack::io
