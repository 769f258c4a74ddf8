#pragma once
// The pressure zones of a candidate control on a meshed network (validation/heuristic_controls):
// which valves a candidate with active regulators and stations opens, which regulators it closes
// across a station, the zones its setters feed and how far to move each setter to centre its
// zone in its bounds.
#include <cstddef>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"

namespace linepack::validation {

/// Node indices by node id.
using NodeIndex = std::unordered_map<std::string_view, std::size_t>;

/// Valves for a candidate with active regulators and stations: a valve open across an active
/// element's two ends would bridge it (the control loop then holds it open, so it cannot separate
/// two pressure levels; GasLib's interchange stations and regulator bypasses are such valves).
/// Valves are opened in turn, each only when it joins two parts not yet joined and leaves every
/// active element's ends apart (a union-find over pipes, short pipes, resistors and the valves
/// opened so far); the rest are closed.
std::vector<char> valves_not_bridging(const model::Network& net, const NodeIndex& index,
                                      const std::vector<char>& regulator_active,
                                      const std::vector<char>& station_active);

/// Regulators to close in a candidate with active stations: GasLib-4197's stations have
/// regulators on lines from their outlet back to their inlet (e.g. compressorStation_8 with
/// controlValve_84 and controlValve_23); the control loop starts regulators fully open, so
/// such a line joins the station's two ends without loss and the station cannot hold a
/// pressure (steady/lossless_conflicts.hpp rejects it). Regulators are taken in turn over a
/// union-find of short pipes and open valves, each closed when it would join an active
/// station's ends, else joined.
std::vector<char> regulators_across_stations(const model::Network& net, const NodeIndex& index,
                                             const std::vector<char>& valve_open,
                                             const std::vector<char>& station_active);

/// Zones: the nodes a node reaches through pipes, short pipes, resistors, open valves and
/// bypassed regulators and stations (one pressure level up to its pipes' losses). Active and
/// closed regulators and stations separate zones. `window`: [max pressure_min, min
/// pressure_max] of each zone.
struct Zones {
  std::vector<std::size_t> of;  ///< per node: its zone (a node index)
  std::vector<std::pair<double, double>> window;  ///< per zone index
};

/// `controls`: one per valve, regulator and station, in that order (CandidateSearch's layout).
Zones zones_of(const model::Network& net, const NodeIndex& index,
               const std::vector<model::ElementControl>& controls);

/// Per zone, the shift of p^2 [Pa^2] that centres the solved pressures in their bounds: on a
/// zone whose flows stay put, p_i^2 - p_set^2 hardly depends on the level p_set (exactly so for
/// an ideal gas without elevation), so moving the setpoint's square by the shift moves every
/// node's square by about as much. NaN for zones without a violation.
std::vector<double> recentring_shifts(const model::Network& net, const Zones& z,
                                      const steady::SteadyResult& r);

}  // namespace linepack::validation
