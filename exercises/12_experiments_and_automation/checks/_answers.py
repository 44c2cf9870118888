"""Reference answers for exercise 12, computed from the raw tables with numpy, pandas and scipy.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.experiments or smbkit.finance, so the exercise also checks the engine from the outside.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy.stats import norm

from smbkit import datasets

# the automation of questions 4 and 5
INVESTMENT = 9_000.0
SAVING = 1_200.0
RAMP = 4
SUBSCRIPTION = 100.0
MONTHS = 36
ANNUAL_RATE = 0.08


@functools.cache
def ab_test():
    return datasets.load("harbor_co").email_ab_test


def _counts(outcome: str):
    t = ab_test()
    a, b = t[t["variant"] == "A"][outcome], t[t["variant"] == "B"][outcome]
    return int(a.sum()), len(a), int(b.sum()), len(b)


def lift_points(outcome: str) -> float:
    xa, na, xb, nb = _counts(outcome)
    return 100 * (xb / nb - xa / na)


def relative_lift_pct(outcome: str) -> float:
    xa, na, xb, nb = _counts(outcome)
    return 100 * ((xb / nb) / (xa / na) - 1)


def p_value(outcome: str, *, pooled: bool = True, sides: int = 2) -> float:
    xa, na, xb, nb = _counts(outcome)
    pa, pb = xa / na, xb / nb
    if pooled:
        p = (xa + xb) / (na + nb)
        se = math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    else:
        se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    z = (pb - pa) / se
    return float(2 * norm.sf(abs(z))) if sides == 2 else float(norm.sf(z))


def yates_p_value(outcome: str) -> float:
    """Chi-square test of the 2x2 table with Yates's continuity correction."""
    xa, na, xb, nb = _counts(outcome)
    table = np.array([[xa, na - xa], [xb, nb - xb]], dtype=float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0) / table.sum()
    chi2 = (((np.abs(table - expected) - 0.5) ** 2) / expected).sum()
    return float(norm.sf(math.sqrt(chi2)) * 2)


def sample_size(p1: float, p2: float, *, power: float = 0.8, sides: int = 2) -> float:
    """People per group from Cohen's h (unrounded)."""
    h = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))
    z = norm.ppf(1 - 0.05 / sides) + norm.ppf(power)
    return 2 * (z / h) ** 2


def flows(*, ramp: bool = True, subscription: bool = True) -> np.ndarray:
    months = np.arange(1, MONTHS + 1)
    adoption = np.minimum(months / RAMP, 1.0) if ramp else np.ones(MONTHS)
    monthly = adoption * SAVING - (SUBSCRIPTION if subscription else 0.0)
    return np.r_[-INVESTMENT, monthly]


def payback(cash: np.ndarray) -> float:
    total = 0.0
    for month, flow in enumerate(cash):
        if total + flow >= 0 and month > 0:
            return month - 1 + (-total) / flow
        total += flow
    return math.nan


def npv(cash: np.ndarray, monthly_rate: float, *, shift: int = 0) -> float:
    t = np.arange(len(cash)) + shift
    return float(np.sum(cash / (1 + monthly_rate) ** t))


def monthly_rate() -> float:
    return (1 + ANNUAL_RATE) ** (1 / 12) - 1
