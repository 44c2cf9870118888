"""compute(refund_basis=...): refunds booked on the order's date or when they were issued.

Hand values come from the refunds fixture in tests/kpi_fixtures.py (its docstring works
them out); every engine must give the same frame.
"""

from __future__ import annotations

import duckdb
import kpi_fixtures as fx
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError, kpis

NAN = float("nan")
REFUND_KPIS = [
    "revenue",
    "revenue_growth",
    "revenue_growth_yoy",
    "average_order_value",
    "gross_profit",
    "gross_margin",
    "refund_rate",
    "revenue_per_employee",
]
MONTHS = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]).astype(
    "datetime64[ns]"
)


def _duckdb(frame: pd.DataFrame):
    return duckdb.from_arrow(pa.Table.from_pandas(frame, preserve_index=False))


CONSTRUCTORS = {
    "pandas": lambda frame: frame.copy(),
    "polars_eager": pl.from_pandas,
    "polars_lazy": lambda frame: pl.from_pandas(frame).lazy(),
    "duckdb": _duckdb,
}


@pytest.fixture(params=list(CONSTRUCTORS))
def constructor(request):
    return CONSTRUCTORS[request.param]


def _issued(tables, kpi_names, freq="M", **kwargs):
    return kpis.compute(tables, kpis=kpi_names, freq=freq, refund_basis="issued", **kwargs)


def _series(out: pd.DataFrame, kpi: str) -> pd.Series:
    return out[out["kpi"] == kpi].set_index("period")["value"]


def _fixture_tables(constructor):
    return {
        "orders": constructor(fx.orders()),
        "refunds": constructor(fx.refunds()),
        "employees": constructor(fx.employees()),
    }


# ----------------------------------------------------------------------- hand values


def test_issued_basis_hand_values(constructor):
    out = _issued(_fixture_tables(constructor), REFUND_KPIS)
    expected = {
        "revenue": [100.0, 125.0, 192.0, -5.0],
        "average_order_value": [25.0, 125.0 / 3, 38.4, NAN],
        "gross_profit": [60.0, 69.0, 100.0, -5.0],
        "gross_margin": [60.0, 55.2, 100.0 / 192.0 * 100.0, NAN],
        "refund_rate": [0.0, 15.0 / 140.0 * 100.0, 18.0 / 210.0 * 100.0, NAN],
        "revenue_growth": [NAN, 25.0, 53.6, (-5.0 - 192.0) / 192.0 * 100.0],
        "revenue_per_employee": [40.0, 50.0, 96.0, -2.5],
    }
    for kpi, values in expected.items():
        got = _series(out, kpi)
        assert list(got.index) == list(MONTHS), kpi
        np.testing.assert_allclose(got.to_numpy(), values, rtol=1e-12, err_msg=kpi)
    notes = out.set_index(["kpi", "period"])["note"]
    april = pd.Timestamp("2024-04-01")
    assert notes["revenue", april] == "no orders in period"
    assert notes["gross_margin", april].startswith("net revenue in period is negative")
    assert notes["refund_rate", april] == "no orders in period: denominator is zero"
    assert notes["average_order_value", april].startswith("no orders in period")


def test_order_basis_is_the_default_and_ignores_a_refunds_table():
    with_refunds = {**fx.tables(), "refunds": fx.refunds()}
    default = kpis.compute(fx.tables())
    pd.testing.assert_frame_equal(kpis.compute(with_refunds), default)
    pd.testing.assert_frame_equal(kpis.compute(with_refunds, refund_basis="order"), default)
    assert _series(default, "revenue").tolist() == [90.0, 125.0, 205.0]


def test_kpis_without_refunds_are_the_same_on_both_bases():
    tables = {**fx.tables(), "refunds": fx.refunds()}
    order = kpis.compute(tables)
    issued = kpis.compute(tables, refund_basis="issued")
    untouched = sorted(set(order["kpi"]) - set(REFUND_KPIS))
    assert "orders" in untouched and "retention_rate" in untouched
    pd.testing.assert_frame_equal(
        issued[issued["kpi"].isin(untouched)].reset_index(drop=True),
        order[order["kpi"].isin(untouched)].reset_index(drop=True),
    )
    changed = issued[issued["kpi"].isin(REFUND_KPIS)]
    assert set(changed["kpi"]) == set(REFUND_KPIS)


