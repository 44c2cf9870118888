"""Key performance indicators of a small business, computed from its canonical tables.

:func:`catalog` lists every KPI (definition, formula, unit, polarity, leading or lagging,
balanced-scorecard perspective, required tables). :func:`compute` computes many at once
into one tidy frame ``period, kpi, value, unit, partial, note``. Each KPI is also a plain
function, data first and column roles keyword-only, returning ``period, value, note``.

Aggregations over raw rows are narwhals expressions, so every function accepts a pandas or
polars DataFrame, a polars LazyFrame or a DuckDB relation and returns a small pandas frame.
Periods are labelled by their first day; weeks start on Monday. A ratio whose denominator
is zero is NaN with the reason in ``note``, never 0 or inf. Customer KPIs exclude guest
checkouts (orders without a customer id) by definition.

Beyond orders and the books: the sales pipeline from ``deals`` (:func:`win_rate`,
:func:`average_won_deal`, :func:`sales_cycle_days`, :func:`new_deals`,
:func:`open_pipeline_value`, :func:`pipeline_velocity`), product engagement from ``events``
(:func:`dau`, :func:`wau`, :func:`mau`, :func:`stickiness`; anonymous events count by
device) and delivery from ``tasks`` (:func:`tasks_completed`, :func:`on_time_rate`,
:func:`cycle_time_days`, :func:`throughput`, :func:`open_overdue_tasks`). :func:`compute`
with ``kpis=None`` computes them only when their table is present.

Refunds count on their order's date (``orders.refunded``) unless :func:`compute` is asked
for ``refund_basis="issued"``: then they count when they were issued, from a ``refunds``
table, as the platforms' sales reports book them. Every function refuses, with a
:class:`smbkit.DataError` naming the column, an example and the fix, an orders table whose
``order_id`` repeats, inf or -inf in a number column, and a repeated column name.

>>> from smbkit import kpis
>>> "gross_margin" in set(kpis.catalog()["kpi"])
True
"""

from smbkit.kpis._catalog import catalog
from smbkit.kpis._compute import compute
from smbkit.kpis._customers import (
    active_customers,
    cac,
    churn_rate,
    new_customers,
    repeat_purchase_rate,
    retention_rate,
)
from smbkit.kpis._delivery import (
    cycle_time_days,
    on_time_rate,
    open_overdue_tasks,
    tasks_completed,
    throughput,
)
from smbkit.kpis._engagement import dau, mau, stickiness, wau
from smbkit.kpis._experience import conversion_rate, csat, nps
from smbkit.kpis._finance import (
    cash_conversion_cycle,
    dio,
    dpo,
    dso,
    inventory_turnover,
    net_margin,
)
from smbkit.kpis._people import employee_turnover, revenue_per_employee
from smbkit.kpis._pipeline import (
    average_won_deal,
    new_deals,
    open_pipeline_value,
    pipeline_velocity,
    sales_cycle_days,
    win_rate,
)
from smbkit.kpis._sales import (
    average_order_value,
    discount_rate,
    gross_margin,
    gross_profit,
    orders,
    refund_rate,
    revenue,
    revenue_growth,
    revenue_growth_yoy,
)

__all__ = [
    "active_customers",
    "average_order_value",
    "average_won_deal",
    "cac",
    "cash_conversion_cycle",
    "catalog",
    "churn_rate",
    "compute",
    "conversion_rate",
    "csat",
    "cycle_time_days",
    "dau",
    "dio",
    "discount_rate",
    "dpo",
    "dso",
    "employee_turnover",
    "gross_margin",
    "gross_profit",
    "inventory_turnover",
    "mau",
    "net_margin",
    "new_customers",
    "new_deals",
    "nps",
    "on_time_rate",
    "open_overdue_tasks",
    "open_pipeline_value",
    "orders",
    "pipeline_velocity",
    "refund_rate",
    "repeat_purchase_rate",
    "retention_rate",
    "revenue",
    "revenue_growth",
    "revenue_growth_yoy",
    "revenue_per_employee",
    "sales_cycle_days",
    "stickiness",
    "tasks_completed",
    "throughput",
    "wau",
    "win_rate",
]
