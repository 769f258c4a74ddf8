"""Type stubs of linepack._core, the private C++ module (python/src/_core.cpp)."""
from __future__ import annotations

import os
from typing import Any, Callable

import numpy as np
import numpy.typing as npt

ELEMENT_KINDS: list[str]
NODE_COLUMNS: list[str]
ELEMENT_COLUMNS: list[str]

class InputError(ValueError):
    """Invalid input; str(e) is the library's message (as the CLI prints it)."""

    file: str
    line: int
    element: str

class ValidationError(InputError):
    """The model fails validation; str(e) is "'ELEMENT': PROBLEM"."""

    problem: str

class Model:
    """A gas network with its scenario, SI units; copy-on-write, picklable."""

    def __init__(
        self,
        eos: str | None = None,
        gas: dict[str, float] | None = None,
        temperature_k: float | None = None,
    ) -> None: ...
    @staticmethod
    def from_json(text: str, source: str = "") -> Model: ...
    def to_json(self, indent: int = -1) -> str: ...
    def save(self, path: str | os.PathLike[str]) -> None: ...
    def copy(self) -> Model: ...
    def __copy__(self) -> Model: ...
    def __deepcopy__(self, memo: dict[Any, Any]) -> Model: ...
    @property
    def source(self) -> str: ...
    name: str
    eos: str
    @property
    def gas(self) -> dict[str, float]: ...
    @gas.setter
    def gas(self, values: dict[str, float]) -> None: ...
    friction: str
    temperature_k: float
    @property
    def thermal(self) -> dict[str, Any]: ...
    @thermal.setter
    def thermal(self, values: dict[str, Any]) -> None: ...
    scenario_name: str
    def info(self) -> dict[str, Any]: ...
    def node_ids(self) -> list[str]: ...
    def element_ids(self, kind: str | None = None) -> list[str]: ...
    def element_kind(self, id: str) -> str: ...
    def has_node(self, id: str) -> bool: ...
    def has_element(self, id: str) -> bool: ...
    # network edits
    def add_node(
        self,
        id: str,
        elevation_m: float = 0.0,
        pressure_min_pa: float = 0.0,
        pressure_max_pa: float = ...,
        x: float = 0.0,
        y: float = 0.0,
    ) -> None: ...
    def set_node(
        self,
        id: str,
        elevation_m: float | None = None,
        pressure_min_pa: float | None = None,
        pressure_max_pa: float | None = None,
        supply_temperature_k: float | None = None,
    ) -> None: ...
    def add_pipe(
        self,
        id: str,
        from_node: str,
        to_node: str,
        length_m: float,
        diameter_m: float,
        roughness_m: float = 0.0,
        friction_factor: float | None = None,
        loss_coefficient: float = 0.0,
    ) -> None: ...
    def set_pipe(
        self,
        id: str,
        length_m: float | None = None,
        diameter_m: float | None = None,
        roughness_m: float | None = None,
        friction_factor: float | None = None,
        loss_coefficient: float | None = None,
        heat_transfer_coefficient_w_per_m2_k: float | None = None,
        ground_temperature_k: float | None = None,
    ) -> None: ...
    def add_short_pipe(self, id: str, from_node: str, to_node: str) -> None: ...
    def add_resistor(
        self,
        id: str,
        from_node: str,
        to_node: str,
        drag_factor: float = 0.0,
        diameter_m: float = 0.0,
        pressure_loss_pa: float | None = None,
    ) -> None: ...
    def add_valve(self, id: str, from_node: str, to_node: str, open: bool = True) -> None: ...
    def add_control_valve(
        self,
        id: str,
        from_node: str,
        to_node: str,
        state: str = "bypass",
        outlet_pressure_pa: float = 0.0,
        pressure_in_min_pa: float = 0.0,
        pressure_out_max_pa: float = ...,
    ) -> None: ...
    def add_compressor(
        self,
        id: str,
        from_node: str,
        to_node: str,
        state: str = "bypass",
        mode: str = "pressure_ratio",
        setpoint: float = 1.0,
        ratio_max: float = ...,
        pressure_in_min_pa: float = 0.0,
        pressure_out_max_pa: float = ...,
        power_max_w: float = ...,
        flow_max_kg_per_s: float = ...,
        efficiency: float = 0.82,
        polytropic: bool = False,
        driver_efficiency: float = 0.35,
    ) -> None: ...
    def set_cooler(
        self,
        id: str,
        outlet_temperature_k: float | None = None,
        duty_max_w: float | None = None,
        discharge_temperature_max_k: float | None = None,
    ) -> None: ...
    def remove_element(self, id: str) -> None: ...
    def close_element(self, id: str) -> None: ...
    # scenario edits
    def set_control(
        self,
        element: str,
        state: str = "active",
        mode: str | None = None,
        setpoint: float | None = None,
    ) -> None: ...
    def remove_control(self, element: str) -> None: ...
    def set_boundary(self, node: str, kind: str, value: float) -> None: ...
    def remove_boundary(self, node: str) -> None: ...
    def clear_scenario(self) -> None: ...
    @property
    def boundaries(self) -> list[tuple[str, str, float]]: ...
    @property
    def controls(self) -> list[dict[str, Any]]: ...
    def load_scenario(self, path: str | os.PathLike[str]) -> None: ...
    def validate(self) -> None: ...

