"""Delivery KPIs from the ``tasks`` table: done, on time, how fast, how many late.

A task is created on ``created``, may have a ``due`` day and is done on ``completed``
(missing while not done). Every row counts, subtasks included (filter on ``parent_id``
first to count top-level tasks only).

Due days, not due times. Most tools export a due *day*, so a task is on time when it is
completed on or before its due day (any time that day), and overdue from the day after.
A due time, when present, is ignored.

Periods run from the first day a task was created to the last day one was created or
completed; a period those days do not cover in full is flagged partial. The stock of
overdue tasks is read at the period's end, or on the last day of the data when that comes
first (a task due after the data end is not overdue yet); like the open pipeline it is
accumulated from flows (tasks becoming overdue minus overdue tasks completed), so no row
is visited once per period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit.kpis._engine import Key, Rule, load, on_grid, public, ratio, result, to_frame, to_pandas
from smbkit.kpis._periods import check_freq, days_in_period, period_expr

__all__ = [
    "TASK_KEY",
    "cycle_time_days",
    "on_time_rate",
    "open_overdue_tasks",
    "task_totals",
    "tasks_completed",
    "throughput",
]

#: The tasks table has one row per task.
TASK_KEY = Key(
    "task_id",
    "a task must appear once",
    "Keep one row per task (its latest state), or read the export with smbkit.io.read_tasks.",
)

NO_DONE = "no tasks completed in period"

_US_PER_DAY = 86_400_000_000.0


@dataclass(frozen=True)
class TaskTotals:
    """Per-period counts of a tasks table on the full grid, with the days it covers."""

    table: pd.DataFrame
    first_day: pd.Timestamp
    last_day: pd.Timestamp


def task_totals(func: str, tasks, roles: Mapping[str, str], freq: str, cache=None) -> TaskTotals:
    """Check ``tasks`` and count, per period, what was done and what was overdue.

    Columns: ``completed`` (tasks completed in the period), ``with_due`` (of those, with
    a due day), ``on_time`` (of those, completed on or before it), ``cycle_median``
    (median days from created to completed of the tasks completed), ``overdue`` (tasks
    overdue at the period's end or the data's last day, whichever is first).
    """
    check_freq(func, freq)
    key = ("task_totals", id(tasks), tuple(sorted(roles.items())), freq)
    if cache is not None and key in cache:
        return cache[key]
    c = nw.col
    checked = cache is not None and ("task_key", id(tasks)) in cache
    src = load(
        func,
        tasks,
        table="tasks",
        roles=roles,
        dates=("created", "due", "completed"),
        required=("created",),
        rules=[
            Rule(
                "completed",
                c("completed") < c("created"),
                "were completed before they were created",
                "completed is on or after created; a task logged after it was done needs "
                "its real creation time",
            )
        ],
        span="created",
        unique=None if checked else TASK_KEY,
    )
    if cache is not None:
        cache[("task_key", id(tasks))] = True
    lf = src.lf.with_columns(
        c("due").dt.truncate("1d").alias("due_day"),
        c("completed").dt.truncate("1d").alias("done_day"),
    )
    done = lf.filter(~c("completed").is_null())
    completed = to_pandas(
        done.with_columns(
            period_expr("completed", freq).alias("period"),
            (~c("due").is_null()).cast(nw.Int64).alias("with_due"),
            nw.when(c("due").is_null())
            .then(0)
            .otherwise((c("done_day") <= c("due_day")).cast(nw.Int64))
            .alias("on_time"),
            ((c("completed") - c("created")).dt.total_microseconds() / _US_PER_DAY).alias("days"),
        )
        .group_by("period")
        .agg(
            nw.len().alias("completed"),
            c("with_due").sum(),
            c("on_time").sum(),
            c("days").median().alias("cycle_median"),
        )
    )
    last = src.last_day
    if len(completed):
        last_done = to_frame(done.select(c("completed").max()))["completed"].iloc[0]
        last = max(last, pd.Timestamp(last_done).normalize())
    # Overdue at the end of period p: due day and creation in p or before, not completed
    # by the end of p. A task is so from max(period(due), period(created)) up to, not
    # including, the period it was completed in.
    late = (
        lf.filter(~c("due").is_null(), c("due_day") <= nw.lit(last.to_pydatetime()))
        .with_columns(
            period_expr("due_day", freq).alias("due_period"),
            period_expr("created", freq).alias("created_period"),
            period_expr("completed", freq).alias("done_period"),
        )
        .with_columns(
            nw.when(c("due_period") >= c("created_period"))
            .then(c("due_period"))
            .otherwise(c("created_period"))
            .alias("late_from")
        )
        .filter(c("done_period").is_null() | (c("done_period") > c("late_from")))
    )
    became = to_pandas(
        late.group_by("late_from").agg(nw.len().alias("became")).rename({"late_from": "period"})
    )
    cleared = to_pandas(
        late.filter(~c("done_period").is_null())
        .group_by("done_period")
        .agg(nw.len().alias("cleared"))
        .rename({"done_period": "period"})
    )
    t = on_grid(completed, src.first_day, last, freq)
    periods = t.index
    counts = ["completed", "with_due", "on_time"]
    t[counts] = t[counts].fillna(0.0)
    flows = [
        f.set_index("period").iloc[:, 0].reindex(periods).fillna(0.0) for f in (became, cleared)
    ]
    t["overdue"] = (flows[0] - flows[1]).cumsum()
    out = TaskTotals(t, src.first_day, last)
    if cache is not None:
        cache[key] = out
    return out


def _roles(created, due, completed) -> dict[str, str]:
    return {"created": created, "due": due, "completed": completed}


def _finish(d: TaskTotals, value, note, freq) -> pd.DataFrame:
    return result(d.table.index, value, note, freq=freq, first_day=d.first_day, last_day=d.last_day)


def _tasks_completed(tasks, roles, freq, cache=None, func="tasks_completed"):
    d = task_totals(func, tasks, roles, freq, cache)
    t = d.table
    return _finish(d, t["completed"], np.where(t["completed"] == 0, NO_DONE, None), freq)


def tasks_completed(tasks, *, created="created", due="due", completed="completed", freq="M"):
    """Count the tasks completed in each period.

    Parameters
    ----------
    tasks : DataFrame
        One row per project task or card (pandas, polars eager or lazy, or a DuckDB
        relation).
    created : str, default "created"
        Column with the time the task was created.
    due : str, default "due"
        Column with the due day (missing when none was set).
    completed : str, default "completed"
        Column with the time the task was completed (missing while not done).
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (count), ``note`` ("no tasks completed in period" for 0).

    Raises
    ------
    DataError
        If a column is missing, ``task_id`` repeats, a creation time is missing, a date
        cannot be read, or a task was completed before it was created.

    Notes
    -----
    .. math:: C_t = |\\{i : \\text{completed}_i \\in t\\}|

    The team's output, in tasks (not in effort: a big task and a small one count alike).

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import tasks_completed
    >>> tasks = pd.DataFrame({
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"]),
    ...     "due": pd.to_datetime(["2024-01-10", None, "2024-01-05"]),
    ...     "completed": pd.to_datetime(["2024-01-09", "2024-01-12", None])})
    >>> tasks_completed(tasks)["value"].tolist()
    [2.0]
    """
    return public(_tasks_completed(tasks, _roles(created, due, completed), freq))


def _on_time(tasks, roles, freq, cache=None, func="on_time_rate"):
    d = task_totals(func, tasks, roles, freq, cache)
    t = d.table
    value, note = ratio(
        t["on_time"],
        t["with_due"],
        scale=100.0,
        zero_note="no tasks with a due date completed in period: denominator is zero",
    )
    return _finish(d, value, note, freq)


def on_time_rate(tasks, *, created="created", due="due", completed="completed", freq="M"):
    """Compute the share of tasks completed on or before their due day, in percent.

    Parameters
    ----------
    tasks : DataFrame
        One row per task.
    created, due, completed : str
        Columns as in :func:`tasks_completed`.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (%), ``note``; NaN where no task with a due day was
        completed in the period.

    Raises
    ------
    DataError
        As :func:`tasks_completed`.

    Notes
    -----
    Over the tasks :math:`T_t` completed in period :math:`t` that have a due day,

    .. math:: \\text{on time}_t = 100 \\cdot
              \\frac{|\\{i \\in T_t : \\text{day}(\\text{completed}_i) \\le \\text{due}_i\\}|}{|T_t|}

    Tasks without a due day are left out: nothing was promised. Still-open late tasks do
    not count until they are done: read :func:`open_overdue_tasks` beside it. Whether
    the team keeps its promises.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import on_time_rate
    >>> tasks = pd.DataFrame({
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-01-04"]),
    ...     "due": pd.to_datetime(["2024-01-10", None, "2024-01-05"]),
    ...     "completed": pd.to_datetime(["2024-01-10 18:00", "2024-01-12", "2024-01-08"],
    ...                                format="ISO8601")})
    >>> on_time_rate(tasks)["value"].tolist()   # done on its due day, and 3 days late
    [50.0]
    """
    return public(_on_time(tasks, _roles(created, due, completed), freq))


def _cycle_time(tasks, roles, freq, cache=None, func="cycle_time_days"):
    d = task_totals(func, tasks, roles, freq, cache)
    t = d.table
    value = t["cycle_median"].where(t["completed"] > 0)
    note = np.where(t["completed"] == 0, NO_DONE + ": no median", None)
    return _finish(d, value, note, freq)


def cycle_time_days(tasks, *, created="created", due="due", completed="completed", freq="M"):
    """Compute the median days from creation to completion of the tasks done in the period.

    Parameters
    ----------
    tasks : DataFrame
        One row per task.
    created, due, completed : str
        Columns as in :func:`tasks_completed`.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (days, with fractions when the times carry hours),
        ``note``; NaN where no task was completed.

    Raises
    ------
    DataError
        As :func:`tasks_completed`.

    Notes
    -----
    .. math:: \\tilde c_t = \\operatorname{median}_{i : \\text{completed}_i \\in t}
              (\\text{completed}_i - \\text{created}_i)

    The median, because a backlog holds a few tasks that sat for months: a mean would
    follow them, the median follows the typical task. How long a piece of work takes
    once it is written down.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import cycle_time_days
    >>> tasks = pd.DataFrame({
    ...     "created": pd.to_datetime(["2024-01-01", "2024-01-01", "2023-12-01"]),
    ...     "due": pd.to_datetime([None, None, None]),
    ...     "completed": pd.to_datetime(["2024-01-03", "2024-01-05", "2024-01-31"])})
    >>> cycle_time_days(tasks)["value"].tolist()   # December: none done; January: 2, 4, 61
    [nan, 4.0]
    """
    return public(_cycle_time(tasks, _roles(created, due, completed), freq))


def _throughput(tasks, roles, freq, cache=None, func="throughput"):
    d = task_totals(func, tasks, roles, freq, cache)
    t = d.table
    weeks = days_in_period(pd.DatetimeIndex(t.index), freq).to_numpy() / 7.0
    value = t["completed"].to_numpy() / weeks
    return _finish(d, value, np.where(t["completed"] == 0, NO_DONE, None), freq)


def throughput(tasks, *, created="created", due="due", completed="completed", freq="M"):
    """Compute throughput: tasks completed per week, over the period's calendar weeks.

    Parameters
    ----------
    tasks : DataFrame
        One row per task.
    created, due, completed : str
        Columns as in :func:`tasks_completed`.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (tasks per week), ``note``.

    Raises
    ------
    DataError
        As :func:`tasks_completed`.

    Notes
    -----
    .. math:: \\text{throughput}_t = \\frac{C_t}{n_t / 7}

    with :math:`C_t` the tasks completed (:func:`tasks_completed`) and :math:`n_t` the
    calendar days of the period. At ``freq="W"`` it *is* :func:`tasks_completed`; at
    other frequencies it is the same count put on a weekly scale, so February (28 days)
    and March (31), a month and a quarter, compare directly. A partial period is not
    scaled up: it is flagged partial like every other KPI.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import throughput
    >>> tasks = pd.DataFrame({
    ...     "created": pd.to_datetime(["2023-02-01"] * 8),
    ...     "due": pd.to_datetime([None] * 8),
    ...     "completed": pd.to_datetime(["2023-02-10"] * 8)})
    >>> throughput(tasks)["value"].tolist()   # 8 tasks in February 2023's 4 weeks
    [2.0]
    """
    return public(_throughput(tasks, _roles(created, due, completed), freq))


def _overdue(tasks, roles, freq, cache=None, func="open_overdue_tasks"):
    d = task_totals(func, tasks, roles, freq, cache)
    return _finish(d, d.table["overdue"], np.full(len(d.table), None), freq)


def open_overdue_tasks(tasks, *, created="created", due="due", completed="completed", freq="M"):
    """Count the tasks overdue and not done at the end of each period.

    Parameters
    ----------
    tasks : DataFrame
        One row per task.
    created, due, completed : str
        Columns as in :func:`tasks_completed`.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.

    Returns
    -------
    DataFrame
        ``period``, ``value`` (count), ``note``.

    Raises
    ------
    DataError
        As :func:`tasks_completed`.

    Notes
    -----
    With :math:`e_t` the end of period :math:`t` or the data's last day, whichever comes
    first,

    .. math:: O_t = |\\{i : \\text{created}_i \\le e_t,\\ \\text{due}_i < e_t,\\
              \\text{completed}_i \\text{ missing or } > e_t\\}|

    with due days compared as days (a task due on the period's last day and not done by
    its end is overdue). A task done later counts in the periods it was late, so a past
    period's count does not change. The backlog of broken promises.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.kpis import open_overdue_tasks
    >>> tasks = pd.DataFrame({
    ...     "created": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-01"]),
    ...     "due": pd.to_datetime(["2024-01-20", "2024-01-31", "2024-02-10"]),
    ...     "completed": pd.to_datetime(["2024-02-05", "2024-01-31 17:00", "2024-02-29"],
    ...                                format="ISO8601")})
    >>> open_overdue_tasks(tasks)["value"].tolist()   # January: the first; February: none
    [1.0, 0.0]
    """
    return public(_overdue(tasks, _roles(created, due, completed), freq))
