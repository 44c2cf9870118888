"""Strategic alignment: does a metric move before, with, after or apart from the goal?

A metric earns a place on a dashboard only if it carries information about the goal
(sales, new customers, churn). This module measures that with lagged correlations of
period-to-period changes and Granger-causality tests, and sums both up in a verdict per
metric that a business owner can read.

Conventions shared by every function here:

- ``data`` is tidy by date: one row per date (or per date and something else that is
  summed away), a ``date`` column and one numeric column per series.
- With ``freq`` given, rows are **summed** into periods labelled by their first day (weeks
  start on Monday), so daily rows become weekly totals and rows that are already one per
  period pass through unchanged. With ``freq=None`` each row is one period as it is.
- A lag ``k`` pairs the candidate at period ``t - k`` with the outcome at period ``t``:
  a positive lag means the candidate moves first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, describe_rows, require_columns
from smbkit.kpis._engine import as_narwhals

__all__ = [
    "CORRECTIONS",
    "TRANSFORMS",
    "VERDICTS",
    "alignment_report",
    "best_lags",
    "granger",
    "lead_lag",
]

#: |r| in levels from which the report remarks that trending series "look related".
_LEVELS_REMARK = 0.5

#: How each series is turned into something comparable before correlating.
TRANSFORMS = ("diff", "pct_change", "detrend", "none")
#: Multiple-testing corrections (statsmodels ``multipletests`` methods, or none).
CORRECTIONS = ("holm", "bonferroni", "fdr_bh", "none")
#: The four verdicts of :func:`alignment_report`.
VERDICTS = ("leading indicator", "coincident", "lagging", "vanity")

_FREQS = ("W", "M", "Q", "Y", None)
# pandas Period aliases: "W-SUN" is a week ending on Sunday, so it starts on Monday.
_ALIAS = {"W": "W-SUN", "M": "M", "Q": "Q-DEC", "Y": "Y-DEC"}
_UNIT = {"W": "week", "M": "month", "Q": "quarter", "Y": "year", None: "period"}
_ADJECTIVE = {"W": "weekly", "M": "monthly", "Q": "quarterly", "Y": "yearly", None: "per-period"}
# Periods lost at the start of the series by each transform.
_LOST = {"diff": 1, "pct_change": 1, "detrend": 0, "none": 0}
_CORRECTION_NAME = {"holm": "Holm", "bonferroni": "Bonferroni", "fdr_bh": "Benjamini-Hochberg"}

#: Fewest (candidate, outcome) pairs a correlation is computed on.
MIN_PAIRS = 10
#: Fewest residual degrees of freedom left in a Granger regression.
MIN_RESID_DF = 10


# --------------------------------------------------------------------------- checks


def _check_int(func: str, arg: str, value: object, minimum: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise SmbkitError(
            f"{func}: `{arg}` must be a whole number >= {minimum}, but {value!r} was passed"
        )


def _check_between(func: str, arg: str, value: object, low: float, high: float) -> None:
    ok = isinstance(value, int | float | np.floating) and not isinstance(value, bool)
    if not ok or not (low < float(value) < high):
        raise SmbkitError(
            f"{func}: `{arg}` must be a number strictly between {low} and {high}, "
            f"but {value!r} was passed"
        )


def _check_roles(func: str, outcome: object, candidates: object) -> list[str]:
    if not isinstance(outcome, str):
        raise SmbkitError(f"{func}: `outcome` must be one column name, but {outcome!r} was passed")
    if isinstance(candidates, str):
        raise SmbkitError(
            f"{func}: `candidates` must be a list of column names, but the single string "
            f"{candidates!r} was passed; write candidates=[{candidates!r}]"
        )
    if not isinstance(candidates, Sequence) or len(candidates) == 0:
        raise SmbkitError(
            f"{func}: `candidates` must be a non-empty list of column names, "
            f"but {candidates!r} was passed"
        )
    names = list(candidates)
    for name in names:
        if not isinstance(name, str):
            raise SmbkitError(
                f"{func}: every entry of `candidates` must be a column name (str), "
                f"but {name!r} was passed"
            )
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise SmbkitError(
            f"{func}: `candidates` lists {repeated!r} more than once; list each metric once"
        )
    if outcome in names:
        raise SmbkitError(
            f"{func}: the outcome {outcome!r} is also in `candidates`; a series always leads "
            "itself at lag 0, so remove it from candidates"
        )
    return names


def _check_common(func: str, max_lag: object, freq: object, transform: object) -> None:
    _check_int(func, "max_lag", max_lag, 1)
    check_option(func, "freq", freq, _FREQS)
    check_option(func, "transform", transform, TRANSFORMS)


# ------------------------------------------------------------------ data preparation


def _aggregate(
    func: str, data: object, *, date: str, freq: str | None, columns: list[str], roles: dict
) -> pd.DataFrame:
    """Return one float column per series, indexed by period start, complete and sorted."""
    if not isinstance(data, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `data` must be a pandas DataFrame with a date column and one column "
            f"per series, but a {type(data).__name__} was passed"
        )
    as_narwhals(func, data, "data")  # refuses repeated column names, as every entry point
    present = list(data.columns)
    require_columns(func, present, date=date)
    for arg, names in roles.items():
        for name in names:
            require_columns(func, present, **{arg: name})
    if not pd.api.types.is_datetime64_any_dtype(data[date]):
        raise DataError(
            f"{func}: column {date!r} (date=) must hold dates, but its dtype is "
            f"{data[date].dtype}; convert it first with pd.to_datetime(data[{date!r}])"
        )
    n = len(data)
    dates = data[date]
    if dates.dt.tz is not None:
        raise DataError(
            f"{func}: column {date!r} (date=) is timezone-aware ({dates.dt.tz}); smbkit uses "
            f"the business's local time: convert with data[{date!r}].dt.tz_localize(None)"
        )
    no_date = dates.isna().to_numpy()
    if no_date.any():
        first = int(np.flatnonzero(no_date)[0])
        raise DataError(
            describe_rows(
                func,
                f"have no date in column {date!r}",
                int(no_date.sum()),
                n,
                data.index[first],
                fix="fix or remove them before the analysis",
            )
        )
    values = {}
    for name in columns:
        column = data[name]
        if pd.api.types.is_bool_dtype(column) or not pd.api.types.is_numeric_dtype(column):
            raise DataError(
                f"{func}: column {name!r} must hold numbers, but its dtype is {column.dtype}"
            )
        array = column.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isfinite(array)
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise DataError(
                describe_rows(
                    func,
                    f"have no finite value in column {name!r}",
                    int(bad.sum()),
                    n,
                    data.index[first],
                    array[first],
                    fix="fill or remove them before the analysis (smbkit never guesses "
                    "a missing value; a missing value is not a zero)",
                )
            )
        values[name] = array
    frame = pd.DataFrame(values)
    stamps = pd.DatetimeIndex(dates.to_numpy())
    if freq is None:
        repeated = stamps.duplicated()
        if repeated.any():
            first = int(np.flatnonzero(repeated)[0])
            raise DataError(
                describe_rows(
                    func,
                    "repeat an earlier date although freq=None means one row per period",
                    int(repeated.sum()),
                    n,
                    data.index[first],
                    str(stamps[first]),
                    fix="pass freq='W' (or 'M', 'Q', 'Y') to sum rows into periods",
                )
            )
        frame.index = pd.DatetimeIndex(stamps, name="period")
        return frame.sort_index()
    starts = stamps.to_period(_ALIAS[freq]).start_time
    summed = frame.groupby(starts.to_numpy()).sum()
    grid = pd.period_range(starts.min(), starts.max(), freq=_ALIAS[freq]).start_time
    empty = grid.difference(pd.DatetimeIndex(summed.index))
    if len(empty):
        raise DataError(
            f"{func}: {len(empty):,} of {len(grid):,} {_ADJECTIVE[freq]} periods have no rows "
            f"(first: {empty[0].date()}); a period without rows is not a zero, so smbkit "
            "will not fill it. Add rows with 0 for periods that truly had none, or use a "
            "coarser freq"
        )
    summed = summed.reindex(grid)
    summed.index = pd.DatetimeIndex(grid, name="period")
    return summed


def _require_periods(
    func: str, n_periods: int, needed: int, freq: str | None, why: str, fix: str
) -> None:
    if n_periods < needed:
        raise DataError(
            f"{func}: the data have {n_periods} {_ADJECTIVE[freq]} periods, too few: at least "
            f"{needed} are needed ({why}). {fix}"
        )


def _leadlag_needed(max_lag: int, transform: str) -> tuple[int, str]:
    lost = _LOST[transform]
    why = f"max_lag={max_lag} + {MIN_PAIRS} pairs at the largest lag"
    if lost:
        why += f" + {lost} lost to transform={transform!r}"
    return max_lag + MIN_PAIRS + lost, why


def _granger_needed(max_lag: int, transform: str) -> tuple[int, str]:
    # At lag order p the unrestricted regression uses T - p rows and 2p + 1 coefficients,
    # so it keeps T - 3p - 1 residual degrees of freedom; ask for at least MIN_RESID_DF.
    lost = _LOST[transform]
    why = f"3 x max_lag={max_lag} + 1 + {MIN_RESID_DF} residual degrees of freedom"
    if lost:
        why += f" + {lost} lost to transform={transform!r}"
    return 3 * max_lag + 1 + MIN_RESID_DF + lost, why


_FIX = "Use a longer history, a finer freq, or a smaller max_lag."


def _transform(func: str, levels: pd.DataFrame, transform: str, freq: str | None) -> pd.DataFrame:
    """Return the transformed series; raise on zero bases and constant results."""
    if transform == "diff":
        out = levels.diff().iloc[1:]
    elif transform == "pct_change":
        base = levels.shift(1).iloc[1:]
        for name in levels.columns:
            zero = (base[name] == 0).to_numpy()
            if zero.any():
                first = base.index[int(np.flatnonzero(zero)[0])]
                raise DataError(
                    f"{func}: transform='pct_change' divides by the previous "
                    f"{_UNIT[freq]}'s value, but series {name!r} is 0 in "
                    f"{int(zero.sum())} of {len(levels)} periods (first: {first.date()}), "
                    "where a percentage change is undefined; use transform='diff'"
                )
        out = levels.iloc[1:] / base - 1.0
    elif transform == "detrend":
        t = np.arange(len(levels), dtype="float64")
        tc = t - t.mean()
        out = levels.copy()
        for name in levels.columns:
            x = levels[name].to_numpy()
            slope = float(tc @ (x - x.mean())) / float(tc @ tc)
            out[name] = x - x.mean() - slope * tc
    else:
        out = levels.copy()
    for name in out.columns:
        x = out[name].to_numpy()
        scale = max(1.0, float(np.max(np.abs(levels[name].to_numpy()))))
        if float(np.ptp(x)) <= 1e-12 * scale:
            raise DataError(
                f"{func}: series {name!r} is constant after transform={transform!r} "
                f"(every value is {x[0]:.6g}), so it cannot move with anything; "
                "remove it from the analysis"
            )
    return out


def _prepare(
    func: str,
    data: object,
    *,
    outcome: str,
    candidates: list[str],
    date: str,
    freq: str | None,
    transform: str,
    needed: tuple[int, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate and return (levels, transformed) frames, outcome first."""
    columns = [outcome, *candidates]
    levels = _aggregate(
        func,
        data,
        date=date,
        freq=freq,
        columns=columns,
        roles={"outcome": [outcome], "candidates": candidates},
    )
    _require_periods(func, len(levels), needed[0], freq, needed[1], _FIX)
    return levels, _transform(func, levels, transform, freq)


