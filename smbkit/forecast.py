"""Forecasts with honest uncertainty, and back-tests that say whether they beat naive.

A forecast here is always a table ``date, forecast, lower, upper``: the point forecast and a
prediction interval that should hold the actual value with probability ``level``. Six
methods, from the bar to beat to the models that try to beat it:

* ``"naive"``: every future period equals the last one.
* ``"seasonal_naive"``: every future period equals the same season one cycle earlier
  (last December for next December). For a seasonal business this is the bar to beat.
* ``"drift"``: the last value plus the average change per period so far.
* ``"ses"``: simple exponential smoothing, ETS(A,N,N): a level that moves a share
  :math:`\\alpha` of the way towards each new value.
* ``"ets"``: exponential smoothing with a damped additive trend and a seasonal pattern,
  ETS(A,Ad,M) for positive data (the seasonal swing grows with the level) or ETS(A,Ad,A)
  otherwise; ETS(A,Ad,N) when there is no season.
* ``"sarimax"``: the seasonal ARIMA "airline model" ARIMA(0,1,1)(0,1,1)[m] of Box and
  Jenkins (1970); ARIMA(0,1,1) when there is no season.

:func:`backtest` re-runs forecasts from several past origins and scores them with MAE, MAPE
and MASE (Hyndman and Koehler, 2006); :func:`accuracy` scores one forecast;
:func:`decompose` splits a series into trend, season and remainder with STL; and
:func:`goal_outlook` reads a forecast against a SMARTER goal (:class:`smbkit.targets.Goal`)
so the goal can be evaluated and, with a reason, revised.

statsmodels is imported inside the functions that need it, so importing this module is cheap.

References
----------
Hyndman, R. J. and Athanasopoulos, G. (2021). *Forecasting: Principles and Practice*,
3rd ed., OTexts: §5.2 (simple methods), §5.5 (their prediction intervals), §5.10
(time-series cross-validation), chapter 8 (exponential smoothing), §3.6 (STL).

Hyndman, R. J. and Koehler, A. B. (2006). Another look at measures of forecast accuracy.
*International Journal of Forecasting* 22(4), 679-688.

Box, G. E. P. and Jenkins, G. M. (1970). *Time Series Analysis: Forecasting and Control*.
Holden-Day (the airline model).

Cleveland, R. B., Cleveland, W. S., McRae, J. E. and Terpenning, I. (1990). STL: a
seasonal-trend decomposition procedure based on loess. *Journal of Official Statistics*
6(1), 3-73.

>>> import pandas as pd
>>> from smbkit import forecast as fc
>>> y = pd.Series([10.0, 12, 14, 11, 13, 15],
...               index=pd.date_range("2025-01-01", periods=6, freq="MS"))
>>> fc.forecast(y, horizon=3, model="seasonal_naive", seasonal_periods=3)["forecast"].tolist()
[11.0, 13.0, 15.0]
"""

from __future__ import annotations

import contextlib
import math
import statistics
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, describe_rows

__all__ = [
    "MODELS",
    "Accuracy",
    "Backtest",
    "GoalOutlook",
    "accuracy",
    "backtest",
    "decompose",
    "forecast",
    "goal_outlook",
]

#: The forecasting methods :func:`forecast` knows, simplest first.
MODELS = ("naive", "seasonal_naive", "drift", "ses", "ets", "sarimax")
#: Non-seasonal order of the ``"sarimax"`` model: one difference, one moving-average term.
SARIMAX_ORDER = (0, 1, 1)
#: Seasonal order of the ``"sarimax"`` model (with the seasonal period appended).
SARIMAX_SEASONAL_ORDER = (0, 1, 1)
_SIMULATIONS = 1000


# --------------------------------------------------------------------------- checks


