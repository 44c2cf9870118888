"""Reference answers for exercise 06, computed from the raw tables with pandas, scipy and
statsmodels directly.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.analysis (the learner's route), so the exercise also checks the analysis from the
outside. The vanity rule here is simpler than smbkit's alignment report (see `vanity`);
on these data both give the same answer.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from smbkit import datasets

GOAL = "net_revenue"
CANDIDATES = ("local_search_visits", "likes", "followers", "shares")


@functools.cache
def _days() -> pd.DataFrame:
    """One row per day: net revenue (0 on closed days) and the four marketing metrics."""
    b = datasets.load("daily_crumb")
    o, m = b.orders, b.marketing
    net = (o["revenue"] - o["refunded"]).groupby(o["date"].dt.floor("D")).sum()
    metrics = m.set_index(["date", "channel"])[list(CANDIDATES)].astype("float64")
    wide = pd.concat(
        [
            metrics.xs("search", level="channel")[["local_search_visits"]],
            metrics.xs("social", level="channel")[["likes", "followers", "shares"]],
        ],
        axis=1,
    )
    days = pd.date_range(wide.index.min(), wide.index.max(), freq="D")
    wide = wide.reindex(days)
    wide.insert(0, GOAL, net.reindex(days).fillna(0.0))
    return wide


def _whole_weeks(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows from the first Monday to the last Sunday of the frame's dates."""
    monday = frame.index[frame.index.day_of_week == 0][0]
    sunday = frame.index[frame.index.day_of_week == 6][-1]
    return frame.loc[monday:sunday]


@functools.cache
def _weekly(year: int | None = None, whole: bool = True) -> pd.DataFrame:
    """Weekly sums (Monday to Sunday) of the whole weeks, of all years or of one year.

    With ``whole=False`` the year's first and last weeks keep only the days inside the
    year and the four years' whole-week range (the mistake of splitting by calendar date).
    """
    days = _whole_weeks(_days())
    if year is not None:
        days = days.loc[str(year)] if not whole else _whole_weeks(days.loc[str(year)])
    return days.resample("W-SUN").sum()


def _r(frame: pd.DataFrame, candidate: str, lag: int, *, changes: bool = True) -> float:
    data = frame.diff().iloc[1:] if changes else frame
    return float(data[candidate].shift(lag).corr(data[GOAL]))


def lagged_r(
    candidate: str, lag: int, *, changes: bool = True, year: int | None = None, whole: bool = True
) -> float:
    """corr(candidate in week t - lag, net revenue in week t), on weekly changes or levels."""
    return _r(_weekly(year, whole), candidate, lag, changes=changes)


def best_lag(candidate: str = "local_search_visits", max_lag: int = 8) -> int:
    """The lag 1..max_lag (weeks) with the largest |r| of weekly changes."""
    r = [abs(lagged_r(candidate, k)) for k in range(1, max_lag + 1)]
    return 1 + int(np.argmax(r))


def daily_best_lag(candidate: str = "local_search_visits", max_lag: int = 8) -> int:
    """The same search on daily changes (the mistake of skipping the weekly sums)."""
    days = _whole_weeks(_days())
    r = [abs(_r(days, candidate, k)) for k in range(1, max_lag + 1)]
    return 1 + int(np.argmax(r))


def daily_r(candidate: str, *, changes: bool) -> float:
    """Same-day correlation on daily data (the mistake of skipping the weekly sums)."""
    return _r(_whole_weeks(_days()), candidate, 0, changes=changes)


def vanity(alpha: float = 0.05, max_lag: int = 8) -> set[str]:
    """Candidates with no significant relation to net revenue in weekly changes.

    A candidate is related when, after a Bonferroni correction over every test made
    (2 directions x max_lag lag orders of the Granger F-test, plus the same-week Pearson
    test, for each of the candidates), one p-value is below alpha; vanity otherwise.
    """
    from scipy import stats
    from statsmodels.tsa.stattools import grangercausalitytests

    changes = _weekly().diff().iloc[1:]
    n_tests = (2 * max_lag + 1) * len(CANDIDATES)
    out = set()
    for c in CANDIDATES:
        p = [stats.pearsonr(changes[c], changes[GOAL]).pvalue]
        for effect, cause in ((GOAL, c), (c, GOAL)):
            res = grangercausalitytests(changes[[effect, cause]].to_numpy(), max_lag)
            p += [res[k][0]["ssr_ftest"][1] for k in range(1, max_lag + 1)]
        if min(1.0, n_tests * min(p)) > alpha:
            out.add(c)
    return out
