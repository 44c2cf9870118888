"""The KPI registry: one entry per KPI, the single source of both catalog() and compute().

A runner takes ``(tables, freq, cache)``. :func:`compute` puts a ``refunds`` table into
``tables`` only when refunds are booked when issued (``refund_basis="issued"``); the
runners of KPIs that subtract refunds pass it on, and book refunds on the order's date
when it is absent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from smbkit.kpis import (
    _customers,
    _delivery,
    _engagement,
    _experience,
    _finance,
    _people,
    _pipeline,
    _sales,
)
from smbkit.kpis._periods import FREQS

__all__ = ["REGISTRY", "Kpi", "catalog"]

# Canonical column roles of each table (role -> column), used by compute().
_O = {"date": "date", "revenue": "revenue", "refunded": "refunded"}
_OC = {**_O, "cost": "cost"}
_OD = {"date": "date", "revenue": "revenue", "discount": "discount"}
_O_SALES = {"date": "date", "revenue": "revenue"}  # refunds come from the refunds table
_CUST = {"date": "date", "customer": "customer_id"}
_MKT = {"date": "date", "spend": "spend"}
_WEB = {"date": "date", "sessions": "sessions", "conversions": "conversions"}
_NPS = {"date": "date", "nps_score": "nps_score"}
_CSAT = {"date": "date", "csat_score": "csat_score"}
_EMP = {"hire_date": "hire_date", "exit_date": "exit_date"}
_FIN = {
    "month": "month",
    "revenue": "revenue",
    "cogs": "cogs",
    "net_income": "net_income",
    "accounts_receivable": "accounts_receivable",
    "inventory": "inventory",
    "accounts_payable": "accounts_payable",
}
_FIN_FREQS = _finance.FIN_FREQS
_DEALS = {"outcome": "outcome", "amount": "amount", "created": "created", "closed": "closed"}
_EVENTS = {"user_id": "user_id", "device_id": "device_id", "time": "time"}
_TASKS = {"created": "created", "due": "due", "completed": "completed"}

Runner = Callable[[Mapping[str, object], str, dict], pd.DataFrame]


@dataclass(frozen=True)
class Kpi:
    """One KPI: what it means and how :func:`compute` runs it."""

    kpi: str
    label: str
    definition: str
    formula: str
    unit: str
    polarity: str
    kind: str
    perspective: str
    tables: tuple[str, ...]
    freqs: tuple[str, ...]
    run: Runner


def _orders_end(t, cache):
    """Last order day, so headcount periods reach the end of the sales data (or None)."""
    if "orders" not in t:
        return None
    from smbkit.kpis._orders import order_totals

    return order_totals("employee_turnover", t["orders"], {"date": "date"}, "M", cache).last_day


def _count_roles(t):
    """Roles for counting orders: the orders' refunds are not read when issued ones are."""
    return _O_SALES if "refunds" in t else _O


def _turnover(t, f, c):
    return _people._turnover(t["employees"], _EMP, f, cache=c, end=_orders_end(t, c))