# ------------------------------------------------------------------- statistics


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    xc = x - x.mean()
    yc = y - y.mean()
    sxx = float(xc @ xc)
    syy = float(yc @ yc)
    if sxx <= 0.0 or syy <= 0.0:
        return float("nan")
    return float(np.clip(float(xc @ yc) / np.sqrt(sxx * syy), -1.0, 1.0))


def _corr_p_value(r: float, n: int) -> float:
    """Two-sided p-value of Pearson's r under no correlation (Student t, n - 2 df)."""
    from scipy import special

    if not np.isfinite(r) or n < 3:
        return float("nan")
    if abs(r) >= 1.0:
        return 0.0
    t = abs(r) * np.sqrt((n - 2) / (1.0 - r * r))
    return float(2.0 * special.stdtr(n - 2, -t))


def _lagged(lead: np.ndarray, follow: np.ndarray, k: int) -> tuple[float, int, float]:
    """Correlate ``lead`` at t - k with ``follow`` at t: (r, n pairs, p-value)."""
    x = lead[: len(lead) - k] if k else lead
    y = follow[k:]
    r = _pearson(x, y)
    return r, len(x), _corr_p_value(r, len(x))


def _lead_lag_table(series: pd.DataFrame, outcome: str, candidates: list[str], max_lag: int):
    y = series[outcome].to_numpy()
    rows = []
    for name in candidates:
        x = series[name].to_numpy()
        for k in range(max_lag + 1):
            r, n, p = _lagged(x, y, k)
            rows.append((name, k, r, n, p))
    return pd.DataFrame(rows, columns=["candidate", "lag", "correlation", "n", "p_value"])


