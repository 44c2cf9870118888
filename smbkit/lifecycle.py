"""Lifecycle stages from an S-curve (logistic) fit of revenue.

A business, like a product, tends to follow an S-shaped path: slow at the start, fast in
the middle, levelling off at the top. :func:`fit_s_curve` fits the logistic curve of
Verhulst to (by default cumulative) revenue and calls each period's stage: start-up,
growth, maturity or decline.

Reference: P.-F. Verhulst (1838), "Notice sur la loi que la population suit dans son
accroissement", *Correspondance mathématique et physique* 10, 113-121 (the logistic
growth model); for the business reading of the S-curve and its stages see e.g.
T. Levitt (1965), "Exploit the product life cycle", *Harvard Business Review* 43(6).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, describe_rows, require_columns
from smbkit.targets import _shift_fraction

__all__ = ["SCurveFit", "STAGES", "fit_s_curve", "logistic"]

#: The lifecycle stages, in order.
STAGES = ("start-up", "growth", "maturity", "decline")
_DECLINE_DEFAULTS = {"W": (13, 52), "M": (3, 12), "Q": (1, 4), "Y": (1, 1)}
_PERIOD_ALIAS = {"W": "W-SUN", "M": "M", "Q": "Q", "Y": "Y"}


def logistic(t, K: float, r: float, t0: float):
    """Return the logistic curve :math:`K / (1 + e^{-r (t - t0)})` at ``t``.

    Parameters
    ----------
    t : float or array-like
        Time in periods.
    K : float
        The ceiling (capacity) the curve approaches.
    r : float
        The growth rate per period.
    t0 : float
        The midpoint: the curve is at K/2 and grows fastest at ``t0``.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> float(logistic(5.0, 100.0, 0.5, 5.0))
    50.0
    """
    return K / (1.0 + np.exp(-r * (np.asarray(t, dtype=float) - t0)))


@dataclass(frozen=True)
class SCurveFit:
    """The result of :func:`fit_s_curve`.

    Attributes
    ----------
    K : float
        The fitted ceiling, in the value's unit (e.g. currency).
    r : float
        The fitted growth rate per period.
    t0 : pandas.Timestamp
        The fitted midpoint: when the curve grows fastest.
    t0_periods : float
        The midpoint in periods after the first period.
    se : dict
        Standard errors of ``K``, ``r`` and ``t0`` (``t0`` in periods); NaN with a note
        when the fit cannot estimate them. They assume independent errors: on a
        cumulative fit the errors pile up month after month, so they understate the
        uncertainty (read them as a lower bound).
    r_squared : float
        Share of the variance of the fitted series the curve explains.
    fitted : DataFrame
        ``period, actual, fitted``: the series that was fitted (cumulative when
        ``cumulative=True``) and the curve.
    stages : DataFrame
        ``period, stage, share_of_ceiling, relative_growth, recent_growth``.
    current_stage : str
        The last period's stage.
    evidence : str
        One sentence saying why.
    note : str
        Caveats about the fit (empty when none).
    """

    K: float
    r: float
    t0: pd.Timestamp
    t0_periods: float
    se: dict
    r_squared: float
    freq: str
    cumulative: bool
    fitted: pd.DataFrame = field(repr=False)
    stages: pd.DataFrame = field(repr=False)
    current_stage: str = ""
    evidence: str = ""
    note: str = ""


def _starts(t: np.ndarray, y: np.ndarray) -> list[tuple[float, float, float]]:
    """Starting values from a straight line through logit(y / K) for a few ceilings K."""
    top = float(y.max())
    out = []
    for mult in (1.05, 1.5, 3.0):
        K = mult * top
        p = np.clip(y / K, 1e-6, 1 - 1e-6)
        keep = y > 0
        if keep.sum() >= 2:
            slope, icept = np.polyfit(t[keep], np.log(p[keep] / (1 - p[keep])), 1)
        else:
            slope, icept = 0.1, 0.0
        r = float(np.clip(slope, 1e-3, 5.0))
        t0 = float(np.clip(-icept / slope if slope > 0 else t.mean(), -5 * len(t), 6 * len(t)))
        out.append((K, r, t0))
    return out


def fit_s_curve(
    data: pd.DataFrame,
    *,
    date: str = "month",
    value: str = "revenue",
    cumulative: bool = True,
    freq: str = "M",
    threshold: float = 0.5,
    decline_window: int | None = None,
    decline_lag: int | None = None,
) -> SCurveFit:
    """Fit a logistic S-curve to revenue and call the lifecycle stage of each period.

    Parameters
    ----------
    data : DataFrame
        One row per period, consecutive, no gaps (e.g. the ``financials`` table).
    date, value : str
        Column names: the period start and the per-period value (revenue, currency).
    cumulative : bool, default True
        True: fit the running total of ``value`` (cumulative revenue; the classic
        S-curve of a product's or business's life). False: fit ``value`` as it is (a
        level that saturates, such as monthly revenue of a business that levels off).
    freq : {"W", "M", "Q", "Y"}, default "M"
        The period length.
    threshold : float, default 0.5
        The share of its peak speed below which the fitted curve counts as slow
        (start-up before the midpoint, maturity after it); see Notes.
    decline_window, decline_lag : int, optional
        The decline test compares the sum of ``value`` over the last ``decline_window``
        periods with the same periods ``decline_lag`` periods earlier. Defaults by
        ``freq``: months 3 and 12 (a quarter against the same quarter a year before,
        which removes seasonality), quarters 1 and 4, weeks 13 and 52, years 1 and 1.

    Returns
    -------
    SCurveFit

    Raises
    ------
    SmbkitError
        If an option is invalid.
    DataError
        If a column is missing, periods repeat or have gaps, a value is missing, there
        are fewer than 6 periods, or the series never rises above zero; or the fit
        fails.

    Notes
    -----
    The curve, with :math:`t` in periods since the first period, is (Verhulst 1838)

    .. math::

        f(t) = \\frac{K}{1 + e^{-r (t - t_0)}}, \\qquad
        \\frac{f'(t)}{f'(t_0)} = 4\\,\\frac{f(t)}{K}\\left(1 - \\frac{f(t)}{K}\\right).

    It is fitted by non-linear least squares (``scipy.optimize.curve_fit``, bounded
    trust-region) from three starting points, keeping the best. Stage rule, with
    :math:`g(t) = f'(t)/f'(t_0)` the fitted growth relative to its peak and
    :math:`\\theta` the threshold:

    - start-up: :math:`t < t_0` and :math:`g(t) < \\theta`;
    - growth: :math:`g(t) \\ge \\theta`;
    - maturity: :math:`t > t_0` and :math:`g(t) < \\theta`;
    - decline: :math:`t > t_0` and the actual recent growth is below zero: the last
      ``decline_window`` periods of ``value`` sum to less than the same periods
      ``decline_lag`` earlier. Decline overrides growth and maturity.

    With :math:`\\theta = 0.5` growth spans 14.6 % to 85.4 % of the ceiling
    (:math:`t_0 \\pm 1.76/r`). On a cumulative fit, the flat top means monthly revenue
    is fading, so it is usually called decline once revenue falls year on year; a
    business whose monthly revenue levels off is better read from a level fit
    (``cumulative=False``). Business meaning: the stage says what to manage for: cash
    and survival at start-up, capacity in growth, efficiency in maturity, renewal in
    decline.

    Examples
    --------
    >>> t = np.arange(36)
    >>> df = pd.DataFrame({"month": pd.date_range("2023-01-01", periods=36, freq="MS"),
    ...                    "revenue": logistic(t, 100_000.0, 0.3, 18.0)})
    >>> fit = fit_s_curve(df, cumulative=False)
    >>> round(fit.K), round(fit.r, 3), fit.t0.date(), fit.current_stage
    (100000, 0.3, datetime.date(2024, 7, 1), 'maturity')
    """
    func = "fit_s_curve"
    check_option(func, "freq", freq, list(_DECLINE_DEFAULTS))
    check_option(func, "cumulative", cumulative, [True, False])
    if not (isinstance(threshold, int | float) and 0 < threshold < 1):
        raise SmbkitError(f"{func}: `threshold` must be between 0 and 1, got {threshold!r}")
    w_def, lag_def = _DECLINE_DEFAULTS[freq]
    w = w_def if decline_window is None else decline_window
    lag = lag_def if decline_lag is None else decline_lag
    for arg, v in (("decline_window", w), ("decline_lag", lag)):
        if int(v) != v or v < 1:
            raise SmbkitError(f"{func}: `{arg}` must be a whole number >= 1, got {v!r}")
    require_columns(func, list(data.columns), date=date, value=value)
    frame = data[[date, value]].sort_values(date, kind="stable").reset_index(drop=True)
    dates = pd.to_datetime(frame[date])
    per = dates.dt.to_period(_PERIOD_ALIAS[freq])
    if per.duplicated().any():
        dup = per.duplicated()
        raise DataError(
            describe_rows(
                func,
                "repeat a period",
                int(dup.sum()),
                len(frame),
                int(np.argmax(dup)),
                str(per[dup].iloc[0]),
                "keep one row per period",
            )
        )
    step = per.astype("int64").diff().iloc[1:]
    if (step != 1).any():
        i = int(step.index[np.argmax(step.to_numpy() != 1)])
        raise DataError(
            f"{func}: periods are not consecutive: {per.iloc[i - 1]} is followed "
            f"by {per.iloc[i]}; add the missing periods (with 0 if nothing sold)"
        )
    vals = pd.to_numeric(frame[value]).astype(float)
    if vals.isna().any():
        raise DataError(
            describe_rows(
                func,
                f"have a missing {value!r}",
                int(vals.isna().sum()),
                len(frame),
                int(np.argmax(vals.isna())),
                fix="fill or remove them before fitting",
            )
        )
    n = len(frame)
    if n < 6:
        raise DataError(f"{func}: need at least 6 periods to fit an S-curve, got {n}")
    flow = vals.to_numpy()
    y = np.cumsum(flow) if cumulative else flow.copy()
    if y.max() <= 0:
        raise DataError(f"{func}: {value!r} never rises above zero; nothing to fit")
    t = np.arange(n, dtype=float)
    K, r, t0, se, notes = _fit(func, t, y)
    curve = logistic(t, K, r, t0)
    resid = y - curve
    ss_tot = float(((y - y.mean()) ** 2).sum())
    r2 = 1.0 - float((resid**2).sum()) / ss_tot if ss_tot > 0 else float("nan")
    if t0 > n - 1:
        notes.append(
            "the fitted midpoint lies after the last period, so the ceiling K is an "
            "extrapolation and poorly determined"
        )
    share = curve / K
    rel = 4.0 * share * (1.0 - share)
    stage = np.where(rel >= threshold, "growth", np.where(t < t0, "start-up", "maturity"))
    stage = stage.astype(object)
    recent = np.full(n, np.nan)
    for i in range(w - 1 + lag, n):
        now = flow[i - w + 1 : i + 1].sum()
        before = flow[i - w + 1 - lag : i + 1 - lag].sum()
        if before > 0:
            recent[i] = now / before - 1.0
    declining = (t > t0) & (recent < 0)
    stage[declining] = "decline"
    first = pd.Timestamp(dates.iloc[0])
    periods = dates.to_numpy().astype("datetime64[ns]")
    fitted = pd.DataFrame({"period": periods, "actual": y, "fitted": curve})
    stages = pd.DataFrame(
        {
            "period": periods,
            "stage": pd.Categorical(stage, categories=list(STAGES)),
            "share_of_ceiling": share,
            "relative_growth": rel,
            "recent_growth": recent,
        }
    )
    t0_date = _shift_fraction(first, t0, freq).normalize()
    current = str(stage[-1])
    evidence = _evidence(
        pd.Timestamp(dates.iloc[-1]),
        current,
        share[-1],
        rel[-1],
        K,
        t0_date,
        recent[-1],
        w,
        lag,
        cumulative,
        value,
    )
    return SCurveFit(
        K=K,
        r=r,
        t0=t0_date,
        t0_periods=t0,
        se=se,
        r_squared=r2,
        freq=freq,
        cumulative=bool(cumulative),
        fitted=fitted,
        stages=stages,
        current_stage=current,
        evidence=evidence,
        note="; ".join(notes),
    )


def _fit(func: str, t: np.ndarray, y: np.ndarray):
    from scipy.optimize import OptimizeWarning, curve_fit

    scale = float(np.abs(y).max())
    ys = y / scale
    top = float(ys.max())
    n = len(t)
    lower = [0.5 * top, 1e-4, -5.0 * n]
    upper = [1000.0 * top, 10.0, 6.0 * n]
    best = None
    caught: list[str] = []
    for K0, r0, t00 in _starts(t, ys):
        p0 = np.clip([K0, r0, t00], np.add(lower, 1e-9), np.subtract(upper, 1e-9))
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always", OptimizeWarning)
            warnings.simplefilter("always", RuntimeWarning)
            try:
                popt, pcov = curve_fit(
                    logistic, t, ys, p0=p0, bounds=(lower, upper), method="trf", maxfev=20_000
                )
            except (RuntimeError, ValueError):
                continue
        sse = float(((ys - logistic(t, *popt)) ** 2).sum())
        if best is None or sse < best[0]:
            best = (sse, popt, pcov)
            caught = [str(m.message) for m in rec]
    if best is None:
        raise DataError(
            f"{func}: the logistic fit did not converge from any starting point; "
            "the series may not be S-shaped (check it with a plot)"
        )
    _, popt, pcov = best
    K, r, t0 = float(popt[0]) * scale, float(popt[1]), float(popt[2])
    notes = []
    diag = np.diag(pcov) if np.all(np.isfinite(pcov)) else np.full(3, np.nan)
    sd = np.sqrt(np.where(diag >= 0, diag, np.nan))
    se = {"K": float(sd[0]) * scale, "r": float(sd[1]), "t0": float(sd[2])}
    if caught or not all(math.isfinite(v) for v in se.values()):
        notes.append(
            "standard errors could not be estimated (the curve is not identified by these data)"
        )
        se = {k: float("nan") for k in se}
    for name, val, lo, hi in zip(("K", "r", "t0"), popt, lower, upper, strict=True):
        if np.isclose(val, lo) or np.isclose(val, hi):
            notes.append(f"{name} sits at its bound: treat the fit with care")
    return K, r, t0, se, notes


def _evidence(last, stage, share, rel, K, t0_date, recent, w, lag, cumulative, value) -> str:
    what = f"cumulative {value}" if cumulative else value
    s = (
        f"In {last:%b %Y} the fitted curve of {what} is at {share:.0%} of its ceiling "
        f"({K:,.0f}) and grows at {rel:.0%} of its peak speed (midpoint {t0_date:%b %Y})"
    )
    if stage == "decline":
        s += (
            f", and {value} over the last {w} periods is {abs(recent):.0%} below the same "
            f"periods {lag} earlier"
        )
    elif not math.isnan(recent):
        s += f"; {value} over the last {w} periods is {recent:+.0%} on {lag} periods earlier"
    return s + f", so the stage is {stage}."
