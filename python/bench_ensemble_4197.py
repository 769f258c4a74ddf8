"""Ensemble speedup on realistic-size scenarios: N-1 of GasLib-4197 (every compressor, control
valve and valve closed in turn; about 20 ms per solve), serial vs 2 Dask workers.

Complements bench_ensemble.py (GasLib-134 nominations, 0.2 ms per solve, where Dask's fixed costs
dominate). Usage: PYTHONPATH=build/python /usr/bin/python3 python/bench_ensemble_4197.py
"""
import os
import sys
import time
from pathlib import Path

# Beside the package's sources: import the built package from PYTHONPATH instead.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import linepack  # noqa: E402
import linepack.ensemble as ens  # noqa: E402
from linepack.ensemble import _local_cluster  # noqa: E402

if __name__ == "__main__":
    data = os.environ.get("LINEPACK_DATA_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data")
    d = os.path.join(data, "gaslib", "4197") + os.sep
    if not os.path.isdir(d):
        print(f"bench_ensemble_4197: {d} not found (set LINEPACK_DATA_DIR)", file=sys.stderr)
        sys.exit(2)
    model = linepack.read(d + "GasLib-4197.net", scenario=d + "nomination_mild_0006.scn")
    cases = ens.n_minus_1(model, kinds=("compressor", "control_valve", "valve"))
    print(len(cases), "cases")
    t0 = time.perf_counter(); r0 = ens.run(model, cases, workers=0, progress=False); serial = time.perf_counter() - t0
    cluster, client = _local_cluster(2)
    ens.run(model, cases[:4], client=client, progress=False)
    walls = []
    for _ in range(3):
        t0 = time.perf_counter(); r = ens.run(model, cases, client=client, progress=False); walls.append(time.perf_counter() - t0)
    client.close(); cluster.close()
    walls.sort()
    print(f"serial {serial:.2f} s ({len(cases)/serial:.1f}/s), 2 workers median {walls[1]:.2f} s ({len(cases)/walls[1]:.1f}/s), speedup {serial/walls[1]:.2f}x")
