"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.kpis and smbkit.targets, a different route from the
pandas in checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import pandas as pd


def cases():
    from smbkit import datasets, kpis, targets

    bakery = datasets.load("daily_crumb")
    monthly = kpis.compute(
        bakery, kpis=["revenue", "cac", "average_order_value", "active_customers"], freq="M"
    )

    def value(kpi, period):
        row = monthly[(monthly["kpi"] == kpi) & (monthly["period"] == pd.Timestamp(period))]
        return float(row["value"].item())

    revenue_2025 = monthly[(monthly["kpi"] == "revenue") & (monthly["period"].dt.year == 2025)]
    base = float(revenue_2025["value"].sum() / 12)
    o = bakery.orders
    y2025 = o[o["date"].dt.year == 2025]
    gross_base = float(y2025["revenue"].sum() / 12)
    growth = targets.required_growth(base, 120_000, 12)
    increase = targets.required_growth(base, 120_000, 12, method="linear")

    cac = value("cac", "2025-12-01")
    mk = bakery.marketing
    spend_dec = mk.loc[mk["date"].dt.to_period("M") == pd.Period("2025-12", "M"), "spend"].sum()
    cac_active = spend_dec / value("active_customers", "2025-12-01")
    right_status = targets.status(cac, 5.60, polarity="lower")
    wrong_polarity = targets.status(cac, 5.60, polarity="higher")

    goal = targets.Goal(
        "average_order_value",
        baseline=value("average_order_value", "2024-12-01"),
        baseline_date="2024-12-01",
        target=20.0,
        deadline="2025-12-01",
        polarity="higher",
        unit="USD",
    )
    aov_june = value("average_order_value", "2025-06-01")
    june = o[o["date"].dt.to_period("M") == pd.Period("2025-06", "M")]
    gross_aov_june = float(june["revenue"].sum() / len(june))
    revised = goal.revise(deadline="2026-06-01", reason="new range in autumn", on="2025-07-01")
    fresh = targets.Goal(
        "average_order_value",
        baseline=goal.baseline,
        baseline_date="2024-12-01",
        target=20.0,
        deadline="2026-06-01",
        polarity="higher",
        unit="USD",
    )
    late = goal.revise(deadline="2026-12-01", reason="new range in autumn", on="2025-07-01")
    retarget = goal.revise(
        target=19.0, deadline="2026-06-01", reason="new range in autumn", on="2025-07-01"
    )

    return {
        "q1": {
            "right": {"baseline": base, "monthly_growth": growth},
            "wrong": [
                ({"baseline": ..., "monthly_growth": ...}, "not answered"),
                ({"baseline": gross_base, "monthly_growth": growth}, "gross revenue"),
                ({"baseline": 12 * base, "monthly_growth": growth}, "forgot to divide by 12"),
                (
                    {"baseline": value("revenue", "2025-12-01"), "monthly_growth": growth},
                    "December alone as baseline",
                ),
                ({"baseline": base, "monthly_growth": ...}, "growth not answered"),
                ({"baseline": base, "monthly_growth": 100 * growth}, "percent, not a fraction"),
                ({"baseline": base, "monthly_growth": 120_000 / base - 1}, "total growth"),
                (
                    {"baseline": base, "monthly_growth": (120_000 / base - 1) / 12},
                    "total growth / 12",
                ),
                (
                    {"baseline": base, "monthly_growth": (120_000 / base) ** (1 / 11) - 1},
                    "11 periods",
                ),
            ],
        },
        "q2": {
            "right": {"monthly_increase": increase},
            "wrong": [
                ({"monthly_increase": ...}, "not answered"),
                ({"monthly_increase": 120_000 - base}, "the whole gap"),
                ({"monthly_increase": increase / base}, "a fraction, not dollars"),
                ({"monthly_increase": growth * base}, "first month of the compound plan"),
                ({"monthly_increase": (120_000 - base) / 11}, "11 periods"),
            ],
        },
        "q3": {
            "right": {"cac_dec": cac, "cac_status": right_status},
            "wrong": [
                ({"cac_dec": ..., "cac_status": ...}, "not answered"),
                ({"cac_dec": cac_active, "cac_status": right_status}, "all active customers"),
                ({"cac_dec": cac, "cac_status": wrong_polarity}, "polarity 'higher'"),
                ({"cac_dec": cac, "cac_status": "off track"}, "wrong band"),
                ({"cac_dec": cac, "cac_status": "At risk"}, "not one of the status words"),
            ],
        },
        "q4": {
            "right": {"june": goal.evaluate(aov_june, "2025-06-01")},
            "wrong": [
                ({"june": ...}, "not answered"),
                ({"june": aov_june}, "a number, not an evaluation"),
                (
                    {
                        "june": goal.evaluate(
                            value("average_order_value", "2025-07-01"), "2025-07-01"
                        )
                    },
                    "wrong month",
                ),
                ({"june": goal.evaluate(gross_aov_june, "2025-06-01")}, "gross AOV"),
                ({"june": goal.evaluate(20.0, "2025-06-01")}, "target passed as actual"),
            ],
        },
        "q5": {
            "right": {"revised": revised, "revised_growth": revised.required_growth()},
            "wrong": [
                ({"revised": ..., "revised_growth": ...}, "not answered"),
                (
                    {"revised": fresh, "revised_growth": fresh.required_growth()},
                    "a new Goal, no history",
                ),
                ({"revised": late, "revised_growth": late.required_growth()}, "wrong deadline"),
                (
                    {"revised": retarget, "revised_growth": retarget.required_growth()},
                    "changed the target",
                ),
                (
                    {"revised": revised, "revised_growth": goal.required_growth()},
                    "the original goal's growth",
                ),
                (
                    {"revised": revised, "revised_growth": 100 * revised.required_growth()},
                    "percent",
                ),
            ],
        },
    }
