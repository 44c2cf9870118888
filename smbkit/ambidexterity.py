"""Dynamic capabilities as numbers: how fast new things take hold, and how much to explore.

- :func:`monthly_shares` - each group's share of monthly revenue (products, lines, channels).
- :func:`months_to_share` - innovation velocity / market agility: months from launch to a share.
- :func:`vitality` - share of revenue from items launched in the last 12 months.
- :func:`explore_exploit_simulation` - a seeded bandit: long-run profit against the share of
  the budget spent on experiments.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns

__all__ = ["explore_exploit_simulation", "monthly_shares", "months_to_share", "vitality"]


def _frame(func: str, data: object, **roles: str) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"{func}: `data` must be a DataFrame, not {type(data).__name__}.")
    require_columns(func, list(data.columns), **roles)
    if data.empty:
        raise DataError(f"{func}: `data` has no rows, so there is no revenue to share out.")
    return data


def _months(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.to_period("M").dt.to_timestamp()


def _int_at_least(func: str, arg: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise SmbkitError(
            f"{func}: `{arg}` must be a whole number of at least {minimum}, but {value!r} "
            "was passed."
        )
    return int(value)


def monthly_shares(
    data: pd.DataFrame, *, group: str, date: str = "date", revenue: str = "revenue"
) -> pd.DataFrame:
    """Each group's share of total revenue, month by month.

    Parameters
    ----------
    data : DataFrame
        One row per sale (order line or order).
    group : str
        Column to share out by (product, category, channel).
    date, revenue : str
        Columns with the sale's date and revenue.

    Returns
    -------
    DataFrame
        Index: every month from the first to the last (start-of-month, ``freq="MS"``);
        columns: the groups; values: share of that month's revenue (0 where a group sold
        nothing; NaN in a month with no revenue at all).

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-05", "2025-01-20", "2025-02-02"]),
    ...                   "channel": ["shop", "web", "shop"], "revenue": [30.0, 10.0, 50.0]})
    >>> monthly_shares(d, group="channel")["web"].tolist()
    [0.25, 0.0]
    """
    func = "monthly_shares"
    data = _frame(func, data, group=group, date=date, revenue=revenue)
    month = _months(data[date])
    frame = pd.DataFrame({"month": month, "group": data[group].astype(str), "r": data[revenue]})
    table = frame.pivot_table(
        index="month", columns="group", values="r", aggfunc="sum", fill_value=0.0, observed=True
    )
    full = pd.date_range(table.index.min(), table.index.max(), freq="MS", name="month")
    table = table.reindex(full, fill_value=0.0).astype(float)
    total = table.sum(axis=1)
    shares = table.div(total.where(total != 0), axis=0)  # a month without revenue: NaN
    shares.columns.name = group
    return shares


def months_to_share(shares: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Months from each group's first sale until its revenue share first reaches a threshold.

    Parameters
    ----------
    shares : DataFrame
        The result of :func:`monthly_shares` (months x groups).
    threshold : float
        Share to reach, between 0 and 1 (e.g. 0.05 for 5 % of revenue).

    Returns
    -------
    DataFrame
        One row per group: ``group``, ``launch`` (first month with a sale), ``reached`` (first
        month at or above the threshold), ``months`` (reached minus launch, 0 = in the launch
        month), ``peak_share`` and ``note``. ``months`` is NaN with a note when the group was
        on sale from the first month (its launch is before the data) or never reached the
        threshold.

    Notes
    -----
    Used as **innovation velocity** (a new product line, threshold 5 %) and **market agility**
    (a new channel, threshold e.g. half its current share):

    .. math:: v_g = \\min\\{m : s_{g,m} \\ge \\theta\\} - \\min\\{m : s_{g,m} > 0\\}

    Examples
    --------
    >>> s = pd.DataFrame({"old": [1.0, 0.97, 0.9, 0.85], "new": [0.0, 0.03, 0.1, 0.15]},
    ...                  index=pd.date_range("2025-01-01", periods=4, freq="MS"))
    >>> months_to_share(s, 0.05).set_index("group")["months"].tolist()
    [nan, 1.0]
    """
    func = "months_to_share"
    if not isinstance(shares, pd.DataFrame) or not isinstance(shares.index, pd.DatetimeIndex):
        raise DataError(
            f"{func}: `shares` must be the month x group table from monthly_shares(), "
            f"not {type(shares).__name__}."
        )
    ok = isinstance(threshold, numbers.Real) and not isinstance(threshold, bool)
    if not ok or not 0 < float(threshold) <= 1:
        raise SmbkitError(
            f"{func}: `threshold` must be a share above 0 and at most 1 (e.g. 0.05 for 5 %), "
            f"but {threshold!r} was passed."
        )
    first = shares.index[0]
    rows = []
    for g in shares.columns:
        s = shares[g].fillna(0.0)
        sold = s[s > 0]
        launch = sold.index[0] if len(sold) else pd.NaT
        hit = s[s >= threshold]
        reached = hit.index[0] if len(hit) else pd.NaT
        months, note = np.nan, ""
        if pd.isna(launch):
            note = "never sold"
        elif launch == first:
            note = "on sale from the first month: its launch is before the data"
        elif pd.isna(reached):
            note = f"has not reached {threshold:.0%} of revenue"
        else:
            months = float((reached.year - launch.year) * 12 + reached.month - launch.month)
        rows.append((str(g), launch, reached, months, float(s.max()), note))
    return pd.DataFrame(
        rows, columns=["group", "launch", "reached", "months", "peak_share", "note"]
    )


