"""Shared pieces of smbkit.customers: periods, dates given as arguments, table loading.

Tables are checked and read through the KPI engine (:mod:`smbkit.kpis._engine`), so every
function accepts the same engines (pandas, polars eager or lazy, DuckDB) and gives the same
messages for missing columns, repeated column names, unreadable dates, bad values (inf
included) and an ``order_id`` that appears twice.
"""

from __future__ import annotations

import datetime as _dt

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit.kpis._engine import ORDER_KEY, Rule, Source, load
from smbkit.kpis._periods import period_expr

__all__ = [
    "UNIT",
    "day_after",
    "distance",
    "load_table",
    "period_of",
    "period_start",
    "timestamp",
]

#: The name of one period, for messages and axis labels.
UNIT = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}
_PANDAS_PERIOD = {"W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}


def period_of(column: str, freq: str) -> nw.Expr:
    """Return a narwhals expression giving the start of the period of a datetime column."""
    if freq == "D":
        return nw.col(column).dt.truncate("1d")
    return period_expr(column, freq)


def period_start(when: pd.Timestamp, freq: str) -> pd.Timestamp:
    """Return the start of the period holding ``when`` (weeks start on Monday)."""
    day = pd.Timestamp(when).normalize()
    if freq == "D":
        return day
    return pd.Period(day, freq=_PANDAS_PERIOD[freq]).start_time.normalize()


def distance(start, end, freq: str):
    """Return the whole periods from period start(s) ``start`` to ``end``.

    Both are period starts: Timestamps (then an int is returned) or arrays of them
    (then an int64 array, broadcast like numpy).
    """
    scalar = isinstance(start, pd.Timestamp) and isinstance(end, pd.Timestamp)
    s = pd.DatetimeIndex(np.atleast_1d(np.asarray(start, dtype="datetime64[ns]")))
    e = pd.DatetimeIndex(np.atleast_1d(np.asarray(end, dtype="datetime64[ns]")))
    if freq in ("D", "W"):
        out = ((e.to_numpy() - s.to_numpy()) // np.timedelta64(1, "D")).astype("int64")
        if freq == "W":
            out = out // 7
    else:
        months = (np.asarray(e.year) - np.asarray(s.year)) * 12 + (
            np.asarray(e.month) - np.asarray(s.month)
        )
        out = months.astype("int64") // {"M": 1, "Q": 3, "Y": 12}[freq]
    return int(out[0]) if scalar else out


def timestamp(func: str, arg: str, value: object) -> pd.Timestamp | None:
    """Read a date argument (str, date, Timestamp or None) as a naive day."""
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError):
        ts = None
    if ts is None or pd.isna(ts):
        raise SmbkitError(
            f"{func}: `{arg}` must be a date such as '1997-09-30', but {value!r} was passed"
        )
    if ts.tzinfo is not None:
        raise SmbkitError(
            f"{func}: `{arg}` must be a timezone-naive local date, but {value!r} has a time "
            "zone; drop it, e.g. with .tz_localize(None)"
        )
    return ts.normalize()


def day_after(day: pd.Timestamp) -> _dt.datetime:
    """Return the start of the next day as a plain datetime (an exclusive upper bound)."""
    return (day + pd.Timedelta(days=1)).to_pydatetime()


def load_table(
    func: str,
    data: object,
    *,
    table: str,
    customer: str,
    date: str,
    value: str | None = None,
    value_problem: str = "have a negative value",
    value_fix: str = "",
) -> Source:
    """Check a table of orders or transactions: a customer column, a date, optionally money.

    The lazy frame has columns ``customer``, ``date`` and (when ``value`` is given)
    ``value``. Dates may not be missing; a missing customer is a guest, which each
    function leaves out by definition. Money may not be missing, negative or infinite.
    Each row stands for one order, so when the table has an ``order_id`` column no id may
    appear twice (order lines are summed into orders first).
    """
    roles = {"customer": customer, "date": date}
    numbers: tuple[str, ...] = ()
    rules = []
    if value is not None:
        roles["value"] = value
        numbers = ("value",)
        rules.append(Rule("value", nw.col("value") < 0, value_problem, value_fix))
    return load(
        func,
        data,
        table=table,
        roles=roles,
        dates=("date",),
        numbers=numbers,
        required=("date", *numbers),
        rules=rules,
        span="date",
        unique=ORDER_KEY,
    )


def no_customers(func: str, table: str, customer: str) -> DataError:
    """The error for a table whose every row is a guest (no customer id)."""
    return DataError(
        f"{func}: every row of {table} has a missing customer id (column {customer!r}, "
        "customer_id=); customer measures need identified customers. Pass the column that "
        "holds the customer id as customer_id='<your column>'."
    )
