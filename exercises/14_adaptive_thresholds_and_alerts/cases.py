"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.monitor, a different route from the plain pandas in
checks/_answers.py, so a check that agrees with both is checking the concept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def cases():
    from smbkit import datasets, monitor

    orders = datasets.load("daily_crumb").orders
    by_day = orders.groupby(orders["date"].dt.normalize()).size().astype(float)
    days = pd.date_range(by_day.index.min(), by_day.index.max(), freq="D")
    daily = by_day.reindex(days)
    daily = daily.fillna(daily.shift(7)).fillna(daily.shift(14)).asfreq("D")
    y2025 = daily.loc["2025"]
    recent = daily.loc["2024-09-01":]

    fixed = monitor.fixed_threshold(y2025, lower=150)
    fat = monitor.alert_fatigue(fixed)
    half = daily.loc["2025-01-06":"2025-06-29"].resample("W-SUN").sum()
    xmr = monitor.xmr_chart(half)
    centre, upper = float(xmr["centre"].iloc[0]), float(xmr["upper"].iloc[0])
    mr_bar = (upper - centre) / 2.66
    sb = monitor.seasonal_baseline(recent, period=7, window=8, k=3)
    sb_alerts = monitor.alert_fatigue(sb[sb["date"] >= "2025-01-01"]).alerts
    year_weeks = daily.loc["2025-01-06":"2025-12-28"].resample("W-SUN").sum()
    cus = monitor.cusum_chart(year_weeks, k=0.5, h=5, baseline=25)
    down = int((cus["rule"] == "cusum_down").sum())
    up = int((cus["rule"] == "cusum_up").sum())

    return {
        "q1": {
            "right": {"days_below": fat.signals},
            "wrong": [
                ({"days_below": ...}, "not answered"),
                ({"days_below": int((y2025 <= 150).sum())}, "150 included"),
                ({"days_below": fat.alerts}, "episodes instead of days"),
                ({"days_below": fat.signals / 365}, "a share, not a count"),
                ({"days_below": int((daily < 150).sum())}, "all four years"),
            ],
        },
        "q2": {
            "right": {"xmr_upper": upper},
            "wrong": [
                ({"xmr_upper": ...}, "not answered"),
                ({"xmr_upper": float(half.mean() + 3 * half.std())}, "3 standard deviations"),
                ({"xmr_upper": centre + 3 * mr_bar}, "factor 3 on the moving range"),
                ({"xmr_upper": float(xmr["lower"].iloc[0])}, "the lower limit"),
                ({"xmr_upper": np.asarray(xmr["upper"])}, "an array"),
            ],
        },
        "q3": {
            "right": {"seasonal_alerts": sb_alerts},
            "wrong": [
                ({"seasonal_alerts": ...}, "not answered"),
                ({"seasonal_alerts": fat.alerts}, "the fixed line's alerts"),
                ({"seasonal_alerts": fat.signals}, "the fixed line's days"),
                ({"seasonal_alerts": sb_alerts + 5}, "a different baseline"),
            ],
        },
        "q4": {
            "right": {"cusum_down_weeks": down},
            "wrong": [
                ({"cusum_down_weeks": ...}, "not answered"),
                ({"cusum_down_weeks": down + up}, "every signalling week"),
                ({"cusum_down_weeks": up}, "the upward weeks"),
                ({"cusum_down_weeks": float(down)}, "a float, not a whole number"),
            ],
        },
        "q5": {
            "right": {"fixed_per_month": fat.alerts_per_month},
            "wrong": [
                ({"fixed_per_month": ...}, "not answered"),
                ({"fixed_per_month": fat.signals / fat.months}, "days instead of episodes"),
                ({"fixed_per_month": float(fat.alerts)}, "alerts per year"),
                ({"fixed_per_month": "3.7"}, "a string"),
            ],
        },
    }