def _whole(func: str, arg: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < least:
        raise SmbkitError(f"{func}: `{arg}` must be a whole number >= {least}, got {value!r}")
    return int(value)


def _level(func: str, level: object) -> float:
    try:
        x = float(level)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `level` must be a number, got {level!r}") from exc
    if not 0 < x < 1:
        hint = f"; for a {x:g} % interval pass level={x / 100:g}" if 1 < x < 100 else ""
        raise SmbkitError(
            f"{func}: `level` is the interval's coverage probability, strictly between 0 "
            f"and 1 (e.g. 0.9), got {level!r}{hint}"
        )
    return x


def _period_of(freq) -> int:
    """Return the usual seasonal cycle length for a pandas frequency (1 if none is known)."""
    off = pd.tseries.frequencies.to_offset(freq)
    o = pd.offsets
    cycles = (
        ((o.MonthBegin, o.MonthEnd, o.BusinessMonthBegin, o.BusinessMonthEnd), 12),
        ((o.QuarterBegin, o.QuarterEnd, o.BQuarterBegin, o.BQuarterEnd), 4),
        ((o.Week,), 52),
        ((o.Day,), 7),
        ((o.BusinessDay,), 5),
        ((o.Hour,), 24),
    )
    for kinds, per_cycle in cycles:
        if isinstance(off, kinds):
            n = abs(int(off.n)) or 1
            return per_cycle // n if per_cycle % n == 0 else 1
    return 1


def _series(func: str, series: object, arg: str = "series") -> pd.Series:
    """Return ``series`` as floats on a regular DatetimeIndex with a freq, or raise."""
    if isinstance(series, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `{arg}` must be a pandas Series indexed by date, got a DataFrame with "
            f"columns {list(series.columns)!r}; pick one column, e.g. "
            "data.set_index('month')['revenue']"
        )
    if not isinstance(series, pd.Series):
        raise SmbkitError(
            f"{func}: `{arg}` must be a pandas Series indexed by date, got {type(series).__name__}"
        )
    idx = series.index
    if not isinstance(idx, pd.DatetimeIndex):
        raise DataError(
            f"{func}: `{arg}` must have a DatetimeIndex, but its index is "
            f"{type(idx).__name__}; set the dates as index, e.g. "
            "data.set_index('month')['revenue']"
        )
    if len(series) == 0:
        raise DataError(f"{func}: `{arg}` is empty")
    if idx.has_duplicates:
        dup = idx[idx.duplicated()]
        raise DataError(
            f"{func}: `{arg}` has {len(dup)} repeated dates (first: {dup[0]}); keep one value "
            "per period, e.g. series.groupby(level=0).sum()"
        )
    if not idx.is_monotonic_increasing:
        raise DataError(f"{func}: the dates of `{arg}` are not in order; use series.sort_index()")
    try:
        values = pd.to_numeric(series).to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"{func}: `{arg}` must hold numbers, but its dtype is {series.dtype}"
        ) from exc
    bad = np.isnan(values)
    if bad.any():
        first = idx[int(np.argmax(bad))]
        raise DataError(
            describe_rows(
                func,
                f"of `{arg}` are missing",
                int(bad.sum()),
                len(values),
                f"{first:%Y-%m-%d}",
                fix="a forecast needs every period: fill them on purpose (e.g. "
                "series.interpolate() for a lost figure) or fix the source",
            ).replace(" rows ", " values ")
        )
    if np.isinf(values).any():
        first = idx[int(np.argmax(np.isinf(values)))]
        raise DataError(f"{func}: `{arg}` has infinite values (first: {first:%Y-%m-%d})")
    freq = idx.freq
    if freq is None:
        freq = pd.DatetimeIndex(idx, freq="infer").freq if len(idx) >= 3 else None
        if freq is None:
            raise DataError(
                f"{func}: the dates of `{arg}` have no regular frequency (pandas cannot infer "
                "one), so future dates are unknown. Put the series on a regular calendar "
                "first, e.g. series.asfreq('MS') for months that start on the 1st (missing "
                "periods then show up as NaN to fill on purpose)"
            )
    name = series.name
    return pd.Series(values, index=pd.DatetimeIndex(idx, freq=freq), name=name)


def _seasonal_periods(func: str, s: pd.Series, seasonal_periods: object) -> int:
    if seasonal_periods is None:
        return _period_of(s.index.freq)
    return _whole(func, "seasonal_periods", seasonal_periods, 1)


def _min_length(model: str, m: int) -> int:
    if model in ("naive", "drift"):
        return 3
    if model == "seasonal_naive":
        return m + 2
    if model == "ses":
        return 5
    return 2 * m + 2 if m > 1 else 6


def _check_length(func: str, model: str, n: int, m: int, what: str = "`series`") -> None:
    need = _min_length(model, m)
    if n < need:
        tail = (
            "; use a non-seasonal model ('naive', 'drift', 'ses') or pass seasonal_periods=1"
            if m > 1 and model in ("seasonal_naive", "ets", "sarimax")
            else ""
        )
        raise DataError(
            f"{func}: model={model!r} with seasonal_periods={m} needs at least {need} values, "
            f"but {what} has {n}{tail}"
        )


# --------------------------------------------------------------------------- forecast