_ENTRIES = [
    Kpi(
        "revenue",
        "Net revenue",
        "Money customers paid in the period, after discounts and less refunds.",
        "sum(revenue - refunded); refund_basis='issued': sum(revenue) - refunds issued in t",
        "USD",
        "higher",
        "lagging",
        "financial",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._revenue(t["orders"], _O, f, c, refunds=t.get("refunds")),
    ),
    Kpi(
        "revenue_growth",
        "Revenue growth",
        "How much net revenue changed from the previous period, in percent.",
        "100 * (net revenue_t - net revenue_t-1) / net revenue_t-1, net revenue on the "
        "chosen refund basis",
        "%",
        "higher",
        "lagging",
        "financial",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._growth(
            t["orders"], _O, f, c, "revenue_growth", yoy=False, refunds=t.get("refunds")
        ),
    ),
    Kpi(
        "revenue_growth_yoy",
        "Revenue growth, year over year",
        "How much net revenue changed from the same period a year earlier, in percent.",
        "100 * (net revenue_t - net revenue_t-1y) / net revenue_t-1y, net revenue on the "
        "chosen refund basis",
        "%",
        "higher",
        "lagging",
        "financial",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._growth(
            t["orders"], _O, f, c, "revenue_growth_yoy", yoy=True, refunds=t.get("refunds")
        ),
    ),
    Kpi(
        "orders",
        "Orders",
        "How many orders customers placed in the period.",
        "count(orders)",
        "count",
        "higher",
        "lagging",
        "customer",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._orders(t["orders"], _count_roles(t), f, c),
    ),
    Kpi(
        "average_order_value",
        "Average order value",
        "What an order brings in on average, after discounts and refunds.",
        "sum(revenue - refunded) / count(orders); refund_basis='issued': "
        "(sum(revenue) - refunds issued in t) / count(orders)",
        "USD",
        "higher",
        "lagging",
        "financial",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._aov(t["orders"], _O, f, c, refunds=t.get("refunds")),
    ),
    Kpi(
        "gross_profit",
        "Gross profit",
        "Net revenue minus the cost of the goods sold: what is left for wages, rent and profit.",
        "sum(revenue - refunded - cost); refund_basis='issued': "
        "sum(revenue - cost) - refunds issued in t",
        "USD",
        "higher",
        "lagging",
        "financial",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._gross_profit(t["orders"], _OC, f, c, refunds=t.get("refunds")),
    ),
    Kpi(
        "gross_margin",
        "Gross margin",
        "The share of net revenue left after paying for the goods sold.",
        "100 * sum(revenue - refunded - cost) / sum(revenue - refunded); "
        "refund_basis='issued': refunds issued in t replace sum(refunded)",
        "%",
        "higher",
        "lagging",
        "financial",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._gross_margin(t["orders"], _OC, f, c, refunds=t.get("refunds")),
    ),
    Kpi(
        "discount_rate",
        "Discount rate",
        "The share of sales at list price that was given away as discounts.",
        "100 * sum(discount) / sum(revenue + discount)",
        "%",
        "lower",
        "leading",
        "internal process",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._discount_rate(t["orders"], _OD, f, c),
    ),
    Kpi(
        "refund_rate",
        "Refund rate",
        "The share of revenue given back to customers as refunds.",
        "100 * sum(refunded) / sum(revenue); refund_basis='issued': "
        "100 * refunds issued in t / sum(revenue)",
        "%",
        "lower",
        "leading",
        "internal process",
        ("orders",),
        FREQS,
        lambda t, f, c: _sales._refund_rate(t["orders"], _O, f, c, refunds=t.get("refunds")),
    ),
    Kpi(
        "active_customers",
        "Active customers",
        "How many identified customers (guests excluded) ordered in the period.",
        "count(distinct customer_id with an order in t)",
        "count",
        "higher",
        "lagging",
        "customer",
        ("orders",),
        FREQS,
        lambda t, f, c: _customers._active(t["orders"], _CUST, f, c),
    ),
    Kpi(
        "new_customers",
        "New customers",
        "How many customers placed their first order in the period (guests excluded).",
        "count(customers whose first order is in t)",
        "count",
        "higher",
        "leading",
        "customer",
        ("orders",),
        FREQS,
        lambda t, f, c: _customers._new(t["orders"], _CUST, f, c),
    ),
    Kpi(
        "repeat_purchase_rate",
        "Repeat purchase rate",
        "The share of active customers who ordered at least twice in the period.",
        "100 * count(customers with >= 2 orders in t) / active customers_t",
        "%",
        "higher",
        "leading",
        "customer",
        ("orders",),
        FREQS,
        lambda t, f, c: _customers._repeat(t["orders"], _CUST, f, c),
    ),
    Kpi(
        "retention_rate",
        "Customer retention rate",
        "The share of last period's customers who ordered again this period (guests excluded).",
        "100 * |active_t-1 and active_t| / |active_t-1|",
        "%",
        "higher",
        "leading",
        "customer",
        ("orders",),
        FREQS,
        lambda t, f, c: _customers._retention(t["orders"], _CUST, f, c),
    ),
    Kpi(
        "churn_rate",
        "Customer churn rate",
        "The share of last period's customers who did not order this period (guests excluded).",
        "100 - retention rate = 100 * |active_t-1 not active_t| / |active_t-1|",
        "%",
        "lower",
        "leading",
        "customer",
        ("orders",),
        FREQS,
        lambda t, f, c: _customers._retention(t["orders"], _CUST, f, c, "churn_rate", True),
    ),
    Kpi(
        "cac",
        "Customer acquisition cost",
        "Marketing spend divided by the number of new customers won in the period.",
        "sum(marketing spend) / new customers",
        "USD",
        "lower",
        "leading",
        "customer",
        ("marketing", "orders"),
        FREQS,
        lambda t, f, c: _customers._cac(t["marketing"], t["orders"], _MKT, _CUST, f, c),
    ),
    Kpi(
        "conversion_rate",
        "Website conversion rate",
        "The share of website sessions that ended in an order.",
        "100 * sum(conversions) / sum(sessions)",
        "%",
        "higher",
        "leading",
        "internal process",
        ("web",),
        FREQS,
        lambda t, f, c: _experience._conversion(t["web"], _WEB, f, c),
    ),
    Kpi(
        "csat",
        "Customer satisfaction (CSAT)",
        "The share of survey answers of 4 or 5 on a 1-5 satisfaction scale.",
        "100 * count(csat_score in {4, 5}) / count(responses)",
        "%",
        "higher",
        "leading",
        "customer",
        ("surveys",),
        FREQS,
        lambda t, f, c: _experience._csat(t["surveys"], _CSAT, f, c),
    ),
    Kpi(
        "nps",
        "Net Promoter Score",
        "The percentage of promoters (9-10) minus the percentage of detractors (0-6) "
        "among people asked how likely they are to recommend the business.",
        "100 * (count(score >= 9) - count(score <= 6)) / count(responses)",
        "points",
        "higher",
        "leading",
        "customer",
        ("surveys",),
        FREQS,
        lambda t, f, c: _experience._nps(t["surveys"], _NPS, f, c),
    ),
    Kpi(
        "net_margin",
        "Net margin",
        "The share of revenue left as profit after every cost (monthly financials).",
        "100 * sum(net_income) / sum(revenue)",
        "%",
        "higher",
        "lagging",
        "financial",
        ("financials",),
        _FIN_FREQS,
        lambda t, f, c: _finance._net_margin(t["financials"], _FIN, f, c),
    ),
    Kpi(
        "inventory_turnover",
        "Inventory turnover",
        "How many times the period's cost of goods sold covers the average inventory "
        "(per period, not annualised).",
        "sum(cogs) / ((opening inventory + closing inventory) / 2)",
        "times",
        "higher",
        "lagging",
        "internal process",
        ("financials",),
        _FIN_FREQS,
        lambda t, f, c: _finance._inventory_turnover(t["financials"], _FIN, f, c),
    ),
    Kpi(
        "dso",
        "Days sales outstanding",
        "How many days customers take to pay, on average.",
        "((opening AR + closing AR) / 2) / revenue * days in period",
        "days",
        "lower",
        "lagging",
        "internal process",
        ("financials",),
        _FIN_FREQS,
        lambda t, f, c: _finance._days(
            t["financials"], _FIN, f, c, "dso", "accounts_receivable", "revenue"
        ),
    ),
    Kpi(
        "dio",
        "Days inventory outstanding",
        "How many days of goods sold the business holds in stock, on average.",
        "((opening inventory + closing inventory) / 2) / cogs * days in period",
        "days",
        "lower",
        "lagging",
        "internal process",
        ("financials",),
        _FIN_FREQS,
        lambda t, f, c: _finance._days(t["financials"], _FIN, f, c, "dio", "inventory", "cogs"),
    ),
    Kpi(
        "dpo",
        "Days payables outstanding",
        "How many days the business takes to pay its suppliers, on average.",
        "((opening AP + closing AP) / 2) / cogs * days in period",
        "days",
        "higher",
        "lagging",
        "internal process",
        ("financials",),
        _FIN_FREQS,
        lambda t, f, c: _finance._days(
            t["financials"], _FIN, f, c, "dpo", "accounts_payable", "cogs"
        ),
    ),
    Kpi(
        "cash_conversion_cycle",
        "Cash conversion cycle",
        "How many days pass between paying for goods and being paid by customers.",
        "DSO + DIO - DPO",
        "days",
        "lower",
        "lagging",
        "financial",
        ("financials",),
        _FIN_FREQS,
        lambda t, f, c: _finance._ccc(t["financials"], _FIN, f, c),
    ),
    Kpi(
        "employee_turnover",
        "Employee turnover",
        "The share of the average headcount who left during the period (not annualised).",
        "100 * exits / ((opening headcount + closing headcount) / 2)",
        "%",
        "lower",
        "leading",
        "learning and growth",
        ("employees",),
        FREQS,
        _turnover,
    ),
    Kpi(
        "revenue_per_employee",
        "Revenue per employee",
        "Net revenue in the period divided by the average number of people on staff.",
        "sum(revenue - refunded) / ((opening headcount + closing headcount) / 2); "
        "refund_basis='issued': refunds issued in t replace sum(refunded)",
        "USD per employee",
        "higher",
        "lagging",
        "learning and growth",
        ("orders", "employees"),
        FREQS,
        lambda t, f, c: _people._revenue_per_employee(
            t["orders"], t["employees"], _O, _EMP, f, c, refunds=t.get("refunds")
        ),
    ),
    # --- sales pipeline (deals) -----------------------------------------------------------
    # Process quality of the funnel's last step, which drives revenue to come (as conversion_rate).
    Kpi(
        "win_rate",
        "Win rate",
        "The share of the deals closed in the period that were won.",
        "100 * won / (won + lost), deals closed in t",
        "%",
        "higher",
        "leading",
        "internal process",
        ("deals",),
        FREQS,
        lambda t, f, c: _pipeline._win_rate(t["deals"], _DEALS, f, c),
    ),
    # Money already booked per win, an outcome (as average_order_value).
    Kpi(
        "average_won_deal",
        "Average won deal",
        "The average amount of the deals won in the period (deals without an amount left out).",
        "sum(amount of deals won in t) / count(deals won in t with an amount)",
        "USD",
        "higher",
        "lagging",
        "financial",
        ("deals",),
        FREQS,
        lambda t, f, c: _pipeline._average_won_deal(t["deals"], _DEALS, f, c),
    ),
    # A slower cycle pushes revenue later: a process measure that moves before sales do.
    Kpi(
        "sales_cycle_days",
        "Sales cycle",
        "The mean number of days from creation to close of the deals won in the period.",
        "mean(closed - created) over deals won in t, in days",
        "days",
        "lower",
        "leading",
        "internal process",
        ("deals",),
        FREQS,
        lambda t, f, c: _pipeline._sales_cycle(t["deals"], _DEALS, f, c),
    ),
    # The top of the funnel: tomorrow's customers (as new_customers).
    Kpi(
        "new_deals",
        "New deals",
        "How many deals were created in the period.",
        "count(deals created in t)",
        "count",
        "higher",
        "leading",
        "customer",
        ("deals",),
        FREQS,
        lambda t, f, c: _pipeline._new_deals(t["deals"], _DEALS, f, c),
    ),
    # Money that may still come in: forward-looking, in money.
    Kpi(
        "open_pipeline_value",
        "Open pipeline value",
        "The summed amount of the deals open at the end of the period (unweighted).",
        "sum(amount) over deals with created <= end of t and (closed missing or > end of t)",
        "USD",
        "higher",
        "leading",
        "financial",
        ("deals",),
        FREQS,
        lambda t, f, c: _pipeline._open_value(t["deals"], _DEALS, f, c),
    ),
    # The "sales velocity" formula: how fast the pipeline turns into money.
    Kpi(
        "pipeline_velocity",
        "Pipeline velocity",
        "Deals open at the period's end times win rate times average won deal, per day of "
        "sales cycle (the sales velocity formula).",
        "open deals at end of t * win rate_t / 100 * average won deal_t / sales cycle days_t",
        "USD per day",
        "higher",
        "leading",
        "financial",
        ("deals",),
        FREQS,
        lambda t, f, c: _pipeline._velocity(t["deals"], _DEALS, f, c),
    ),
    # --- product engagement (events) --------------------------------------------------------
    # Use comes before renewals and word of mouth: customer measures that lead revenue.
    Kpi(
        "dau",
        "Daily active users",
        "Distinct users with an event on a day, averaged over the period's days (anonymous "
        "events count by device).",
        "mean over days d in t of |users active on d|",
        "count",
        "higher",
        "leading",
        "customer",
        ("events",),
        FREQS,
        lambda t, f, c: _engagement._active(t["events"], _EVENTS, f, c, kpi="dau"),
    ),
    Kpi(
        "wau",
        "Weekly active users",
        "Distinct users with an event in the 7 days up to a day, averaged over the period's "
        "days (anonymous events count by device).",
        "mean over days d in t of |users active on d-6 .. d|",
        "count",
        "higher",
        "leading",
        "customer",
        ("events",),
        FREQS,
        lambda t, f, c: _engagement._active(t["events"], _EVENTS, f, c, kpi="wau"),
    ),
    Kpi(
        "mau",
        "Monthly active users",
        "Distinct users with an event in the 30 days up to a day, averaged over the period's "
        "days (anonymous events count by device).",
        "mean over days d in t of |users active on d-29 .. d|",
        "count",
        "higher",
        "leading",
        "customer",
        ("events",),
        FREQS,
        lambda t, f, c: _engagement._active(t["events"], _EVENTS, f, c, kpi="mau"),
    ),
    # How habitual use is: a customer measure that comes before churn shows.
    Kpi(
        "stickiness",
        "Stickiness (DAU/MAU)",
        "Daily active users as a share of monthly active users, in the period's mean.",
        "100 * DAU_t / MAU_t",
        "%",
        "higher",
        "leading",
        "customer",
        ("events",),
        FREQS,
        lambda t, f, c: _engagement._stickiness(t["events"], _EVENTS, f, c),
    ),
    # --- delivery (tasks) ---------------------------------------------------------------------
    # Work already done: the process's output, an outcome.
    Kpi(
        "tasks_completed",
        "Tasks completed",
        "How many tasks were completed in the period (subtasks included).",
        "count(tasks completed in t)",
        "count",
        "higher",
        "lagging",
        "internal process",
        ("tasks",),
        FREQS,
        lambda t, f, c: _delivery._tasks_completed(t["tasks"], _TASKS, f, c),
    ),
    # Promises kept predict customer satisfaction: process quality (as refund_rate).
    Kpi(
        "on_time_rate",
        "On-time rate",
        "The share of the tasks with a due day completed in the period that were done on or "
        "before it.",
        "100 * count(completed day <= due day) / count(tasks with a due day completed in t)",
        "%",
        "higher",
        "leading",
        "internal process",
        ("tasks",),
        FREQS,
        lambda t, f, c: _delivery._on_time(t["tasks"], _TASKS, f, c),
    ),
    # Speed of the process, which moves before output and satisfaction do.
    Kpi(
        "cycle_time_days",
        "Cycle time",
        "The median number of days from creation to completion of the tasks completed in the "
        "period.",
        "median(completed - created) over tasks completed in t, in days",
        "days",
        "lower",
        "leading",
        "internal process",
        ("tasks",),
        FREQS,
        lambda t, f, c: _delivery._cycle_time(t["tasks"], _TASKS, f, c),
    ),
    # Output on a weekly scale: an outcome, like tasks_completed (equal to it weekly).
    Kpi(
        "throughput",
        "Throughput",
        "Tasks completed per week of the period (equal to tasks completed when weekly).",
        "count(tasks completed in t) / (days in t / 7)",
        "tasks per week",
        "higher",
        "lagging",
        "internal process",
        ("tasks",),
        FREQS,
        lambda t, f, c: _delivery._throughput(t["tasks"], _TASKS, f, c),
    ),
    # A growing late backlog comes before missed deliveries and unhappy customers.
    Kpi(
        "open_overdue_tasks",
        "Open overdue tasks",
        "How many tasks were past their due day and not done at the end of the period.",
        "count(tasks with created <= end of t, due day < end of t, not completed by end of t)",
        "count",
        "lower",
        "leading",
        "internal process",
        ("tasks",),
        FREQS,
        lambda t, f, c: _delivery._overdue(t["tasks"], _TASKS, f, c),
    ),
]

