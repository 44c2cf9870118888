"""smbkit.plots.plot_forecast and plot_decomposition: the data drawn, labels, errors."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError, plots  # noqa: E402
from smbkit import forecast as F  # noqa: E402


@pytest.fixture
def history():
    rng = np.random.default_rng(0)
    values = 1000 + 20 * np.arange(30) + rng.normal(0, 30, 30)
    return pd.Series(
        values, index=pd.date_range("2023-01-01", periods=30, freq="MS"), name="Revenue"
    )


def _bands(ax):
    """The labelled filled bands (seaborn adds unlabelled, empty collections of its own)."""
    return [c for c in ax.collections if not c.get_label().startswith("_")]


def _band_limits(collection):
    """Lower and upper y of a fill_between band, from its outline."""
    ys = collection.get_paths()[0].vertices[:, 1]
    return ys.min(), ys.max()


def test_fan_chart_draws_history_forecast_and_nested_bands(history):
    fcs = [F.forecast(history, horizon=6, model="drift", level=lv) for lv in (0.5, 0.95, 0.8)]
    ax = plots.plot_forecast(history, fcs, unit="USD")
    hist_line, fc_line = ax.get_lines()
    assert hist_line.get_ydata() == pytest.approx(history.to_numpy())
    assert fc_line.get_ydata() == pytest.approx(fcs[0]["forecast"].to_numpy())
    bands = _bands(ax)
    labels = [b.get_label() for b in bands]
    assert labels == ["95% interval", "80% interval", "50% interval"]  # widest first
    lo, hi = _band_limits(bands[0])
    assert lo == pytest.approx(fcs[1]["lower"].min())
    assert hi == pytest.approx(fcs[1]["upper"].max())
    assert ax.get_title() == "Revenue: forecast with prediction interval"
    assert ax.get_xlabel() == "Date"
    assert ax.get_ylabel() == "Revenue (USD)"
    assert ax.get_legend().get_texts()[-1].get_text() == "Forecast (drift)"


def test_fan_chart_single_table_custom_title(history):
    fc = F.forecast(history, horizon=3, model="naive")
    ax = plots.plot_forecast(history.iloc[-12:], fc, title="Next quarter")
    assert ax.get_title() == "Next quarter"
    assert [c.get_label() for c in _bands(ax)] == ["90% interval"]
    assert ax.get_ylabel() == "Revenue"
    ax.figure.canvas.draw()  # the date axis draws without a locator warning
    assert any(label.get_text() for label in ax.get_xticklabels())


def test_fan_chart_errors(history):
    fc = F.forecast(history, horizon=3, model="naive")
    with pytest.raises(SmbkitError, match="`history` must be a pandas Series indexed by date"):
        plots.plot_forecast(history.to_numpy(), fc)
    with pytest.raises(SmbkitError, match="`fc` must be a table from smbkit.forecast.forecast"):
        plots.plot_forecast(history, "fc")
    with pytest.raises(DataError, match=r"column 'upper' \(upper=\) is not in fc"):
        plots.plot_forecast(history, fc.drop(columns="upper"))
    other = F.forecast(history.iloc[:-1], horizon=3, model="naive")
    with pytest.raises(DataError, match="cover different dates"):
        plots.plot_forecast(history, [fc, other])


def test_decomposition_panels(history):
    d = F.decompose(history, model="multiplicative", robust=False)
    fig = plots.plot_decomposition(d, unit="USD", title="STL")
    axes = fig.axes
    assert [a.get_title(loc="left") for a in axes] == [
        "Observed",
        "Trend",
        "Seasonal",
        "Remainder",
    ]
    assert axes[0].get_lines()[0].get_ydata() == pytest.approx(history.to_numpy())
    assert axes[2].get_lines()[0].get_ydata() == pytest.approx(d["seasonal"].to_numpy())
    assert axes[2].get_ylabel() == "Factor (×)" and axes[0].get_ylabel() == "Observed (USD)"
    assert axes[-1].get_xlabel() == "Date"
    with pytest.raises(DataError, match=r"column 'resid' \(resid=\) is not in decomposed"):
        plots.plot_decomposition(d.drop(columns="resid"))