def _check_lag_windows(func: str, series: pd.DataFrame, name: str, max_lag: int) -> None:
    """Raise if a lagged copy of ``name`` is constant in one of the Granger regressions.

    At lag order p the regressions use rows t = p..T-1 and, for lag k = 1..p, the values
    at t - k: the window ``x[p - k : T - k]``. A series that changes only in a few periods
    (a count that is almost always 0) can be constant over such a window although it is
    not constant overall, and statsmodels then cannot compute the test.
    """
    x = series[name].to_numpy()
    n = len(x)
    tolerance = 1e-12 * max(1.0, float(np.max(np.abs(x))))
    for p in range(1, max_lag + 1):
        for k in range(1, p + 1):
            window = x[p - k : n - k]
            if float(np.ptp(window)) <= tolerance:
                fix = "remove this metric or use a longer history"
                if p > 1:
                    fix += f" or a max_lag below {p}"
                raise DataError(
                    f"{func}: series {name!r} is constant (after the transform) from "
                    f"{series.index[p - k].date()} to {series.index[n - k - 1].date()}, the "
                    f"periods its lag {k} enters in the Granger test at lag order {p}, so the "
                    "test cannot be computed: a metric that barely moves (a count that is "
                    f"almost always 0) carries no testable signal; {fix}"
                )


def _granger_table(
    func: str, series: pd.DataFrame, pairs: list[tuple[str, str]], max_lag: int, correction: str
) -> pd.DataFrame:
    """Granger F-tests of cause -> effect for lag orders 1..max_lag, corrected per lag."""
    from statsmodels.tools.sm_exceptions import InfeasibleTestError
    from statsmodels.tsa.stattools import grangercausalitytests

    rows = []
    for cause, effect in pairs:
        for name in (effect, cause):
            _check_lag_windows(func, series, name, max_lag)
        # statsmodels tests whether the second column helps predict the first.
        x = np.column_stack([series[effect].to_numpy(), series[cause].to_numpy()])
        try:
            results = grangercausalitytests(x, max_lag)
        except InfeasibleTestError as exc:
            raise DataError(
                f"{func}: the Granger test of {cause!r} -> {effect!r} cannot be computed "
                f"({exc}); one series is an exact function of the other's past, so remove "
                "one of them"
            ) from exc
        for lag in range(1, max_lag + 1):
            f_stat, p_value, _, _ = results[lag][0]["ssr_ftest"]
            rows.append((cause, effect, lag, float(f_stat), float(p_value)))
    table = pd.DataFrame(rows, columns=["cause", "effect", "lag", "f_stat", "p_value"])
    adjusted = table["p_value"].to_numpy(copy=True)
    if correction != "none":
        for lag in range(1, max_lag + 1):
            at = (table["lag"] == lag).to_numpy()
            adjusted[at] = _correct(adjusted[at], correction)
    table["p_adjusted"] = adjusted
    return table


# ------------------------------------------------------------------- public API


