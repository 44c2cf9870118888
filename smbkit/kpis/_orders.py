"""Shared tier-1 aggregations over the ``orders`` table (engine-agnostic, narwhals).

Refund basis. ``orders.refunded`` books each refund on its order's date (the "order"
basis: right for cohorts and customer value). With a ``refunds`` table (one row per
refund: ``order_id``, ``date`` issued, ``amount``), :func:`order_totals` can book refunds
in the period they were issued instead (the "issued" basis of Square's and Shopify's sales
reports): the per-period ``refunded`` column then holds the refunds issued in the period,
and the period grid runs over the orders' and the refunds' dates together, so a refund
issued in a period without orders still has its period. Partial flags keep following the
orders' dates: a period the orders do not cover is partial whatever its refunds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import narwhals as nw
import pandas as pd

from smbkit.kpis._engine import ORDER_KEY, Rule, Source, load, on_grid, to_pandas
from smbkit.kpis._periods import check_freq, grid, next_period_expr, period_expr

__all__ = [
    "REFUND_BASES",
    "REFUND_ROLES",
    "Aggregate",
    "customer_activity",
    "load_orders",
    "load_refunds",
    "order_totals",
    "refund_totals",
    "segment_span",
]

_MONEY = ("revenue", "refunded", "cost", "discount")

#: The ways a refund can be booked: on its order's date, or on the day it was issued.
REFUND_BASES = ("order", "issued")
#: Columns of the canonical ``refunds`` table that the KPIs read (role -> column).
REFUND_ROLES = {"order_id": "order_id", "date": "date", "amount": "amount"}


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


def segment_span(cache, orders):
    """Return the (first, last) day of the whole data when ``orders`` is one segment of it.

    :func:`smbkit.kpis.compute` with ``by=`` registers each segment's table in the cache
    under ``("segment_span", id(table))``; the aggregates then run on the whole data's
    period grid, and a segment's data are taken to cover from its own first order to the
    whole data's last day (a shop that opened mid-month is partial in that month).
    """
    if cache is None:
        return None
    return cache.get(("segment_span", id(orders)))


def _span(src: Source, span):
    """Grid (first, last) and coverage (first, last) of a table or of one segment of it."""
    if span is None:
        return (src.first_day, src.last_day), (src.first_day, src.last_day)
    return span, (src.first_day, span[1])


def load_orders(func: str, orders, roles: Mapping[str, str], cache=None) -> Source:
    """Check the ``orders`` columns named in ``roles`` (date, money, customer).

    ``order_id``, when present, may not repeat; with a ``cache`` (one :func:`compute`
    call) that is checked once per table rather than once per set of roles.
    """
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
    src = load(
        func,
        orders,
        table="orders",
        roles=roles,
        dates=("date",),
        numbers=money,
        required=("date", *money),
        rules=rules,
        span="date",
        unique=None if cache is not None and ("order_key", id(orders)) in cache else ORDER_KEY,
    )
    if cache is not None:
        cache[("order_key", id(orders))] = True
    return src


def load_refunds(func: str, refunds) -> Source:
    """Check the ``refunds`` table: order id, issue date and a finite amount of 0 or more.

    A refund may name an order that is not in ``orders`` (a sale outside the files is still
    money that left in the period) and an order may have several refunds, so ``order_id``
    is neither matched nor required to be unique. A table without rows is fine: no refund
    was issued.
    """
    return load(
        func,
        refunds,
        table="refunds",
        roles=REFUND_ROLES,
        dates=("date",),
        numbers=("amount",),
        required=("date", "amount"),
        rules=[
            Rule(
                "amount",
                nw.col("amount") < 0,
                "have a negative amount",
                "amount is the money given back, 0 or more; a refund that was reversed "
                "is no refund: remove both rows",
            )
        ],
        span="date",
        allow_empty=True,
    )


def refund_totals(func: str, refunds, freq: str, cache=None) -> Aggregate:
    """Sum the refunds issued per period.

    The table has one column, ``refunded``, indexed by the periods in which a refund was
    issued (periods without refunds are absent); first and last day are those of the
    refunds (NaT when the table is empty).
    """
    check_freq(func, freq)
    key = ("refund_totals", id(refunds), freq)

    def make() -> Aggregate:
        src = load_refunds(func, refunds)
        agg = to_pandas(
            src.lf.with_columns(period_expr("date", freq).alias("period"))
            .group_by("period")
            .agg(nw.col("amount").sum().alias("refunded"))
            .sort("period")
        )
        return Aggregate(agg.set_index("period"), src.first_day, src.last_day)

    return _cached(cache, key, make)


def _issued_totals(func, orders, roles, freq, cache, refunds) -> Aggregate:
    """Order totals with ``refunded`` replaced by the refunds issued in each period."""
    key = ("issued_totals", id(orders), id(refunds), tuple(sorted(roles.items())), freq)

    def make() -> Aggregate:
        sales = order_totals(
            func, orders, {r: c for r, c in roles.items() if r != "refunded"}, freq, cache
        )
        issued = refund_totals(func, refunds, freq, cache)
        starts = sales.table.index
        if len(issued.table):
            starts = grid(
                min(sales.first_day, issued.first_day), max(sales.last_day, issued.last_day), freq
            )
        # A period without orders sold nothing (0), as on the orders-only grid.
        table = sales.table.reindex(starts).fillna(0.0)
        table["refunded"] = issued.table["refunded"].reindex(starts).fillna(0.0)
        table = table[["orders", *[m for m in _MONEY if m in roles]]]
        table.index.name = "period"
        return Aggregate(table, sales.first_day, sales.last_day)

    return _cached(cache, key, make)


def order_totals(
    func: str, orders, roles: Mapping[str, str], freq: str, cache=None, refunds=None
) -> Aggregate:
    """Sum money and count orders per period.

    Columns of the table: ``orders`` and one per money role in ``roles``; a period without
    orders holds 0 (an empty sum is zero), with the grid covering the data's whole range.
    With ``refunds`` (the refunds table) and a ``refunded`` role, ``refunded`` is the sum of
    the refunds *issued* in the period and the grid covers the refunds' dates too; the
    orders' ``refunded`` column is then not read. First and last day stay the orders'.
    """
    check_freq(func, freq)
    if refunds is not None and "refunded" in roles:
        return _issued_totals(func, orders, roles, freq, cache, refunds)
    key = ("order_totals", id(orders), tuple(sorted(roles.items())), freq)

    def make() -> Aggregate:
        src = load_orders(func, orders, roles, cache)
        money = [r for r in _MONEY if r in roles]
        agg = to_pandas(
            src.lf.with_columns(period_expr("date", freq).alias("period"))
            .group_by("period")
            .agg(nw.len().alias("orders"), *[nw.col(m).sum() for m in money])
            .sort("period")
        )
        (g_first, g_last), (first, last) = _span(src, segment_span(cache, orders))
        table = on_grid(agg, g_first, g_last, freq).fillna(0.0)
        return Aggregate(table, first, last)

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
        src = load_orders(func, orders, roles, cache)
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
        (g_first, g_last), (first, last) = _span(src, segment_span(cache, orders))
        table = on_grid(to_pandas(activity), g_first, g_last, freq)
        for part in (firsts, retained, guests):
            table = table.join(to_pandas(part).set_index("period"), how="left")
        return Aggregate(table.fillna(0.0), first, last)

    return _cached(cache, key, make)