@contextlib.contextmanager
def _recorded(notes: list[str]) -> Iterator[None]:
    """Record what statsmodels' estimation says (its model warnings, and numpy's
    RuntimeWarnings from inside the optimiser) into ``notes``; pass any other warning on."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        cat = w.category
        if cat.__module__.startswith("statsmodels") or issubclass(cat, RuntimeWarning):
            text = f"{cat.__name__}: {w.message}"
            if text not in notes:
                notes.append(text)
        else:  # not ours to judge: re-issue it where the caller's filters apply
            warnings.warn_explicit(w.message, cat, w.filename, w.lineno, source=w.source)


def _future(s: pd.Series, horizon: int) -> pd.DatetimeIndex:
    return pd.date_range(s.index[-1], periods=horizon + 1, freq=s.index.freq)[1:]


def _normal_band(point, sd, level):
    z = statistics.NormalDist().inv_cdf(0.5 + level / 2)
    return point - z * sd, point + z * sd


def _benchmark_fit(model: str, y: np.ndarray, horizon: int, m: int, level: float):
    """Point forecasts and normal intervals of the three simple methods (FPP3 §5.2, §5.5)."""
    n = len(y)
    h = np.arange(1, horizon + 1)
    if model == "naive":
        resid = np.diff(y)
        sigma = math.sqrt(np.mean(resid**2))
        point = np.full(horizon, y[-1])
        sd = sigma * np.sqrt(h)
        params = {"sigma": sigma}
    elif model == "seasonal_naive":
        resid = y[m:] - y[:-m]
        sigma = math.sqrt(np.mean(resid**2))
        point = y[n - m + (h - 1) % m]
        sd = sigma * np.sqrt((h - 1) // m + 1)
        params = {"sigma": sigma}
    else:  # drift
        slope = (y[-1] - y[0]) / (n - 1)
        resid = np.diff(y) - slope
        sigma = math.sqrt(np.sum(resid**2) / (len(resid) - 1))
        point = y[-1] + slope * h
        sd = sigma * np.sqrt(h * (1 + h / (n - 1)))
        params = {"drift": slope, "sigma": sigma}
    lower, upper = _normal_band(point, sd, level)
    return point, lower, upper, params, "normal (residual standard deviation)"


def _ets_fit(model: str, s: pd.Series, horizon: int, m: int, level: float, seed: int):
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    if model == "ses":
        kw = {"error": "add"}
    else:
        seasonal = None if m == 1 else ("mul" if (s > 0).all() else "add")
        kw = {
            "error": "add",
            "trend": "add",
            "damped_trend": True,
            "seasonal": seasonal,
            "seasonal_periods": m if seasonal else None,
        }
    res = ETSModel(s, **kw).fit(disp=False)
    n = len(s)
    pred = res.get_prediction(
        start=n,
        end=n + horizon - 1,
        simulate_repetitions=_SIMULATIONS,
        rng=np.random.default_rng(seed),
    )
    frame = pred.summary_frame(alpha=1 - level)
    names = list(res.model.param_names)
    params = {k: float(v) for k, v in zip(names, np.asarray(res.params), strict=True)}
    method = (
        f"simulated ({_SIMULATIONS} paths, seed={seed})"
        if pred.method == "simulated"
        else "exact (ETS state-space formulas)"
    )
    return (
        frame["mean"].to_numpy(),
        frame["pi_lower"].to_numpy(),
        frame["pi_upper"].to_numpy(),
        params,
        method,
    )


def _sarimax_fit(s: pd.Series, horizon: int, m: int, level: float):
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    seasonal = (*SARIMAX_SEASONAL_ORDER, m) if m > 1 else (0, 0, 0, 0)
    res = SARIMAX(s, order=SARIMAX_ORDER, seasonal_order=seasonal).fit(disp=False)
    frame = res.get_forecast(horizon).summary_frame(alpha=1 - level)
    params = {str(k): float(v) for k, v in res.params.items()}
    return (
        frame["mean"].to_numpy(),
        frame["mean_ci_lower"].to_numpy(),
        frame["mean_ci_upper"].to_numpy(),
        params,
        "exact (Kalman filter, normal errors)",
    )


def _spec(model: str, s: pd.Series, m: int) -> str:
    if model == "seasonal_naive":
        return f"seasonal naive (m={m})"
    if model == "ses":
        return "ETS(A,N,N)"
    if model == "ets":
        season = "N" if m == 1 else ("M" if (s > 0).all() else "A")
        return f"ETS(A,Ad,{season})"
    if model == "sarimax":
        base = f"ARIMA{SARIMAX_ORDER}".replace(" ", "")
        return base + (f"{SARIMAX_SEASONAL_ORDER}[{m}]".replace(" ", "") if m > 1 else "")
    return model


def _run(model: str, s: pd.Series, horizon: int, m: int, level: float, seed: int):
    """Fit one model to a checked series; return the forecast table (with attrs)."""
    notes: list[str] = []
    with _recorded(notes):  # what the optimiser says goes into the result, not the screen
        if model in ("naive", "seasonal_naive", "drift"):
            out = _benchmark_fit(model, s.to_numpy(), horizon, m, level)
        elif model in ("ses", "ets"):
            out = _ets_fit(model, s, horizon, m, level, seed)
        else:
            out = _sarimax_fit(s, horizon, m, level)
    point, lower, upper, params, method = out
    table = pd.DataFrame(
        {
            "date": _future(s, horizon),
            "forecast": np.asarray(point, dtype=float),
            "lower": np.asarray(lower, dtype=float),
            "upper": np.asarray(upper, dtype=float),
        }
    )
    table.attrs = {
        "model": model,
        "spec": _spec(model, s, m),
        "level": level,
        "seasonal_periods": m,
        "interval_method": method,
        "params": params,
        "fitted_to": (s.index[0], s.index[-1]),
        "warnings": tuple(notes),
    }
    return table


def forecast(
    series: pd.Series,
    *,
    horizon: int,
    model: str = "ets",
    level: float = 0.9,
    seasonal_periods: int | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Forecast a regular time series ``horizon`` periods ahead, with a prediction interval.

    Parameters
    ----------
    series : Series
        The history: numbers on a DatetimeIndex with a regular frequency (monthly revenue,
        weekly orders). The frequency is taken from the index or inferred from the dates.
    horizon : int
        How many periods to forecast (12 = a year of months).
    model : {"naive", "seasonal_naive", "drift", "ses", "ets", "sarimax"}, default "ets"
        The method (see the module's description).
    level : float, default 0.9
        Coverage probability of the prediction interval (0.9 = a 90 % interval).
    seasonal_periods : int, optional
        Periods per seasonal cycle; by default from the frequency (12 for months, 4 for
        quarters, 52 for weeks, 7 for days, 1 = no season for years).
    seed : int, default 0
        Seed of the simulated paths behind the intervals of multiplicative ETS models;
        the other methods use no randomness.

    Returns
    -------
    DataFrame
        ``date, forecast, lower, upper``, one row per future period, in the series' units.
        ``.attrs`` describes the fit: ``model``, ``spec`` (e.g. ``"ETS(A,Ad,M)"``),
        ``level``, ``seasonal_periods``, ``interval_method``, ``params`` (the estimated
        parameters), ``fitted_to`` (first and last date) and ``warnings`` (what the
        optimiser reported; empty when it converged quietly).

    Raises
    ------
    SmbkitError
        If an option is unknown or a number is out of range.
    DataError
        If the series is not a dated Series, its dates have no regular frequency, values
        are missing, or it is too short for the model.

    Notes
    -----
    The simple methods (FPP3 §5.2) forecast, with :math:`T` observations, seasonal period
    :math:`m` and :math:`k = \\lfloor (h-1)/m \\rfloor`,

    .. math::

        \\text{naive: } \\hat y_{T+h} = y_T, \\quad
        \\text{seasonal naive: } \\hat y_{T+h} = y_{T+h-m(k+1)}, \\quad
        \\text{drift: } \\hat y_{T+h} = y_T + h\\,\\frac{y_T - y_1}{T-1},

    with normal intervals :math:`\\hat y \\pm z\\,\\hat\\sigma_h`, where :math:`\\hat\\sigma` is
    the root mean square of the one-step residuals and :math:`\\hat\\sigma_h` is
    :math:`\\hat\\sigma\\sqrt h` (naive), :math:`\\hat\\sigma\\sqrt{k+1}` (seasonal naive) or
    :math:`\\hat\\sigma\\sqrt{h(1 + h/(T-1))}` (drift: the random walk's variance plus that of
    the estimated slope).

    Simple exponential smoothing updates a level :math:`\\ell_t = \\alpha y_t +
    (1-\\alpha)\\ell_{t-1}` and forecasts :math:`\\hat y_{T+h} = \\ell_T`. The ``"ets"``
    model adds a damped trend :math:`b_t` and seasonal factors :math:`s_t`:

    .. math::

        \\hat y_{T+h} = (\\ell_T + (\\phi + \\phi^2 + \\dots + \\phi^h)\\, b_T)\\,
        s_{T+h-m(k+1)}.

    The ETS models are statsmodels' ``ETSModel`` fitted by maximum likelihood; their
    intervals come from the model (exact formulas for linear models, quantiles of 1,000
    simulated future paths for multiplicative seasonality). The ``"sarimax"`` model is
    statsmodels' ``SARIMAX`` with the fixed airline-model orders :data:`SARIMAX_ORDER` and
    :data:`SARIMAX_SEASONAL_ORDER` (one regular and one seasonal difference, one moving-average
    term each: two parameters, so it fits short series), fitted by maximum likelihood; its
    intervals come from the Kalman filter with normal errors. Neither model is chosen
    automatically: compare them with :func:`backtest`.

    Business meaning: the interval, not the point, is the forecast; plan stock and staff
    for the point, and cash for the low end.

    Examples
    --------
    >>> import pandas as pd
    >>> y = pd.Series([100.0, 102, 104, 106],
    ...               index=pd.date_range("2025-01-01", periods=4, freq="MS"))
    >>> fc = forecast(y, horizon=2, model="drift", level=0.8)
    >>> fc["forecast"].tolist(), [f"{d:%Y-%m}" for d in fc["date"]]
    ([108.0, 110.0], ['2025-05', '2025-06'])
    >>> fc = forecast(y, horizon=2, model="naive")
    >>> fc.attrs["spec"], fc["forecast"].tolist()
    ('naive', [106.0, 106.0])
    """
    func = "forecast"
    check_option(func, "model", model, MODELS)
    horizon = _whole(func, "horizon", horizon, 1)
    level = _level(func, level)
    seed = _whole(func, "seed", seed, 0)
    s = _series(func, series)
    m = _seasonal_periods(func, s, seasonal_periods)
    _check_length(func, model, len(s), m)
    return _run(model, s, horizon, m, level, seed)


