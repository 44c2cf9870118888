"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit (read_orders, kpis, targets, report), a different route
from the pandas in checks/_answers.py, so a check that agrees with both is checking the
concept.
"""

from __future__ import annotations

import pandas as pd


def cases():
    from smbkit import datasets, io, kpis, report, targets

    paths = datasets.sample_export_paths("shopify")
    read = io.read_orders(paths, tz="America/New_York")
    led = read.ledger
    excluded = led[led["action"] == "excluded"].set_index("reason")["amount"]
    duplicates = float(excluded["duplicate across exports"])
    kept = float(led.loc[led["action"] == "kept", "amount"].sum())
    repaired = float(led.loc[led["action"] == "repaired", "amount"].sum())
    raw = kept + float(excluded.sum())

    orders = read.data
    dec = orders[(orders["date"] >= "2025-12-01") & (orders["date"] < "2026-01-01")]
    aov = float((dec["revenue"] - dec["refunded"]).sum() / len(dec))
    gross_aov = float(dec["revenue"].sum() / len(dec))

    kv = kpis.compute({"orders": orders}, kpis=["revenue"], freq="M").set_index("period")
    base = float(kv.at[pd.Timestamp("2025-02-01"), "value"])
    actual = float(kv.at[pd.Timestamp("2025-12-01"), "value"])
    goal = targets.Goal("revenue", base, "2025-02-01", 3000.0, "2026-02-01", "higher")
    status = goal.evaluate(actual, "2025-12-01").status
    vs_target = targets.status(actual, 3000.0, polarity="higher")

    notes = pd.concat(
        [pd.read_csv(p, dtype=str, keep_default_na=False)[["Notes"]] for p in paths],
        ignore_index=True,
    )
    note = notes.loc[notes["Notes"].str.startswith("="), "Notes"].iloc[0]
    safe = report.escape_formulas(notes.loc[notes["Notes"] == note])["Notes"].iloc[0]

    return {
        "q1": {
            "right": {"duplicate_money_usd": duplicates},
            "wrong": [
                ({"duplicate_money_usd": ...}, "not answered"),
                ({"duplicate_money_usd": float(excluded.sum())}, "every excluded reason"),
                (
                    {
                        "duplicate_money_usd": int(
                            led.set_index("reason").at["duplicate across exports", "rows"]
                        )
                    },
                    "rows instead of money",
                ),
                ({"duplicate_money_usd": excluded}, "a Series, not a number"),
            ],
        },
        "q2": {
            "right": {"raw_total_usd": read.raw_amount},
            "wrong": [
                ({"raw_total_usd": ...}, "not answered"),
                ({"raw_total_usd": kept}, "kept only"),
                ({"raw_total_usd": raw + repaired}, "repaired rows counted twice"),
                ({"raw_total_usd": raw / 2}, "half of it"),
            ],
        },
        "q3": {
            "right": {"aov_december_usd": aov},
            "wrong": [
                ({"aov_december_usd": ...}, "not answered"),
                ({"aov_december_usd": gross_aov}, "gross instead of net"),
                (
                    {"aov_december_usd": float((dec["revenue"] - dec["refunded"]).sum())},
                    "forgot to divide",
                ),
                ({"aov_december_usd": aov / 3}, "divided by line rows"),
            ],
        },
        "q4": {
            "right": {"goal_status_december": status},
            "wrong": [
                ({"goal_status_december": ...}, "not answered"),
                ({"goal_status_december": vs_target}, "compared with the final target"),
                ({"goal_status_december": "on track"}, "wishful thinking"),
                (
                    {"goal_status_december": goal.evaluate(actual, "2025-12-01")},
                    "the evaluation object, not its status",
                ),
            ],
        },
        "q5": {
            "right": {"safe_note": safe},
            "wrong": [
                ({"safe_note": ...}, "not answered"),
                ({"safe_note": note}, "not escaped"),
                ({"safe_note": "\\" + note}, "a backslash"),
                ({"safe_note": "'" + note.strip("=")}, "formula text changed"),
            ],
        },
    }