def test_a_refund_is_booked_in_the_month_it_was_issued():
    # An order on 30 March for 100, refunded 40 on 2 April; another April sale of 70.
    orders = pd.DataFrame(
        {
            "order_id": ["1001", "1002"],
            "date": pd.to_datetime(["2026-03-30 17:00", "2026-04-15 10:00"]),
            "revenue": [100.0, 70.0],
            "refunded": [40.0, 0.0],
        }
    )
    refunds = pd.DataFrame(
        {"order_id": ["1001"], "date": pd.to_datetime(["2026-04-02 09:00"]), "amount": [40.0]}
    )
    tables = {"orders": orders, "refunds": refunds}
    by_order = kpis.compute(tables, kpis=["revenue"])
    by_issue = _issued(tables, ["revenue"])
    assert by_order["value"].tolist() == [60.0, 70.0]
    assert by_issue["value"].tolist() == [100.0, 30.0]
    assert by_issue["period"].tolist() == [pd.Timestamp("2026-03-01"), pd.Timestamp("2026-04-01")]


def test_several_partial_refunds_of_one_order_all_count(constructor):
    # O07 (15) was refunded 5 on 21 February and 10 on 2 March.
    out = _issued(
        {"orders": constructor(fx.orders()), "refunds": constructor(fx.refunds())}, ["revenue"]
    )
    without_o07 = fx.refunds().query("order_id != 'O07'")
    base = _issued({"orders": fx.orders(), "refunds": without_o07}, ["revenue"])
    difference = base["value"].to_numpy() - out["value"].to_numpy()
    assert difference.tolist() == [0.0, 5.0, 10.0, 0.0]


def test_a_refund_of_an_order_outside_the_files_counts_when_issued(constructor):
    # X99 is not in orders: its 8 still left the till in March.
    refunds = fx.refunds()
    assert "X99" not in set(fx.orders()["order_id"])
    out = _issued(
        {"orders": constructor(fx.orders()), "refunds": constructor(refunds)}, ["revenue"]
    )
    base = _issued(
        {"orders": fx.orders(), "refunds": refunds.query("order_id != 'X99'")}, ["revenue"]
    )
    assert (base["value"] - out["value"]).tolist() == [0.0, 0.0, 8.0, 0.0]


def test_the_period_grid_covers_refunds_issued_without_orders():
    out = _issued({"orders": fx.orders(), "refunds": fx.refunds()}, ["revenue", "orders"])
    revenue = out[out["kpi"] == "revenue"]
    # April has no order, only O11's refund: it gets its own period, flagged partial
    # because the orders end on 30 March.
    assert revenue["period"].tolist() == list(MONTHS)
    assert revenue["partial"].tolist() == [True, False, True, True]
    # Counting orders does not subtract refunds: its periods stay those of the orders.
    assert out.loc[out["kpi"] == "orders", "value"].tolist() == [4.0, 3.0, 5.0]
    weekly = _issued({"orders": fx.orders(), "refunds": fx.refunds()}, ["revenue"], freq="W")
    weeks = weekly.set_index("period")["value"]
    # Week of Monday 5 February has no orders: only O04's refund of 10.
    assert weeks[pd.Timestamp("2024-02-05")] == -10.0
    assert weeks.index[-1] == pd.Timestamp("2024-04-01")
    assert weeks[pd.Timestamp("2024-04-01")] == -5.0


def test_refunds_before_the_first_order_get_their_period():
    refunds = pd.DataFrame(
        {"order_id": ["OLD"], "date": pd.to_datetime(["2023-12-28"]), "amount": [12.0]}
    )
    out = _issued({"orders": fx.orders(), "refunds": refunds}, ["revenue", "revenue_growth"])
    revenue = out[out["kpi"] == "revenue"]
    assert revenue["period"].iloc[0] == pd.Timestamp("2023-12-01")
    assert revenue["value"].tolist() == [-12.0, 100.0, 140.0, 210.0]
    assert revenue["partial"].tolist() == [True, True, False, True]
    growth = out[out["kpi"] == "revenue_growth"]
    # January grew from a negative base: no growth rate, and the note says why.
    assert np.isnan(growth["value"].iloc[1])
    assert growth["note"].iloc[1] == (
        "net revenue in the comparison period is negative (refunds issued exceed sales): "
        "growth undefined"
    )
    assert growth["value"].iloc[2] == pytest.approx(40.0)


def test_an_empty_refunds_table_means_no_refund_was_issued(constructor):
    empty = fx.refunds().iloc[:0]
    out = _issued({"orders": constructor(fx.orders()), "refunds": constructor(empty)}, ["revenue"])
    assert out["value"].tolist() == [100.0, 140.0, 210.0]


def test_the_orders_refunded_column_is_not_needed_when_issued():
    orders = fx.orders().drop(columns=["refunded"])
    out = _issued({"orders": orders, "refunds": fx.refunds()}, ["revenue", "orders"])
    assert _series(out, "revenue").tolist() == [100.0, 125.0, 192.0, -5.0]
    with pytest.raises(DataError, match=r"compute: column 'refunded' \(refunded=\) is not in"):
        kpis.compute({"orders": orders}, kpis=["revenue"])


