"""Right answers and typical mistakes for each check (used by tests/test_exercises.py).

The right answers come from smbkit (read_deals, read_events, read_tasks and kpis), a
different route from the plain pandas in checks/_answers.py, so a check that agrees with
both is checking the concept.
"""

from __future__ import annotations

import pandas as pd

ZONE = "America/New_York"
INTERNAL = {"users": ["qa-bot"], "domains": ["brightlane.example"]}


def cases():
    from smbkit import datasets, io, kpis

    # q1: win rate of Q2 2025
    crm = io.read_deals(datasets.sample_export_paths("hubspot"), tz=ZONE)
    deals = crm.data
    rate = kpis.win_rate(deals, freq="Q").set_index("period")["value"]
    q2 = float(rate[pd.Timestamp("2025-04-01")])
    won_q2 = deals["outcome"].eq("won") & deals["closed"].between("2025-04-01", "2025-06-30 23:59")
    all_deals = float(100 * won_q2.sum() / len(deals))
    in_q2 = deals[
        deals["closed"].between("2025-04-01", "2025-06-30 23:59")
        | deals["expected_close"].between("2025-04-01", "2025-06-30 23:59")
    ]
    with_open = float(100 * (in_q2["outcome"] == "won").sum() / len(in_q2))
    june_only = io.read_deals(datasets.sample_export_paths("hubspot")[1], tz=ZONE).data
    june_rate = float(
        kpis.win_rate(june_only, freq="Q").set_index("period")["value"][pd.Timestamp("2025-04-01")]
    )

    # q2: stickiness of June 2025, logged-in users only
    paths = datasets.sample_export_paths("mixpanel")
    events = io.read_events(paths, tz=ZONE, internal=INTERNAL).data
    june = pd.Timestamp("2025-06-01")

    def stick(ev, **kw):
        return float(kpis.stickiness(ev, **kw).set_index("period")["value"][june])

    users_only = stick(events, device_id=None)
    with_devices = stick(events)
    with_staff = stick(io.read_events(paths, tz=ZONE).data, device_id=None)
    dau = float(kpis.dau(events, device_id=None).set_index("period")["value"][june])
    wau = float(kpis.wau(events, device_id=None).set_index("period")["value"][june])

    # q3: on-time rate of June 2025
    tasks = io.read_tasks(datasets.sample_export_paths("asana")).data
    on_time = float(kpis.on_time_rate(tasks).set_index("period")["value"][june])
    done = tasks[tasks["completed"].between("2025-06-01", "2025-06-30 23:59")]
    hit = done["completed"].dt.normalize() <= done["due"]
    no_due_late = float(100 * hit.mean())
    no_due_on_time = float(100 * (hit | done["due"].isna()).mean())

    return {
        "q1": {
            "right": {"win_rate_q2_pct": round(q2, 1)},
            "wrong": [
                ({"win_rate_q2_pct": ...}, "not answered"),
                ({"win_rate_q2_pct": with_open}, "open deals in the denominator"),
                ({"win_rate_q2_pct": all_deals}, "every deal in the denominator"),
                ({"win_rate_q2_pct": june_rate}, "the June export only"),
                ({"win_rate_q2_pct": q2 / 100}, "a fraction"),
                ({"win_rate_q2_pct": 100 - q2}, "loss rate"),
                ({"win_rate_q2_pct": rate}, "the whole Series"),
            ],
        },
        "q2": {
            "right": {"stickiness_june_pct": round(users_only, 2)},
            "wrong": [
                ({"stickiness_june_pct": ...}, "not answered"),
                ({"stickiness_june_pct": with_devices}, "anonymous devices counted"),
                ({"stickiness_june_pct": with_staff}, "staff and QA counted"),
                ({"stickiness_june_pct": 100 * dau / wau}, "DAU over WAU"),
                ({"stickiness_june_pct": users_only / 100}, "a fraction"),
            ],
        },
        "q3": {
            "right": {"on_time_june_pct": on_time},
            "wrong": [
                ({"on_time_june_pct": ...}, "not answered"),
                ({"on_time_june_pct": no_due_late}, "tasks without a due date as missed"),
                ({"on_time_june_pct": no_due_on_time}, "tasks without a due date as on time"),
                ({"on_time_june_pct": on_time / 100}, "a fraction"),
                ({"on_time_june_pct": True}, "a bool"),
            ],
        },
    }
