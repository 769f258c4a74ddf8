"""The planning functions of the Python package: B31.8 walls and the capital recovery factor,
against the figures of issue 12 (56" X70 at 98 barg) and a hand calculation."""
from __future__ import annotations

import pytest

import linepack

OD_56 = 56 * 0.0254


@pytest.mark.parametrize("factor, wall_mm", [(0.72, 20.1), (0.6, 24.1), (0.5, 28.9), (0.4, 36.1)])
def test_wall_thickness_56_inch_x70(factor, wall_mm):
    t = linepack.pipe_wall_thickness_m(98e5, OD_56, "X70", factor)
    assert t * 1e3 == pytest.approx(wall_mm, abs=0.05)
    assert linepack.pipe_max_pressure_pa(t, OD_56, "X70", factor) == pytest.approx(98e5)


def test_capital_recovery_factor():
    r, n = 0.10, 25
    assert linepack.capital_recovery_factor(r, n) == pytest.approx(r * (1 + r) ** n / ((1 + r) ** n - 1))
    assert linepack.capital_recovery_factor(r, n) == pytest.approx(0.11017, abs=5e-6)


def test_bad_input_raises_value_error():
    with pytest.raises(ValueError, match="design factor"):
        linepack.pipe_wall_thickness_m(98e5, OD_56, "X70", 1.2)
    with pytest.raises(ValueError, match="X99"):
        linepack.pipe_wall_thickness_m(98e5, OD_56, "X99")
