"""Figures of a network and its results with matplotlib (Debian ``python3-matplotlib``).

* :func:`network_map`: the network drawn at its coordinates (GasLib ``x``/``y``, native JSON
  ``x``/``y``) or, where the model has none, at a force-directed layout; nodes and elements
  coloured by pressure, arrows in the direction of flow, compressors and regulators marked.
* :func:`pressure_profile`: pressure and elevation along the shortest path (by pipe length)
  between two nodes.
* :func:`time_series`: pressures, flows and line pack of a transient run over time.

Each function draws into a given ``ax``/``fig`` or a new figure and returns it; ``save(fig,
path)`` writes ``.svg``, ``.png`` or ``.pdf``. Without a display (and without ``MPLBACKEND``),
the non-interactive Agg backend is chosen when this module is imported.

Results may be a :class:`linepack.Result`, the JSON report of ``linepack solve`` (dict or path),
a :class:`linepack.TransientResult` or the output folder of ``linepack transient``.
"""
from __future__ import annotations

import heapq
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterable

import numpy as np

if ("matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND")
        and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
    import matplotlib

    matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

__all__ = ["layout", "network_map", "path_between", "pressure_profile", "save", "time_series"]

ELEMENT_KINDS = ("pipes", "short_pipes", "resistors", "valves", "control_valves", "compressors")
"""Element lists of the native JSON model, in the result's order."""


# ---------------------------------------------------------------------------------------------
# inputs


def _network(model: Any) -> dict:
    """The native JSON of ``model`` (a Model, a path readable by linepack.read, or a dict)."""
    if isinstance(model, dict):
        return model
    if isinstance(model, (str, os.PathLike)):
        from . import read

        model = read(model)
    return json.loads(model.to_json())


