"""Reference answers for exercise 11, computed from the raw tables with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.analysis, so the exercise also checks the package from the outside.
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets

#: The lesson's budget rule: the same month a year earlier x (1 + GROWTH_TARGET).
GROWTH_TARGET = 0.15


@functools.cache
def lines() -> pd.DataFrame:
    bakery = datasets.load("daily_crumb")
    return bakery.order_lines.merge(
        bakery.orders[["order_id", "date", "location", "channel"]], on="order_id"
    )


def _month(month: str) -> pd.DataFrame:
    table = lines()
    return table[table["date"].dt.to_period("M") == pd.Period(month, "M")]


def _year_before(month: str) -> str:
    return str(pd.Period(month, "M") - 12)


def actual(month: str, column: str = "revenue") -> float:
    return float(_month(month)[column].sum())


def last_year(month: str, column: str = "revenue") -> float:
    return float(_month(_year_before(month))[column].sum())


def budget(month: str, column: str = "revenue") -> float:
    return (1 + GROWTH_TARGET) * last_year(month, column)


def variance(month: str, column: str = "revenue") -> float:
    """Actual - budget, in USD."""
    return actual(month, column) - budget(month, column)


def _per_product(month: str, price: str) -> pd.DataFrame:
    """Quantity and price per product: budget (0) and actual (1); price paid or list."""
    frames = {}
    for key, table, scale in (
        ("0", _month(_year_before(month)), 1 + GROWTH_TARGET),
        ("1", _month(month), 1.0),
    ):
        if price == "list":
            table = table.assign(revenue=table["quantity"] * table["unit_price"])
        g = table.groupby("product")[["quantity", "revenue"]].sum() * scale
        frames[f"q{key}"] = g["quantity"]
        frames[f"p{key}"] = g["revenue"] / g["quantity"]
    return pd.DataFrame(frames)


def effects(month: str, price: str = "paid") -> dict[str, float]:
    """Volume, mix and price effects (products sold in both periods only) and two slips."""
    t = _per_product(month, price).dropna()
    q0, q1, p0, p1 = t["q0"], t["q1"], t["p0"], t["p1"]
    avg0 = (q0 * p0).sum() / q0.sum()
    return {
        "volume": float((q1.sum() - q0.sum()) * avg0),
        "mix": float((q1 * p0).sum() - q1.sum() * avg0),
        "price": float((q1 * (p1 - p0)).sum()),
        "price_on_budget_units": float((q0 * (p1 - p0)).sum()),
        "volume_and_mix": float(((q1 - q0) * p0).sum()),
    }


def line_variances(month: str) -> pd.DataFrame:
    """Per (location, channel): variance in USD and in percent of budget."""
    now = _month(month).groupby(["location", "channel"])["revenue"].sum()
    plan = (1 + GROWTH_TARGET) * _month(_year_before(month)).groupby(["location", "channel"])[
        "revenue"
    ].sum()
    usd = now.sub(plan, fill_value=0.0)
    return pd.DataFrame({"usd": usd, "pct": 100 * usd / plan})
