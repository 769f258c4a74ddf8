"""`linepack validate NET --scenarios DIR` on Dask (linepack.validate_ensemble): the same output
folder, status rows, resume keys and result files as the in-process C++ route, resume across
both routes, progress on stderr, and bad input with nothing written
(docs/validation-of-nominations.md, "Many nominations")."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import data_with, run_cli
from linepack import InputError, validate_ensemble


def _gaslib11(tmp_path: Path, gaslib: Path, bad: bool = True) -> tuple[Path, Path]:
    """GasLib-11 copied into tmp_path (net, cs) and a folder of nominations: its shipped one
    under three names, and (with `bad`) one that is not XML."""
    src = gaslib / "GasLib-11"
    for ext in (".net", ".cs"):
        shutil.copy(src / f"GasLib-11{ext}", tmp_path / f"GasLib-11{ext}")
    noms = tmp_path / "noms"
    noms.mkdir()
    for name in ("a", "b", "c"):
        shutil.copy(src / "GasLib-11.scn", noms / f"{name}.scn")
    if bad:
        (noms / "bad.scn").write_text("<boundaryValue>\n")
    return tmp_path / "GasLib-11.net", noms


def _status(out: Path) -> list[dict[str, str]]:
    with open(out / "status.csv", newline="") as f:
        return list(csv.DictReader(f))


def _result(out: Path, name: str) -> dict:
    doc = json.loads((out / "results" / f"{name}.json").read_text())
    doc.pop("time_s")
    doc["steady_check"].pop("solve_time_s", None)
    return doc


def test_dask_route_writes_what_the_cpp_route_writes(dask_client, cli, gaslib, tmp_path, capsys):
    net, noms = _gaslib11(tmp_path, gaslib)
    dask_out, cpp_out = tmp_path / "dask", tmp_path / "cpp"
    status = validate_ensemble.run(net, noms, dask_out, client=dask_client, time_limit_s=30)
    err = capsys.readouterr().err
    p = run_cli(cli, "validate", net, "--scenarios", noms, "-o", cpp_out, "--time-limit", "30",
                "-q")
    assert p.returncode == 1, p.stderr  # bad.scn is an error row
    assert list(status.index) == ["a", "b", "bad", "c"]
    dask_rows, cpp_rows = _status(dask_out), _status(cpp_out)
    assert list(dask_rows[0]) == ["nomination", "verdict", "time_ms", "input_key", "message"]
    for d, c in zip(dask_rows, cpp_rows, strict=True):
        assert (d["nomination"], d["verdict"], d["input_key"]) == \
            (c["nomination"], c["verdict"], c["input_key"])
        if d["verdict"] != "error":
            assert d["message"] == c["message"]
    verdicts = {r["nomination"]: r["verdict"] for r in dask_rows}
    assert verdicts == {"a": "feasible", "b": "feasible", "bad": "error", "c": "feasible"}
    assert "bad.scn" in next(r for r in dask_rows if r["nomination"] == "bad")["message"]
    for name in ("a", "b", "c"):
        assert _result(dask_out, name) == _result(cpp_out, name)
    assert not (dask_out / "results" / "bad.json").exists()
    # Progress: one line per nomination, and the summary.
    for name in ("a", "b", "bad", "c"):
        assert f"] {name}: " in err
    assert "4 nominations (0 reused" in err


def test_resume_across_routes(dask_client, cli, gaslib, tmp_path, capsys):
    net, noms = _gaslib11(tmp_path, gaslib)
    out = tmp_path / "out"
    validate_ensemble.run(net, noms, out, client=dask_client, time_limit_s=30)
    first = _status(out)
    capsys.readouterr()
    # Again on Dask: every readable nomination reused (errors are retried).
    validate_ensemble.run(net, noms, out, client=dask_client, time_limit_s=30)
    err = capsys.readouterr().err
    assert "3 reused" in err and err.count(", reused)") == 3
    assert [r["input_key"] for r in _status(out)] == [r["input_key"] for r in first]
    # The C++ route resumes the Dask route's folder...
    p = run_cli(cli, "validate", net, "--scenarios", noms, "-o", out, "--time-limit", "30")
    assert "(3 reused" in p.stdout, p.stdout + p.stderr
    # ... and a changed nomination (or option) is validated again.
    (noms / "b.scn").write_text((noms / "b.scn").read_text() + "\n<!-- changed -->\n")
    validate_ensemble.run(net, noms, out, workers=0, time_limit_s=30)
    err = capsys.readouterr().err
    assert "] b: feasible" in err and "b: feasible (" in err and "2 reused" in err
    validate_ensemble.run(net, noms, out, workers=0, time_limit_s=20)
    assert "(0 reused" in capsys.readouterr().err


def test_cli_hands_workers_to_dask(cli, gaslib, tmp_path):
    net, noms = _gaslib11(tmp_path, gaslib, bad=False)
    out = tmp_path / "out"
    p = run_cli(cli, "validate", net, "--scenarios", noms, "-o", out, "--workers", "1")
    assert p.returncode == 0, p.stderr
    assert [r["verdict"] for r in _status(out)] == ["feasible"] * 3
    assert "[3/3]" in p.stderr


def test_bad_cdf_writes_nothing(gaslib, tmp_path):
    net, noms = _gaslib11(tmp_path, gaslib, bad=False)
    (tmp_path / "GasLib-11.cdf").write_text(
        '<combinedDecisions xmlns="http://gaslib.zib.de/CombinedDecisions">\n'
        '<decisionGroup id="dG_3"><decision id="d1">\n'
        '<valve id="no_such_valve" value="1"/></decision></decisionGroup></combinedDecisions>\n')
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"GasLib-11\.cdf:3: 'no_such_valve': decision group 'dG_3'"):
        validate_ensemble.run(net, noms, out, workers=0)
    assert not out.exists()
    # --no-cdf sets it aside.
    status = validate_ensemble.run(net, noms, out, workers=0, no_cdf=True, progress=False)
    assert (status["verdict"] == "feasible").all()


def test_gaslib134_nominations_on_dask(dask_client, cli, tmp_path):
    root = data_with("gaslib/official/GasLib-134/Nominations-134-v2")
    src = root / "gaslib/official/GasLib-134"
    noms = tmp_path / "noms"
    noms.mkdir()
    for f in sorted((src / "Nominations-134-v2").glob("*.scn"))[:8]:
        shutil.copy(f, noms / f.name)
    net = src / "GasLib-134-v2.net"
    status = validate_ensemble.run(net, noms, tmp_path / "dask", client=dask_client,
                                   objective="fuel", progress=False)
    assert (status["verdict"] == "feasible").all()
    p = run_cli(cli, "validate", net, "--scenarios", noms, "-o", tmp_path / "dask",
                "--objective", "fuel")
    assert p.returncode == 0 and "(8 reused" in p.stdout, p.stdout + p.stderr
