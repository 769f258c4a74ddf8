"""Shared fixtures: the reference data folder, the C++ command line of the same build, and a
2-worker Dask LocalCluster shared by the ensemble tests.

Data: the repository's own data/ (the small reference sets, data/README.md); the large sets
(GasLib-4197, GasLib-134's 1,234 nominations) only in the outside folder
$LINEPACK_DATA_DIR, else ../shared/data beside the repository, in the same layout: tests that
need them skip and say what is missing. The `linepack` executable: $LINEPACK_CLI, else bin/linepack of the build
tree the package was imported from (build/python/linepack -> build/bin/linepack).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import linepack

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


DATA = REPO / "data"


def large_data_setting() -> Path:
    env = os.environ.get("LINEPACK_DATA_DIR")
    return Path(env) if env else REPO.parent / "shared" / "data"


def data_with(relative: str) -> Path:
    """The data root (the repository's data/ first, then the outside folder) holding `relative`;
    skips the test with a message naming what is missing otherwise."""
    for root in (DATA, large_data_setting()):
        if (root / relative).exists():
            return root.resolve()
    pytest.skip(f"{relative} is a large or unredistributable set not shipped in data/ (see "
                f"data/README.md) and is not in the outside data folder {large_data_setting()} "
                "(set LINEPACK_DATA_DIR)")


@pytest.fixture(scope="session")
def data() -> Path:
    if not DATA.is_dir():
        pytest.skip(f"the repository's data folder {DATA} was not found")
    return DATA


@pytest.fixture(scope="session")
def gaslib(data: Path) -> Path:
    return data / "gaslib" / "official"


def cli_path() -> Path | None:
    env = os.environ.get("LINEPACK_CLI")
    if env:
        return Path(env)
    p = Path(linepack.__file__).resolve().parents[2] / "bin" / "linepack"
    return p if p.exists() else None


@pytest.fixture(scope="session")
def cli() -> Path:
    p = cli_path()
    if p is None:
        pytest.skip("the linepack executable of this build was not found (set LINEPACK_CLI)")
    return p


def run_cli(cli: Path, *args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([os.fspath(cli), *map(os.fspath, args)], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="session")
def dask_client():
    """A LocalCluster with 2 single-threaded worker processes, shared by the ensemble tests."""
    distributed = pytest.importorskip("distributed")
    from linepack.ensemble import _local_cluster

    cluster, client = _local_cluster(2)
    yield client
    client.close()
    cluster.close()
