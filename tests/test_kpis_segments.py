"""compute(by=...): KPIs per segment (shop, channel, client) on every engine.

Hand-checked values come from ``kpi_fixtures.two_shops`` (see its docstring).
"""

from __future__ import annotations

import warnings

import duckdb
import kpi_fixtures as fx
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError, customers, kpis
from smbkit.kpis._compute import SPLITTABLE

ENGINES = {
    "pandas": lambda frame: frame,
    "polars_eager": pl.from_pandas,
    "polars_lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "duckdb": lambda frame: duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False)),
}
JAN, FEB, MAR = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"])
SHOPS = ["Harbour", "Old Town", None]  # sorted, the missing segment last


def _series(out: pd.DataFrame, kpi: str, location) -> pd.Series:
    rows = out[out["kpi"] == kpi]
    mine = rows["location"].isna() if location is None else rows["location"] == location
    return rows[mine].set_index("period")


def _values(out, kpi, location) -> list[float]:
    return _series(out, kpi, location)["value"].tolist()


@pytest.mark.parametrize("engine", list(ENGINES))
def test_two_shops_by_hand(engine):
    orders = ENGINES[engine](fx.two_shops())
    out = kpis.compute({"orders": orders}, by="location")
    assert list(out.columns) == ["period", "location", "kpi", "value", "unit", "partial", "note"]
    # Every segment, the missing one included, on the full grid of the data.
    for kpi in SPLITTABLE:
        for shop in SHOPS:
            assert _series(out, kpi, shop).index.tolist() == [JAN, FEB, MAR], (kpi, shop)
    assert _values(out, "revenue", "Old Town") == [60.0, 50.0, 25.0]
    assert _values(out, "revenue", "Harbour") == [0.0, 90.0, 75.0]
    assert _values(out, "revenue", None) == [0.0, 0.0, 15.0]
    assert _values(out, "orders", "Harbour") == [0.0, 2.0, 2.0]
    np.testing.assert_allclose(_values(out, "average_order_value", "Old Town"), [20, 50, 25])
    np.testing.assert_allclose(_values(out, "average_order_value", "Harbour"), [np.nan, 45, 37.5])
    # Gross margin within the shop: (90 - 50) / 90, (75 - 32) / 75.
    np.testing.assert_allclose(
        _values(out, "gross_margin", "Harbour"), [np.nan, 4000 / 90, 4300 / 75]
    )
    assert _values(out, "active_customers", "Old Town") == [2.0, 1.0, 1.0]
    assert _values(out, "active_customers", "Harbour") == [0.0, 2.0, 2.0]
    # ana is new in Harbour in February although she bought in Old Town in January.
    assert _values(out, "new_customers", "Old Town") == [2.0, 0.0, 0.0]
    assert _values(out, "new_customers", "Harbour") == [0.0, 2.0, 1.0]
    assert _values(out, "new_customers", None) == [0.0, 0.0, 1.0]
    np.testing.assert_allclose(_values(out, "retention_rate", "Old Town"), [np.nan, 50, 0])
    np.testing.assert_allclose(_values(out, "retention_rate", "Harbour"), [np.nan, np.nan, 50])
    # Harbour opened on 14 February: partial then (and before), complete in March.
    assert _series(out, "revenue", "Harbour")["partial"].tolist() == [True, True, False]
    assert _series(out, "revenue", "Old Town")["partial"].tolist() == [True, False, False]
    assert _series(out, "revenue", None)["partial"].tolist() == [True, True, True]
    # Empty periods as the unsplit engine shows them: 0 with a note, a ratio NaN with a note.
    assert _series(out, "revenue", "Harbour")["note"].iloc[0] == "no orders in period"
    aov_note = _series(out, "average_order_value", "Harbour")["note"].iloc[0]
    assert aov_note == "no orders in period: denominator is zero"
    assert _series(out, "revenue", "Harbour")["note"].iloc[1:].isna().all()


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_segments_are_identical_on_every_engine(engine, freq):
    orders = fx.two_shops()
    expected = kpis.compute({"orders": orders}, freq=freq, by=["location", "channel"])
    got = kpis.compute({"orders": ENGINES[engine](orders)}, freq=freq, by=["location", "channel"])
    pd.testing.assert_frame_equal(got, expected)


def test_additive_kpis_sum_to_the_unsplit_value_and_ratios_do_not():
    tables = {"orders": fx.two_shops()}
    whole = kpis.compute(tables, kpis=["revenue", "orders", "new_customers"])
    split = kpis.compute(tables, kpis=["revenue", "orders", "new_customers"], by="location")
    summed = split.groupby(["kpi", "period"])["value"].sum()
    for kpi in ["revenue", "orders"]:
        np.testing.assert_allclose(
            summed[kpi].to_numpy(), whole[whole["kpi"] == kpi]["value"].to_numpy()
        )
    # ana counts as new in both shops: per-shop new customers add up to more.
    assert summed["new_customers"].tolist() == [2.0, 2.0, 2.0]
    assert whole[whole["kpi"] == "new_customers"]["value"].tolist() == [2.0, 1.0, 1.0]


