"""Ensembles on a Dask LocalCluster with 2 worker processes: all 1,234 GasLib-134 nominations
and an N-1 run of GasLib-40, identical to serial loops; a worker killed mid-run; a run stopped
halfway and resumed; failures recorded; the `linepack ensemble` command.
"""
from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import linepack
from linepack import ensemble as ens
from conftest import data_with, run_cli

NODE_Q = ens.DEFAULT_NODE_QUANTITIES
ELEMENT_Q = ens.DEFAULT_ELEMENT_QUANTITIES
NOMINATIONS = 1234


def assert_frames_identical(a: pd.DataFrame, b: pd.DataFrame, what: str) -> None:
    """Same index, columns and float64 bit patterns (NaN where either has no value)."""
    assert list(a.index) == list(b.index), what
    assert list(a.columns) == list(b.columns), what
    va = np.ascontiguousarray(a.to_numpy(dtype=np.float64)).view(np.uint64)
    vb = np.ascontiguousarray(b.to_numpy(dtype=np.float64)).view(np.uint64)
    if not np.array_equal(va, vb):
        r, c = np.argwhere(va != vb)[0]
        raise AssertionError(f"{what}: differs at ({a.index[r]}, {a.columns[c]}): "
                             f"{a.iat[r, c]!r} != {b.iat[r, c]!r}")


def serial_loop(model: linepack.Model, cases: list[ens.Case]) -> tuple[dict, dict]:
    """The reference: a plain loop of linepack.solve over the cases, no ensemble code."""
    rows: dict[str, dict[str, pd.Series]] = {q: {} for q in NODE_Q + ELEMENT_Q}
    status: dict[str, str] = {}
    for case in cases:
        m = model.copy()
        if case.scenario:
            m.load_scenario(case.scenario)
        for e in case.close:
            m.close_element(e)
        for e in case.remove:
            m.remove_element(e)
        try:
            r = linepack.solve(m)
        except linepack.InputError as e:
            status[case.name] = f"error: {type(e).__name__}: {e}"
            continue
        status[case.name] = r.status
        for q in NODE_Q:
            rows[q][case.name] = pd.Series(r.node_array(q), index=r.node_ids)
        for q in ELEMENT_Q:
            rows[q][case.name] = pd.Series(r.element_array(q), index=r.element_ids)
    return rows, status


def assert_matches_loop(result: ens.EnsembleResult, rows: dict, status: dict) -> None:
    st = result.status
    assert st.index.is_unique and list(st.index) == list(status)
    for name, s in status.items():
        if s.startswith("error: "):
            assert st.at[name, "status"] == "error"
            assert st.at[name, "message"] == s[len("error: "):]
        else:
            assert st.at[name, "status"] == s
    for q, series in rows.items():
        frame = result[q]
        for name, expected in series.items():
            got = frame.loc[name, expected.index].to_numpy(dtype=np.float64)
            want = expected.to_numpy(dtype=np.float64)
            assert np.array_equal(got.view(np.uint64), want.view(np.uint64)), (q, name)
        # Cases that raised have no values.
        for name, s in status.items():
            if s.startswith("error: "):
                assert frame.loc[name].isna().all()


