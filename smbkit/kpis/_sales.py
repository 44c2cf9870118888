"""Sales KPIs from the ``orders`` table: revenue, growth, orders, AOV, margins, discounts.

Every KPI here that subtracts refunds reads them from ``orders.refunded``, booked on the
order's date. :func:`smbkit.kpis.compute` with ``refund_basis="issued"`` books them on the
day they were issued instead, from a ``refunds`` table: for period :math:`t`, the sum of
the orders' refunds :math:`\\sum_{i \\in t} f_i` is replaced by
:math:`F_t = \\sum_{j : d_j \\in t} a_j`, the amounts :math:`a_j` of the refunds issued
on a day :math:`d_j` in the period. Net revenue can then be negative (more given back than
sold in a period); ratios that would lose their meaning then are NaN with a note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit.kpis._engine import public, ratio, result
from smbkit.kpis._orders import order_totals
from smbkit.kpis._periods import partial_flags, previous_period, year_earlier

__all__ = [
    "average_order_value",
    "discount_rate",
    "gross_margin",
    "gross_profit",
    "orders",
    "refund_rate",
    "revenue",
    "revenue_growth",
    "revenue_growth_yoy",
]

NO_ORDERS = "no orders in period"
NEGATIVE_BASE = (
    "net revenue in the comparison period is negative (refunds issued exceed sales): "
    "growth undefined"
)
NEGATIVE_NET = "net revenue in period is negative (refunds issued exceed sales): margin undefined"


def _finish(agg, value, note, freq, partial=None) -> pd.DataFrame:
    note = np.asarray(note, dtype=object)
    empty = (agg.table["orders"] == 0).to_numpy() & np.isnan(np.asarray(value, dtype=float))
    # A negative base or net revenue is the reason, even without orders in the period.
    empty &= ~np.isin(note, [NEGATIVE_BASE, NEGATIVE_NET])
    note = np.where(empty, NO_ORDERS + ": denominator is zero", note)
    return result(
        agg.table.index,
        value,
        note,
        freq=freq,
        first_day=agg.first_day,
        last_day=agg.last_day,
        partial=partial,
    )


def _empty_note(table: pd.DataFrame) -> pd.Series:
    return pd.Series(np.where(table["orders"] == 0, NO_ORDERS, None), index=table.index)


def _revenue(o, roles, freq, cache=None, func="revenue", refunds=None):
    agg = order_totals(func, o, roles, freq, cache, refunds)
    t = agg.table
    return _finish(agg, t["revenue"] - t["refunded"], _empty_note(t), freq)


def revenue(orders, *, date="date", revenue="revenue", refunded="refunded", freq="M"):
    """Compute net revenue per period: what customers paid, less refunds.

    Parameters
    ----------
    orders : DataFrame
        One row per order (pandas, polars eager or lazy, or a DuckDB relation).
    date : str, default "date"
        Column with the order's date and time.
    revenue : str, default "revenue"
        Column with the order's revenue after discount, in USD, net of tax.
    refunded : str, default "refunded"
        Column with the money given back on the order, in USD (0 to revenue).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period`` (start of the period), ``value`` (USD) and ``note`` (missing when
        fine; "no orders in period" for a period without orders, whose revenue is 0).

    Raises
    ------
    DataError
        If a column is missing, or revenue is negative, or refunded is negative or larger
        than revenue, or a date is missing or unreadable.

    Notes
    -----
    .. math:: \\text{net revenue}_t = \\sum_{i \\in t} (\\text{revenue}_i - \\text{refunded}_i)

    The money the business actually keeps from its sales in the period. A refund counts
    in the period of its order. :func:`compute` with ``refund_basis="issued"`` counts it
    when it was issued, as the platforms' sales reports do:

    .. math:: \\text{net revenue}^{issued}_t = \\sum_{i \\in t} \\text{revenue}_i - F_t,
              \\qquad F_t = \\sum_{j : d_j \\in t} a_j

    with :math:`a_j` the amount of refund :math:`j` of the ``refunds`` table and
    :math:`d_j` the day it was issued; it can be negative in a period with few sales.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import revenue
    >>> orders = pd.DataFrame({
    ...     "date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03"]),
    ...     "revenue": [10.0, 20.0, 30.0], "refunded": [0.0, 5.0, 0.0]})
    >>> revenue(orders)
          period  value note
    0 2024-01-01   25.0  NaN
    1 2024-02-01   30.0  NaN
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded}
    return public(_revenue(orders, roles, freq))


