"""smbkit.plots._variance: the waterfall draws exactly the bridge it is given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.analysis import price_volume_mix  # noqa: E402
from smbkit.finance import gross_profit_bridge  # noqa: E402
from smbkit.plots import WATERFALL_COLOURS, plot_waterfall  # noqa: E402


@pytest.fixture
def pvm():
    # volume +800, mix -2,200, price +605 from 8,000 to 7,205 (see test_analysis_variance.py)
    base = pd.DataFrame(
        {"product": ["croissant", "cake"], "quantity": [800, 200], "revenue": [3200.0, 4800.0]}
    )
    actual = pd.DataFrame(
        {"product": ["croissant", "cake"], "quantity": [990, 110], "revenue": [4455.0, 2750.0]}
    )
    return price_volume_mix(base, actual, revenue="revenue")


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, matplotlib.patches.Rectangle)]


def test_bars_equal_the_bridge(pvm):
    bridge = pvm.bridge
    ax = plot_waterfall(bridge, title="December", unit="USD")
    bars = _bars(ax)
    assert len(bars) == len(bridge)
    bottoms = np.array([b.get_y() for b in bars])
    heights = np.array([b.get_height() for b in bars])
    # totals from 0; effects from where the previous bar ended
    np.testing.assert_allclose(bottoms, np.minimum(bridge["start"], bridge["end"]), atol=1e-9)
    np.testing.assert_allclose(heights, np.abs(bridge["end"] - bridge["start"]), atol=1e-9)
    np.testing.assert_allclose(
        bottoms + heights, np.maximum(bridge["start"], bridge["end"]), atol=1e-9
    )
    np.testing.assert_allclose(heights[[0, 1, 2, 3, 6]], [8000, 800, 2200, 605, 7205], atol=1e-9)
    np.testing.assert_allclose(bottoms[[1, 2, 3]], [8000, 6600, 6600], atol=1e-9)
    colours = [to_hex(b.get_facecolor()) for b in bars]
    assert colours[0] == colours[-1] == WATERFALL_COLOURS["total"]
    assert colours[1] == WATERFALL_COLOURS["up"] and colours[2] == WATERFALL_COLOURS["down"]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(bridge["step"])
    assert [t.get_text() for t in ax.texts][:4] == ["8,000", "+800", "-2,200", "+605"]
    assert ax.get_title() == "December"
    assert ax.get_ylabel() == "Revenue (USD)"
    assert ax.get_xlabel() == "Step"


def test_default_title_zoom_and_given_axes():
    bridge = gross_profit_bridge(
        {"units": 1000, "revenue": 5000.0, "cogs": 2000.0},
        {"units": 1100, "revenue": 5830.0, "cogs": 2420.0},
    )
    fig, ax = plt.subplots()
    out = plot_waterfall(bridge, ax=ax, ylabel="Gross profit", unit="EUR", zoom=True)
    assert out is ax
    assert ax.get_title() == "From previous gross profit to current gross profit"
    assert ax.get_ylabel() == "Gross profit (EUR), axis cut"
    low, high = ax.get_ylim()
    # the lowest effect bar end is 3,000; the axis starts below it but above 0
    assert 0 < low < 3000 and high > 3410
    np.testing.assert_allclose([b.get_height() for b in _bars(ax)], [3000, 300, 330, 220, 3410])


def test_waterfall_errors(pvm):
    with pytest.raises(
        SmbkitError,
        match=r"plot_waterfall: `bridge` must be a DataFrame .* "
        r"PriceVolumeMix was passed \(pass result.bridge\)",
    ):
        plot_waterfall(pvm)
    with pytest.raises(DataError, match=r"column 'kind' \(kind=\) is not in bridge"):
        plot_waterfall(pvm.bridge.drop(columns="kind"))
    with pytest.raises(
        DataError,
        match=r"column 'kind' must hold only \['total', 'effect'\], "
        r"but it holds \['bar'\]",
    ):
        plot_waterfall(pvm.bridge.assign(kind="bar"))
    broken = pvm.bridge.copy()
    broken.loc[2, "amount"] = 100.0
    with pytest.raises(DataError, match=r"row 2 \('mix'\) does not add up"):
        plot_waterfall(broken)
    with pytest.raises(DataError, match=r"has a missing or infinite amount"):
        plot_waterfall(pvm.bridge.assign(end=np.nan))
    with pytest.raises(DataError, match=r"`bridge` has no rows"):
        plot_waterfall(pvm.bridge.iloc[:0])
