"""linepack.simulate: the same numbers as `linepack transient`, as pandas frames."""
import json
import os
import pathlib
import subprocess
import tempfile

import numpy as np
import pandas as pd
import pytest

import linepack

ROOT = pathlib.Path(__file__).resolve().parents[2]
MODEL = ROOT / "examples/pakistan-stream/model.json"
SCHEDULE = ROOT / "examples/pakistan-stream/day-schedule.json"


def test_simulate_matches_the_cli():
    model = linepack.read(MODEL)
    result = linepack.simulate(model, SCHEDULE, duration_s=7200, dt_s=300, dx_m=20000,
                               output_interval_s=600)
    assert result.status == "completed"
    assert list(result.nodes.index) == [600.0 * i for i in range(13)]
    cli = os.environ.get("LINEPACK_CLI", str(ROOT / "build/bin/linepack"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([cli, "transient", str(MODEL), "--schedule", str(SCHEDULE), "--duration",
                        "7200", "--dt", "300", "--dx", "20000", "--output-interval", "600", "-q",
                        "-o", out], check=True)
        nodes = pd.read_csv(pathlib.Path(out) / "nodes.csv", index_col="time_s")
        linepack_csv = pd.read_csv(pathlib.Path(out) / "linepack.csv", index_col="time_s")
        controls = pd.read_csv(pathlib.Path(out) / "controls.csv", index_col="time_s")
    # The CLI writes 12 significant digits.
    np.testing.assert_allclose(result.nodes[nodes.columns].to_numpy(), nodes.to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(result.linepack_kg.to_numpy(), linepack_csv["linepack_kg"].to_numpy(),
                               rtol=1e-10)
    assert "N7" in result.survival_time_s
    # Modes as in controls.csv: CS-1 on its throughput setpoint, CS-2 and CS-3 bypassed as given.
    assert list(result.control_mode["CS-1"]) == list(controls["CS-1:mode"])
    assert list(result.binding_limit["CS-2"]) == list(controls["CS-2:binding_limit"])
    assert result.control_mode["CS-1"].iloc[-1] == "flow"
    assert result.binding_limit["CS-3"].iloc[-1] == "as_given"


QUALITY_SCHEDULE = ROOT / "examples/pakistan-stream/quality-day-schedule.json"


def test_simulate_reports_gas_quality_as_the_cli():
    model = linepack.read(MODEL)
    result = linepack.simulate(model, QUALITY_SCHEDULE, duration_s=6 * 3600, dt_s=300,
                               dx_m=20000, output_interval_s=3600)
    assert result.status == "completed"
    assert "N7:gross_cv_j_per_m3" in result.quality.columns
    cli = os.environ.get("LINEPACK_CLI", str(ROOT / "build/bin/linepack"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([cli, "transient", str(MODEL), "--schedule", str(QUALITY_SCHEDULE),
                        "--duration", str(6 * 3600), "--dt", "300", "--dx", "20000",
                        "--output-interval", "3600", "-q", "-o", out], check=True)
        quality = pd.read_csv(pathlib.Path(out) / "quality.csv", index_col="time_s")
    np.testing.assert_allclose(result.quality[quality.columns].to_numpy(), quality.to_numpy(),
                               rtol=1e-10)
    # The new cargo is at Port Qasim from 02:00 on: its calorific value there drops.
    cv = result.quality["N0s:gross_cv_j_per_m3"]
    assert cv.loc[3 * 3600] < cv.loc[0] * 0.99


def test_simulate_without_compositions_has_no_quality():
    model = linepack.read(MODEL)
    result = linepack.simulate(model, SCHEDULE, duration_s=600, dt_s=300, dx_m=20000)
    assert result.quality is None


def test_simulate_reports_gas_temperatures_with_the_energy_equation():
    model = linepack.read(MODEL)
    model.thermal = {"energy_equation": True, "ground_temperature_k": 288.15,
                     "supply_temperature_k": 318.15}
    result = linepack.simulate(model, SCHEDULE, duration_s=3600, dt_s=300, dx_m=20000,
                               output_interval_s=1800)
    assert result.status == "completed"
    assert list(result.temperatures.columns) == list(result.nodes.columns)
    # Gas leaves Port Qasim warm and cools towards the 15 degC ground on the way to Kasur.
    t = result.temperatures.iloc[-1]
    assert t["N0"] > 318.15 > t["N1"]
    assert abs(t["N7"] - 288.15) < 3.0
    assert linepack.simulate(linepack.read(MODEL), SCHEDULE, duration_s=600, dt_s=300,
                             dx_m=20000).temperatures is None


def test_withdraw_fuel_closes_the_mass_balance_as_the_cli():
    # CS-1 runs on its throughput setpoint: its fuel is withdrawn at its inlet (lagged one step),
    # counted as withdrawal; the mass balance of summary.json closes with it.
    model = linepack.read(MODEL)
    result = linepack.simulate(model, SCHEDULE, duration_s=3600, dt_s=300, dx_m=20000,
                               withdraw_fuel=True)
    assert result.status == "completed"
    assert result.fuel_withdrawn_kg.iloc[0] == 0.0
    assert result.fuel_withdrawn_kg.iloc[-1] > 0.0
    plain = linepack.simulate(model, SCHEDULE, duration_s=3600, dt_s=300, dx_m=20000)
    assert (plain.fuel_withdrawn_kg == 0.0).all()
    cli = os.environ.get("LINEPACK_CLI", str(ROOT / "build/bin/linepack"))
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([cli, "transient", str(MODEL), "--schedule", str(SCHEDULE), "--duration",
                        "3600", "--dt", "300", "--dx", "20000", "--withdraw-fuel", "-q",
                        "-o", out], check=True)
        summary = json.loads((pathlib.Path(out) / "summary.json").read_text())
        compressors = pd.read_csv(pathlib.Path(out) / "compressors.csv", index_col="time_s")
    assert summary["options"]["withdraw_fuel"] is True
    lp = summary["linepack"]
    assert abs(lp["mass_balance_error_relative"]) < 1e-9
    np.testing.assert_allclose(lp["fuel_withdrawn_kg"], result.fuel_withdrawn_kg.iloc[-1],
                               rtol=1e-10)
    np.testing.assert_allclose(sum(lp["fuel_withdrawn_kg_per_station"].values()),
                               lp["fuel_withdrawn_kg"], rtol=1e-12)
    assert lp["fuel_withdrawn_kg_per_station"]["CS-1"] > 0.0
    assert (compressors["CS-1:fuel_withdrawn_kg_per_s"].iloc[1:] > 0.0).all()
    assert (compressors["CS-2:fuel_withdrawn_kg_per_s"] == 0.0).all()  # bypassed


def test_steady_options_of_the_cli_from_python(cli, tmp_path):
    """solve()'s setpoints_only, withdraw_fuel and map_limits are `linepack solve`'s flags:
    Pakistan Stream case C with maps, where CS-1 cannot reach its 98 bara setpoint within its
    units' maximum speed (tests/verification/station_fuel_test.cpp)."""
    model = linepack.read(ROOT / "examples/pakistan-stream/model-maps.json")
    model.load_scenario(ROOT / "examples/pakistan-stream/case-C.json")
    free = linepack.solve(model, withdraw_fuel=True, map_limits=False)
    held = linepack.solve(model, withdraw_fuel=True)  # map limits held by default
    assert free.converged and held.converged
    explicit = linepack.solve(model, withdraw_fuel=True, map_limits=True)
    assert explicit.elements.loc["CS-1", "shaft_power_w"] == held.elements.loc["CS-1", "shaft_power_w"]
    assert free.elements.loc["CS-1", "fuel_kg_per_s"] > 0.0
    assert held.elements.loc["CS-1", "shaft_power_w"] < free.elements.loc["CS-1", "shaft_power_w"]
    # Fuel withdrawn at the inlets: supply = offtakes + fuel, to 1e-9.
    w = held.nodes["withdrawal_kg_per_s"]
    assert abs(-w[w < 0].sum() - w[w > 0].sum()) < 1e-9 * -w[w < 0].sum()
    assert held.nodes.loc["N0", "pressure_pa"] < 98e5  # CS-1's discharge, below its setpoint
    only = linepack.solve(model, setpoints_only=True)
    assert only.converged and abs(only.nodes.loc["N0", "pressure_pa"] - 98e5) < 1.0
    with pytest.raises(ValueError, match="map_limits"):
        linepack.solve(model, setpoints_only=True, map_limits=True)

    maps = str(ROOT / "examples/pakistan-stream/model-maps.json")
    case_c = str(ROOT / "examples/pakistan-stream/case-C.json")

    def cli_cs1_power(flag: str) -> float:
        out = tmp_path / f"{flag.strip('-')}.json"
        subprocess.run([str(cli), "solve", maps, "--controls", case_c, "--withdraw-fuel", flag,
                        "-q", "-o", str(out)], check=True)
        return next(e for e in json.loads(out.read_text())["elements"]
                    if e["id"] == "CS-1")["shaft_power_w"]

    # --map-limits (the default) and --no-map-limits give what map_limits True and False give.
    np.testing.assert_allclose(cli_cs1_power("--map-limits"),
                               held.elements.loc["CS-1", "shaft_power_w"], rtol=1e-9)
    np.testing.assert_allclose(cli_cs1_power("--no-map-limits"),
                               free.elements.loc["CS-1", "shaft_power_w"], rtol=1e-9)
    for flags, named in ((["--map-limits", "--setpoints-only"], "--map-limits"),
                         (["--map-limits", "--no-map-limits"], "--no-map-limits")):
        bad = subprocess.run([str(cli), "solve", maps, *flags, "-o", str(tmp_path / "x.json")],
                             capture_output=True, text=True)
        assert bad.returncode == 2 and named in bad.stderr
        assert not (tmp_path / "x.json").exists()
