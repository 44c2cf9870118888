"""Exact values of every KPI on the hand-made fixtures (tests/kpi_fixtures.py), on every engine.

The expected numbers are worked out by hand in kpi_fixtures.py; each test runs on pandas,
polars (eager and lazy) and DuckDB through the ``constructor`` fixture, in the manner of
narwhals' own test suite.
"""

from __future__ import annotations

import duckdb
import kpi_fixtures as fx
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from smbkit import kpis

NAN = float("nan")
JAN, FEB, MAR = pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01"), pd.Timestamp("2024-03-01")
DEC = pd.Timestamp("2023-12-01")


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
    """Turn a pandas fixture table into the engine under test."""
    return CONSTRUCTORS[request.param]


def check(result: pd.DataFrame, periods, values, notes=None) -> None:
    """Assert the tidy KPI frame has exactly these periods, values and (optionally) notes."""
    assert list(result.columns) == ["period", "value", "note"]
    assert result["period"].dtype == "datetime64[ns]"
    assert result["value"].dtype == "float64"
    assert list(result["period"]) == [pd.Timestamp(p) for p in periods]
    np.testing.assert_allclose(result["value"].to_numpy(), np.array(values, float), rtol=1e-12)
    if notes is not None:
        got = [None if pd.isna(n) else n for n in result["note"]]
        for g, expected in zip(got, notes, strict=True):
            if expected is None:
                assert g is None
            else:
                assert expected in g


# --- sales -------------------------------------------------------------------------------


def test_revenue_monthly(constructor):
    # Net revenue = revenue - refunded: 100 - 10, 140 - 15, 210 - 5 (see kpi_fixtures).
    out = kpis.revenue(constructor(fx.orders()))
    check(out, [JAN, FEB, MAR], [90, 125, 205], [None, None, None])


def test_revenue_quarterly_and_yearly(constructor):
    data = constructor(fx.orders())
    check(kpis.revenue(data, freq="Q"), [JAN], [420])
    check(kpis.revenue(data, freq="Y"), [JAN], [420])


def test_revenue_weekly_has_the_empty_week(constructor):
    # Weeks start on Monday: O01 (Wed 3 Jan) is in the week of Mon 1 Jan, and the week of
    # 5 Feb has no order (revenue 0, noted).
    out = kpis.revenue(constructor(fx.orders()), freq="W")
    assert len(out) == 13
    assert out["period"].iloc[0] == pd.Timestamp("2024-01-01")
    assert (out["period"].dt.day_of_week == 0).all()
    empty = out[out["period"] == pd.Timestamp("2024-02-05")]
    assert empty["value"].item() == 0.0
    assert empty["note"].item() == "no orders in period"
    # Week of 26 Feb holds O08 (Fri 1 Mar): 35.
    assert out.loc[out["period"] == pd.Timestamp("2024-02-26"), "value"].item() == 35.0
    assert out["value"].sum() == 420.0


def test_revenue_growth(constructor):
    # (125 - 90) / 90 = 38.88..%, (205 - 125) / 125 = 64 %.
    out = kpis.revenue_growth(constructor(fx.orders()))
    check(
        out,
        [JAN, FEB, MAR],
        [NAN, 100 * 35 / 90, 64.0],
        ["previous period is not in the data", None, None],
    )


def test_revenue_growth_after_an_empty_period_is_nan(constructor):
    data = fx.orders()
    data = data[data["date"].dt.month != 2].reset_index(drop=True)
    out = kpis.revenue_growth(constructor(data))
    check(
        out,
        [JAN, FEB, MAR],
        [NAN, -100.0, NAN],
        ["previous period is not in the data", None, "comparison period is zero: growth undefined"],
    )


def test_revenue_growth_yoy(constructor):
    # March 2023: 80; March 2024: 100 -> +25 %. Weekly: 2024-03-04 vs 364 days before
    # (2023-03-06), both Mondays.
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-03-06", "2023-03-31", "2024-03-04", "2024-03-29"]),
            "revenue": [50.0, 30.0, 60.0, 40.0],
            "refunded": [0.0, 0.0, 0.0, 0.0],
        }
    )
    monthly = kpis.revenue_growth_yoy(constructor(data))
    assert monthly["value"].iloc[-1] == pytest.approx(25.0)
    assert monthly["note"].iloc[0] == "the same period a year earlier is not in the data"
    assert monthly["value"].iloc[:12].isna().all()
    weekly = kpis.revenue_growth_yoy(constructor(data), freq="W")
    row = weekly[weekly["period"] == pd.Timestamp("2024-03-04")]
    assert row["value"].item() == pytest.approx(20.0)  # 60 vs 50


