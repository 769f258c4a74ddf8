"""Scenario ensembles of one network on dask.distributed.

An ensemble solves many *cases* of one network: GasLib nominations or controls files (a list, a
folder), contingencies (N-1: each compressor, pipe, valve and control valve out of service in
turn), or any modification in code (:class:`Case`). :func:`run` sends them to Dask workers: a
``LocalCluster`` (``workers`` processes with one thread each) by default, or the scheduler at
``scheduler``, or a ``client`` you already have; ``workers=0`` runs them in this process.

* The network is sent to each worker once (a worker plugin holds it; a worker that joins or is
  restarted gets it too), never with each task. Tasks carry only the cases (names, file paths,
  edits) in batches of ``batch_size``.
* Results come back as one DataFrame per quantity (rows: cases in input order; columns: node or
  element ids) plus a status table. A case that does not converge, or that raises (invalid input,
  a contingency that cuts a part off its pressure reference), is recorded with its reason, never
  dropped. Dask re-runs the tasks of a worker that dies.
* With ``outdir``, every finished case is written at once: ``scenarios/<case>.csv`` (its
  quantities) and a row of ``status.csv``. Running again with the same ``outdir`` resumes: cases
  already in ``status.csv`` with their file and the same inputs are read back, not solved
  again. The inputs are keyed by a hash (``input_sha1``) of the network, the solve options and
  quantities, and the case's content (its scenario file's bytes, controls, boundaries, outages,
  ``modify`` function): a case whose inputs changed is solved again, with a message. At the end
  ``status.csv`` is rewritten in input order and names every case.
* Progress goes to stderr.

Scenario files are opened by path: with a remote scheduler, workers must see them at the same
paths (the output folder is written by the client, unless ``write_on="worker"``).
"""
from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _core
from ._core import Model

__all__ = [
    "Case",
    "DEFAULT_ELEMENT_QUANTITIES",
    "DEFAULT_NODE_QUANTITIES",
    "EnsembleResult",
    "combine",
    "n_minus_1",
    "run",
    "scenario_cases",
]

DEFAULT_NODE_QUANTITIES: tuple[str, ...] = ("pressure_bar", "withdrawal_kg_per_s")
DEFAULT_ELEMENT_QUANTITIES: tuple[str, ...] = (
    "mass_flow_kg_per_s",
    "pressure_ratio",
    "velocity_mean_m_per_s",
    "shaft_power_w",
)
SCENARIO_SUFFIXES = (".scn", ".json")
STATUS_COLUMNS = (
    "scenario",
    "status",
    "iterations",
    "residual_norm",
    "violations",
    "supply_kg_per_s",
    "compressor_power_w",
    "solve_time_s",
    "case_time_s",
    "worker",
    "file",
    "message",
    "input_sha1",
)
SOLVER_STATUSES = ("converged", "not_converged", "infeasible")
FINAL_STATUSES = SOLVER_STATUSES + ("error",)
"""Statuses of a finished case. ``error``: the case raised (its reason is the message). Two more
appear in status tables: ``lost`` (the task could not run, e.g. its worker died too often) and
``pending`` (not run yet, after an interruption); both are run again on resume."""
MANIFEST = "ensemble.json"


# ---------------------------------------------------------------------------------------------
# Cases


@dataclasses.dataclass(frozen=True)
class Case:
    """One member of an ensemble: what to change in the base model before solving.

    Applied in this order to a copy of the base model:

    1. ``scenario``: a GasLib nomination (``.scn``) replaces the scenario; a controls file
       (``.json``, as ``linepack solve --controls``) is merged into it.
    2. ``controls``: ``(element, state, mode, setpoint)`` tuples (mode and setpoint may be
       ``None``), as :meth:`Model.set_control`.
    3. ``boundaries``: ``(node, kind, value)`` tuples, as :meth:`Model.set_boundary`.
    4. ``close``: element ids taken out of service by :meth:`Model.close_element` (valves,
       control valves, compressors closed; a pipe becomes a closed valve).
    5. ``remove``: element ids removed from the network (:meth:`Model.remove_element`).
    6. ``modify``: a function ``f(model)`` that edits the model in place (it must pickle, by
       reference or with cloudpickle, to run on Dask workers).
    """

    name: str
    scenario: str | None = None
    controls: tuple[tuple[str, str, str | None, float | None], ...] = ()
    boundaries: tuple[tuple[str, str, float], ...] = ()
    close: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    modify: Callable[[Model], Any] | None = None

    def apply(self, base: Model) -> Model:
        """A copy of ``base`` with this case's changes (``base`` is not changed)."""
        m = base.copy()
        if self.scenario is not None:
            m.load_scenario(self.scenario)
        for element, state, mode, setpoint in self.controls:
            m.set_control(element, state, mode, setpoint)
        for node, kind, value in self.boundaries:
            m.set_boundary(node, kind, value)
        for element in self.close:
            m.close_element(element)
        for element in self.remove:
            m.remove_element(element)
        if self.modify is not None:
            self.modify(m)
        return m


