"""Guards against the mistakes of issue 13 on the Python side: setters check ids at once, the gas
and the equation of state can be set from Python, and tables give limits and violations in the
unit of the values they are compared with."""
from __future__ import annotations

import json

import numpy as np
import pytest

import linepack
from conftest import EXAMPLES, run_cli

PAKISTAN = EXAMPLES / "pakistan-stream"


def test_set_boundary_checks_the_node_at_once():
    model = linepack.read(PAKISTAN / "model.json")
    with pytest.raises(KeyError, match="no node 'N77' in the network"):
        model.set_boundary("N77", "flow", 10.0)
    assert all(b[0] != "N77" for b in model.boundaries)


def test_set_control_checks_the_element_at_once():
    model = linepack.read(PAKISTAN / "model.json")
    with pytest.raises(KeyError, match="no element 'CS-9' in the network"):
        model.set_control("CS-9", "active", "outlet_pressure", 90e5)
    assert all(c["element"] != "CS-9" for c in model.controls)


def two_pipe_model(**kwargs) -> linepack.Model:
    m = linepack.Model(**kwargs)
    for node in ("S", "M", "D"):
        m.add_node(node)
    m.add_pipe("P1", "S", "M", length_m=100e3, diameter_m=0.9)
    m.add_pipe("P2", "M", "D", length_m=100e3, diameter_m=0.9)
    m.set_boundary("S", "pressure", 70e5)
    m.set_boundary("D", "flow", 150.0)
    return m


def test_gas_and_eos_settable_from_python_and_equal_to_the_cli(cli, tmp_path):
    """A model built in Python with the Pakistan Stream gas and Papay's Z solves as the command
    line solves the same model saved to a file; with the ideal gas the delivery pressure differs
    (the Kasur 52.29 vs 55.08 bara mistake of issue 13)."""
    pak = linepack.read(PAKISTAN / "model.json")
    assert pak.eos == "papay"
    real = two_pipe_model(eos="papay", gas=pak.gas, temperature_k=pak.temperature_k)
    assert real.eos == "papay" and real.gas == pak.gas
    assert real.temperature_k == pak.temperature_k
    real.save(tmp_path / "real.json")
    p = run_cli(cli, "solve", tmp_path / "real.json", "-o", tmp_path / "real_result.json")
    assert p.returncode == 0, p.stderr
    doc = json.loads((tmp_path / "real_result.json").read_text())
    r = linepack.solve(real)
    assert r.status == "converged"
    cli_d = next(n["pressure_pa"] for n in doc["nodes"] if n["id"] == "D")
    assert r.nodes.loc["D", "pressure_pa"] == cli_d
    ideal = two_pipe_model(gas=pak.gas, temperature_k=pak.temperature_k)
    assert ideal.eos == "ideal"  # the native format's default, as linepack solve reads it
    d_ideal = linepack.solve(ideal).nodes.loc["D", "pressure_bar"]
    assert abs(d_ideal - r.nodes.loc["D", "pressure_bar"]) > 0.5


def test_gas_setter_checks_keys_and_values():
    m = linepack.Model()
    m.gas = {"specific_gravity": 0.6}
    assert m.gas["molar_mass_kg_per_mol"] == pytest.approx(0.6 * 0.0289647, rel=1e-12)
    with pytest.raises(KeyError, match="unknown gas property 'molar_mass'"):
        m.gas = {"molar_mass": 0.018}
    with pytest.raises(ValueError, match="molar_mass_kg_per_mol must be positive"):
        m.gas = {"molar_mass_kg_per_mol": -1.0}
    with pytest.raises(ValueError, match="unknown"):
        linepack.Model(eos="papai")


def test_limits_and_violations_in_the_unit_of_the_values(data):
    g = data / "gaslib/582-v1"
    r = linepack.solve(linepack.read(g / "GasLib-582.net", g / "GasLib-582.scn"))
    nodes = r.nodes
    np.testing.assert_array_equal(nodes["pressure_min_bar"], nodes["pressure_min_pa"] / 1e5)
    np.testing.assert_array_equal(nodes["pressure_max_bar"], nodes["pressure_max_pa"] / 1e5)
    v = r.violations
    assert len(v) > 0 and set(v["unit"]) <= {"Pa", "1", "W", "kg/s"}
    high = v[v["what"] == "pressure_above_max"]  # GasLib's default controls: all bypassed
    assert len(high) > 0
    for _, row in high.iterrows():
        assert row["unit"] == "Pa"
        assert row["value_bar"] == nodes.loc[row["id"], "pressure_bar"]
        assert row["limit_bar"] == nodes.loc[row["id"], "pressure_max_bar"]
        assert row["value_bar"] > row["limit_bar"]


def test_a_regulator_without_a_bypass_is_judged_as_gaslib_models_it():
    """GasLib's internalBypassRequired="0": gas passes the regulator forward only and it drops
    at least its minimum; the violations name both, flows in kg/s and drops in Pa."""
    m = linepack.Model()
    m.add_node("s", pressure_min_pa=1e5, pressure_max_pa=80e5)
    m.add_node("t", pressure_min_pa=1e5, pressure_max_pa=80e5)
    m.add_node("u", pressure_min_pa=1e5, pressure_max_pa=80e5)
    m.add_pipe("p", "s", "t", length_m=10e3, diameter_m=0.5)
    # Drawn from u to t: the gas for u passes it backwards.
    m.add_control_valve("r", "u", "t", has_bypass=False, pressure_drop_min_pa=1e5)
    m.set_boundary("s", "pressure", 60e5)
    m.set_boundary("u", "flow", 10.0)
    r = linepack.solve(m)
    assert r.status == "converged"
    v = r.violations.set_index("what")
    assert v.loc["control_valve_reverse_flow", "unit"] == "kg/s"
    assert v.loc["control_valve_reverse_flow", "value"] < 0
    assert v.loc["control_valve_drop_below_min", "unit"] == "Pa"
    assert v.loc["control_valve_drop_below_min", "limit"] == 1e5
    # With a bypass of its own the same state is the bypass open: nothing to report.
    m2 = linepack.Model()
    m2.add_node("s", pressure_min_pa=1e5, pressure_max_pa=80e5)
    m2.add_node("t", pressure_min_pa=1e5, pressure_max_pa=80e5)
    m2.add_node("u", pressure_min_pa=1e5, pressure_max_pa=80e5)
    m2.add_pipe("p", "s", "t", length_m=10e3, diameter_m=0.5)
    m2.add_control_valve("r", "u", "t", pressure_drop_min_pa=1e5)
    m2.set_boundary("s", "pressure", 60e5)
    m2.set_boundary("u", "flow", 10.0)
    assert len(linepack.solve(m2).violations) == 0
