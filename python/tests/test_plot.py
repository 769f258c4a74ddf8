"""linepack.plot and `linepack plot`: the figures render to non-empty images with more than one
colour, the map uses GasLib's coordinates, the profile follows the shortest pipe path."""
from __future__ import annotations

import json

import numpy as np
import pytest

import linepack
from conftest import EXAMPLES, run_cli

matplotlib = pytest.importorskip("matplotlib")
from matplotlib import image as mpimg  # noqa: E402

from linepack import plot  # noqa: E402

PAKISTAN = EXAMPLES / "pakistan-stream"


@pytest.fixture(scope="module")
def g40(data):
    g = data / "gaslib/official/GasLib-40"
    model = linepack.read(g / "GasLib-40.net", g / "GasLib-40.scn")
    return g, model, linepack.solve(model)


def colours(png) -> int:
    """Distinct RGB colours of a PNG file."""
    pixels = mpimg.imread(png)[..., :3].reshape(-1, 3)
    return len(np.unique((pixels * 255).round().astype(np.uint8), axis=0))


def test_map_uses_gaslib_coordinates_and_renders(g40, tmp_path):
    _, model, result = g40
    net = json.loads(model.to_json())
    pos = plot.layout(model)
    assert pos == {n["id"]: (n["x"], n["y"]) for n in net["nodes"]}  # GasLib's x, y
    ax = plot.network_map(model, result)
    png = plot.save(ax, tmp_path / "map.png")
    assert png.stat().st_size > 5000 and colours(png) > 20  # the pressure colour scale
    svg = plot.save(ax, tmp_path / "map.svg")
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    # One flow arrow per element that carries flow.
    quivers = [c for c in ax.collections if type(c).__name__ == "Quiver"]
    assert len(quivers) == 1
    flowing = int((result.elements["mass_flow_kg_per_s"].abs() > 1e-9).sum())
    assert quivers[0].N == flowing > 0
    matplotlib.pyplot.close("all")


def test_layout_without_coordinates_separates_the_nodes():
    model = linepack.Model()
    for i in range(12):
        model.add_node(f"N{i}")
    for i in range(11):
        model.add_pipe(f"P{i}", f"N{i}", f"N{i + 1}", length_m=1e4, diameter_m=0.5)
    pos = plot.layout(model)
    xy = np.array(list(pos.values()))
    d = np.linalg.norm(xy[:, None] - xy[None], axis=2) + np.eye(len(xy))
    assert d.min() > 1e-3  # no two nodes on one point


def test_profile_follows_the_shortest_pipe_path(g40, tmp_path):
    _, model, result = g40
    path, dist = plot.path_between(model, "source_1", "sink_10")
    assert path[0] == "source_1" and path[-1] == "sink_10"
    # Independent check of the distances: the pipe lengths between consecutive path nodes.
    net = json.loads(model.to_json())
    length = {frozenset((p["from"], p["to"])): p["length_m"] for p in net["pipes"]}
    steps = [length.get(frozenset(pair), 0.0) for pair in zip(path, path[1:])]
    np.testing.assert_allclose(dist, np.concatenate([[0.0], np.cumsum(steps)]), rtol=1e-12)
    ax = plot.pressure_profile(model, result, "source_1", "sink_10")
    line = ax.lines[0]
    np.testing.assert_allclose(line.get_ydata(), result.nodes.loc[path, "pressure_bar"])
    png = plot.save(ax, tmp_path / "profile.png")
    assert png.stat().st_size > 5000 and colours(png) > 5
    with pytest.raises(KeyError, match="no node 'nowhere'"):
        plot.path_between(model, "source_1", "nowhere")
    matplotlib.pyplot.close("all")


def test_time_series_of_a_transient(tmp_path):
    model = linepack.read(PAKISTAN / "model.json")
    r = linepack.simulate(model, PAKISTAN / "day-schedule.json", duration_s=3600, dt_s=600,
                          dx_m=50000)
    fig = plot.time_series(r, nodes=["N0", "N7"])
    axes = fig.axes
    assert len(axes) == 3
    np.testing.assert_allclose(axes[0].lines[1].get_ydata(), r.nodes["N7"] / 1e5)
    np.testing.assert_allclose(axes[2].lines[0].get_ydata(), r.linepack_kg / 1000.0)
    png = plot.save(fig, tmp_path / "series.png")
    assert png.stat().st_size > 5000 and colours(png) > 5
    with pytest.raises(KeyError, match="no node 'N99'"):
        plot.time_series(r, nodes=["N99"])
    matplotlib.pyplot.close("all")


def test_cli_plot_map_profile_and_transient(cli, g40, tmp_path):
    g, _, _ = g40
    net, scn = g / "GasLib-40.net", g / "GasLib-40.scn"
    p = run_cli(cli, "solve", net, "--scenario", scn, "-q", "-o", tmp_path / "g40.json")
    assert p.returncode == 0, p.stderr
    p = run_cli(cli, "plot", tmp_path / "g40.json", "--model", net, "-o", tmp_path / "map.png")
    assert p.returncode == 0, p.stderr
    assert colours(tmp_path / "map.png") > 20
    p = run_cli(cli, "plot", tmp_path / "g40.json", "-o", tmp_path / "layout.svg")
    assert p.returncode == 0, p.stderr  # without --model: a layout of the result's topology
    assert "<svg" in (tmp_path / "layout.svg").read_text()
    p = run_cli(cli, "plot", tmp_path / "g40.json", "--model", net, "--profile", "source_1",
                "sink_10", "-o", tmp_path / "profile.png")
    assert p.returncode == 0, p.stderr
    assert colours(tmp_path / "profile.png") > 5
    out = tmp_path / "tr"
    p = run_cli(cli, "transient", PAKISTAN / "model.json", "--duration", "3600", "--dt", "600",
                "--dx", "50000", "-q", "-o", out)
    assert p.returncode == 0, p.stderr
    p = run_cli(cli, "plot", out, "--nodes", "N0", "N7", "-o", tmp_path / "series.png")
    assert p.returncode == 0, p.stderr
    assert colours(tmp_path / "series.png") > 5


def test_cli_plot_errors_exit_2_and_write_nothing(cli, g40, tmp_path):
    g, _, _ = g40
    p = run_cli(cli, "plot", tmp_path / "missing.json", "-o", tmp_path / "x.png")
    assert p.returncode == 2 and "no such result" in p.stderr
    (tmp_path / "bad.json").write_text("{}")
    p = run_cli(cli, "plot", tmp_path / "bad.json", "-o", tmp_path / "x.png")
    assert p.returncode == 2 and "not a result JSON" in p.stderr
    p = run_cli(cli, "solve", g / "GasLib-40.net", "--scenario", g / "GasLib-40.scn", "-q", "-o",
                tmp_path / "g40.json")
    p = run_cli(cli, "plot", tmp_path / "g40.json", "--profile", "source_1", "sink_10", "-o",
                tmp_path / "x.png")
    assert p.returncode == 2 and "--profile needs --model" in p.stderr
    p = run_cli(cli, "plot", tmp_path / "g40.json", "--model", g / "GasLib-40.net", "--profile",
                "source_1", "nowhere", "-o", tmp_path / "x.png")
    assert p.returncode == 2 and "no node 'nowhere'" in p.stderr
    p = run_cli(cli, "plot", tmp_path / "g40.json", "-o", tmp_path / "x.gif")
    assert p.returncode == 2 and ".svg, .png or .pdf" in p.stderr
    assert not list(tmp_path.glob("x*"))
