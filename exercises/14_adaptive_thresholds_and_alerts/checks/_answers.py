"""Reference answers for exercise 14, computed without smbkit.monitor.

Every answer is plain pandas on the daily order counts: a boolean mask for the fixed line,
the XmR formula written out, the same-weekday median baseline rebuilt from shifted copies,
and the tabular CUSUM as a Python loop (Montgomery 2009, §9.1).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from smbkit import datasets


@functools.cache
def daily() -> pd.Series:
    """Orders per day; a closed day takes the same weekday one (or two) weeks earlier."""
    orders = datasets.load("daily_crumb").orders
    counts = orders["date"].dt.normalize().value_counts().sort_index().astype(float)
    days = pd.date_range(counts.index.min(), counts.index.max(), freq="D")
    s = counts.reindex(days)
    return s.fillna(s.shift(7)).fillna(s.shift(14))


def year() -> pd.Series:
    s = daily()
    return s[s.index.year == 2025]


def episodes(flags: pd.Series) -> int:
    """Runs of consecutive True values."""
    flags = flags.astype(bool)
    return int((flags & ~flags.shift(1, fill_value=False)).sum())


def below(limit: float = 150.0, inclusive: bool = False) -> pd.Series:
    y = year()
    return y <= limit if inclusive else y < limit


def months() -> float:
    return 365 / 30.44


def weekly(start: str = "2025-01-06", end: str = "2025-06-29") -> pd.Series:
    s = daily()[pd.Timestamp(start) : pd.Timestamp(end)]
    return s.groupby((s.index - pd.Timestamp(start)).days // 7).sum()


def xmr(start: str = "2025-01-06", end: str = "2025-06-29") -> tuple[float, float, float]:
    """(centre, mean moving range, standard deviation) of the weekly totals."""
    w = weekly(start, end).to_numpy()
    return float(w.mean()), float(np.abs(np.diff(w)).mean()), float(w.std(ddof=1))


def seasonal_flags() -> pd.Series:
    s = daily()["2024-09-01":]
    expected = pd.concat([s.shift(7 * j) for j in range(1, 9)], axis=1).median(axis=1, skipna=False)
    miss = (s - expected).abs()
    spread = 1.4826 * miss.shift(1).rolling(56, min_periods=14).median()
    flags = (s > expected + 3 * spread) | (s < expected - 3 * spread)
    return flags[flags.index.year == 2025]


def cusum_weeks() -> tuple[int, int]:
    """(weeks signalling low, weeks signalling high) of weekly totals 6 Jan-28 Dec 2025."""
    w = weekly("2025-01-06", "2025-12-28").to_numpy()
    base = w[:25]
    mu = base.mean()
    sigma = np.abs(np.diff(base)).mean() / 1.128
    k, h = 0.5 * sigma, 5 * sigma
    hi = lo = 0.0
    n_lo = n_hi = 0
    for x in w:
        hi = max(0.0, x - mu - k + hi)
        lo = max(0.0, mu - k - x + lo)
        n_hi += hi > h
        n_lo += lo > h
    return int(n_lo), int(n_hi)
