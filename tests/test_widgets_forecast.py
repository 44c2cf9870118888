"""smbkit.widgets.forecast_explorer: a thin view over smbkit.forecast, tested headlessly."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit import forecast as F  # noqa: E402
from smbkit.widgets import ForecastExplorer, forecast_explorer  # noqa: E402


@pytest.fixture
def sales():
    """Three years of monthly sales with growth, a season and seeded noise."""
    rng = np.random.default_rng(11)
    t = np.arange(36)
    season = np.tile([0.8, 0.85, 1.0, 1.05, 1.1, 1.0, 0.95, 0.95, 1.0, 1.05, 1.1, 1.3], 3)
    values = (1000 + 25 * t) * season * rng.normal(1, 0.03, 36)
    return pd.Series(values, index=pd.date_range("2023-01-01", periods=36, freq="MS"), name="Sales")


def _forecast_line(ui):
    return ui.figure.axes[0].get_lines()[1].get_ydata()


def test_builds_with_controls_result_backtest_and_figure(sales):
    ui = forecast_explorer(sales, model="seasonal_naive", horizon=6, unit="USD", origins=2)
    assert isinstance(ui, ForecastExplorer)
    assert set(ui.controls) == {"model", "horizon", "level"}
    expected = F.forecast(sales, horizon=6, model="seasonal_naive")
    pd.testing.assert_frame_equal(ui.result, expected)
    assert ui.backtest is not None and ui.backtest.horizon == 6
    assert list(ui.backtest.summary["model"]) == ["seasonal_naive"]
    assert "This is the benchmark" in ui.summary.value
    assert "(6 months ahead)" in ui.summary.value
    assert f"{expected['forecast'].iloc[-1]:,.0f} USD" in ui.summary.value
    assert _forecast_line(ui) == pytest.approx(expected["forecast"].to_numpy())
    assert ui.figure.axes[0].get_ylabel() == "Sales (USD)"
    assert ui.image.value[:4] == b"\x89PNG"


def test_changing_horizon_model_and_level_recomputes(sales):
    ui = forecast_explorer(sales, model="naive", horizon=3, origins=2)
    ui.controls["horizon"].value = 9
    assert len(ui.result) == 9 and ui.backtest.horizon == 9
    assert _forecast_line(ui) == pytest.approx([sales.iloc[-1]] * 9)

    ui.controls["model"].value = "drift"
    assert ui.result.attrs["model"] == "drift"
    bt = F.backtest(sales, horizon=9, origins=2, models=["drift"])
    pd.testing.assert_frame_equal(ui.backtest.summary, bt.summary)
    mase = bt.summary.set_index("model").at["drift", "mase"]
    assert f"MASE {mase:.2f}" in ui.summary.value
    word = "beats" if bt.beats_benchmark("drift") else "does <b>not</b> beat"
    assert f"It {word} the seasonal naive benchmark" in ui.summary.value

    width = (ui.result["upper"] - ui.result["lower"]).to_numpy()
    ui.controls["level"].value = 0.5
    assert ui.result.attrs["level"] == 0.5
    assert ((ui.result["upper"] - ui.result["lower"]).to_numpy() < width).all()
    assert "50% interval" in ui.summary.value


def test_ets_choice_uses_the_model(sales):
    ui = forecast_explorer(sales, model="naive", horizon=3, origins=1, models=["naive", "ets"])
    ui.controls["model"].value = "ets"
    assert ui.result.attrs["spec"] == "ETS(A,Ad,M)"
    assert "<b>ETS(A,Ad,M)</b>" in ui.summary.value
    assert [v for _, v in ui.controls["model"].options] == ["naive", "ets"]


def test_a_horizon_too_long_to_backtest_is_explained(sales):
    ui = forecast_explorer(sales, model="seasonal_naive", horizon=12, origins=3)
    ui.controls["horizon"].value = 24
    assert len(ui.result) == 24  # the forecast itself still works
    assert ui.backtest is None
    assert "Back-test not possible" in ui.summary.value
    assert "needs at least 14 values" in ui.backtest_note


def test_backtests_are_cached(sales):
    ui = forecast_explorer(sales, model="naive", horizon=3, origins=1)
    first = ui.backtest
    ui.controls["horizon"].value = 4
    ui.controls["horizon"].value = 3
    assert ui.backtest is first


def test_builder_errors(sales):
    with pytest.raises(SmbkitError, match=r"`model` must be one of \['naive', 'ets'\]"):
        forecast_explorer(sales, model="drift", models=["naive", "ets"])
    with pytest.raises(SmbkitError, match=r"`models` must be one of .* 'prophet' was passed"):
        forecast_explorer(sales, models=["prophet"])
    with pytest.raises(SmbkitError, match=r"`level` must be one of \[0.5, 0.8, 0.9, 0.95\]"):
        forecast_explorer(sales, level=0.85)
    with pytest.raises(SmbkitError, match=r"`horizon` must be a whole number >= 1, got 0"):
        forecast_explorer(sales, horizon=0)
    with pytest.raises(DataError, match=r"1 of 36 values .* missing"):
        forecast_explorer(sales.where(sales.index != "2024-02-01"))