def vitality(
    data: pd.DataFrame,
    *,
    item: str,
    date: str = "date",
    revenue: str = "revenue",
    window_months: int = 12,
) -> pd.DataFrame:
    """Share of each month's revenue that comes from items launched in the last months.

    Parameters
    ----------
    data : DataFrame
        One row per sale.
    item : str
        Column naming what is sold (product).
    date, revenue : str
    window_months : int, default 12
        An item counts as new for this many months from its first sale (its launch month
        included).

    Returns
    -------
    DataFrame
        One row per month: ``month``, ``revenue``, ``new_revenue``, ``vitality`` (their ratio;
        NaN in a month with no revenue), ``new_items`` (how many items count as new).

    Notes
    -----
    .. math:: \\text{vitality}_m = \\frac{\\sum_{i:\\ m - w < L_i \\le m} R_{i,m}}{\\sum_i R_{i,m}}

    with :math:`L_i` the launch month of item :math:`i`. Items sold in the data's first month
    are treated as launched before the data (never new), so vitality is 0 until the first
    launch seen in the data.

    Examples
    --------
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2025-01-03", "2025-02-03", "2025-02-09"]),
    ...                   "product": ["bread", "bread", "cake"], "revenue": [10.0, 6.0, 4.0]})
    >>> vitality(d, item="product")["vitality"].tolist()
    [0.0, 0.4]
    """
    func = "vitality"
    data = _frame(func, data, item=item, date=date, revenue=revenue)
    window = _int_at_least(func, "window_months", window_months, 1)
    month = _months(data[date])
    frame = pd.DataFrame({"month": month, "item": data[item].astype(str), "r": data[revenue]})
    launch = frame.groupby("item")["month"].min()
    start = month.min()
    age = frame["item"].map(launch)
    months_since = (frame["month"].dt.year - age.dt.year) * 12 + (
        frame["month"].dt.month - age.dt.month
    )
    frame["new"] = (age > start) & (months_since < window)
    full = pd.date_range(start, month.max(), freq="MS", name="month")
    total = frame.groupby("month")["r"].sum().reindex(full, fill_value=0.0)
    new = frame[frame["new"]].groupby("month")["r"].sum().reindex(full, fill_value=0.0)
    count = frame[frame["new"]].groupby("month")["item"].nunique().reindex(full, fill_value=0)
    out = pd.DataFrame(
        {
            "month": full,
            "revenue": total.to_numpy(dtype=float),
            "new_revenue": new.to_numpy(dtype=float),
            "new_items": count.to_numpy(dtype=int),
        }
    )
    out["vitality"] = out["new_revenue"] / out["revenue"].where(out["revenue"] != 0)
    return out[["month", "revenue", "new_revenue", "vitality", "new_items"]]


