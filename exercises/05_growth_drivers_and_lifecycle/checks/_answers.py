"""Reference answers for exercise 05, computed from the raw tables with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.finance or smbkit.lifecycle, so the exercise also checks those from the outside.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from smbkit import datasets

# Question 2's fixed costs and question 4's curve, as stated in the questions.
FIXED_COSTS = 21_000.0
CURVE = {"K": 400_000.0, "r": 0.25, "t0": 14.0, "t": 22.0}


@functools.cache
def bakery():
    return datasets.load("daily_crumb")


def books() -> pd.DataFrame:
    return bakery().financials.set_index("month").sort_index()


def runway(month: str, *, months: int = 3) -> float:
    """Cash at the end of `month` / average fall in cash over the `months` months to it."""
    cash = books()["cash"]
    end = cash.index.get_loc(pd.Timestamp(month))
    falls = [cash.iloc[i - 1] - cash.iloc[i] for i in range(end - months + 1, end + 1)]
    return float(cash.iloc[end] / (sum(falls) / months))


def runway_from_net_income(month: str) -> float:
    """The mistake of taking the accounting loss for the cash burn."""
    table = books()
    end = table.index.get_loc(pd.Timestamp(month))
    loss = -table["net_income"].iloc[end - 2 : end + 1].mean()
    return float(table["cash"].iloc[end] / loss)


def _riverside(year: int) -> pd.DataFrame:
    o = bakery().orders
    return o[(o["location"] == "Riverside") & (o["date"].dt.year == year)]


def break_even_orders(year: int = 2025, *, net: bool = True) -> float:
    r = _riverside(year)
    sales = r["revenue"].sum() - (r["refunded"].sum() if net else 0.0)
    price, unit_cost = sales / len(r), r["cost"].sum() / len(r)
    return FIXED_COSTS / (price - unit_cost)


def riverside_price(year: int = 2025) -> float:
    r = _riverside(year)
    return float((r["revenue"].sum() - r["refunded"].sum()) / len(r))


def _net_by_year(channel: str | None = None, *, net: bool = True) -> pd.Series:
    o = bakery().orders
    if channel is not None:
        o = o[o["channel"] == channel]
    money = o["revenue"] - (o["refunded"] if net else 0.0)
    return money.groupby(o["date"].dt.year).sum()


def catering_share_of_growth(before: int = 2024, after: int = 2025, *, net: bool = True) -> float:
    cat, total = _net_by_year("catering", net=net), _net_by_year(net=net)
    return float(100 * (cat[after] - cat[before]) / (total[after] - total[before]))


def catering_growth_rate(before: int = 2024, after: int = 2025) -> float:
    """The mistake of answering with catering's own growth rate."""
    cat = _net_by_year("catering")
    return float(100 * (cat[after] / cat[before] - 1))


def catering_share_of_revenue(year: int = 2025) -> float:
    return float(100 * _net_by_year("catering")[year] / _net_by_year()[year])


def curve_point() -> tuple[float, float]:
    """Share of the ceiling and speed relative to the peak (4 p (1 - p)) at month t."""
    c = CURVE
    share = 1.0 / (1.0 + math.exp(-c["r"] * (c["t"] - c["t0"])))
    return share, 4.0 * share * (1.0 - share)


def working_capital_change(before: str = "2024-12-01", after: str = "2025-12-01") -> float:
    table = books()

    def wc(month: str) -> float:
        row = table.loc[pd.Timestamp(month)]
        return float(row["accounts_receivable"] + row["inventory"] - row["accounts_payable"])

    return wc(after) - wc(before)


def curve_stage() -> str:
    """The stage rule of the lesson: growth at >= half the peak speed, else by the midpoint."""
    _, speed = curve_point()
    if speed >= 0.5:
        return "growth"
    return "maturity" if CURVE["t"] > CURVE["t0"] else "start-up"
