"""Reference answers for exercise 21, computed from the raw export files with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.io.read_orders, so the exercise also checks the loader from the outside.
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets


def _money(col: pd.Series) -> pd.Series:
    text = col.str.replace("$", "", regex=False).str.replace(",", "", regex=False)
    return pd.to_numeric(text.where(text != "", "0"))


@functools.cache
def raw() -> pd.DataFrame:
    """Both files, every row, with the file's number (1, 2) and Total as a number."""
    parts = []
    for number, path in enumerate(datasets.sample_export_paths("shopify"), start=1):
        part = pd.read_csv(path, dtype=str, keep_default_na=False)
        parts.append(part.assign(file=number))
    rows = pd.concat(parts, ignore_index=True)
    for col in ["Subtotal", "Total", "Refunded Amount"]:
        rows[col + " value"] = _money(rows[col])
    return rows


def _duplicates() -> pd.Series:
    rows = raw()
    in_first = set(rows.loc[rows["file"] == 1, "Name"])
    return (rows["file"] == 2) & rows["Name"].isin(in_first)


def duplicate_money() -> float:
    return float(raw().loc[_duplicates(), "Total value"].sum())


def raw_total() -> float:
    return float(raw()["Total value"].sum())


def first_file_total() -> float:
    rows = raw()
    return float(rows.loc[rows["file"] == 1, "Total value"].sum())


def _december_orders(*, clean: bool) -> pd.DataFrame:
    rows = raw()[~_duplicates()]
    first = rows[rows["Financial Status"] != ""]  # order fields sit on an order's first row
    first = first[first["Created at"].str.startswith("2025-12")]
    if clean:
        test = first["Payment Method"].str.contains("Bogus Gateway") | (first["Tags"] == "test")
        paid = first["Financial Status"].isin(["paid", "partially_refunded", "refunded"])
        first = first[paid & ~test & (first["Cancelled at"] == "")]
    return first


def aov_december(*, net: bool = True, clean: bool = True) -> float:
    orders = _december_orders(clean=clean)
    revenue = orders["Subtotal value"]
    refunded = (orders["Refunded Amount value"] * revenue / orders["Total value"]).round(2)
    money = revenue - refunded if net else revenue
    return float(money.sum() / len(orders))


def monthly_revenue(month: str) -> float:
    """Kept net revenue (Subtotal less the refund's pre-tax share) of orders in ``month``."""
    rows = raw()[~_duplicates()]
    first = rows[rows["Financial Status"] != ""]
    test = first["Payment Method"].str.contains("Bogus Gateway") | (first["Tags"] == "test")
    paid = first["Financial Status"].isin(["paid", "partially_refunded", "refunded"])
    kept = first[paid & ~test & (first["Cancelled at"] == "")]
    kept = kept[kept["Created at"].str.startswith(month)]
    revenue = kept["Subtotal value"]
    refunded = (kept["Refunded Amount value"] * revenue / kept["Total value"]).round(2)
    return float((revenue - refunded).sum())


def goal_status(target: float, *, against_plan: bool = True) -> str:
    """Status of the revenue goal in December 2025 (baseline February, deadline Feb 2026)."""
    baseline, actual = monthly_revenue("2025-02"), monthly_revenue("2025-12")
    plan = baseline * (target / baseline) ** (10 / 12) if against_plan else target
    gap = (actual - plan) / plan
    return "on track" if gap >= -0.05 else "at risk" if gap >= -0.10 else "off track"


def formula_note() -> str:
    notes = raw()["Notes"]
    return str(notes[notes.str.startswith("=")].iloc[0])
