"""PEP 517 build backend for ``pip install .``, from the standard library only.

pip's build isolation installs a project's build requirements from an index first; linepack has
none (``requires = []`` in pyproject.toml, this module found through ``backend-path``), so
``pip install .`` needs no download. The backend builds the ``_core`` extension with the
project's CMake + Ninja build (Debian's cmake, ninja-build, pybind11-dev, as scripts/build.sh)
and packs ``linepack/`` into a wheel (PEP 427: a zip with ``*.dist-info/{METADATA,WHEEL,RECORD}``).

The build folder: ``build-wheel/`` in the source tree (git-ignored, kept between installs, so a
second install only relinks what changed; ccache is used when present), or the folder named by
``LINEPACK_BUILD_DIR`` / ``--config-settings build-dir=...``. A folder that is already configured
(has ``CMakeCache.txt``, e.g. ``build/`` of scripts/build.sh) is built as it is configured.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "linepack"


def _version() -> str:
    text = (ROOT / "python" / "linepack" / "__init__.py").read_text()
    match = re.search(r'^__version__ = "([^"]+)"', text, re.M)
    if not match:
        raise RuntimeError("python/linepack/__init__.py has no __version__")
    return match.group(1)


def _metadata() -> str:
    return "\n".join([
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {_version()}",
        "Summary: Steady-state and transient simulation of natural-gas networks (C++ core)",
        "License: see the source repository",
        "Requires-Python: >=3.9",
        "Requires-Dist: numpy",
        "Requires-Dist: pandas",
        "Provides-Extra: ensemble",
        'Requires-Dist: distributed; extra == "ensemble"',
        "Provides-Extra: plot",
        'Requires-Dist: matplotlib; extra == "plot"',
        "",
        "The linepack Python package: read GasLib, LANL and native models, solve steady states",
        "and transients, pandas results, plots, ensembles on Dask. Documentation: docs/python.md.",
        "",
    ])


def _tag() -> str:
    """cp311-cp311-linux_x86_64 for CPython 3.11 on x86-64 Linux (PEP 425)."""
    impl = f"cp{sys.version_info.major}{sys.version_info.minor}"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{impl}-{impl}-{platform}"


def _dist_info() -> str:
    return f"{NAME}-{_version()}.dist-info"


def _build_dir(config_settings: dict | None) -> Path:
    setting = (config_settings or {}).get("build-dir") or os.environ.get("LINEPACK_BUILD_DIR")
    return Path(setting).resolve() if setting else ROOT / "build-wheel"


def _run(cmd: list[str]) -> None:
    print("linepack build:", " ".join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, stdout=sys.stderr)


def _build_extension(build: Path) -> Path:
    """Configures (unless configured) and builds the linepack_python target; returns the
    assembled package folder build/python/linepack."""
    for tool in ("cmake", "ninja"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"`pip install .` builds the C++ extension with {tool}, which is not "
                               "on PATH: run scripts/install-deps.sh (Debian) first")
    if not (build / "CMakeCache.txt").exists():
        # The interpreter whose headers and ABI the module is built for: the real one behind a
        # virtual environment (same version, same extension suffix).
        python = getattr(sys, "_base_executable", None) or sys.executable
        cmd = ["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja",
               "-DCMAKE_BUILD_TYPE=Release", "-DLINEPACK_BUILD_TESTS=OFF",
               "-DLINEPACK_BUILD_BENCH=OFF", "-DLINEPACK_BUILD_PYTHON=ON",
               f"-DPython3_EXECUTABLE={python}"]
        if shutil.which("ccache"):
            cmd.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
        _run(cmd)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", "2")
    _run(["cmake", "--build", str(build), "--target", "linepack_python", "-j", jobs])
    package = build / "python" / NAME
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    if not (package / f"_core{suffix}").exists():
        raise RuntimeError(f"{package}: no _core{suffix} for this Python ({sys.executable}); the "
                           f"build folder {build} was configured for another interpreter")
    return package


def _record_line(arcname: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


# ---- PEP 517 hooks ---------------------------------------------------------------------------


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info = Path(metadata_directory) / _dist_info()
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(_metadata())
    return info.name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    package = _build_extension(_build_dir(config_settings))
    tag = _tag()
    wheel_name = f"{NAME}-{_version()}-{tag}.whl"
    info = _dist_info()
    files: list[tuple[str, bytes]] = []
    for path in sorted(package.iterdir()):
        if path.is_file() and path.name != "__pycache__":
            files.append((f"{NAME}/{path.name}", path.read_bytes()))
    files.append((f"{info}/METADATA", _metadata().encode()))
    files.append((f"{info}/WHEEL", (
        "Wheel-Version: 1.0\nGenerator: linepack_build_backend\nRoot-Is-Purelib: false\n"
        f"Tag: {tag}\n").encode()))
    files.append((f"{info}/top_level.txt", f"{NAME}\n".encode()))
    record = [_record_line(name, data) for name, data in files] + [f"{info}/RECORD,,"]
    files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
    target = Path(wheel_directory) / wheel_name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
        for name, data in files:
            whl.writestr(name, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    """The tracked sources (git ls-files when available), without build folders."""
    base = f"{NAME}-{_version()}"
    try:
        listed = subprocess.run(["git", "-C", str(ROOT), "ls-files"], check=True,
                                capture_output=True, text=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        listed = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                  and not p.relative_to(ROOT).parts[0].startswith(("build", ".git", "out"))]
    name = f"{base}.tar.gz"
    with tarfile.open(Path(sdist_directory) / name, "w:gz") as tar:
        for rel in listed:
            if (ROOT / rel).is_file():
                tar.add(ROOT / rel, arcname=f"{base}/{rel}")
    return name
