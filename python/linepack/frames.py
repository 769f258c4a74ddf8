"""Results of a steady solve as pandas DataFrames and numpy arrays.

The columns are those of the command line's JSON report (docs/cli.md, "The result JSON"), with
the unit in every name, and their values are bit-identical to it: the same C++ code computes
them. Pressures are absolute. Non-finite values, which the JSON writes as ``null``, stay
``inf``/``nan`` here (an unbounded ``pressure_max_pa`` is ``inf``).

``Result.node_array(name)`` and ``Result.element_array(name)`` return read-only numpy arrays
that view the C++ result without a copy (a derived column, such as ``pressure_bar``, is computed
into a new array). The DataFrames are built from these arrays on first use; pandas copies the
values into its own blocks then.
"""
from __future__ import annotations

import json
import os
from typing import Any

import numpy as np
import pandas as pd

from . import _core

NODE_COLUMNS: tuple[str, ...] = tuple(_core.NODE_COLUMNS)
"""Node columns computed by the C++ module (views or the writer's expressions): pressure_pa,
pressure_bar, withdrawal_kg_per_s, withdrawal_1000m3_per_h, withdrawal_nm3_per_h,
withdrawal_mmcfd, withdrawal_energy_mw, pressure_fixed (bool), pressure_min_pa,
pressure_max_pa. ``Result.nodes`` has these first, then any other key of the JSON report."""

ELEMENT_COLUMNS: tuple[str, ...] = tuple(_core.ELEMENT_COLUMNS)
"""Element columns computed by the C++ module: mass_flow_kg_per_s, flow_1000m3_per_h,
flow_nm3_per_h, flow_mmcfd, flow_energy_mw, pressure_ratio, velocity_from_m_per_s,
velocity_to_m_per_s, velocity_mean_m_per_s, friction_factor, shaft_power_w, fuel_kg_per_s.
``Result.elements`` has kind, from, to, these, then any other key of the JSON report."""


STATION_UNIT_COLUMNS = (
    "kind",
    "stage",
    "mass_flow_kg_per_s",
    "volume_flow_m3_per_s",
    "head_j_per_kg",
    "speed_per_min",
    "efficiency",
    "shaft_power_w",
    "drive_power_max_w",
    "fuel_kg_per_s",
    "surge_margin",
    "choke_margin",
)


def violation_unit(what: str) -> str:
    """The SI unit of a violation's value and limit (steady/violations.cpp): Pa for pressures
    (and the control valve's inlet/outlet comparison), 1 for the pressure ratio, W for power,
    kg/s for flow, K for the discharge temperature (energy equation); station map limits ``station_<what>:<unit>``: m^3/s for surge and choke,
    1/s for speed, W for power, 1 for ratio and efficiency, J/kg for a head without speed,
    N m for torque."""
    if what.startswith("station_"):
        kind = what.split(":", 1)[0]
        return {
            "station_surge": "m^3/s",
            "station_choke": "m^3/s",
            "station_speed_below_min": "1/s",
            "station_speed_above_max": "1/s",
            "station_power_above_max": "W",
            "station_no_speed": "J/kg",
            "station_torque_above_max": "N m",
        }.get(kind, "1")
    if what.endswith("_ratio_above_max"):
        return "1"
    if "_temperature_" in what:
        return "K"
    if "_power_" in what:
        return "W"
    if "_flow_" in what or what.endswith("_flow"):  # *_flow_above_max, *_reverse_flow, ...
        return "kg/s"
    return "Pa"