def test_orders(constructor):
    check(kpis.orders(constructor(fx.orders())), [JAN, FEB, MAR], [4, 3, 5])


def test_average_order_value(constructor):
    # 90 / 4, 125 / 3, 205 / 5.
    out = kpis.average_order_value(constructor(fx.orders()))
    check(out, [JAN, FEB, MAR], [22.5, 125 / 3, 41.0])


def test_average_order_value_zero_orders_is_nan_with_reason(constructor):
    out = kpis.average_order_value(constructor(fx.orders()), freq="W")
    row = out[out["period"] == pd.Timestamp("2024-02-05")]
    assert np.isnan(row["value"].item())
    assert row["note"].item() == "no orders in period: denominator is zero"
    assert out["note"].notna().sum() == 1


def test_gross_profit_and_margin(constructor):
    data = constructor(fx.orders())
    check(kpis.gross_profit(data), [JAN, FEB, MAR], [50, 69, 113])
    check(
        kpis.gross_margin(data), [JAN, FEB, MAR], [100 * 50 / 90, 100 * 69 / 125, 100 * 113 / 205]
    )
    check(kpis.gross_margin(data, freq="Q"), [JAN], [100 * 232 / 420])


def test_gross_margin_zero_net_revenue_is_nan(constructor):
    # One fully refunded order: net revenue 0.
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-05-02"]),
            "revenue": [10.0],
            "refunded": [10.0],
            "cost": [4.0],
        }
    )
    check(
        kpis.gross_margin(constructor(data)),
        ["2024-05-01"],
        [NAN],
        ["net revenue in period is zero: denominator is zero"],
    )


def test_discount_and_refund_rates(constructor):
    data = constructor(fx.orders())
    # Discount over list-price value (revenue + discount): 5/105, 10/150, 5/215.
    check(kpis.discount_rate(data), [JAN, FEB, MAR], [100 * 5 / 105, 100 * 10 / 150, 100 * 5 / 215])
    # Refunded over revenue: 10/100, 15/140, 5/210.
    check(kpis.refund_rate(data), [JAN, FEB, MAR], [10.0, 100 * 15 / 140, 100 * 5 / 210])


def test_custom_column_names(constructor):
    data = fx.orders().rename(columns={"date": "when", "revenue": "sales", "refunded": "back"})
    out = kpis.revenue(constructor(data), date="when", revenue="sales", refunded="back")
    check(out, [JAN, FEB, MAR], [90, 125, 205])


def test_text_dates_are_read(constructor):
    data = fx.orders()
    data["date"] = data["date"].dt.strftime("%Y-%m-%d %H:%M:%S").astype("str")
    check(kpis.revenue(constructor(data)), [JAN, FEB, MAR], [90, 125, 205])


# --- customers -----------------------------------------------------------------------------


def test_active_and_new_customers(constructor):
    data = constructor(fx.orders())
    # Guests (O03, O07) excluded: Jan {A, B}, Feb {B, C}, Mar {A, B, C, D}.
    check(kpis.active_customers(data), [JAN, FEB, MAR], [2, 2, 4])
    check(kpis.active_customers(data, freq="Q"), [JAN], [4])
    check(
        kpis.new_customers(data),
        [JAN, FEB, MAR],
        [2, 1, 1],
        ["every customer counts as new", None, None],
    )


def test_repeat_purchase_rate(constructor):
    data = constructor(fx.orders())
    # Jan: A ordered twice of {A, B}; Feb: nobody twice; Mar: D twice of 4.
    check(kpis.repeat_purchase_rate(data), [JAN, FEB, MAR], [50.0, 0.0, 25.0])
    # Over the quarter every identified customer ordered at least twice.
    check(kpis.repeat_purchase_rate(data, freq="Q"), [JAN], [100.0])


def test_retention_and_churn(constructor):
    data = constructor(fx.orders())
    # Feb: |{A,B} & {B,C}| / |{A,B}| = 1/2; Mar: |{B,C} & {A,B,C,D}| / 2 = 2/2.
    check(
        kpis.retention_rate(data),
        [JAN, FEB, MAR],
        [NAN, 50.0, 100.0],
        ["previous period is not in the data", None, None],
    )
    check(kpis.churn_rate(data), [JAN, FEB, MAR], [NAN, 50.0, 0.0])