def lead_lag(
    data: pd.DataFrame,
    *,
    outcome: str,
    candidates: Sequence[str],
    max_lag: int = 8,
    date: str = "date",
    freq: str | None = "W",
    transform: str = "diff",
) -> pd.DataFrame:
    """Correlate each candidate metric with the outcome at lags 0 to ``max_lag`` periods.

    Parameters
    ----------
    data : DataFrame
        Tidy by date: a ``date`` column and one numeric column per series. Rows are
        summed into ``freq`` periods (daily rows become weekly totals; rows that are
        already one per period pass through unchanged). Missing values and periods
        without rows raise rather than being treated as zero.
    outcome : str
        Column of the goal, e.g. ``"net_revenue"`` or ``"new_customers"``.
    candidates : list of str
        Columns of the metrics to test against the outcome.
    max_lag : int, default 8
        Largest lag, in periods (weeks with ``freq="W"``).
    date : str, default "date"
        Column of dates (timezone-naive datetimes).
    freq : {"W", "M", "Q", "Y"} or None, default "W"
        Period to sum rows into (weeks start on Monday). ``None`` takes each row as one
        period as it is (dates must not repeat).
    transform : {"diff", "pct_change", "detrend", "none"}, default "diff"
        What is correlated: the change from the previous period, the percentage change,
        the deviation from a straight-line trend, or the raw levels.

    Returns
    -------
    DataFrame
        One row per candidate and lag, candidates in the order given:

        - ``candidate`` : the metric's column name;
        - ``lag`` : k in 0..max_lag periods; the candidate at period t - k is paired with
          the outcome at period t, so a positive lag means the candidate moves first;
        - ``correlation`` : Pearson's r of the transformed series, in [-1, 1];
        - ``n`` : number of pairs the correlation uses (periods after the transform - k);
        - ``p_value`` : two-sided p-value of r under no correlation.

    Raises
    ------
    SmbkitError
        A bad option, ``max_lag``, or ``candidates`` list.
    DataError
        A missing or non-numeric column, missing values, a period without rows, too few
        periods for ``max_lag`` (the message says how many are needed), or a series that
        is constant after the transform.

    See Also
    --------
    best_lags : the strongest lag per candidate from this table.
    granger : whether a candidate's past improves a forecast of the outcome.
    alignment_report : one verdict per candidate.

    Notes
    -----
    With :math:`x` the transformed candidate and :math:`y` the transformed outcome over
    :math:`T` periods,

    .. math::

        r_k = \\operatorname{corr}(x_{t-k}, y_t), \\quad t = k + 1, \\dots, T, \\qquad
        p_k = 2\\,P\\!\\left(t_{n-2} > |r_k| \\sqrt{\\frac{n - 2}{1 - r_k^2}}\\right),
        \\quad n = T - k,

    the usual Student-t test of a Pearson correlation (e.g. Snedecor & Cochran,
    *Statistical Methods*, 8th ed., section 10.6). Business meaning: :math:`r_k` says
    how closely this week's movement in sales echoes the metric's movement k weeks ago.

    **Why not levels.** Two series that both grow over time (sales and social-media
    followers of a growing bakery) correlate strongly in levels whether or not one has
    anything to do with the other; with ``transform="none"`` the table mostly measures
    that shared trend. Differences (``"diff"``) or percentage changes ask the useful
    question instead: when the metric moves more than usual, does the outcome follow?

    The p-values assume independent pairs and are not corrected for the many lags and
    candidates tried; read them as a screen, and see :func:`granger` for corrected
    tests. Seasonality shared by both series (a December peak) also produces
    correlation without any causal link.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from smbkit.analysis import lead_lag, best_lags
    >>> rng = np.random.default_rng(3)
    >>> shocks = rng.normal(size=62)
    >>> noise = rng.normal(scale=0.5, size=60)
    >>> data = pd.DataFrame({
    ...     "date": pd.date_range("2024-01-01", periods=60, freq="7D"),
    ...     "visits": 100 + np.cumsum(shocks[2:]),  # weekly change: shocks[t + 2]
    ...     "sales": 500 + np.cumsum(shocks[:-2] + noise),  # shocks[t]: visits 2 weeks ago
    ... })
    >>> table = lead_lag(data, outcome="sales", candidates=["visits"], max_lag=3)
    >>> table.round(3)
      candidate  lag  correlation   n  p_value
    0    visits    0       -0.070  59    0.598
    1    visits    1       -0.083  58    0.537
    2    visits    2        0.905  57    0.000
    3    visits    3       -0.034  56    0.806

    At lag 2 the expected correlation is :math:`1 / \\sqrt{1 + 0.5^2} = 0.894`.

    >>> best_lags(table)[["candidate", "best_lag", "stronger_than_lag0"]]
      candidate  best_lag  stronger_than_lag0
    0    visits         2                True
    """
    func = "lead_lag"
    names = _check_roles(func, outcome, candidates)
    _check_common(func, max_lag, freq, transform)
    _, series = _prepare(
        func,
        data,
        outcome=outcome,
        candidates=names,
        date=date,
        freq=freq,
        transform=transform,
        needed=_leadlag_needed(max_lag, transform),
    )
    return _lead_lag_table(series, outcome, names, max_lag)


