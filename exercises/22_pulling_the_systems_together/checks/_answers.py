"""Reference answers for exercise 22, computed from the raw export files with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.io or smbkit.kpis, so the exercise also checks the readers and KPIs from outside.
"""

from __future__ import annotations

import functools
import json

import pandas as pd

from smbkit import datasets

ZONE = "America/New_York"
Q2 = ("2025-04-01", "2025-07-01")
JUNE = ("2025-06-01", "2025-07-01")


@functools.cache
def deal_rows() -> pd.DataFrame:
    """Both HubSpot files, every row, with the file's number (1, 2)."""
    parts = [
        pd.read_csv(p, dtype={"Record ID": str}).assign(file=i)
        for i, p in enumerate(datasets.sample_export_paths("hubspot"), start=1)
    ]
    rows = pd.concat(parts, ignore_index=True)
    rows["Close Date"] = pd.to_datetime(rows["Close Date"])
    rows["Create Date"] = pd.to_datetime(rows["Create Date"])
    return rows


def _q2(rows: pd.DataFrame) -> pd.DataFrame:
    return rows[rows["Close Date"].between(*Q2, inclusive="left")]


def win_rate_q2(*, include_open=False, latest=True, only_file=None) -> float:
    """Q2 2025 win rate in %: won / (won + lost) of the deals closed in Q2."""
    rows = deal_rows()
    if only_file is not None:
        rows = rows[rows["file"] == only_file]
    if latest:
        rows = rows.sort_values(["Last Modified Date", "file"]).drop_duplicates(
            "Record ID", keep="last"
        )
    won = rows["Deal Stage"] == "Closed won"
    closed = rows["Deal Stage"].isin(["Closed won", "Closed lost"])
    q2 = _q2(rows)
    n_won = (q2["Deal Stage"] == "Closed won").sum()
    if include_open:  # open deals with an expected close date in Q2 in the denominator
        return float(100 * n_won / len(q2))
    del won, closed
    return float(100 * n_won / q2["Deal Stage"].isin(["Closed won", "Closed lost"]).sum())


def win_rate_all_deals() -> float:
    """Deals won in Q2 over every deal in the CRM (open ones included)."""
    rows = (
        deal_rows()
        .sort_values(["Last Modified Date", "file"])
        .drop_duplicates("Record ID", keep="last")
    )
    return float(100 * (_q2(rows)["Deal Stage"] == "Closed won").sum() / len(rows))


@functools.cache
def events() -> pd.DataFrame:
    (path,) = datasets.sample_export_paths("mixpanel")
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    df = pd.DataFrame(
        {
            "event": [e["event"] for e in lines],
            "who": [e["properties"]["distinct_id"] for e in lines],
            "insert_id": [e["properties"]["$insert_id"] for e in lines],
            "time": [e["properties"]["time"] for e in lines],
            "device": [e["properties"].get("$device_id") for e in lines],
        }
    )
    t = pd.to_datetime(df["time"], unit="s", utc=True).dt.tz_convert(ZONE).dt.tz_localize(None)
    return df.assign(day=t.dt.normalize())


def stickiness_june(*, anonymous=False, link=True, internal=False, dedupe=True, window=30) -> float:
    """June 2025 stickiness in %: mean DAU / mean MAU over June's days.

    ``anonymous=True`` counts anonymous devices as users; with ``link`` (as Mixpanel and
    smbkit do) a device later seen with a user id counts as that user.
    """
    ev = events()
    if link:
        known = ev[~ev["who"].str.startswith("$device:") & ev["device"].notna()]
        owner = dict(zip("$device:" + known["device"], known["who"], strict=True))
        ev = ev.assign(who=ev["who"].map(lambda w: owner.get(w, w)))
    if dedupe:
        ev = ev.drop_duplicates("insert_id")
    if not internal:
        ev = ev[(ev["who"] != "qa-bot") & ~ev["who"].str.endswith("@brightlane.example")]
    if not anonymous:
        ev = ev[~ev["who"].str.startswith("$device:")]
    days = pd.date_range(*JUNE, inclusive="left")
    sets = ev.groupby("day")["who"].agg(set)
    dau = [len(sets.get(d, set())) for d in days]
    mau = []
    for d in days:
        seen = set()
        for k in range(window):
            seen |= sets.get(d - pd.Timedelta(days=k), set())
        mau.append(len(seen))
    return float(100 * (sum(dau) / len(days)) / (sum(mau) / len(days)))


@functools.cache
def tasks() -> pd.DataFrame:
    (path,) = datasets.sample_export_paths("asana")
    df = pd.read_csv(path, parse_dates=["Created At", "Completed At", "Due Date"])
    return df


def on_time_june(*, no_due="leave out", by="completed") -> float:
    """June 2025 on-time rate in %: done on or before the due day, of tasks done in June."""
    df = tasks()
    col = "Completed At" if by == "completed" else "Due Date"
    june = df[df[col].between(*JUNE, inclusive="left")]
    if by != "completed":  # tasks due in June, open ones counted as late
        return float(100 * (june["Completed At"] <= june["Due Date"]).mean())
    on_time = june["Completed At"] <= june["Due Date"]
    if no_due == "leave out":
        has_due = june["Due Date"].notna()
        return float(100 * on_time[has_due].mean())
    if no_due == "late":
        return float(100 * on_time.mean())
    return float(100 * (on_time | june["Due Date"].isna()).mean())  # counted as on time
