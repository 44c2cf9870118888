"""Reference answers for exercise 03, computed from the raw tables with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.targets or smbkit.kpis, so the exercise also checks the engine from the outside.
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets

TARGET_REVENUE = 120_000.0  # question 1: the average month's net revenue by Dec 2026
MONTHS = 12
CAC_TARGET = 5.60  # question 3
AOV_TARGET = 20.0  # questions 4 and 5
BANDS = (0.05, 0.10)  # targets.status's default bands, as shares of the target


@functools.cache
def bakery():
    return datasets.load("daily_crumb")


def _month(frame: pd.DataFrame, column: str, month: str) -> pd.DataFrame:
    return frame[frame[column].dt.to_period("M") == pd.Period(month, "M")]


def baseline_2025(*, refunds: bool = True) -> float:
    """The average month of 2025: net revenue of the year / 12."""
    o = bakery().orders
    y = o[o["date"].dt.year == 2025]
    net = y["revenue"].sum() - (y["refunded"].sum() if refunds else 0.0)
    return float(net / 12)


def net_revenue(month: str) -> float:
    m = _month(bakery().orders, "date", month)
    return float((m["revenue"] - m["refunded"]).sum())


def compound(baseline: float, target: float, months: float) -> float:
    """Constant monthly rate r with baseline * (1 + r) ** months == target."""
    return (target / baseline) ** (1.0 / months) - 1.0


def new_customers(month: str) -> int:
    """Customers whose first order ever is in ``month`` (from the customers table)."""
    return len(_month(bakery().customers, "first_order_date", month))


def active_customers(month: str) -> int:
    return int(_month(bakery().orders, "date", month)["customer_id"].nunique())


def spend(month: str) -> float:
    return float(_month(bakery().marketing, "date", month)["spend"].sum())


def cac(month: str) -> float:
    return spend(month) / new_customers(month)


def traffic_light(actual: float, target: float, polarity: str) -> str:
    """on track / at risk / off track from the shortfall on the bad side of the target."""
    short = target - actual if polarity == "higher" else actual - target
    if short <= BANDS[0] * abs(target):
        return "on track"
    if short <= BANDS[1] * abs(target):
        return "at risk"
    return "off track"


def aov(month: str, *, refunds: bool = True) -> float:
    m = _month(bakery().orders, "date", month)
    net = m["revenue"].sum() - (m["refunded"].sum() if refunds else 0.0)
    return float(net / len(m))


def planned(baseline: float, target: float, share: float) -> float:
    """A compound plan's value after ``share`` of the way (0 = baseline, 1 = target)."""
    return baseline * (target / baseline) ** share
