"""People KPIs from the ``employees`` table: turnover and revenue per employee.

Headcount is counted from hire and exit dates. ``exit_date`` is the last day worked, so a
person is on staff from ``hire_date`` to ``exit_date`` inclusive. The opening headcount of a
period counts people on staff at the start of its first day, the closing headcount people
still on staff at the end of its last day; the average headcount is their mean (the simple
two-point average that the U.S. Bureau of Labor Statistics' turnover definitions approximate
with monthly counts).
"""

from __future__ import annotations

import datetime as dt

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit.kpis._engine import Rule, load, public, ratio, result, to_frame, to_pandas
from smbkit.kpis._orders import order_totals
from smbkit.kpis._periods import check_freq, grid, period_expr

__all__ = ["employee_turnover", "revenue_per_employee"]


def headcount(func, employees, roles, freq, as_of=None, cache=None, start=None, end=None):
    """Return (table with opening, closing, average, separations per period, first, last).

    The grid runs from the first hire (or ``start`` if earlier) to ``as_of`` (default: the
    latest hire or exit date, or ``end`` if later).
    """
    check_freq(func, freq)
    key = ("headcount", id(employees), tuple(sorted(roles.items())), freq, as_of, start, end)
    if cache is not None and key in cache:
        return cache[key]
    c = nw.col
    rules = [
        Rule(
            "exit_date",
            c("exit_date") < c("hire_date"),
            "have an exit before the hire",
            "exit_date is the last day worked, on or after hire_date",
        )
    ]
    if as_of is not None:
        limit = dt.datetime.combine(pd.Timestamp(as_of).date(), dt.time(23, 59, 59))
        rules += [
            Rule(
                r,
                c(r) > nw.lit(limit),
                f"have {r} after as_of={pd.Timestamp(as_of).date()}",
                "pass a later as_of or remove future dates",
            )
            for r in ("hire_date", "exit_date")
        ]
    src = load(
        func,
        employees,
        table="employees",
        roles=roles,
        dates=("hire_date", "exit_date"),
        required=("hire_date",),
        rules=rules,
        span="hire_date",
    )
    hires = to_pandas(
        src.lf.with_columns(period_expr("hire_date", freq).alias("period"))
        .group_by("period")
        .agg(nw.len().alias("hires"))
    )
    exited = src.lf.filter(~c("exit_date").is_null())
    exits = to_pandas(
        exited.with_columns(period_expr("exit_date", freq).alias("period"))
        .group_by("period")
        .agg(nw.len().alias("exits"))
    )
    last = pd.Timestamp(as_of).normalize() if as_of is not None else src.last_day
    if as_of is None and len(exits):
        last_exit = to_frame(exited.select(c("exit_date").max()))["exit_date"].iloc[0]
        last = max(last, pd.Timestamp(last_exit).normalize())
    if as_of is None and end is not None:
        last = max(last, pd.Timestamp(end))
    first = src.first_day if start is None else min(src.first_day, pd.Timestamp(start))
    periods = grid(first, last, freq)
    t = pd.DataFrame(index=periods)
    t["hires"] = hires.set_index("period")["hires"].reindex(periods).fillna(0.0)
    t["exits"] = exits.set_index("period")["exits"].reindex(periods).fillna(0.0)
    closing = (t["hires"] - t["exits"]).cumsum()
    t["closing"] = closing
    t["opening"] = closing.shift(1, fill_value=0.0)
    t["average"] = (t["opening"] + t["closing"]) / 2.0
    out = (t, src.first_day, last)
    if cache is not None:
        cache[key] = out
    return out


def _turnover(e, roles, freq, as_of=None, cache=None, func="employee_turnover", end=None):
    t, first, last = headcount(func, e, roles, freq, as_of, cache, end=end)
    value, note = ratio(
        t["exits"],
        t["average"],
        scale=100.0,
        zero_note="no one on staff in period: denominator is zero",
    )
    return result(t.index, value, note, freq=freq, first_day=first, last_day=last)