# --------------------------------------------------------------------------- accuracy


@dataclass(frozen=True)
class Accuracy:
    """Scores of one set of forecasts against what happened (see :func:`accuracy`).

    ``mae`` is in the series' units, ``mape`` in percent, ``mase`` a ratio (below 1 beats
    the in-sample one-step seasonal naive forecast); ``note`` explains any NaN.
    """

    n: int
    mae: float
    mape: float
    mase: float
    note: str = ""


def _scale(y: np.ndarray, m: int) -> float:
    """In-sample MAE of the one-step seasonal naive forecast (naive when m = 1)."""
    return float(np.mean(np.abs(y[m:] - y[:-m])))


def _scores(actual, error, scale) -> Accuracy:
    """MAE, MAPE and MASE of errors ``actual - forecast``, each scaled by its ``scale``."""
    actual, error, scale = (np.asarray(a, dtype=float) for a in (actual, error, scale))
    notes = []
    mae = float(np.mean(np.abs(error)))
    zeros = int((actual == 0).sum())
    if zeros:
        mape = float("nan")
        notes.append(f"MAPE is undefined: {zeros} actual value(s) are 0")
    else:
        mape = float(100 * np.mean(np.abs(error / actual)))
    flat = int((scale == 0).sum())
    if flat:
        mase = float("nan")
        notes.append(
            "MASE is undefined: the seasonal naive forecast is perfect in-sample "
            "(its MAE, the scale, is 0)"
        )
    else:
        mase = float(np.mean(np.abs(error) / scale))
    return Accuracy(len(error), mae, mape, mase, "; ".join(notes))


