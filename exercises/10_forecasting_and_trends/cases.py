"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.forecast (forecast, accuracy, goal_outlook), a different
route from the pandas and direct statsmodels calls in checks/_answers.py, so a check that
agrees with both is checking the concept.
"""

from __future__ import annotations

import numpy as np


def cases():
    from smbkit import datasets, targets
    from smbkit import forecast as fc

    fin = datasets.load("daily_crumb").financials
    revenue = fin.set_index("month")["revenue"]
    history = revenue.loc[:"2024-12"]

    snaive = fc.forecast(revenue, horizon=3, model="seasonal_naive")
    march = float(snaive["forecast"].iloc[2])
    naive_march = float(fc.forecast(revenue, horizon=3, model="naive")["forecast"].iloc[2])

    made_2024 = fc.forecast(history, horizon=12, model="seasonal_naive")
    actual = revenue.loc["2025"].to_numpy()
    predicted = made_2024["forecast"].to_numpy()
    acc = fc.accuracy(actual, predicted, history=history, seasonal_periods=12)
    errors = actual - predicted

    ets_2024 = fc.forecast(history, horizon=12, model="ets", level=0.9)
    inside = int(
        ((actual >= ets_2024["lower"].to_numpy()) & (actual <= ets_2024["upper"].to_numpy())).sum()
    )

    base = float(revenue.loc["2025-12-01"])
    goal = targets.Goal("revenue", base, "2025-12-01", 1.2 * base, "2026-12-01", "higher")
    outlook = fc.goal_outlook(goal, fc.forecast(revenue, horizon=12, model="ets", level=0.9))
    rounded = goal.revise(target=round(1.2 * base, -3), reason="rounded", on="2026-01-01")
    other_outlook = fc.goal_outlook(rounded, fc.forecast(revenue, horizon=12, model="ets"))
    naive_scale = fc.accuracy(actual, predicted, history=history, seasonal_periods=1).mase

    return {
        "q1": {
            "right": {"snaive_march": march},
            "wrong": [
                ({"snaive_march": ...}, "not answered"),
                ({"snaive_march": naive_march}, "naive (last month) instead of seasonal naive"),
                ({"snaive_march": float(revenue.loc["2024-03-01"])}, "March two years back"),
                ({"snaive_march": revenue.loc["2025-03":"2025-03"]}, "a Series, not a number"),
            ],
        },
        "q2": {
            "right": {"mae_2025": acc.mae},
            "wrong": [
                ({"mae_2025": ...}, "not answered"),
                ({"mae_2025": float(errors.mean())}, "signed mean error, not absolute"),
                ({"mae_2025": acc.mape}, "MAPE (percent) instead of MAE"),
                ({"mae_2025": float(np.abs(errors).sum())}, "sum instead of mean"),
                ({"mae_2025": np.abs(errors)}, "an array, not a number"),
            ],
        },
        "q3": {
            "right": {"mase_2025": acc.mase},
            "wrong": [
                ({"mase_2025": ...}, "not answered"),
                ({"mase_2025": 1 / acc.mase}, "ratio upside down"),
                ({"mase_2025": naive_scale}, "scaled by the naive (lag 1) MAE"),
                ({"mase_2025": acc.mae}, "the MAE, not scaled"),
            ],
        },
        "q4": {
            "right": {"inside_2025": inside},
            "wrong": [
                ({"inside_2025": ...}, "not answered"),
                ({"inside_2025": 12 - inside}, "counted the months outside"),
                ({"inside_2025": inside / 12}, "a share instead of a count"),
                ({"inside_2025": inside - 1}, "a different fit (e.g. trained on 2025 too)"),
            ],
        },
        "q5": {
            "right": {"chance_goal": outlook.chance},
            "wrong": [
                ({"chance_goal": ...}, "not answered"),
                ({"chance_goal": 100 * outlook.chance}, "a percentage instead of a fraction"),
                ({"chance_goal": 1 - outlook.chance}, "the chance of missing"),
                ({"chance_goal": outlook.verdict}, "the verdict string"),
                ({"chance_goal": other_outlook.chance}, "target rounded to 146,000"),
            ],
        },
    }