def test_one_segment_equals_the_unsplit_computation():
    orders = fx.orders()  # every order in "Old Town"
    whole = kpis.compute({"orders": orders})
    split = kpis.compute({"orders": orders}, by="location")
    assert (split["location"] == "Old Town").all()
    pd.testing.assert_frame_equal(split.drop(columns="location"), whole)


def test_by_none_is_unchanged():
    tables = fx.tables()
    pd.testing.assert_frame_equal(kpis.compute(tables, by=None), kpis.compute(tables))


def test_numeric_segments_keep_their_type():
    orders = fx.two_shops().assign(merchant_id=[1, 1, 1, 2, 2, 1, 1, 2, 2, 2])
    out = kpis.compute({"orders": pl.from_pandas(orders)}, kpis="orders", by="merchant_id")
    assert out["merchant_id"].tolist() == [1] * 3 + [2] * 3
    assert out["value"].tolist() == [3.0, 1.0, 1.0, 0.0, 2.0, 3.0]


def test_tables_without_the_column_raise_when_asked_for():
    tables = fx.tables()
    tables["orders"] = fx.two_shops()
    with pytest.raises(
        DataError,
        match=r"KPI 'net_margin' cannot be split by \['location'\]: table "
        r"'financials' has no column\(s\) \['location'\]\. Add the column",
    ):
        kpis.compute(tables, kpis=["revenue", "net_margin"], by="location")


def test_tables_without_the_column_are_left_out_with_a_warning_when_kpis_is_none():
    tables = fx.tables()
    tables["orders"] = fx.two_shops()
    with pytest.warns(UserWarning, match=r"cannot be split by \['location'\] and are left out"):
        out = kpis.compute(tables, by="location")
    assert set(out["kpi"]) == set(SPLITTABLE)


def test_no_warning_when_every_kpi_splits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kpis.compute({"orders": fx.two_shops()}, by="location")


def test_a_kpi_not_yet_splittable_raises():
    web = fx.web().assign(channel="online")
    with pytest.raises(SmbkitError, match="KPI 'conversion_rate' cannot be split by segment yet"):
        kpis.compute({"orders": fx.two_shops(), "web": web}, kpis="conversion_rate", by="channel")
    marketing = fx.marketing()
    assert "channel" in marketing.columns
    with pytest.raises(SmbkitError, match="KPI 'cac' cannot be split by segment yet"):
        kpis.compute({"orders": fx.two_shops(), "marketing": marketing}, kpis="cac", by="channel")


def test_bad_by_is_refused():
    tables = {"orders": fx.two_shops()}
    with pytest.raises(SmbkitError, match=r"`by` must be a column name or a list"):
        kpis.compute(tables, by=3)
    with pytest.raises(SmbkitError, match=r"`by` must be a column name or a list"):
        kpis.compute(tables, by=[])
    with pytest.raises(SmbkitError, match=r"`by` names a column twice"):
        kpis.compute(tables, by=["location", "location"])
    with pytest.raises(
        DataError,
        match=r"names column\(s\) \['locaton'\] that table 'orders' does not "
        r"have; its columns are .* Did you mean 'location'\?",
    ):
        kpis.compute(tables, by="locaton")
    with pytest.raises(SmbkitError, match=r"`by` column\(s\) \['kpi'\] clash"):
        kpis.compute({"orders": fx.two_shops().assign(kpi="x")}, by="kpi")
    with pytest.raises(SmbkitError, match="by= cannot be combined with refund_basis='issued'"):
        kpis.compute(
            {"orders": fx.orders(), "refunds": fx.refunds()}, by="location", refund_basis="issued"
        )


def test_inputs_are_not_mutated():
    orders = fx.two_shops()
    before = orders.copy()
    kpis.compute({"orders": orders}, by=["location", "channel"])
    pd.testing.assert_frame_equal(orders, before)


@st.composite
def _orders(draw):
    n = draw(st.integers(1, 25))
    days = draw(st.lists(st.integers(0, 200), min_size=n, max_size=n))
    shop = draw(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=n, max_size=n))
    revenue = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    share = draw(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=n, max_size=n))
    customer = draw(st.lists(st.sampled_from(["x", "y", None]), min_size=n, max_size=n))
    revenue = np.asarray(revenue, dtype="float64")
    return pd.DataFrame(
        {
            "order_id": [f"o{i}" for i in range(n)],
            "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D"),
            "location": pd.Series(shop, dtype="str"),
            "customer_id": pd.Series(customer, dtype="str"),
            "revenue": revenue,
            "refunded": revenue * np.asarray(share),
            "cost": revenue / 2,
        }
    )