class Result:
    """The outcome of one steady solve (:func:`linepack.solve`).

    Attributes:
        status: ``"converged"``, ``"not_converged"`` or ``"infeasible"``.
        iterations: Newton iterations.
        residual: weighted infinity norm of the residual (bar for pressure equations, kg/s for
            flow equations); also ``residual_norm``.
        message: the reason when not converged, else ``""``.
        certificate: the proof when ``infeasible`` (dict), else ``None``.
        solve_time_s: wall time of the C++ solve.
        totals: supply, withdrawal, compressor power and fuel, normal density (dict).
        nodes: DataFrame indexed by node id (network order).
        elements: DataFrame indexed by element id: kind, from, to and the numeric columns.
            Pipe-only columns (velocities, friction factor) are 0 for other kinds, compressor-only
            columns (shaft power, fuel) 0 for other kinds, as in the CSV files; the JSON leaves
            those keys out.
        violations: DataFrame of bound and limit violations: id, what, value, limit (SI),
            unit, value_bar and limit_bar (pressures only).
        worst_equations: DataFrame (id, equation, residual); empty when converged.
    """

    __slots__ = ("_raw", "_nodes", "_elements", "_node_ids", "_element_ids")

    def __init__(self, raw: _core.SteadyResult) -> None:
        self._raw = raw
        self._nodes: pd.DataFrame | None = None
        self._elements: pd.DataFrame | None = None
        self._node_ids: list[str] | None = None
        self._element_ids: list[str] | None = None

    # -- scalars --
    @property
    def raw(self) -> _core.SteadyResult:
        """The underlying C++ result."""
        return self._raw

    @property
    def status(self) -> str:
        return self._raw.status

    @property
    def converged(self) -> bool:
        return self._raw.status == "converged"

    @property
    def iterations(self) -> int:
        return self._raw.iterations

    @property
    def control_rounds(self) -> int:
        """Newton solves of the network, one per set of regulator and station holds tried."""
        return self._raw.control_rounds

    @property
    def newton_iterations_total(self) -> int:
        """Newton iterations of every control round (``iterations``: the last round's)."""
        return self._raw.newton_iterations_total

    @property
    def residual(self) -> float:
        return self._raw.residual_norm

    @property
    def residual_norm(self) -> float:
        return self._raw.residual_norm

    @property
    def message(self) -> str:
        return self._raw.message

    @property
    def solve_time_s(self) -> float:
        return self._raw.solve_time_s

    @property
    def totals(self) -> dict[str, float]:
        return self._raw.totals

    # -- ids and arrays --
    @property
    def node_ids(self) -> list[str]:
        """Node ids in network order."""
        if self._node_ids is None:
            self._node_ids = self._raw.node_ids()
        return self._node_ids

    @property
    def element_ids(self) -> list[str]:
        """Element ids: pipes, short pipes, resistors, valves, control valves, compressors."""
        if self._element_ids is None:
            self._element_ids = self._raw.element_strings("id")
        return self._element_ids

    def node_array(self, name: str) -> np.ndarray:
        """A node column as a read-only array (a view without copy for stored values)."""
        return self._raw.node_column(name)

    def element_array(self, name: str) -> np.ndarray:
        """An element column as a read-only array (a view without copy, except
        flow_1000m3_per_h)."""
        return self._raw.element_column(name)

    # -- tables --
    @property
    def nodes(self) -> pd.DataFrame:
        if self._nodes is None:
            data: dict[str, Any] = {name: self._raw.node_column(name) for name in NODE_COLUMNS}
            data.update(self._raw.json_columns("nodes", list(NODE_COLUMNS)))
            # The pressure limits also in bar, beside pressure_bar, so that a table compares
            # values in one unit.
            bar = {"pressure_min_bar": data["pressure_min_pa"] / 1e5,
                   "pressure_max_bar": data["pressure_max_pa"] / 1e5}
            ordered: dict[str, Any] = {}
            for name, column in data.items():
                ordered[name] = column
                if name == "pressure_max_pa":
                    ordered.update(bar)
            self._nodes = pd.DataFrame(ordered, index=pd.Index(self.node_ids, name="id"))
        return self._nodes

    @property
    def elements(self) -> pd.DataFrame:
        if self._elements is None:
            texts = ("kind", "from", "to")
            data: dict[str, Any] = {k: self._raw.element_strings(k) for k in texts}
            for name in ELEMENT_COLUMNS:
                data[name] = self._raw.element_column(name)
            data.update(self._raw.json_columns("elements", [*texts, *ELEMENT_COLUMNS]))
            self._elements = pd.DataFrame(data, index=pd.Index(self.element_ids, name="id"))
        return self._elements

    @property
    def violations(self) -> pd.DataFrame:
        """Bound and limit violations: id, what, value and limit in the SI unit named by
        ``unit`` (Pa, 1 for ratios, W, kg/s), and for pressures also ``value_bar`` and
        ``limit_bar`` (NaN for the others), as in ``nodes``' ``pressure_bar``."""
        rows = self._raw.violations()
        units = [violation_unit(r[1]) for r in rows]
        value = np.array([r[2] for r in rows], dtype=float)
        limit = np.array([r[3] for r in rows], dtype=float)
        is_pa = np.array([u == "Pa" for u in units], dtype=bool)
        return pd.DataFrame(
            {
                "id": pd.Series([r[0] for r in rows], dtype=object),
                "what": pd.Series([r[1] for r in rows], dtype=object),
                "value": value,
                "limit": limit,
                "unit": pd.Series(units, dtype=object),
                "value_bar": np.where(is_pa, value / 1e5, np.nan),
                "limit_bar": np.where(is_pa, limit / 1e5, np.nan),
            }
        )

    @property
    def stations(self) -> pd.DataFrame:
        """Working points of the stations with a map (docs/physics.md, Station maps): one row
        per running unit with station, configuration, inside_map, unit, kind, stage,
        mass_flow_kg_per_s, volume_flow_m3_per_s, head_j_per_kg, speed_per_min, efficiency,
        shaft_power_w, drive_power_max_w, fuel_kg_per_s, surge_margin and choke_margin."""
        import json

        rows = []
        for station, w in json.loads(self._raw.stations_json()).items():
            for u in w["units"]:
                rows.append(
                    {
                        "station": station,
                        "configuration": w["configuration"],
                        "inside_map": w["inside_map"],
                        "unit": u["id"],
                        **{k: u[k] for k in STATION_UNIT_COLUMNS},
                    }
                )
        columns = ["station", "configuration", "inside_map", "unit", *STATION_UNIT_COLUMNS]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.fillna(value=np.nan) if len(frame) else frame

    @property
    def certificate(self) -> dict[str, Any] | None:
        """The proof when ``status`` is ``"infeasible"`` (reason, explanation, nodes,
        negative_node_count, lowest_pressure_pa, path), else ``None``."""
        return self._raw.certificate

    @property
    def worst_equations(self) -> pd.DataFrame:
        rows = self._raw.worst_equations()
        return pd.DataFrame(
            {
                "id": pd.Series([r[0] for r in rows], dtype=object),
                "equation": pd.Series([r[1] for r in rows], dtype=object),
                "residual": np.array([r[2] for r in rows], dtype=float),
            }
        )

    # -- files --
    def to_json(self) -> str:
        """The JSON report, byte for byte as ``linepack solve -o`` writes it (except
        ``solve_time_s``, which is measured)."""
        return self._raw.json_text()

    def to_dict(self) -> dict[str, Any]:
        """The JSON report as Python objects (``json.loads(to_json())``)."""
        return json.loads(self._raw.json_text())

    def write_json(self, path: str | os.PathLike[str]) -> None:
        """Writes the JSON report (atomically), as ``linepack solve -o``."""
        self._raw.write_json(os.fspath(path))

    def write_csv(self, prefix: str | os.PathLike[str]) -> None:
        """Writes PREFIX.nodes.csv and PREFIX.elements.csv, as ``linepack solve --csv``."""
        self._raw.write_csv(os.fspath(prefix))

    def __repr__(self) -> str:
        r = self._raw
        return (
            f"<linepack.Result {r.status} after {r.iterations} iterations "
            f"(residual {r.residual_norm:.2e}); {r.node_count} nodes, {r.element_count} elements, "
            f"{len(r.violations())} violations>"
        )