def _growth(o, roles, freq, cache, func, yoy, refunds=None):
    agg = order_totals(func, o, roles, freq, cache, refunds)
    t = agg.table
    net = t["revenue"] - t["refunded"]
    starts = pd.DatetimeIndex(t.index)
    before = year_earlier(starts, freq) if yoy else previous_period(starts, freq)
    base = net.reindex(before)
    base.index = t.index
    value, note = ratio(
        net - base,
        base,
        scale=100.0,
        zero_note="revenue in the comparison period is zero: growth undefined",
    )
    # Only refunds booked when issued can make a period's net revenue negative.
    negative = (base < 0).to_numpy()
    note = note.where(~negative, NEGATIVE_BASE)
    value = value.where(~negative)
    missing = base.isna().to_numpy()
    what = "the same period a year earlier" if yoy else "the previous period"
    note = note.where(~missing, f"{what} is not in the data")
    value = value.where(~missing)
    partial = np.asarray(partial_flags(starts, freq, agg.first_day, agg.last_day)) | np.asarray(
        partial_flags(pd.DatetimeIndex(before), freq, agg.first_day, agg.last_day)
    )
    return _finish(agg, value, note, freq, partial=partial)


def revenue_growth(orders, *, date="date", revenue="revenue", refunded="refunded", freq="M"):
    """Compute the change in net revenue from the previous period, in percent.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, refunded : str
        Columns with the order date, revenue after discount (USD) and refunds (USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``. The first period is NaN ("the previous
        period is not in the data"); a previous period with zero revenue gives NaN too.

    Raises
    ------
    DataError
        As :func:`revenue`.

    Notes
    -----
    .. math:: g_t = 100 \\cdot \\frac{R_t - R_{t-1}}{R_{t-1}}

    with :math:`R` the net revenue. How fast sales grow; in :func:`compute` a period is
    flagged partial when it or the period it is compared with is incomplete. With
    ``refund_basis="issued"`` in :func:`compute`, :math:`R` is the net revenue with refunds
    booked when issued (see :func:`revenue`),
    :math:`R_t = \\sum_{i \\in t} r_i - F_t`; a negative :math:`R_{t-1}` (possible only
    then) gives NaN with a note, as a growth rate on a negative base has no meaning.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import revenue_growth
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-02-03"]),
    ...                        "revenue": [100.0, 125.0], "refunded": [0.0, 0.0]})
    >>> revenue_growth(orders)["value"].tolist()
    [nan, 25.0]
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded}
    return public(_growth(orders, roles, freq, None, "revenue_growth", yoy=False))


def revenue_growth_yoy(orders, *, date="date", revenue="revenue", refunded="refunded", freq="M"):
    """Compute the change in net revenue from the same period a year earlier, in percent.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, refunded : str
        Columns with the order date, revenue after discount (USD) and refunds (USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length. Weeks are compared with the week 52 weeks (364 days) earlier, so
        the same weekday mix is compared, as retailers do.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN with a note where the year-earlier period
        is not in the data or had zero revenue.

    Raises
    ------
    DataError
        As :func:`revenue`.

    Notes
    -----
    .. math:: g^{yoy}_t = 100 \\cdot \\frac{R_t - R_{t-1y}}{R_{t-1y}}

    Growth with the season taken out: December against last December, not November.
    With ``refund_basis="issued"`` in :func:`compute`, :math:`R_t = \\sum_{i \\in t} r_i -
    F_t` as in :func:`revenue_growth`, and a negative base gives NaN with a note.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import revenue_growth_yoy
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2023-03-05", "2024-03-03"]),
    ...                        "revenue": [80.0, 100.0], "refunded": [0.0, 0.0]})
    >>> revenue_growth_yoy(orders, freq="Y")["value"].tolist()
    [nan, 25.0]
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded}
    return public(_growth(orders, roles, freq, None, "revenue_growth_yoy", yoy=True))


def _orders(o, roles, freq, cache=None, func="orders"):
    agg = order_totals(func, o, roles, freq, cache)
    return _finish(agg, agg.table["orders"], _empty_note(agg.table), freq)


