#!/usr/bin/python3
"""Ensemble benchmark: scenarios per second, serial against Dask, on the 1,234 daily GasLib-134
nominations; and the per-scenario overhead of Dask against the solve time.

    PYTHONPATH=build/python /usr/bin/python3 python/bench_ensemble.py [--repeats 3] [--workers 2]

Each mode runs the same work (read the nomination, solve, keep the summary quantities; "files":
also write OUTDIR/scenarios/<day>.csv and status.csv) `--repeats` times into fresh folders; the
table shows the median and the best wall time (the machine may be shared). Timings exclude
starting the cluster (shown separately) and reading the network; the Dask runs use the automatic
batch size (3 tasks per worker) unless noted.

Columns:
  wall, best  median and best wall time of the run
  scen/s      scenarios per second (median wall time)
  speedup     against the serial run with the same output setting (median; best: of the bests)
  case ms     mean time of one case in its process: read .scn + solve + summarise (+ write)
  solve ms    mean C++ solve time (validation, set-up, Newton, results)
  dask ms     Dask's cost per scenario: worker-seconds not spent in cases, per scenario,
              (workers x wall - sum of case times) / scenarios: scheduling, transfer, idling
  cpu ms      CPU time of all processes (this one, with the scheduler, and the workers) per
              scenario: the work done, whatever else runs on the machine
  client      of which this process (client and scheduler)
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

# This script sits beside the package's sources (python/linepack, without the compiled module):
# import the built package from PYTHONPATH instead.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import linepack  # noqa: E402
from linepack import ensemble as ens  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    env = os.environ.get("LINEPACK_DATA_DIR")
    return Path(env) if env else REPO.parent / "shared" / "data"


def one_run(model, cases, outdir, **kw):
    r = ens.run(model, cases, outdir=outdir, progress=False, **kw)
    assert (r.status["status"] == "converged").all()
    assert r.computed == len(cases)
    return r


def worker_cpu(client) -> float:
    return sum(client.run(time.process_time).values()) if client is not None else 0.0


def measure(model, cases, repeats: int, with_files: bool, **kw):
    """Median wall time, the run closest to it, and the median CPU seconds of this process
    (client and scheduler) and of the workers."""
    runs, cpu_here, cpu_workers = [], [], []
    client = kw.get("client")
    for _ in range(repeats):
        with tempfile.TemporaryDirectory(prefix="lp-bench-") as tmp:
            w0, c0 = worker_cpu(client), time.process_time()
            runs.append(one_run(model, cases, tmp if with_files else None, **kw))
            cpu_here.append(time.process_time() - c0)
            cpu_workers.append(worker_cpu(client) - w0)
    wall = statistics.median(r.elapsed_s for r in runs)
    best = min(runs, key=lambda r: abs(r.elapsed_s - wall))
    return (wall, min(r.elapsed_s for r in runs)), best, statistics.median(cpu_here), \
        statistics.median(cpu_workers)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    folder = data_dir() / "gaslib" / "official" / "GasLib-134"
    if not folder.is_dir():
        print(f"bench_ensemble: {folder} not found (set LINEPACK_DATA_DIR)", file=sys.stderr)
        return 2
    model = linepack.read(folder / "GasLib-134-v2.net")
    cases = ens.scenario_cases(folder / "Nominations-134-v2")
    n = len(cases)
    w = args.workers

    print(f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"GasLib-134 v2: {n} nominations, {args.repeats} runs of each mode\n")

    from linepack.ensemble import _local_cluster

    t0 = time.perf_counter()
    cluster, client = _local_cluster(w)
    start_s = time.perf_counter() - t0
    # Warm the workers (imports, first solve) outside the timings.
    ens.run(model, cases[:8], client=client, progress=False)

    rows = []
    try:
        for with_files in (True, False):
            label = "files" if with_files else "memory"
            serial_wall, serial, cpu, _ = measure(model, cases, args.repeats, with_files,
                                                  workers=0)
            rows.append((f"serial, {label}", serial_wall, serial_wall, serial, 1, cpu, 0.0))
            for write_on in (("client", "worker") if with_files else ("client",)):
                wall, r, cpu, wcpu = measure(model, cases, args.repeats, with_files,
                                             client=client, write_on=write_on)
                what = f"{label}, {write_on} writes" if with_files else label
                rows.append((f"dask {w} workers, {what}", wall, serial_wall, r, w, cpu, wcpu))
        wall, r, cpu, wcpu = measure(model, cases, 1, False, client=client, batch_size=1)
        rows.append((f"dask {w} workers, memory, 1 per task", wall, rows[3][1], r, w, cpu, wcpu))
    finally:
        client.close()
        cluster.close()

    print(f"{'mode':<38} {'wall s':>7} {'best s':>7} {'scen/s':>7} {'speedup':>8} "
          f"{'best':>6} {'case ms':>8} {'solve ms':>9} {'dask ms':>8} {'cpu ms':>7} "
          f"{'client':>7}")
    for label, (wall, best), (base, base_best), r, procs, cpu, wcpu in rows:
        case_ms = r.status["case_time_s"].mean() * 1e3
        solve_ms = r.status["solve_time_s"].mean() * 1e3
        dask_ms = (procs * wall - r.status["case_time_s"].sum()) / n * 1e3
        print(f"{label:<38} {wall:7.3f} {best:7.3f} {n / wall:7.0f} {base / wall:7.2f}x "
              f"{base_best / best:5.2f}x {case_ms:8.3f} {solve_ms:9.3f} "
              f"{dask_ms if procs > 1 else float('nan'):8.3f} {(cpu + wcpu) / n * 1e3:7.3f} "
              f"{cpu / n * 1e3:7.3f}")
    print(f"\nstarting the LocalCluster ({w} worker processes): {start_s:.2f} s (not in the "
          "timings)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