def _unique_names(cases: list[Case]) -> list[Case]:
    seen: dict[str, int] = {}
    out = []
    for c in cases:
        name = c.name
        if name in seen:
            seen[name] += 1
            name = f"{c.name}.{seen[c.name]}"
            while name in seen:
                seen[c.name] += 1
                name = f"{c.name}.{seen[c.name]}"
        seen.setdefault(name, 1)
        out.append(dataclasses.replace(c, name=name) if name != c.name else c)
    return out


def scenario_cases(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> list[Case]:
    """Cases from scenario files: each source is a ``.scn`` or ``.json`` file, a folder (its
    ``.scn`` and ``.json`` files, sorted by name, not recursive), or a ``.txt`` file listing one
    path per line (relative to the list's folder; ``#`` starts a comment). Case names are the
    file stems, made unique with ``.2``, ``.3``, ... suffixes.

    Raises:
        InputError: a source that does not exist or has another kind.
    """
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    files: list[Path] = []
    for source in sources:
        p = Path(source)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix in SCENARIO_SUFFIXES and f.is_file())
            if not found:
                raise _core.InputError(f"{p}: no .scn or .json scenario files in this folder")
            files.extend(found)
        elif p.suffix == ".txt" and p.is_file():
            for line in p.read_text().splitlines():
                line = line.split("#", 1)[0].strip()
                if line:
                    files.append(p.parent / line)
        elif p.suffix in SCENARIO_SUFFIXES:
            files.append(p)
        elif not p.exists():
            raise _core.InputError(f"{p}: no such scenario file or folder")
        else:
            raise _core.InputError(
                f"{p}: unknown scenario kind (expected a .scn nomination, a .json controls "
                "file, a folder of them, or a .txt list)"
            )
    return _unique_names([Case(name=f.stem, scenario=os.fspath(f)) for f in files])


def n_minus_1(
    model: Model,
    kinds: Sequence[str] = ("compressor", "pipe", "valve", "control_valve"),
    pipe_outage: str = "remove",
) -> list[Case]:
    """N-1 contingencies: one case per element of ``kinds``, that element out of service.

    * compressors, valves and control valves are closed (no flow; a station in bypass, GasLib's
      default, would change nothing);
    * pipes (and short pipes or resistors, if listed in ``kinds``) are removed from the network
      (``pipe_outage="remove"``) or replaced by a closed valve between the same nodes
      (``pipe_outage="close"``). Both give the same hydraulics; with ``"close"`` the element
      keeps its column (flow 0) in the result tables.

    A contingency that leaves part of the network without a pressure reference raises a
    ValidationError in its case, recorded as status ``error`` with that reason.
    Case names are ``out-<element id>``.
    """
    if pipe_outage not in ("remove", "close"):
        raise ValueError(f"unknown pipe_outage '{pipe_outage}' (expected remove, close)")
    cases = []
    for kind in kinds:
        for element in model.element_ids(kind):
            if kind in ("pipe", "short_pipe", "resistor") and pipe_outage == "remove":
                cases.append(Case(name=f"out-{element}", remove=(element,)))
            else:
                cases.append(Case(name=f"out-{element}", close=(element,)))
    return cases


def _compose(f: Callable[[Model], Any] | None, g: Callable[[Model], Any] | None):
    if f is None:
        return g
    if g is None:
        return f
    return _Composed(f, g)


@dataclasses.dataclass(frozen=True)
class _Composed:
    first: Callable[[Model], Any]
    second: Callable[[Model], Any]

    def __call__(self, m: Model) -> None:
        self.first(m)
        self.second(m)