def best_lags(lead_lag_table: pd.DataFrame) -> pd.DataFrame:
    """Pick, for each candidate, the lag of at least one period with the strongest correlation.

    Parameters
    ----------
    lead_lag_table : DataFrame
        A table as returned by :func:`lead_lag` (``candidate, lag, correlation``), which
        must include lag 0 and at least one lag >= 1 for every candidate.

    Returns
    -------
    DataFrame
        One row per candidate, in the order of the table:

        - ``candidate``;
        - ``best_lag`` : the lag k >= 1 with the largest :math:`|r_k|` (the smallest such
          lag on a tie);
        - ``correlation_at_best_lag`` : :math:`r_k` there (its sign kept);
        - ``correlation_at_lag0`` : :math:`r_0`, the same-period correlation;
        - ``stronger_than_lag0`` : True when :math:`|r_k| > |r_0|`, i.e. the metric
          echoes in the outcome later more than it moves with it at once.

    Raises
    ------
    DataError
        Missing columns, or a candidate without lag 0, without a lag >= 1, or with no
        finite correlation at lags >= 1.

    Notes
    -----
    .. math:: k^{*} = \\operatorname{arg\\,max}_{1 \\le k \\le K} |r_k|

    Business meaning: the number of periods between a move in the metric and the matching
    move in the goal, i.e. how much warning the metric gives.

    Picking the best of several lags flatters the winning correlation; judge it with
    :func:`granger` or :func:`alignment_report`, which correct for multiple testing.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.analysis import best_lags
    >>> table = pd.DataFrame({"candidate": ["a", "a", "a"], "lag": [0, 1, 2],
    ...                       "correlation": [0.1, -0.5, 0.3]})
    >>> best_lags(table)[["candidate", "best_lag", "correlation_at_best_lag"]]
      candidate  best_lag  correlation_at_best_lag
    0         a         1                     -0.5
    """
    func = "best_lags"
    if not isinstance(lead_lag_table, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `lead_lag_table` must be the DataFrame returned by lead_lag, "
            f"but a {type(lead_lag_table).__name__} was passed"
        )
    require_columns(
        func,
        list(lead_lag_table.columns),
        table="lead_lag_table",
        candidate="candidate",
        lag="lag",
        correlation="correlation",
    )
    rows = []
    for name, group in lead_lag_table.groupby("candidate", sort=False):
        lags = group["lag"].to_numpy()
        r = group["correlation"].to_numpy(dtype="float64")
        if not (lags == 0).any():
            raise DataError(f"{func}: candidate {name!r} has no row with lag 0 in lead_lag_table")
        later = (lags >= 1) & np.isfinite(r)
        if not later.any():
            raise DataError(
                f"{func}: candidate {name!r} has no finite correlation at a lag >= 1 in "
                "lead_lag_table; run lead_lag with max_lag >= 1"
            )
        order = np.argsort(lags[later], kind="stable")
        lag_sorted = lags[later][order]
        r_sorted = r[later][order]
        pick = int(np.argmax(np.abs(r_sorted)))
        r0 = float(r[lags == 0][0])
        rows.append(
            (
                name,
                int(lag_sorted[pick]),
                float(r_sorted[pick]),
                r0,
                bool(abs(r_sorted[pick]) > abs(r0)),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "candidate",
            "best_lag",
            "correlation_at_best_lag",
            "correlation_at_lag0",
            "stronger_than_lag0",
        ],
    )


def granger(
    data: pd.DataFrame,
    *,
    outcome: str,
    candidates: Sequence[str],
    max_lag: int = 4,
    date: str = "date",
    freq: str | None = "W",
    transform: str = "diff",
    correction: str = "holm",
) -> pd.DataFrame:
    """Test whether each candidate's past helps forecast the outcome (Granger causality).

    Parameters
    ----------
    data : DataFrame
        Tidy by date, as for :func:`lead_lag` (rows are summed into ``freq`` periods).
    outcome : str
        Column of the goal.
    candidates : list of str
        Columns of the metrics to test.
    max_lag : int, default 4
        Largest lag order, in periods; every order 1..max_lag is tested.
    date : str, default "date"
        Column of dates.
    freq : {"W", "M", "Q", "Y"} or None, default "W"
        Period to sum rows into; ``None`` takes each row as one period.
    transform : {"diff", "pct_change", "detrend", "none"}, default "diff"
        Applied to every series first. The test assumes stationary series: trending levels
        (``"none"``) give spurious results.
    correction : {"holm", "bonferroni", "fdr_bh", "none"}, default "holm"
        Multiple-testing correction across the candidates, applied separately at each lag
        order (statsmodels ``multipletests``; ``"none"`` copies the raw p-value).

    Returns
    -------
    DataFrame
        One row per candidate and lag order, candidates in the order given:

        - ``candidate``;
        - ``lag`` : the lag order p (1..max_lag): the test uses the last p periods of both
          series;
        - ``f_stat`` : the F statistic (``ssr_ftest`` of statsmodels);
        - ``p_value`` : its p-value;
        - ``p_adjusted`` : the p-value after ``correction`` across all candidates at this
          lag order (always >= ``p_value``).

    Raises
    ------
    SmbkitError
        A bad option, ``max_lag`` or ``candidates`` list.
    DataError
        As for :func:`lead_lag`; too few periods means fewer than
        3 x max_lag + 11 after the transform; a series that is constant over the
        periods one of its lags covers in a test (a count that is almost always 0).

    Notes
    -----
    For lag order p, two least-squares regressions of the outcome :math:`y_t` are
    compared: one on its own past (restricted) and one that adds the candidate's past
    (unrestricted),

    .. math::

        y_t = c + \\sum_{i=1}^{p} a_i y_{t-i} + \\sum_{i=1}^{p} b_i x_{t-i} + e_t, \\qquad
        F = \\frac{(\\mathrm{SSR}_r - \\mathrm{SSR}_u) / p}{\\mathrm{SSR}_u / (N - 2p - 1)},

    with :math:`N = T - p` rows, testing :math:`b_1 = \\dots = b_p = 0` (Granger, 1969,
    *Econometrica* 37(3); Greene, *Econometric Analysis*). Holm's step-down correction
    multiplies the i-th smallest of m p-values by m - i + 1 and keeps them monotone
    (Holm, 1979, *Scand. J. Statist.* 6(2)). Business meaning: a small p says the metric
    tells you something about next weeks' sales that last weeks' sales did not.

    Granger causality is predictive precedence, not causation: a third factor that moves
    the metric first and sales later (a local festival, the weather) produces the same
    result.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from smbkit.analysis import granger
    >>> rng = np.random.default_rng(1)
    >>> shocks = rng.normal(size=82)
    >>> data = pd.DataFrame({
    ...     "date": pd.date_range("2024-01-01", periods=80, freq="7D"),
    ...     "visits": np.cumsum(shocks[2:]),
    ...     "sales": np.cumsum(shocks[:-2] + rng.normal(size=80)),
    ...     "likes": np.cumsum(rng.normal(size=80)) + np.arange(80),
    ... })
    >>> result = granger(data, outcome="sales", candidates=["visits", "likes"], max_lag=2)
    >>> result[["candidate", "lag", "p_adjusted"]].round(4)
      candidate  lag  p_adjusted
    0    visits    1      0.4312
    1    visits    2      0.0000
    2     likes    1      0.3936
    3     likes    2      0.3805
    """
    func = "granger"
    names = _check_roles(func, outcome, candidates)
    _check_common(func, max_lag, freq, transform)
    check_option(func, "correction", correction, CORRECTIONS)
    _, series = _prepare(
        func,
        data,
        outcome=outcome,
        candidates=names,
        date=date,
        freq=freq,
        transform=transform,
        needed=_granger_needed(max_lag, transform),
    )
    table = _granger_table(func, series, [(c, outcome) for c in names], max_lag, correction)
    table = table.drop(columns="effect").rename(columns={"cause": "candidate"})
    return table[["candidate", "lag", "f_stat", "p_value", "p_adjusted"]]


