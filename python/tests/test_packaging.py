"""`pip install .` into a fresh virtual environment works offline (no index) and the tests run
against the installed package; `python3 -m linepack --version`; a clear message from a Python
without numpy/pandas."""
from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

import linepack
from conftest import REPO, cli_path

PACKAGE_PARENT = Path(linepack.__file__).resolve().parents[1]


def run(cmd: list, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run([os.fspath(c) for c in cmd], capture_output=True, text=True,
                          timeout=900, **kw)


def test_a_python_without_numpy_or_pandas_is_told_what_to_do():
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    for missing in ("numpy", "pandas"):
        p = run([sys.executable, "-c",
                 f"import sys; sys.modules[{missing!r}] = None; import linepack"], env=env)
        assert p.returncode == 1
        last = p.stderr.strip().splitlines()[-1]
        assert f"cannot import {missing}" in last
        assert "use /usr/bin/python3" in last and "or install numpy and pandas" in last


def test_module_version():
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_PARENT)}
    p = run([sys.executable, "-m", "linepack", "--version"], env=env)
    assert p.returncode == 0 and p.stdout.strip() == f"linepack {linepack.__version__} (Python)"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh `--system-site-packages` venv with `pip install --no-index .` (no download can
    happen). The C++ build reuses the build folder this package came from when it has one
    (nothing to rebuild), else build-wheel/ in the source tree (with ccache)."""
    try:
        import ensurepip  # noqa: F401  (python3-venv)
    except ImportError:
        pytest.skip("python3-venv is not installed (scripts/install-deps.sh)")
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    build = PACKAGE_PARENT.parent
    if (build / "CMakeCache.txt").exists():
        env["LINEPACK_BUILD_DIR"] = str(build)
    p = run([python, "-m", "pip", "install", "--no-index", "--no-cache-dir", "--quiet", REPO],
            env=env, cwd=REPO)
    assert p.returncode == 0, p.stdout + p.stderr
    return python


def test_pip_install_into_a_fresh_venv_and_run_tests_against_it(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    p = run([installed, "-c", "import linepack; print(linepack.__file__)"], env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert Path(p.stdout.strip()).is_relative_to(installed.parents[1])  # the venv's copy
    p = run([installed, "-m", "linepack", "--version"], env=env, cwd=tmp_path)
    assert p.stdout.strip() == f"linepack {linepack.__version__} (Python)"
    cli = cli_path()
    if cli is not None:
        env["LINEPACK_CLI"] = str(Path(cli).resolve())
    tests = REPO / "python" / "tests"
    p = run([installed, "-m", "pytest", "-q", "-p", "no:cacheprovider", tests / "test_guards.py",
             tests / "test_stubs.py"], env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    assert " passed" in p.stdout and "failed" not in p.stdout
