"""Product-engagement KPIs from the ``events`` table: DAU, WAU, MAU and stickiness.

Who is a user. An event with a ``user_id`` belongs to that user; an anonymous event
(``user_id`` missing) belongs to its ``device_id``, as Mixpanel and Amplitude count
anonymous visitors. A person who browses anonymously and then logs in the same day
therefore counts twice that day (once as a device, once as a user): exports do not say
which device became which user. Every function here and in
:func:`smbkit.customers.n_day_retention` and :func:`smbkit.analysis.feature_adoption`
counts the same way. An event with neither id is refused.

Active users, day by day. On each day :math:`d` the data cover, :math:`A_w(d)` is the
number of distinct users with an event in the :math:`w` days up to and including
:math:`d` (days :math:`d-w+1 \\ldots d`): DAU is :math:`w = 1`, WAU :math:`w = 7`, MAU
:math:`w = 30` (Statsig's and cube.dev's trailing-window definitions; GA4 and Mozilla use
28 days). A period's value is the mean over its days, so the numbers mean the same thing
at every ``freq`` and DAU ≤ WAU ≤ MAU holds in every period. A day without events inside
the data's span counts as a day with 0 active users.

Each day's active users are computed from intervals, not by scanning windows: a user
active on day :math:`a` and next on day :math:`b` is counted in :math:`A_w` on days
:math:`a \\ldots \\min(a + w, b) - 1`, so the count of a day is the intervals started
minus the intervals ended by then (a cumulative sum over days).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit.kpis._engine import Rule, Source, load, public, ratio, result, to_pandas
from smbkit.kpis._periods import check_freq, grid, partial_flags

__all__ = [
    "WINDOWS",
    "actor_expr",
    "dau",
    "load_events",
    "mau",
    "nobody",
    "stickiness",
    "wau",
]

#: KPI -> trailing window in days.
WINDOWS = {"dau": 1, "wau": 7, "mau": 30}

NO_EVENTS = "no events in period"


def actor_expr(has_device: bool) -> nw.Expr:
    """Return the expression naming who did an event: ``u:<user_id>`` or ``d:<device_id>``."""
    user = nw.concat_str([nw.lit("u:"), nw.col("user_id").cast(nw.String)])
    if not has_device:
        return user
    device = nw.concat_str([nw.lit("d:"), nw.col("device_id").cast(nw.String)])
    return nw.when(nw.col("user_id").is_null()).then(device).otherwise(user)


def load_events(
    func: str, events, roles: Mapping[str, str], *, event: bool = False
) -> tuple[Source, nw.LazyFrame]:
    """Check ``events`` and return it with columns ``actor``, ``day`` (and ``event``).

    ``roles`` holds ``user_id``, ``time`` and, unless anonymous events are to be left
    out, ``device_id`` (and ``event`` when ``event`` is true). Rows without a user are
    left out when there is no ``device_id`` role; with one, a row with neither id is an
    error. Raises :class:`DataError` when no row names anybody.
    """
    has_device = "device_id" in roles
    rules = []
    if has_device:
        rules.append(
            Rule(
                "user_id",
                nw.col("user_id").is_null() & nw.col("device_id").is_null(),
                "have neither a user_id nor a device_id",
                "an event must name who did it; remove those rows or fill the device id",
            )
        )
    src = load(
        func,
        events,
        table="events",
        roles=roles,
        dates=("time",),
        required=("time", "event") if event else ("time",),
        rules=rules,
        span="time",
    )
    lf = src.lf
    if not has_device:
        lf = lf.filter(~nw.col("user_id").is_null())
    keep = [nw.col("event").cast(nw.String)] if event else []
    lf = lf.select(
        actor_expr(has_device).alias("actor"), nw.col("time").dt.truncate("1d").alias("day"), *keep
    )
    return src, lf


def nobody(func: str, roles: Mapping[str, str]) -> DataError:
    """The error for events where nobody is left to count (all anonymous, no device role)."""
    return DataError(
        f"{func}: every row of events has a missing user id (column {roles['user_id']!r}, "
        "user_id=); with device_id=None anonymous events are left out, so nobody is left to "
        "count. Pass the device column as device_id='<your column>'."
    )


@dataclass(frozen=True)
class Activity:
    """Active users per covered day (``dau``, ``wau``, ``mau``, ``events``)."""

    daily: pd.DataFrame
    first_day: pd.Timestamp
    last_day: pd.Timestamp


def daily_activity(func: str, events, roles: Mapping[str, str], cache=None) -> Activity:
    """Count, for every day the events cover, the users active in the 1, 7 and 30 days to it."""
    key = ("daily_activity", id(events), tuple(sorted(roles.items())))
    if cache is not None and key in cache:
        return cache[key]
    src, lf = load_events(func, events, roles)
    c = nw.col
    pairs = lf.group_by("actor", "day").agg(nw.len().alias("events"))
    starts = to_pandas(
        pairs.group_by("day")
        .agg(nw.len().alias("dau"), c("events").sum())
        .rename({"day": "period"})
    )
    if starts.empty:
        raise nobody(func, roles)
    days = pd.date_range(src.first_day, src.last_day, freq="D", name="period").astype(
        "datetime64[ns]"
    )
    daily = starts.set_index("period").reindex(days).fillna(0.0)
    following = pairs.with_columns(c("day").shift(-1).over("actor", order_by="day").alias("next"))
    begun = daily["dau"].cumsum()
    for kpi, width in WINDOWS.items():
        if width == 1:
            continue
        reach = c("day").dt.offset_by(f"{width}d")
        ends = to_pandas(
            following.select(
                nw.when(c("next").is_null() | (c("next") > reach))
                .then(reach)
                .otherwise(c("next"))
                .alias("period")
            )
            .group_by("period")
            .agg(nw.len().alias("ended"))
        )
        ended = ends.set_index("period")["ended"].reindex(days).fillna(0.0).cumsum()
        daily[kpi] = begun - ended
    out = Activity(daily, src.first_day, src.last_day)
    if cache is not None:
        cache[key] = out
    return out


def _per_period(func, events, roles, freq, cache):
    """Mean active users per period over the covered days, and the events per period."""
    check_freq(func, freq)
    act = daily_activity(func, events, roles, cache)
    periods = grid(act.first_day, act.last_day, freq)
    slot = np.searchsorted(periods.to_numpy(), act.daily.index.to_numpy(), side="right") - 1
    grouped = act.daily.groupby(slot)
    table = grouped[list(WINDOWS)].mean().join(grouped["events"].sum())
    table.index = periods[table.index]
    return table, act


def _partial(periods, freq, act: Activity, width: int):
    """Partial where the data miss a day of the period or of a trailing window in it."""
    first = act.first_day + pd.Timedelta(days=width - 1)
    return partial_flags(pd.DatetimeIndex(periods), freq, first, act.last_day)


def _active(events, roles, freq, cache=None, kpi="dau"):
    table, act = _per_period(kpi, events, roles, freq, cache)
    note = np.where(table["events"] == 0, NO_EVENTS, None)
    return result(
        table.index,
        table[kpi],
        note,
        freq=freq,
        first_day=act.first_day,
        last_day=act.last_day,
        partial=_partial(table.index, freq, act, WINDOWS[kpi]),
    )


def _roles(user_id, device_id, time) -> dict[str, str]:
    roles = {"user_id": user_id, "time": time}
    if device_id is not None:
        roles["device_id"] = device_id
    return roles


def dau(events, *, user_id="user_id", device_id="device_id", time="time", freq="M"):
    """Compute daily active users: distinct users per day, averaged over the period.

    Parameters
    ----------
    events : DataFrame
        One row per product-analytics event (pandas, polars eager or lazy, or a DuckDB
        relation).
    user_id : str, default "user_id"
        Column with the logged-in user (missing for anonymous events).
    device_id : str or None, default "device_id"
        Column with the device; an anonymous event counts as its device's. ``None``
        leaves anonymous events out (identified users only).
    time : str, default "time"
        Column with the event's local, timezone-naive time.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (users), ``note`` ("no events in period" where so).

    Raises
    ------
    DataError
        If a column is missing, a time is missing or unreadable, or an event has neither
        a user nor a device id.

    Notes
    -----
    .. math:: DAU_t = \\frac{1}{|D_t|} \\sum_{d \\in D_t} |U_d|

    with :math:`U_d` the users with an event on day :math:`d` and :math:`D_t` the days of
    period :math:`t` the data cover. How many people use the product on a typical day.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import dau
    >>> events = pd.DataFrame({
    ...     "user_id": ["a", "a", "b", None], "device_id": ["p1", "p1", "p2", "p3"],
    ...     "time": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 10:00",
    ...                             "2024-01-02 09:00", "2024-01-02 11:00"])})
    >>> dau(events)["value"].tolist()   # day 1: a; day 2: b and device p3
    [1.5]
    """
    return public(_active(events, _roles(user_id, device_id, time), freq, kpi="dau"))


def wau(events, *, user_id="user_id", device_id="device_id", time="time", freq="M"):
    """Compute weekly active users: distinct users in the 7 days to each day, averaged.

    Parameters
    ----------
    events : DataFrame
        One row per product-analytics event.
    user_id, device_id, time : str
        Columns as in :func:`dau` (``device_id=None`` leaves anonymous events out).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (users), ``note``. In :func:`compute` a period is partial
        if one of its days has a window reaching before the data's first day.

    Raises
    ------
    DataError
        As :func:`dau`.

    Notes
    -----
    .. math:: WAU_t = \\frac{1}{|D_t|} \\sum_{d \\in D_t} \\Big|\\bigcup_{k=0}^{6} U_{d-k}\\Big|

    A trailing 7-day window, not the calendar week: the people who use the product at
    least once a week.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import wau
    >>> events = pd.DataFrame({
    ...     "user_id": ["a", "b"], "device_id": ["p1", "p2"],
    ...     "time": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    >>> wau(events)["value"].tolist()   # day 1: {a}; day 2: {a, b}
    [1.5]
    """
    return public(_active(events, _roles(user_id, device_id, time), freq, kpi="wau"))


def mau(events, *, user_id="user_id", device_id="device_id", time="time", freq="M"):
    """Compute monthly active users: distinct users in the 30 days to each day, averaged.

    Parameters
    ----------
    events : DataFrame
        One row per product-analytics event.
    user_id, device_id, time : str
        Columns as in :func:`dau` (``device_id=None`` leaves anonymous events out).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (users), ``note``. In :func:`compute` a period is partial
        if one of its days is fewer than 30 days after the data's first day.

    Raises
    ------
    DataError
        As :func:`dau`.

    Notes
    -----
    .. math:: MAU_t = \\frac{1}{|D_t|} \\sum_{d \\in D_t} \\Big|\\bigcup_{k=0}^{29} U_{d-k}\\Big|

    A trailing 30-day window averaged over the period's days, so it is defined at every
    ``freq`` (for a calendar month's distinct users, count them directly). The size of
    the product's regular audience.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import mau
    >>> events = pd.DataFrame({
    ...     "user_id": ["a", "b", "a"], "device_id": ["p1", "p2", "p1"],
    ...     "time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"])})
    >>> mau(events)["value"].tolist()   # days 1-3: {a}, {a, b}, {a, b}
    [1.6666666666666667]
    """
    return public(_active(events, _roles(user_id, device_id, time), freq, kpi="mau"))


def _stickiness(events, roles, freq, cache=None, func="stickiness"):
    table, act = _per_period(func, events, roles, freq, cache)
    value, note = ratio(
        table["dau"],
        table["mau"],
        scale=100.0,
        zero_note="no users active in the 30 days up to any day of the period: denominator is zero",
    )
    return result(
        table.index,
        value,
        note,
        freq=freq,
        first_day=act.first_day,
        last_day=act.last_day,
        partial=_partial(table.index, freq, act, WINDOWS["mau"]),
    )


def stickiness(events, *, user_id="user_id", device_id="device_id", time="time", freq="M"):
    """Compute stickiness: mean DAU over mean MAU in the period, in percent.

    Parameters
    ----------
    events : DataFrame
        One row per product-analytics event.
    user_id, device_id, time : str
        Columns as in :func:`dau` (``device_id=None`` leaves anonymous events out).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%, 0 to 100), ``note``; NaN where nobody was active in the
        30 days up to any day of the period.

    Raises
    ------
    DataError
        As :func:`dau`.

    Notes
    -----
    .. math:: S_t = 100 \\cdot \\frac{DAU_t}{MAU_t}

    The DAU/MAU ratio: on a typical day, the share of the month's users who come back.
    100 % would mean every monthly user comes every day; 1/30 ≈ 3.3 % that each comes once
    a month.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import stickiness
    >>> events = pd.DataFrame({
    ...     "user_id": ["a", "b", "a"], "device_id": ["p1", "p2", "p1"],
    ...     "time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"])})
    >>> stickiness(events)["value"].round(1).tolist()   # DAU 1, MAU 5/3
    [60.0]
    """
    return public(_stickiness(events, _roles(user_id, device_id, time), freq))
