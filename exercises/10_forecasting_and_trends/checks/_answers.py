"""Reference answers for exercise 10, computed without smbkit.forecast.

Questions 1-3 use plain pandas on the monthly books; questions 4-5 call statsmodels'
ETSModel directly with the specification smbkit documents (ETS(A,Ad,M), 1,000 simulated
paths seeded with numpy's default_rng(0)), so the checks also test smbkit from the outside.
"""

from __future__ import annotations

import functools
import statistics

import numpy as np
import pandas as pd

from smbkit import datasets


@functools.cache
def revenue() -> pd.Series:
    fin = datasets.load("daily_crumb").financials
    return pd.Series(fin["revenue"].to_numpy(), index=pd.DatetimeIndex(fin["month"]))


def value(month: str) -> float:
    return float(revenue()[pd.Timestamp(month)])


def _year(year: int) -> np.ndarray:
    r = revenue()
    return r[r.index.year == year].to_numpy()


def snaive_errors_2025() -> np.ndarray:
    """Actual 2025 minus the same month of 2024."""
    return _year(2025) - _year(2024)


def snaive_mae() -> float:
    return float(np.mean(np.abs(snaive_errors_2025())))


def snaive_mean_error() -> float:
    return float(np.mean(snaive_errors_2025()))


def snaive_mape() -> float:
    return float(100 * np.mean(np.abs(snaive_errors_2025() / _year(2025))))


def scale(lag: int = 12, end: str = "2024-12-01") -> float:
    """In-sample MAE of the forecast 'same as `lag` months earlier', up to `end`."""
    r = revenue()[: pd.Timestamp(end)].to_numpy()
    return float(np.mean(np.abs(r[lag:] - r[:-lag])))


def snaive_mase() -> float:
    return snaive_mae() / scale()


@functools.cache
def ets_interval(end: str, level: float = 0.9) -> pd.DataFrame:
    """ETS(A,Ad,M) fitted up to `end`, 12 months ahead: mean, pi_lower, pi_upper."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    y = revenue()[: pd.Timestamp(end)].asfreq("MS")
    res = ETSModel(
        y, error="add", trend="add", damped_trend=True, seasonal="mul", seasonal_periods=12
    ).fit(disp=False)
    pred = res.get_prediction(
        start=len(y), end=len(y) + 11, simulate_repetitions=1000, rng=np.random.default_rng(0)
    )
    return pred.summary_frame(alpha=1 - level)


def ets_inside() -> int:
    band = ets_interval("2024-12-01")
    actual = _year(2025)
    return int(
        ((actual >= band["pi_lower"].to_numpy()) & (actual <= band["pi_upper"].to_numpy())).sum()
    )


def goal_chance() -> float:
    """Normal tail above 1.2 x Dec 2025, with the spread implied by the 90 % interval."""
    dec = ets_interval("2025-12-01").iloc[-1]
    sd = (dec["pi_upper"] - dec["pi_lower"]) / (2 * statistics.NormalDist().inv_cdf(0.95))
    target = 1.2 * value("2025-12-01")
    return 1 - statistics.NormalDist(float(dec["mean"]), float(sd)).cdf(target)
