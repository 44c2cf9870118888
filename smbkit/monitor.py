"""Alerts that adapt: control charts, seasonal baselines and alert-fatigue accounting.

A fixed threshold ("tell me when daily revenue drops below 1,000 USD") ignores how much a
number normally wobbles and when it is normally low. The charts here learn the normal range
from the data itself, so an alert means "this is unusual", not just "this is low".

Every chart function takes a pandas Series of values indexed by date and returns one tidy
table with the columns ``date, value, statistic, centre, lower, upper, signal, rule``:

* ``value`` is the observation, ``statistic`` what is plotted against the limits (the value
  itself, an EWMA or a cumulative sum);
* ``centre``, ``lower`` and ``upper`` are the centre line and control limits for that row;
* ``signal`` is True where an alert fires and ``rule`` names the rule that fired ("" if none).

The charts:

* :func:`fixed_threshold`: the naive bar to beat, a constant lower and/or upper bound.
* :func:`xmr_chart`: the individuals and moving range (XmR) chart of Shewhart, as taught by
  Wheeler; :func:`apply_rules` adds Western Electric run rules to it.
* :func:`ewma_chart`: the exponentially weighted moving average chart of Roberts (1959).
* :func:`cusum_chart`: the tabular (two-sided) CUSUM of Page (1954).
* :func:`seasonal_baseline`: each day against the rolling median of the same weekday, with a
  spread from the median absolute deviation (MAD), robust to the odd holiday.

:func:`alert_fatigue` counts how often a chart alerts and, when a real change is known (for
example one planted in a copy of the data), how many alerts were real and how fast the
change was caught.

References
----------
NIST/SEMATECH *e-Handbook of Statistical Methods* (2012), §6.3.2 (what control charts are),
§6.3.2.3 (CUSUM charts), §6.3.2.4 (EWMA charts). https://www.itl.nist.gov/div898/handbook/

Wheeler, D. J. (2000). *Understanding Variation: The Key to Managing Chaos*, 2nd ed., SPC
Press (the XmR chart and its 2.66 scaling constant).

Montgomery, D. C. (2009). *Introduction to Statistical Quality Control*, 6th ed., Wiley:
§9.1 (tabular CUSUM), §9.2 (EWMA).

Western Electric Company (1956). *Statistical Quality Control Handbook* (the run rules).

>>> import pandas as pd
>>> from smbkit import monitor
>>> y = pd.Series([10.0, 12, 11, 13, 12, 30],
...               index=pd.date_range("2025-01-01", periods=6, freq="D"))
>>> chart = monitor.xmr_chart(y, baseline=5)
>>> chart["signal"].tolist()
[False, False, False, False, False, True]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option

__all__ = [
    "COLUMNS",
    "RULES",
    "AlertFatigue",
    "alert_fatigue",
    "apply_rules",
    "cusum_chart",
    "ewma_chart",
    "fixed_threshold",
    "seasonal_baseline",
    "xmr_chart",
]

#: Columns of every chart table, in order.
COLUMNS = ("date", "value", "statistic", "centre", "lower", "upper", "signal", "rule")
#: Scaling constant of the XmR chart: 3 / d2 with d2 = 1.128 for moving ranges of two.
XMR_FACTOR = 2.66
#: d2 for moving ranges of two points: sigma is estimated as mean moving range / 1.128.
D2 = 1.128
#: Western Electric run rules that :func:`apply_rules` knows, in the order they are checked.
RULES = ("beyond_limits", "two_of_three", "four_of_five", "run_of_eight")
#: Normal-consistency constant of the MAD (1 / Phi^-1(0.75)).
MAD_SCALE = 1.4826


# --------------------------------------------------------------------------- checks


def _series(func: str, series: object) -> pd.Series:
    if isinstance(series, pd.DataFrame) or not isinstance(series, pd.Series):
        raise SmbkitError(
            f"{func}: `series` must be a pandas Series of numbers indexed by date, got "
            f"{type(series).__name__}; pick one column, e.g. daily['revenue']"
        )
    if not isinstance(series.index, pd.DatetimeIndex):
        raise DataError(
            f"{func}: `series` must be indexed by date (a DatetimeIndex), got "
            f"{type(series.index).__name__}; use series.set_axis(pd.to_datetime(dates))"
        )
    try:
        values = series.astype(float)
    except (TypeError, ValueError) as exc:
        raise DataError(f"{func}: `series` must hold numbers, got dtype {series.dtype}") from exc
    if len(values) < 2:
        raise DataError(f"{func}: `series` needs at least 2 values, got {len(values)}")
    bad = ~np.isfinite(values.to_numpy())
    if bad.any():
        first = values.index[np.argmax(bad)]
        raise DataError(
            f"{func}: {int(bad.sum())} of {len(values)} values are missing or infinite "
            f"(first on {first:%Y-%m-%d}); fill a closed day with 0 or drop it first"
        )
    if not values.index.is_monotonic_increasing:
        values = values.sort_index()
    return values


def _positive(func: str, arg: str, value: object, *, upper: float | None = None) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `{arg}` must be a number, got {value!r}") from exc
    if not (x > 0 and math.isfinite(x)) or (upper is not None and x > upper):
        span = f"in (0, {upper:g}]" if upper is not None else "> 0"
        raise SmbkitError(f"{func}: `{arg}` must be a number {span}, got {value!r}")
    return x


def _baseline(func: str, baseline: object, n: int) -> int:
    if baseline is None:
        return n
    if isinstance(baseline, bool) or not isinstance(baseline, (int, np.integer)):
        raise SmbkitError(
            f"{func}: `baseline` is the number of first values that define normal, a whole "
            f"number, got {baseline!r}"
        )
    if not 2 <= baseline <= n:
        raise SmbkitError(
            f"{func}: `baseline` must be between 2 and the number of values ({n}), got {baseline}"
        )
    return int(baseline)


def _table(values: pd.Series, statistic, centre, lower, upper, signal, rule) -> pd.DataFrame:
    n = len(values)
    out = pd.DataFrame(
        {
            "date": values.index.to_numpy(),
            "value": values.to_numpy(dtype=float),
            "statistic": np.broadcast_to(np.asarray(statistic, dtype=float), n).copy(),
            "centre": np.broadcast_to(np.asarray(centre, dtype=float), n).copy(),
            "lower": np.broadcast_to(np.asarray(lower, dtype=float), n).copy(),
            "upper": np.broadcast_to(np.asarray(upper, dtype=float), n).copy(),
            "signal": np.asarray(signal, dtype=bool),
            "rule": np.asarray(rule, dtype=object),
        }
    )
    out["rule"] = out["rule"].astype(str)
    return out


def _limit_rule(stat, lower, upper, name: str = "beyond_limits"):
    stat = np.asarray(stat, dtype=float)
    signal = (stat > np.asarray(upper)) | (stat < np.asarray(lower))
    return signal, np.where(signal, name, "")


# --------------------------------------------------------------------------- charts


def fixed_threshold(
    series: pd.Series, *, lower: float | None = None, upper: float | None = None
) -> pd.DataFrame:
    """Alert whenever a value crosses a fixed bound: the rule most dashboards start with.

    Parameters
    ----------
    series : Series
        Values indexed by date.
    lower, upper : float, optional
        Alert below ``lower`` and/or above ``upper``. At least one is required.

    Returns
    -------
    DataFrame
        ``date, value, statistic, centre, lower, upper, signal, rule``; ``centre`` is the
        mean of the series, a missing bound is -inf/+inf, ``rule`` is ``"fixed"``.

    Raises
    ------
    SmbkitError
        If neither bound is given or ``lower >= upper``.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([5.0, 9, 2], index=pd.date_range("2025-01-06", periods=3))
    >>> fixed_threshold(y, lower=4)["signal"].tolist()
    [False, False, True]
    """
    func = "fixed_threshold"
    values = _series(func, series)
    if lower is None and upper is None:
        raise SmbkitError(f"{func}: give `lower=` and/or `upper=`, the bound(s) that alert")
    lo = -np.inf if lower is None else float(lower)
    hi = np.inf if upper is None else float(upper)
    if lo >= hi:
        raise SmbkitError(f"{func}: `lower` ({lower!r}) must be below `upper` ({upper!r})")
    signal, rule = _limit_rule(values.to_numpy(), lo, hi, "fixed")
    return _table(values, values.to_numpy(), values.mean(), lo, hi, signal, rule)


def xmr_chart(series: pd.Series, *, baseline: int | None = None) -> pd.DataFrame:
    """Individuals (X) chart with limits from the average moving range (XmR).

    The limits come from the first ``baseline`` values (the period taken as normal):

    .. math::

        \\bar x = \\frac{1}{m}\\sum_{t=1}^{m} x_t, \\qquad
        \\overline{MR} = \\frac{1}{m-1}\\sum_{t=2}^{m} |x_t - x_{t-1}|, \\qquad
        \\bar x \\pm 2.66\\, \\overline{MR}

    2.66 is :math:`3/d_2` with :math:`d_2 = 1.128`, so the limits sit three estimated standard
    deviations from the centre (Wheeler 2000; NIST e-Handbook §6.3.2). Using moving ranges
    rather than the overall standard deviation keeps a trend or a shift from widening the
    limits.

    Parameters
    ----------
    series : Series
        Values indexed by date.
    baseline : int, optional
        Number of first values that define normal (default: all of them).

    Returns
    -------
    DataFrame
        ``date, value, statistic, centre, lower, upper, signal, rule``; ``statistic`` is the
        value; ``rule`` is ``"beyond_limits"`` where a value is outside the limits. Use
        :func:`apply_rules` for the run rules.

    Raises
    ------
    SmbkitError
        If ``baseline`` is not a whole number between 2 and the series length.
    DataError
        If the series is not numeric, not indexed by date or has missing values.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([10.0, 12, 11, 13], index=pd.date_range("2025-01-01", periods=4))
    >>> chart = xmr_chart(y)
    >>> float(chart["centre"][0]), round(float(chart["upper"][0]), 2)  # 11.5 + 2.66 * 5 / 3
    (11.5, 15.93)
    """
    func = "xmr_chart"
    values = _series(func, series)
    m = _baseline(func, baseline, len(values))
    base = values.to_numpy()[:m]
    centre = float(base.mean())
    mr_bar = float(np.abs(np.diff(base)).mean())
    lower, upper = centre - XMR_FACTOR * mr_bar, centre + XMR_FACTOR * mr_bar
    signal, rule = _limit_rule(values.to_numpy(), lower, upper)
    return _table(values, values.to_numpy(), centre, lower, upper, signal, rule)


def apply_rules(chart: pd.DataFrame, *, rules=RULES) -> pd.DataFrame:
    """Add Western Electric run rules to a chart whose limits sit at three sigma.

    With :math:`\\sigma = (\\text{upper} - \\text{centre}) / 3`, a point signals when:

    * ``"beyond_limits"``: it is outside the limits;
    * ``"two_of_three"``: it and at least one of the two points before it are more than
      :math:`2\\sigma` from the centre on the same side;
    * ``"four_of_five"``: it and at least three of the four points before it are more than
      :math:`1\\sigma` from the centre on the same side;
    * ``"run_of_eight"``: it and the seven points before it are all on the same side.

    The rules catch small sustained shifts that no single point reveals, at the price of
    more false alarms (Western Electric 1956; Montgomery 2009, §5.3.6).

    Parameters
    ----------
    chart : DataFrame
        A table from :func:`xmr_chart` (or any chart with 3-sigma symmetric limits).
    rules : sequence of str, default all of :data:`RULES`
        Which rules to apply.

    Returns
    -------
    DataFrame
        A copy of ``chart`` with ``signal`` and ``rule`` recomputed; ``rule`` names the
        first rule (in :data:`RULES` order) that fired on that row.

    Raises
    ------
    SmbkitError
        If a rule name is unknown.
    DataError
        If ``chart`` lacks a chart column.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([10.0, 11, 9, 10, 11, 9, 10, 11] + [10.5] * 8,
    ...               index=pd.date_range("2025-01-01", periods=16))
    >>> out = apply_rules(xmr_chart(y, baseline=8))
    >>> out.loc[out["signal"], "rule"].unique().tolist()
    ['run_of_eight']
    """
    from smbkit._validation import require_columns

    func = "apply_rules"
    if isinstance(rules, str):
        rules = (rules,)
    for r in rules:
        check_option(func, "rules", r, RULES)
    require_columns(
        func, list(chart.columns), "chart", statistic="statistic", centre="centre", upper="upper"
    )
    x = chart["statistic"].to_numpy(dtype=float)
    c = chart["centre"].to_numpy(dtype=float)
    sigma = (chart["upper"].to_numpy(dtype=float) - c) / 3
    z = (x - c) / sigma

    def count_back(flags: np.ndarray, window: int) -> np.ndarray:
        return pd.Series(flags.astype(float)).rolling(window, min_periods=window).sum().to_numpy()

    fired: dict[str, np.ndarray] = {}
    fired["beyond_limits"] = np.abs(z) > 3
    for name, k, window, need in (("two_of_three", 2, 3, 2), ("four_of_five", 1, 5, 4)):
        hi, lo = z > k, z < -k
        fired[name] = (hi & (count_back(hi, window) >= need)) | (
            lo & (count_back(lo, window) >= need)
        )
    fired["run_of_eight"] = (count_back(z > 0, 8) == 8) | (count_back(z < 0, 8) == 8)

    signal = np.zeros(len(x), dtype=bool)
    rule = np.full(len(x), "", dtype=object)
    for name in RULES:
        if name in rules:
            new = fired[name] & ~signal
            rule[new] = name
            signal |= fired[name]
    out = chart.copy()
    out["signal"] = signal
    out["rule"] = rule.astype(str)
    return out


def _sigma_from(values: np.ndarray) -> float:
    return float(np.abs(np.diff(values)).mean() / D2)


def ewma_chart(
    series: pd.Series,
    *,
    lam: float = 0.2,
    L: float = 3.0,
    target: float | None = None,
    sigma: float | None = None,
    baseline: int | None = None,
    limits: str = "exact",
) -> pd.DataFrame:
    """Exponentially weighted moving average (EWMA) chart.

    .. math::

        z_t = \\lambda x_t + (1 - \\lambda) z_{t-1}, \\quad z_0 = \\mu_0, \\qquad
        \\mu_0 \\pm L \\sigma \\sqrt{\\frac{\\lambda}{2 - \\lambda}
        \\left[1 - (1 - \\lambda)^{2t}\\right]}

    A small :math:`\\lambda` remembers more of the past, so the chart catches small lasting
    shifts that an individuals chart misses (NIST e-Handbook §6.3.2.4; Montgomery 2009, §9.2).
    ``limits="asymptotic"`` drops the bracket (the limits after many points), as the NIST
    handbook does.

    Parameters
    ----------
    series : Series
        Values indexed by date.
    lam : float, default 0.2
        Weight :math:`\\lambda` of the newest value, in (0, 1].
    L : float, default 3.0
        Width of the limits in standard deviations of the EWMA.
    target : float, optional
        Centre :math:`\\mu_0`; default the mean of the baseline values.
    sigma : float, optional
        Standard deviation of one value; default the baseline's mean moving range / 1.128.
    baseline : int, optional
        Number of first values that define normal (default: all of them).
    limits : {"exact", "asymptotic"}, default "exact"
        Time-varying limits or their limit for large ``t``.

    Returns
    -------
    DataFrame
        ``date, value, statistic, centre, lower, upper, signal, rule``; ``statistic`` is
        :math:`z_t`; ``rule`` is ``"ewma"`` where it is outside the limits.

    Raises
    ------
    SmbkitError
        If ``lam`` is not in (0, 1], ``L`` or ``sigma`` is not positive, or ``limits`` or
        ``baseline`` is invalid.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([52.0, 47.0, 53.0], index=pd.date_range("2025-01-01", periods=3))
    >>> ewma_chart(y, lam=0.3, target=50, sigma=2.0)["statistic"].round(2).tolist()
    [50.6, 49.52, 50.56]
    """
    func = "ewma_chart"
    values = _series(func, series)
    lam = _positive(func, "lam", lam, upper=1.0)
    L = _positive(func, "L", L)
    check_option(func, "limits", limits, ("exact", "asymptotic"))
    m = _baseline(func, baseline, len(values))
    x = values.to_numpy()
    mu = float(x[:m].mean()) if target is None else float(target)
    s = _sigma_from(x[:m]) if sigma is None else _positive(func, "sigma", sigma)
    if s == 0:
        raise DataError(
            f"{func}: the baseline values never change, so their spread is 0; pass `sigma=`"
        )
    # z_t = (1 - lam)^t mu + sum_j lam (1 - lam)^(t - j) x_j, as a recursive filter
    z = np.empty(len(x))
    prev = mu
    for t, xt in enumerate(x):
        prev = lam * xt + (1 - lam) * prev
        z[t] = prev
    t = np.arange(1, len(x) + 1)
    width = lam / (2 - lam)
    if limits == "exact":
        width = width * (1 - (1 - lam) ** (2 * t))
    half = L * s * np.sqrt(width)
    signal, rule = _limit_rule(z, mu - half, mu + half, "ewma")
    return _table(values, z, mu, mu - half, mu + half, signal, rule)


def cusum_chart(
    series: pd.Series,
    *,
    k: float = 0.5,
    h: float = 5.0,
    target: float | None = None,
    sigma: float | None = None,
    baseline: int | None = None,
) -> pd.DataFrame:
    """Tabular (two-sided) CUSUM chart.

    .. math::

        C_t^+ = \\max\\left(0,\\; x_t - (\\mu_0 + K) + C_{t-1}^+\\right), \\qquad
        C_t^- = \\max\\left(0,\\; (\\mu_0 - K) - x_t + C_{t-1}^-\\right)

    with :math:`K = k\\sigma`, :math:`C_0^\\pm = 0`, and a signal when either sum exceeds
    :math:`H = h\\sigma`. ``k = 0.5`` tunes the chart to a shift of one standard deviation
    and ``h = 5`` gives about 465 points between false alarms (Montgomery 2009, §9.1; NIST
    e-Handbook §6.3.2.3).

    Parameters
    ----------
    series : Series
        Values indexed by date.
    k : float, default 0.5
        Allowance (slack) in standard deviations.
    h : float, default 5.0
        Decision interval in standard deviations.
    target, sigma, baseline
        As in :func:`ewma_chart`.

    Returns
    -------
    DataFrame
        ``date, value, statistic, centre, lower, upper, signal, rule``; ``statistic`` is
        :math:`C_t^+ - C_t^-`, ``centre`` is 0,
        the limits are :math:`\\pm H`, and ``rule`` is ``"cusum_up"`` or ``"cusum_down"``.
        Extra columns ``cusum_up`` and ``cusum_down`` hold :math:`C^+` and :math:`C^-`.

    Raises
    ------
    SmbkitError
        If ``k`` is negative or ``h``/``sigma`` is not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([10.0, 12.0, 12.0], index=pd.date_range("2025-01-01", periods=3))
    >>> cusum_chart(y, target=10, sigma=1)["cusum_up"].tolist()
    [0.0, 1.5, 3.0]
    """
    func = "cusum_chart"
    values = _series(func, series)
    try:
        k = float(k)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `k` must be a number >= 0, got {k!r}") from exc
    if not (k >= 0 and math.isfinite(k)):
        raise SmbkitError(f"{func}: `k` must be a number >= 0, got {k!r}")
    h = _positive(func, "h", h)
    m = _baseline(func, baseline, len(values))
    x = values.to_numpy()
    mu = float(x[:m].mean()) if target is None else float(target)
    s = _sigma_from(x[:m]) if sigma is None else _positive(func, "sigma", sigma)
    if s == 0:
        raise DataError(
            f"{func}: the baseline values never change, so their spread is 0; pass `sigma=`"
        )
    big_k, big_h = k * s, h * s
    up = np.empty(len(x))
    down = np.empty(len(x))
    cu = cd = 0.0
    for t, xt in enumerate(x):
        cu = max(0.0, xt - (mu + big_k) + cu)
        cd = max(0.0, (mu - big_k) - xt + cd)
        up[t], down[t] = cu, cd
    sig_up, sig_down = up > big_h, down > big_h
    rule = np.where(sig_up, "cusum_up", np.where(sig_down, "cusum_down", ""))
    out = _table(values, up - down, 0.0, -big_h, big_h, sig_up | sig_down, rule)
    out["cusum_up"] = up
    out["cusum_down"] = down
    return out


def seasonal_baseline(
    series: pd.Series, *, period: int = 7, window: int = 8, k: float = 3.0
) -> pd.DataFrame:
    """Compare each value with the same point of the cycle in the recent past.

    For a daily series with ``period=7`` each Saturday is compared with the previous
    ``window`` Saturdays only:

    .. math::

        c_t = \\operatorname{median}(x_{t-p}, \\dots, x_{t-wp}), \\qquad
        c_t \\pm k \\cdot 1.4826 \\cdot
        \\operatorname{median}\\left(|x_s - c_s| : t - wp \\le s < t\\right)

    The centre is the median of the same weekday over the last ``window`` weeks; the spread
    is the median absolute error of that baseline over the last ``window`` cycles (all
    weekdays pooled), scaled by 1.4826 to match a standard deviation for normal data.
    Medians ignore the odd holiday, and both move with the business, so this is a dynamic
    calibration of the threshold. Rows before the first ``period * window`` have no centre
    and the next ``2 * period`` rows no spread yet: their limits are NaN and they never
    signal.

    Parameters
    ----------
    series : Series
        Values indexed by date, one per period step (no gaps: fill closed days with 0 or
        reindex first).
    period : int, default 7
        Length of the cycle in rows (7 for weekdays of a daily series).
    window : int, default 8
        Number of past cycles in the baseline.
    k : float, default 3.0
        Width of the limits in (robust) standard deviations.

    Returns
    -------
    DataFrame
        ``date, value, statistic, centre, lower, upper, signal, rule``; ``rule`` is
        ``"seasonal"`` where a value is outside its limits.

    Raises
    ------
    SmbkitError
        If ``period`` or ``window`` is not a whole number >= 1 (``window`` >= 3), or
        ``k`` is not positive.
    DataError
        If the series is shorter than one baseline plus one cycle.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([10.0, 20, 11, 21, 9, 19, 10, 20, 11, 19, 10, 21, 9, 20, 10, 40],
    ...               index=pd.date_range("2025-01-01", periods=16))
    >>> seasonal_baseline(y, period=2, window=3)["signal"].tolist()[-2:]
    [False, True]
    """
    func = "seasonal_baseline"
    values = _series(func, series)
    for arg, v, least in (("period", period, 1), ("window", window, 3)):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < least:
            raise SmbkitError(f"{func}: `{arg}` must be a whole number >= {least}, got {v!r}")
    k = _positive(func, "k", k)
    n = len(values)
    if n <= period * window:
        raise DataError(
            f"{func}: {n} values are not enough for a baseline of {window} cycles of "
            f"{period}; need more than {period * window} values or a smaller `window`"
        )
    x = values.to_numpy()
    # lagged[j, t] = x[t - (j + 1) * period]: the same point of the last `window` cycles
    lagged = np.full((window, n), np.nan)
    for j in range(window):
        shift = (j + 1) * period
        lagged[j, shift:] = x[: n - shift]
    ready = np.arange(n) >= period * window
    centre = np.full(n, np.nan)
    centre[ready] = np.median(lagged[:, ready], axis=0)
    # spread: MAD of the past prediction errors x - centre over the last `window` cycles,
    # pooled over the whole cycle (eight Saturdays alone give a shaky spread)
    error = pd.Series(np.abs(x - centre))
    spread = MAD_SCALE * (
        error.shift(1).rolling(period * window, min_periods=2 * period).median().to_numpy()
    )
    lower, upper = centre - k * spread, centre + k * spread
    signal = ready & ((x > upper) | (x < lower))
    rule = np.where(signal, "seasonal", "")
    return _table(values, x, centre, lower, upper, signal, rule)


# --------------------------------------------------------------------------- fatigue


@dataclass(frozen=True)
class AlertFatigue:
    """How noisy and how useful a chart's alerts were.

    A run of consecutive signalling rows is one **episode**: the owner gets one message when
    it starts, not one a day while it lasts, so fatigue is counted in episodes.

    Attributes
    ----------
    signals : int
        Number of rows that signalled.
    alerts : int
        Number of episodes (runs of consecutive signalling rows).
    months : float
        Length of the period covered, in months (days / 30.44).
    alerts_per_month : float
        ``alerts / months``.
    real_alerts : int
        Episodes that started on a row where a real change was in effect (0 if ``real`` was
        not given).
    precision : float
        Share of episodes that were real, ``real_alerts / alerts``; NaN when there were no
        alerts or ``real`` was not given (see ``note``).
    delay : float
        Rows from the first real row to the first signal on a real row; NaN if the change
        was never caught or ``real`` was not given.
    note : str
        Why a value is NaN, else "".
    """

    signals: int
    alerts: int
    months: float
    alerts_per_month: float
    real_alerts: int
    precision: float
    delay: float
    note: str = ""


def alert_fatigue(chart: pd.DataFrame, *, real=None) -> AlertFatigue:
    """Count a chart's alerts per month and, given the truth, how many were real.

    Parameters
    ----------
    chart : DataFrame
        A table from one of the chart functions (needs ``date`` and ``signal``).
    real : array-like of bool, optional
        One flag per row of ``chart``: True where a real change was in effect (e.g. after a
        change you planted in a copy of the data).

    Returns
    -------
    AlertFatigue

    Raises
    ------
    DataError
        If ``chart`` lacks ``date`` or ``signal`` or ``real`` has the wrong length.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([9.0, 2, 1, 2, 9, 9], index=pd.date_range("2025-01-01", periods=6))
    >>> chart = fixed_threshold(y, upper=5)
    >>> fat = alert_fatigue(chart, real=[False, False, False, False, True, True])
    >>> fat.signals, fat.alerts, fat.real_alerts, fat.precision, fat.delay
    (3, 2, 1, 0.5, 0.0)
    """
    from smbkit._validation import require_columns

    func = "alert_fatigue"
    require_columns(func, list(chart.columns), "chart", date="date", signal="signal")
    signal = chart["signal"].to_numpy(dtype=bool)
    starts = signal & ~np.concatenate([[False], signal[:-1]])
    dates = pd.DatetimeIndex(chart["date"])
    days = (dates.max() - dates.min()).days + 1
    months = days / 30.44
    alerts = int(starts.sum())
    notes = []
    if real is None:
        real_alerts, precision, delay = 0, math.nan, math.nan
        notes.append("no `real` flags given, so precision and delay are unknown")
    else:
        truth = np.asarray(real, dtype=bool)
        if truth.shape != signal.shape:
            raise DataError(
                f"{func}: `real` must have one flag per chart row ({len(signal)}), got {truth.size}"
            )
        real_alerts = int((starts & truth).sum())
        if alerts:
            precision = real_alerts / alerts
        else:
            precision = math.nan
            notes.append("no alerts, so the share of real alerts is undefined")
        hits = np.flatnonzero(signal & truth)
        if truth.any() and hits.size:
            delay = float(hits[0] - np.flatnonzero(truth)[0])
        else:
            delay = math.nan
            notes.append("the real change was never caught" if truth.any() else "no real rows")
    return AlertFatigue(
        signals=int(signal.sum()),
        alerts=alerts,
        months=months,
        alerts_per_month=alerts / months,
        real_alerts=real_alerts,
        precision=precision,
        delay=delay,
        note="; ".join(notes),
    )