def accuracy(
    actual, predicted, *, history: pd.Series | Sequence[float], seasonal_periods: int = 1
) -> Accuracy:
    """Score forecasts against actual values with MAE, MAPE and MASE.

    Parameters
    ----------
    actual, predicted : array-like of float
        What happened and what was forecast, matched by position.
    history : Series or array-like of float
        The data the forecasts were made from (the training period); it sets MASE's scale.
    seasonal_periods : int, default 1
        The cycle length :math:`m` of MASE's scale: 1 scales by the naive forecast, 12 (for
        months) by the seasonal naive one.

    Returns
    -------
    Accuracy
        ``n, mae, mape, mase, note``.

    Raises
    ------
    SmbkitError
        If the lengths differ, a value is missing, or the history is too short for
        ``seasonal_periods``.

    Notes
    -----
    With errors :math:`e_j = y_j - \\hat y_j` and training data :math:`y_1, \\dots, y_T`
    (Hyndman and Koehler, 2006):

    .. math::

        \\text{MAE} = \\operatorname{mean}|e_j|, \\quad
        \\text{MAPE} = 100\\,\\operatorname{mean}\\left|\\frac{e_j}{y_j}\\right|, \\quad
        \\text{MASE} = \\frac{\\operatorname{mean}|e_j|}
        {\\frac{1}{T-m}\\sum_{t=m+1}^{T} |y_t - y_{t-m}|}.

    MAPE is NaN (with a note) when an actual value is 0; MASE is NaN when the scale is 0.
    MASE below 1 means the forecasts erred less than the seasonal naive method did, one
    step ahead, on the history: the bar a model has to clear to be worth its complexity.

    Examples
    --------
    >>> history = [10.0, 20.0, 30.0, 12.0, 22.0, 32.0]
    >>> a = accuracy([14.0, 24.0], [12.0, 22.0], history=history, seasonal_periods=3)
    >>> a.mae, a.mase
    (2.0, 1.0)
    """
    func = "accuracy"
    m = _whole(func, "seasonal_periods", seasonal_periods, 1)
    a = np.asarray(actual, dtype=float).ravel()
    p = np.asarray(predicted, dtype=float).ravel()
    y = np.asarray(history, dtype=float).ravel()
    if len(a) != len(p) or len(a) == 0:
        raise SmbkitError(
            f"{func}: `actual` and `predicted` must have the same, non-zero length, got "
            f"{len(a)} and {len(p)}"
        )
    for arg, v in (("actual", a), ("predicted", p), ("history", y)):
        if np.isnan(v).any():
            raise SmbkitError(
                f"{func}: `{arg}` has {int(np.isnan(v).sum())} missing values (first at "
                f"position {int(np.argmax(np.isnan(v)))})"
            )
    if len(y) <= m:
        raise SmbkitError(
            f"{func}: `history` needs more than seasonal_periods={m} values for MASE's "
            f"scale, got {len(y)}"
        )
    return _scores(a, a - p, np.full(len(a), _scale(y, m)))


# --------------------------------------------------------------------------- back-test


@dataclass(frozen=True)
class Backtest:
    """Rolling-origin forecast errors and their summary (see :func:`backtest`).

    Attributes
    ----------
    errors : DataFrame
        One row per model, origin and step: ``model, origin, date, step, actual,
        forecast, lower, upper, error, scale`` (``error`` = actual - forecast; ``scale``
        = the origin's in-sample seasonal naive MAE).
    summary : DataFrame
        One row per model: ``model, forecasts, mae, mape, mase, coverage, vs_benchmark,
        note``, where ``coverage`` is the share of actual values inside the intervals and
        ``vs_benchmark`` is the model's MASE divided by the benchmark's (below 1 = better).
    benchmark : str
        The bar to beat: ``"seasonal_naive"``, or ``"naive"`` without a season.
    horizon, level, seasonal_periods
        As passed (or inferred).
    origins : tuple of Timestamp
        The last date of each training window.
    warnings : tuple of str
        What the optimisers reported, as ``"model @ origin: message"``.
    """

    errors: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame
    benchmark: str
    horizon: int
    level: float
    seasonal_periods: int
    origins: tuple[pd.Timestamp, ...]
    warnings: tuple[str, ...] = ()

    @property
    def best(self) -> str:
        """The model with the lowest MASE (the first listed on a tie)."""
        mase = self.summary.set_index("model")["mase"]
        if mase.isna().all():
            raise SmbkitError("Backtest.best: every model's MASE is NaN; see summary['note']")
        return str(mase.idxmin())

    def beats_benchmark(self, model: str) -> bool:
        """Whether ``model``'s MASE is below the benchmark's (False when either is NaN)."""
        check_option("Backtest.beats_benchmark", "model", model, list(self.summary["model"]))
        ratio = self.summary.set_index("model").at[model, "vs_benchmark"]
        return bool(ratio < 1) if not pd.isna(ratio) else False


def _origins(func: str, s: pd.Series, origins, horizon: int) -> list[int]:
    """Positions of the last training value of each origin."""
    n = len(s)
    last = n - horizon - 1
    if isinstance(origins, (int, np.integer)) and not isinstance(origins, bool):
        k = _whole(func, "origins", origins, 1)
        pos = list(range(last - k + 1, last + 1))
        if pos[0] < 0:
            raise DataError(
                f"{func}: {k} origins with horizon={horizon} need at least {horizon + k + 1} "
                f"values, but `series` has {n}"
            )
        return pos
    if isinstance(origins, (pd.Index, np.ndarray, pd.Series)):
        origins = list(origins)
    if isinstance(origins, (str, pd.Timestamp)) or not isinstance(origins, Sequence):
        raise SmbkitError(
            f"{func}: `origins` must be a number of origins (e.g. 3) or a list of dates, "
            f"got {origins!r}"
        )
    if not origins:
        raise SmbkitError(f"{func}: `origins` is an empty list; give at least one date")
    pos = []
    for o in origins:
        try:
            ts = pd.Timestamp(o)
        except (TypeError, ValueError) as exc:
            raise SmbkitError(f"{func}: origin {o!r} is not a date") from exc
        if ts not in s.index:
            raise SmbkitError(
                f"{func}: origin {ts.date()} is not a date of `series` (it runs "
                f"{s.index[0].date()} to {s.index[-1].date()} at freq {s.index.freqstr})"
            )
        p = int(s.index.get_loc(ts))
        if p > last:
            raise SmbkitError(
                f"{func}: origin {ts.date()} leaves fewer than horizon={horizon} actual "
                f"values to compare with; the latest possible origin is "
                f"{s.index[last].date()}"
            )
        pos.append(p)
    return sorted(set(pos))


