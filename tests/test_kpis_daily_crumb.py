"""Smoke test: every KPI on the bundled bakery, cross-checked against plain pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smbkit import kpis

try:
    from smbkit import datasets
except ImportError:  # pragma: no cover - smbkit.datasets is written in parallel
    datasets = None


@pytest.fixture(scope="module")
def bakery():
    if datasets is None:
        pytest.skip("smbkit.datasets is not importable yet, so the bundled bakery is missing")
    return datasets.load("daily_crumb")


@pytest.fixture(scope="module")
def monthly(bakery):
    return kpis.compute(bakery, freq="M")


def test_every_kpi_computes_on_the_bakery(bakery, monthly):
    catalog = kpis.catalog()
    # every KPI whose tables the bakery has (it has no CRM, product events or task board)
    usable = catalog[catalog["tables"].map(lambda t: set(t.split(",")) <= set(bakery))]
    left_out = set(catalog["tables"]) - set(usable["tables"])
    assert left_out == {"deals", "events", "tasks"}
    assert set(monthly["kpi"]) == set(usable["kpi"])
    assert not np.isinf(monthly["value"]).any()
    assert monthly.loc[monthly["value"].isna(), "note"].notna().all()
    # Four years of months for the orders KPIs.
    assert (monthly["kpi"] == "revenue").sum() == 48


def test_bakery_values_agree_with_plain_pandas(bakery, monthly):
    orders = bakery["orders"]
    march = orders[orders["date"].dt.to_period("M") == pd.Period("2025-03", "M")]
    aov = (march["revenue"] - march["refunded"]).sum() / len(march)
    got = monthly.set_index(["kpi", "period"])["value"]
    assert got["average_order_value", pd.Timestamp("2025-03-01")] == pytest.approx(aov)
    known = orders.dropna(subset=["customer_id"])
    may = set(
        known.loc[known["date"].dt.to_period("M") == pd.Period("2025-05", "M"), "customer_id"]
    )
    june = set(
        known.loc[known["date"].dt.to_period("M") == pd.Period("2025-06", "M"), "customer_id"]
    )
    churn = 100 * (1 - len(may & june) / len(may))
    assert got["churn_rate", pd.Timestamp("2025-06-01")] == pytest.approx(churn)


@pytest.mark.parametrize("freq", ["W", "Q", "Y"])
def test_other_frequencies_on_the_bakery(bakery, freq):
    out = kpis.compute(bakery, kpis=["revenue", "nps", "employee_turnover"], freq=freq)
    total = (bakery["orders"]["revenue"] - bakery["orders"]["refunded"]).sum()
    assert out.loc[out["kpi"] == "revenue", "value"].sum() == pytest.approx(total)