def _steady_tables(result: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(nodes, elements) of a steady result: nodes with ``pressure_bar``, elements with
    ``from``, ``to``, ``mass_flow_kg_per_s``; both indexed by id."""
    if isinstance(result, (str, os.PathLike)):
        result = json.loads(Path(result).read_text())
    if isinstance(result, dict):
        nodes = pd.DataFrame(result["nodes"]).set_index("id")
        elements = pd.DataFrame(result["elements"]).set_index("id")
        return nodes, elements
    return result.nodes, result.elements


def _edges(net: dict) -> list[tuple[str, str, str, dict]]:
    """(kind, from, to, element) of every element of the native JSON model."""
    return [(kind, e["from"], e["to"], e) for kind in ELEMENT_KINDS for e in net.get(kind, [])]


# ---------------------------------------------------------------------------------------------
# layout


def _force_layout(ids: list[str], edges: Iterable[tuple[str, str]], seed: int = 1,
                  iterations: int = 200) -> dict[str, tuple[float, float]]:
    """Fruchterman & Reingold's force-directed layout (Software: Practice and Experience
    21(11):1129, 1991): springs along edges, repulsion between all nodes, cooling step. All
    pairs, O(n²) time and memory per iteration: meant for the networks without coordinates,
    up to a few thousand nodes (GasLib files carry coordinates)."""
    n = len(ids)
    if n == 0:
        return {}
    index = {k: i for i, k in enumerate(ids)}
    pairs = np.array([(index[a], index[b]) for a, b in edges if a in index and b in index],
                     dtype=int).reshape(-1, 2)
    pos = np.random.default_rng(seed).random((n, 2))
    k = 1.0 / np.sqrt(n)  # ideal edge length in the unit square
    step = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.maximum(np.linalg.norm(delta, axis=2), 1e-9)
        disp = np.einsum("ij,ijk->ik", k * k / dist**2, delta)  # repulsion k^2/d, unit vector
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            length = np.maximum(np.linalg.norm(d, axis=1), 1e-9)
            pull = d * (length / k)[:, None]  # attraction d^2/k along the edge
            np.add.at(disp, pairs[:, 0], -pull)
            np.add.at(disp, pairs[:, 1], pull)
        norm = np.maximum(np.linalg.norm(disp, axis=1), 1e-9)
        pos += disp / norm[:, None] * np.minimum(norm, step)[:, None]
        step = max(step * 0.97, 1e-3)
    return {k_: (float(x), float(y)) for k_, (x, y) in zip(ids, pos)}


def layout(model: Any) -> dict[str, tuple[float, float]]:
    """Node positions: the model's coordinates when they tell the nodes apart (at least 90 % of
    the nodes at distinct points), else a force-directed layout of the topology."""
    net = _network(model)
    ids = [n["id"] for n in net.get("nodes", [])]
    xy = {n["id"]: (float(n.get("x", 0.0)), float(n.get("y", 0.0))) for n in net.get("nodes", [])}
    if ids and len(set(xy.values())) >= 0.9 * len(ids):
        return xy
    return _force_layout(ids, [(a, b) for _, a, b, _ in _edges(net)])


# ---------------------------------------------------------------------------------------------
# map


def network_map(model: Any, result: Any = None, *, ax: plt.Axes | None = None,
                arrows: bool = True, labels: bool = False, cmap: str = "viridis",
                title: str | None = None) -> plt.Axes:
    """Draws the network: elements as lines (coloured by the mean pressure of their ends when a
    result is given), nodes coloured by pressure [bar], an arrow at the middle of each element
    pointing the way the gas flows, compressors as triangles and control valves as diamonds.

    Args:
        model: a :class:`linepack.Model`, a path ``linepack.read`` accepts, or native JSON.
        result: a steady result (:class:`linepack.Result`, JSON report dict or path), or None
            for the network alone.
        ax: the axes to draw into (default: a new figure).
        arrows: draw flow arrows (only with a result).
        labels: write node ids.
    """
    net = _network(model)
    pos = layout(net)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 7))
    edges = [(kind, a, b, e) for kind, a, b, e in _edges(net) if a in pos and b in pos]
    segments = np.array([[pos[a], pos[b]] for _, a, b, _ in edges]).reshape(-1, 2, 2)
    pressure = None
    flows = None
    if result is not None:
        nodes, elements = _steady_tables(result)
        pressure = nodes["pressure_bar"].astype(float)
        flows = elements["mass_flow_kg_per_s"].astype(float)
    widths = [2.2 if kind == "pipes" else 1.2 for kind, *_ in edges]
    lines = LineCollection(segments, linewidths=widths, zorder=1)
    if pressure is not None and len(edges):
        lines.set_array(np.array([(pressure.get(a, np.nan) + pressure.get(b, np.nan)) / 2
                                  for _, a, b, _ in edges]))
        lines.set_cmap(cmap)
    else:
        lines.set_color("0.45")
    ax.add_collection(lines)

    ids = list(pos)
    xy = np.array([pos[i] for i in ids]).reshape(-1, 2)
    if pressure is not None:
        values = np.array([pressure.get(i, np.nan) for i in ids])
        norm = plt.Normalize(np.nanmin(values), np.nanmax(values)) if len(values) else None
        if norm is not None:
            lines.set_norm(norm)
        points = ax.scatter(xy[:, 0], xy[:, 1], c=values, cmap=cmap, norm=norm, s=22,
                            edgecolors="k", linewidths=0.3, zorder=3)
        ax.figure.colorbar(points, ax=ax, label="pressure [bar]", shrink=0.8)
    else:
        ax.scatter(xy[:, 0], xy[:, 1], c="0.2", s=14, zorder=3)

    for kind, marker in (("compressors", "^"), ("control_valves", "D")):
        mids = np.array([np.mean([pos[a], pos[b]], axis=0) for k, a, b, _ in edges if k == kind])
        if len(mids):
            ax.scatter(mids[:, 0], mids[:, 1], marker=marker, s=70, c="tab:red", zorder=4,
                       label=kind.replace("_", " ")[:-1])

    if arrows and flows is not None and len(edges):
        start, end, sign = [], [], []
        for _, a, b, e in edges:
            q = flows.get(e["id"], 0.0)
            if abs(q) > 1e-9:
                start.append(pos[a])
                end.append(pos[b])
                sign.append(np.sign(q))
        if start:
            s, t, sg = np.array(start), np.array(end), np.array(sign)[:, None]
            d = (t - s) * sg
            length = np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-12)
            span = np.ptp(xy, axis=0).max() if len(xy) > 1 else 1.0
            u = d / length * span * 0.025
            mid = (s + t) / 2
            ax.quiver(mid[:, 0], mid[:, 1], u[:, 0], u[:, 1], angles="xy", scale_units="xy",
                      scale=1, pivot="mid", color="k", width=0.003, headwidth=4, zorder=5)
    if labels:
        for i, (x, y) in pos.items():
            ax.annotate(i, (x, y), fontsize=6, xytext=(2, 2), textcoords="offset points")
    if any(k in ("compressors", "control_valves") for k, *_ in edges):
        ax.legend(loc="best", fontsize=8)
    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title if title is not None else net.get("name") or "network")
    return ax


# ---------------------------------------------------------------------------------------------
# profile


def path_between(model: Any, start: str, end: str) -> tuple[list[str], list[float]]:
    """The shortest path from ``start`` to ``end`` by pipe length (other elements count 0 m):
    its node ids and their distance from ``start`` [m]. Elements connect both ways.

    Raises:
        KeyError: an unknown node id. ValueError: the nodes are not connected.
    """
    net = _network(model)
    ids = {n["id"] for n in net.get("nodes", [])}
    for node in (start, end):
        if node not in ids:
            raise KeyError(f"no node '{node}' in the network")
    adjacent: dict[str, list[tuple[str, float]]] = {}
    for kind, a, b, e in _edges(net):
        length = float(e.get("length_m", 0.0)) if kind == "pipes" else 0.0
        adjacent.setdefault(a, []).append((b, length))
        adjacent.setdefault(b, []).append((a, length))
    best = {start: 0.0}
    previous: dict[str, str] = {}
    queue = [(0.0, start)]
    while queue:  # Dijkstra
        d, node = heapq.heappop(queue)
        if node == end:
            break
        if d > best.get(node, np.inf):
            continue
        for other, length in adjacent.get(node, []):
            if d + length < best.get(other, np.inf):
                best[other] = d + length
                previous[other] = node
                heapq.heappush(queue, (d + length, other))
    if end not in best:
        raise ValueError(f"no path from '{start}' to '{end}' in the network")
    path = [end]
    while path[-1] != start:
        path.append(previous[path[-1]])
    path.reverse()
    return path, [best[n] for n in path]


def pressure_profile(model: Any, result: Any, start: str, end: str, *,
                     ax: plt.Axes | None = None, title: str | None = None) -> plt.Axes:
    """Pressure [bar] along the shortest path from ``start`` to ``end`` (distance in km), with
    the ground elevation [m] on a second axis. Returns the pressure axes."""
    net = _network(model)
    path, distance_m = path_between(net, start, end)
    nodes, _ = _steady_tables(result)
    km = np.asarray(distance_m) / 1000.0
    pressure = nodes["pressure_bar"].astype(float).reindex(path).to_numpy()
    elevation = {n["id"]: float(n.get("elevation_m", 0.0)) for n in net.get("nodes", [])}
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.5))
    other = ax.twinx()
    other.fill_between(km, [elevation[n] for n in path], color="0.85", step=None, zorder=0)
    other.plot(km, [elevation[n] for n in path], color="0.5", lw=1)
    other.set_ylabel("elevation [m]")
    ax.set_zorder(other.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.plot(km, pressure, "o-", color="tab:blue", ms=3, lw=1.8)
    if "pressure_min_pa" in nodes:
        pmin = nodes["pressure_min_pa"].astype(float).reindex(path).to_numpy() / 1e5
        if np.isfinite(pmin).any() and (pmin > 0).any():
            ax.plot(km, pmin, "--", color="tab:red", lw=1, label="minimum pressure")
            ax.legend(loc="best", fontsize=8)
    ax.set_xlabel("distance along the path [km]")
    ax.set_ylabel("pressure [bar]")
    ax.grid(alpha=0.3)
    ax.set_title(title if title is not None else f"{start} \u2192 {end}")
    return ax


# ---------------------------------------------------------------------------------------------
# transient


def _transient_tables(result: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
    """(node pressures [Pa], element flows [kg/s], line pack [kg]) indexed by time [s], from a
    TransientResult or an output folder of ``linepack transient``."""
    if isinstance(result, (str, os.PathLike)):
        folder = Path(result)
        nodes = pd.read_csv(folder / "nodes.csv", index_col="time_s")
        nodes.columns = nodes.columns.astype(str)
        elements = pd.read_csv(folder / "elements.csv", index_col="time_s")
        elements.columns = elements.columns.astype(str)
        linepack = pd.read_csv(folder / "linepack.csv", index_col="time_s")["linepack_kg"]
        return nodes, elements, linepack
    return result.nodes, result.elements, result.linepack_kg


def time_series(result: Any, *, nodes: list[str] | None = None,
                elements: list[str] | None = None, fig: plt.Figure | None = None,
                limit: int = 8) -> plt.Figure:
    """Three panels over time [h]: pressures [bar] of ``nodes``, mass flows [kg/s] of
    ``elements`` (default: the first ``limit`` of each) and the total line pack [t]."""
    p, q, lp = _transient_tables(result)
    nodes = list(p.columns[:limit]) if nodes is None else nodes
    elements = list(q.columns[:limit]) if elements is None else elements
    for wanted, table, what in ((nodes, p, "node"), (elements, q, "element")):
        missing = [i for i in wanted if i not in table.columns]
        if missing:
            raise KeyError(f"no {what} {', '.join(map(repr, missing))} in the transient result")
    if fig is None:
        fig = plt.figure(figsize=(9, 8))
    axes = fig.subplots(3, 1, sharex=True)
    hours = p.index.to_numpy(dtype=float) / 3600.0
    for n in nodes:
        axes[0].plot(hours, p[n].to_numpy() / 1e5, label=str(n))
    axes[0].set_ylabel("pressure [bar]")
    for e in elements:
        axes[1].plot(q.index.to_numpy(dtype=float) / 3600.0, q[e].to_numpy(), label=str(e))
    axes[1].set_ylabel("mass flow [kg/s]")
    axes[2].plot(lp.index.to_numpy(dtype=float) / 3600.0, lp.to_numpy() / 1000.0, color="k")
    axes[2].set_ylabel("line pack [t]")
    axes[2].set_xlabel("time [h]")
    for ax in axes[:2]:
        if ax.lines:
            ax.legend(loc="best", fontsize=7, ncol=2)
    for ax in axes:
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def save(fig: plt.Figure | plt.Axes, path: str | os.PathLike[str]) -> Path:
    """Writes the figure (or the figure of an axes) to ``path``; the suffix (.svg, .png, .pdf)
    chooses the format. Returns the path."""
    path = Path(path)
    if path.suffix.lower() not in (".svg", ".png", ".pdf"):
        raise ValueError(f"{path}: choose a .svg, .png or .pdf file name")
    figure = fig.figure if isinstance(fig, plt.Axes) else fig
    figure.savefig(path, dpi=120, bbox_inches="tight")
    return path