def orders(orders, *, date="date", freq="M"):
    """Count orders per period.

    Parameters
    ----------
    orders : DataFrame
        One row per order; refunded orders count too (they were placed).
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
        If the date column is missing, or a date is missing or unreadable.

    Notes
    -----
    .. math:: N_t = |\\{\\text{orders placed in } t\\}|

    How busy the business is, independent of basket size.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import orders
    >>> data = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-03-03"])})
    >>> orders(data)
          period  value                 note
    0 2024-01-01    2.0                  NaN
    1 2024-02-01    0.0  no orders in period
    2 2024-03-01    1.0                  NaN
    """
    return public(_orders(orders, {"date": date}, freq))


def _aov(o, roles, freq, cache=None, func="average_order_value", refunds=None):
    agg = order_totals(func, o, roles, freq, cache, refunds)
    t = agg.table
    value, note = ratio(
        t["revenue"] - t["refunded"],
        t["orders"],
        zero_note="no orders in period: denominator is zero",
    )
    return _finish(agg, value, note, freq)


def average_order_value(orders, *, date="date", revenue="revenue", refunded="refunded", freq="M"):
    """Compute the average net revenue per order.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, refunded : str
        Columns with the order date, revenue after discount (USD) and refunds (USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (USD per order), ``note``; NaN where no orders were placed.

    Raises
    ------
    DataError
        As :func:`revenue`.

    Notes
    -----
    .. math:: \\text{AOV}_t = \\frac{\\sum_{i \\in t} (\\text{revenue}_i - \\text{refunded}_i)}{N_t}

    What a typical basket is worth; every order counts in :math:`N_t`, refunded ones too.
    With ``refund_basis="issued"`` in :func:`compute` the numerator subtracts the refunds
    issued in the period, whatever the date of their orders:

    .. math:: \\text{AOV}^{issued}_t = \\frac{\\sum_{i \\in t} \\text{revenue}_i - F_t}{N_t},
              \\qquad F_t = \\sum_{j : d_j \\in t} a_j

    so it is the net revenue per order of the period (it can be negative when a period's
    refunds exceed its sales), not the mean of a per-order quantity.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import average_order_value
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-20"]),
    ...                        "revenue": [10.0, 20.0], "refunded": [0.0, 5.0]})
    >>> average_order_value(orders)["value"].tolist()
    [12.5]
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded}
    return public(_aov(orders, roles, freq))


def _gross_profit(o, roles, freq, cache=None, func="gross_profit", refunds=None):
    agg = order_totals(func, o, roles, freq, cache, refunds)
    t = agg.table
    return _finish(agg, t["revenue"] - t["refunded"] - t["cost"], _empty_note(t), freq)


def gross_profit(
    orders, *, date="date", revenue="revenue", refunded="refunded", cost="cost", freq="M"
):
    """Compute gross profit per period: net revenue less the cost of the goods sold.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, refunded, cost : str
        Columns with the order date, revenue after discount, refunds and cost of goods
        (all USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (USD), ``note``.

    Raises
    ------
    DataError
        As :func:`revenue`, and for a negative cost.

    Notes
    -----
    .. math:: GP_t = \\sum_{i \\in t} (\\text{revenue}_i - \\text{refunded}_i - \\text{cost}_i)

    The money left to pay rent, wages and the owner. A refunded order keeps its cost
    (the goods were made and given away). With ``refund_basis="issued"`` in
    :func:`compute`, refunds count when issued while cost stays with the order's date:

    .. math:: GP^{issued}_t = \\sum_{i \\in t} (\\text{revenue}_i - \\text{cost}_i) - F_t,
              \\qquad F_t = \\sum_{j : d_j \\in t} a_j

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import gross_profit
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05"]), "revenue": [20.0],
    ...                        "refunded": [0.0], "cost": [8.0]})
    >>> gross_profit(orders)["value"].tolist()
    [12.0]
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded, "cost": cost}
    return public(_gross_profit(orders, roles, freq))


def _gross_margin(o, roles, freq, cache=None, func="gross_margin", refunds=None):
    agg = order_totals(func, o, roles, freq, cache, refunds)
    t = agg.table
    net = t["revenue"] - t["refunded"]
    value, note = ratio(
        net - t["cost"],
        net,
        scale=100.0,
        zero_note="net revenue in period is zero: denominator is zero",
    )
    # Only refunds booked when issued can make a period's net revenue negative.
    negative = (net < 0).to_numpy()
    return _finish(agg, value.where(~negative), note.where(~negative, NEGATIVE_NET), freq)