def backtest(
    series: pd.Series,
    *,
    horizon: int,
    origins: int | Sequence = 3,
    models: Sequence[str] = ("seasonal_naive", "ets"),
    seasonal_periods: int | None = None,
    level: float = 0.9,
    seed: int = 0,
) -> Backtest:
    """Test forecasting methods on the past: forecast from earlier origins, compare, score.

    Parameters
    ----------
    series : Series
        The whole history (as for :func:`forecast`).
    horizon : int
        How many periods ahead each back-test forecast goes.
    origins : int or list of date-like, default 3
        Where the training windows end. An int ``k`` takes the last ``k`` possible origins,
        one period apart (the latest leaves exactly ``horizon`` values to check); a list
        names the last training date of each origin.
    models : sequence of str, default ("seasonal_naive", "ets")
        Methods from :data:`MODELS`. The benchmark (seasonal naive, or naive without a
        season) is always added, so every model can be compared with it.
    seasonal_periods : int, optional
        As for :func:`forecast`; also sets MASE's scale.
    level : float, default 0.9
        Interval level, for the ``coverage`` column.
    seed : int, default 0
        As for :func:`forecast`.

    Returns
    -------
    Backtest
        ``.errors`` (one row per model, origin and step), ``.summary`` (one row per model:
        MAE, MAPE, MASE, coverage, MASE relative to the benchmark, note), ``.best``, and
        ``.beats_benchmark(model)``.

    Raises
    ------
    SmbkitError
        If an option is unknown, an origin is not a date of the series or leaves too
        little to compare.
    DataError
        As :func:`forecast`, or if the earliest origin leaves too little history to fit a
        model.

    Notes
    -----
    This is rolling-origin evaluation, also called time-series cross-validation (FPP3
    §5.10): every forecast is made only from data before its origin, as it would have
    been in real life. Each error is scaled by its own origin's in-sample seasonal naive
    MAE, so MASE is (Hyndman and Koehler, 2006)

    .. math::

        \\text{MASE} = \\operatorname{mean}_{o,h} \\frac{|y_{o+h} - \\hat y_{o+h|o}|}
        {\\frac{1}{T_o - m}\\sum_{t=m+1}^{T_o} |y_t - y_{t-m}|}.

    A few origins are a small sample: read MASE differences of a few percent as a tie.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> y = pd.Series(100 + 10 * np.tile([0.0, 1, 2, 1], 4) + np.arange(16),
    ...               index=pd.date_range("2022-01-01", periods=16, freq="QS"))
    >>> bt = backtest(y, horizon=4, origins=2, models=["drift"])
    >>> bt.summary[["model", "mae", "mase"]].round(2)
                model    mae  mase
    0  seasonal_naive   4.00  1.00
    1           drift  10.45  2.61
    """
    func = "backtest"
    horizon = _whole(func, "horizon", horizon, 1)
    level = _level(func, level)
    seed = _whole(func, "seed", seed, 0)
    if isinstance(models, str):
        models = [models]
    models = list(dict.fromkeys(models))
    if not models:
        raise SmbkitError(f"{func}: `models` is empty; name at least one of {list(MODELS)!r}")
    for mod in models:
        check_option(func, "models", mod, MODELS)
    s = _series(func, series)
    m = _seasonal_periods(func, s, seasonal_periods)
    bench = "seasonal_naive" if m > 1 else "naive"
    if bench not in models:
        models = [bench, *models]
    pos = _origins(func, s, origins, horizon)
    first = s.index[pos[0]]
    for mod in models:
        _check_length(func, mod, pos[0] + 1, m, what=f"the earliest origin ({first.date()})")
    y = s.to_numpy()
    rows, notes = [], []
    for p in pos:
        train = s.iloc[: p + 1]
        actual = y[p + 1 : p + 1 + horizon]
        scale = _scale(train.to_numpy(), m)
        for mod in models:
            fc = _run(mod, train, horizon, m, level, seed)
            notes += [f"{mod} @ {train.index[-1].date()}: {w}" for w in fc.attrs["warnings"]]
            rows.append(
                pd.DataFrame(
                    {
                        "model": mod,
                        "origin": train.index[-1],
                        "date": fc["date"],
                        "step": np.arange(1, horizon + 1),
                        "actual": actual,
                        "forecast": fc["forecast"],
                        "lower": fc["lower"],
                        "upper": fc["upper"],
                        "error": actual - fc["forecast"].to_numpy(),
                        "scale": scale,
                    }
                )
            )
    errors = pd.concat(rows, ignore_index=True)
    summary = []
    for mod in models:
        e = errors[errors["model"] == mod]
        sc = _scores(e["actual"], e["error"], e["scale"])
        inside = (e["actual"] >= e["lower"]) & (e["actual"] <= e["upper"])
        summary.append(
            {
                "model": mod,
                "forecasts": sc.n,
                "mae": sc.mae,
                "mape": sc.mape,
                "mase": sc.mase,
                "coverage": float(inside.mean()),
                "note": sc.note,
            }
        )
    table = pd.DataFrame(summary)
    base = float(table.loc[table["model"] == bench, "mase"].iloc[0])
    ratio = table["mase"] / base if base > 0 else pd.Series(np.nan, index=table.index)
    table.insert(6, "vs_benchmark", ratio.astype(float))
    if not base > 0:
        table["note"] = [
            (n + "; " if n else "") + f"vs_benchmark is undefined: the benchmark's MASE is {base:g}"
            for n in table["note"]
        ]
    return Backtest(
        errors=errors,
        summary=table,
        benchmark=bench,
        horizon=horizon,
        level=level,
        seasonal_periods=m,
        origins=tuple(s.index[p] for p in pos),
        warnings=tuple(notes),
    )


