"""``python3 -m linepack ensemble|plot|validate ...``: the command line of the Python package.

``linepack ensemble ...`` and ``linepack plot ...`` (the C++ command) hand over to this, with
the same arguments; so does ``linepack validate NET --scenarios DIR -o OUTDIR`` with
``--workers N`` or ``--scheduler ADDRESS`` (many validations on Dask).

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

    v = sub.add_parser(
        "validate",
        help="validate a folder of nominations on Dask",
        description="Validate every GasLib nomination (.scn) in a folder against one network on "
        "Dask, into the output folder of `linepack validate NET --scenarios DIR -o OUTDIR` "
        "(results/NAME.json, status.csv); a rerun resumes (docs/validation-of-nominations.md).",
    )
    v.add_argument("input", metavar="NET", help="GasLib .net (its .cs beside it is read too)")
    v.add_argument("--scenarios", metavar="DIR", required=True,
                   help="a folder of GasLib nominations (.scn)")
    v.add_argument("-o", "--output", metavar="OUTDIR", required=True,
                   help="output folder (created; a second run resumes from it)")
    v.add_argument("--objective", choices=["none", "fuel", "power"], default="none")
    v.add_argument("--time-limit", type=float, default=60.0, metavar="S",
                   help="seconds per nomination before it is undecided (default 60)")
    v.add_argument("--station-model", choices=["maps", "box"], default="maps")
    v.add_argument("--cdf", metavar="FILE",
                   help="GasLib combined decisions (default: the .cdf beside NET, when present)")
    v.add_argument("--no-cdf", action="store_true", help="ignore the .cdf beside NET")
    v.add_argument("--workers", type=int, default=2, metavar="N",
                   help="worker processes of the local Dask cluster (default 2); 0: no Dask")
    v.add_argument("--scheduler", metavar="ADDRESS",
                   help="use the Dask scheduler at ADDRESS instead of a local cluster")
    v.add_argument("--batch-size", type=int, metavar="N", help="nominations per Dask task")
    v.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")

    pl = sub.add_parser(
        "plot",
        help="draw a result: network map, pressure profile or transient time series",
        description="Draw a steady result (the JSON of `linepack solve`) as a network map "
        "coloured by pressure with flow arrows, or as a pressure profile between two nodes; or "
        "a transient output folder (`linepack transient`) as time series of pressures, flows "
        "and line pack.",
        epilog=PLOT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    pl.add_argument("result", metavar="RESULT", help="result JSON of linepack solve, or output "
                    "folder of linepack transient")
    pl.add_argument("--model", metavar="INPUT", help="the solved model (GasLib .net, native "
                    ".json or LANL folder): node coordinates and pipe lengths")
    pl.add_argument("--profile", nargs=2, metavar=("FROM", "TO"),
                    help="pressure and elevation along the path between two nodes (needs "
                    "--model)")
    pl.add_argument("--nodes", nargs="+", metavar="ID", help="transient: nodes to plot")
    pl.add_argument("--elements", nargs="+", metavar="ID", help="transient: elements to plot")
    pl.add_argument("--labels", action="store_true", help="map: write node ids")
    pl.add_argument("-o", "--output", required=True, metavar="FILE",
                    help="image file: .svg, .png or .pdf")
    return p


PLOT_EPILOG = """\
examples:
  linepack solve data/gaslib/official/GasLib-40/GasLib-40.net \\
      --scenario data/gaslib/official/GasLib-40/GasLib-40.scn -o g40.json
  linepack plot g40.json --model data/gaslib/official/GasLib-40/GasLib-40.net -o g40.svg
  linepack plot g40.json --model data/gaslib/official/GasLib-40/GasLib-40.net \\
      --profile source_1 sink_10 -o profile.png
  linepack plot out/transient -o series.png