def gross_margin(
    orders, *, date="date", revenue="revenue", refunded="refunded", cost="cost", freq="M"
):
    """Compute gross margin: gross profit as a percentage of net revenue.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, refunded, cost : str
        Columns with the order date, revenue after discount, refunds and cost of goods
        (all USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where net revenue is zero.

    Raises
    ------
    DataError
        As :func:`gross_profit`.

    Notes
    -----
    .. math:: GM_t = 100 \\cdot \\frac{\\sum_{i \\in t} (r_i - f_i - c_i)}{\\sum_{i \\in t}(r_i - f_i)}

    with revenue :math:`r`, refunded :math:`f` and cost :math:`c`. Cents kept from each
    dollar of sales after paying for the goods; at most 100 % when cost is not negative.
    With ``refund_basis="issued"`` in :func:`compute`, :math:`\\sum_{i \\in t} f_i` becomes
    the refunds issued in the period, :math:`F_t = \\sum_{j : d_j \\in t} a_j`:

    .. math:: GM^{issued}_t = 100 \\cdot \\frac{\\sum_{i \\in t}(r_i - c_i) - F_t}
              {\\sum_{i \\in t} r_i - F_t}

    and a period whose net revenue is negative (more refunded than sold) has NaN with a
    note: a margin on negative sales has no meaning.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import gross_margin
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-09"]),
    ...                        "revenue": [20.0, 30.0], "refunded": [0.0, 10.0],
    ...                        "cost": [8.0, 12.0]})
    >>> gross_margin(orders)["value"].tolist()
    [50.0]
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded, "cost": cost}
    return public(_gross_margin(orders, roles, freq))


def _discount_rate(o, roles, freq, cache=None, func="discount_rate"):
    agg = order_totals(func, o, roles, freq, cache)
    t = agg.table
    value, note = ratio(
        t["discount"],
        t["revenue"] + t["discount"],
        scale=100.0,
        zero_note="no sales at list price in period: denominator is zero",
    )
    return _finish(agg, value, note, freq)


def discount_rate(orders, *, date="date", revenue="revenue", discount="discount", freq="M"):
    """Compute the share of list-price sales given away as discounts, in percent.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, discount : str
        Columns with the order date, revenue after discount (USD) and discount (USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where there were no sales.

    Raises
    ------
    DataError
        If a column is missing, or revenue or discount is negative.

    Notes
    -----
    .. math:: DR_t = 100 \\cdot \\frac{\\sum_{i \\in t} d_i}{\\sum_{i \\in t} (r_i + d_i)}

    with :math:`r_i + d_i` the order's value at list price. How much price is given up
    to win sales.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import discount_rate
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05"]), "revenue": [90.0],
    ...                        "discount": [10.0]})
    >>> discount_rate(orders)["value"].tolist()
    [10.0]
    """
    roles = {"date": date, "revenue": revenue, "discount": discount}
    return public(_discount_rate(orders, roles, freq))


def _refund_rate(o, roles, freq, cache=None, func="refund_rate", refunds=None):
    agg = order_totals(func, o, roles, freq, cache, refunds)
    t = agg.table
    value, note = ratio(
        t["refunded"],
        t["revenue"],
        scale=100.0,
        zero_note="revenue in period is zero: denominator is zero",
    )
    return _finish(agg, value, note, freq)


def refund_rate(orders, *, date="date", revenue="revenue", refunded="refunded", freq="M"):
    """Compute the share of revenue given back as refunds, in percent.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    date, revenue, refunded : str
        Columns with the order date, revenue after discount (USD) and refunds (USD).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday. A refund counts in the period of its order.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where revenue is zero.

    Raises
    ------
    DataError
        As :func:`revenue`.

    Notes
    -----
    .. math:: RR_t = 100 \\cdot \\frac{\\sum_{i \\in t} f_i}{\\sum_{i \\in t} r_i}

    A quality signal: money lost to unhappy customers. With ``refund_basis="issued"`` in
    :func:`compute`, the numerator is the refunds issued in the period, whatever the date
    of their orders (so it can exceed 100 % in a quiet period after a busy one):

    .. math:: RR^{issued}_t = 100 \\cdot \\frac{F_t}{\\sum_{i \\in t} r_i}, \\qquad
              F_t = \\sum_{j : d_j \\in t} a_j

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import refund_rate
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-05", "2024-01-06"]),
    ...                        "revenue": [30.0, 10.0], "refunded": [0.0, 2.0]})
    >>> refund_rate(orders)["value"].tolist()
    [5.0]
    """
    roles = {"date": date, "revenue": revenue, "refunded": refunded}
    return public(_refund_rate(orders, roles, freq))