def test_retention_without_identified_customers_before_is_nan(constructor):
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-03-05"]),
            "customer_id": pd.Series([None, "A", "A"], dtype="str"),
        }
    )
    check(
        kpis.retention_rate(constructor(data)),
        [JAN, FEB, MAR],
        [NAN, NAN, 100.0],
        [
            "previous period is not in the data",
            "no identified customers in the previous period: denominator is zero",
            None,
        ],
    )
    check(
        kpis.repeat_purchase_rate(constructor(data)),
        [JAN, FEB, MAR],
        [NAN, 0.0, 0.0],
        ["no identified customers in period: denominator is zero", None, None],
    )


def test_cac(constructor):
    # Spend 100, 30, 100 over new customers 2, 1, 1.
    out = kpis.cac(constructor(fx.marketing()), constructor(fx.orders()))
    check(out, [JAN, FEB, MAR], [50.0, 30.0, 100.0], ["CAC is understated", None, None])


def test_cac_without_new_customers_is_nan(constructor):
    orders = fx.orders()
    orders = orders[orders["customer_id"].isin(["A", "B"])].reset_index(drop=True)
    out = kpis.cac(constructor(fx.marketing()), constructor(orders))
    check(
        out,
        [JAN, FEB, MAR],
        [50.0, NAN, NAN],
        [
            "CAC is understated",
            "no new customers in period: denominator is zero",
            "no new customers in period: denominator is zero",
        ],
    )


# --- experience and web --------------------------------------------------------------------


def test_conversion_rate(constructor):
    check(
        kpis.conversion_rate(constructor(fx.web())),
        [JAN, FEB, MAR],
        [2.5, 5.0, NAN],
        [None, None, "no web sessions in period: denominator is zero"],
    )


def test_nps(constructor):
    data = constructor(fx.surveys())
    check(kpis.nps(data), [JAN, FEB, MAR], [0.0, 75.0, -100.0])
    # Quarter: 5 promoters, 4 detractors, 11 responses.
    check(kpis.nps(data, freq="Q"), [JAN], [100 * 1 / 11])


def test_nps_reichheld_definition(constructor):
    # Reichheld (2003), "The One Number You Need to Grow", HBR 81(12): NPS is the percentage
    # of promoters (9-10) minus the percentage of detractors (0-6); passives (7-8) count
    # only in the base. 60 promoters, 30 passives, 10 detractors -> 60 % - 10 % = 50.
    scores = [10] * 30 + [9] * 30 + [8] * 15 + [7] * 15 + [6] * 5 + [0] * 5
    data = pd.DataFrame({"date": pd.to_datetime(["2024-06-03"] * 100), "nps_score": scores})
    check(kpis.nps(constructor(data)), ["2024-06-01"], [50.0])


def test_csat(constructor):
    data = constructor(fx.surveys())
    check(kpis.csat(data), [JAN, FEB, MAR], [40.0, 100.0, 0.0])
    check(kpis.csat(data, freq="Y"), [JAN], [100 * 6 / 11])


def test_survey_period_without_responses_is_nan(constructor):
    data = pd.DataFrame(
        {
            "date": pd.to_datetime(["2024-01-02", "2024-03-30"]),
            "nps_score": [10, 0],
            "csat_score": [5, 1],
        }
    )
    check(
        kpis.nps(constructor(data)),
        [JAN, FEB, MAR],
        [100.0, NAN, -100.0],
        [None, "no survey responses in period: denominator is zero", None],
    )


# --- finance -------------------------------------------------------------------------------


def test_net_margin(constructor):
    data = constructor(fx.financials())
    check(
        kpis.net_margin(data),
        [DEC, JAN, FEB, MAR],
        [10.0, 10.0, -5.0, NAN],
        [None, None, None, "revenue in period is zero: denominator is zero"],
    )
    # Flows sum over the quarter: 36 / 2400.
    check(kpis.net_margin(data, freq="Q"), ["2023-10-01", JAN], [10.0, 1.5])


def test_inventory_turnover(constructor):
    data = constructor(fx.financials())
    check(
        kpis.inventory_turnover(data),
        [DEC, JAN, FEB, MAR],
        [NAN, 496 / 120, 4.0, 0.0],
        ["no opening balance", None, None, None],
    )
    # Q1: COGS 1076 over (100 + 150) / 2.
    check(kpis.inventory_turnover(data, freq="Q"), ["2023-10-01", JAN], [NAN, 1076 / 125])


