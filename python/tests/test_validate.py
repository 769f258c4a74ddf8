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


def test_validate_within_combined_decisions(gaslib, tmp_path):
    """combined_decisions=PATH: the control keeps the .cdf's groups and names the decision used;
    a .cdf naming an element the network lacks is an InputError naming file, group, element."""
    model = linepack.read(gaslib / "GasLib-11/GasLib-11.net",
                          scenario=gaslib / "GasLib-11/GasLib-11.scn")
    cdf = tmp_path / "g11.cdf"
    cdf.write_text(
        '<combinedDecisions xmlns="http://gaslib.zib.de/CombinedDecisions">\n'
        '<decisionGroup id="entry"><decision id="through">'
        '<valve id="V01_N01_N03" value="1" flowDirection="0"/></decision></decisionGroup>\n'
        '</combinedDecisions>\n')
    r = linepack.validate(model, combined_decisions=cdf)
    assert r["verdict"] == "feasible"
    assert r["combined_decisions"] == [{"group": "entry", "decision": "through"}]
    valve = next(d for d in r["decisions"] if d["id"] == "V01_N01_N03")
    assert valve["state"] == "active" and valve["mass_flow_kg_per_s"] > -1e-3
    assert "combined_decisions" not in linepack.validate(model)
    cdf.write_text(cdf.read_text().replace("V01_N01_N03", "V99"))
    with pytest.raises(linepack.InputError, match=r"g11\.cdf:2: 'V99': decision group 'entry'"):
        linepack.validate(model, combined_decisions=cdf)


@pytest.mark.parametrize("station_model", ["maps", "box"])
def test_validate_fuel_objective_equals_cli_on_gaslib582(cli, data, tmp_path, station_model):
    """objective="fuel" on GasLib-582 v2-full's shipped nomination (with its .cdf, as the command
    line reads it): the control of least fuel found, every station bypassed, so the bound 0
    (fuel is never negative) gives gap 0; Python and the command line say the same."""
    d = data / "gaslib" / "582-v2-full"
    net, scn, cdf = d / "GasLib-582-v2.net", d / "nomination_cold_5.scn", d / "GasLib-582-v2.cdf"
    r = linepack.validate(linepack.read(net, scenario=scn), objective="fuel", time_limit_s=20.0,
                          station_model=station_model, combined_decisions=cdf)
    out = tmp_path / "v.json"
    p = run_cli(cli, "validate", net, "--scenario", scn, "--objective", "fuel", "--time-limit",
                "20", "--station-model", station_model, "-o", out, "-q")
    assert p.returncode == 0, p.stderr
    expected = json.loads(out.read_text())
    for key in ("verdict", "objective", "objective_bound", "objective_bound_source", "gap",
                "decisions", "combined_decisions"):
        assert r[key] == expected[key], key
    assert r["verdict"] == "feasible"
    assert r["objective_bound_source"] == "zero" and r["objective_bound"] == 0.0
    assert r["gap"] <= 0.01
    assert r["fuel_kg_per_s"] == pytest.approx(expected["fuel_kg_per_s"], abs=1e-12)
    assert r["fuel_kg_per_s"] == pytest.approx(r["steady_check"]["totals"]["compressor_fuel_kg_per_s"], abs=1e-12)
    assert r["message"].count("combined decisions (.cdf) used") == 1
