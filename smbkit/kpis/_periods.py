"""Reporting periods: the four frequencies, period grids, partial flags and shifts.

Every period is labelled by the Timestamp at its start: weeks start on Monday, months on
the 1st, quarters on 1 January/April/July/October, years on 1 January.
"""

from __future__ import annotations

import narwhals as nw
import pandas as pd

from smbkit._validation import check_option

__all__ = [
    "FREQS",
    "check_freq",
    "days_in_period",
    "grid",
    "partial_flags",
    "period_expr",
    "previous_period",
    "year_earlier",
]

#: The frequencies every KPI function accepts (a KPI may support fewer: see the catalog).
FREQS = ("W", "M", "Q", "Y")

# pandas Period aliases: "W-SUN" is a week that ends on Sunday, so it starts on Monday.
_PERIOD_ALIAS = {"W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}
_TRUNCATE = {"M": "1mo", "Q": "1q", "Y": "1y"}
_NEXT = {"W": "7d", "M": "1mo", "Q": "1q", "Y": "1y"}


def check_freq(func: str, freq: object, allowed=FREQS) -> None:
    """Raise :class:`smbkit.SmbkitError` unless ``freq`` is one of ``allowed``."""
    check_option(func, "freq", freq, list(allowed))


def period_expr(column: str, freq: str) -> nw.Expr:
    """Return a narwhals expression giving the start of the period of a datetime column."""
    col = nw.col(column)
    if freq in _TRUNCATE:
        return col.dt.truncate(_TRUNCATE[freq])
    # narwhals has no weekly truncation: step back (weekday - 1) days from the day's start.
    day = col.dt.truncate("1d")
    weekday = col.dt.weekday()  # Monday = 1 ... Sunday = 7
    expr = nw.when(weekday == 1).then(day)
    for k in range(2, 8):
        expr = expr.when(weekday == k).then(day.dt.offset_by(f"-{k - 1}d"))
    return expr


def next_period_expr(column: str, freq: str) -> nw.Expr:
    """Return a narwhals expression giving the start of the following period."""
    return nw.col(column).dt.offset_by(_NEXT[freq])


def grid(first_day: pd.Timestamp, last_day: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """Return the starts of every period from the one holding ``first_day`` to ``last_day``."""
    periods = pd.period_range(first_day, last_day, freq=_PERIOD_ALIAS[freq])
    return pd.DatetimeIndex(periods.start_time, name="period").astype("datetime64[ns]")


def _last_days(starts: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    periods = starts.to_period(_PERIOD_ALIAS[freq])
    return pd.DatetimeIndex(periods.end_time).normalize()


def days_in_period(starts: pd.DatetimeIndex, freq: str) -> pd.Index:
    """Return the number of calendar days in each period (28-31 for months, 365/366 a year)."""
    return pd.Index((_last_days(starts, freq) - starts).days + 1, dtype="float64")


def partial_flags(
    starts: pd.DatetimeIndex, freq: str, first_day: pd.Timestamp, last_day: pd.Timestamp
) -> pd.Index:
    """Return True for each period the data's days ``[first_day, last_day]`` do not cover."""
    ends = _last_days(starts, freq)
    return pd.Index((starts < first_day) | (ends > last_day), dtype="bool")


def previous_period(starts: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """Return the start of the period before each period."""
    if freq == "W":
        return starts - pd.Timedelta(days=7)
    months = {"M": 1, "Q": 3, "Y": 12}[freq]
    return starts - pd.DateOffset(months=months)


def year_earlier(starts: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """Return the start of the same period one year earlier (52 weeks earlier for weeks)."""
    if freq == "W":
        return starts - pd.Timedelta(days=364)
    return starts - pd.DateOffset(years=1)
