"""linepack.validate gives the command line's verdict and control (docs/validation-of-nominations.md)."""
from __future__ import annotations

import json

import pytest

import linepack
from conftest import run_cli


def test_validate_equals_cli(cli, gaslib, tmp_path):
    net, scn = gaslib / "GasLib-11/GasLib-11.net", gaslib / "GasLib-11/GasLib-11.scn"
    result = linepack.validate(linepack.read(net, scenario=scn), objective="fuel")
    out = tmp_path / "v.json"
    p = run_cli(cli, "validate", net, "--scenario", scn, "--objective", "fuel", "-o", out, "-q")
    assert p.returncode in (0, 1), p.stderr
    expected = json.loads(out.read_text())
    assert result["verdict"] == expected["verdict"]
    assert result["verdict"] in ("feasible", "infeasible", "undecided")
    assert result["decisions"] == expected["decisions"]
    assert result["controls"] == expected["controls"]
    if result["verdict"] == "feasible":
        assert result["steady_check"]["status"] == "converged"
        assert result["steady_check"]["violations"] == []


def test_validate_rejects_unknown_objective(gaslib):
    model = linepack.read(gaslib / "GasLib-11/GasLib-11.net",
                          scenario=gaslib / "GasLib-11/GasLib-11.scn")
    with pytest.raises(ValueError, match="objective"):
        linepack.validate(model, objective="cost")
