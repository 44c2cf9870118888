"""Reference answers for exercise 07, computed from the raw tables with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.kpis or smbkit.targets (the learner's route), so the exercise also checks the KPI
engine and the OKR and cascade arithmetic from the outside.
"""

from __future__ import annotations

import functools

import pandas as pd

from smbkit import datasets

Q4_2024, Q4_2025 = "2024Q4", "2025Q4"
REPEAT_TARGET, REFUND_TARGET = 82.0, 0.60
LINE_TARGETS = {"Line 1": 2.5, "Line 2": 4.0, "Line 3": 1.6}

# Question 5: the draft cascade and the dashboard, as given in the exercise
DRAFT = [
    ("Plant defect rate down", None, "defect_rate"),
    ("Production", "Plant defect rate down", None),
    ("Line 1", "Production", "line1_defect_rate"),
    ("Line 2", "Production", "line2_defect_rate"),
    ("Line 3", "Production", "line3_defect_rate"),
    ("Quality control", "Plant defect rate down", "qc_detection_rate"),
    ("Procurement", "Plant defect rate down", None),
    ("Engineering", "Plant defect rate down", None),
]
DASHBOARD = (
    "defect_rate",
    "line1_defect_rate",
    "line2_defect_rate",
    "line3_defect_rate",
    "units_produced",
    "price_per_kg",
    "supplier_lead_time_days",
)


@functools.cache
def _bakery():
    return datasets.load("daily_crumb")


@functools.cache
def _northwind():
    return datasets.load("northwind_supply")


def _quarter(quarter: str) -> pd.DataFrame:
    o = _bakery().orders
    return o[o["date"].dt.to_period("Q") == pd.Period(quarter, "Q")]


def repeat_rate(quarter: str) -> float:
    """% of the quarter's known customers who ordered at least twice in it."""
    counts = _quarter(quarter).dropna(subset=["customer_id"])["customer_id"].value_counts()
    return float(100 * (counts >= 2).sum() / len(counts))


def refund_rate(quarter: str) -> float:
    """Refunds as % of revenue in the quarter."""
    q = _quarter(quarter)
    return float(100 * q["refunded"].sum() / q["revenue"].sum())


def raw_progress(current: float, start: float, target: float) -> float:
    return (current - start) / (target - start)


def progress(current: float, start: float, target: float) -> float:
    return min(1.0, max(0.0, raw_progress(current, start, target)))


def repeat_progress(current_quarter: str = Q4_2025) -> float:
    return progress(repeat_rate(current_quarter), repeat_rate(Q4_2024), REPEAT_TARGET)


def refund_progress(*, clip: bool = True) -> float:
    f = progress if clip else raw_progress
    return f(refund_rate(Q4_2025), refund_rate(Q4_2024), REFUND_TARGET)


def objective_score() -> float:
    return (repeat_progress() + refund_progress()) / 2


def supplier_rates(year: int = 2024, *, pooled: bool = True) -> pd.Series:
    """Defect rate (%) of the lots received in the year, by supplier name."""
    nw = _northwind()
    lots = nw.material_lots[nw.material_lots["received_date"].dt.year == year]
    names = nw.suppliers.set_index("supplier_id")["name"]
    by = lots.groupby(lots["supplier_id"].map(names))
    if pooled:
        rates = 100 * by["units_defective"].sum() / by["units_made"].sum()
    else:
        rates = 100 * by["defect_rate"].mean()
    return rates.astype(float)


def supplier_ids() -> dict[str, str]:
    s = _northwind().suppliers
    return dict(zip(s["name"], s["supplier_id"], strict=True))


def line_rates(year: int) -> pd.Series:
    p = _northwind().production
    p = p[p["date"].dt.year == year]
    by = p.groupby("line")
    return (100 * by["units_defective"].sum() / by["units_produced"].sum()).astype(float)


def production_progress(*, weights: str = "defects", clip: bool = True) -> float:
    """Weighted mean of the lines' progress from their 2024 to their 2025 defect rate.

    weights: "defects" (share of 2024 defective units, the question's rule), "units"
    (share of 2024 output) or "equal".
    """
    p = _northwind().production
    p24 = p[p["date"].dt.year == 2024]
    if weights == "defects":
        w = p24.groupby("line")["units_defective"].sum()
    elif weights == "units":
        w = p24.groupby("line")["units_produced"].sum()
    else:
        w = pd.Series(1.0, index=sorted(LINE_TARGETS))
    w = w / w.sum()
    start, now = line_rates(2024), line_rates(2025)
    f = progress if clip else raw_progress
    return float(sum(w[line] * f(now[line], start[line], t) for line, t in LINE_TARGETS.items()))


def orphan_kpis() -> set[str]:
    """KPIs on the dashboard that no goal names."""
    named = {kpi for *_, kpi in DRAFT if kpi is not None}
    return set(DASHBOARD) - named


def kpis_not_in_use() -> set[str]:
    """KPIs that a goal names but the dashboard does not track."""
    return {kpi for *_, kpi in DRAFT if kpi is not None} - set(DASHBOARD)


def unmeasured_goals() -> set[str]:
    """Goals with no KPI on themselves or on any goal below them."""
    kids: dict[str, list[str]] = {}
    kpi = {}
    for node, parent, k in DRAFT:
        kids.setdefault(parent, []).append(node)
        kpi[node] = k

    def measured(node: str) -> bool:
        return kpi[node] is not None or any(measured(c) for c in kids.get(node, []))

    return {node for node, *_ in DRAFT if not measured(node)}


def goals_without_own_kpi() -> set[str]:
    """Goals with no KPI of their own (the mistake of ignoring the goals below)."""
    return {node for node, _, k in DRAFT if k is None}
