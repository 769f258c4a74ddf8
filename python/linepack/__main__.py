"""``python3 -m linepack ensemble ...``: the command line of the Python package.

``linepack ensemble ...`` (the C++ command) hands over to this, with the same arguments.

Exit codes, as ``linepack solve``: 0 every scenario converged; 1 the run finished but some
scenario did not converge or failed (all are recorded in OUTDIR/status.csv); 2 invalid input or
usage (nothing is solved).
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__

ENSEMBLE_EPILOG = """\
INPUT is a GasLib .net (read without a nomination: give the nominations with --scenarios), a
native .json model or a LANL case folder (their own scenario is the base case when --scenarios
is not given). A scenario is a GasLib .scn nomination or a .json controls file (merged into the
model's scenario). --contingencies n-1 adds, for every scenario, one case per compressor, pipe,
valve and control valve out of service (compressors and valves closed, pipes removed).

OUTDIR gets scenarios/<case>.csv (the case's node and element quantities, exact decimal
numbers) and status.csv (one row per case: status, iterations, residual, reason). Running the
same command again resumes: finished cases are not solved again.

examples:
  linepack ensemble GasLib-134-v2.net --scenarios Nominations-134-v2 --workers 2 -o out134
  linepack ensemble GasLib-40.net --scenarios GasLib-40.scn --contingencies n-1 -o out40
  linepack ensemble model.json --scenarios cases/ --scheduler tcp://10.0.0.5:8786 -o out
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="linepack",
        description="linepack Python command line (the C++ `linepack` command runs `ensemble` "
        "through it).",
    )
    p.add_argument("--version", action="version", version=f"linepack {__version__} (Python)")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser(
        "ensemble",
        help="solve many scenarios of one network on Dask",
        description="Solve many scenarios of one network on Dask: a local cluster by default, "
        "or a scheduler.",
        epilog=ENSEMBLE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    e.add_argument("input", metavar="INPUT", help="GasLib .net, native .json model or LANL case folder")
    e.add_argument("--scenarios", metavar="DIR|FILE", action="append",
                   help="scenario files: a folder of .scn/.json, one file, or a .txt list of "
                   "paths (repeatable)")
    e.add_argument("--contingencies", metavar="n-1", choices=["n-1"],
                   help="also solve every scenario with each compressor, pipe, valve and "
                   "control valve out of service in turn")
    e.add_argument("--pipe-outage", choices=["remove", "close"], default="remove",
                   help="N-1 pipe outage: remove the pipe, or replace it by a closed valve "
                   "(default remove)")
    e.add_argument("--workers", type=int, default=2, metavar="N",
                   help="worker processes of the local Dask cluster (default 2); 0: no Dask, "
                   "solve in this process")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="use the Dask scheduler at ADDRESS (e.g. tcp://host:8786) instead of a "
                   "local cluster")
    e.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                   help="output folder (created; a second run resumes from it)")
    e.add_argument("--batch-size", type=int, metavar="N", help="scenarios per Dask task")
    e.add_argument("--eos", help="equation of state (as linepack solve --eos)")
    e.add_argument("--friction", help="friction law (as linepack solve --friction)")
    e.add_argument("--tolerance", type=float, help="convergence tolerance (default 1e-7)")
    e.add_argument("--max-iterations", type=int, help="Newton iteration cap (default 60)")
    e.add_argument("--tables", action="store_true",
                   help="also write OUTDIR/tables/<quantity>.csv: one row per scenario, one "
                   "column per node or element")
    e.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    return p


def _ensemble(args: argparse.Namespace) -> int:
    from . import InputError, read
    from . import ensemble as ens

    if args.workers < 0:
        raise InputError(f"--workers must be 0 or more, got {args.workers}")
    if args.batch_size is not None and args.batch_size < 1:
        raise InputError(f"--batch-size must be positive, got {args.batch_size}")
    model = read(args.input)
    scenarios = ens.scenario_cases(args.scenarios) if args.scenarios else [ens.Case("base")]
    cases = scenarios
    if args.contingencies:
        cases = ens.combine(scenarios, ens.n_minus_1(model, pipe_outage=args.pipe_outage))
    result = ens.run(
        model,
        cases,
        outdir=args.output,
        workers=args.workers,
        scheduler=args.scheduler,
        batch_size=args.batch_size,
        eos=args.eos,
        friction=args.friction,
        tolerance=args.tolerance,
        max_iterations=args.max_iterations,
        progress=not args.quiet,
    )
    if args.tables:
        tables = os.path.join(args.output, "tables")
        os.makedirs(tables, exist_ok=True)
        for quantity, frame in result.frames.items():
            frame.to_csv(os.path.join(tables, f"{quantity}.csv"))
    return 0 if (result.status["status"] == "converged").all() else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "ensemble":
            return _ensemble(args)
    except ValueError as e:  # InputError, ValidationError, bad option values
        print(f"linepack: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"linepack: error: {e}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