# -------------------------------------------------------------- alignment report


def _label(name: str) -> str:
    return name.replace("_", " ")


def _periods(k: int, freq: str | None) -> str:
    unit = _UNIT[freq]
    return f"{k} {unit}" if k == 1 else f"{k} {unit}s"


def _format_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _moves(transform: str, freq: str | None) -> str:
    adjective = _ADJECTIVE[freq].capitalize()
    return {
        "diff": f"{adjective} changes",
        "pct_change": f"{adjective} percentage changes",
        "detrend": "Deviations from trend",
        "none": "Levels",
    }[transform]


def _granger_phrase(p: float, m: int, correction: str, direction: str = "") -> str:
    text = f"Granger {_format_p(p)}" + (f" for {direction}" if direction else "")
    if m == 1:
        return text + " (one metric tested)"
    if correction == "none":
        return text + f", not corrected for testing {m} metrics"
    return text + f" after {_CORRECTION_NAME[correction]} correction across {m} metrics"


def _correct(p_values: list[float], correction: str) -> np.ndarray:
    """Correct p-values across candidates (statsmodels multipletests), or copy them."""
    p = np.asarray(p_values, dtype="float64")
    if correction == "none":
        return p
    from statsmodels.stats.multitest import multipletests

    return multipletests(p, method=correction)[1]


def _strength(r: float, p: float, min_corr: float, alpha: float) -> str:
    strong_r = abs(r) >= 2 * min_corr
    strong_p = p <= alpha / 10
    return "high" if strong_r and strong_p else "medium" if strong_r or strong_p else "low"


