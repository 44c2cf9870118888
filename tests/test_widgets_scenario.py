"""smbkit.widgets.scenario_sliders: a thin view over smbkit.scenario, tested headlessly."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from smbkit import SmbkitError  # noqa: E402
from smbkit import scenario as sc  # noqa: E402
from smbkit.widgets import ScenarioSliders, scenario_sliders  # noqa: E402

BASE = sc.Scenario(growth=0.01, volatility=0.05, margin=0.6, fixed_costs=550)
SETTINGS = dict(start_revenue=1000, start_cash=500, horizon=12, paths=400, seed=3)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_builds_and_agrees_with_the_model():
    ui = scenario_sliders(BASE, **SETTINGS)
    assert isinstance(ui, ScenarioSliders)
    assert set(ui.controls) == {
        "growth",
        "volatility",
        "margin",
        "demand_shift",
        "shock_prob",
        "fixed_costs",
    }
    sim = sc.simulate(BASE, start="2026-01-01", **SETTINGS)
    cash_out = (sim.groupby("path")["cash"].min() < 0).mean()
    assert ui.result["cash_out"] == pytest.approx(cash_out)
    assert ui.result["buffer"] == pytest.approx(sc.cash_buffer(sim, survival=0.95))
    assert ui.result["buffer_months"] == pytest.approx(ui.result["buffer"] / 550)
    assert f"{cash_out:.0%}" in ui.summary.value
    ax = ui.figure.axes[0]
    assert ax.get_title().startswith("Cash under your scenario")
    assert ax.get_ylabel() == "Cash (USD)"
    assert ui.image.value[:4] == b"\x89PNG"


def test_moving_sliders_recomputes():
    ui = scenario_sliders(BASE, **SETTINGS)
    before = ui.result["cash_out"]
    ui.controls["demand_shift"].value = -0.3
    assert ui.result["scenario"].demand_shift == pytest.approx(-0.3)
    assert ui.result["cash_out"] > before
    ui.controls["fixed_costs"].value = 0.0
    assert ui.result["cash_out"] == 0.0
    assert "months of fixed costs" not in ui.summary.value


def test_errors():
    with pytest.raises(SmbkitError, match="scenario_sliders: `base` must be a Scenario"):
        scenario_sliders({"growth": 0.1}, **SETTINGS)
    with pytest.raises(SmbkitError, match="`base.growth` must be between"):
        scenario_sliders(sc.Scenario(growth=0.2), **SETTINGS)
    with pytest.raises(SmbkitError, match="`start_revenue` must be a number > 0"):
        scenario_sliders(BASE, **{**SETTINGS, "start_revenue": -5})
