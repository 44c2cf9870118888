"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.scenario, a different route from the plain numpy model in
checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import numpy as np


def cases():
    from smbkit import datasets
    from smbkit import scenario as sc

    fin = datasets.load("daily_crumb").financials.set_index("month")
    y = fin.loc["2025"]
    yoy = np.log(fin["revenue"] / fin["revenue"].shift(12)).loc["2025"]
    start_revenue, start_cash = float(y["revenue"].mean()), float(fin["cash"].iloc[-1])
    base = sc.Scenario(
        growth=float(yoy.mean() / 12),
        volatility=float(yoy.diff().std() / np.sqrt(2)),
        margin=float(1 - y["cogs"].sum() / y["revenue"].sum()),
        fixed_costs=float(y["operating_expenses"].mean()),
    )
    scen = sc.named_scenarios(base)
    kw = dict(start_revenue=start_revenue, start_cash=start_cash, seed=0)

    comp = sc.simulate(scen["new_competitor"], horizon=24, paths=2000, **kw)
    out = float((comp.groupby("path")["cash"].min() < 0).mean())
    rows = float((comp["cash"] < 0).mean())

    first = sc.simulate(scen["base"], horizon=12, paths=2000, **kw)
    target = 1.1 * float(y["revenue"].sum())
    chance = sc.chance_of_target(first, target=target)
    final = sc.chance_of_target(first, target=target / 12, how="final")

    supply = sc.simulate(scen["supply_shock"], horizon=24, paths=2000, **kw)
    months = sc.cash_buffer(supply, survival=0.95) / base.fixed_costs
    half = sc.cash_buffer(supply, survival=0.5) / base.fixed_costs
    rev = sc.stress_test(supply, kpi="revenue", threshold=0.85 * start_revenue).iloc[0]
    mar = sc.stress_test(supply, kpi="margin", threshold=base.margin - 0.075).iloc[0]

    return {
        "q1": {
            "right": {"competitor_cash_out": out},
            "wrong": [
                ({"competitor_cash_out": ...}, "not answered"),
                ({"competitor_cash_out": 100 * out}, "a percentage"),
                ({"competitor_cash_out": rows}, "share of path-months"),
                ({"competitor_cash_out": "34 %"}, "a string"),
            ],
        },
        "q2": {
            "right": {"chance_target": chance},
            "wrong": [
                ({"chance_target": ...}, "not answered"),
                ({"chance_target": 1 - chance}, "chance of missing"),
                ({"chance_target": final}, "final month against a twelfth of the target"),
                ({"chance_target": 100 * chance}, "a percentage"),
            ],
        },
        "q3": {
            "right": {"supply_buffer_months": months},
            "wrong": [
                ({"supply_buffer_months": ...}, "not answered"),
                ({"supply_buffer_months": months * base.fixed_costs}, "USD, not months"),
                ({"supply_buffer_months": half}, "50 % survival"),
            ],
        },
        "q4": {
            "right": {"revenue_lead": float(rev["median_lead"])},
            "wrong": [
                ({"revenue_lead": ...}, "not answered"),
                ({"revenue_lead": float(mar["median_lead"])}, "the margin KPI"),
                ({"revenue_lead": float(rev["warned"])}, "the warned share"),
                ({"revenue_lead": rev}, "the whole row"),
            ],
        },
    }