# --------------------------------------------------------------------------- decompose


def decompose(
    series: pd.Series,
    *,
    period: int | None = None,
    robust: bool = True,
    model: str = "additive",
) -> pd.DataFrame:
    """Split a series into trend, seasonal pattern and remainder with STL.

    Parameters
    ----------
    series : Series
        As for :func:`forecast`.
    period : int, optional
        Periods per seasonal cycle; by default from the frequency (12 for months).
    robust : bool, default True
        Down-weight outliers (a one-off catering order) so they stay in the remainder
        instead of bending the trend and the season.
    model : {"additive", "multiplicative"}, default "additive"
        ``"additive"``: observed = trend + seasonal + resid, the season in the series'
        units. ``"multiplicative"``: observed = trend × seasonal × resid (STL on the
        logarithm), the season as a factor (1.2 = 20 % above trend); needs positive values
        and suits a business whose seasonal swing grows with its size.

    Returns
    -------
    DataFrame
        ``date, observed, trend, seasonal, resid``. ``.attrs`` holds ``model``,
        ``period``, ``robust``, ``trend_strength`` and ``seasonal_strength`` (each from
        0 = none to 1 = strong; NaN when undefined, with the reason in ``note``) and
        ``warnings`` (what STL reported).

    Raises
    ------
    SmbkitError
        If an option is unknown or the period is below 2.
    DataError
        As :func:`forecast`, if there are fewer than two full cycles, or (multiplicative)
        a value is not positive.

    Notes
    -----
    STL (Cleveland et al., 1990) estimates the season and the trend with repeated local
    regressions (loess). The strengths follow FPP3 §4.3 (Wang, Smith and Hyndman, 2006),
    with :math:`T_t, S_t, R_t` the trend, seasonal and remainder parts (of the logarithm
    for the multiplicative model):

    .. math::

        F_T = \\max\\left(0, 1 - \\frac{\\operatorname{Var}(R_t)}
        {\\operatorname{Var}(T_t + R_t)}\\right), \\quad
        F_S = \\max\\left(0, 1 - \\frac{\\operatorname{Var}(R_t)}
        {\\operatorname{Var}(S_t + R_t)}\\right).

    Business meaning: the trend says whether the business is growing once the calendar
    is taken out; the seasonal part says how much busier December is than an average month.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> y = pd.Series(100 + np.arange(36) + 10 * np.tile([1.0, -1, 0, 0], 9),
    ...               index=pd.date_range("2017-01-01", periods=36, freq="QS"))
    >>> d = decompose(y)
    >>> list(d.columns)
    ['date', 'observed', 'trend', 'seasonal', 'resid']
    >>> bool(np.allclose(d["trend"] + d["seasonal"] + d["resid"], d["observed"]))
    True
    >>> d.attrs["seasonal_strength"] > 0.9
    True
    """
    func = "decompose"
    check_option(func, "model", model, ["additive", "multiplicative"])
    if not isinstance(robust, bool):
        raise SmbkitError(f"{func}: `robust` must be True or False, got {robust!r}")
    s = _series(func, series)
    m = _seasonal_periods(func, s, period) if period is not None else _period_of(s.index.freq)
    if m < 2:
        raise SmbkitError(
            f"{func}: the seasonal period must be at least 2, but it is {m} for frequency "
            f"{s.index.freqstr!r}; pass period= (e.g. period=12 for months)"
        )
    if len(s) < 2 * m:
        raise DataError(
            f"{func}: STL needs at least two full cycles ({2 * m} values for period={m}), "
            f"but `series` has {len(s)}"
        )
    y = s
    if model == "multiplicative":
        bad = s <= 0
        if bad.any():
            raise DataError(
                f"{func}: model='multiplicative' needs positive values, but "
                f"{int(bad.sum())} of {len(s)} are <= 0 (first: "
                f"{s.index[int(np.argmax(bad.to_numpy()))]:%Y-%m-%d}); use model='additive'"
            )
        y = np.log(s)
    from statsmodels.tsa.seasonal import STL

    notes: list[str] = []
    with _recorded(notes):
        res = STL(y, period=m, robust=robust).fit()
    trend, seasonal, resid = (
        np.asarray(x, dtype=float) for x in (res.trend, res.seasonal, res.resid)
    )

    # below this variance the components are rounding noise of a flat series
    tiny = (1e-9 * max(1.0, float(np.abs(np.asarray(y)).max()))) ** 2

    def strength(part):
        var_r = np.var(resid, ddof=1)
        var_all = np.var(part + resid, ddof=1)
        return float(max(0.0, 1 - var_r / var_all)) if var_all > tiny else float("nan")

    strengths = {"trend_strength": strength(trend), "seasonal_strength": strength(seasonal)}
    undefined = [k for k, v in strengths.items() if math.isnan(v)]
    note = (
        f"{' and '.join(undefined)} undefined: the part plus remainder does not vary"
        if undefined
        else ""
    )
    if model == "multiplicative":
        trend, seasonal, resid = np.exp(trend), np.exp(seasonal), np.exp(resid)
    out = pd.DataFrame(
        {
            "date": s.index,
            "observed": s.to_numpy(),
            "trend": trend,
            "seasonal": seasonal,
            "resid": resid,
        }
    )
    out.attrs = {
        "model": model,
        "period": m,
        "robust": robust,
        **strengths,
        "note": note,
        "warnings": tuple(notes),
    }
    return out


