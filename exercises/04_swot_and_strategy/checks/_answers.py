"""Reference answers for exercise 04, computed with plain Python and pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.strategy or smbkit.kpis, so the exercise also checks the package from the outside.
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets

# question 1: each statement's origin (does the bakery control it?) and effect on the aim
STATEMENTS = {
    "Our regulars come back week after week": ("internal", "helpful"),
    "Our gross margin has slipped for two years": ("internal", "harmful"),
    "More people in town order food online each year": ("external", "helpful"),
    "A national coffee chain is looking at a site on our street": ("external", "harmful"),
    "Customers queue at the counter at busy times": ("internal", "harmful"),
    "New offices nearby want catered breakfasts": ("external", "helpful"),
}
QUADRANT = {
    ("internal", "helpful"): "strength",
    ("internal", "harmful"): "weakness",
    ("external", "helpful"): "opportunity",
    ("external", "harmful"): "threat",
}
COST_SHOCK = 0.15  # question 4


def quadrant_of(statement: str) -> str:
    return QUADRANT[STATEMENTS[statement]]


def unmeasured_items(items) -> set[str]:
    """Items of priority 2 or 3 whose KPI is missing or blank."""
    return {
        d["item"]
        for d in items
        if d.get("priority", 0) >= 2 and not str(d.get("kpi") or "").strip()
    }


@functools.cache
def orders_2025() -> pd.DataFrame:
    o = datasets.load("daily_crumb").orders
    return o[o["date"].dt.year == 2025]


def channel_share(channels=("online",), *, refunds: bool = True) -> float:
    """Percent of 2025 net revenue from ``channels``."""
    o = orders_2025()
    net = o["revenue"] - (o["refunded"] if refunds else 0.0)
    return float(100 * net[o["channel"].isin(list(channels))].sum() / net.sum())


def order_share(channel: str = "online") -> float:
    o = orders_2025()
    return float(100 * (o["channel"] == channel).mean())


def margin_2025(shock: float = 0.0, *, refunds: bool = True) -> float:
    o = orders_2025()
    net = o["revenue"].sum() - (o["refunded"].sum() if refunds else 0.0)
    return float(100 * (net - (1 + shock) * o["cost"].sum()) / net)
