"""Reference answers for exercise 18, computed without smbkit.ambidexterity's measures.

Questions 1-3 use a plain groupby on the order lines; question 4 reads the simulation's table
(the simulation is the data of that question).
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets


@functools.cache
def lines() -> pd.DataFrame:
    crumb = datasets.load("daily_crumb")
    out = crumb.order_lines.merge(crumb.orders[["order_id", "date", "channel"]], on="order_id")
    out["month"] = out["date"].dt.to_period("M").dt.to_timestamp()
    return out


def _share(column: str, value: str) -> pd.Series:
    d = lines()
    total = d.groupby("month")["revenue"].sum()
    part = d[d[column] == value].groupby("month")["revenue"].sum()
    return part.reindex(total.index, fill_value=0.0) / total


def _gap(a: pd.Timestamp, b: pd.Timestamp) -> int:
    return (b.year - a.year) * 12 + b.month - a.month


def months_to(column: str, value: str, threshold: float, *, from_data_start=False) -> int:
    s = _share(column, value)
    start = s.index[0] if from_data_start else s[s > 0].index[0]
    return _gap(start, s[s >= threshold].index[0])


def peak_month_gap(column: str, value: str) -> int:
    s = _share(column, value)
    return _gap(s[s > 0].index[0], s.idxmax())


def vitality(month: str, first: str, last: str, *, revenue_only=False) -> float:
    d = lines()
    launch = d.groupby("product")["month"].min()
    m = d[d["month"] == pd.Timestamp(month)]
    new = m["product"].map(launch).between(pd.Timestamp(first), pd.Timestamp(last))
    if revenue_only:
        return float(m.loc[new, "revenue"].sum())
    return float(m.loc[new, "revenue"].sum() / m["revenue"].sum())


def online_current_share() -> float:
    return float(_share("channel", "online").iloc[-6:].mean())


@functools.cache
def curve() -> pd.DataFrame:
    from smbkit.ambidexterity import explore_exploit_simulation

    return explore_exploit_simulation([i / 10 for i in range(11)], seed=0)


def best_by(column: str) -> float:
    c = curve()
    return float(c.loc[c[column].idxmax(), "explore_share"])
