#pragma once
// Synthetic networks for benchmarks and scaling tests: a chain, a tree and a 2-D grid mesh of
// pipes, with one pressure-fixed supply and an offtake at every other junction. Parameters are
// those of a regional transmission grid (60 bar supply, 0.5-1 m pipes of 2-10 km).
#include <cstddef>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"

namespace linepack::model {

struct SyntheticModel {
  Network network;
  Scenario scenario;
};

/// n junctions in series, supply at the first.
SyntheticModel make_chain(std::size_t junctions);
/// n junctions as a tree: junction i > 0 hangs off junction (i - 1) / 3 (branching factor 3).
SyntheticModel make_tree(std::size_t junctions);
/// A k x k grid (k = round(sqrt(n))) with pipes between horizontal and vertical neighbours:
/// loops everywhere. Supply at one corner.
SyntheticModel make_mesh(std::size_t junctions);

}  // namespace linepack::model
