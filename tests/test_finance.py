"""smbkit.finance: cash runway, break-even and the gross-profit bridge."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.finance import break_even, cash_runway, gross_profit_bridge, runway

# ----------------------------------------------------------------- cash_runway


def test_cash_runway_by_hand():
    assert cash_runway(45_000, 7_500) == pytest.approx(6.0)
    assert cash_runway(1_000, 3_000) == pytest.approx(1 / 3)
    assert cash_runway(45_000, 0) == math.inf  # not burning
    assert cash_runway(45_000, -2_000) == math.inf  # cash growing
    assert cash_runway(0, 2_000) == 0.0
    assert cash_runway(-5_000, 2_000) == 0.0  # overdrawn and burning: nothing left


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("lots", 1.0), r"`cash` must be a number, but 'lots'"),
        ((1.0, float("nan")), r"`monthly_net_burn` must be a finite number"),
    ],
)
def test_cash_runway_errors(args, match):
    with pytest.raises(SmbkitError, match=match):
        cash_runway(*args)


# ----------------------------------------------------------------- runway


@pytest.fixture
def fin():
    # cash: 50k, 46k (-4k), 41k (-5k), 38k (-3k), 40k (+2k, a 6k loan came in)
    return pd.DataFrame(
        {
            "month": pd.date_range("2025-01-01", periods=5, freq="MS"),
            "cash": [50_000.0, 46_000.0, 41_000.0, 38_000.0, 40_000.0],
            "financing": [0.0, 0.0, 0.0, 0.0, 6_000.0],
        }
    )


def test_runway_by_hand(fin):
    out = runway(fin)
    assert out.columns.tolist() == [
        "month",
        "cash",
        "net_cash_flow",
        "avg_net_cash_flow",
        "monthly_net_burn",
        "runway_months",
        "note",
    ]
    assert out["net_cash_flow"].tolist()[1:] == [-4_000.0, -5_000.0, -3_000.0, 2_000.0]
    # April: mean(-4k, -5k, -3k) = -4k burn 4k; 38k / 4k = 9.5 months
    assert out.loc[3, "runway_months"] == pytest.approx(9.5)
    # May: mean(-5k, -3k, +2k) = -2k; 40k / 2k = 20 months
    assert out.loc[4, "runway_months"] == pytest.approx(20.0)
    # the first three months lack three flows
    assert out["runway_months"].isna().tolist() == [True, True, True, False, False]
    assert out.loc[0, "note"] == "needs 3 months of cash flow"


def test_runway_without_financing(fin):
    out = runway(fin, financing="financing")
    # May flow without the loan: +2k - 6k = -4k; mean(-5k, -3k, -4k) = -4k; 40k/4k = 10
    assert out.loc[4, "net_cash_flow"] == pytest.approx(-4_000.0)
    assert out.loc[4, "runway_months"] == pytest.approx(10.0)


def test_runway_growing_cash_is_inf_with_note():
    df = pd.DataFrame(
        {"month": pd.date_range("2025-01-01", periods=3, freq="MS"), "cash": [10.0, 12.0, 15.0]}
    )
    out = runway(df, window=2)
    assert out.loc[2, "runway_months"] == math.inf
    assert "not shrinking" in out.loc[2, "note"]


def test_runway_is_order_independent_and_does_not_mutate(fin):
    shuffled = fin.iloc[[3, 0, 4, 2, 1]]
    before = shuffled.copy()
    pd.testing.assert_frame_equal(runway(shuffled), runway(fin))
    pd.testing.assert_frame_equal(shuffled, before)


def test_runway_errors(fin):
    with pytest.raises(DataError, match=r"column 'balance' \(cash=\) is not in financials"):
        runway(fin, cash="balance")
    with pytest.raises(
        DataError,
        match=r"months are not consecutive: 2025-01 is followed by "
        r"2025-03",
    ):
        runway(fin.drop(index=1))
    with pytest.raises(DataError, match=r"1 of 6 rows .* repeat a month .*'2025-01'"):
        runway(pd.concat([fin, fin.iloc[[0]]]))
    gap = fin.copy()
    gap.loc[2, "cash"] = np.nan
    with pytest.raises(DataError, match=r"1 of 5 rows .* have no cash balance .*row 2"):
        runway(gap)
    with pytest.raises(SmbkitError, match="`window` must be a whole number >= 1, got 0"):
        runway(fin, window=0)


# ----------------------------------------------------------------- break_even


def test_break_even_by_hand():
    # $12,000 fixed, $5 price, $2 variable: 3 a loaf towards fixed costs -> 4,000 loaves
    be = break_even(12_000, 5.0, 2.0)
    assert be.units == pytest.approx(4_000)
    assert be.units_whole == 4_000
    assert be.revenue == pytest.approx(20_000)
    assert be.contribution_margin == pytest.approx(3.0)
    assert be.contribution_margin_ratio == pytest.approx(0.6)
    # 1,000 / 3 = 333.3 units: sell 334
    assert break_even(1_000, 5.0, 2.0).units_whole == 334


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((1_000, 2.0, 2.0), r"price \(2\) must exceed variable_cost \(2\)"),
        ((1_000, 2.0, 3.0), r"each sale loses 1"),
        ((-1, 5.0, 2.0), r"`fixed_costs` must be >= 0, but -1"),
        ((1_000, 5.0, -2.0), r"`variable_cost` must be >= 0"),
        ((1_000, None, 2.0), r"`price` must be a number, but None"),
    ],
)
def test_break_even_errors(args, match):
    with pytest.raises(SmbkitError, match=match):
        break_even(*args)


@given(f=st.floats(0, 1e7), v=st.floats(0, 1e3), m=st.floats(0.01, 1e3))
def test_break_even_covers_fixed_costs_exactly(f, v, m):
    be = break_even(f, v + m, v)
    assert be.units * be.contribution_margin == pytest.approx(f, rel=1e-9, abs=1e-6)
    assert be.revenue == pytest.approx(be.units * (v + m), rel=1e-9, abs=1e-6)


# ----------------------------------------------------------------- gross_profit_bridge


def test_bridge_by_hand_one_row():
    prev = {"units": 1000, "revenue": 5000.0, "cogs": 2000.0}  # price 5.00, cost 2.00
    cur = {"units": 1100, "revenue": 5830.0, "cogs": 2420.0}  # price 5.30, cost 2.20
    b = gross_profit_bridge(prev, cur)
    assert b["step"].tolist() == [
        "previous gross profit",
        "volume",
        "price",
        "cost",
        "current gross profit",
    ]
    # volume 100 * 3.00 = 300; price 1100 * 0.30 = 330; cost -1100 * 0.20 = -220
    assert b["amount"].to_numpy() == pytest.approx([3000, 300, 330, -220, 3410])
    assert b["kind"].tolist() == ["total", "effect", "effect", "effect", "total"]
    # bars chain: each effect starts where the previous ended, and ends at the new total
    assert b["start"].to_numpy() == pytest.approx([0, 3000, 3300, 3630, 0])
    assert b["end"].to_numpy() == pytest.approx([3000, 3300, 3630, 3410, 3410])


def test_bridge_by_product():
    prev = pd.DataFrame(
        {
            "product": ["bread", "cake"],
            "units": [100, 10],
            "revenue": [400.0, 200.0],
            "cogs": [100.0, 80.0],
        }
    )
    cur = pd.DataFrame(
        {
            "product": ["cake", "bread"],
            "units": [20, 100],
            "revenue": [400.0, 450.0],
            "cogs": [200.0, 100.0],
        }
    )
    b = gross_profit_bridge(prev, cur, key="product").set_index("step")["amount"]
    # bread: q same, price 4 -> 4.5: price +50; cake: q +10 at margin 12 -> volume +120,
    # cost 8 -> 10: cost -40. GP 420 -> 550
    assert b["volume"] == pytest.approx(120)
    assert b["price"] == pytest.approx(50)
    assert b["cost"] == pytest.approx(-40)
    assert b["current gross profit"] - b["previous gross profit"] == pytest.approx(130)


def test_bridge_accepts_series_and_renamed_columns():
    prev = pd.Series({"orders": 10, "sales": 100.0, "cost": 40.0})
    cur = pd.Series({"orders": 12, "sales": 120.0, "cost": 48.0})
    b = gross_profit_bridge(prev, cur, units="orders", revenue="sales", cost="cost")
    # same price and cost per order: the whole change (+12) is volume
    assert b["amount"].tolist()[1:4] == pytest.approx([12.0, 0.0, 0.0])


side = st.fixed_dictionaries(
    {
        "units": st.integers(1, 10_000),
        "revenue": st.floats(0, 1e6),
        "cogs": st.floats(0, 1e6),
    }
)


@given(prev=side, cur=side)
def test_bridge_effects_sum_to_the_change(prev, cur):
    b = gross_profit_bridge(prev, cur).set_index("step")["amount"]
    change = b["current gross profit"] - b["previous gross profit"]
    assert b["volume"] + b["price"] + b["cost"] == pytest.approx(change, rel=1e-9, abs=1e-6)


def test_bridge_errors():
    ok = {"units": 10, "revenue": 100.0, "cogs": 40.0}
    with pytest.raises(DataError, match=r"column 'units' \(units=\) is not in previous"):
        gross_profit_bridge({"revenue": 1.0, "cogs": 1.0}, ok)
    with pytest.raises(DataError, match=r"zero units, so no price"):
        gross_profit_bridge(ok, {**ok, "units": 0})
    with pytest.raises(DataError, match=r"missing or negative 'cogs'.*value -1.0"):
        gross_profit_bridge(ok, {**ok, "cogs": -1.0})
    two = pd.DataFrame([ok, ok])
    with pytest.raises(DataError, match=r"`previous` has 2 rows; pass key="):
        gross_profit_bridge(two, ok)
    a = pd.DataFrame([{**ok, "product": "bread"}])
    b = pd.DataFrame([{**ok, "product": "scone"}])
    with pytest.raises(
        DataError,
        match=r"2 product\(s\) are in only one period \(first: "
        r"'bread'\)",
    ):
        gross_profit_bridge(a, b, key="product")
    with pytest.raises(DataError, match=r"repeats product 'bread'"):
        gross_profit_bridge(pd.concat([a, a]), a, key="product")
    with pytest.raises(
        SmbkitError,
        match=r"`previous` must be a DataFrame, Series or dict, "
        r"got list",
    ):
        gross_profit_bridge([1, 2], ok)
