"""Customer KPIs from ``orders`` (and ``marketing`` for CAC).

Customer KPIs count identified customers only: an order without a customer id (a guest
checkout) cannot be followed over time, so guests are excluded by definition, not by
accident. Their orders still count in revenue, orders and AOV.
"""

from __future__ import annotations

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.kpis._engine import Rule, load, public, ratio, result, to_pandas
from smbkit.kpis._orders import customer_activity
from smbkit.kpis._periods import check_freq, grid, partial_flags, period_expr, previous_period

__all__ = [
    "active_customers",
    "cac",
    "churn_rate",
    "new_customers",
    "repeat_purchase_rate",
    "retention_rate",
]

FIRST_NEW = "first period of the data: every customer counts as new"


def _finish(agg, value, note, freq, partial=None):
    return result(
        agg.table.index,
        value,
        note,
        freq=freq,
        first_day=agg.first_day,
        last_day=agg.last_day,
        partial=partial,
    )


def _active(o, roles, freq, cache=None, func="active_customers"):
    agg = customer_activity(func, o, roles, freq, cache)
    t = agg.table
    note = np.where(t["active"] == 0, "no identified customers in period", None)
    return _finish(agg, t["active"], note, freq)


def active_customers(orders, *, customer="customer_id", date="date", freq="M"):
    """Count distinct identified customers who ordered in each period.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    customer : str, default "customer_id"
        Column with the customer id; missing for guest checkouts, which are excluded.
    date : str, default "date"
        Column with the order's date and time.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (count), ``note``.

    Raises
    ------
    DataError
        If a column is missing, or a date is missing or unreadable.

    Notes
    -----
    .. math:: A_t = |\\{c : c \\text{ ordered in } t\\}|

    The size of the customer base that is actually buying.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import active_customers
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-09", "2024-01-10"]),
    ...                        "customer_id": ["a", "a", None]})
    >>> active_customers(orders)["value"].tolist()
    [1.0]
    """
    return public(_active(orders, {"date": date, "customer": customer}, freq))


def _new(o, roles, freq, cache=None, func="new_customers"):
    agg = customer_activity(func, o, roles, freq, cache)
    t = agg.table
    note = np.where(np.arange(len(t)) == 0, FIRST_NEW, None)
    return _finish(agg, t["new"], note, freq)


def new_customers(orders, *, customer="customer_id", date="date", freq="M"):
    """Count customers whose first order in the data falls in each period.

    Parameters
    ----------
    orders : DataFrame
        One row per order; guests (missing customer id) are excluded.
    customer, date : str
        Columns with the customer id and the order date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (count), ``note``. The first period's note warns that
        every customer seen then counts as new (the data has no earlier history).

    Raises
    ------
    DataError
        If a column is missing, or a date is missing or unreadable.

    Notes
    -----
    .. math:: N^{new}_t = |\\{c : \\min_i \\text{date}_{c,i} \\in t\\}|

    How many customers the business wins.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import new_customers
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-02-09", "2024-02-10"]),
    ...                        "customer_id": ["a", "a", "b"]})
    >>> new_customers(orders)["value"].tolist()
    [1.0, 1.0]
    """
    return public(_new(orders, {"date": date, "customer": customer}, freq))


def _repeat(o, roles, freq, cache=None, func="repeat_purchase_rate"):
    agg = customer_activity(func, o, roles, freq, cache)
    t = agg.table
    value, note = ratio(
        t["repeat"],
        t["active"],
        scale=100.0,
        zero_note="no identified customers in period: denominator is zero",
    )
    return _finish(agg, value, note, freq)


def repeat_purchase_rate(orders, *, customer="customer_id", date="date", freq="M"):
    """Compute the share of active customers who ordered twice or more in the period (%).

    Parameters
    ----------
    orders : DataFrame
        One row per order; guests (missing customer id) are excluded.
    customer, date : str
        Columns with the customer id and the order date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday. The rate grows with the period length.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where no identified customer ordered.

    Raises
    ------
    DataError
        If a column is missing, or a date is missing or unreadable.

    Notes
    -----
    .. math:: RPR_t = 100 \\cdot \\frac{|\\{c : c \\text{ has} \\geq 2 \\text{ orders in } t\\}|}{A_t}

    How habitual buying is: a bakery's regulars come back within the month.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import repeat_purchase_rate
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-09", "2024-01-10"]),
    ...                        "customer_id": ["a", "a", "b"]})
    >>> repeat_purchase_rate(orders)["value"].tolist()
    [50.0]
    """
    return public(_repeat(orders, {"date": date, "customer": customer}, freq))


def _retention(o, roles, freq, cache=None, func="retention_rate", churn=False):
    agg = customer_activity(func, o, roles, freq, cache)
    t = agg.table
    starts = pd.DatetimeIndex(t.index)
    before = previous_period(starts, freq)
    active_before = t["active"].reindex(before)
    active_before.index = t.index
    value, note = ratio(
        t["retained"],
        active_before,
        scale=100.0,
        zero_note="no identified customers in the previous period: denominator is zero",
    )
    missing = active_before.isna().to_numpy()
    value = value.where(~missing)
    note = note.where(~missing, "the previous period is not in the data")
    if churn:
        value = 100.0 - value
    partial = np.asarray(partial_flags(starts, freq, agg.first_day, agg.last_day)) | np.asarray(
        partial_flags(pd.DatetimeIndex(before), freq, agg.first_day, agg.last_day)
    )
    return _finish(agg, value, note, freq, partial=partial)


