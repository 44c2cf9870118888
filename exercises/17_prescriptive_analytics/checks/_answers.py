"""Reference answers for exercise 17, computed without smbkit.optimize.

The price test is the same seeded simulation as the exercise's set-up cell; the elasticity
is the slope of numpy's least-squares line through the logs, the best price the mark-up rule
p* = c e / (1 + e), and the inventory answers follow Harris's EOQ and the safety stock
z sqrt(L sd_d^2 + d^2 sd_L^2) on Northwind's 2025 brass bar lots, with plain pandas.
"""

from __future__ import annotations

import functools
import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from smbkit import datasets

UNIT_COST = 1.60
ORDER_COST = 150.0
DEMAND_SD = 450.0


@functools.cache
def price_test() -> pd.DataFrame:
    rng = np.random.default_rng(2026)
    prices = rng.permutation(np.repeat([4.50, 4.75, 5.00, 5.25, 5.50], 8))
    return pd.DataFrame({"price": prices, "units": rng.poisson(400 * (prices / 5.0) ** -2.6)})


def elasticity() -> float:
    t = price_test()
    return float(np.polyfit(np.log(t["price"]), np.log(t["units"]), 1)[0])


def linear_slope() -> float:
    """Units per USD from a straight line in levels (not an elasticity)."""
    t = price_test()
    return float(np.polyfit(t["price"], t["units"], 1)[0])


def inverse_slope() -> float:
    """Slope of log price on log units (the regression the wrong way round)."""
    t = price_test()
    return float(np.polyfit(np.log(t["units"]), np.log(t["price"]), 1)[0])


def best_price(e: float | None = None) -> float:
    e = elasticity() if e is None else e
    return UNIT_COST * e / (1 + e)


@functools.cache
def brass() -> pd.DataFrame:
    lots = datasets.load("northwind_supply").material_lots
    keep = (lots["material"] == "brass bar") & (lots["received_date"].dt.year == 2025)
    return lots.loc[keep]


def yearly_demand() -> float:
    return float(brass()["quantity_kg"].sum())


def holding_cost() -> float:
    return 0.25 * float(brass()["price_per_kg"].mean())


def eoq(factor: float = 2.0, holding: float | None = None) -> float:
    h = holding_cost() if holding is None else holding
    return math.sqrt(factor * yearly_demand() * ORDER_COST / h)


def lead_time() -> tuple[float, float]:
    lt = brass()["lead_time_days"]
    return float(lt.mean()), float(lt.std())


def safety_stock(level: float = 0.95, varying: bool = True) -> float:
    z = NormalDist().inv_cdf(level)
    d = yearly_demand() / 365
    mean, sd = lead_time()
    return z * math.sqrt(mean * DEMAND_SD**2 + (d**2 * sd**2 if varying else 0.0))


def safety_stock_added_sds(level: float = 0.95) -> float:
    """z (sd_d sqrt(L) + d sd_L): adding standard deviations instead of variances."""
    z = NormalDist().inv_cdf(level)
    d = yearly_demand() / 365
    mean, sd = lead_time()
    return z * (DEMAND_SD * math.sqrt(mean) + d * sd)


def reorder_point() -> float:
    return yearly_demand() / 365 * lead_time()[0] + safety_stock()
