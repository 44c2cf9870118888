"""Reference answers for exercise 15, computed without smbkit.scenario.

The model documented in smbkit.scenario is rebuilt here with numpy alone (same random draws:
numpy's default_rng(seed), first the standard normals, then the uniforms for cost shocks),
and the read-outs are written out by hand: a share of paths, a quantile, first crossings.
"""

from __future__ import annotations

import functools

import numpy as np

from smbkit import datasets


@functools.cache
def inputs() -> dict:
    fin = datasets.load("daily_crumb").financials.set_index("month")
    y = fin.loc["2025"]
    yoy = np.log(fin["revenue"] / fin["revenue"].shift(12)).loc["2025"]
    return {
        "r0": float(y["revenue"].mean()),
        "c0": float(fin["cash"].iloc[-1]),
        "growth": float(yoy.mean() / 12),
        "vol": float(yoy.diff().std() / np.sqrt(2)),
        "margin": float(1 - y["cogs"].sum() / y["revenue"].sum()),
        "fixed": float(y["operating_expenses"].mean()),
        "revenue_2025": float(y["revenue"].sum()),
    }


def paths(kind: str, horizon: int = 24, n: int = 2000, seed: int = 0) -> dict:
    """revenue, margin, profit, cash arrays (n x horizon) for 'base', 'new_competitor' or
    'supply_shock' as defined in the lesson."""
    p = inputs()
    growth, vol, margin, shift, prob, size = p["growth"], p["vol"], p["margin"], 0.0, 0.0, 0.0
    if kind == "new_competitor":
        shift, growth = -0.15, growth - 0.005
    elif kind == "supply_shock":
        margin, prob, size = margin - 0.05, 0.3, 0.10
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, horizon))
    shocks = rng.random((n, horizon)) < prob
    revenue = p["r0"] * (1 + shift) * np.exp(np.cumsum(growth - vol**2 / 2 + vol * z, axis=1))
    m = margin - size * shocks
    profit = m * revenue - p["fixed"]
    return {"revenue": revenue, "margin": m, "profit": profit, "cash": p["c0"] + profit.cumsum(1)}


def cash_out(kind: str) -> float:
    return float((paths(kind)["cash"] < 0).any(axis=1).mean())


def cash_out_rows(kind: str) -> float:
    return float((paths(kind)["cash"] < 0).mean())


def cash_out_final(kind: str) -> float:
    return float((paths(kind)["cash"][:, -1] < 0).mean())


def chance(target_factor: float = 1.10) -> float:
    revenue = paths("base", horizon=12)["revenue"]
    return float((revenue.sum(axis=1) >= target_factor * inputs()["revenue_2025"]).mean())


def buffer_months(survival: float = 0.95) -> float:
    cum = paths("supply_shock")["profit"].cumsum(axis=1)
    need = np.maximum(0, -cum.min(axis=1))
    return float(np.quantile(need, survival) / inputs()["fixed"])


def lead(kpi: str = "revenue") -> float:
    x = paths("supply_shock")
    if kpi == "revenue":
        crossed = x["revenue"] < 0.85 * inputs()["r0"]
    else:
        crossed = x["margin"] < inputs()["margin"] - 0.075
    h = crossed.shape[1]
    warn = np.where(crossed.any(1), crossed.argmax(1), h)
    broke = x["cash"] < 0
    fail = np.where(broke.any(1), broke.argmax(1), h)
    ok = (fail < h) & (warn < fail)
    return float(np.median((fail - warn)[ok]))