class SteadyResult:
    """The C++ result of one steady solve (wrapped by linepack.Result)."""

    @property
    def status(self) -> str: ...
    @property
    def iterations(self) -> int: ...
    @property
    def control_rounds(self) -> int: ...
    @property
    def newton_iterations_total(self) -> int: ...
    @property
    def residual_norm(self) -> float: ...
    @property
    def message(self) -> str: ...
    @property
    def certificate(self) -> dict[str, Any] | None: ...
    @property
    def solve_time_s(self) -> float: ...
    @property
    def totals(self) -> dict[str, float]: ...
    @property
    def supply_kg_per_s(self) -> float: ...
    @property
    def compressor_power_w(self) -> float: ...
    @property
    def violation_count(self) -> int: ...
    @property
    def node_count(self) -> int: ...
    @property
    def element_count(self) -> int: ...
    def node_ids(self) -> list[str]: ...
    def element_strings(self, what: str) -> list[str]: ...
    def node_column(self, name: str) -> npt.NDArray[Any]: ...
    def element_column(self, name: str) -> npt.NDArray[np.float64]: ...
    def violations(self) -> list[tuple[str, str, float, float]]: ...
    def stations_json(self) -> str: ...
    def worst_equations(self) -> list[tuple[str, str, float]]: ...
    def json_text(self) -> str: ...
    def json_columns(self, which: str, skip: list[str] = ...) -> dict[str, Any]: ...
    def write_json(self, path: str | os.PathLike[str]) -> None: ...
    def write_csv(self, prefix: str | os.PathLike[str]) -> None: ...
    def summary_csv(self, node_quantities: list[str], element_quantities: list[str]) -> str: ...

def read(path: str | os.PathLike[str], scenario: str | os.PathLike[str] | None = None) -> Model: ...
def simulate(
    model: Model,
    schedule: str | None,
    duration_s: float,
    dt_s: float,
    dx_m: float,
    output_interval_s: float | None = ...,
    scheme: str = ...,
    inertia: bool = ...,
    withdraw_fuel: bool = ...,
    on_progress: Callable[[float, float], None] | None = ...,
) -> dict: ...
def validate(
    model: Model,
    objective: str = ...,
    time_limit_s: float = ...,
    station_model: str = ...,
    combined_decisions: str | None = ...,
    indent: int = ...,
) -> str: ...
def read_combined_decisions(model: Model, file: str) -> dict[str, int]: ...
def validation_input_key(
    net_file: str,
    nomination_file: str,
    objective: str,
    time_limit_s: float,
    station_model: str,
    combined_decisions: str | None = ...,
) -> str: ...
def combined_decisions_file(
    net_file: str, explicit_file: str | None = ..., ignore: bool = ...
) -> str | None: ...
def read_validation_status(file: str) -> list[dict[str, Any]]: ...
def validation_status_csv(rows: list[tuple[str, str, float, str, str]]) -> str: ...
def solve(
    model: Model,
    eos: str | None = None,
    friction: str | None = None,
    tolerance: float | None = None,
    max_iterations: int | None = None,
    trace: bool = False,
    setpoints_only: bool = False,
    withdraw_fuel: bool = False,
    map_limits: bool | None = None,
    start: SteadyResult | None = None,
) -> SteadyResult: ...

def pipe_wall_thickness_m(
    pressure_pa: float,
    outside_diameter_m: float,
    grade: str = "X70",
    design_factor: float = 0.72,
    joint_factor: float = 1.0,
    temperature_factor: float = 1.0,
) -> float: ...
def pipe_max_pressure_pa(
    wall_m: float,
    outside_diameter_m: float,
    grade: str = "X70",
    design_factor: float = 0.72,
    joint_factor: float = 1.0,
    temperature_factor: float = 1.0,
) -> float: ...
def capital_recovery_factor(rate: float, years: float) -> float: ...