@pytest.mark.parametrize("engine", ["polars_eager", "polars_lazy", "duckdb"])
@pytest.mark.parametrize("freq", ["W", "M", "Q", "Y"])
def test_issued_basis_is_identical_on_every_engine(engine, freq):
    tables = {**fx.tables(), "refunds": fx.refunds()}
    expected = kpis.compute(tables, freq=freq, refund_basis="issued")
    make = CONSTRUCTORS[engine]
    got = kpis.compute(
        {name: make(t) for name, t in tables.items()}, freq=freq, refund_basis="issued"
    )
    pd.testing.assert_frame_equal(got, expected)


def test_refund_dates_as_text_or_days_work():
    text = fx.refunds().assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d %H:%M"))
    days = pl.from_pandas(fx.refunds()).with_columns(pl.col("date").cast(pl.Date))
    expected = _issued({"orders": fx.orders(), "refunds": fx.refunds()}, ["revenue"])
    for refunds in (text, days):
        got = _issued({"orders": fx.orders(), "refunds": refunds}, ["revenue"])
        pd.testing.assert_frame_equal(got, expected)


def test_inputs_are_not_mutated():
    orders, refunds = fx.orders(), fx.refunds()
    _issued({"orders": orders, "refunds": refunds}, REFUND_KPIS[:-1])
    pd.testing.assert_frame_equal(orders, fx.orders())
    pd.testing.assert_frame_equal(refunds, fx.refunds())


def test_catalog_and_docstrings_say_what_the_issued_basis_changes():
    formulas = kpis.catalog().set_index("kpi")["formula"]
    for kpi in REFUND_KPIS:
        assert "issued" in formulas[kpi] or "refund basis" in formulas[kpi], kpi
        assert "issued" in getattr(kpis, kpi).__doc__, kpi
    assert "issued" not in formulas["orders"]
    assert "refund_basis" in kpis.compute.__doc__


# --------------------------------------------------------------------------- errors


def test_issued_basis_needs_a_refunds_table():
    with pytest.raises(
        DataError,
        match=r"compute: refund_basis='issued' books each refund in the period it was "
        r"issued, which needs a 'refunds' table \(one row per refund: order_id, date, "
        r"amount\), but tables has \['orders'\]\. Add it, e\.g\. tables\['refunds'\] = "
        r"smbkit\.io\.read_orders\(\.\.\.\)\.refunds, or use refund_basis='order'",
    ):
        kpis.compute({"orders": fx.orders()}, refund_basis="issued")


def test_refund_basis_option_is_checked_up_front():
    with pytest.raises(
        SmbkitError,
        match=r"compute: the value for `refund_basis` must be one of \['order', 'issued'\], "
        r"but 'issue' was passed. Did you mean 'issued'\?",
    ):
        # checked before anything else: the tables are not even a mapping
        kpis.compute(None, refund_basis="issue")


def test_refunds_columns_must_exist(constructor):
    refunds = constructor(fx.refunds().rename(columns={"amount": "amt"}))
    with pytest.raises(
        DataError,
        match=r"compute: column 'amount' \(amount=\) is not in refunds; columns are "
        r"\['order_id', 'date', 'amt', .*Did you mean 'amt'\? .*\(while computing KPI "
        r"'revenue'\)",
    ):
        _issued({"orders": fx.orders(), "refunds": refunds}, ["revenue"])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            -5.0,
            r"1 of 5 rows \(20.00 %\) in refunds have a negative amount \(column "
            r"'amount', amount=\) \(first: .*value -5.0\); amount is the money given back, 0 or "
            r"more",
        ),
        (
            float("inf"),
            r"1 of 5 rows \(20.00 %\) in refunds have a value that is not finite "
            r"\(inf or -inf\) \(column 'amount', amount=\) \(first: .*value inf\)",
        ),
        (float("-inf"), r"1 of 5 rows .* in refunds have a value that is not finite .*value -inf"),
    ],
)
def test_refund_amounts_are_checked(constructor, value, message):
    refunds = fx.refunds()
    refunds.loc[2, "amount"] = value
    with pytest.raises(DataError, match=r"compute: " + message):
        _issued({"orders": fx.orders(), "refunds": constructor(refunds)}, ["revenue"])


def test_missing_refund_amount_or_date_is_refused():
    refunds = fx.refunds()
    refunds.loc[1, "amount"] = NAN
    with pytest.raises(
        DataError,
        match=r"compute: 1 of 5 rows .* in refunds have a missing value \(column 'amount', "
        r"amount=\) \(first: row 1\); fill or remove those rows first",
    ):
        _issued({"orders": fx.orders(), "refunds": refunds}, ["revenue"])
    refunds = fx.refunds()
    refunds.loc[3, "date"] = pd.NaT
    with pytest.raises(DataError, match=r"in refunds have a missing value \(column 'date'"):
        _issued({"orders": fx.orders(), "refunds": refunds}, ["gross_margin"])