def alignment_report(
    data: pd.DataFrame,
    *,
    outcome: str,
    candidates: Sequence[str],
    max_lag: int = 8,
    date: str = "date",
    freq: str | None = "W",
    transform: str = "diff",
    alpha: float = 0.05,
    min_corr: float = 0.2,
    correction: str = "holm",
) -> pd.DataFrame:
    """Classify each candidate metric as a leading indicator, coincident, lagging or vanity.

    Parameters
    ----------
    data : DataFrame
        Tidy by date, as for :func:`lead_lag` (rows are summed into ``freq`` periods).
    outcome : str
        Column of the goal, e.g. ``"net_revenue"``.
    candidates : list of str
        Columns of the metrics to judge.
    max_lag : int, default 8
        Largest lag, in periods, for the correlations and the Granger tests.
    date : str, default "date"
        Column of dates.
    freq : {"W", "M", "Q", "Y"} or None, default "W"
        Period to sum rows into; ``None`` takes each row as one period.
    transform : {"diff", "pct_change", "detrend", "none"}, default "diff"
        Applied to every series first (see :func:`lead_lag` for why levels mislead).
    alpha : float, default 0.05
        Significance level for the corrected Granger p-values and the lag-0 test.
    min_corr : float, default 0.2
        Smallest :math:`|r|` that counts as a relation worth acting on.
    correction : {"holm", "bonferroni", "fdr_bh", "none"}, default "holm"
        Multiple-testing correction across candidates (see :func:`granger`).

    Returns
    -------
    DataFrame
        One row per candidate, in the order given:

        - ``candidate``;
        - ``verdict`` : "leading indicator", "coincident", "lagging" or "vanity";
        - ``best_lag`` : the lag the verdict refers to, in periods, signed as in
          :func:`lead_lag` (positive: the metric moves first; negative: it follows);
        - ``correlation_at_best_lag`` : r at ``best_lag``;
        - ``correlation_at_lag0`` : r in the same period;
        - ``granger_p_adjusted`` : :math:`g^{+}` below: the Granger p-value of
          candidate -> outcome at lag order :math:`k^{+}`, corrected for choosing that
          order and for testing several candidates;
        - ``confidence`` : "high", "medium" or "low";
        - ``explanation`` : one plain sentence for a business owner.

    Raises
    ------
    SmbkitError
        A bad option, ``max_lag``, ``alpha``, ``min_corr`` or ``candidates`` list.
    DataError
        As for :func:`lead_lag` and :func:`granger` (the larger period requirement of the
        two applies).

    Notes
    -----
    With :math:`r_k = \\operatorname{corr}(x_{t-k}, y_t)` (candidate x moves first),
    :math:`r^{-}_k = \\operatorname{corr}(y_{t-k}, x_t)` (outcome y moves first) on the
    transformed series, :math:`K` = ``max_lag``,

    .. math::

        k^{+} = \\operatorname{arg\\,max}_{1 \\le k \\le K} |r_k|, \\qquad
        k^{-} = \\operatorname{arg\\,max}_{1 \\le k \\le K} |r^{-}_k|,

    :math:`q^{+}` the raw Granger p-value (see :func:`granger`) of x -> y at lag order
    :math:`k^{+}` and :math:`q^{-}` that of y -> x at order :math:`k^{-}`,

    .. math::

        g^{\\pm} = \\operatorname{correct}\\big(\\min(1,\\ K q^{\\pm})\\big),

    where the factor K is a Bonferroni correction for having picked the order among K
    (without it, a metric with no relation at all passes the test at one of 8 lags far
    more often than alpha) and ``correct`` is ``correction`` across the candidates. With
    :math:`p_0` the p-value of :math:`r_0`, the rules are applied in this order:

    1. **leading indicator** if :math:`|r_{k^+}| \\ge` min_corr and :math:`g^{+} \\le`
       alpha; ``best_lag`` = :math:`k^{+}`. (A metric that both leads and follows the
       outcome is called leading: the warning is what matters.)
    2. **lagging** if :math:`|r^{-}_{k^-}| \\ge` min_corr and :math:`g^{-} \\le` alpha;
       ``best_lag`` = :math:`-k^{-}`.
    3. **coincident** if :math:`|r_0| \\ge` min_corr and :math:`p_0 \\le` alpha;
       ``best_lag`` = 0.
    4. **vanity** otherwise: no reliable relation with the outcome at any lag from
       :math:`-K` to :math:`K`; ``best_lag`` is the lag in that range with the largest
       :math:`|r|`, for reference.

    Confidence for verdicts 1-3 uses the evidence (r, p) that made the verdict:
    "high" when :math:`|r| \\ge 2 \\times` min_corr and :math:`p \\le` alpha / 10,
    "medium" when one of the two holds, "low" when neither does. For "vanity", with
    :math:`r_{\\max}` the largest :math:`|r|` over lags :math:`-K..K` and
    :math:`p_{\\min} = \\min(g^{+}, g^{-}, p_0)`: "high" when :math:`r_{\\max} <`
    min_corr and :math:`p_{\\min} >` alpha (nothing there), "low" when
    :math:`r_{\\max} \\ge` min_corr (a sizeable but unreliable correlation: more data may
    change the verdict), "medium" otherwise (a reliable but too weak relation).

    Business meaning: a leading indicator gives you time to act before the goal moves; a
    coincident metric explains the current period; a lagging one confirms what already
    happened; a vanity metric can look impressive (often because it grows with the
    business) while saying nothing about the goal.

    What this cannot show: correlation and Granger tests find predictive precedence, not
    causation. A confounder that moves both series (a new housing estate, the weather,
    school holidays) can make a metric "lead" without any effect of its own; shared
    seasonality left in the data correlates too (a promotion calendar that repeats, a
    December peak). The correction for choosing the lag makes the verdicts conservative:
    with few periods a genuine but weak leader may come out "vanity" with low
    confidence. Confirm a leading indicator with an experiment or with its mechanism before you
    steer by it.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from smbkit.analysis import alignment_report
    >>> rng = np.random.default_rng(3)
    >>> shocks = rng.normal(size=122)
    >>> data = pd.DataFrame({
    ...     "date": pd.date_range("2024-01-01", periods=120, freq="7D"),
    ...     "visits": np.cumsum(shocks[2:]),
    ...     "sales": np.cumsum(shocks[:-2] + rng.normal(size=120)) + np.arange(120),
    ...     "likes": np.cumsum(rng.normal(size=120)) + 2 * np.arange(120),
    ... })
    >>> report = alignment_report(data, outcome="sales", candidates=["visits", "likes"],
    ...                           max_lag=4)
    >>> report[["candidate", "verdict", "best_lag", "confidence"]]
      candidate            verdict  best_lag confidence
    0    visits  leading indicator         2       high
    1     likes             vanity        -2       high
    >>> print(report["explanation"][1])  # doctest: +NORMALIZE_WHITESPACE
    Weekly changes in likes carry no reliable information about sales at any lag from
    0 to 4 weeks in either direction (largest |r| = 0.11); in levels the two look related
    (r = 1.00), as any two series that both trend over time do.
    """
    func = "alignment_report"
    names = _check_roles(func, outcome, candidates)
    _check_common(func, max_lag, freq, transform)
    _check_between(func, "alpha", alpha, 0.0, 1.0)
    _check_between(func, "min_corr", min_corr, 0.0, 1.0)
    check_option(func, "correction", correction, CORRECTIONS)
    needed = max(
        _leadlag_needed(max_lag, transform),
        _granger_needed(max_lag, transform),
        key=lambda pair: pair[0],
    )
    levels, series = _prepare(
        func,
        data,
        outcome=outcome,
        candidates=names,
        date=date,
        freq=freq,
        transform=transform,
        needed=needed,
    )
    forward = _lead_lag_table(series, outcome, names, max_lag)
    g_fwd = _granger_table(func, series, [(c, outcome) for c in names], max_lag, "none")
    g_rev = _granger_table(func, series, [(outcome, c) for c in names], max_lag, "none")
    y = series[outcome].to_numpy()
    evidence = []
    for name in names:
        fwd = forward[forward["candidate"] == name]
        r_fwd = fwd["correlation"].to_numpy()  # position = lag 0..K
        r_rev = np.array(
            [np.nan] + [_lagged(y, series[name].to_numpy(), k)[0] for k in range(1, max_lag + 1)]
        )
        k_plus = 1 + int(np.nanargmax(np.abs(r_fwd[1:])))
        k_minus = 1 + int(np.nanargmax(np.abs(r_rev[1:])))
        raw_plus = g_fwd.loc[(g_fwd["cause"] == name) & (g_fwd["lag"] == k_plus), "p_value"]
        raw_minus = g_rev.loc[(g_rev["effect"] == name) & (g_rev["lag"] == k_minus), "p_value"]
        evidence.append(
            (
                r_fwd,
                r_rev,
                float(fwd["p_value"].iloc[0]),
                k_plus,
                k_minus,
                float(raw_plus.iloc[0]),
                float(raw_minus.iloc[0]),
            )
        )
    # k+ and k- were each chosen among K lag orders: Bonferroni for that choice, then the
    # correction across candidates.
    g_plus_all = _correct([min(1.0, max_lag * e[5]) for e in evidence], correction)
    g_minus_all = _correct([min(1.0, max_lag * e[6]) for e in evidence], correction)
    m = len(names)
    moves = _moves(transform, freq)
    o_label = _label(outcome)
    unit = _UNIT[freq]
    rows = []
    for i, name in enumerate(names):
        r_fwd, r_rev, p0, k_plus, k_minus, _, _ = evidence[i]
        r0 = float(r_fwd[0])
        g_plus, g_minus = float(g_plus_all[i]), float(g_minus_all[i])
        c_label = _label(name)
        if abs(r_fwd[k_plus]) >= min_corr and g_plus <= alpha:
            verdict, lag, r_best = "leading indicator", k_plus, float(r_fwd[k_plus])
            confidence = _strength(r_best, g_plus, min_corr, alpha)
            direction = "the same" if r_best > 0 else "the opposite"
            explanation = (
                f"{moves} in {c_label} are followed {_periods(k_plus, freq)} later by "
                f"changes in {o_label} in {direction} direction (r = {r_best:.2f}; "
                f"{_granger_phrase(g_plus, m, correction)})."
            )
        elif abs(r_rev[k_minus]) >= min_corr and g_minus <= alpha:
            verdict, lag, r_best = "lagging", -k_minus, float(r_rev[k_minus])
            confidence = _strength(r_best, g_minus, min_corr, alpha)
            explanation = (
                f"{moves} in {c_label} follow changes in {o_label} by "
                f"{_periods(k_minus, freq)} (r = {r_best:.2f}; "
                f"{_granger_phrase(g_minus, m, correction, f'{o_label} -> {c_label}')}): "
                "it confirms what already happened and cannot warn you in advance."
            )
        elif abs(r0) >= min_corr and p0 <= alpha:
            verdict, lag, r_best = "coincident", 0, r0
            confidence = _strength(r0, p0, min_corr, alpha)
            explanation = (
                f"{moves} in {c_label} move in the same {unit} as changes in {o_label} "
                f"(r = {r0:.2f}) but do not help predict later {o_label} "
                f"({_granger_phrase(g_plus, m, correction)}): useful to explain a {unit}, "
                "not to see the next one coming."
            )
        else:
            verdict = "vanity"
            # Lags -K..K: index j in the stacked array is lag j - K.
            both = np.concatenate([r_rev[1:][::-1], r_fwd])
            j = int(np.nanargmax(np.abs(both)))
            lag, r_best = j - max_lag, float(both[j])
            r_max = abs(r_best)
            p_min = min(g_plus, g_minus, p0)
            if r_max >= min_corr:
                confidence = "low"
            elif p_min <= alpha:
                confidence = "medium"
            else:
                confidence = "high"
            explanation = (
                f"{moves} in {c_label} carry no reliable information about {o_label} at any "
                f"lag from 0 to {_periods(max_lag, freq)} in either direction "
                f"(largest |r| = {r_max:.2f})"
            )
            r_levels = _pearson(levels[name].to_numpy(), levels[outcome].to_numpy())
            # only a strong levels correlation is worth warning about
            if transform != "none" and abs(r_levels) >= max(min_corr, _LEVELS_REMARK):
                explanation += (
                    f"; in levels the two look related (r = {r_levels:.2f}), as any two "
                    "series that both trend over time do."
                )
            else:
                explanation += "."
        rows.append((name, verdict, lag, r_best, r0, g_plus, confidence, explanation))
    return pd.DataFrame(
        rows,
        columns=[
            "candidate",
            "verdict",
            "best_lag",
            "correlation_at_best_lag",
            "correlation_at_lag0",
            "granger_p_adjusted",
            "confidence",
            "explanation",
        ],
    )
