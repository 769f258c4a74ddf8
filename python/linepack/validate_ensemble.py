"""Many nomination validations of one GasLib network on Dask: ``linepack validate NET
--scenarios DIR -o OUTDIR --workers N`` (or ``--scheduler ADDRESS``), and :func:`run`.

The output folder is the one the in-process C++ route writes (docs/validation-of-nominations.md,
"Many nominations"): ``results/<name>.json`` (the result of ``linepack validate -o``) and
``status.csv`` (``nomination,verdict,time_ms,input_key,message``). The resume key, the status
table's text and the reading of an earlier table are the C++ library's own
(``io/validation_batch``, through ``linepack._core``), so either route resumes the other's
folder. The network goes to each worker once (the worker plugin of :mod:`linepack.ensemble`);
tasks carry nomination file paths in batches, so with a remote scheduler the workers must see
the nominations at the same paths. Result files and status rows are written by this process as
results arrive; progress goes to stderr, one line per nomination.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from . import _core
from ._core import Model

__all__ = ["run"]

STATUS_COLUMNS = ("nomination", "verdict", "time_ms", "input_key", "message")


def _validate_one(model: Model, scn: str, options: dict[str, Any]) -> dict[str, Any]:
    """One nomination on `model`: its result text (as `linepack validate -o` writes it) and its
    status row; a nomination that cannot be read or validated is an `error` row with the reason."""
    name = Path(scn).stem
    try:
        m = model.copy()
        m.load_scenario(scn)
        text = _core.validate(m, options["objective"], options["time_limit_s"],
                              options["station_model"], options["cdf"], 1)
        doc = json.loads(text)
        return {"nomination": name, "verdict": doc["verdict"], "message": doc["message"],
                "time_ms": doc["time_s"] * 1e3, "text": text + "\n"}
    except Exception as e:  # noqa: BLE001 - recorded with its reason, never dropped
        return {"nomination": name, "verdict": "error", "message": str(e), "time_ms": 0.0}


def _validate_batch(scns: list[str], *, token: str, options: dict[str, Any]) -> list[dict[str, Any]]:
    """A Dask task: validates `scns` on the network the worker plugin `token` installed."""
    from linepack import ensemble

    model = ensemble._MODELS.get(token)
    if model is None:
        raise RuntimeError(f"linepack validate: the network {token[:12]} is not on this worker")
    return [_validate_one(model, s, options) for s in scns]


def _append(path: Path, row: dict[str, Any]) -> None:
    table = _core.validation_status_csv([tuple(row[k] for k in STATUS_COLUMNS)])
    with open(path, "a", newline="") as f:
        f.write(table.split("\n", 1)[1])  # without the header
        f.flush()


def run(
    net: str | os.PathLike[str],
    scenarios: str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    client: Any = None,
    objective: str = "none",
    time_limit_s: float = 60.0,
    station_model: str = "maps",
    cdf: str | os.PathLike[str] | None = None,
    no_cdf: bool = False,
    batch_size: int | None = None,
    progress: bool = True,
    on_progress: Callable[[int, int], Any] | None = None,
) -> pd.DataFrame:
    """Validates every ``.scn`` in the folder ``scenarios`` (sorted by name) against the GasLib
    network ``net`` on Dask, as ``linepack validate NET --scenarios DIR -o OUTDIR`` does in one
    process, into the same ``outdir`` layout; a rerun resumes.

    Args:
        net: the GasLib ``.net`` (its ``.cs`` beside it is read too).
        scenarios: a folder of GasLib nominations (``.scn``).
        outdir: the output folder (``results/<name>.json``, ``status.csv``).
        workers: processes of the LocalCluster started for this run; 0: in this process.
        scheduler: address of a running Dask scheduler instead; client: a Client to use.
        objective, time_limit_s, station_model: as ``linepack validate``.
        cdf: a combined decisions file; default the ``.cdf`` beside ``net`` when present, none
            with ``no_cdf`` (as ``--cdf`` / ``--no-cdf``).
        batch_size: nominations per Dask task (default about 3 tasks per worker).
        progress: one line per nomination on stderr; on_progress: ``f(done, total)``.

    Returns:
        The status table (index ``nomination``, input order), as written to status.csv.

    Raises:
        InputError: no such folder, no nominations, or a bad network or ``.cdf`` (nothing is
            written then).
    """
    from . import read
    from .ensemble import _batches, _connect, _disconnect, _model_plugin, _write_atomically

    folder = Path(scenarios)
    if not folder.is_dir():
        raise _core.InputError(
            f"{folder}: --scenarios needs a folder of GasLib nominations (.scn)")
    scns = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".scn")
    if not scns:
        raise _core.InputError(f"{folder}: no .scn nominations in this folder")
    if workers < 0:
        raise ValueError(f"workers must be 0 or more, got {workers}")
    if objective not in ("none", "fuel", "power"):
        raise ValueError(f"unknown objective '{objective}' (expected none, fuel, power)")
    if station_model not in ("maps", "box"):
        raise ValueError(f"unknown station model '{station_model}' (expected maps, box)")
    if not time_limit_s > 0:
        raise ValueError(f"the time limit must be positive, got {time_limit_s}")
    model = read(net)
    cdf_file = _core.combined_decisions_file(os.fspath(net), None if cdf is None else os.fspath(cdf),
                                             no_cdf)
    if cdf_file is not None:
        _core.read_combined_decisions(model, cdf_file)  # a bad .cdf: InputError, nothing written
    options = {"objective": objective, "time_limit_s": float(time_limit_s),
               "station_model": station_model, "cdf": cdf_file}

    out = Path(outdir)
    (out / "results").mkdir(parents=True, exist_ok=True)
    status_file = out / "status.csv"
    earlier = {r["nomination"]: r for r in _core.read_validation_status(os.fspath(status_file))}
    if not status_file.exists():
        _write_atomically(status_file, _core.validation_status_csv([]))

    names = [p.stem for p in scns]
    rows: dict[str, dict[str, Any]] = {}
    todo: list[str] = []
    keys: dict[str, str] = {}
    for p in scns:
        name = p.stem
        try:
            keys[name] = _core.validation_input_key(os.fspath(net), os.fspath(p), objective,
                                                    float(time_limit_s), station_model, cdf_file)
        except Exception as e:  # noqa: BLE001 - an unreadable nomination: an error row
            rows[name] = {"nomination": name, "verdict": "error", "time_ms": 0.0,
                          "input_key": "", "message": str(e)}
            continue
        before = earlier.get(name)
        if (before is not None and before["input_key"] == keys[name]
                and before["verdict"] != "error" and (out / "results" / f"{name}.json").exists()):
            rows[name] = dict(before, reused=True)
        else:
            todo.append(os.fspath(p))
    total, done = len(names), 0
    t0 = time.perf_counter()

    def finish(rec: dict[str, Any], reused: bool = False) -> None:
        nonlocal done
        name = rec["nomination"]
        text = rec.pop("text", None)
        if text is not None:
            _write_atomically(out / "results" / f"{name}.json", text)
        rec.setdefault("input_key", keys.get(name, ""))
        rows[name] = rec
        _append(status_file, rec)
        done += 1
        if progress:
            print(f"[{done}/{total}] {name}: {rec['verdict']} ({rec['time_ms']:.1f} ms"
                  f"{', reused' if reused else ''})", file=sys.stderr, flush=True)
        if on_progress is not None:
            on_progress(done, total)

    for name in names:  # the reused and unreadable ones first, in input order
        if name in rows:
            finish(rows[name], reused=bool(rows[name].get("reused")))

    own_cluster = own_client = plugin_name = None
    try:
        if todo and (client is not None or scheduler is not None or workers > 0):
            from distributed import as_completed

            if client is None:
                client, own_cluster, own_client = _connect(scheduler, workers)
            token = hashlib.sha1(model.to_json().encode()).hexdigest()
            plugin = _model_plugin(token, model)
            plugin_name = plugin.name
            client.register_worker_plugin(plugin, name=plugin_name)
            n_workers = max(1, len(client.scheduler_info().get("workers", {})))
            batches = _batches(todo, n_workers, batch_size)
            futures = dict(zip(client.map(_validate_batch, batches, token=token, options=options,
                                          pure=False), batches))
            try:
                for fut in as_completed(list(futures)):
                    batch = futures.pop(fut)
                    try:
                        recs = fut.result()
                    except Exception as e:  # noqa: BLE001 - KilledWorker, cancelled, ...
                        recs = [{"nomination": Path(s).stem, "verdict": "error", "time_ms": 0.0,
                                 "message": f"the task failed: {type(e).__name__}: {e}"}
                                for s in batch]
                    for rec in recs:
                        finish(rec)
            finally:
                if futures:
                    client.cancel(list(futures))
        else:
            for s in todo:
                finish(_validate_one(model, s, options))
    finally:
        # status.csv in input order, naming every nomination (not yet validated ones too, when
        # stopped: `pending`, validated again on resume).
        table = [tuple(rows.get(n, {"nomination": n, "verdict": "pending", "time_ms": 0.0,
                                    "input_key": "", "message": ""})[k] for k in STATUS_COLUMNS)
                 for n in names]
        _write_atomically(status_file, _core.validation_status_csv(table))
        _disconnect(client, plugin_name, own_client, own_cluster)

    status = pd.DataFrame([{k: rows[n][k] for k in STATUS_COLUMNS} for n in names],
                          columns=list(STATUS_COLUMNS)).set_index("nomination")
    if progress:
        counts = status["verdict"].value_counts()
        reused = sum(1 for n in names if rows[n].get("reused"))
        print(f"{total} nominations ({reused} reused from {status_file}): "
              f"{counts.get('feasible', 0)} feasible, {counts.get('infeasible', 0)} infeasible, "
              f"{counts.get('undecided', 0)} undecided, {counts.get('error', 0)} errors; "
              f"{time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return status
