"""Reference answers for exercise 19, computed without smbkit.growth.

Plain pandas on Northwind Supply's material lots, suppliers and production; the Bass peak
time t* = ln(q/p) / (p + q) from Bass (1969), with the average coefficients p = 0.03 and
q = 0.38 of Sultan, Farley and Lehmann's (1990) meta-analysis.
"""

from __future__ import annotations

import functools
import math

import pandas as pd

from smbkit import datasets

P, Q = 0.03, 0.38


@functools.cache
def lots() -> pd.DataFrame:
    nw = datasets.load("northwind_supply")
    return nw.material_lots.merge(nw.suppliers[["supplier_id", "name"]], on="supplier_id")


def kg_shares() -> pd.Series:
    kg = lots().groupby("name")["quantity_kg"].sum()
    return kg / kg.sum()


def supply_hhi() -> float:
    return float((100 * kg_shares()).pow(2).sum())


def lot_count_hhi() -> float:
    n = lots().groupby("name").size()
    return float((100 * n / n.sum()).pow(2).sum())


def baltic_lead_times() -> pd.Series:
    return lots().loc[lots()["name"] == "Baltic Alloys", "lead_time_days"]


def baltic_cv(ddof: int = 1) -> float:
    lt = baltic_lead_times()
    return float(lt.std(ddof=ddof) / lt.mean())


def peak_time() -> float:
    return math.log(Q / P) / (P + Q)


@functools.cache
def production_2024() -> pd.DataFrame:
    prod = datasets.load("northwind_supply").production
    return prod[prod["date"].dt.year == 2024]


def scrap_per_1000(column: str = "units_scrapped", year: int | None = 2024) -> float:
    prod = datasets.load("northwind_supply").production
    if year is not None:
        prod = prod[prod["date"].dt.year == year]
    return float(1000 * prod[column].sum() / prod["units_produced"].sum())