def employee_turnover(
    employees, *, hire_date="hire_date", exit_date="exit_date", as_of=None, freq="M"
):
    """Compute staff turnover: people who left in the period over average headcount (%).

    Parameters
    ----------
    employees : DataFrame
        One row per person employed, past or present.
    hire_date : str, default "hire_date"
        Column with the first day of work.
    exit_date : str, default "exit_date"
        Column with the last day of work; missing while still employed.
    as_of : date-like, optional
        The day the table was exported: periods run up to it. Default: the latest hire
        or exit date in the table.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday. The rate is per period, not annualised.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (% of average headcount), ``note``; NaN while no one is on
        staff.

    Raises
    ------
    DataError
        If a column is missing, a hire date is missing, an exit precedes its hire, or a
        date falls after ``as_of``.

    Notes
    -----
    .. math:: T_t = 100 \\cdot \\frac{S_t}{(H^{open}_t + H^{close}_t) / 2}

    with :math:`S_t` the exits in the period and :math:`H` the headcount at its start and
    end. Lost know-how and hiring cost; a bakery's front of house turns over fast.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import employee_turnover
    >>> staff = pd.DataFrame({
    ...     "hire_date": pd.to_datetime(["2023-06-01", "2023-06-01", "2023-07-01"]),
    ...     "exit_date": pd.to_datetime([None, "2024-01-15", None])})
    >>> employee_turnover(staff, as_of="2024-01-31").tail(1)["value"].tolist()
    [40.0]
    """
    roles = {"hire_date": hire_date, "exit_date": exit_date}
    return public(_turnover(employees, roles, freq, as_of))


def _revenue_per_employee(
    o, e, o_roles, e_roles, freq, cache=None, func="revenue_per_employee", refunds=None
):
    sales = order_totals(func, o, o_roles, freq, cache, refunds)
    periods = sales.table.index
    # With refunds booked when issued the periods may reach beyond the orders' dates.
    t, _, _ = headcount(
        func,
        e,
        e_roles,
        freq,
        cache=cache,
        start=min(sales.first_day, periods[0]),
        end=max(sales.last_day, periods[-1]),
    )
    average = t["average"].reindex(periods)
    net = sales.table["revenue"] - sales.table["refunded"]
    value, note = ratio(
        net, average.fillna(0.0), zero_note="no one on staff in period: denominator is zero"
    )
    note = note.where(~(np.isnan(value) & (average.isna())), "no headcount for period")
    return result(
        periods, value, note, freq=freq, first_day=sales.first_day, last_day=sales.last_day
    )


def revenue_per_employee(
    orders,
    employees,
    *,
    date="date",
    revenue="revenue",
    refunded="refunded",
    hire_date="hire_date",
    exit_date="exit_date",
    freq="M",
):
    """Compute net revenue per employee on staff (average headcount) in each period.

    Parameters
    ----------
    orders : DataFrame
        One row per order.
    employees : DataFrame
        One row per person employed, past or present.
    date, revenue, refunded : str
        Columns of ``orders``: order date, revenue after discount and refunds (USD).
    hire_date, exit_date : str
        Columns of ``employees``: first and last day of work (missing if still employed).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday. Not annualised.

    Returns
    -------
    DataFrame
        ``period`` (the periods of ``orders``), ``value`` (USD per employee), ``note``.

    Raises
    ------
    DataError
        As :func:`revenue` and :func:`employee_turnover`.

    Notes
    -----
    .. math:: RPE_t = \\frac{\\sum_{i \\in t} (r_i - f_i)}{(H^{open}_t + H^{close}_t) / 2}

    Labour productivity: how much the business sells per person on staff (headcount, not
    full-time equivalents). With ``refund_basis="issued"`` in :func:`compute`, the
    numerator books refunds when they were issued (see :func:`revenue`):

    .. math:: RPE^{issued}_t = \\frac{\\sum_{i \\in t} r_i - F_t}{(H^{open}_t + H^{close}_t) / 2},
              \\qquad F_t = \\sum_{j : d_j \\in t} a_j

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import revenue_per_employee
    >>> orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-31"]),
    ...                        "revenue": [500.0, 500.0], "refunded": [0.0, 0.0]})
    >>> staff = pd.DataFrame({"hire_date": pd.to_datetime(["2023-01-01", "2023-01-01"]),
    ...                       "exit_date": pd.to_datetime([None, None])})
    >>> revenue_per_employee(orders, staff)["value"].tolist()
    [500.0]
    """
    o_roles = {"date": date, "revenue": revenue, "refunded": refunded}
    e_roles = {"hire_date": hire_date, "exit_date": exit_date}
    return public(_revenue_per_employee(orders, employees, o_roles, e_roles, freq))
