"""smbkit.plots KPI pictures: the data drawn, titles and labels (not pixels)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import SmbkitError, plots  # noqa: E402


@pytest.fixture
def kpi_values():
    periods = pd.date_range("2025-01-01", periods=4, freq="MS")
    return pd.DataFrame(
        {
            "period": list(periods) * 2,
            "kpi": ["revenue"] * 4 + ["gross_margin"] * 4,
            "value": [12_000.0, 13_500.0, 15_250.0, 4_000.0, 70.0, 69.5, 71.0, 68.0],
            "unit": ["USD"] * 4 + ["%"] * 4,
            # the last month is partial: a half month must not be drawn as a collapse
            "partial": [False, False, False, True] * 2,
        }
    )


def test_kpi_trend_draws_complete_periods_with_units(kpi_values):
    ax = plots.kpi_trend(kpi_values, "revenue")
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [12_000.0, 13_500.0, 15_250.0])
    assert ax.get_xlabel() == "Period"
    assert ax.get_ylabel() == "US dollars ($)"
    assert ax.get_title()
    # thousands are grouped on the y axis; small values keep their decimals
    formatter = ax.yaxis.get_major_formatter()
    assert formatter(12_500, 0) == "12,500"
    assert formatter(0.25, 0) == "0.25"


def test_kpi_trend_can_include_the_partial_period(kpi_values):
    ax = plots.kpi_trend(kpi_values, "revenue", include_partial=True)
    assert len(ax.lines[0].get_ydata()) == 4


def test_kpi_grid_has_one_panel_per_kpi_with_its_unit(kpi_values):
    fig = plots.kpi_grid(kpi_values, ["revenue", "gross_margin"], title="Two KPIs")
    axes = [ax for ax in fig.axes if ax.lines]
    assert len(axes) == 2
    assert [ax.get_ylabel() for ax in axes] == ["US dollars ($)", "percent (%)"]
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), [70.0, 69.5, 71.0])


def test_kpi_grid_names_an_unknown_kpi(kpi_values):
    with pytest.raises(SmbkitError, match="revenu"):
        plots.kpi_grid(kpi_values, ["revenu"])


def test_report_card_draws_one_bar_per_measure():
    card = pd.DataFrame(
        {
            "dimension": ["efficiency", "effectiveness", "adaptability"],
            "measure": ["gross margin", "revenue vs plan", "new-channel share"],
            "score": [98.0, 104.0, 120.0],
        }
    )
    ax = plots.report_card(card)
    widths = sorted(p.get_width() for p in ax.patches if p.get_width() > 0)
    assert widths == [98.0, 104.0, 120.0]
    assert ax.get_xlabel().startswith("Score")
