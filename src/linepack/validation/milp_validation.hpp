#pragma once
// Validation of a nomination on a network the exact tree method does not cover, through the
// MILP outer relaxation (validation/milp_relaxation.hpp, docs/validation-of-nominations.md):
//   relaxation infeasible -> `infeasible`, with the conflicting bounds (milp_certificate.hpp);
//   relaxation feasible   -> its discrete decisions (valve states, regulator and station modes)
//                            with setpoints, re-checked by the steady solver: `feasible` when
//                            one passes; otherwise no verdict here (the heuristic candidates
//                            follow) and `status` says what the relaxation found.
#include <optional>
#include <string>

#include "linepack/model/network.hpp"
#include "linepack/model/scenario.hpp"
#include "linepack/validation/nomination.hpp"

namespace linepack::validation {

struct MilpOutcome {
  std::optional<ValidationResult> decided;  ///< feasible or infeasible
  std::string status;  ///< for an undecided message: "the MILP relaxation is feasible ..."
};

/// The relaxation's first solve and the re-checks use at most `time_limit_s` (CBC's time limit);
/// after a proof of infeasibility, the search for a small set of conflicting bounds may take up
/// to `options.time_limit_s` less `time_limit_s`.
MilpOutcome milp_validation(const model::Network& network, const model::Scenario& scenario,
                            const ValidationOptions& options, double time_limit_s);

/// `infeasible`, with its certificate, when the relaxation's LP (binaries relaxed to [0, 1])
/// is: a Clp solve of milliseconds to a tenth of a second, tried before the candidate controls.
/// nullopt when the LP is feasible, the relaxation does not apply, or the time runs out. With
/// `decisions` (a `.cdf`), the relaxation is restricted to them (MilpRelaxation::restrict_to),
/// and so is the proof.
std::optional<ValidationResult> linear_relaxation_proof(const model::Network& network,
                                                        const model::Scenario& scenario,
                                                        double time_limit_s,
                                                        const CombinedDecisions* decisions = nullptr);

/// Node bounds are relaxed by this much in the relaxation [Pa]: far above CBC's tolerances
/// (1e-9 on potentials of order 1e3, about 1e-4 Pa) and the steady check's own 1 Pa.
inline constexpr double milp_proof_slack_pa = 100.0;

}  // namespace linepack::validation