def test_refund_dates_must_be_dates():
    refunds = fx.refunds().assign(date=[1, 2, 3, 4, 5])
    with pytest.raises(
        DataError,
        match=r"compute: column 'date' \(date=\) in refunds holds Int64 values, not dates; "
        r"convert it first",
    ):
        _issued({"orders": fx.orders(), "refunds": refunds}, ["revenue"])
    text = fx.refunds().assign(date=["2024-02-05", "soon", "2024-03-02", "2024-03-10", "x"])
    with pytest.raises(
        DataError,
        match=r"compute: 2 of 5 rows .* in refunds have dates that cannot be read .*"
        r"\(first: row 1, value 'soon'\)",
    ):
        _issued({"orders": fx.orders(), "refunds": text}, ["revenue"])
    aware = fx.refunds().assign(date=lambda f: f["date"].dt.tz_localize("UTC"))
    with pytest.raises(DataError, match=r"column 'date' \(date=\) in refunds is timezone-aware"):
        _issued({"orders": fx.orders(), "refunds": aware}, ["revenue"])


def test_refund_amounts_must_be_numbers():
    refunds = fx.refunds().assign(amount=lambda f: f["amount"].astype("str"))
    with pytest.raises(
        DataError, match=r"column 'amount' \(amount=\) in refunds holds String values"
    ):
        _issued({"orders": fx.orders(), "refunds": refunds}, ["revenue"])


# ----------------------------------------------------------------------- properties

_DAY = pd.Timestamp("2024-01-01")


@st.composite
def orders_and_refunds(draw):
    """Orders over a year, each refund split into 1-3 refunds issued on or after its order."""
    n = draw(st.integers(min_value=1, max_value=25))
    days = draw(st.lists(st.integers(0, 364), min_size=n, max_size=n))
    cents = draw(st.lists(st.integers(0, 50_000), min_size=n, max_size=n))
    order_rows, refund_rows = [], []
    for i, (day, revenue) in enumerate(zip(days, cents, strict=True)):
        refunded = draw(st.integers(0, revenue)) if draw(st.booleans()) else 0
        order_rows.append((f"o{i}", _DAY + pd.Timedelta(days=day), revenue / 100, refunded / 100))
        if refunded:
            parts = draw(st.integers(1, 3))
            cuts = sorted(
                draw(st.lists(st.integers(0, refunded), min_size=parts - 1, max_size=parts - 1))
            )
            amounts = np.diff([0, *cuts, refunded])
            for amount in amounts:
                later = draw(st.integers(0, 120))
                refund_rows.append(
                    (f"o{i}", _DAY + pd.Timedelta(days=day + later), float(amount) / 100)
                )
    orders = pd.DataFrame(order_rows, columns=["order_id", "date", "revenue", "refunded"])
    refunds = pd.DataFrame(refund_rows, columns=["order_id", "date", "amount"])
    orders["date"] = orders["date"].astype("datetime64[ns]")
    refunds["date"] = refunds["date"].astype("datetime64[ns]")
    refunds["amount"] = refunds["amount"].astype("float64")
    return orders, refunds


@settings(max_examples=60)
@given(data=orders_and_refunds(), freq=st.sampled_from(["W", "M", "Q", "Y"]))
def test_total_net_revenue_is_the_same_on_both_bases(data, freq):
    orders, refunds = data
    tables = {"orders": orders, "refunds": refunds}
    by_order = kpis.compute(tables, kpis=["revenue"], freq=freq)
    by_issue = _issued(tables, ["revenue"], freq=freq)
    expected = orders["revenue"].sum() - orders["refunded"].sum()
    assert by_order["value"].sum() == pytest.approx(expected, abs=1e-6)
    assert by_issue["value"].sum() == pytest.approx(expected, abs=1e-6)
    # No refund is issued before its order, so the issued grid only reaches further out.
    assert by_issue["period"].iloc[0] == by_order["period"].iloc[0]
    assert set(by_order["period"]) <= set(by_issue["period"])


@settings(max_examples=40)
@given(data=orders_and_refunds())
def test_issued_refunds_per_period_are_the_refunds_table_summed(data):
    orders, refunds = data
    out = _issued({"orders": orders, "refunds": refunds}, ["revenue"])
    sales = orders.groupby(orders["date"].dt.to_period("M").dt.start_time)["revenue"].sum()
    given_back = refunds.groupby(refunds["date"].dt.to_period("M").dt.start_time)["amount"].sum()
    periods = pd.DatetimeIndex(out["period"])
    expected = sales.reindex(periods, fill_value=0.0) - given_back.reindex(periods, fill_value=0.0)
    np.testing.assert_allclose(out["value"].to_numpy(), expected.to_numpy(), atol=1e-6)