def retention_rate(orders, *, customer="customer_id", date="date", freq="M"):
    """Compute the share of last period's customers who ordered again this period (%).

    A non-contractual retention rate: nobody cancels a bakery, so a customer counts as
    retained in period :math:`t` when they ordered in :math:`t-1` and again in :math:`t`.

    Parameters
    ----------
    orders : DataFrame
        One row per order; guests (missing customer id) are excluded by definition.
    customer, date : str
        Columns with the customer id and the order date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``. The first period is NaN (no previous period);
        a previous period without identified customers gives NaN too.

    Raises
    ------
    DataError
        If a column is missing, or a date is missing or unreadable.

    Notes
    -----
    .. math:: \\text{retention}_t = 100 \\cdot \\frac{|A_{t-1} \\cap A_t|}{|A_{t-1}|}

    with :math:`A_t` the set of customers who ordered in :math:`t`. How well the business
    keeps the customers it has. :func:`churn_rate` is its complement.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import retention_rate
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-01-05", "2024-01-09", "2024-02-10", "2024-02-11"]),
    ...     "customer_id": ["a", "b", "a", "c"]})
    >>> retention_rate(orders)["value"].tolist()
    [nan, 50.0]
    """
    return public(_retention(orders, {"date": date, "customer": customer}, freq))


def churn_rate(orders, *, customer="customer_id", date="date", freq="M"):
    """Compute the share of last period's customers who did not order this period (%).

    Parameters
    ----------
    orders : DataFrame
        One row per order; guests (missing customer id) are excluded by definition.
    customer, date : str
        Columns with the customer id and the order date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN exactly where :func:`retention_rate` is.

    Raises
    ------
    DataError
        If a column is missing, or a date is missing or unreadable.

    Notes
    -----
    .. math:: \\text{churn}_t = 100 - \\text{retention}_t
        = 100 \\cdot \\frac{|A_{t-1} \\setminus A_t|}{|A_{t-1}|}

    The share of the customer base lost (for now) from one period to the next.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import churn_rate
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-01-05", "2024-01-09", "2024-02-10", "2024-02-11"]),
    ...     "customer_id": ["a", "b", "a", "c"]})
    >>> churn_rate(orders)["value"].tolist()
    [nan, 50.0]
    """
    roles = {"date": date, "customer": customer}
    return public(_retention(orders, roles, freq, func="churn_rate", churn=True))


def marketing_spend(func: str, marketing, roles, freq: str, cache=None):
    """Return (spend per period on the marketing grid, first day, last day)."""
    check_freq(func, freq)
    key = ("marketing_spend", id(marketing), tuple(sorted(roles.items())), freq)
    if cache is not None and key in cache:
        return cache[key]
    src = load(
        func,
        marketing,
        table="marketing",
        roles=roles,
        dates=("date",),
        numbers=("spend",),
        required=("date", "spend"),
        rules=[
            Rule(
                "spend",
                nw.col("spend") < 0,
                "have negative spend",
                "spend is money paid out, 0 or more",
            )
        ],
        span="date",
    )
    agg = to_pandas(
        src.lf.with_columns(period_expr("date", freq).alias("period"))
        .group_by("period")
        .agg(nw.col("spend").sum())
        .sort("period")
    )
    out = (agg.set_index("period")["spend"], src.first_day, src.last_day)
    if cache is not None:
        cache[key] = out
    return out


def _cac(m, o, m_roles, o_roles, freq, cache=None, func="cac"):
    spend, m_first, m_last = marketing_spend(func, m, m_roles, freq, cache)
    agg = customer_activity(func, o, o_roles, freq, cache)
    first, last = max(m_first, agg.first_day), min(m_last, agg.last_day)
    periods = grid(m_first, m_last, freq).intersection(agg.table.index)
    if len(periods) == 0:
        raise DataError(
            f"{func}: marketing ({m_first.date()} to {m_last.date()}) and orders "
            f"({agg.first_day.date()} to {agg.last_day.date()}) do not overlap in time; "
            "CAC needs spend and new customers for the same periods."
        )
    periods.name = "period"
    new = agg.table["new"].reindex(periods)
    value, note = ratio(
        spend.reindex(periods).fillna(0.0),
        new,
        zero_note="no new customers in period: denominator is zero",
    )
    first_orders = periods == agg.table.index[0]
    note = note.where(~first_orders | note.notna(), FIRST_NEW + ", so CAC is understated")
    return result(periods, value, note, freq=freq, first_day=first, last_day=last)


def cac(
    marketing,
    orders,
    *,
    spend="spend",
    marketing_date="date",
    customer="customer_id",
    date="date",
    freq="M",
):
    """Compute customer acquisition cost: marketing spend per new customer.

    Parameters
    ----------
    marketing : DataFrame
        One row per channel and day with the money spent.
    orders : DataFrame
        One row per order; guests (missing customer id) are excluded.
    spend : str, default "spend"
        Column of ``marketing`` with the money spent, in USD.
    marketing_date : str, default "date"
        Column of ``marketing`` with the day.
    customer, date : str
        Columns of ``orders`` with the customer id and the order date.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (USD per new customer), ``note``; only periods both tables
        cover. NaN where no new customer was won (spend cannot be shared out).

    Raises
    ------
    DataError
        If a column is missing, spend is negative, a date is missing or unreadable, or the
        two tables do not overlap in time.

    Notes
    -----
    .. math:: CAC_t = \\frac{\\sum_{\\text{channels, days} \\in t} \\text{spend}}{N^{new}_t}

    What it costs, on average, to win one customer; a blended figure (all spend over all
    new customers, whatever brought them in).

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import cac
    >>> marketing = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
    ...                           "spend": [30.0, 30.0]})
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-09"]),
    ...                        "customer_id": ["a", "b"]})
    >>> cac(marketing, orders)["value"].tolist()
    [30.0]
    """
    m_roles = {"date": marketing_date, "spend": spend}
    o_roles = {"date": date, "customer": customer}
    return public(_cac(marketing, orders, m_roles, o_roles, freq))