def combine(
    scenarios: Sequence[Case], contingencies: Sequence[Case], include_base: bool = True
) -> list[Case]:
    """Every scenario with every contingency: for each scenario, the scenario itself (when
    ``include_base``) then ``<scenario>+<contingency>`` for each contingency."""
    out = []
    for s in scenarios:
        if include_base:
            out.append(s)
        for c in contingencies:
            if c.scenario is not None and s.scenario is not None:
                raise ValueError(f"cases '{s.name}' and '{c.name}' both name a scenario file")
            out.append(
                Case(
                    name=f"{s.name}+{c.name}",
                    scenario=s.scenario if s.scenario is not None else c.scenario,
                    controls=s.controls + c.controls,
                    boundaries=s.boundaries + c.boundaries,
                    close=s.close + c.close,
                    remove=s.remove + c.remove,
                    modify=_compose(s.modify, c.modify),
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Running one case (in a worker, or in this process)

_MODELS: dict[str, Model] = {}
_BASE_IDS: dict[str, tuple[list[str], list[str]]] = {}


def _worker_name() -> str:
    return f"{os.uname().nodename}:{os.getpid()}"


def _run_case(
    base: Model,
    base_ids: tuple[list[str], list[str]],
    case: Case,
    options: dict[str, Any],
    node_q: tuple[str, ...],
    element_q: tuple[str, ...],
    write_to: str | None = None,
    want_csv: bool = False,
) -> dict[str, Any]:
    """Solves one case. Its summary CSV is written to `write_to` (atomically) when given, or
    returned as text under "csv" when `want_csv`."""
    t0 = time.perf_counter()
    out: dict[str, Any] = {"scenario": case.name, "worker": _worker_name()}
    try:
        model = case.apply(base)
        raw = _core.solve(model, **options)
        node_ids = raw.node_ids()
        element_ids = raw.element_strings("id")
        out.update(
            status=raw.status,
            iterations=raw.iterations,
            residual_norm=raw.residual_norm,
            violations=raw.violation_count,
            supply_kg_per_s=raw.supply_kg_per_s,
            compressor_power_w=raw.compressor_power_w,
            solve_time_s=raw.solve_time_s,
            message=raw.message,
            node_ids=None if node_ids == base_ids[0] else node_ids,
            element_ids=None if element_ids == base_ids[1] else element_ids,
            values={q: np.ascontiguousarray(raw.node_column(q)) for q in node_q}
            | {q: np.ascontiguousarray(raw.element_column(q)) for q in element_q},
        )
        if write_to is not None:
            _write_atomically(Path(write_to), raw.summary_csv(list(node_q), list(element_q)))
            out["written"] = True
        elif want_csv:
            out["csv"] = raw.summary_csv(list(node_q), list(element_q))
    except Exception as e:  # noqa: BLE001 - every failure is recorded with its reason
        out.update(status="error", message=f"{type(e).__name__}: {e}")
    out["case_time_s"] = time.perf_counter() - t0
    return out


def _base_ids(model: Model) -> tuple[list[str], list[str]]:
    return model.node_ids(), model.element_ids()


def _run_batch(
    cases: list[Case],
    write_to: list[str] | None,
    *,
    want_csv: bool,
    token: str,
    options: dict[str, Any],
    node_q: tuple[str, ...],
    element_q: tuple[str, ...],
) -> Any:
    """A Dask task: solves `cases` on the model the worker plugin `token` installed, writing
    their summaries to the paths `write_to` when given."""
    base = _MODELS.get(token)
    if base is None:
        raise RuntimeError(f"linepack ensemble: the model {token[:12]} is not on this worker")
    ids = _BASE_IDS.get(token)
    if ids is None:
        ids = _BASE_IDS[token] = _base_ids(base)
    t0, c0 = time.perf_counter(), time.thread_time()
    recs = [
        _run_case(base, ids, c, options, node_q, element_q,
                  None if write_to is None else write_to[i], want_csv)
        for i, c in enumerate(cases)
    ]
    packed = _pack(recs, node_q + element_q)
    # perf_counter is CLOCK_MONOTONIC: comparable between processes of one machine.
    packed["timing"] = (_worker_name(), t0, time.perf_counter(), time.thread_time() - c0)
    return packed


def _pack(recs: list[dict[str, Any]], quantities: tuple[str, ...]) -> dict[str, Any]:
    """Stacks the values of the cases with the base model's ids into one array per quantity
    (one array to send per batch instead of one per case and quantity)."""
    same = [i for i, r in enumerate(recs) if r.get("values") is not None
            and r.get("node_ids") is None and r.get("element_ids") is None]
    if len(same) < 2:
        return {"recs": recs, "stacked": None}
    stacked = {q: np.stack([recs[i]["values"][q] for i in same]) for q in quantities}
    for k, i in enumerate(same):
        recs[i]["values"] = k
    return {"recs": recs, "stacked": stacked}


class _Row:
    """Row `k` of a packed batch: behaves as {quantity: values} for _assemble."""

    __slots__ = ("stacked", "k")

    def __init__(self, stacked: dict[str, np.ndarray], k: int) -> None:
        self.stacked = stacked
        self.k = k

    def __getitem__(self, quantity: str) -> np.ndarray:
        return self.stacked[quantity][self.k]


def _unpack(packed: dict[str, Any]) -> list[dict[str, Any]]:
    stacked = packed["stacked"]
    if stacked is not None:
        for rec in packed["recs"]:
            if isinstance(rec.get("values"), int):
                rec["values"] = _Row(stacked, rec["values"])
    return packed["recs"]


def _batches(todo: list[Case], n_workers: int, batch_size: int | None) -> list[list[Case]]:
    """Cases in batches of `batch_size`; by default about 3 tasks per worker, at most 256 cases
    each. Each task costs its worker a few milliseconds of Dask bookkeeping, during which the
    worker's solves wait for the GIL: few, large tasks keep the workers busy (measured on the
    1,234 GasLib-134 nominations: 64 cases a task ran 15-25 % slower than 200)."""
    size = batch_size or max(1, min(256, math.ceil(len(todo) / (3 * n_workers))))
    return [todo[i:i + size] for i in range(0, len(todo), size)]


def _model_plugin(token: str, model: Model):
    from distributed.diagnostics.plugin import WorkerPlugin

    class _LinepackModel(WorkerPlugin):
        """Installs the ensemble's base model on a worker (once; and on every worker that
        joins later, such as one the nanny restarts)."""

        def __init__(self, token: str, model: Model) -> None:
            self.name = f"linepack-model-{token[:16]}"
            self.token = token
            self.model = model

        def setup(self, worker) -> None:  # noqa: ANN001
            # This class is pickled by value (cloudpickle), with copies of the globals it
            # names: reach the worker's own module for the real registry.
            from linepack import ensemble

            ensemble._MODELS[self.token] = self.model
            ensemble._BASE_IDS[self.token] = ensemble._base_ids(self.model)

        def teardown(self, worker) -> None:  # noqa: ANN001
            from linepack import ensemble

            ensemble._MODELS.pop(self.token, None)
            ensemble._BASE_IDS.pop(self.token, None)

    # Defined here so that importing this module does not import distributed. The model travels
    # inside the plugin (pickled as native JSON text), once per worker.
    return _LinepackModel(token, model)


# ---------------------------------------------------------------------------------------------
# Output folder


def _file_name(name: str, used: set[str]) -> str:
    safe = re.sub(r"[^A-Za-z0-9._+=-]", "_", name)[:120] or "_"
    if safe.startswith("."):
        safe = "_" + safe[1:]
    if safe != name or safe in used:
        if safe in used:
            safe = f"{safe}~{hashlib.sha1(name.encode()).hexdigest()[:10]}"
    used.add(safe)
    return safe


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with open(tmp, "w", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _status_row(rec: dict[str, Any]) -> list[str]:
    return [_format(rec.get(k)) for k in STATUS_COLUMNS]


def _parse_status_row(row: dict[str, str]) -> dict[str, Any] | None:
    if any(row.get(k) is None for k in STATUS_COLUMNS):
        return None  # a torn line
    try:
        rec: dict[str, Any] = {"scenario": row["scenario"], "status": row["status"]}
        for k in ("iterations", "violations"):
            rec[k] = int(row[k]) if row[k] else None
        for k in ("residual_norm", "supply_kg_per_s", "compressor_power_w", "solve_time_s",
                  "case_time_s"):
            rec[k] = float(row[k]) if row[k] else None
        rec["worker"] = row["worker"]
        rec["file"] = row["file"]
        rec["message"] = row["message"]
        rec["input_sha1"] = row["input_sha1"]
        return rec
    except (KeyError, ValueError, TypeError):
        return None


def _read_status(path: Path) -> dict[str, dict[str, Any]]:
    """Finished cases recorded in status.csv; a torn last line is ignored."""
    done: dict[str, dict[str, Any]] = {}
    try:
        text = path.read_text()
    except FileNotFoundError:
        return done
    for row in csv.DictReader(io.StringIO(text)):
        rec = _parse_status_row(row)
        if rec is not None and rec["status"] in FINAL_STATUSES:
            done[rec["scenario"]] = rec
    return done


def _read_summary(path: Path, node_q: Sequence[str], element_q: Sequence[str]):
    """Reads back scenarios/<case>.csv: node ids, element ids, {quantity: array}."""
    node_ids: list[str] = []
    element_ids: list[str] = []
    nv: list[list[float]] = [[] for _ in node_q]
    ev: list[list[float]] = [[] for _ in element_q]
    nn, ne = len(node_q), len(element_q)
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != ["id", "kind", *node_q, *element_q]:
            raise ValueError(f"{path}: unexpected columns {header}")
        for row in reader:
            if row[1] == "node":
                node_ids.append(row[0])
                for j in range(nn):
                    nv[j].append(float(row[2 + j]))
            else:
                element_ids.append(row[0])
                for j in range(ne):
                    ev[j].append(float(row[2 + nn + j]))
    values = {q: np.array(nv[j], dtype=float) for j, q in enumerate(node_q)}
    values |= {q: np.array(ev[j], dtype=float) for j, q in enumerate(element_q)}
    return node_ids, element_ids, values


# ---------------------------------------------------------------------------------------------
# Progress


class _Progress:
    def __init__(self, total: int, reused: int, enabled: bool,
                 callback: Callable[[int, int], Any] | None) -> None:
        self.total = total
        self.done = reused
        self.reused = reused
        self.failed = 0
        self.enabled = enabled
        self.callback = callback
        self.t0 = time.perf_counter()
        self.last = 0.0

    def start(self) -> float:
        self.t0 = self.last = time.perf_counter()
        return self.t0

    def step(self, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        now = time.perf_counter()
        if self.enabled and (now - self.last >= 1.0 or self.done == self.total):
            self.last = now
            computed = self.done - self.reused
            elapsed = now - self.t0
            rate = computed / elapsed if elapsed > 0 else 0.0
            eta = (self.total - self.done) / rate if rate > 0 else float("nan")
            print(
                f"ensemble: {self.done}/{self.total} done ({self.failed} failed, "
                f"{self.reused} reused), {rate:.1f} scenarios/s, ETA {eta:.1f} s",
                file=sys.stderr,
                flush=True,
            )
        if self.callback is not None:
            self.callback(self.done, self.total)


# ---------------------------------------------------------------------------------------------
# Results


@dataclasses.dataclass
class EnsembleResult:
    """What :func:`run` returns.

    Attributes:
        status: one row per case (index ``scenario``, input order): status (converged,
            not_converged, infeasible, error, lost), iterations, residual_norm, violations
            (count), supply_kg_per_s, compressor_power_w, solve_time_s (C++ solve),
            case_time_s (reading the scenario, solving, summarising), worker (host:pid),
            file (under ``scenarios/``), message (the reason when not converged or failed),
            reused (read back from an earlier run).
        frames: one DataFrame per quantity (``pressure_bar``, ``mass_flow_kg_per_s``, ...):
            rows are cases (input order), columns node or element ids; NaN where a case has no
            value (an error, or an element removed by the case).
        outdir: the output folder, or None.
        computed, reused: cases solved by this run, and read back from ``outdir``.
        elapsed_s: wall time of the run (without starting a cluster).
        tasks: one row per Dask task: worker, start and end of its cases on the worker, the
            CPU time of that thread meanwhile, when the client received the result (times in
            seconds from the submission), and its case count; empty without Dask.
    """

    status: pd.DataFrame
    frames: dict[str, pd.DataFrame]
    outdir: Path | None
    computed: int
    reused: int
    elapsed_s: float
    tasks: pd.DataFrame = dataclasses.field(default_factory=pd.DataFrame)

    def __getitem__(self, quantity: str) -> pd.DataFrame:
        return self.frames[quantity]

    @property
    def failed(self) -> pd.DataFrame:
        """Status rows of the cases that did not converge."""
        return self.status[self.status["status"] != "converged"]


def _assemble(
    names: list[str],
    entries: dict[str, tuple[tuple[list[str] | None, list[str] | None] | None,
                             dict[str, np.ndarray]]],
    base_ids: list[str],
    quantity: str,
    which: int,
) -> pd.DataFrame:
    """One quantity's table: rows `names`, columns the base ids then any others seen."""
    columns = list(base_ids)
    index = {k: i for i, k in enumerate(columns)}
    cache: dict[int, np.ndarray] = {}
    for ids, _ in entries.values():
        if ids is not None and ids[which] is not None:
            for k in ids[which]:
                if k not in index:
                    index[k] = len(columns)
                    columns.append(k)
    data = np.full((len(names), len(columns)), np.nan)
    nbase = len(base_ids)
    for row, name in enumerate(names):
        entry = entries.get(name)
        if entry is None:
            continue
        ids, values = entry
        v = values[quantity]
        own = None if ids is None else ids[which]
        if own is None:
            data[row, :nbase] = v
        else:
            key = id(own)
            cols = cache.get(key)
            if cols is None:
                cols = cache[key] = np.fromiter((index[k] for k in own), dtype=np.intp,
                                                count=len(own))
            data[row, cols] = v
    return pd.DataFrame(data, index=pd.Index(names, name="scenario"),
                        columns=pd.Index(columns, name="id"))


def _callable_fingerprint(f: Any) -> Any:
    """What identifies a ``modify`` function: its module, name and byte code (and those of the
    parts of a composition), so that an edited function is a changed input."""
    if f is None:
        return None
    if isinstance(f, _Composed):
        return [_callable_fingerprint(f.first), _callable_fingerprint(f.second)]
    code = getattr(f, "__code__", None)
    ident = f"{getattr(f, '__module__', '')}.{getattr(f, '__qualname__', type(f).__qualname__)}"
    if code is None:
        return [ident, repr(f)]
    return [ident, hashlib.sha1(code.co_code + repr(code.co_consts).encode()).hexdigest()]


def _input_key(manifest: str, case: Case) -> str:
    """The resume key of a case: a hash of the network, the solve options and quantities (the
    manifest), and the case's content: its scenario file's bytes, controls, boundaries,
    outages and ``modify`` function. A case is reused only when its key is unchanged."""
    scenario = None
    if case.scenario is not None:
        try:
            scenario = hashlib.sha1(Path(case.scenario).read_bytes()).hexdigest()
        except OSError:
            scenario = f"unreadable: {case.scenario}"
    content = json.dumps({
        "scenario": scenario, "controls": case.controls, "boundaries": case.boundaries,
        "close": case.close, "remove": case.remove, "modify": _callable_fingerprint(case.modify),
    }, sort_keys=True, default=repr)
    return hashlib.sha1((manifest + "\n" + content).encode()).hexdigest()


def _model_token(model: Model, options: dict[str, Any], node_q, element_q) -> tuple[str, str]:
    text = model.to_json()
    sha = hashlib.sha1(text.encode()).hexdigest()
    return sha, json.dumps(
        {
            "format": "linepack-ensemble",
            "version": 1,
            "model_sha1": sha,
            "solve_options": options,
            "node_quantities": list(node_q),
            "element_quantities": list(element_q),
        },
        indent=1,
        sort_keys=True,
    )


MAIN_GUARD_MESSAGE = (
    "linepack.ensemble: this script starts a local Dask cluster when it is imported. Dask's "
    "worker processes import the main script again, so each would start its own cluster. Put "
    "the code that runs the ensemble under\n\n    if __name__ == \"__main__\":\n\n(see "
    "docs/python.md), or pass workers=0 to solve in this process.")


def _unguarded_main_call() -> str | None:
    """``file:line`` of a call from the top level of the ``__main__`` script outside an
    ``if __name__ == "__main__":`` block, or None (interactive, -c, guarded, or not from
    __main__'s top level)."""
    import ast
    import inspect

    frame = inspect.currentframe()
    while frame is not None:
        if frame.f_code.co_name == "<module>" and frame.f_globals.get("__name__") in (
                "__main__", "__mp_main__"):
            break
        frame = frame.f_back
    if frame is None:
        return None
    path = frame.f_globals.get("__file__")
    line = frame.f_lineno
    if not path or not os.path.isfile(path):
        return None
    try:
        tree = ast.parse(Path(path).read_text(), path)
    except (OSError, SyntaxError, ValueError):
        return None

    def is_main_test(test: ast.expr) -> bool:
        return (isinstance(test, ast.Compare) and len(test.comparators) == 1
                and {ast.unparse(test.left), ast.unparse(test.comparators[0])}
                == {"__name__", "'__main__'"})

    for node in ast.walk(tree):
        if isinstance(node, ast.If) and is_main_test(node.test):
            if node.lineno <= line <= (node.end_lineno or node.lineno):
                return None
    return f"{path}:{line}"


def _check_main_guard() -> None:
    """Fails fast (before any process starts) when a script starts a local cluster without the
    main guard; in a worker process that is importing the main script, fails at once too."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise RuntimeError(MAIN_GUARD_MESSAGE)
    where = _unguarded_main_call()
    if where is not None:
        raise RuntimeError(f"{where}: {MAIN_GUARD_MESSAGE}")


def _connect(scheduler: str | None, workers: int):
    """A client of the scheduler at `scheduler`, or of a new local cluster of `workers`
    processes: (client, cluster this run owns or None, client this run owns)."""
    if scheduler is not None:
        from distributed import Client

        client = Client(scheduler)
        return client, None, client
    cluster, client = _local_cluster(workers)
    return client, cluster, client


def _disconnect(client, plugin_name, own_client, own_cluster) -> None:
    """Ends what _connect started: a cluster that outlives this run gets the model taken off
    its workers again; a client and cluster this run owns are closed."""
    if plugin_name is not None and own_cluster is None:
        try:
            client.unregister_worker_plugin(plugin_name)
        except Exception:  # noqa: BLE001 - best effort
            pass
    if own_client is not None:
        own_client.close()
    if own_cluster is not None:
        own_cluster.close()


def _local_cluster(workers: int):
    import dask
    from distributed import Client, LocalCluster

    _check_main_guard()

    # Worker processes must import this package: put its folder on their PYTHONPATH.
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if here not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([here] + [p for p in paths if p])
    # The workers' statistical profiler (for the dashboard) and 20 ms event-loop ticks cost
    # their solves a few per cent: off, and every 500 ms, in the workers of this cluster only.
    # (A Nanny merges `config` shallowly: pass the whole "distributed" section.)
    worker_config = {"distributed": dask.config.merge(
        dask.config.get("distributed"),
        {"worker": {"profile": {"enabled": False}}, "admin": {"tick": {"interval": "500ms"}}},
    )}
    # Ctrl-C in a terminal reaches the whole process group: it is for this process (which stops
    # the run and keeps what is finished), not for this cluster's workers, which would each
    # print a traceback. SIGINT is blocked while the cluster starts: its event-loop thread and
    # the worker processes it spawns inherit the mask (through fork and exec) and never see a
    # Ctrl-C; here the mask is restored and a Ctrl-C pressed meanwhile is delivered after it.
    import signal
    import threading

    block = (hasattr(signal, "pthread_sigmask")
             and threading.current_thread() is threading.main_thread())
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if block else None
    cluster = client = None
    try:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: several clusters may run side by side
            silence_logs=logging.ERROR,
            config=worker_config,
        )
        client = Client(cluster)
    finally:
        if block:
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
            except KeyboardInterrupt:
                if client is not None:
                    client.close()
                if cluster is not None:
                    cluster.close()
                raise
    client.run(_ignore_sigint)  # workers whose mask was not inherited (a loop thread started
    return cluster, client      # earlier in this process) ignore Ctrl-C too


def _ignore_sigint() -> bool:
    import signal

    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        return True
    except ValueError:  # not the worker's main thread
        return False


def run(
    model: Model | str | os.PathLike[str],
    cases: Iterable[Case] | None = None,
    *,
    scenarios: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None = None,
    contingencies: str | Sequence[Case] | None = None,
    outdir: str | os.PathLike[str] | None = None,
    workers: int = 2,
    scheduler: str | None = None,
    client: Any = None,
    batch_size: int | None = None,
    write_on: str = "client",
    node_quantities: Sequence[str] = DEFAULT_NODE_QUANTITIES,
    element_quantities: Sequence[str] = DEFAULT_ELEMENT_QUANTITIES,
    eos: str | None = None,
    friction: str | None = None,
    tolerance: float | None = None,
    max_iterations: int | None = None,
    progress: bool = True,
    on_progress: Callable[[int, int], Any] | None = None,
) -> EnsembleResult:
    """Solves many cases of one network, on Dask or in this process.

    Args:
        model: the base model, or a path for :func:`linepack.read` (a GasLib ``.net`` is read
            without a nomination: give the nominations as ``scenarios``).
        cases: the cases (any iterable, e.g. a generator of :class:`Case`); or else
        scenarios: scenario files, folders or lists (:func:`scenario_cases`); none: the model's
            own scenario, as one case named ``base``;
        contingencies: ``"n-1"`` (:func:`n_minus_1`) or a list of cases, combined with every
            scenario (:func:`combine`).
        outdir: folder for per-case CSV files and ``status.csv``; a run resumes from it.
        workers: processes of the LocalCluster started for this run (one thread each); 0 runs
            every case in this process, without Dask.
        scheduler: address of a running Dask scheduler (``tcp://host:8786``) instead.
        client: a ``distributed.Client`` to use instead (left open).
        batch_size: cases per Dask task (default: about 3 tasks per worker, at most 256 cases).
        write_on: who writes the per-case files: ``"client"`` (this process, while the
            workers solve; the default) or ``"worker"`` (the workers, which must then see
            ``outdir``). On this project's 2-core machine creating files does not run in
            parallel (ext4), so one writer beside the workers is the faster choice.
        node_quantities, element_quantities: the result columns kept for each case.
        eos, friction, tolerance, max_iterations: as :func:`linepack.solve`.
        progress: print progress on stderr.
        on_progress: called as ``f(done, total)`` after each case; an exception it raises stops
            the run (finished cases stay in ``outdir``; the rest are ``pending``).

    Returns:
        An :class:`EnsembleResult`.
    """
    t_start = time.perf_counter()
    if not isinstance(model, Model):
        from . import read

        model = read(model)
    node_q = tuple(node_quantities)
    element_q = tuple(element_quantities)
    for q in node_q:
        if q not in _core.NODE_COLUMNS:
            raise ValueError(f"unknown node quantity '{q}' (expected one of {_core.NODE_COLUMNS})")
    for q in element_q:
        if q not in _core.ELEMENT_COLUMNS:
            raise ValueError(
                f"unknown element quantity '{q}' (expected one of {_core.ELEMENT_COLUMNS})"
            )
    if write_on not in ("worker", "client"):
        raise ValueError(f"unknown write_on '{write_on}' (expected client, worker)")
    options = {
        k: v
        for k, v in dict(eos=eos, friction=friction, tolerance=tolerance,
                         max_iterations=max_iterations).items()
        if v is not None
    }

    if cases is None:
        base_cases = scenario_cases(scenarios) if scenarios is not None else [Case("base")]
        if contingencies is None:
            case_list = base_cases
        else:
            if isinstance(contingencies, str):
                if contingencies.lower() not in ("n-1", "n1"):
                    raise ValueError(f"unknown contingencies '{contingencies}' (expected n-1)")
                contingencies = n_minus_1(model)
            case_list = combine(base_cases, list(contingencies))
    else:
        case_list = list(cases)
    names = [c.name for c in case_list]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"case names must be unique; repeated: {', '.join(dup[:5])}")

    token, manifest = _model_token(model, options, node_q, element_q)
    keys = {c.name: _input_key(manifest, c) for c in case_list} if outdir is not None else {}
    base_ids = _base_ids(model)
    used: set[str] = set()
    files = {c.name: _file_name(c.name, used) + ".csv" for c in case_list}

    # ---- output folder and resume ----
    out = Path(outdir) if outdir is not None else None
    records: dict[str, dict[str, Any]] = {}
    entries: dict[str, tuple[tuple[list[str] | None, list[str] | None] | None,
                             dict[str, np.ndarray]]] = {}
    journal = None
    if out is not None:
        (out / "scenarios").mkdir(parents=True, exist_ok=True)
        mpath = out / MANIFEST
        if mpath.exists() and mpath.read_text() != manifest and progress:
            print(f"ensemble: the network, the solve options or the quantities differ from the "
                  f"last run in {out}: its scenarios are solved again", file=sys.stderr,
                  flush=True)
        _write_atomically(mpath, manifest)
        for stale in (out / "scenarios").glob(".*.partial"):
            stale.unlink(missing_ok=True)
        previous = _read_status(out / "status.csv")
        wanted = set(names)
        changed = 0
        for name, rec in previous.items():
            if name not in wanted:
                continue
            if rec["input_sha1"] != keys[name]:
                changed += 1  # same name, other inputs: solved again
                continue
            if rec["status"] != "error":
                f = out / "scenarios" / rec["file"]
                if rec["file"] != files[name] or not f.exists():
                    continue
                try:
                    nids, eids, values = _read_summary(f, node_q, element_q)
                except (OSError, ValueError, IndexError):
                    continue
                entries[name] = (
                    (None if nids == base_ids[0] else nids,
                     None if eids == base_ids[1] else eids),
                    values,
                )
            rec["reused"] = True
            records[name] = rec
        # A clean journal: the header and the finished rows, then one row per finished case.
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(STATUS_COLUMNS)
        for name in names:
            if name in records:
                w.writerow(_status_row(records[name]))
        _write_atomically(out / "status.csv", buf.getvalue())
        journal = open(out / "status.csv", "a", newline="")
    journal_writer = csv.writer(journal, lineterminator="\n") if journal is not None else None

    todo = [c for c in case_list if c.name not in records]
    reused = len(records)
    prog = _Progress(len(case_list), reused, progress, on_progress)
    if progress:
        where = ("in this process" if workers == 0 and client is None and scheduler is None
                 else "on Dask") if todo else "nothing left to solve"
        done_before = f", {reused} already done in {out}" if out is not None else ""
        print(f"ensemble: {len(case_list)} scenarios of '{model.name}'{done_before}, {where}",
              file=sys.stderr, flush=True)
        if out is not None and changed:
            print(f"ensemble: {changed} scenario(s) of the last run in {out} have changed inputs "
                  "(network, scenario file, changes or solve options): solved again",
                  file=sys.stderr, flush=True)

    def finish(rec: dict[str, Any], flush: bool = True) -> None:
        name = rec["scenario"]
        text = rec.pop("csv", None)
        rec["file"] = files[name] if text is not None or rec.pop("written", False) else ""
        ids = (rec.pop("node_ids", None), rec.pop("element_ids", None))
        values = rec.pop("values", None)
        if out is not None and text is not None:
            _write_atomically(out / "scenarios" / files[name], text)
        if values is not None:
            entries[name] = (None if ids == (None, None) else ids, values)
        rec["reused"] = False
        rec["input_sha1"] = keys.get(name, "")
        records[name] = rec
        if journal_writer is not None:
            journal_writer.writerow(_status_row(rec))
            if flush:
                journal.flush()
        prog.step(rec["status"] != "converged")

    own_cluster = None
    own_client = None
    plugin_name = None
    timeline: list[tuple[str, float, float, float, float, int]] = []
    t_run = time.perf_counter()
    try:
        if todo and (client is not None or scheduler is not None or workers > 0):
            from distributed import as_completed

            if client is None:
                client, own_cluster, own_client = _connect(scheduler, workers)
            plugin = _model_plugin(token, model)
            plugin_name = plugin.name
            client.register_worker_plugin(plugin, name=plugin_name)
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            batches = _batches(todo, n_workers, batch_size)
            worker_writes = out is not None and write_on == "worker"
            t_run = prog.start()
            # One graph for all batches (client.map): Dask 2022.12 inspects the caller's source
            # once per submission, which costs milliseconds each.
            writes = [
                [os.fspath(out / "scenarios" / files[c.name]) for c in b] if worker_writes else None
                for b in batches
            ]
            # Dask records the source of the code that submits (the first frame outside its own
            # modules): let that be the caller of this package, not this long function, whose
            # tokenizing would cost ~10 ms before the first task starts.
            import dask

            ignored = list(dask.config.get("distributed.diagnostics.computations.ignore-modules",
                                           []))
            with dask.config.set({"distributed.diagnostics.computations.ignore-modules":
                                  ignored + ["linepack"]}):
                submitted = client.map(
                    _run_batch, batches, writes, want_csv=out is not None and not worker_writes,
                    token=token, options=options, node_q=node_q, element_q=element_q,
                    pure=False,
                )
            futures = dict(zip(submitted, batches))
            try:
                for fut in as_completed(list(futures)):
                    batch = futures.pop(fut)
                    try:
                        # result() waits again if the result was lost with a dying worker after
                        # the task finished (Dask then computes it once more).
                        packed = fut.result()
                        timeline.append((*packed["timing"], time.perf_counter(), len(batch)))
                        recs = _unpack(packed)
                    except Exception as e:  # noqa: BLE001 - KilledWorker, cancelled, ...
                        reason = f"{type(e).__name__}: {e}"
                        recs = [{"scenario": c.name, "status": "lost",
                                 "message": f"the task failed: {reason}"} for c in batch]
                    for i, rec in enumerate(recs):
                        finish(rec, flush=i == len(recs) - 1)
            finally:
                if futures:
                    client.cancel(list(futures))
        else:
            t_run = prog.start()
            for c in todo:
                finish(_run_case(model, base_ids, c, options, node_q, element_q,
                                 want_csv=out is not None))
    finally:
        elapsed = time.perf_counter() - t_run
        if journal is not None:
            journal.close()
            # status.csv in input order, naming every case (pending ones too when stopped).
            buf = io.StringIO()
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(STATUS_COLUMNS)
            for name in names:
                rec = records.get(name) or {"scenario": name, "status": "pending", "message": ""}
                w.writerow(_status_row(rec))
            _write_atomically(out / "status.csv", buf.getvalue())
        _disconnect(client, plugin_name, own_client, own_cluster)

    # ---- tables ----
    status = pd.DataFrame(
        [
            {k: records[n].get(k) for k in STATUS_COLUMNS} | {"reused": records[n].get("reused")}
            for n in names
        ],
        columns=list(STATUS_COLUMNS) + ["reused"],
    ).set_index("scenario")
    status["iterations"] = status["iterations"].astype("Int64")
    status["violations"] = status["violations"].astype("Int64")
    frames: dict[str, pd.DataFrame] = {}
    for q in node_q:
        frames[q] = _assemble(names, entries, base_ids[0], q, 0)
    for q in element_q:
        frames[q] = _assemble(names, entries, base_ids[1], q, 1)
    if progress:
        counts = status["status"].value_counts().to_dict()
        print(
            f"ensemble: {len(names)} scenarios: "
            + ", ".join(f"{v} {k}" for k, v in counts.items())
            + f" ({len(names) - reused} computed, {reused} reused) in "
            f"{time.perf_counter() - t_start:.1f} s" + (f"; results in {out}" if out else ""),
            file=sys.stderr,
            flush=True,
        )
    tasks = pd.DataFrame(timeline,
                         columns=["worker", "start", "end", "cpu", "received", "cases"])
    for col in ("start", "end", "received"):
        tasks[col] = tasks[col] - t_run
    return EnsembleResult(status, frames, out, len(names) - reused, reused, elapsed, tasks)
