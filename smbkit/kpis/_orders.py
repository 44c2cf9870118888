"""Shared tier-1 aggregations over the ``orders`` table (engine-agnostic, narwhals)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import narwhals as nw
import pandas as pd

from smbkit.kpis._engine import Rule, Source, load, on_grid, to_pandas
from smbkit.kpis._periods import check_freq, next_period_expr, period_expr

__all__ = ["Aggregate", "customer_activity", "load_orders", "order_totals"]

_MONEY = ("revenue", "refunded", "cost", "discount")


@dataclass(frozen=True)
class Aggregate:
    """Per-period numbers on the full period grid, with the data's first and last day."""

    table: pd.DataFrame
    first_day: pd.Timestamp
    last_day: pd.Timestamp


def _cached(cache, key, make):
    if cache is None:
        return make()
    if key not in cache:
        cache[key] = make()
    return cache[key]


def load_orders(func: str, orders, roles: Mapping[str, str]) -> Source:
    """Check the ``orders`` columns named in ``roles`` (date, money, customer)."""
    rules = []
    c = nw.col
    if "revenue" in roles:
        rules.append(
            Rule(
                "revenue",
                c("revenue") < 0,
                "have negative revenue",
                "revenue is after discount and before refunds, so it is never "
                "negative; record money given back in the refunded column",
            )
        )
    if "refunded" in roles:
        rules.append(
            Rule(
                "refunded",
                c("refunded") < 0,
                "have a negative refund",
                "refunded is the money given back, 0 or more",
            )
        )
        if "revenue" in roles:
            rules.append(
                Rule(
                    "refunded",
                    c("refunded") > c("revenue"),
                    "have refunded greater than revenue",
                    "a refund cannot exceed what the order brought in",
                )
            )
    if "cost" in roles:
        rules.append(
            Rule("cost", c("cost") < 0, "have a negative cost", "cost of goods is 0 or more")
        )
    if "discount" in roles:
        rules.append(
            Rule(
                "discount",
                c("discount") < 0,
                "have a negative discount",
                "discount is the money taken off the list price, 0 or more",
            )
        )
    money = [r for r in _MONEY if r in roles]
    return load(
        func,
        orders,
        table="orders",
        roles=roles,
        dates=("date",),
        numbers=money,
        required=("date", *money),
        rules=rules,
        span="date",
    )


def order_totals(func: str, orders, roles: Mapping[str, str], freq: str, cache=None) -> Aggregate:
    """Sum money and count orders per period.

    Columns of the table: ``orders`` and one per money role in ``roles``; a period without
    orders holds 0 (an empty sum is zero), with the grid covering the data's whole range.
    """
    check_freq(func, freq)
    key = ("order_totals", id(orders), tuple(sorted(roles.items())), freq)

    def make() -> Aggregate:
        src = load_orders(func, orders, roles)
        money = [r for r in _MONEY if r in roles]
        agg = to_pandas(
            src.lf.with_columns(period_expr("date", freq).alias("period"))
            .group_by("period")
            .agg(nw.len().alias("orders"), *[nw.col(m).sum() for m in money])
            .sort("period")
        )
        table = on_grid(agg, src.first_day, src.last_day, freq).fillna(0.0)
        return Aggregate(table, src.first_day, src.last_day)

    return _cached(cache, key, make)


def customer_activity(
    func: str, orders, roles: Mapping[str, str], freq: str, cache=None
) -> Aggregate:
    """Count identified customers per period (guests, i.e. a missing customer, excluded).

    Columns: ``active`` (distinct customers with an order in the period), ``repeat``
    (of those, customers with 2 or more orders in the period), ``new`` (customers whose
    first order in the data falls in the period), ``retained`` (customers active in both the
    previous period and this one), ``guest_orders`` (orders without a customer).
    """
    check_freq(func, freq)
    key = ("customer_activity", id(orders), tuple(sorted(roles.items())), freq)

    def make() -> Aggregate:
        src = load_orders(func, orders, roles)
        lf = src.lf.with_columns(period_expr("date", freq).alias("period"))
        known = lf.filter(~nw.col("customer").is_null())
        pairs = known.group_by("period", "customer").agg(nw.len().alias("n"))
        # group_by takes plain aggregations only (pandas), so flag repeaters first.
        activity = (
            pairs.with_columns((nw.col("n") >= 2).cast(nw.Int64).alias("repeat"))
            .group_by("period")
            .agg(nw.len().alias("active"), nw.col("repeat").sum())
        )
        firsts = (
            known.group_by("customer")
            .agg(nw.col("period").min())
            .group_by("period")
            .agg(nw.len().alias("new"))
        )
        # A customer active in period p and in the period after p is retained there.
        shifted = pairs.select(next_period_expr("period", freq).alias("period"), nw.col("customer"))
        retained = (
            shifted.join(pairs.select("period", "customer"), on=["period", "customer"])
            .group_by("period")
            .agg(nw.len().alias("retained"))
        )
        guests = (
            lf.filter(nw.col("customer").is_null())
            .group_by("period")
            .agg(nw.len().alias("guest_orders"))
        )
        table = on_grid(to_pandas(activity), src.first_day, src.last_day, freq)
        for part in (firsts, retained, guests):
            table = table.join(to_pandas(part).set_index("period"), how="left")
        return Aggregate(table.fillna(0.0), src.first_day, src.last_day)

    return _cached(cache, key, make)
