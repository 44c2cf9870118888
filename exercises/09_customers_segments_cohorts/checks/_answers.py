"""Reference answers for exercise 09, computed from the raw tables with plain pandas.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.customers or smbkit.kpis, so the exercise also checks those from the outside.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from smbkit import datasets

DISCOUNT = 0.01  # question 5's monthly discount rate, as stated in the question


@functools.cache
def bakery():
    return datasets.load("daily_crumb")


@functools.cache
def known() -> pd.DataFrame:
    """Orders with a customer id, with their calendar month."""
    o = bakery().orders
    o = o[o["customer_id"].notna()].copy()
    o["month"] = o["date"].dt.to_period("M")
    return o


def _buyers(month: str) -> set:
    o = known()
    return set(o.loc[o["month"] == pd.Period(month, "M"), "customer_id"])


# ---------------------------------------------------------------- q1: cohort retention
def cohort_share(cohort: str, later: str) -> float:
    """Share of the customers first seen in `cohort` who bought in month `later`."""
    o = known()
    first = o.groupby("customer_id")["month"].min()
    members = set(first[first == pd.Period(cohort, "M")].index)
    return len(members & _buyers(later)) / len(members)


def cohort_share_of_buyers(cohort: str, later: str) -> float:
    """The wrong denominator: the cohort's share of everybody who bought in `later`."""
    o = known()
    first = o.groupby("customer_id")["month"].min()
    members = set(first[first == pd.Period(cohort, "M")].index)
    buyers = _buyers(later)
    return len(members & buyers) / len(buyers)


def base_share(month: str, later: str) -> float:
    """The base, not the cohort: all customers of `month` who bought again in `later`."""
    before = _buyers(month)
    return len(before & _buyers(later)) / len(before)


def cohort_orders_share(cohort: str, later: str) -> float:
    """Orders, not customers: the cohort's orders in `later` per cohort member."""
    o = known()
    first = o.groupby("customer_id")["month"].min()
    members = set(first[first == pd.Period(cohort, "M")].index)
    n = o[(o["month"] == pd.Period(later, "M")) & o["customer_id"].isin(members)].shape[0]
    return n / len(members)


# ------------------------------------------------------------------------------ q2: RFM
def _score(values: pd.Series, higher_is_better: bool) -> pd.Series:
    """1 + floor(5 * customers strictly worse / customers), ties equal (lesson 09)."""
    n = len(values)
    worse = values.rank(method="min", ascending=higher_is_better) - 1
    return (1 + np.floor(5 * worse / n)).astype(int)


@functools.cache
def rfm_table() -> pd.DataFrame:
    o = known()
    as_of = bakery().orders["date"].max().normalize()
    per = o.groupby("customer_id").agg(
        last=("date", "max"), frequency=("order_id", "size"), monetary=("revenue", "sum")
    )
    per["recency_days"] = (as_of - per["last"].dt.normalize()).dt.days
    per["r"] = _score(per["recency_days"], higher_is_better=False)
    per["f"] = _score(per["frequency"], higher_is_better=True)
    per["champion"] = (per["r"] >= 4) & (per["f"] >= 4)
    return per


def spend_share_of_champions() -> float:
    t = rfm_table()
    return float(t.loc[t["champion"], "monetary"].sum() / t["monetary"].sum())


def champions_customer_share() -> float:
    return float(rfm_table()["champion"].mean())


def champions_share_of_all_revenue() -> float:
    t = rfm_table()
    return float(t.loc[t["champion"], "monetary"].sum() / bakery().orders["revenue"].sum())


# ---------------------------------------------------------------------------- q3: churn
_PAIRS = [(str(p - 1), str(p)) for p in pd.period_range("2025-01", "2025-12", freq="M")]


def pooled_churn_2025() -> float:
    """Over the month pairs Dec 2024 -> Jan 2025 ... Nov -> Dec 2025: 1 - kept / at risk."""
    kept = sum(len(_buyers(a) & _buyers(b)) for a, b in _PAIRS)
    at_risk = sum(len(_buyers(a)) for a, _ in _PAIRS)
    return 1 - kept / at_risk


def mean_monthly_churn_2025() -> float:
    """The unweighted mean of the twelve monthly churn rates."""
    rates = [1 - len(_buyers(a) & _buyers(b)) / len(_buyers(a)) for a, b in _PAIRS]
    return float(np.mean(rates))


# ------------------------------------------------------------------------------ q4: CAC
def cac(channel: str, year: int) -> float:
    m, c = bakery().marketing, bakery().customers
    spend = m.loc[(m["channel"] == channel) & (m["date"].dt.year == year), "spend"].sum()
    won = ((c["acquisition_channel"] == channel) & (c["first_order_date"].dt.year == year)).sum()
    return float(spend / won)


def blended_cac(year: int) -> float:
    m, c = bakery().marketing, bakery().customers
    return float(
        m.loc[m["date"].dt.year == year, "spend"].sum()
        / (c["first_order_date"].dt.year == year).sum()
    )


def cac_all_years(channel: str, year: int) -> float:
    """All of the channel's spend ever over the year's new customers."""
    m, c = bakery().marketing, bakery().customers
    spend = m.loc[m["channel"] == channel, "spend"].sum()
    won = ((c["acquisition_channel"] == channel) & (c["first_order_date"].dt.year == year)).sum()
    return float(spend / won)


def cost_per_lead(channel: str, year: int) -> float:
    m = bakery().marketing
    rows = m[(m["channel"] == channel) & (m["date"].dt.year == year)]
    return float(rows["spend"].sum() / rows["leads"].sum())


# ------------------------------------------------------------------------------ q5: CLV
def margin_2025() -> float:
    """Gross profit per active customer per month in 2025 (identified customers)."""
    o = known()
    y = o[o["date"].dt.year == 2025]
    profit = (y["revenue"] - y["refunded"] - y["cost"]).sum()
    return float(profit / y.groupby(["customer_id", "month"]).ngroups)


def clv(retention: float, *, discount: float = DISCOUNT) -> float:
    return margin_2025() * retention / (1 + discount - retention)