"""


def _model_from_result(doc: dict) -> dict:
    """A native-JSON-like network (topology only) from a result report, for a map without
    --model: nodes without coordinates (laid out), elements by kind."""
    net: dict = {"name": "", "nodes": [{"id": n["id"]} for n in doc["nodes"]]}
    for e in doc["elements"]:
        net.setdefault(e["kind"] + "s", []).append({"id": e["id"], "from": e["from"],
                                                     "to": e["to"]})
    return net


def _plot(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from . import InputError, read

    path = Path(args.result)
    if not path.exists():
        raise InputError(f"{path}: no such result file or folder")
    out = Path(args.output)
    if out.suffix.lower() not in (".svg", ".png", ".pdf"):
        raise InputError(f"{out}: choose a .svg, .png or .pdf file name")
    try:
        from . import plot
    except ImportError as e:
        raise InputError(f"linepack plot needs matplotlib ({e}): install Debian's "
                         "python3-matplotlib (scripts/install-deps.sh)") from None

    if path.is_dir():
        if not (path / "nodes.csv").exists():
            raise InputError(f"{path}: not an output folder of linepack transient (no nodes.csv)")
        fig = plot.time_series(path, nodes=args.nodes, elements=args.elements)
    else:
        try:
            doc = json.loads(path.read_text())
            doc["nodes"], doc["elements"]
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"{path}: not a result JSON of linepack solve ({e})") from None
        model = read(args.model) if args.model else None
        if args.profile:
            if model is None:
                raise InputError("--profile needs --model (pipe lengths and elevations)")
            fig = plot.pressure_profile(model, doc, *args.profile).figure
        else:
            net = model if model is not None else _model_from_result(doc)
            fig = plot.network_map(net, doc, labels=args.labels).figure
    tmp = out.with_name(out.name + ".partial" + out.suffix)
    fig.savefig(tmp, dpi=120, bbox_inches="tight", format=out.suffix[1:].lower())
    os.replace(tmp, out)
    print(f"wrote {out}", file=sys.stderr)
    return 0


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


def _validate(args: argparse.Namespace) -> int:
    from . import InputError
    from . import validate_ensemble

    if args.workers < 0:
        raise InputError(f"--workers must be 0 or more, got {args.workers}")
    if args.batch_size is not None and args.batch_size < 1:
        raise InputError(f"--batch-size must be positive, got {args.batch_size}")
    if args.cdf and args.no_cdf:
        raise InputError("--cdf and --no-cdf exclude each other")
    status = validate_ensemble.run(
        args.input, args.scenarios, args.output, workers=args.workers, scheduler=args.scheduler,
        objective=args.objective, time_limit_s=args.time_limit, station_model=args.station_model,
        cdf=args.cdf, no_cdf=args.no_cdf, batch_size=args.batch_size, progress=not args.quiet)
    return 0 if (status["verdict"] == "feasible").all() else 1


def _quiet_on_ctrl_c() -> None:
    """Ctrl-C stops an ensemble quietly: Dask's logs of the tasks and workers it cuts off are
    muted, and so is distributed's exit hook for a cluster stopped while it started (it would
    print a traceback). A second Ctrl-C interrupts the cleanup as usual."""
    import logging
    import signal

    def on_sigint(signum, frame):  # noqa: ANN001
        logging.getLogger("distributed").setLevel(logging.CRITICAL + 1)
        spec = sys.modules.get("distributed.deploy.spec")  # never import in a signal handler
        if spec is not None and hasattr(spec, "close_clusters"):
            import atexit

            atexit.unregister(spec.close_clusters)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGINT, on_sigint)
    except ValueError:  # not the main thread
        pass


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "ensemble":
            _quiet_on_ctrl_c()
            try:
                return _ensemble(args)
            except KeyboardInterrupt:
                # One line, not Dask's and asyncio's tracebacks: what is finished is kept
                # (ensemble.run's finally has written status.csv and closed the cluster).
                print(f"linepack: interrupted; the finished scenarios are kept in {args.output} "
                      "(status.csv): run the same command again to resume", file=sys.stderr)
                return 130
        if args.command == "plot":
            return _plot(args)
        if args.command == "validate":
            _quiet_on_ctrl_c()
            try:
                return _validate(args)
            except KeyboardInterrupt:
                print(f"linepack: interrupted; the finished nominations are kept in {args.output} "
                      "(status.csv): run the same command again to resume", file=sys.stderr)
                return 130
    except KeyError as e:  # an unknown node or element id
        print(f"linepack: error: {e.args[0] if e.args else e}", file=sys.stderr)
        return 2
    except ValueError as e:  # InputError, ValidationError, bad option values
        print(f"linepack: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"linepack: error: {e}", file=sys.stderr)
        return 2
    return 2


if __name__ == "__main__":
    sys.exit(main())
