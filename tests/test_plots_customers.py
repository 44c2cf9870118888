"""smbkit.plots._customers: the cohort heatmap and segment bars draw the data they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError, customers  # noqa: E402
from smbkit.plots import plot_cohorts, plot_segments  # noqa: E402


@pytest.fixture
def orders():
    return pd.DataFrame(
        {
            "customer_id": ["a", "a", "b", "c", "c", "d", "a"],
            "date": pd.to_datetime(
                [
                    "2025-01-03",
                    "2025-02-09",
                    "2025-01-20",
                    "2025-02-01",
                    "2025-03-05",
                    "2025-03-06",
                    "2025-03-20",
                ]
            ),
        }
    )


def test_plot_cohorts_draws_the_shares_in_percent(orders):
    table = customers.cohort_retention(orders)
    ax = plot_cohorts(table)
    mesh = ax.collections[0]
    drawn = np.ma.filled(mesh.get_array().astype(float), np.nan).reshape(3, 3)
    expected = 100 * table.drop(columns="customers").to_numpy()
    np.testing.assert_allclose(drawn, expected)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "2025-01 (n=2)",
        "2025-02 (n=1)",
        "2025-03 (n=1)",
    ]
    assert ax.get_title().startswith("Cohort retention")
    assert ax.get_xlabel() == "Months since first order"
    assert ax.get_ylabel() == "Cohort (first-order month, size)"
    assert ax.figure.axes[-1].get_ylabel() == "Customers active (% of cohort)"
    # the colour scale tops at the best share after age 0 (a came back in months 1 and 2)
    assert mesh.get_clim() == (0.0, 100.0 * 1.0)
    assert len(ax.texts) == 6  # annotated: NaN cells are left blank


def test_plot_cohorts_options(orders):
    table = customers.cohort_retention(orders, freq="Q")
    ax = plot_cohorts(table, freq="Q", annotate=False)
    assert ax.get_xlabel() == "Quarters since first order" and not ax.texts
    assert ax.get_yticklabels()[0].get_text() == "2025-Q1 (n=4)"
    ax = plot_cohorts(customers.cohort_retention(orders), max_periods=1)
    assert ax.collections[0].get_array().size == 3 * 2


def test_plot_cohorts_errors(orders):
    table = customers.cohort_retention(orders)
    with pytest.raises(SmbkitError, match=r"plot_cohorts: the value for `freq`.*'D'"):
        plot_cohorts(table, freq="D")
    with pytest.raises(SmbkitError, match=r"`cohorts` must be the DataFrame.*list"):
        plot_cohorts([1, 2])
    with pytest.raises(DataError, match=r"column 'customers' \(customers=\) is not in cohorts"):
        plot_cohorts(table.drop(columns="customers"))
    with pytest.raises(DataError, match=r"no age-0 column"):
        plot_cohorts(table.drop(columns=0))
    with pytest.raises(SmbkitError, match=r"`max_periods` must be a whole number.*-1"):
        plot_cohorts(table, max_periods=-1)


def test_plot_segments_counts_and_spend():
    table = pd.DataFrame(
        {
            "segment": pd.Categorical(
                ["Champions", "Champions", "Lost", "At risk"], categories=list(customers.SEGMENTS)
            ),
            "monetary": [300.0, 100.0, 20.0, 80.0],
        }
    )
    ax = plot_segments(table)
    widths = dict(zip(customers.SEGMENTS, [p.get_width() for p in ax.patches], strict=True))
    assert widths["Champions"] == 2 and widths["Lost"] == 1 and widths["At risk"] == 1
    assert widths["Loyal"] == 0
    assert [t.get_text() for t in ax.texts][0] == "50 %"
    assert ax.get_title() == "Customers by RFM segment" and ax.get_xlabel() == "Customers (count)"
    assert ax.get_ylabel() == "Segment"
    assert [t.get_text() for t in ax.get_yticklabels()] == list(customers.SEGMENTS)
    ax = plot_segments(table, value="monetary", currency="EUR")
    assert [p.get_width() for p in ax.patches][0] == 400.0
    assert ax.get_xlabel() == "Total spend (EUR)" and ax.texts[0].get_text() == "80 %"


def test_plot_segments_errors():
    table = pd.DataFrame({"segment": ["Champions", "VIP"], "monetary": [1.0, 2.0]})
    with pytest.raises(DataError, match=r"segments \['VIP'\] that are not RFM segments"):
        plot_segments(table)
    with pytest.raises(SmbkitError, match=r"plot_segments: the value for `value`.*'revenue'"):
        plot_segments(table, value="revenue")
    with pytest.raises(DataError, match=r"column 'monetary' \(monetary=\) is not in rfm_table"):
        plot_segments(table[["segment"]], value="monetary")
