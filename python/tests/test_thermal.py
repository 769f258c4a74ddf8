"""The steady energy equation from Python (docs/model-format.md, Thermal inputs; physics.md §14):
thermal settings on the Model, temperatures in the result tables, the same numbers as the CLI."""
from __future__ import annotations

import json

import pytest

import linepack
from conftest import EXAMPLES, run_cli

PAKISTAN = EXAMPLES / "pakistan-stream"


def thermal_model() -> linepack.Model:
    model = linepack.read(PAKISTAN / "model.json")
    model.thermal = {"energy_equation": True, "ground_temperature_k": 293.15,
                     "supply_temperature_k": 303.15}
    return model


def test_thermal_settings_round_trip():
    model = linepack.read(PAKISTAN / "model.json")
    assert model.thermal == {"energy_equation": False, "ground_temperature_k": None,
                             "supply_temperature_k": None,
                             "heat_transfer_coefficient_w_per_m2_k": 2.0}
    model.thermal = {"energy_equation": True, "heat_transfer_coefficient_w_per_m2_k": 1.5}
    model.set_pipe("P1", heat_transfer_coefficient_w_per_m2_k=3.0, ground_temperature_k=300.0)
    model.set_node("N0s", supply_temperature_k=310.0)
    model.set_cooler("CS-1", outlet_temperature_k=323.15, duty_max_w=5e6,
                     discharge_temperature_max_k=333.15)
    back = linepack.Model.from_json(model.to_json())
    assert back.thermal["energy_equation"] is True
    assert back.thermal["heat_transfer_coefficient_w_per_m2_k"] == 1.5
    doc = json.loads(back.to_json())
    assert doc["pipes"][0]["ground_temperature_k"] == 300.0
    assert doc["nodes"][0]["supply_temperature_k"] == 310.0
    assert doc["compressors"][0]["cooler_duty_max_w"] == 5e6
    with pytest.raises(KeyError, match="unknown thermal setting"):
        model.thermal = {"ground_temp_k": 280.0}


def test_temperatures_in_the_tables_equal_cli(cli, tmp_path):
    model = thermal_model()
    result = linepack.solve(model)
    assert result.converged
    nodes = result.nodes
    assert nodes.loc["N0s", "temperature_k"] == 303.15
    # The gas cools toward the ground (and below it by Joule-Thomson) along 1,100 km.
    assert abs(nodes.loc["N7", "temperature_k"] - 293.15) < 3.0
    assert "temperature_mean_k" in result.elements.columns
    path = tmp_path / "m.json"
    model.save(path)
    out = tmp_path / "out.json"
    run = run_cli(cli, "solve", path, "-o", out)
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text())
    cli_t = {n["id"]: n["temperature_k"] for n in doc["nodes"]}
    for node_id, t in nodes["temperature_k"].items():
        assert t == cli_t[node_id]


def test_negative_heat_transfer_coefficient_is_an_input_error():
    model = linepack.read(PAKISTAN / "model.json")
    model.set_pipe("P2", heat_transfer_coefficient_w_per_m2_k=-1.0)
    with pytest.raises(Exception, match="heat-transfer coefficient must not be negative"):
        linepack.solve(model)
