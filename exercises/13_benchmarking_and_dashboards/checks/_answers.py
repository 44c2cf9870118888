"""Reference answers for exercise 13, computed from the raw tables with plain pandas/numpy.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.kpis or smbkit.benchmarks: the KPIs come from the raw tables, the peer percentiles
straight from the bundled CSV file, and the interpolation from numpy.
"""

from __future__ import annotations

import functools
import importlib.resources

import numpy as np
import pandas as pd

from smbkit import datasets

PERCENTILES = [10, 25, 50, 75, 90]


@functools.cache
def bakery():
    return datasets.load("daily_crumb")


@functools.cache
def peer_table() -> pd.DataFrame:
    path = importlib.resources.files("smbkit.datasets") / "benchmarks" / "benchmarks.csv"
    with importlib.resources.as_file(path) as p:
        table = pd.read_csv(p)
    return table[table["segment"] == "bakery"]


def peer_row(kpi: str, freq: str) -> pd.Series:
    t = peer_table()
    rows = t[(t["kpi"] == kpi) & t["freq"].isin([freq, "any"])]
    return rows.sort_values("freq", key=lambda s: s != freq).iloc[0]


def percentile(value: float, kpi: str, freq: str = "Y") -> float:
    """Linear interpolation between the given percentiles, clamped at the ends."""
    row = peer_row(kpi, freq)
    values = row[[f"p{q}" for q in PERCENTILES]].to_numpy(dtype=float)
    return float(np.interp(value, values, PERCENTILES))


def better_than(value: float, kpi: str, freq: str = "Y") -> float:
    p = percentile(value, kpi, freq)
    return p if peer_row(kpi, freq)["polarity"] == "higher" else 100.0 - p


def _year(frame: pd.DataFrame, column: str, year: int) -> pd.DataFrame:
    return frame[frame[column].dt.year == year]


def gross_margin(year: int) -> float:
    o = _year(bakery().orders, "date", year)
    net = o["revenue"].sum() - o["refunded"].sum()
    return float(100 * (net - o["cost"].sum()) / net)


def net_margin(year: int) -> float:
    f = _year(bakery().financials, "month", year)
    return float(100 * f["net_income"].sum() / f["revenue"].sum())


def aov(year: int) -> float:
    o = _year(bakery().orders, "date", year)
    return float((o["revenue"] - o["refunded"]).sum() / len(o))


def repeat_rate(year: int) -> float:
    o = _year(bakery().orders, "date", year).dropna(subset=["customer_id"])
    per_customer = o.groupby("customer_id").size()
    return float(100 * (per_customer >= 2).mean())


def nps(year: int) -> float:
    s = _year(bakery().surveys, "date", year)
    return float(100 * ((s["nps_score"] >= 9).mean() - (s["nps_score"] <= 6).mean()))


def on_staff(staff: pd.DataFrame, day: str) -> int:
    d = pd.Timestamp(day)
    employed = (staff["hire_date"] <= d) & (staff["exit_date"].isna() | (staff["exit_date"] >= d))
    return int(employed.sum())


def average_headcount(year: int, location: str | None = None) -> float:
    staff = bakery().employees
    if location is not None:
        staff = staff[staff["location"] == location]
    return (on_staff(staff, f"{year}-01-01") + on_staff(staff, f"{year}-12-31")) / 2


def turnover(year: int, location: str | None = None) -> float:
    staff = bakery().employees
    if location is not None:
        staff = staff[staff["location"] == location]
    exits = int((staff["exit_date"].dt.year == year).sum())
    return float(100 * exits / average_headcount(year, location))


def values(year: int) -> dict[str, float]:
    return {
        "gross_margin": gross_margin(year),
        "net_margin": net_margin(year),
        "average_order_value": aov(year),
        "repeat_purchase_rate": repeat_rate(year),
        "employee_turnover": turnover(year),
        "nps": nps(year),
    }


def ranking(year: int, *, polarity: bool = True) -> list[str]:
    v = values(year)
    score = {k: (better_than(x, k) if polarity else percentile(x, k)) for k, x in v.items()}
    return sorted(score, key=score.get, reverse=True)
