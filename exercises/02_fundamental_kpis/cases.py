"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.kpis, a different route from the pandas in
checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import pandas as pd


def cases():
    from smbkit import datasets, kpis

    bakery = datasets.load("daily_crumb")
    monthly = kpis.compute(
        bakery, kpis=["average_order_value", "churn_rate", "retention_rate"], freq="M"
    )
    quarterly = kpis.compute(bakery, kpis=["nps"], freq="Q")
    yearly = kpis.compute(bakery, kpis=["gross_margin", "gross_profit"], freq="Y")

    def value(table, kpi, period):
        row = table[(table["kpi"] == kpi) & (table["period"] == pd.Timestamp(period))]
        return float(row["value"].item())

    aov = value(monthly, "average_order_value", "2025-03-01")
    o = bakery.orders
    march = o[(o["date"] >= "2025-03-01") & (o["date"] < "2025-04-01")]
    nps = value(quarterly, "nps", "2024-10-01")
    margin = value(yearly, "gross_margin", "2024-01-01")
    gross_profit = value(yearly, "gross_profit", "2024-01-01")
    markup = 100 * gross_profit / o[o["date"].dt.year == 2024]["cost"].sum()
    cat = kpis.catalog()
    lower = set(cat.loc[cat["polarity"] == "lower", "kpi"])
    churn = value(monthly, "churn_rate", "2025-06-01")
    retention = value(monthly, "retention_rate", "2025-06-01")

    return {
        "q1": {
            "right": {"aov_march": aov},
            "wrong": [
                ({"aov_march": ...}, "not answered"),
                ({"aov_march": march["revenue"].sum() / len(march)}, "gross instead of net"),
                ({"aov_march": (march["revenue"] - march["refunded"]).sum()}, "forgot to divide"),
                ({"aov_march": march["revenue"] - march["refunded"]}, "a Series, not a number"),
            ],
        },
        "q2": {
            "right": {"nps_q4": nps},
            "wrong": [
                ({"nps_q4": ...}, "not answered"),
                ({"nps_q4": nps / 100}, "a fraction instead of points"),
                ({"nps_q4": nps + 5}, "passives counted as promoters or similar slip"),
            ],
        },
        "q3": {
            "right": {"gross_margin_2024": margin},
            "wrong": [
                ({"gross_margin_2024": ...}, "not answered"),
                ({"gross_margin_2024": margin / 100}, "a fraction instead of percent"),
                ({"gross_margin_2024": margin + 1.0}, "a slip in the formula"),
                ({"gross_margin_2024": value(yearly, "gross_margin", "2025-01-01")}, "wrong year"),
                ({"gross_margin_2024": markup}, "divided by cost (mark-up)"),
            ],
        },
        "q4": {
            "right": {"lower_kpis": lower},
            "wrong": [
                ({"lower_kpis": ...}, "not answered"),
                ({"lower_kpis": set(sorted(lower)[1:])}, "one missing"),
                ({"lower_kpis": lower | {"revenue"}}, "a higher-is-better KPI included"),
                ({"lower_kpis": "churn_rate"}, "a string, not a set"),
            ],
        },
        "q5": {
            "right": {"churn_june": churn},
            "wrong": [
                ({"churn_june": ...}, "not answered"),
                ({"churn_june": retention}, "retention instead of churn"),
                ({"churn_june": churn / 100}, "a fraction instead of percent"),
            ],
        },
    }
