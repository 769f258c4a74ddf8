"""No memory growth over 10,000 solves in a loop (resident set size from /proc/self/statm)."""
from __future__ import annotations

import gc
import os

import linepack
from conftest import EXAMPLES

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def test_no_memory_growth_over_10000_solves():
    model = linepack.read(EXAMPLES / "pakistan-stream" / "model.json")

    def one(i: int) -> None:
        m = model.copy()  # copy-on-write: the edit below clones the scenario
        m.set_boundary("N7", "flow", 100.0 + (i % 50))
        r = linepack.solve(m)
        assert r.converged
        p = r.node_array("pressure_pa")
        q = r.element_array("flow_1000m3_per_h")
        assert p[0] > 0 and q.size
        if i % 100 == 0:  # the DataFrames and the JSON text too, now and then
            assert len(r.nodes) and len(r.elements) and len(r.violations) >= 0
            assert r.to_json()

    for i in range(500):  # warm-up: allocator pools, pandas caches
        one(i)
    gc.collect()
    before = rss_bytes()
    for i in range(10_000):
        one(i)
    gc.collect()
    growth = rss_bytes() - before
    print(f"RSS growth over 10,000 solves: {growth / 1024:.0f} KiB")
    # A leaked result of this 11-node model is ~3 KiB: 10,000 of them would be ~30 MiB.
    assert growth < 2 * 1024 * 1024, f"RSS grew by {growth / 1024:.0f} KiB"
