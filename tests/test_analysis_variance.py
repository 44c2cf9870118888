"""smbkit.analysis._variance: budget vs actual, price/volume/mix, drill-down, trend or one-off.

Every expected number is worked out by hand in the comments. The tier-1 functions run on
pandas, polars (eager and lazy) and DuckDB through the ``constructor`` fixture.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.analysis import (
    PVM_STEPS,
    TREND_VERDICTS,
    PriceVolumeMix,
    budget_vs_actual,
    drill_down,
    price_volume_mix,
    trend_or_one_off,
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
    """Turn a pandas table into the engine under test."""
    return CONSTRUCTORS[request.param]


def _ts(values):
    return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")


# --------------------------------------------------------------------- budget vs actual


def sales() -> pd.DataFrame:
    """Raw rows, 2024-12-30 to 2025-03-31 (so January to March are fully covered).

    By hand, per month and shop:
      Jan  North 100 + 20 = 120   South 60
      Feb  North 90               South (no rows)
      Mar  North 50               South 40   East 30 (East is not budgeted)
    The row of 2024-12-30 lies outside the budget's months and is not compared.
    """
    return pd.DataFrame(
        {
            "date": _ts(
                [
                    "2024-12-30 10:00",
                    "2025-01-03 09:00",
                    "2025-01-15 12:30",
                    "2025-01-20 16:00",
                    "2025-02-11 08:00",
                    "2025-03-02 11:00",
                    "2025-03-14 10:00",
                    "2025-03-31 17:00",
                ]
            ),
            "shop": ["North", "North", "North", "South", "North", "North", "South", "East"],
            "revenue": [500.0, 100.0, 20.0, 60.0, 90.0, 50.0, 40.0, 30.0],
        }
    )


def plan() -> pd.DataFrame:
    """Budget by month and shop; April is budgeted but the sales data stop in March."""
    months = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]
    return pd.DataFrame(
        {
            "date": _ts([m for m in months for _ in range(2)]),
            "shop": ["North", "South"] * 4,
            "revenue": [100.0, 80.0, 100.0, 0.0, 40.0, 50.0, 100.0, 80.0],
        }
    )


def _row(table, shop, month):
    hit = table[(table["shop"] == shop) & (table["period"] == pd.Timestamp(month))]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def test_budget_vs_actual_by_shop_by_hand(constructor):
    out = budget_vs_actual(constructor(sales()), constructor(plan()), by="shop")
    assert list(out.columns) == [
        "shop",
        "period",
        "actual",
        "budget",
        "variance",
        "variance_pct",
        "favourable",
        "partial",
        "note",
    ]
    # 4 months x North/South, plus East in March (not budgeted)
    assert len(out) == 9
    assert out["period"].dtype == "datetime64[ns]"
    jan_north = _row(out, "North", "2025-01-01")
    assert (jan_north["actual"], jan_north["budget"], jan_north["variance"]) == (120, 100, 20)
    assert jan_north["variance_pct"] == pytest.approx(20.0)
    assert bool(jan_north["favourable"]) and pd.isna(jan_north["note"])
    jan_south = _row(out, "South", "2025-01-01")
    assert jan_south["variance_pct"] == pytest.approx(-25.0)  # (60 - 80) / 80
    assert not bool(jan_south["favourable"])
    # February South: no rows and a budget of 0 -> actual 0, no percentage, both noted
    feb_south = _row(out, "South", "2025-02-01")
    assert feb_south["actual"] == 0.0 and feb_south["variance"] == 0.0
    assert np.isnan(feb_south["variance_pct"])
    assert "no actual rows: actual is 0" in feb_south["note"]
    assert "budget is 0: no percentage" in feb_south["note"]
    assert bool(feb_south["favourable"])  # meeting the budget counts as favourable
    # East sold 30 in March without a budget line
    east = _row(out, "East", "2025-03-01")
    assert (east["actual"], east["budget"], east["variance"]) == (30, 0, 30)
    assert np.isnan(east["variance_pct"])
    assert east["note"] == "not in the budget: budget is 0, so no percentage"
    mar_north = _row(out, "North", "2025-03-01")
    assert mar_north["variance_pct"] == pytest.approx(25.0)  # (50 - 40) / 40
    # April: budgeted, but the sales data stop on 31 March
    apr = _row(out, "North", "2025-04-01")
    assert np.isnan(apr["actual"]) and np.isnan(apr["variance"])
    assert pd.isna(apr["favourable"]) and bool(apr["partial"])
    assert apr["note"] == "the actual data do not reach this period"
    assert not out.loc[out["period"] < "2025-04-01", "partial"].any()
    # the row of December 2024 is outside the budget's months
    assert pd.Timestamp("2024-12-01") not in set(out["period"])


def test_budget_vs_actual_cost_polarity_flips_favourable(constructor):
    higher = budget_vs_actual(constructor(sales()), constructor(plan()), by="shop")
    lower = budget_vs_actual(constructor(sales()), constructor(plan()), by="shop", polarity="lower")
    pd.testing.assert_series_equal(higher["variance"], lower["variance"])
    known = higher["variance"].notna() & (higher["variance"] != 0)
    assert (higher.loc[known, "favourable"] != lower.loc[known, "favourable"]).all()
    # a cost 20 over budget is unfavourable
    assert not bool(_row(lower, "North", "2025-01-01")["favourable"])


def test_budget_vs_actual_without_dimensions_and_quarterly():
    out = budget_vs_actual(sales(), plan(), freq="Q")
    # Q1 2025: actual 120+60+90+50+40+30 = 390, budget 100+80+100+0+40+50 = 370
    # Q2: only April's budget 180, no actual data yet
    assert list(out["period"]) == [pd.Timestamp("2025-01-01"), pd.Timestamp("2025-04-01")]
    assert out["actual"].iloc[0] == pytest.approx(390.0)
    assert out["budget"].iloc[0] == pytest.approx(370.0)
    assert out["variance_pct"].iloc[0] == pytest.approx(100 * 20 / 370)
    assert not out["partial"].iloc[0] and out["partial"].iloc[1]


def test_budget_vs_actual_partial_period_is_flagged():
    rows = sales()
    rows = rows[rows["date"] < "2025-03-15"]  # March only half covered
    out = budget_vs_actual(rows, plan(), by="shop")
    assert out.loc[out["period"] == "2025-03-01", "partial"].all()
    assert not out.loc[out["period"] == "2025-02-01", "partial"].any()


def test_budget_vs_actual_negative_budget_percentage_uses_its_size():
    actual = pd.DataFrame({"date": _ts(["2025-01-10"]), "profit": [-50.0]})
    budget = pd.DataFrame({"date": _ts(["2025-01-01"]), "profit": [-100.0]})
    out = budget_vs_actual(actual, budget, value="profit")
    # a loss of 50 against a budgeted loss of 100: +50, i.e. 50 % better than budget
    assert out["variance"].iloc[0] == 50.0
    assert out["variance_pct"].iloc[0] == pytest.approx(50.0)
    assert bool(out["favourable"].iloc[0])


def test_budget_vs_actual_mixed_engines_and_does_not_mutate():
    rows, budget = sales(), plan()
    before = rows.copy()
    a = budget_vs_actual(pl.from_pandas(rows), _duckdb(budget), by="shop")
    b = budget_vs_actual(rows, budget, by="shop")
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(rows, before)


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.sampled_from(["a", "b", "c"]), st.floats(0, 1e4, width=32)),
        min_size=1,
        max_size=30,
    ),
    st.lists(st.floats(1, 1e4, width=32), min_size=9, max_size=9),
)
def test_member_variances_add_up_to_the_total(rows, budgets):
    months = pd.date_range("2025-01-01", periods=3, freq="MS")
    actual = pd.DataFrame(
        {
            "date": _ts([months[m] + pd.Timedelta(days=3) for m, _, _ in rows]),
            "member": [k for _, k, _ in rows],
            "revenue": [float(v) for _, _, v in rows],
        }
    )
    # cover all three months so none is partial
    edges = pd.DataFrame(
        {"date": _ts(["2025-01-01", "2025-03-31"]), "member": ["a", "a"], "revenue": [0.0, 0.0]}
    )
    actual = pd.concat([actual, edges], ignore_index=True)
    budget = pd.DataFrame(
        {
            "date": _ts([m for m in months for _ in range(3)]),
            "member": ["a", "b", "c"] * 3,
            "revenue": budgets,
        }
    )
    by_member = budget_vs_actual(actual, budget, by="member")
    total = budget_vs_actual(actual, budget)
    summed = by_member.groupby("period")[["actual", "budget", "variance"]].sum()
    np.testing.assert_allclose(summed["actual"], total["actual"], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(summed["variance"], total["variance"], rtol=1e-9, atol=1e-6)
    assert (by_member["favourable"] == (by_member["variance"] >= 0)).all()


def test_budget_vs_actual_errors():
    rows, budget = sales(), plan()
    with pytest.raises(SmbkitError, match=r"budget_vs_actual: the value for `freq` must be one"):
        budget_vs_actual(rows, budget, freq="monthly")
    with pytest.raises(SmbkitError, match=r"`polarity` must be one of \['higher', 'lower'\]"):
        budget_vs_actual(rows, budget, polarity="up")
    with pytest.raises(SmbkitError, match=r"`by` must be a column name or a list"):
        budget_vs_actual(rows, budget, by=3)
    with pytest.raises(SmbkitError, match=r"`by` lists \['shop'\] more than once"):
        budget_vs_actual(rows, budget, by=["shop", "shop"])
    with pytest.raises(SmbkitError, match=r"`by` column\(s\) \['period'\] clash"):
        budget_vs_actual(rows.assign(period=1), budget.assign(period=1), by="period")
    with pytest.raises(DataError, match=r"column 'store' \(by=\) is not in budget"):
        budget_vs_actual(rows.assign(store="x"), budget, by="store")
    with pytest.raises(DataError, match=r"column 'revenue' \(value=\) in actual holds String"):
        budget_vs_actual(rows.assign(revenue="1"), budget)
    broken = rows.copy()
    broken.loc[3, "revenue"] = np.nan
    with pytest.raises(DataError, match=r"1 of 8 rows .* in actual have a missing value"):
        budget_vs_actual(broken, budget)
    with pytest.raises(DataError, match=r"column 'day' \(period=\) is not in actual"):
        budget_vs_actual(rows, budget, period="day")


# --------------------------------------------------------------------- price volume mix


def bakery_base() -> pd.DataFrame:
    """Base: croissants 800 at 4 = 3,200 and cakes 200 at 24 = 4,800; 1,000 units, 8,000."""
    return pd.DataFrame(
        {"product": ["croissant", "cake"], "quantity": [800, 200], "revenue": [3200.0, 4800.0]}
    )


def bakery_actual() -> pd.DataFrame:
    """Actual: croissants 990 at 4.50 = 4,455, cakes 110 at 25 = 2,750 (as three lines)."""
    return pd.DataFrame(
        {
            "product": ["croissant", "cake", "croissant"],
            "quantity": [500, 110, 490],
            "revenue": [2250.0, 2750.0, 2205.0],
        }
    )


def test_price_volume_mix_by_hand(constructor):
    # Q0 = 1,000, Q1 = 1,100, base average price 8,000 / 1,000 = 8.
    # volume = (1,100 - 1,000) x 8 = 800
    # mix    = sum q1 p0 - Q1 x 8 = (990 x 4 + 110 x 24) - 8,800 = 6,600 - 8,800 = -2,200
    # price  = 990 x 0.50 + 110 x 1 = 605;   gap = 7,205 - 8,000 = -795 = 800 - 2,200 + 605
    pvm = price_volume_mix(
        constructor(bakery_base()), constructor(bakery_actual()), revenue="revenue"
    )
    assert isinstance(pvm, PriceVolumeMix)
    assert pvm.effects == pytest.approx(
        {
            "volume": 800.0,
            "mix": -2200.0,
            "price": 605.0,
            "new items": 0.0,
            "discontinued items": 0.0,
        }
    )
    assert pvm.gap == pytest.approx(-795.0)
    assert pvm.base_revenue == 8000.0 and pvm.actual_revenue == pytest.approx(7205.0)
    assert pvm.average_price_base == pytest.approx(8.0)
    items = pvm.by_item.set_index("item")
    # per item: volume = revenue_base x (Q1/Q0 - 1) = 10 %; mix = (q1 - Q1 q0 / Q0) p0
    assert items.loc["croissant", "volume_effect"] == pytest.approx(320.0)
    assert items.loc["cake", "volume_effect"] == pytest.approx(480.0)
    assert items.loc["croissant", "mix_effect"] == pytest.approx((990 - 880) * 4)
    assert items.loc["cake", "mix_effect"] == pytest.approx((110 - 220) * 24)
    assert items.loc["croissant", "price_effect"] == pytest.approx(495.0)
    assert items.loc["cake", "price_actual"] == pytest.approx(25.0)
    assert (items["status"] == "continuing").all()
    # sorted by the size of the change: cakes fell 2,050, croissants rose 1,255
    assert list(pvm.by_item["item"]) == ["cake", "croissant"]
    effects = ["volume_effect", "mix_effect", "price_effect", "new_effect", "discontinued_effect"]
    np.testing.assert_allclose(items[effects].sum(axis=1), items["change"], atol=1e-9)


def test_price_volume_mix_bridge_is_a_waterfall():
    pvm = price_volume_mix(bakery_base(), bakery_actual(), revenue="revenue")
    bridge = pvm.bridge
    assert list(bridge["step"]) == list(PVM_STEPS)
    assert list(bridge["kind"]) == ["total"] + ["effect"] * 5 + ["total"]
    np.testing.assert_allclose(bridge["amount"], [8000, 800, -2200, 605, 0, 0, 7205], atol=1e-9)
    effect = bridge[bridge["kind"] == "effect"]
    np.testing.assert_allclose(effect["end"] - effect["start"], effect["amount"], atol=1e-9)
    np.testing.assert_allclose(bridge["start"].iloc[1:6], bridge["end"].iloc[:5], atol=1e-9)
    assert bridge["end"].iloc[5] == pytest.approx(bridge["amount"].iloc[6])


def test_price_volume_mix_textbook_sales_margin_example():
    # The "Milano Company" example of sales margin mix and quantity variances (as in
    # C. Drury, Management and Cost Accounting): budget X 8,000 units at 20 contribution
    # per unit, Y 7,000 at 12, Z 5,000 at 9 (289,000); actual X 6,000, Y 7,000, Z 9,000 at
    # the same margins (285,000). Published: total sales margin variance 4,000 adverse, no
    # price variance. The quantity / mix split, worked by hand with the textbook convention
    # and the budgeted average margin 289,000 / 20,000 = 14.45:
    # quantity = (22,000 - 20,000) x 14.45 = 28,900 F; mix = 285,000 - 22,000 x 14.45
    # = -32,900 (32,900 A).
    budget = pd.DataFrame(
        {"product": ["X", "Y", "Z"], "units": [8000, 7000, 5000], "margin": [20.0, 12.0, 9.0]}
    )
    actual = budget.assign(units=[6000, 7000, 9000])
    pvm = price_volume_mix(budget, actual, quantity="units", price="margin")
    assert pvm.gap == pytest.approx(-4000.0)
    assert pvm.effects["volume"] == pytest.approx(28900.0)
    assert pvm.effects["mix"] == pytest.approx(-32900.0)
    assert pvm.effects["price"] == pytest.approx(0.0, abs=1e-9)


def test_price_volume_mix_acca_sales_quantity_contribution_variance():
    # Kaplan Publishing, ACCA Performance Management (PM) Integrated Workbook 2018-19,
    # chapter 10, example 6 (a furniture maker): budget tables 8,000, chairs 26,000,
    # sideboards 6,000 at budgeted contributions per unit of 760, 94 and 940 (price less
    # material, labour and variable overhead); actual 7,200, 31,000 and 7,800 units.
    # Published: weighted average budgeted contribution 14,164,000 / 40,000 = 354.10 and a
    # sales quantity contribution variance of (46,000 - 40,000) x 354.10 = 2,124,600 F.
    # Mix, by hand: 7,200 x 760 + 31,000 x 94 + 7,800 x 940 - 46,000 x 354.10 = -570,600.
    budget = pd.DataFrame(
        {
            "product": ["tables", "chairs", "sideboards"],
            "units": [8000, 26000, 6000],
            "contribution": [760.0, 94.0, 940.0],
        }
    )
    actual = budget.assign(units=[7200, 31000, 7800])
    pvm = price_volume_mix(budget, actual, quantity="units", price="contribution")
    assert pvm.average_price_base == pytest.approx(354.10)
    assert pvm.effects["volume"] == pytest.approx(2_124_600.0)
    assert pvm.effects["mix"] == pytest.approx(-570_600.0)


def test_price_volume_mix_new_and_discontinued_items_are_reported(constructor):
    base = pd.concat(
        [
            bakery_base(),
            pd.DataFrame({"product": ["muffin"], "quantity": [100], "revenue": [300.0]}),
        ],
        ignore_index=True,
    )
    actual = pd.concat(
        [
            bakery_actual(),
            pd.DataFrame({"product": ["tart"], "quantity": [50], "revenue": [300.0]}),
        ],
        ignore_index=True,
    )
    pvm = price_volume_mix(constructor(base), constructor(actual), revenue="revenue")
    # continuing items give the same split as before; the tart adds 300, the muffin takes 300
    assert pvm.effects == pytest.approx(
        {
            "volume": 800.0,
            "mix": -2200.0,
            "price": 605.0,
            "new items": 300.0,
            "discontinued items": -300.0,
        }
    )
    assert pvm.new_items == ("tart",) and pvm.discontinued_items == ("muffin",)
    items = pvm.by_item.set_index("item")
    assert items.loc["tart", "status"] == "new" and items.loc["muffin", "status"] == "discontinued"
    assert np.isnan(items.loc["tart", "price_base"]) and np.isnan(
        items.loc["muffin", "price_actual"]
    )
    assert items.loc["tart", "volume_effect"] == 0.0 and items.loc["tart", "new_effect"] == 300.0
    assert sum(pvm.effects.values()) == pytest.approx(pvm.gap)
    assert pvm.gap == pytest.approx(7505.0 - 8300.0)


def test_price_volume_mix_item_not_sold_in_either_period():
    base = pd.concat(
        [bakery_base(), pd.DataFrame({"product": ["scone"], "quantity": [0], "revenue": [0.0]})],
        ignore_index=True,
    )
    pvm = price_volume_mix(base, bakery_actual(), revenue="revenue")
    scone = pvm.by_item.set_index("item").loc["scone"]
    assert scone["status"] == "not sold" and scone["change"] == 0.0
    assert pvm.effects["volume"] == pytest.approx(800.0)


def test_price_volume_mix_price_column_equals_revenue_column():
    lines_base = bakery_base().assign(unit_price=[4.0, 24.0])
    lines_actual = bakery_actual().assign(unit_price=[4.5, 25.0, 4.5])
    by_price = price_volume_mix(lines_base, lines_actual, price="unit_price")
    by_revenue = price_volume_mix(lines_base, lines_actual, revenue="revenue")
    assert by_price.effects == pytest.approx(by_revenue.effects)


finite_q = st.integers(1, 500)
finite_p = st.floats(0.5, 100, allow_nan=False, width=32)


@st.composite
def two_periods(draw):
    n = draw(st.integers(1, 6))
    base = pd.DataFrame(
        {
            "product": [f"p{i}" for i in range(n)],
            "quantity": draw(st.lists(finite_q, min_size=n, max_size=n)),
            "unit_price": [float(x) for x in draw(st.lists(finite_p, min_size=n, max_size=n))],
        }
    )
    actual = base.assign(
        quantity=draw(st.lists(finite_q, min_size=n, max_size=n)),
        unit_price=[float(x) for x in draw(st.lists(finite_p, min_size=n, max_size=n))],
    )
    # sometimes drop an item from one period (new or discontinued), never all of them
    if n > 1 and draw(st.booleans()):
        base = base.iloc[1:]
    if n > 2 and draw(st.booleans()):
        actual = actual.iloc[:-1]
    return base.reset_index(drop=True), actual.reset_index(drop=True)


@settings(max_examples=60)
@given(two_periods())
def test_effects_always_sum_to_the_gap(periods):
    base, actual = periods
    pvm = price_volume_mix(base, actual, price="unit_price")
    gap = (actual["quantity"] * actual["unit_price"]).sum() - (
        base["quantity"] * base["unit_price"]
    ).sum()
    assert sum(pvm.effects.values()) == pytest.approx(gap, rel=1e-9, abs=1e-6)
    assert pvm.bridge["end"].iloc[-2] == pytest.approx(pvm.actual_revenue, rel=1e-9, abs=1e-6)


@settings(max_examples=60)
@given(two_periods(), st.floats(0.5, 3.0))
def test_scaling_actual_prices_changes_only_the_price_effect(periods, k):
    base, actual = periods
    before = price_volume_mix(base, actual, price="unit_price")
    after = price_volume_mix(
        base, actual.assign(unit_price=actual["unit_price"] * k), price="unit_price"
    )
    assert after.effects["volume"] == pytest.approx(before.effects["volume"], rel=1e-9, abs=1e-6)
    assert after.effects["mix"] == pytest.approx(before.effects["mix"], rel=1e-9, abs=1e-6)
    assert after.effects["discontinued items"] == pytest.approx(
        before.effects["discontinued items"], rel=1e-9, abs=1e-6
    )
    # new items have no base price: their revenue scales with k
    assert after.effects["new items"] == pytest.approx(
        k * before.effects["new items"], rel=1e-9, abs=1e-6
    )


@settings(max_examples=60)
@given(two_periods(), st.floats(0.5, 3.0))
def test_scaling_every_price_scales_every_effect(periods, k):
    base, actual = periods
    before = price_volume_mix(base, actual, price="unit_price")
    after = price_volume_mix(
        base.assign(unit_price=base["unit_price"] * k),
        actual.assign(unit_price=actual["unit_price"] * k),
        price="unit_price",
    )
    for name, value in before.effects.items():
        assert after.effects[name] == pytest.approx(k * value, rel=1e-9, abs=1e-6)


@settings(max_examples=60)
@given(two_periods(), st.integers(1, 5))
def test_same_mix_and_prices_is_pure_volume(periods, c):
    base, _ = periods
    actual = base.assign(quantity=base["quantity"] * c)
    pvm = price_volume_mix(base, actual, price="unit_price")
    assert pvm.effects["mix"] == pytest.approx(0.0, abs=1e-6 * max(1.0, abs(pvm.gap)))
    assert pvm.effects["price"] == pytest.approx(0.0, abs=1e-6 * max(1.0, abs(pvm.gap)))
    assert pvm.effects["volume"] == pytest.approx(pvm.gap, rel=1e-9, abs=1e-6)


@settings(max_examples=30)
@given(two_periods(), st.randoms(use_true_random=False))
def test_row_order_changes_nothing(periods, rnd):
    base, actual = periods
    order = list(range(len(actual)))
    rnd.shuffle(order)
    a = price_volume_mix(base, actual, price="unit_price")
    b = price_volume_mix(base, actual.iloc[order], price="unit_price")
    assert a.effects == pytest.approx(b.effects, rel=1e-12, abs=1e-9)


def test_price_volume_mix_errors():
    base, actual = bakery_base(), bakery_actual()
    with pytest.raises(SmbkitError, match=r"give exactly one of `revenue` .* and `price`"):
        price_volume_mix(base, actual)
    with pytest.raises(SmbkitError, match=r"revenue='revenue' and price='p' were passed"):
        price_volume_mix(base, actual, revenue="revenue", price="p")
    with pytest.raises(DataError, match=r"column 'sku' \(item=\) is not in data_base"):
        price_volume_mix(base, actual, item="sku", revenue="revenue")
    with pytest.raises(DataError, match=r"column 'quantity' \(quantity=\) in data_actual holds"):
        price_volume_mix(base, actual.assign(quantity="1"), revenue="revenue")
    returns = actual.assign(quantity=[-600, 110, 10])
    with pytest.raises(
        DataError,
        match=r"1 item\(s\) in data_actual have a negative total "
        r"quantity \(first: 'croissant', -590\)",
    ):
        price_volume_mix(base, returns, revenue="revenue")
    free = base.assign(quantity=[0, 200])
    with pytest.raises(
        DataError,
        match=r"revenue but a total quantity of 0 \(first: "
        r"'croissant', revenue 3200\)",
    ):
        price_volume_mix(free, actual, revenue="revenue")
    unnamed = base.assign(product=["croissant", None])
    with pytest.raises(
        DataError,
        match=r"1 of 2 rows .* in data_base have a missing value "
        r"\(column 'product', item=\) \(first: row 1\)",
    ):
        price_volume_mix(unnamed, actual, revenue="revenue")
    nan_polars = pl.from_pandas(actual).with_columns(
        pl.Series("quantity", [500.0, float("nan"), 490.0])
    )
    for engine in (nan_polars, nan_polars.lazy(), _duckdb(nan_polars.to_pandas())):
        with pytest.raises(
            DataError,
            match=r"1 of 3 rows .* in data_actual have a missing "
            r"value \(column 'quantity', quantity=\)",
        ):
            price_volume_mix(base, engine, revenue="revenue")
    with pytest.raises(DataError, match=r"data_actual must be a table"):
        price_volume_mix(base, [1, 2], revenue="revenue")
    with pytest.raises(DataError, match=r"data_base has no rows"):
        price_volume_mix(base.iloc[:0], actual, revenue="revenue")


# --------------------------------------------------------------------------- drill down


def shop_rows(revenue) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "shop": ["North", "North", "South", "South"],
            "channel": ["store", "online", "store", "online"],
            "revenue": revenue,
        }
    )


def test_drill_down_by_hand(constructor):
    # base: North 100 + 20, South 80 + 0   -> 200
    # now:  North  70 + 30, South 85 + 5   -> 190, gap -10
    # shop:    North -20 (200 %), South +10 (-100 %)
    # channel: store -25 (250 %), online +15 (-150 %)
    base = constructor(shop_rows([100.0, 20.0, 80.0, 0.0]))
    now = constructor(shop_rows([70.0, 30.0, 85.0, 5.0]))
    out = drill_down(base, now, dimensions=["shop", "channel"])
    assert list(out.columns) == [
        "dimension",
        "member",
        "base",
        "actual",
        "change",
        "share_of_gap_pct",
        "rank",
        "presence",
        "note",
    ]
    # channel first: its top member carries 250 % of the gap, the top shop 200 %
    assert list(out["dimension"]) == ["channel", "channel", "shop", "shop"]
    assert list(out["member"]) == ["store", "online", "North", "South"]
    np.testing.assert_allclose(out["change"], [-25.0, 15.0, -20.0, 10.0])
    np.testing.assert_allclose(out["share_of_gap_pct"], [250.0, -150.0, 200.0, -100.0])
    assert list(out["rank"]) == [1, 2, 1, 2]
    assert out.groupby("dimension")["share_of_gap_pct"].sum().to_numpy() == pytest.approx(
        [100.0, 100.0]
    )
    assert out["note"].isna().all()


def test_drill_down_growth_ranks_the_biggest_rise_first_and_reports_presence():
    base = pd.DataFrame({"product": ["bread", "cake"], "revenue": [50.0, 50.0]})
    now = pd.DataFrame({"product": ["bread", "platter", "cake"], "revenue": [60.0, 30.0, 45.0]})
    out = drill_down(base, now, dimensions="product")
    # gap +35: platter +30 (new), bread +10, cake -5
    assert list(out["member"]) == ["platter", "bread", "cake"]
    assert list(out["presence"]) == ["only in actual", "both", "both"]
    assert out["base"].iloc[0] == 0.0
    np.testing.assert_allclose(
        out["share_of_gap_pct"], [100 * 30 / 35, 100 * 10 / 35, -100 * 5 / 35]
    )
    gone = drill_down(now, base, dimensions="product")
    assert gone.set_index("member").loc["platter", "presence"] == "only in base"


def test_drill_down_without_a_gap_has_no_shares():
    base = shop_rows([10.0, 10.0, 10.0, 10.0])
    now = shop_rows([15.0, 5.0, 10.0, 10.0])
    out = drill_down(base, now, dimensions=["shop", "channel"])
    assert out["share_of_gap_pct"].isna().all()
    assert out["note"].str.startswith("no gap").all()
    # ranked by the size of the change: channel store/online +-5 before shop 0/0
    assert list(out["dimension"]) == ["channel", "channel", "shop", "shop"]


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(st.sampled_from("abc"), st.sampled_from("xy"), st.floats(0, 1e4, width=32)),
        min_size=1,
        max_size=20,
    ),
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz"), st.floats(0, 1e4, width=32)),
        min_size=1,
        max_size=20,
    ),
)
def test_every_dimension_splits_the_whole_gap(base_rows, actual_rows):
    def frame(rows):
        return pd.DataFrame(
            {
                "shop": [r[0] for r in rows],
                "channel": [r[1] for r in rows],
                "revenue": [float(r[2]) for r in rows],
            }
        )

    base, now = frame(base_rows), frame(actual_rows)
    gap = now["revenue"].sum() - base["revenue"].sum()
    out = drill_down(base, now, dimensions=["shop", "channel"])
    sums = out.groupby("dimension")["change"].sum()
    np.testing.assert_allclose(sums.to_numpy(), [gap, gap], rtol=1e-9, atol=1e-6)
    for _, group in out.groupby("dimension"):
        assert list(group["rank"]) == list(range(1, len(group) + 1))


def test_drill_down_errors():
    base = shop_rows([1.0, 2.0, 3.0, 4.0])
    with pytest.raises(SmbkitError, match=r"drill_down: `dimensions` must be a column name"):
        drill_down(base, base, dimensions=[])
    with pytest.raises(SmbkitError, match=r"every entry of `dimensions` must be a column name"):
        drill_down(base, base, dimensions=["shop", 2])
    with pytest.raises(DataError, match=r"column 'region' \(dimensions=\) is not in data_base"):
        drill_down(base, base, dimensions=["shop", "region"])
    holes = base.assign(channel=["store", None, "store", "online"])
    with pytest.raises(
        DataError,
        match=r"in data_actual have a missing value \(column "
        r"'channel', dimensions_1=\)",
    ):
        drill_down(base, holes, dimensions=["shop", "channel"])
    with pytest.raises(DataError, match=r"column 'sales' \(value=\) is not in data_base"):
        drill_down(base, base, dimensions="shop", value="sales")


# ---------------------------------------------------------------------- trend or one-off


def _series(values):
    return pd.DataFrame(
        {"period": pd.date_range("2024-01-01", periods=len(values), freq="MS"), "v": values}
    )


def test_trend_or_one_off_by_hand():
    # window 3. t=3: band from 10, 12, 11: mean 11, mean moving range (2 + 1) / 2 = 1.5,
    # so 11 +- 3.99 = [7.01, 14.99]; 30 is above, and 11 next month is back: one-off.
    # t=7: band from 11, 12, 11: 11.33 +- 2.66; 30 above and 31 next stays above: persistent.
    # t=9: band from 11, 30, 31 (t=6..8): 24 +- 2.66 x 10, so 29 is within band.
    # t=10 (last): band from 30, 31, 29: 30 +- 3.99; 90 is above, nothing after it yet:
    # too early to tell.
    values = [10.0, 12.0, 11.0, 30.0, 11.0, 12.0, 11.0, 30.0, 31.0, 29.0, 90.0]
    out = trend_or_one_off(_series(values), value="v", window=3)
    assert list(out.columns) == [
        "period",
        "value",
        "centre",
        "lower",
        "upper",
        "outside",
        "verdict",
    ]
    assert list(out["verdict"][:3]) == ["not enough history"] * 3
    assert out["centre"].iloc[3] == pytest.approx(11.0)
    assert out["lower"].iloc[3] == pytest.approx(11 - 2.66 * 1.5)
    assert out["upper"].iloc[3] == pytest.approx(11 + 2.66 * 1.5)
    assert out["verdict"].iloc[3] == "one-off" and bool(out["outside"].iloc[3])
    assert out["verdict"].iloc[4] == "within band"
    assert out["upper"].iloc[7] == pytest.approx(34 / 3 + 2.66 * 1.0)
    assert out["verdict"].iloc[7] == "persistent"
    assert out["verdict"].iloc[10] == "too early to tell"
    assert set(out["verdict"]) <= set(TREND_VERDICTS)


def test_trend_or_one_off_trend_and_persist():
    # t=7 (value 4): band from 1, 2, 3: mean 2, mean moving range 1 -> [-0.66, 4.66],
    # inside; but 1, 2, 3, 4 rose four times in a row (run=4): a trend.
    out = trend_or_one_off(
        _series([0.0, 10.0, 0.0, 10.0, 1.0, 2.0, 3.0, 4.0]), value="v", window=3, run=4
    )
    assert out["verdict"].iloc[7] == "trend"
    assert (out["verdict"].iloc[3:7] == "within band").all()
    # with persist=2 a jump must stay out two more periods; here it returns on the second
    values = [10.0, 12.0, 11.0, 30.0, 31.0, 11.0, 11.0]
    one = trend_or_one_off(_series(values), value="v", window=3, persist=1)
    two = trend_or_one_off(_series(values), value="v", window=3, persist=2)
    assert one["verdict"].iloc[3] == "persistent"
    assert two["verdict"].iloc[3] == "one-off"
    # a jump that flips to the other side next period does not persist
    flip = trend_or_one_off(_series([10.0, 12.0, 11.0, 30.0, -10.0, 11.0]), value="v", window=3)
    assert flip["verdict"].iloc[3] == "one-off"


def test_trend_or_one_off_sorts_by_period_and_takes_budget_vs_actual():
    table = budget_vs_actual(sales(), plan(), by="shop")
    north = table[(table["shop"] == "North") & table["actual"].notna()]
    out = trend_or_one_off(north.iloc[::-1], window=2)
    assert list(out["period"]) == sorted(north["period"])
    np.testing.assert_allclose(out["value"], [20.0, -10.0, 10.0])


def test_trend_or_one_off_errors():
    good = _series([1.0, 2.0, 3.0])
    with pytest.raises(SmbkitError, match=r"`data` must be a pandas DataFrame"):
        trend_or_one_off(pl.from_pandas(good), value="v")
    with pytest.raises(SmbkitError, match=r"`window` must be a whole number >= 2, but 1"):
        trend_or_one_off(good, value="v", window=1)
    with pytest.raises(SmbkitError, match=r"`persist` must be a whole number >= 1"):
        trend_or_one_off(good, value="v", persist=0)
    with pytest.raises(SmbkitError, match=r"`run` must be a whole number >= 3, but True"):
        trend_or_one_off(good, value="v", run=True)
    with pytest.raises(DataError, match=r"column 'variance' \(value=\) is not in data"):
        trend_or_one_off(good)
    with pytest.raises(DataError, match=r"column 'v' \(value=\) must hold numbers"):
        trend_or_one_off(good.assign(v=["a", "b", "c"]), value="v")
    with pytest.raises(
        DataError,
        match=r"1 of 3 rows .* have no finite value in column 'v' "
        r"\(first: row 1, value nan\); .* judge `variance` instead",
    ):
        trend_or_one_off(good.assign(v=[1.0, np.nan, 3.0]), value="v")
    twice = pd.concat([good, good.iloc[:1]], ignore_index=True)
    with pytest.raises(
        DataError,
        match=r"1 of 4 rows .* repeat an earlier period .* filter "
        r"to one member",
    ):
        trend_or_one_off(twice, value="v")
