"""Shared fixtures: the reference data folder, the C++ command line of the same build, and a
2-worker Dask LocalCluster shared by the ensemble tests.

Data: $LINEPACK_DATA_DIR, else ../shared/data beside the repository; tests that need it skip
when it is absent. The `linepack` executable: $LINEPACK_CLI, else bin/linepack of the build
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


def data_dir() -> Path | None:
    env = os.environ.get("LINEPACK_DATA_DIR")
    d = Path(env) if env else REPO.parent / "shared" / "data"
    return d.resolve() if d.is_dir() else None


@pytest.fixture(scope="session")
def data() -> Path:
    d = data_dir()
    if d is None:
        pytest.skip("reference data not found (set LINEPACK_DATA_DIR or provide ../shared/data)")
    return d


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
