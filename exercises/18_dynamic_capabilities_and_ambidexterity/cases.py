"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.ambidexterity (monthly_shares, months_to_share, vitality),
a different route from the plain groupby in checks/_answers.py.
"""

from __future__ import annotations


def cases():
    from smbkit import datasets
    from smbkit.ambidexterity import (
        explore_exploit_simulation,
        monthly_shares,
        months_to_share,
        vitality,
    )

    crumb = datasets.load("daily_crumb")
    lines = crumb.order_lines.merge(crumb.orders[["order_id", "date", "channel"]], on="order_id")

    cat = monthly_shares(lines, group="category")
    v = months_to_share(cat[["catering_platter"]], 0.05).iloc[0]
    velocity = int(v["months"])
    from_start = velocity + (v["launch"].year - 2022) * 12 + v["launch"].month - 1
    peak = cat["catering_platter"].idxmax()
    to_peak = (peak.year - v["launch"].year) * 12 + peak.month - v["launch"].month

    vital = vitality(lines, item="product", window_months=12).set_index("month")
    june = vital.loc["2025-06-01"]

    ch = monthly_shares(lines, group="channel")
    current = ch["online"].iloc[-6:].mean()
    agility = int(months_to_share(ch[["online"]], current / 2).at[0, "months"])
    full = int(months_to_share(ch[["online"]], current).at[0, "months"])
    online_launch = months_to_share(ch[["online"]], current / 2).at[0, "launch"]
    agility_from_start = agility + (online_launch.year - 2022) * 12 + online_launch.month - 1

    curve = explore_exploit_simulation([i / 10 for i in range(11)], seed=0)
    best = float(curve.loc[curve["mean_profit"].idxmax(), "explore_share"])
    lucky = float(curve.loc[curve["upper"].idxmax(), "explore_share"])
    finder = float(curve.loc[curve["found_better"].idxmax(), "explore_share"])

    return {
        "q1": {
            "right": {"velocity_catering": velocity},
            "wrong": [
                ({"velocity_catering": ...}, "not answered"),
                ({"velocity_catering": velocity + 1}, "counted the launch month"),
                ({"velocity_catering": from_start}, "counted from the start of the data"),
                ({"velocity_catering": to_peak}, "month of the peak share"),
                ({"velocity_catering": "2 months"}, "text"),
            ],
        },
        "q2": {
            "right": {"vitality_june_2025": float(june["vitality"])},
            "wrong": [
                ({"vitality_june_2025": ...}, "not answered"),
                ({"vitality_june_2025": 100 * float(june["vitality"])}, "a percentage"),
                ({"vitality_june_2025": float(june["new_revenue"])}, "USD, not a share"),
                ({"vitality_june_2025": 1.0}, "every product counted as new"),
            ],
        },
        "q3": {
            "right": {"agility_online": agility},
            "wrong": [
                ({"agility_online": ...}, "not answered"),
                ({"agility_online": agility_from_start}, "counted from the start of the data"),
                ({"agility_online": full}, "time to the full share"),
            ],
        },
        "q4": {
            "right": {"best_share": best},
            "wrong": [
                ({"best_share": ...}, "not answered"),
                ({"best_share": 100 * best}, "a percentage"),
                ({"best_share": lucky}, "highest upper bound"),
                ({"best_share": finder}, "most often finds a better idea"),
                ({"best_share": curve}, "the whole table"),
            ],
        },
    }
