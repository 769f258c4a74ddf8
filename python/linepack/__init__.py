"""linepack: steady-state simulation of natural-gas transmission networks, from Python.

Five lines from a GasLib instance to a table of pressures::

    import linepack
    model = linepack.read("GasLib-11.net", scenario="GasLib-11.scn")
    model.set_control("CS02_N04_N05", "active", "pressure_ratio", 1.2)
    result = linepack.solve(model)
    print(result.status, result.nodes["pressure_bar"].min())

* :func:`read` reads a GasLib ``.net`` (with a ``.scn`` nomination), a native ``.json`` model or
  a LANL GasSteadySim case folder into a :class:`Model` (network and scenario).
* :class:`Model` edits the network (``add_pipe``, ``set_pipe``, ``remove_element``, ...) and the
  scenario (``set_control``, ``set_boundary``, ``load_scenario``).
* :func:`solve` solves the steady state (the GIL is released meanwhile) and returns a
  :class:`Result` with pandas DataFrames (``nodes``, ``elements``, ``violations``) whose columns
  carry their unit, bit-identical to ``linepack solve``'s JSON.
* :mod:`linepack.ensemble` runs many scenarios of one network on dask.distributed.
* :mod:`linepack.plot` draws network maps, pressure profiles and transient time series.
* Bad input raises :class:`InputError` (a ``ValueError``), an invalid model
  :class:`ValidationError` (an ``InputError``), with the C++ library's messages.

Documentation: docs/python.md in the source tree.
"""
from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

try:  # a Python without Debian's python3-numpy/pandas (e.g. a pyenv python3 first on PATH)
    import numpy  # noqa: F401
    import pandas  # noqa: F401
except ImportError as _missing:
    raise ImportError(
        f"linepack needs numpy and pandas, and this Python ({sys.executable}) cannot import "
        f"{getattr(_missing, 'name', None) or 'them'}: use /usr/bin/python3 (Debian's "
        "python3-numpy and python3-pandas) or install numpy and pandas") from _missing

try:
    from . import _core
except ImportError as _abi:
    raise ImportError(
        f"linepack's compiled module _core does not load in this Python ({sys.executable}, "
        f"{sys.version.split()[0]}): {_abi}. Use the interpreter it was built for "
        "(/usr/bin/python3 with scripts/build.sh), or `pip install .` with this one") from _abi
from ._core import InputError, Model, ValidationError
from ._core import capital_recovery_factor, pipe_max_pressure_pa, pipe_wall_thickness_m
from .frames import ELEMENT_COLUMNS, NODE_COLUMNS, Result

if TYPE_CHECKING:
    from . import ensemble as ensemble
    from . import plot as plot

__version__ = "0.1.0"

__all__ = [
    "ELEMENT_COLUMNS",
    "InputError",
    "Model",
    "NODE_COLUMNS",
    "Result",
    "ValidationError",
    "capital_recovery_factor",
    "pipe_max_pressure_pa",
    "pipe_wall_thickness_m",
    "read",
    "run_ensemble",
    "simulate",
    "solve",
    "TransientResult",
    "validate",
]


def read(path: str | os.PathLike[str], scenario: str | os.PathLike[str] | None = None) -> Model:
    """Reads a model, choosing the reader as ``linepack solve`` does.

    Args:
        path: a GasLib ``.net`` file (its ``.cs`` beside it is read too), a native ``.json``
            model (with its optional scenario), or a LANL GasSteadySim case folder.
        scenario: a GasLib nomination (``.scn``); only with a ``.net``.

    Raises:
        InputError: unreadable or invalid input; the message names the file, line and element.
    """
    return _core.read(os.fspath(path), None if scenario is None else os.fspath(scenario))


