"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.analysis, a different route from the pandas in
checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import pandas as pd

GROWTH_TARGET = 0.15


def cases():
    from smbkit import analysis, datasets

    bakery = datasets.load("daily_crumb")
    lines = bakery.order_lines.merge(
        bakery.orders[["order_id", "date", "location", "channel"]], on="order_id"
    )
    month = lines["date"].dt.to_period("M")
    nov_2025 = lines[month == pd.Period("2025-11", "M")]
    nov_2024 = lines[month == pd.Period("2024-11", "M")]
    budget = nov_2024.assign(
        date=pd.Timestamp("2025-11-01"),
        quantity=nov_2024["quantity"] * (1 + GROWTH_TARGET),
        revenue=nov_2024["revenue"] * (1 + GROWTH_TARGET),
        cost=nov_2024["cost"] * (1 + GROWTH_TARGET),
    )
    revenue = analysis.budget_vs_actual(lines, budget).iloc[0]
    cost = analysis.budget_vs_actual(lines, budget, value="cost", polarity="lower").iloc[0]
    pvm = analysis.price_volume_mix(budget, nov_2025, revenue="revenue")
    listed = analysis.price_volume_mix(budget, nov_2025, price="unit_price")

    def line(table):
        return table.assign(line=table["location"] + "|" + table["channel"])

    drill = analysis.drill_down(line(budget), line(nov_2025), dimensions="line")
    worst = tuple(drill["member"].iloc[0].split("|"))
    by_pct = drill.assign(pct=drill["change"] / drill["base"]).sort_values("pct")
    worst_pct = tuple(by_pct["member"].iloc[0].split("|"))
    best = tuple(drill["member"].iloc[-1].split("|"))

    # price change weighed by budget units instead of actual units
    q0 = budget.groupby("product")["quantity"].sum()
    p0 = budget.groupby("product")["revenue"].sum() / q0
    g1 = nov_2025.groupby("product")[["quantity", "revenue"]].sum()
    p1 = g1["revenue"] / g1["quantity"]
    on_budget_units = float((q0 * (p1 - p0)).sum())

    v, c = float(revenue["variance"]), float(cost["variance"])
    return {
        "q1": {
            "right": {"variance_nov": v},
            "wrong": [
                ({"variance_nov": ...}, "not answered"),
                ({"variance_nov": -v}, "budget - actual"),
                (
                    {"variance_nov": float(revenue["actual"] - nov_2024["revenue"].sum())},
                    "compared with last year, not the budget",
                ),
                ({"variance_nov": float(revenue["variance_pct"])}, "percent, not USD"),
                ({"variance_nov": nov_2025["revenue"]}, "a Series, not a number"),
            ],
        },
        "q2": {
            "right": {"cost_variance_nov": c, "cost_favourable": bool(cost["favourable"])},
            "wrong": [
                ({"cost_variance_nov": ..., "cost_favourable": ...}, "not answered"),
                (
                    {"cost_variance_nov": c, "cost_favourable": not bool(cost["favourable"])},
                    "revenue polarity used for a cost",
                ),
                (
                    {"cost_variance_nov": -c, "cost_favourable": bool(cost["favourable"])},
                    "budget - actual",
                ),
                (
                    {"cost_variance_nov": v, "cost_favourable": bool(cost["favourable"])},
                    "revenue instead of cost",
                ),
                ({"cost_variance_nov": c, "cost_favourable": "yes"}, "not a bool"),
            ],
        },
        "q3": {
            "right": {"price_effect_nov": pvm.effects["price"]},
            "wrong": [
                ({"price_effect_nov": ...}, "not answered"),
                ({"price_effect_nov": listed.effects["price"]}, "list prices"),
                ({"price_effect_nov": on_budget_units}, "budget quantities"),
                ({"price_effect_nov": -pvm.effects["price"]}, "sign"),
            ],
        },
        "q4": {
            "right": {"mix_effect_nov": pvm.effects["mix"]},
            "wrong": [
                ({"mix_effect_nov": ...}, "not answered"),
                ({"mix_effect_nov": pvm.effects["volume"]}, "volume instead of mix"),
                (
                    {"mix_effect_nov": pvm.effects["volume"] + pvm.effects["mix"]},
                    "volume and mix together",
                ),
                ({"mix_effect_nov": listed.effects["mix"]}, "list prices"),
            ],
        },
        "q5": {
            "right": {"worst_line": worst},
            "wrong": [
                ({"worst_line": ...}, "not answered"),
                ({"worst_line": worst_pct}, "worst in percent"),
                ({"worst_line": best}, "the best line"),
                ({"worst_line": " ".join(worst)}, "a string, not a pair"),
                ({"worst_line": ("Old Town", "instore")}, "not a line"),
            ],
        },
    }
