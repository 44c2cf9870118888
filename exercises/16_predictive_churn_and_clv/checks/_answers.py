"""Reference answers for exercise 16, computed without smbkit.customers.

The per-customer summary is rebuilt with plain pandas from the bakery's orders (purchase
days, in weeks), and the BG/NBD model is fitted here with scipy from the likelihood of
Fader, Hardie & Lee (2005, eq. 6), written with gamma functions directly, so the checks
test smbkit from the outside.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from smbkit import datasets

CAL_END = pd.Timestamp("2024-12-31")
OBS_END = pd.Timestamp("2025-12-31")
YEAR = 365 / 7  # the 365 days of 2025, in weeks
CUSTOMER = "C-000452"


@functools.cache
def days() -> pd.DataFrame:
    """One row per customer and day with an order, up to the end of 2025."""
    o = datasets.load("daily_crumb").orders
    o = o[o["customer_id"].notna()]
    d = pd.DataFrame(
        {"customer": o["customer_id"].astype(str), "day": o["date"].dt.normalize()}
    ).drop_duplicates()
    return d[d["day"] <= OBS_END]


@functools.cache
def summary() -> pd.DataFrame:
    """x, t_x, T (weeks) to the end of 2024 and the purchase days in 2025, per customer."""
    d = days()
    cal = d[d["day"] <= CAL_END]
    g = cal.groupby("customer")["day"]
    first, last, n = g.min(), g.max(), g.size()
    later = d[d["day"] > CAL_END].groupby("customer").size()
    return pd.DataFrame(
        {
            "x": n - 1,
            "t_x": (last - first).dt.days / 7,
            "T": (CAL_END - first).dt.days / 7,
            "holdout": later.reindex(n.index, fill_value=0),
        }
    )


def orders_once() -> int:
    """Customers with exactly one order (not one day) in 2022-2024."""
    o = datasets.load("daily_crumb").orders
    o = o[o["customer_id"].notna() & (o["date"] < CAL_END + pd.Timedelta(days=1))]
    return int((o.groupby("customer_id").size() == 1).sum())


@functools.cache
def params() -> tuple[float, float, float, float]:
    from scipy.optimize import minimize
    from scipy.special import gammaln

    s = summary()
    x, tx, big_t = (s[c].to_numpy(dtype=float) for c in ("x", "t_x", "T"))

    def lbeta(p, q):
        return gammaln(p) + gammaln(q) - gammaln(p + q)

    def nll(theta):
        r, al, a, b = np.exp(theta)
        a1 = gammaln(r + x) - gammaln(r) + r * np.log(al)
        a2 = lbeta(a, b + x) - lbeta(a, b) - (r + x) * np.log(al + big_t)
        a3 = np.where(
            x > 0,
            lbeta(a + 1, np.maximum(b + x - 1, 1e-12)) - lbeta(a, b) - (r + x) * np.log(al + tx),
            -np.inf,
        )
        return -np.sum(a1 + np.logaddexp(a2, a3))

    res = minimize(nll, np.zeros(4), method="BFGS")
    res = minimize(nll, res.x, method="Powell", options={"xtol": 1e-8, "ftol": 1e-12})
    return tuple(float(v) for v in np.exp(res.x))


def p_alive(x, t_x, big_t) -> np.ndarray:
    r, al, a, b = params()
    x, t_x, big_t = (np.asarray(v, dtype=float) for v in (x, t_x, big_t))
    ratio = np.where(x > 0, a / np.maximum(b + x - 1, 1e-12), 0.0)
    return 1 / (1 + ratio * ((al + big_t) / (al + t_x)) ** (r + x))


def expected(x, t_x, big_t, t) -> np.ndarray:
    from scipy.special import hyp2f1

    r, al, a, b = params()
    x, t_x, big_t = (np.asarray(v, dtype=float) for v in (x, t_x, big_t))
    head = (a + b + x - 1) / (a - 1)
    tail = 1 - ((al + big_t) / (al + big_t + t)) ** (r + x) * hyp2f1(
        r + x, b + x, a + b + x - 1, t / (al + big_t + t)
    )
    return head * tail * p_alive(x, t_x, big_t)


def customer_row() -> pd.Series:
    return summary().loc[CUSTOMER]


def confident() -> pd.DataFrame:
    """Repeat customers with P(alive) of 0.9 or more at the end of 2024."""
    s = summary()
    pa = p_alive(s["x"], s["t_x"], s["T"])
    return s[(s["x"] > 0) & (pa >= 0.9)].assign(p_alive=pa[(s["x"] > 0) & (pa >= 0.9)])