def solve(
    model: Model,
    eos: str | None = None,
    friction: str | None = None,
    tolerance: float | None = None,
    max_iterations: int | None = None,
    trace: bool = False,
    setpoints_only: bool = False,
    withdraw_fuel: bool = False,
    map_limits: bool | None = None,
    start: Result | None = None,
) -> Result:
    """Solves the steady state of ``model`` with the options of ``linepack solve``.

    Args:
        model: the network and its scenario (not changed).
        eos: equation of state for this solve: ideal, constant_z, linear_z, papay, simple_cnga,
            full_cnga (default: the model's).
        friction: friction law: colebrook_white, nikuradse, hofer, swamee_jain, fixed (default:
            the model's; pipes with their own friction factor keep it).
        tolerance: on the weighted residual, bar for pressure equations and kg/s for flow
            equations (default 1e-7).
        max_iterations: Newton iteration cap (default 60).
        trace: one line per Newton iteration on stderr.
        setpoints_only: active regulators and stations hold their setpoints whatever their
            limits (the limits are only reported), as GasSteadySim does.
        withdraw_fuel: active stations burn their fuel gas from the line at their inlet node.
        map_limits: stations with a characteristic map also hold its limits at the working point
            (choke flow, drive power, maximum speed, surge recycling; docs/physics.md 8.2).
            Default (None): held, unless ``setpoints_only``; False: only reported as
            violations.
        start: a result of the same network whose node pressures and element flows Newton
            starts from (``linepack solve --start``); active regulators then start at their
            setpoints. Default: the solver's own starting point.

    Returns:
        A :class:`Result`. A solve that does not converge is a result with status
        ``not_converged`` or ``infeasible``, not an exception.

    Raises:
        InputError: no boundary conditions.
        ValidationError: the model is invalid (the message names the element).
        ValueError: unknown ``eos`` or ``friction`` name, ``map_limits=True`` with
            ``setpoints_only``, or a ``start`` of another network.
    """
    return Result(_core.solve(model, eos, friction, tolerance, max_iterations, trace,
                              setpoints_only, withdraw_fuel, map_limits,
                              start._raw if start is not None else None))


