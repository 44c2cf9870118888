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
    "cac",
    "cash_conversion_cycle",
    "catalog",
    "churn_rate",
    "compute",
    "conversion_rate",
    "csat",
    "dio",
    "discount_rate",
    "dpo",
    "dso",
    "employee_turnover",
    "gross_margin",
    "gross_profit",
    "inventory_turnover",
    "net_margin",
    "new_customers",
    "nps",
    "orders",
    "refund_rate",
    "repeat_purchase_rate",
    "retention_rate",
    "revenue",
    "revenue_growth",
    "revenue_growth_yoy",
    "revenue_per_employee",
]
