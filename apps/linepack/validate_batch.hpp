#pragma once
// `linepack validate NET --scenarios DIR -o OUTDIR`: every nomination (.scn) in DIR validated in
// turn, each result written at once to OUTDIR/results/<name>.json and a row of OUTDIR/status.csv;
// a second run with the same OUTDIR resumes, reusing results whose inputs (network, nomination,
// options) are unchanged; progress on stderr. docs/validation-of-nominations.md, "Many nominations".
#include "validate_command.hpp"

namespace linepack::cli {

/// Exit code 0 when every nomination is feasible, 1 when any is infeasible, undecided or could
/// not be read (its status row says why), 2 for bad input (no such folder, no nominations).
int run_validate_batch(const ValidateArgs& args);

}  // namespace linepack::cli