@pytest.mark.parametrize("engine", ["pandas", "polars_eager"])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(orders=_orders(), freq=st.sampled_from(["W", "M", "Q"]))
def test_segments_sum_to_the_whole(engine, orders, freq):
    tables = {"orders": ENGINES[engine](orders)}
    names = ["revenue", "orders", "gross_profit"]
    whole = kpis.compute(tables, kpis=names, freq=freq)
    split = kpis.compute(tables, kpis=names, freq=freq, by="location")
    # No segment dropped: the missing location is a segment of its own.
    assert split["location"].nunique(dropna=False) == orders["location"].nunique(dropna=False)
    summed = split.groupby(["kpi", "period"])["value"].sum().reset_index()
    merged = whole.merge(summed, on=["kpi", "period"], suffixes=("", "_sum"), how="left")
    np.testing.assert_allclose(merged["value_sum"], merged["value"], atol=1e-9)
    # Every segment on the full grid.
    assert len(split) == len(whole) * split["location"].nunique(dropna=False)


# ------------------------------------------------------------- customers.cohort_retention, rfm
@pytest.mark.parametrize("engine", list(ENGINES))
def test_cohorts_per_shop_by_hand(engine):
    out = customers.cohort_retention(ENGINES[engine](fx.two_shops()), by="location")
    assert out.index.names == ["location", "cohort"]
    assert out.index.tolist()[:3] == [("Harbour", FEB), ("Harbour", MAR), ("Old Town", JAN)]
    last = out.index.tolist()[3]
    assert pd.isna(last[0]) and last[1] == MAR  # the missing location, last
    assert out["customers"].tolist() == [2, 1, 2, 1]
    # Old Town's January cohort (ana, ben): ben in February, ana in March.
    np.testing.assert_allclose(out.iloc[2, 1:].to_numpy(dtype=float), [1.0, 0.5, 0.5])
    # ana joins Harbour's February cohort although she is in Old Town's January cohort.
    np.testing.assert_allclose(out.iloc[0, 1:].to_numpy(dtype=float), [1.0, 0.5, np.nan])
    np.testing.assert_allclose(out.iloc[1, 1:].to_numpy(dtype=float), [1.0, np.nan, np.nan])


@pytest.mark.parametrize("engine", list(ENGINES)[1:])
def test_cohorts_and_rfm_by_segment_are_identical_on_every_engine(engine):
    orders = fx.two_shops()
    by = ["location", "channel"]
    pd.testing.assert_frame_equal(
        customers.cohort_retention(ENGINES[engine](orders), by=by),
        customers.cohort_retention(orders, by=by),
    )
    pd.testing.assert_frame_equal(
        customers.rfm(ENGINES[engine](orders), by=by), customers.rfm(orders, by=by)
    )


def test_one_segment_gives_the_unsplit_cohorts_and_rfm():
    orders = fx.orders()  # every order in "Old Town"
    split = customers.cohort_retention(orders, by="location")
    pd.testing.assert_frame_equal(split.loc["Old Town"], customers.cohort_retention(orders))
    scored = customers.rfm(orders, by="location")
    assert (scored["location"] == "Old Town").all()
    pd.testing.assert_frame_equal(scored.drop(columns="location"), customers.rfm(orders))


@pytest.mark.parametrize("engine", list(ENGINES))
def test_rfm_per_shop_by_hand(engine):
    out = customers.rfm(ENGINES[engine](fx.two_shops()), by="location")
    assert list(out.columns)[:2] == ["location", "customer_id"]
    keys = list(zip(out["location"].fillna("-"), out["customer_id"], strict=True))
    assert keys == [
        ("Harbour", "ana"),
        ("Harbour", "cat"),
        ("Harbour", "dan"),
        ("Old Town", "ana"),
        ("Old Town", "ben"),
        ("-", "ben"),
    ]
    # Recency from the last day of all the data (31 March), within the shop.
    assert out["recency_days"].tolist() == [21, 40, 11, 26, 35, 0]
    assert out["frequency"].tolist() == [2, 1, 1, 2, 2, 1]
    assert out["monetary"].tolist() == [75.0, 60.0, 45.0, 45.0, 80.0, 15.0]


def test_cohorts_and_rfm_refuse_a_bad_by():
    orders = fx.two_shops()
    with pytest.raises(DataError, match=r"cohort_retention: by=\['shop'\] names column"):
        customers.cohort_retention(orders, by="shop")
    with pytest.raises(DataError, match=r"Did you mean 'location'\?"):
        customers.rfm(orders, by="locaton")
    with pytest.raises(SmbkitError, match=r"rfm: `by` column\(s\) \['segment'\] clash"):
        customers.rfm(orders.assign(segment="x"), by="segment")
    with pytest.raises(SmbkitError, match=r"`by` must be a column name or a list"):
        customers.cohort_retention(orders, by=1)
