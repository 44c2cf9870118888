"""Reference answers for exercise 02, computed from the raw tables with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.kpis, so the exercise also checks the engine from the outside.
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets


@functools.cache
def bakery():
    return datasets.load("daily_crumb")


def _month(frame: pd.DataFrame, column: str, month: str) -> pd.DataFrame:
    return frame[frame[column].dt.to_period("M") == pd.Period(month, "M")]


def aov(month: str) -> float:
    m = _month(bakery().orders, "date", month)
    return float((m["revenue"] - m["refunded"]).sum() / len(m))


def gross_aov(month: str) -> float:
    m = _month(bakery().orders, "date", month)
    return float(m["revenue"].sum() / len(m))


def nps(year: int, quarter: int) -> float:
    s = bakery().surveys
    q = s[(s["date"].dt.year == year) & (s["date"].dt.quarter == quarter)]
    return float(100 * ((q["nps_score"] >= 9).mean() - (q["nps_score"] <= 6).mean()))


def gross_margin(year: int, *, refunds: bool = True) -> float:
    o = bakery().orders
    y = o[o["date"].dt.year == year]
    net = y["revenue"].sum() - (y["refunded"].sum() if refunds else 0.0)
    return float(100 * (net - y["cost"].sum()) / net)


def markup(year: int) -> float:
    """Gross profit as a share of cost: the mark-up, a typical mix-up with the margin."""
    o = bakery().orders
    y = o[o["date"].dt.year == year]
    cost = y["cost"].sum()
    return float(100 * (y["revenue"].sum() - y["refunded"].sum() - cost) / cost)


def lower_is_better() -> set[str]:
    from smbkit import kpis

    cat = kpis.catalog()
    return set(cat.loc[cat["polarity"] == "lower", "kpi"])


def churn(month: str) -> float:
    o = bakery().orders.dropna(subset=["customer_id"])
    this = set(_month(o, "date", month)["customer_id"])
    prev_month = str(pd.Period(month, "M") - 1)
    before = set(_month(o, "date", prev_month)["customer_id"])
    return float(100 * (1 - len(before & this) / len(before)))