# --------------------------------------------------------------------------- goals


@dataclass(frozen=True)
class GoalOutlook:
    """A SMARTER goal read against a forecast (see :func:`goal_outlook`).

    ``forecast``, ``lower`` and ``upper`` are the forecast and its interval at the goal's
    deadline (KPI units); ``chance`` is the approximate probability of reaching the target;
    ``verdict`` is ``"likely"``, ``"uncertain"`` or ``"unlikely"``.
    """

    kpi: str
    deadline: pd.Timestamp
    target: float
    forecast: float
    lower: float
    upper: float
    level: float
    chance: float
    verdict: str
    note: str = ""


def goal_outlook(goal, forecast_table: pd.DataFrame) -> GoalOutlook:
    """Read a goal's target against a forecast at its deadline: likely, uncertain, unlikely.

    The "evaluate" step of a SMARTER goal, looking forward: if even the pessimistic end of
    the interval reaches the target, the goal is likely met (perhaps too easy); if even the
    optimistic end misses it, the goal is unlikely without a change, which is a reason to act
    or to :meth:`~smbkit.targets.Goal.revise` it.

    Parameters
    ----------
    goal : smbkit.targets.Goal
        The goal; its deadline must be one of the forecast's dates.
    forecast_table : DataFrame
        A table from :func:`forecast` (``date, forecast, lower, upper``), of the goal's KPI.

    Returns
    -------
    GoalOutlook

    Raises
    ------
    SmbkitError
        If ``goal`` is not a Goal, the table lacks a column, or the deadline is not one of
        its dates.

    Notes
    -----
    For a higher-is-better KPI the verdict is "likely" when ``lower >= target``, "unlikely"
    when ``upper < target`` and "uncertain" otherwise (mirrored for lower-is-better).
    ``chance`` treats the forecast as normal with the spread implied by the interval,
    :math:`\\sigma \\approx (\\text{upper} - \\text{lower}) / (2 z)` with :math:`z` the
    normal quantile of the level: a rough guide, not a promise.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.targets import Goal
    >>> g = Goal("revenue", 100.0, "2025-01-01", 130.0, "2025-04-01", "higher")
    >>> fc = pd.DataFrame({"date": pd.date_range("2025-02-01", periods=3, freq="MS"),
    ...                    "forecast": [105.0, 110.0, 115.0], "lower": [100.0, 100.0, 100.0],
    ...                    "upper": [110.0, 120.0, 130.0]})
    >>> o = goal_outlook(g, fc)
    >>> o.verdict, round(o.chance, 2)
    ('uncertain', 0.05)
    """
    from smbkit._validation import require_columns
    from smbkit.targets import Goal

    func = "goal_outlook"
    if not isinstance(goal, Goal):
        raise SmbkitError(
            f"{func}: `goal` must be a smbkit.targets.Goal, got {type(goal).__name__}"
        )
    if not isinstance(forecast_table, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `forecast_table` must be a DataFrame from forecast(), got "
            f"{type(forecast_table).__name__}"
        )
    require_columns(
        func,
        list(forecast_table.columns),
        table="forecast_table",
        date="date",
        forecast="forecast",
        lower="lower",
        upper="upper",
    )
    dates = pd.to_datetime(forecast_table["date"])
    hit = forecast_table[dates == goal.deadline]
    if hit.empty:
        raise SmbkitError(
            f"{func}: the goal's deadline {goal.deadline.date()} is not a date of the forecast "
            f"({dates.min().date()} to {dates.max().date()}); forecast far enough ahead to "
            "reach the deadline"
        )
    row = hit.iloc[0]
    point, lo, hi = float(row["forecast"]), float(row["lower"]), float(row["upper"])
    level = float(forecast_table.attrs.get("level", 0.9))
    t = goal.target
    higher = goal.polarity == "higher"
    if (lo >= t) if higher else (hi <= t):
        verdict = "likely"
    elif (hi < t) if higher else (lo > t):
        verdict = "unlikely"
    else:
        verdict = "uncertain"
    z = statistics.NormalDist().inv_cdf(0.5 + level / 2)
    sd = (hi - lo) / (2 * z)
    note = ""
    if sd > 0:
        below = statistics.NormalDist(point, sd).cdf(t)
        chance = 1 - below if higher else below
    else:
        chance = float("nan")
        note = "chance is undefined: the interval has no width"
    if "level" not in forecast_table.attrs:
        note = (note + "; " if note else "") + "the table has no level in .attrs: 0.9 assumed"
    return GoalOutlook(
        goal.kpi, goal.deadline, t, point, lo, hi, level, float(chance), verdict, note
    )