#: KPI id -> entry, in catalog order.
REGISTRY: dict[str, Kpi] = {k.kpi: k for k in _ENTRIES}

_COLUMNS = [
    "kpi",
    "label",
    "definition",
    "formula",
    "unit",
    "polarity",
    "kind",
    "perspective",
    "tables",
    "freqs",
]


def catalog() -> pd.DataFrame:
    """Return the KPI catalog: one row per KPI smbkit computes.

    Returns
    -------
    DataFrame
        ``kpi`` (id), ``label``, ``definition`` (one plain sentence), ``formula`` (plain
        text), ``unit`` ("USD", "%", "count", "days", "points", "times", "USD per
        employee", "USD per day" or "tasks per week"), ``polarity`` ("higher" or "lower" is better), ``kind`` ("leading" or
        "lagging"), ``perspective`` (balanced scorecard: "financial", "customer",
        "internal process", "learning and growth"), ``tables`` (required tables,
        comma-separated) and ``freqs`` (frequencies it can be computed at,
        comma-separated).

    Notes
    -----
    The catalog and :func:`compute` are built from the same registry, so every KPI listed
    here can be computed and nothing else can. Formulas that subtract refunds say what
    ``compute(..., refund_basis="issued")`` puts in place of ``sum(refunded)``: the refunds
    issued in the period, whatever the date of their orders. The four perspectives are those of Kaplan
    & Norton's balanced scorecard (Harvard Business Review, 1992).

    Examples
    --------
    >>> from smbkit.kpis import catalog
    >>> cat = catalog()
    >>> cat.loc[cat["kpi"] == "churn_rate", ["unit", "polarity", "tables"]].iloc[0].tolist()
    ['%', 'lower', 'orders']
    """
    rows = [
        [getattr(k, c) for c in _COLUMNS[:-2]] + [",".join(k.tables), ",".join(k.freqs)]
        for k in _ENTRIES
    ]
    return pd.DataFrame(rows, columns=_COLUMNS).astype("str")
