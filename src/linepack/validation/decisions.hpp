#pragma once
// The control of a feasible answer, element by element, with the flow and end pressures that
// the steady re-check found.
#include <vector>

#include "linepack/model/scenario.hpp"
#include "linepack/steady/result.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

std::vector<ElementDecision> decisions_of(const model::Scenario& control,
                                          const steady::SteadyResult& check);

}  // namespace linepack::validation
