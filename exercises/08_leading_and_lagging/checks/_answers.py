"""Reference answers for exercise 08, computed from the raw tables with numpy, scipy and
statsmodels' GLM.

The checks compare the learner's answer with these; they deliberately do not call
smbkit.analysis, nor statsmodels' formula interface (the learner's route): the lags are
correlated with numpy, the features are built per account with plain arrays, the logistic
regression is a binomial GLM on a hand-made design matrix, and the AUC is scipy's
Mann-Whitney U.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from smbkit import datasets

TRAIN_END, TEST_START = pd.Timestamp("2024-12-01"), pd.Timestamp("2025-01-01")


@functools.cache
def _saas():
    return datasets.load("brightlane")


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.to_timestamp()


@functools.cache
def monthly() -> pd.DataFrame:
    """Churned accounts and tickets per calendar month, 2023-2025."""
    b = _saas()
    months = pd.date_range("2023-01-01", "2025-12-01", freq="MS")
    churned = _month(b.accounts["churn_date"].dropna()).value_counts()
    tickets = _month(b.tickets["date"]).value_counts()
    return pd.DataFrame(
        {
            "churned": churned.reindex(months, fill_value=0).astype(float),
            "tickets": tickets.reindex(months, fill_value=0).astype(float),
        },
        index=months,
    )


def lagged_r(lag: int, *, changes: bool = True, reverse: bool = False) -> float:
    """corr(tickets in month t - lag, churned in month t); reverse swaps who moves first."""
    m = monthly()
    x, y = m["tickets"].to_numpy(), m["churned"].to_numpy()
    if changes:
        x, y = np.diff(x), np.diff(y)
    if reverse:
        x, y = y, x
    if lag:
        x, y = x[:-lag], y[lag:]
    return float(np.corrcoef(x, y)[0, 1])


def best_lag(max_lag: int = 3) -> int:
    return 1 + int(np.argmax([abs(lagged_r(k)) for k in range(1, max_lag + 1)]))


@functools.cache
def _usage() -> pd.DataFrame:
    b = _saas()
    u = b.usage.merge(b.accounts[["account_id", "segment", "churn_date"]], on="account_id")
    churn_month = _month(u["churn_date"])
    u["to_churn"] = (churn_month.dt.year - u["month"].dt.year) * 12 + (
        churn_month.dt.month - u["month"].dt.month
    )
    return u


def engagement_gap(months_before: int | None = 1) -> float:
    """Mean engagement of never-churned account-months minus that of churners
    ``months_before`` their churn month (None: every month of the churners)."""
    u = _usage()
    retained = u.loc[u["churn_date"].isna(), "engagement_score"].mean()
    churners = u[u["churn_date"].notna()]
    if months_before is not None:
        churners = churners[churners["to_churn"] == months_before]
    return float(retained - churners["engagement_score"].mean())


@functools.cache
def _features() -> pd.DataFrame:
    """Account-months with 3 months of history, last month dropped; target column by lead."""
    b = _saas()
    u = _usage().sort_values(["account_id", "month"]).reset_index(drop=True)
    t = b.tickets.assign(month=_month(b.tickets["date"]))
    counts = t.groupby(["account_id", "month"]).size()
    key = pd.MultiIndex.from_frame(u[["account_id", "month"]])
    tickets = counts.reindex(key, fill_value=0).to_numpy().astype(float)
    acc = u["account_id"].to_numpy()
    eng = u["engagement_score"].to_numpy().astype(float)
    n = len(u)
    t3 = np.full(n, np.nan)
    change = np.full(n, np.nan)
    for i in range(3, n):
        if acc[i - 3] == acc[i]:
            t3[i] = tickets[i - 2 : i + 1].sum()
            change[i] = eng[i] - eng[i - 3]
    out = pd.DataFrame(
        {
            "month": u["month"],
            "segment": u["segment"].astype(str),
            "x_tickets": np.log2(1 + t3),
            "x_eng": eng / 10,
            "x_change": change / 10,
            "to_churn": u["to_churn"],
        }
    )
    out = out[(out["month"] < pd.Timestamp("2025-12-01")) & np.isfinite(t3)]
    return out.reset_index(drop=True)


def _design(frame: pd.DataFrame) -> np.ndarray:
    return np.column_stack(
        [
            np.ones(len(frame)),
            (frame["segment"] == "mid_market").to_numpy(float),
            (frame["segment"] == "smb").to_numpy(float),
            frame["x_tickets"].to_numpy(),
            frame["x_eng"].to_numpy(),
            frame["x_change"].to_numpy(),
        ]
    )


@functools.cache
def _fit(target_lead: int = 1, split: bool = True):
    """Binomial GLM of churn ``target_lead`` months later (1: next month, 0: this month)."""
    import statsmodels.api as sm

    f = _features()
    y = (f["to_churn"] == target_lead).to_numpy(float)
    train = (f["month"] <= TRAIN_END).to_numpy() if split else np.ones(len(f), bool)
    model = sm.GLM(y[train], _design(f[train]), family=sm.families.Binomial()).fit()
    return model


def engagement_odds_ratio(*, target_lead: int = 1, split: bool = True) -> float:
    """Odds ratio of 10 more engagement points (column 4 of the design)."""
    return float(np.exp(_fit(target_lead, split).params[4]))


def engagement_coefficient() -> float:
    return float(_fit().params[4])


def _scores(period: str) -> tuple[np.ndarray, np.ndarray]:
    f = _features()
    part = f[f["month"] >= TEST_START] if period == "test" else f[f["month"] <= TRAIN_END]
    y = (part["to_churn"] == 1).to_numpy(int)
    return y, _fit().predict(_design(part))


def auc(period: str = "test") -> float:
    """Mann-Whitney U / (n_pos n_neg) of the predicted risk."""
    from scipy.stats import mannwhitneyu

    y, s = _scores(period)
    u = mannwhitneyu(s[y == 1], s[y == 0], alternative="two-sided").statistic
    return float(u / ((y == 1).sum() * (y == 0).sum()))


def capture(period: str = "test", *, precision: bool = False) -> float:
    """Share of churners among the top decile of risk (recall), or of the top decile that
    churns (precision)."""
    y, s = _scores(period)
    top = s >= np.percentile(s, 90)
    return float(y[top].sum() / (top.sum() if precision else y.sum()))