def validate(
    model: Model,
    objective: str = "none",
    time_limit_s: float = 60.0,
    station_model: str = "maps",
    combined_decisions: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Validates ``model``'s nomination as ``linepack validate`` does
    (docs/validation-of-nominations.md).

    Args:
        model: the network and its nomination (not changed); the scenario's pressure boundary
            marks the balancing node, whose pressure is a decision within its bounds.
        objective: none, fuel or power: report the fuel or power of the control found.
        time_limit_s: seconds before the answer is ``undecided``.
        station_model: ``maps`` (stations with a .cs map run inside it) or ``box`` (only their
            ratio, pressure, power and flow limits), as ``--station-model``.
        combined_decisions: a GasLib ``.cdf`` file whose decision groups the control must keep
            (as ``--cdf``; unlike the command line, none is read unless given).

    Returns:
        The result as a dict: ``verdict`` (feasible, infeasible, undecided), ``message``,
        ``controls`` (a controls file), ``decisions``, ``certificate`` (for infeasible),
        ``steady_check``, the objective fields, and with combined decisions and a feasible
        control ``combined_decisions`` (the decision each group uses).

    Raises:
        ValidationError: the model or nomination is invalid (the message names the element).
        InputError: a bad ``.cdf`` (the message names the file, decision group and element).
        ValueError: unknown ``objective`` or ``station_model``, or a non-positive time limit.
    """
    import json

    cdf = None if combined_decisions is None else os.fspath(combined_decisions)
    return json.loads(_core.validate(model, objective, time_limit_s, station_model, cdf))


def simulate(
    model: Model,
    schedule: str | os.PathLike[str] | None = None,
    *,
    duration_s: float,
    dt_s: float,
    dx_m: float,
    output_interval_s: float | None = None,
    scheme: str = "tr_bdf2",
    inertia: bool = True,
    withdraw_fuel: bool = False,
    progress: bool | None = None,
) -> "TransientResult":
    """Transient run of ``model`` with the options of ``linepack transient``.

    Args:
        model: the network and its scenario (initial steady state from it).
        schedule: a schedule file (linepack JSON/CSV or GasTranSim bc), or None.
        duration_s, dt_s, dx_m: simulated time, time step and largest cell length (SI).
        output_interval_s: time between output rows (default: dt_s).
        scheme: tr_bdf2 (default), crank_nicolson, backward_euler.
        inertia: keep the convective term of the momentum equation.
        withdraw_fuel: active stations burn their fuel gas from the line at their inlet node
            (lagged by one step, as ``linepack transient --withdraw-fuel``).
        progress: a tqdm progress bar of simulated time on stderr (default: when tqdm is
            installed and stderr is a terminal or a notebook runs this).

    Ctrl-C (KeyboardInterrupt) stops the run within about 0.2 s and returns the rows computed so
    far, with ``status == "interrupted"`` and a message; the run is not lost.

    Returns:
        A :class:`TransientResult`: ``nodes`` (pressure_pa, one column per node id) and
        ``elements`` (mass_flow_kg_per_s, one column per element id) indexed by ``time_s``,
        ``linepack_kg`` and ``fuel_withdrawn_kg`` (Series), ``survival_time_s`` (dict node ->
        seconds or None), ``status``,
        ``quality`` (gas quality at the boundary nodes when the schedule gives supply
        compositions, else None) and ``temperatures`` (gas temperature per node when the
        model's energy equation is on, else None),
        ``control_mode`` and ``binding_limit`` (one column per control valve and compressor).
    """
    bar = _progress_bar(duration_s, progress)
    on_progress = None
    if bar is not None:
        start: list[float] = []

        def on_progress(time_s: float, end_time_s: float) -> None:
            if not start:
                start.append(end_time_s - duration_s)
            bar.n = min(time_s - start[0], duration_s)
            bar.refresh()

    try:
        raw = _core.simulate(model, None if schedule is None else os.fspath(schedule),
                             duration_s, dt_s, dx_m, output_interval_s, scheme, inertia,
                             withdraw_fuel, on_progress)
    finally:
        if bar is not None:
            bar.close()
    if raw["status"] == "interrupted":
        print(f"linepack.simulate: {raw['message']}", file=sys.stderr)
    return TransientResult(raw)


def _progress_bar(duration_s: float, progress: bool | None):
    """A tqdm bar over simulated seconds, or None (no tqdm, or not wanted)."""
    if progress is False:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    if progress is None and not (sys.stderr.isatty() or "ipykernel" in sys.modules):
        return None
    return tqdm(total=duration_s, unit="s", unit_scale=True, desc="simulate",
                bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} s simulated [{elapsed}<{remaining}]")


class TransientResult:
    """Time series of a transient run (SI units; unit in the column or attribute name)."""

    def __init__(self, raw: dict) -> None:
        import pandas as pd

        index = pd.Index(raw["time_s"], name="time_s")
        self.status: str = raw["status"]
        self.message: str = raw["message"]
        self.nodes = pd.DataFrame(raw["node_pressure_pa"], index=index, columns=raw["node_ids"])
        self.elements = pd.DataFrame(raw["element_flow_kg_per_s"], index=index,
                                     columns=raw["element_ids"])
        self.linepack_kg = pd.Series(raw["linepack_kg"], index=index, name="linepack_kg")
        #: Fuel gas withdrawn at the stations' inlets since the start (0 without withdraw_fuel).
        self.fuel_withdrawn_kg = pd.Series(raw["fuel_withdrawn_kg"], index=index,
                                           name="fuel_withdrawn_kg")
        self.survival_time_s: dict = dict(raw["survival_time_s"])
        #: Gas quality at the boundary nodes when the schedule gives supply compositions
        #: (columns ``ID:gross_cv_j_per_m3``, ``ID:wobbe_j_per_m3``, ``ID:relative_density``,
        #: ``ID:energy_flow_w``; ISO 6976, per normal m3), else None.
        self.quality = (pd.DataFrame(raw["quality"], index=index, columns=raw["quality_columns"])
                        if "quality" in raw else None)
        #: Gas temperature [K] per node (columns = node ids) when the model's energy equation is
        #: on (physics.thermal.energy_equation), else None.
        self.temperatures = (pd.DataFrame(raw["node_temperature_k"], index=index,
                                          columns=raw["node_ids"])
                             if "node_temperature_k" in raw else None)
        # Per control valve and compressor (columns): the mode held and the limit that binds.
        self.control_mode = pd.DataFrame(raw["control_mode"], index=index,
                                         columns=raw["control_ids"])
        self.binding_limit = pd.DataFrame(raw["binding_limit"], index=index,
                                          columns=raw["control_ids"])

    def __repr__(self) -> str:
        return (f"<linepack.TransientResult {self.status}: {len(self.nodes)} rows, "
                f"{self.nodes.shape[1]} nodes>")


def __getattr__(name: str) -> Any:
    # linepack.ensemble imports dask; load it only when it is used.
    if name in ("ensemble", "plot"):  # plot imports matplotlib
        import importlib

        return importlib.import_module("." + name, __name__)
    if name == "run_ensemble":
        from .ensemble import run

        return run
    raise AttributeError(f"module 'linepack' has no attribute {name!r}")