def test_days_ratios(constructor):
    data = constructor(fx.financials())
    zero_rev = "revenue in period is zero: denominator is zero"
    zero_cogs = "cogs in period is zero: denominator is zero"
    check(
        kpis.dso(data),
        [DEC, JAN, FEB, MAR],
        [NAN, 5.0, 7.5, NAN],
        ["no opening balance", None, None, zero_rev],
    )
    check(
        kpis.dio(data),
        [DEC, JAN, FEB, MAR],
        [NAN, 7.5, 7.25, NAN],
        ["no opening balance", None, None, zero_cogs],
    )
    check(kpis.dpo(data), [DEC, JAN, FEB, MAR], [NAN, 3.4375, 4.0, NAN])
    # Q1 2024 has 91 days; AR 200 -> 100, inventory 100 -> 150, AP 50 -> 80.
    check(kpis.dso(data, freq="Q"), ["2023-10-01", JAN], [NAN, 150 / 2400 * 91])
    check(kpis.dio(data, freq="Q"), ["2023-10-01", JAN], [NAN, 125 / 1076 * 91])
    check(kpis.dpo(data, freq="Q"), ["2023-10-01", JAN], [NAN, 65 / 1076 * 91])


def test_cash_conversion_cycle(constructor):
    # Ross, Westerfield & Jordan, Fundamentals of Corporate Finance, ch. 18: cash cycle =
    # inventory period + receivables period - payables period. January: 5 + 7.5 - 3.4375.
    data = constructor(fx.financials())
    check(
        kpis.cash_conversion_cycle(data),
        [DEC, JAN, FEB, MAR],
        [NAN, 9.0625, 10.75, NAN],
        ["no opening balance", None, None, "revenue in period is zero"],
    )
    q = kpis.cash_conversion_cycle(data, freq="Q")
    assert q["value"].iloc[1] == pytest.approx((150 / 2400 + 125 / 1076 - 65 / 1076) * 91)


def test_cash_conversion_cycle_textbook_example():
    # A textbook-style case with a 365-day year and constant balances (opening = closing):
    # receivables 100 on sales 1,825 -> 20 days; inventory 60 on COGS 730 -> 30 days;
    # payables 40 on COGS 730 -> 20 days; cycle 20 + 30 - 20 = 30 days.
    months = pd.date_range("2022-12-01", "2023-12-01", freq="MS")
    data = pd.DataFrame(
        {
            "month": months,
            "revenue": [1825 / 12] * 13,
            "cogs": [730 / 12] * 13,
            "accounts_receivable": [100.0] * 13,
            "inventory": [60.0] * 13,
            "accounts_payable": [40.0] * 13,
        }
    )
    out = kpis.cash_conversion_cycle(data, freq="Y")
    assert out["value"].iloc[1] == pytest.approx(30.0)
    assert kpis.dso(data, freq="Y")["value"].iloc[1] == pytest.approx(20.0)


# --- people --------------------------------------------------------------------------------


def test_employee_turnover(constructor):
    out = kpis.employee_turnover(constructor(fx.employees()), as_of="2024-03-31")
    assert out["period"].iloc[0] == pd.Timestamp("2023-01-01")
    check(out.tail(3), [JAN, FEB, MAR], [0.0, 80.0, 0.0])
    # Year 2024 (as of 31 March): 2 exits over (2 + 2) / 2.
    yearly = kpis.employee_turnover(constructor(fx.employees()), as_of="2024-03-31", freq="Y")
    check(yearly, ["2023-01-01", JAN], [0.0, 100.0])


def test_employee_turnover_nobody_on_staff_is_nan(constructor):
    data = pd.DataFrame(
        {"hire_date": pd.to_datetime(["2024-01-05"]), "exit_date": pd.to_datetime(["2024-01-20"])}
    )
    check(
        kpis.employee_turnover(constructor(data)),
        [JAN],
        [NAN],
        ["no one on staff in period: denominator is zero"],
    )


def test_revenue_per_employee(constructor):
    out = kpis.revenue_per_employee(constructor(fx.orders()), constructor(fx.employees()))
    check(out, [JAN, FEB, MAR], [36.0, 50.0, 102.5])
