"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit.customers (summary_from_transactions, fit_bgnbd), a
different route from the pandas summary and the direct scipy fit in checks/_answers.py, so a
check that agrees with both is checking the concept.
"""

from __future__ import annotations


def cases():
    from smbkit import customers, datasets

    orders = datasets.load("daily_crumb").orders
    days = customers.summary_from_transactions(
        orders, calibration_end="2024-12-31", observation_end="2025-12-31"
    )
    crumb = days.assign(recency=days["recency"] / 7, T=days["T"] / 7)
    model = customers.fit_bgnbd(crumb)

    one = crumb[crumb["customer_id"] == "C-000452"]
    p = float(model.p_alive(one).iloc[0])
    p_days = float(model.p_alive(days[days["customer_id"] == "C-000452"]).iloc[0])

    expected = model.expected_purchases(crumb, 365 / 7)
    in_days = model.expected_purchases(crumb, 365.0)

    alive = model.p_alive(crumb)
    group = (crumb["frequency"] > 0) & (alive >= 0.9)
    back = crumb["frequency_holdout"] > 0
    share = float(back[group].mean())
    with_once = float(back[alive >= 0.9].mean())

    return {
        "q1": {
            "right": {"one_timers": int((crumb["frequency"] == 0).sum())},
            "wrong": [
                ({"one_timers": ...}, "not answered"),
                ({"one_timers": int((crumb["frequency"] == 1).sum())}, "frequency 1"),
                ({"one_timers": len(crumb)}, "every customer"),
                ({"one_timers": float((crumb["frequency"] == 0).mean())}, "a share"),
            ],
        },
        "q2": {
            "right": {"p_alive_regular": p},
            "wrong": [
                ({"p_alive_regular": ...}, "not answered"),
                ({"p_alive_regular": 1 - p}, "chance of having left"),
                ({"p_alive_regular": p_days}, "recency and T in days, model in weeks"),
                ({"p_alive_regular": model.p_alive(one)}, "a Series, not a number"),
            ],
        },
        "q3": {
            "right": {"expected_2025": float(expected.sum())},
            "wrong": [
                ({"expected_2025": ...}, "not answered"),
                ({"expected_2025": int(crumb["frequency_holdout"].sum())}, "the actual count"),
                ({"expected_2025": float(in_days.sum())}, "t in days"),
                (
                    {"expected_2025": float(model.expected_purchases_new(365 / 7)) * len(crumb)},
                    "new-customer formula for everyone",
                ),
                ({"expected_2025": expected}, "a Series, not a number"),
            ],
        },
        "q4": {
            "right": {"share_back_confident": share},
            "wrong": [
                ({"share_back_confident": ...}, "not answered"),
                ({"share_back_confident": float(alive[group].mean())}, "the model's mean P(alive)"),
                ({"share_back_confident": int(back[group].sum())}, "a count"),
                ({"share_back_confident": with_once}, "one-time customers included"),
            ],
        },
    }
