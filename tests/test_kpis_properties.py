"""Invariants of the KPI engine, checked by hypothesis on random small order tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smbkit import kpis

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = pd.Timestamp("2024-01-01")
CHANNELS = ["in_store", "online", "catering"]
ORDER_KPIS = [
    "revenue",
    "orders",
    "average_order_value",
    "gross_margin",
    "active_customers",
    "new_customers",
    "repeat_purchase_rate",
    "retention_rate",
    "churn_rate",
    "revenue_growth",
    "refund_rate",
    "discount_rate",
]

money = st.integers(min_value=0, max_value=50_000).map(lambda cents: cents / 100)


@st.composite
def order_tables(draw, min_size=1, max_size=40):
    n = draw(st.integers(min_size, max_size))
    minutes = draw(st.lists(st.integers(0, 200 * 24 * 60), min_size=n, max_size=n))
    revenue = draw(st.lists(money, min_size=n, max_size=n))
    refund_share = draw(st.lists(st.sampled_from([0.0, 0.0, 0.25, 1.0]), min_size=n, max_size=n))
    cost = draw(st.lists(money, min_size=n, max_size=n))
    discount = draw(st.lists(money, min_size=n, max_size=n))
    customer = draw(
        st.lists(st.sampled_from(["A", "B", "C", "D", "E", None]), min_size=n, max_size=n)
    )
    channel = draw(st.lists(st.sampled_from(CHANNELS), min_size=n, max_size=n))
    return pd.DataFrame(
        {
            "date": START + pd.to_timedelta(minutes, unit="min"),
            "customer_id": pd.Series(customer, dtype="str"),
            "channel": channel,
            "revenue": revenue,
            "refunded": [round(r * s, 2) for r, s in zip(revenue, refund_share, strict=True)],
            "cost": cost,
            "discount": discount,
        }
    )


freqs = st.sampled_from(["W", "M", "Q"])


@SETTINGS
@given(order_tables(), freqs)
def test_gross_margin_never_exceeds_100_when_cost_is_not_negative(orders, freq):
    out = kpis.gross_margin(orders, freq=freq)
    values = out["value"].dropna()
    assert (values <= 100.0 + 1e-9).all()
    # NaN exactly where net revenue is zero, and then with a reason.
    assert out.loc[out["value"].isna(), "note"].notna().all()


@SETTINGS
@given(order_tables(), freqs)
def test_retention_and_churn_are_complements_within_0_and_100(orders, freq):
    retention = kpis.retention_rate(orders, freq=freq)["value"]
    churn = kpis.churn_rate(orders, freq=freq)["value"]
    assert retention.isna().equals(churn.isna())
    both = retention.notna()
    assert ((retention[both] >= 0) & (retention[both] <= 100)).all()
    assert ((churn[both] >= 0) & (churn[both] <= 100)).all()
    np.testing.assert_allclose((retention + churn)[both], 100.0)


@settings(max_examples=15, deadline=None)
@given(order_tables(min_size=2), st.randoms(use_true_random=False), freqs)
def test_shuffling_rows_changes_nothing(orders, rnd, freq):
    order = list(range(len(orders)))
    rnd.shuffle(order)
    shuffled = orders.iloc[order].reset_index(drop=True)
    tables, other = {"orders": orders}, {"orders": shuffled}
    expected = kpis.compute(tables, kpis=ORDER_KPIS, freq=freq)
    got = kpis.compute(other, kpis=ORDER_KPIS, freq=freq)
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9)


@SETTINGS
@given(order_tables(), freqs)
def test_revenue_by_channel_sums_to_the_total(orders, freq):
    total = kpis.revenue(orders, freq=freq).set_index("period")["value"]
    parts = [
        kpis.revenue(orders[orders["channel"] == c], freq=freq).set_index("period")["value"]
        for c in CHANNELS
        if (orders["channel"] == c).any()
    ]
    # a channel with no orders in a period contributes nothing to that period
    summed = pd.concat(parts, axis=1, sort=True).sum(axis=1).reindex(total.index).fillna(0.0)
    np.testing.assert_allclose(summed.to_numpy(), total.to_numpy(), atol=1e-6)


@SETTINGS
@given(order_tables(), freqs)
def test_order_counts_and_active_customers_add_up(orders, freq):
    counted = kpis.orders(orders, freq=freq)["value"].sum()
    assert counted == len(orders)
    new = kpis.new_customers(orders, freq=freq)["value"].sum()
    assert new == orders["customer_id"].nunique()  # nunique ignores guests (missing ids)


@SETTINGS
@given(
    st.lists(
        st.tuples(st.integers(0, 120), st.integers(0, 10), st.integers(1, 5)),
        min_size=1,
        max_size=60,
    ),
    freqs,
)
def test_nps_within_minus_100_and_100_and_csat_within_0_and_100(rows, freq):
    days, nps_scores, csat_scores = zip(*rows, strict=True)
    surveys = pd.DataFrame(
        {
            "date": START + pd.to_timedelta(list(days), unit="D"),
            "nps_score": list(nps_scores),
            "csat_score": list(csat_scores),
        }
    )
    nps = kpis.nps(surveys, freq=freq)["value"].dropna()
    assert ((nps >= -100) & (nps <= 100)).all()
    csat = kpis.csat(surveys, freq=freq)["value"].dropna()
    assert ((csat >= 0) & (csat <= 100)).all()


@settings(max_examples=15, deadline=None)
@given(order_tables(), freqs)
def test_polars_lazy_agrees_with_pandas_on_random_tables(orders, freq):
    expected = kpis.compute({"orders": orders}, kpis=ORDER_KPIS, freq=freq)
    got = kpis.compute({"orders": pl.from_pandas(orders).lazy()}, kpis=ORDER_KPIS, freq=freq)
    pd.testing.assert_frame_equal(got, expected, rtol=1e-9)


@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_every_period_is_labelled_by_its_first_day(freq):
    orders = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-02-29 23:59", "2024-12-31 12:00"]),
            "revenue": [1.0, 2.0],
            "refunded": [0.0, 0.0],
        }
    )
    out = kpis.revenue(orders, freq=freq)
    first = {"W": "2024-02-26", "M": "2024-02-01", "Q": "2024-01-01", "Y": "2024-01-01"}[freq]
    assert out["period"].iloc[0] == pd.Timestamp(first)
    assert out["value"].sum() == 3.0