def status_csv_rows(outdir: Path) -> list[dict[str, str]]:
    with open(outdir / "status.csv", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------------------------
# GasLib-134: 1,234 nominations


@pytest.fixture(scope="module")
def g134():
    rel = "gaslib/official/GasLib-134/Nominations-134-v2"
    folder = data_with(rel) / "gaslib/official/GasLib-134"
    model = linepack.read(folder / "GasLib-134-v2.net")
    cases = ens.scenario_cases(folder / "Nominations-134-v2")
    assert len(cases) == NOMINATIONS
    return model, cases


@pytest.fixture(scope="module")
def g134_reference(g134):
    model, cases = g134
    return serial_loop(model, cases)


@pytest.fixture(scope="module")
def g134_serial(g134):
    model, cases = g134
    return ens.run(model, cases, workers=0, progress=False)


def test_gaslib134_all_nominations_on_two_workers(g134, g134_reference, g134_serial,
                                                  dask_client, tmp_path):
    model, cases = g134
    assert len(dask_client.scheduler_info()["workers"]) == 2
    result = ens.run(model, cases, client=dask_client, outdir=tmp_path, write_on="worker")
    assert result.computed == NOMINATIONS and result.reused == 0
    assert (result.status["status"] == "converged").all()
    assert result.status["worker"].nunique() == 2  # both workers took part
    assert_matches_loop(result, *g134_reference)
    for q in NODE_Q + ELEMENT_Q:
        assert_frames_identical(result[q], g134_serial[q], q)
        assert result[q].shape == (NOMINATIONS, len(model.node_ids()) if q in NODE_Q
                                   else len(model.element_ids()))
    # Files: one per scenario, and a status file naming each once, in input order.
    assert len(list((tmp_path / "scenarios").glob("*.csv"))) == NOMINATIONS
    rows = status_csv_rows(tmp_path)
    assert [r["scenario"] for r in rows] == [c.name for c in cases]
    assert {r["status"] for r in rows} == {"converged"}
    # A summary file reads back to the same numbers.
    back = pd.read_csv(tmp_path / "scenarios" / "2014-02-01.csv", index_col="id",
                       float_precision="round_trip", keep_default_na=False, na_values=[""])
    nodes = back[back["kind"] == "node"]
    assert np.array_equal(nodes["pressure_bar"].to_numpy(),
                          result["pressure_bar"].loc["2014-02-01", nodes.index].to_numpy())


def test_worker_killed_mid_run(g134, g134_serial, tmp_path):
    """SIGKILL one of the two worker processes after 150 of 1,234 scenarios: Dask re-runs its
    tasks, and every scenario is still there exactly once, with the serial results."""
    model, cases = g134
    cluster, client = ens._local_cluster(2)
    try:
        pids = client.run(os.getpid)
        victim = sorted(pids.values())[0]
        killed = {}

        def kill_once(done: int, total: int) -> None:
            if not killed and done >= 150:
                os.kill(victim, signal.SIGKILL)
                killed["at"] = done

        result = ens.run(model, cases, client=client, outdir=tmp_path, batch_size=16,
                         on_progress=kill_once, progress=False)
        assert killed and killed["at"] < NOMINATIONS
    finally:
        client.close()
        cluster.close()
    st = result.status
    assert st.index.is_unique and len(st) == NOMINATIONS
    assert list(st.index) == [c.name for c in cases]
    assert (st["status"] == "converged").all(), st["status"].value_counts()
    rows = status_csv_rows(tmp_path)
    assert sorted(r["scenario"] for r in rows) == sorted(c.name for c in cases)
    assert len(list((tmp_path / "scenarios").glob("*.csv"))) == NOMINATIONS
    assert not list((tmp_path / "scenarios").glob(".*"))  # no partial files left
    for q in NODE_Q + ELEMENT_Q:
        assert_frames_identical(result[q], g134_serial[q], q)


class Stop(Exception):
    pass


def test_stop_halfway_and_resume(g134, g134_serial, dask_client, tmp_path):
    model, cases = g134

    def stop_halfway(done: int, total: int) -> None:
        if done >= total // 2:
            raise Stop

    with pytest.raises(Stop):
        ens.run(model, cases, client=dask_client, outdir=tmp_path, on_progress=stop_halfway,
                progress=False)
    rows = status_csv_rows(tmp_path)
    assert [r["scenario"] for r in rows] == [c.name for c in cases]  # every case named
    finished = {r["scenario"]: r for r in rows if r["status"] == "converged"}
    pending = [r for r in rows if r["status"] == "pending"]
    assert NOMINATIONS // 2 <= len(finished) < NOMINATIONS
    assert len(finished) + len(pending) == NOMINATIONS
    stamps = {n: (tmp_path / "scenarios" / r["file"]).stat().st_mtime_ns
              for n, r in finished.items()}

    solved: list[str] = []
    result = ens.run(model, cases, client=dask_client, outdir=tmp_path, progress=False,
                     on_progress=lambda done, total: solved.append(done))
    assert result.reused == len(finished)
    assert result.computed == NOMINATIONS - len(finished) == len(solved)
    st = result.status
    assert set(st.index[st["reused"]]) == set(finished)
    assert (st["status"] == "converged").all()
    for name, stamp in stamps.items():  # finished ones were not written again
        assert (tmp_path / "scenarios" / finished[name]["file"]).stat().st_mtime_ns == stamp
    for q in NODE_Q + ELEMENT_Q:
        assert_frames_identical(result[q], g134_serial[q], q)
    assert [r["status"] for r in status_csv_rows(tmp_path)] == ["converged"] * NOMINATIONS

    # A third run has nothing left to do.
    again = ens.run(model, cases, client=dask_client, outdir=tmp_path, progress=False)
    assert again.reused == NOMINATIONS and again.computed == 0
    for q in NODE_Q + ELEMENT_Q:
        assert_frames_identical(again[q], g134_serial[q], q)


# ---------------------------------------------------------------------------------------------
# GasLib-40: N-1


@pytest.fixture(scope="module")
def g40(gaslib: Path):
    folder = gaslib / "GasLib-40"
    model = linepack.read(folder / "GasLib-40.net")
    scenarios = ens.scenario_cases(folder / "GasLib-40.scn")
    return model, scenarios


def test_gaslib40_n_minus_1(g40, dask_client):
    model, scenarios = g40
    contingencies = ens.n_minus_1(model)
    assert len(contingencies) == 6 + 39  # 6 compressor stations, 39 pipes, no valves
    cases = ens.combine(scenarios, contingencies)
    assert cases[0].name == "GasLib-40" and cases[1].name == "GasLib-40+out-compressorStation_1"
    result = ens.run(model, cases, client=dask_client, progress=False)
    serial = ens.run(model, cases, workers=0, progress=False)
    assert_matches_loop(result, *serial_loop(model, cases))
    for q in NODE_Q + ELEMENT_Q:
        assert_frames_identical(result[q], serial[q], q)
    st = result.status
    assert len(st) == 46 and st.index.is_unique
    assert st.at["GasLib-40", "status"] == "converged"
    # Outages that cut a part off the reference are recorded with the reason, not dropped.
    errors = st[st["status"] == "error"]
    assert len(errors) > 0 and errors["message"].str.contains("no pressure reference").all()
    assert set(st["status"]) <= {"converged", "infeasible", "not_converged", "error"}
    # A removed pipe has no column value in its own case; the others keep theirs.
    flow = result["mass_flow_kg_per_s"]
    assert np.isnan(flow.at["GasLib-40+out-pipe_9", "pipe_9"])
    assert flow.at["GasLib-40+out-pipe_9", "pipe_10"] == flow.at["GasLib-40+out-pipe_9", "pipe_10"]
    # A closed compressor carries no flow.
    assert flow.at["GasLib-40+out-compressorStation_3", "compressorStation_3"] == 0.0


def test_pipe_outage_by_closed_valve(g40):
    model, scenarios = g40
    removed = ens.run(model, ens.combine(scenarios, ens.n_minus_1(model, kinds=["pipe"])),
                      workers=0, progress=False)
    closed = ens.run(model, ens.combine(scenarios, ens.n_minus_1(model, kinds=["pipe"],
                                                                  pipe_outage="close")),
                     workers=0, progress=False)
    assert list(removed.status["status"]) == list(closed.status["status"])
    ok = removed.status.index[removed.status["status"] == "converged"]
    a = removed["pressure_bar"].loc[ok].to_numpy()
    b = closed["pressure_bar"].loc[ok].to_numpy()
    assert np.allclose(a, b, rtol=1e-12, atol=0)  # same solution up to rounding
    assert (closed["mass_flow_kg_per_s"].loc["GasLib-40+out-pipe_9", "pipe_9"]) == 0.0


def test_failures_are_recorded_not_dropped(g40, dask_client, tmp_path):
    model, scenarios = g40

    scn = scenarios[0].scenario
    cases = [
        scenarios[0],
        ens.Case("missing", scenario=str(tmp_path / "nope.scn")),
        ens.Case("bad-control", scenario=scn, controls=(("no_such_valve", "closed", None, None),)),
        ens.Case("raises", scenario=scn, modify=_raise),
        ens.Case("starved", scenario=scn, boundaries=(("sink_1", "flow", 1e5),)),
        ens.Case("no-scenario"),
    ]
    for kwargs in (dict(client=dask_client), dict(workers=0)):
        result = ens.run(model, cases, progress=False, outdir=tmp_path / str(len(kwargs)),
                         **kwargs)
        st = result.status
        assert list(st.index) == [c.name for c in cases]
        assert st.at["GasLib-40", "status"] == "converged"
        assert st.at["missing", "status"] == "error"
        assert st.at["missing", "message"] == f"InputError: {tmp_path / 'nope.scn'}: no such scenario file"
        assert st.at["bad-control", "status"] == "error"
        # set_control checks the id at once (issue 13): a KeyError naming it.
        assert st.at["bad-control", "message"].startswith("KeyError: ")
        assert "no element 'no_such_valve' in the network" in st.at["bad-control", "message"]
        assert st.at["raises", "message"] == "RuntimeError: no such luck"
        assert st.at["starved", "status"] in ("infeasible", "not_converged")
        assert st.at["starved", "message"]
        assert st.at["no-scenario", "message"].startswith("InputError: ")
        assert "no boundary conditions" in st.at["no-scenario", "message"]
        assert result["pressure_bar"].loc["missing"].isna().all()
        assert len(status_csv_rows(tmp_path / str(len(kwargs)))) == len(cases)


def _raise(model: linepack.Model) -> None:
    raise RuntimeError("no such luck")


def test_resume_recomputes_another_model(g40, tmp_path, capsys):
    """Issue 13: resume is keyed on the inputs, not on the names: another network (or other
    options) with the same scenario names is solved again, with a message."""
    model, scenarios = g40
    first = ens.run(model, scenarios, workers=0, outdir=tmp_path, progress=False)
    other = model.copy()
    other.set_pipe("pipe_1", diameter_m=0.123)
    again = ens.run(other, scenarios, workers=0, outdir=tmp_path, progress=True)
    err = capsys.readouterr().err
    assert "differ from the last run" in err and "solved again" in err
    assert again.computed == len(scenarios) and not again.status["reused"].any()
    assert again["pressure_bar"].ne(first["pressure_bar"]).any().any()
    assert (again.status["input_sha1"] != first.status["input_sha1"]).all()


def test_resume_recomputes_a_changed_scenario_file(gaslib, tmp_path, capsys):
    """A nomination edited under the same name is solved again; the others are reused."""
    g = gaslib / "GasLib-40"
    model = linepack.read(g / "GasLib-40.net")
    folder = tmp_path / "scn"
    folder.mkdir()
    text = (g / "GasLib-40.scn").read_text()
    (folder / "a.scn").write_text(text)
    (folder / "b.scn").write_text(text)
    out = tmp_path / "out"
    first = ens.run(model, ens.scenario_cases(folder), workers=0, outdir=out, progress=False)
    assert first.computed == 2
    changed = text.replace('<flow value="725" bound="both"', '<flow value="600" bound="both"', 1)
    assert changed != text
    (folder / "b.scn").write_text(changed)
    again = ens.run(model, ens.scenario_cases(folder), workers=0, outdir=out, progress=True)
    assert "1 scenario(s) of the last run" in capsys.readouterr().err
    assert again.computed == 1
    assert bool(again.status.at["a", "reused"]) and not bool(again.status.at["b", "reused"])
    assert again["pressure_bar"].loc["a"].equals(first["pressure_bar"].loc["a"])
    assert not again["pressure_bar"].loc["b"].equals(first["pressure_bar"].loc["b"])
    # A third run with nothing changed solves nothing.
    third = ens.run(model, ens.scenario_cases(folder), workers=0, outdir=out, progress=False)
    assert third.computed == 0


# ---------------------------------------------------------------------------------------------
# the command line: `linepack ensemble` (C++, hands over) and `python3 -m linepack ensemble`


def test_cli_ensemble_n_minus_1_and_resume(cli, gaslib, tmp_path):
    net, scn = gaslib / "GasLib-40/GasLib-40.net", gaslib / "GasLib-40/GasLib-40.scn"
    out = tmp_path / "out"
    p = run_cli(cli, "ensemble", net, "--scenarios", scn, "--contingencies", "n-1",
                "--workers", "2", "-o", out)
    assert p.returncode == 1, p.stderr  # some outages fail: recorded, exit code 1
    assert "46 scenarios" in p.stderr
    rows = status_csv_rows(out)
    assert len(rows) == 46 and len({r["scenario"] for r in rows}) == 46
    files = {f.name: f.read_text() for f in (out / "scenarios").glob("*.csv")}
    assert len(files) == sum(r["status"] != "error" for r in rows)

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(linepack.__file__).parents[1]),
                                         env.get("PYTHONPATH", "")])
    q = subprocess.run([sys.executable, "-m", "linepack", "ensemble", str(net), "--scenarios",
                        str(scn), "--contingencies", "n-1", "--workers", "0", "-o", str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert q.returncode == 1, q.stderr
    assert "46 already done" in q.stderr and "0 computed, 46 reused" in q.stderr
    assert {f.name: f.read_text() for f in (out / "scenarios").glob("*.csv")} == files

    # Serial in a fresh folder: the same files, byte for byte.
    q = subprocess.run([sys.executable, "-m", "linepack", "ensemble", str(net), "--scenarios",
                        str(scn), "--contingencies", "n-1", "--workers", "0", "-q", "--tables",
                        "-o", str(tmp_path / "serial")], capture_output=True, text=True,
                       env=env, timeout=300)
    assert q.returncode == 1 and q.stderr == ""
    assert {f.name: f.read_text() for f in (tmp_path / "serial/scenarios").glob("*.csv")} == files
    table = pd.read_csv(tmp_path / "serial/tables/pressure_bar.csv", index_col=0)
    assert table.shape == (46, 40)


def test_cli_ensemble_usage_errors(cli, tmp_path):
    p = run_cli(cli, "ensemble", tmp_path / "nope.net", "-o", tmp_path / "out")
    assert p.returncode == 2
    assert p.stderr.strip() == f"linepack: error: {tmp_path / 'nope.net'}: no such file or folder"
    p = run_cli(cli, "ensemble", "--workers", "2")
    assert p.returncode == 2 and "required" in p.stderr
    p = run_cli(cli, "ensemble", "--help")
    assert p.returncode == 0 and "--contingencies" in p.stdout


NO_GUARD = """
import linepack
from linepack import ensemble as ens
model = linepack.read({net!r})
result = ens.run(model, ens.scenario_cases({scn!r}), workers=2, progress=False)
print(result.status)
"""


def test_script_without_main_guard_fails_fast(gaslib, tmp_path):
    """Issue 13: a script that starts an ensemble at import time (no `if __name__ ==
    "__main__":`) used to spawn workers that re-ran it, with endless Dask errors; now it stops
    before any process starts and says what to add."""
    g = gaslib / "GasLib-40"
    script = tmp_path / "study.py"
    script.write_text(NO_GUARD.format(net=str(g / "GasLib-40.net"), scn=str(g / "GasLib-40.scn")))
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                       timeout=120, env=os.environ.copy())
    assert p.returncode == 1
    assert time.monotonic() - t0 < 60
    assert f"{script}:5: linepack.ensemble: this script starts a local Dask cluster" in p.stderr
    assert 'if __name__ == "__main__":' in p.stderr
    assert len(p.stderr.splitlines()) < 25  # one traceback, not thousands of lines
    # The same code under the guard runs.
    guarded = "def main():\n" + "".join("    " + ln + "\n" for ln in NO_GUARD.format(
        net=str(g / "GasLib-40.net"), scn=str(g / "GasLib-40.scn")).strip().splitlines())
    script.write_text(guarded + '\nif __name__ == "__main__":\n    main()\n')
    p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                       timeout=300, env=os.environ.copy())
    assert p.returncode == 0, p.stderr
    assert "converged" in p.stdout
