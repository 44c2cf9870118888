"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.finance and smbkit.lifecycle (and the P&L table), a
different route from the plain pandas in checks/_answers.py, so a check that agrees with
both is checking the concept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def cases():
    from smbkit import datasets, finance, lifecycle

    bakery = datasets.load("daily_crumb")
    fin, orders = bakery.financials, bakery.orders
    books = fin.set_index("month")

    # q1: runway at the end of September 2022 from smbkit.finance.runway
    rw = finance.runway(fin, window=3).set_index("month")
    runway = float(rw.loc["2022-09-01", "runway_months"])
    one_month = float(rw.loc["2022-09-01", "cash"] / -rw.loc["2022-09-01", "net_cash_flow"])
    q3_2022 = books.loc["2022-07-01":"2022-09-01"]
    two_flows = float(q3_2022["cash"].iloc[-1] / -q3_2022["cash"].diff().mean())
    from_loss = float(q3_2022["cash"].iloc[-1] / -q3_2022["net_income"].mean())

    # q2: break-even orders a month for Riverside from smbkit.finance.break_even
    rs = orders[(orders["location"] == "Riverside") & (orders["date"].dt.year == 2025)]
    price = float((rs["revenue"] - rs["refunded"]).mean())
    unit_cost = float(rs["cost"].mean())
    be = finance.break_even(21_000, price, unit_cost)
    gross = finance.break_even(21_000, float(rs["revenue"].mean()), unit_cost)

    # q3: catering's share of growth; the totals from the P&L table
    revenue = fin.groupby(fin["month"].dt.year)["revenue"].sum()
    cat = orders[orders["channel"] == "catering"]
    cat_net = (cat["revenue"] - cat["refunded"]).groupby(cat["date"].dt.year).sum()
    share = float(100 * (cat_net[2025] - cat_net[2024]) / (revenue[2025] - revenue[2024]))
    share_of_2025 = float(100 * cat_net[2025] / revenue[2025])
    cat_growth_rate = float(100 * (cat_net[2025] / cat_net[2024] - 1))

    # q4: fit smbkit's S-curve to the exact curve and read month 22
    t = np.arange(36)
    curve = pd.DataFrame(
        {
            "month": pd.date_range("2024-01-01", periods=36, freq="MS"),
            "revenue": lifecycle.logistic(t, 400_000.0, 0.25, 14.0),
        }
    )
    fit = lifecycle.fit_s_curve(curve, cumulative=False).stages.iloc[22]
    speed, stage = float(fit["relative_growth"]), str(fit["stage"])

    # q5: working capital from the year-end balance sheet lines
    wc = (books["accounts_receivable"] + books["inventory"] - books["accounts_payable"]).diff(12)
    change = float(wc.loc["2025-12-01"])
    with_ap = float(
        (books["accounts_receivable"] + books["inventory"] + books["accounts_payable"])
        .diff(12)
        .loc["2025-12-01"]
    )
    cash_change = float(books["cash"].diff(12).loc["2025-12-01"])

    return {
        "q1": {
            "right": {"runway_sep_2022": runway},
            "wrong": [
                ({"runway_sep_2022": ...}, "not answered"),
                ({"runway_sep_2022": one_month}, "September's fall alone"),
                ({"runway_sep_2022": two_flows}, "filtered before .diff(): two falls"),
                ({"runway_sep_2022": from_loss}, "net loss instead of cash burn"),
                ({"runway_sep_2022": 1 / runway}, "burn / cash"),
                ({"runway_sep_2022": rw["runway_months"]}, "a Series, not a number"),
            ],
        },
        "q2": {
            "right": {"break_even_orders_riverside": be.units},
            "wrong": [
                ({"break_even_orders_riverside": ...}, "not answered"),
                ({"break_even_orders_riverside": 21_000 / price}, "divided by the price"),
                ({"break_even_orders_riverside": gross.units}, "gross revenue per order"),
                ({"break_even_orders_riverside": 12 * be.units}, "a year, not a month"),
                ({"break_even_orders_riverside": be.revenue}, "revenue, not orders"),
            ],
        },
        "q3": {
            "right": {"catering_growth_share": share},
            "wrong": [
                ({"catering_growth_share": ...}, "not answered"),
                ({"catering_growth_share": share / 100}, "a fraction"),
                ({"catering_growth_share": share_of_2025}, "share of revenue, not of growth"),
                ({"catering_growth_share": cat_growth_rate}, "catering's own growth rate"),
            ],
        },
        "q4": {
            "right": {"speed_month_22": speed, "stage_month_22": stage},
            "wrong": [
                ({"speed_month_22": ..., "stage_month_22": ...}, "not answered"),
                ({"speed_month_22": speed, "stage_month_22": ...}, "stage not answered"),
                (
                    {"speed_month_22": float(fit["share_of_ceiling"]), "stage_month_22": stage},
                    "share of the ceiling instead of the speed",
                ),
                ({"speed_month_22": 100 * speed, "stage_month_22": stage}, "speed in percent"),
                ({"speed_month_22": speed, "stage_month_22": "growth"}, "still rising = growth"),
                ({"speed_month_22": speed, "stage_month_22": "decline"}, "decline from a curve"),
                ({"speed_month_22": speed, "stage_month_22": "mature"}, "not one of the stages"),
            ],
        },
        "q5": {
            "right": {"wc_change": change},
            "wrong": [
                ({"wc_change": ...}, "not answered"),
                ({"wc_change": -change}, "sign flipped"),
                ({"wc_change": with_ap}, "payables added"),
                ({"wc_change": cash_change}, "change in cash"),
            ],
        },
    }