def explore_exploit_simulation(
    explore_shares: Sequence[float],
    *,
    n_ideas: int = 20,
    periods: int = 48,
    budget: int = 10,
    core_return: float = 1.25,
    core_decay: float = 0.01,
    payoff: float = 12.0,
    test_yield: float = 0.5,
    prior: tuple[float, float] = (1.0, 15.0),
    min_trials: int = 5,
    n_runs: int = 200,
    seed: int = 0,
) -> pd.DataFrame:
    """Long-run profit of a business that spends a fixed share of its budget on experiments.

    Each month the business has ``budget`` units to spend. A unit on the **core line**
    returns ``core_return`` (shrinking by ``core_decay`` a month as the market moves on). The
    ``explore`` units test untried ideas chosen by Thompson sampling; a test succeeds with the
    idea's unknown probability and earns ``test_yield x payoff``. The other units
    **exploit**: they go to the option with the best expected return, the core line or an idea
    tested at least ``min_trials`` times, where a success earns the full ``payoff``.

    Parameters
    ----------
    explore_shares : sequence of float
        Shares of the budget spent on exploring, each from 0 to 1.
    n_ideas, periods, budget : int
    core_return, core_decay : float
        Return per unit on the core line in month 0, and its monthly decline.
    payoff, test_yield : float
        Revenue of a success at scale, and the fraction of it a test earns.
    prior : (float, float)
        Beta(a, b) from which the ideas' success probabilities are drawn; also the prior the
        business learns from.
    min_trials : int
        Tests before an idea may be scaled up.
    n_runs : int
        Simulated businesses per share (the same ideas for every share: common random numbers).
    seed : int

    Returns
    -------
    DataFrame
        One row per share: ``explore_share``, ``mean_profit``, ``lower`` and ``upper`` (5th and
        95th percentile across runs), ``found_better`` (share of runs that end up scaling an
        idea instead of the core line).

    Notes
    -----
    Profit over the horizon :math:`T` is :math:`\\sum_t (\\text{revenue}_t - B)`. Thompson
    sampling (Thompson, 1933) draws :math:`\\tilde p_k \\sim \\text{Beta}(a_k, b_k)` for every
    idea and tests the largest; here each month's tests are drawn in one batch. Exploring
    nothing never finds a better line; exploring everything never cashes in: the trade-off
    is March's (1991) exploration vs exploitation.

    Examples
    --------
    >>> r = explore_exploit_simulation([0.0, 0.3, 1.0], n_runs=50, seed=1)
    >>> r["explore_share"].tolist()
    [0.0, 0.3, 1.0]
    >>> bool(r["mean_profit"].iloc[1] > max(r["mean_profit"].iloc[0], r["mean_profit"].iloc[2]))
    True
    """
    func = "explore_exploit_simulation"
    try:
        shares = [float(s) for s in explore_shares]
    except (TypeError, ValueError):
        shares = [np.nan]
    if not shares or any(not 0 <= s <= 1 for s in shares):
        raise SmbkitError(
            f"{func}: `explore_shares` must be a list of shares from 0 to 1, e.g. "
            f"[0, 0.1, 0.2], but {explore_shares!r} was passed."
        )
    n_ideas = _int_at_least(func, "n_ideas", n_ideas, 1)
    periods = _int_at_least(func, "periods", periods, 1)
    budget = _int_at_least(func, "budget", budget, 1)
    min_trials = _int_at_least(func, "min_trials", min_trials, 1)
    n_runs = _int_at_least(func, "n_runs", n_runs, 1)
    a0, b0 = (float(v) for v in prior)
    if a0 <= 0 or b0 <= 0:
        raise SmbkitError(f"{func}: both numbers of `prior` must be above 0, got {prior!r}.")
    if not 0 <= core_decay < 1 or not 0 <= test_yield <= 1:
        raise SmbkitError(
            f"{func}: `core_decay` must be in [0, 1) and `test_yield` in [0, 1]; got "
            f"core_decay={core_decay!r}, test_yield={test_yield!r}."
        )

    p = np.random.default_rng(seed).beta(a0, b0, size=(n_runs, n_ideas))
    rows = np.arange(n_runs)
    out = []
    for share in shares:
        rng = np.random.default_rng([seed, round(share * 1_000_000)])
        a = np.full((n_runs, n_ideas), a0)
        b = np.full((n_runs, n_ideas), b0)
        n_explore = int(round(share * budget))
        n_exploit = budget - n_explore
        profit = np.zeros(n_runs)
        use = np.zeros(n_runs, dtype=bool)
        for t in range(periods):
            core = core_return * (1 - core_decay) ** t
            tests = np.zeros((n_runs, n_ideas), dtype=np.int64)
            if n_explore:
                draws = rng.beta(a[:, None, :], b[:, None, :], size=(n_runs, n_explore, n_ideas))
                np.add.at(tests, (rows[:, None], draws.argmax(axis=-1)), 1)
            tried = (a - a0) + (b - b0)
            expected = np.where(tried >= min_trials, a / (a + b) * payoff, -np.inf)
            best = expected.argmax(axis=1)
            use = expected[rows, best] > core
            scale = np.zeros((n_runs, n_ideas), dtype=np.int64)
            scale[rows, best] = np.where(use, n_exploit, 0)
            won_tests = rng.binomial(tests, p)
            won_scale = rng.binomial(scale, p)
            a += won_tests + won_scale
            b += (tests - won_tests) + (scale - won_scale)
            revenue = (
                won_tests.sum(axis=1) * payoff * test_yield
                + won_scale.sum(axis=1) * payoff
                + np.where(use, 0.0, n_exploit * core)
            )
            profit += revenue - budget
        lo, hi = np.percentile(profit, [5, 95])
        out.append((share, float(profit.mean()), float(lo), float(hi), float(use.mean())))
    return pd.DataFrame(
        out, columns=["explore_share", "mean_profit", "lower", "upper", "found_better"]
    )
