"""Metrics and people: gaming, honest theme counts, fairness audits and small-group privacy.

- :func:`gaming_simulation` - staff paid on a metric learn to move the metric, not the outcome.
- :func:`tag_themes` / :func:`theme_counts` - keyword themes in free-text comments, counted
  with their uncertainty.
- :func:`group_error_rates` - a model's error, false-positive and false-negative rates by group,
  each with a Wilson interval.
- :func:`suppress_small_groups` - hide the figures of groups too small to share safely.

Intervals use :func:`statsmodels.stats.proportion.proportion_confint` (Wilson's method),
imported inside the functions so that ``import smbkit`` stays cheap.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns

__all__ = [
    "gaming_simulation",
    "group_error_rates",
    "suppress_small_groups",
    "tag_themes",
    "theme_counts",
    "wilson_interval",
]

MEASURES = ("error rate", "false positive rate", "false negative rate")


# ---------------------------------------------------------------------------- checks
def _int_at_least(func: str, arg: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise SmbkitError(
            f"{func}: `{arg}` must be a whole number of at least {minimum}, but {value!r} "
            f"was passed. Pass e.g. {arg}={max(minimum, 1)}."
        )
    return int(value)


def _share(func: str, arg: str, value: object, *, low: float = 0.0, high: float = 1.0) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not (low <= float(value) <= high) or math.isnan(float(value)):
        raise SmbkitError(
            f"{func}: `{arg}` must be a number from {low} to {high}, but {value!r} was passed."
        )
    return float(value)


def _level(func: str, level: object) -> float:
    ok = isinstance(level, numbers.Real) and not isinstance(level, bool)
    if not ok or not (0.5 <= float(level) < 1):
        raise SmbkitError(
            f"{func}: `level` must be a confidence level from 0.5 to below 1 (e.g. 0.95), "
            f"but {level!r} was passed."
        )
    return float(level)


def wilson_interval(events, trials, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for proportions ``events / trials`` (vectorised).

    Parameters
    ----------
    events, trials : int or array of int
        Counts; where ``trials`` is 0 both bounds are NaN (no data, no interval).
    level : float, default 0.95

    Returns
    -------
    tuple of two float arrays
        Lower and upper bounds.

    Notes
    -----
    .. math:: \\frac{\\hat p + \\frac{z^2}{2n} \\pm z\\sqrt{\\frac{\\hat p(1-\\hat p)}{n}
       + \\frac{z^2}{4n^2}}}{1 + z^2/n}

    Wilson (1927); unlike the textbook :math:`\\hat p \\pm z\\sqrt{\\hat p(1-\\hat p)/n}` it stays
    inside [0, 1] and does not collapse to a point at 0 or n events (Newcombe, 1998).

    Examples
    --------
    >>> lo, hi = wilson_interval(81, 263)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2553, 0.3662)
    >>> lo, hi = wilson_interval([0, 3], [0, 10])
    >>> bool(np.isnan(lo[0])), round(float(hi[1]), 3)
    (True, 0.603)
    """
    from statsmodels.stats.proportion import proportion_confint

    level = _level("wilson_interval", level)
    x = np.asarray(events, dtype=float)
    n = np.asarray(trials, dtype=float)
    if np.any(x < 0) or np.any(x > n):
        raise DataError(
            "wilson_interval: `events` must be between 0 and `trials` for every proportion; "
            f"got events={events!r}, trials={trials!r}."
        )
    safe = np.where(n > 0, n, 1.0)
    lo, hi = proportion_confint(x, safe, alpha=1 - level, method="wilson")
    # at 0 or n events the exact bounds are 0 and 1; floating point can miss them by 1e-17
    lo = np.where(n > 0, np.where(x == 0, 0.0, np.clip(lo, 0.0, 1.0)), np.nan)
    hi = np.where(n > 0, np.where(x == n, 1.0, np.clip(hi, 0.0, 1.0)), np.nan)
    if lo.ndim == 0:
        return lo[()], hi[()]
    return lo, hi


# ---------------------------------------------------------------------------- gaming
def gaming_simulation(
    *,
    n_staff: int = 8,
    n_weeks: int = 52,
    bonus_week: int = 26,
    gaming_share: float = 0.5,
    split_rate: float = 0.6,
    time_cost: float = 0.05,
    customers_per_hour: float = 12.0,
    hours_per_week: float = 30.0,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulate staff who are paid on orders per hour and learn to split orders.

    Before ``bonus_week`` every customer is rung up as one order, so orders per hour
    measures how many customers a person serves. From ``bonus_week`` a bonus is paid on
    orders per hour; the staff who game it (each with probability ``gaming_share``) ring
    up extra tickets for the same customer and lose a little time doing so.

    Parameters
    ----------
    n_staff, n_weeks : int
        Staff and weeks simulated (at least 1 and 2).
    bonus_week : int
        First week (0-based) under the bonus; from 1 to ``n_weeks - 1``.
    gaming_share : float, default 0.5
        Probability that a member of staff games the metric once the bonus starts.
    split_rate : float, default 0.6
        Extra tickets per customer rung up by someone who games (each customer gets an
        extra ticket with this probability).
    time_cost : float, default 0.05
        Share of a gamer's serving speed lost to the extra ringing up.
    customers_per_hour : float, default 12
        Average honest serving speed; each person's own speed varies around it (sd 15 %).
    hours_per_week : float, default 30
    seed : int, default 0

    Returns
    -------
    DataFrame
        One row per staff member and week: ``staff``, ``week``, ``period`` ("before bonus"
        / "after bonus"), ``games`` (bool), ``hours``, ``customers``, ``orders``,
        ``orders_per_hour`` (the paid metric) and ``customers_per_hour`` (the true outcome).

    Notes
    -----
    For staff :math:`s` with speed :math:`\\lambda_s`, gaming flag :math:`g_s` and
    :math:`a_w = 1[w \\ge w_0]`:

    .. math::
       C_{sw} \\sim \\text{Poisson}(h\\,\\lambda_s (1 - c\\, g_s a_w)), \\qquad
       O_{sw} = C_{sw} + g_s a_w \\,\\text{Binomial}(C_{sw}, r)

    so the paid metric :math:`O/h` rises by about :math:`(1+r)(1-c)` for gamers while the
    outcome :math:`C/h` falls by :math:`c`: Goodhart's law ("when a measure becomes a target
    it ceases to be a good measure", Strathern 1997 paraphrasing Goodhart 1975).

    Examples
    --------
    >>> sim = gaming_simulation(seed=1)
    >>> sim.shape
    (416, 9)
    >>> g = sim.groupby("period")[["orders_per_hour", "customers_per_hour"]].mean()
    >>> bool(g.loc["after bonus", "orders_per_hour"] > g.loc["before bonus", "orders_per_hour"])
    True
    >>> bool(g.loc["after bonus", "customers_per_hour"] <= g.loc["before bonus",
    ...                                                          "customers_per_hour"] + 0.5)
    True
    """
    func = "gaming_simulation"
    n_staff = _int_at_least(func, "n_staff", n_staff, 1)
    n_weeks = _int_at_least(func, "n_weeks", n_weeks, 2)
    bonus_week = _int_at_least(func, "bonus_week", bonus_week, 1)
    if bonus_week > n_weeks - 1:
        raise SmbkitError(
            f"{func}: `bonus_week` must be from 1 to n_weeks - 1 = {n_weeks - 1} so that there "
            f"are weeks before and after the bonus, but {bonus_week} was passed."
        )
    gaming_share = _share(func, "gaming_share", gaming_share)
    split_rate = _share(func, "split_rate", split_rate)
    time_cost = _share(func, "time_cost", time_cost, high=0.9)
    speed = _share(func, "customers_per_hour", customers_per_hour, low=0.01, high=1e6)
    hours = _share(func, "hours_per_week", hours_per_week, low=0.01, high=168.0)

    rng = np.random.default_rng(seed)
    own_speed = speed * rng.lognormal(-0.5 * 0.15**2, 0.15, size=n_staff)
    games = rng.random(n_staff) < gaming_share
    after = np.arange(n_weeks) >= bonus_week
    active = games[:, None] & after[None, :]  # staff x week
    rate = hours * own_speed[:, None] * (1.0 - time_cost * active)
    customers = rng.poisson(rate)
    extra = rng.binomial(customers, split_rate) * active
    orders = customers + extra
    staff, week = np.meshgrid(np.arange(n_staff), np.arange(n_weeks), indexing="ij")
    out = pd.DataFrame(
        {
            "staff": [f"S{i + 1:02d}" for i in staff.ravel()],
            "week": week.ravel(),
            "period": np.where(after[week.ravel()], "after bonus", "before bonus"),
            "games": games[staff.ravel()],
            "hours": hours,
            "customers": customers.ravel(),
            "orders": orders.ravel(),
        }
    )
    out["orders_per_hour"] = out["orders"] / out["hours"]
    out["customers_per_hour"] = out["customers"] / out["hours"]
    return out


# ---------------------------------------------------------------------------- themes
def _check_themes(func: str, themes: object) -> dict[str, list[str]]:
    if not isinstance(themes, Mapping) or not themes:
        raise SmbkitError(
            f"{func}: `themes` must be a non-empty dict of theme -> list of keywords, e.g. "
            f"{{'price': ['price', 'expensive']}}, but {themes!r} was passed."
        )
    out = {}
    for theme, words in themes.items():
        if isinstance(words, str) or not isinstance(words, Sequence) or not words:
            raise SmbkitError(
                f"{func}: theme {theme!r} needs a non-empty list of keywords, but {words!r} "
                "was passed. Wrap a single keyword in a list: ['price']."
            )
        bad = [w for w in words if not isinstance(w, str) or not w.strip()]
        if bad:
            raise SmbkitError(
                f"{func}: theme {theme!r} has keywords that are not non-empty text: {bad!r}."
            )
        out[str(theme)] = [w.strip().lower() for w in words]
    return out


def _texts(func: str, comments: object) -> pd.Series:
    if isinstance(comments, pd.DataFrame):
        raise DataError(
            f"{func}: `comments` must be one column of text (a Series or list), not a "
            "DataFrame. Pass e.g. surveys['comment']."
        )
    s = comments if isinstance(comments, pd.Series) else pd.Series(list(comments), dtype=object)
    s = s.astype("string")
    s = s[s.notna() & (s.str.strip() != "")]
    if s.empty:
        raise DataError(
            f"{func}: `comments` has no non-empty comment to read, so there is nothing to "
            "count (a share of zero comments is undefined). Check the column you passed."
        )
    return s


def tag_themes(comments, themes: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """Mark which themes each comment mentions, by simple keyword rules.

    Parameters
    ----------
    comments : Series or list of str
        Free text; missing and blank comments are dropped.
    themes : dict of str -> list of str
        Theme name -> keywords. A keyword matches at the start of a word, ignoring case:
        ``"price"`` matches "Prices" but ``"line"`` does not match "online".

    Returns
    -------
    DataFrame
        One row per non-empty comment (original index kept): ``comment`` and one bool
        column per theme.

    Raises
    ------
    SmbkitError
        Empty ``themes`` or a theme without keywords.
    DataError
        No non-empty comment.

    Examples
    --------
    >>> tags = tag_themes(["Long line", "Online order late", None], {"queue": ["line"]})
    >>> tags["queue"].tolist()
    [True, False]
    """
    func = "tag_themes"
    rules = _check_themes(func, themes)
    texts = _texts(func, comments)
    out = pd.DataFrame({"comment": texts})
    for theme, words in rules.items():
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + ")"
        out[theme] = texts.str.contains(pattern, case=False, regex=True).astype(bool)
    return out


def theme_counts(comments, themes: Mapping[str, Sequence[str]], *, level: float = 0.95):
    """Count how many comments mention each theme, with a share and its Wilson interval.

    Parameters
    ----------
    comments : Series or list of str
    themes : dict of str -> list of str
        See :func:`tag_themes`.
    level : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        One row per theme plus ``"(no theme)"`` (comments matching no rule), sorted by count:
        ``theme``, ``comments`` (count), ``total`` (non-empty comments), ``share``,
        ``lower``, ``upper``. A comment can mention several themes, so shares need not sum
        to 1.

    Notes
    -----
    .. math:: \\text{share}_t = \\frac{\\#\\{\\text{comments matching } t\\}}
       {\\#\\{\\text{non-empty comments}\\}}

    The interval treats the comments as a random sample of what customers think; people
    who write comments are rarely that, so read it as the least uncertainty there is.

    Examples
    --------
    >>> c = ["Great bread", "Long queue", "Long queue, great bread", "ok"]
    >>> t = theme_counts(c, {"product": ["bread"], "wait": ["queue"]}).set_index("theme")
    >>> t["comments"].to_dict()
    {'product': 2, 'wait': 2, '(no theme)': 1}
    >>> float(t.loc["product", "share"])
    0.5
    """
    func = "theme_counts"
    level = _level(func, level)
    tags = tag_themes(comments, themes)
    flags = tags.drop(columns="comment")
    counts = flags.sum()
    counts["(no theme)"] = int((~flags.any(axis=1)).sum())
    total = len(tags)
    lo, hi = wilson_interval(counts.to_numpy(), np.full(len(counts), total), level=level)
    out = pd.DataFrame(
        {
            "theme": counts.index.astype(str),
            "comments": counts.to_numpy().astype(int),
            "total": total,
            "share": counts.to_numpy() / total,
            "lower": lo,
            "upper": hi,
        }
    )
    order = np.argsort(-out["comments"].to_numpy(), kind="stable")
    return out.iloc[order].reset_index(drop=True)


# ---------------------------------------------------------------------------- fairness
def _binary(func: str, arg: str, values: object) -> np.ndarray:
    arr = pd.Series(values).to_numpy(dtype=object)
    if pd.isna(arr).any():
        raise DataError(
            f"{func}: `{arg}` has {int(pd.isna(arr).sum())} missing values; drop those rows "
            "first (an unknown outcome cannot be scored)."
        )
    try:
        num = arr.astype(float)
    except (TypeError, ValueError):
        num = np.array([np.nan])
    if not np.isin(num, [0.0, 1.0]).all():
        bad = [v for v in arr if v not in (0, 1, True, False)][:3]
        raise DataError(
            f"{func}: `{arg}` must hold 0/1 or True/False (1 = churned / flagged), but it "
            f"holds e.g. {bad!r}. Turn scores into flags first, e.g. (score >= 0.5)."
        )
    return num.astype(bool)


def group_error_rates(y_true, y_pred, groups, *, level: float = 0.95) -> pd.DataFrame:
    """Error, false-positive and false-negative rates of a yes/no prediction by group.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1 or bool
        What happened (1 = e.g. churned) and what the model said (1 = flagged).
    groups : array-like
        The group of each row (segment, region, ...); same length.
    level : float, default 0.95
        Confidence level of the Wilson intervals.

    Returns
    -------
    DataFrame
        Long format, three rows per group and for ``"all"`` (last): ``group``, ``measure``
        ("error rate", "false positive rate", "false negative rate"), ``events``,
        ``denominator``, ``rate``, ``lower``, ``upper`` and ``note`` (why a rate is NaN,
        else empty).

    Raises
    ------
    DataError
        Unequal lengths, missing values, or labels other than 0/1.

    Notes
    -----
    .. math::
       \\text{FPR}_g = \\frac{FP_g}{FP_g + TN_g}, \\qquad
       \\text{FNR}_g = \\frac{FN_g}{FN_g + TP_g}, \\qquad
       \\text{error}_g = \\frac{FP_g + FN_g}{n_g}

    Unequal FPR or FNR across groups is the "equalised odds" gap (Hardt, Price and Srebro,
    2016). With small groups the intervals are wide: a gap whose intervals overlap is not
    evidence of unfairness, and non-overlap is not proof either (rates also differ because
    the groups differ).

    Examples
    --------
    >>> r = group_error_rates([1, 0, 0, 1, 0, 0], [1, 1, 0, 0, 0, 0], ["a"] * 3 + ["b"] * 3)
    >>> r.set_index(["group", "measure"]).loc[("a", "false positive rate"), "rate"]
    np.float64(0.5)
    >>> int(r.query("group == 'all' and measure == 'error rate'")["events"].iloc[0])
    2
    """
    func = "group_error_rates"
    level = _level(func, level)
    sizes = {"y_true": len(y_true), "y_pred": len(y_pred), "groups": len(groups)}
    if len(set(sizes.values())) != 1:
        raise DataError(
            f"{func}: `y_true`, `y_pred` and `groups` must have the same length, but have "
            f"{sizes}. Pass one value per row of the same table."
        )
    truth = _binary(func, "y_true", y_true)
    pred = _binary(func, "y_pred", y_pred)
    grp = pd.Series(groups).to_numpy(dtype=object)
    if pd.isna(grp).any():
        raise DataError(
            f"{func}: `groups` has {int(pd.isna(grp).sum())} missing values; label them "
            "(e.g. 'unknown') so that they are audited too."
        )
    frame = pd.DataFrame(
        {
            "group": grp.astype(str),
            "fp": pred & ~truth,
            "fn": ~pred & truth,
            "neg": ~truth,
            "pos": truth,
        }
    )
    per = frame.groupby("group", sort=True)[["fp", "fn", "neg", "pos"]].sum()
    per.loc["all"] = frame[["fp", "fn", "neg", "pos"]].sum()
    rows = []
    for group, r in per.iterrows():
        n = int(r["neg"] + r["pos"])
        for measure, events, denom, empty in (
            ("error rate", r["fp"] + r["fn"], n, "no rows"),
            ("false positive rate", r["fp"], r["neg"], "no actual negatives in this group"),
            ("false negative rate", r["fn"], r["pos"], "no actual positives in this group"),
        ):
            rows.append((group, measure, int(events), int(denom), "" if denom else empty))
    out = pd.DataFrame(rows, columns=["group", "measure", "events", "denominator", "note"])
    den = out["denominator"].to_numpy()
    out["rate"] = np.where(den > 0, out["events"] / np.where(den > 0, den, 1), np.nan)
    out["lower"], out["upper"] = wilson_interval(out["events"].to_numpy(), den, level=level)
    return out[["group", "measure", "events", "denominator", "rate", "lower", "upper", "note"]]


# ---------------------------------------------------------------------------- privacy
def suppress_small_groups(
    table: pd.DataFrame, min_size: int, *, count: str = "n", columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Blank the figures of groups with fewer than ``min_size`` people before sharing.

    Parameters
    ----------
    table : DataFrame
        One row per group, with a column of how many people each row describes.
    min_size : int
        Smallest group whose figures may be shown (a k-anonymity-style threshold; 5 to 10
        is common for staff or customer tables).
    count : str, default "n"
        Column holding the group sizes.
    columns : list of str, optional
        Columns to blank; default every numeric column, ``count`` included.

    Returns
    -------
    DataFrame
        A copy with those columns set to missing in small groups and a bool column
        ``suppressed``.

    Raises
    ------
    SmbkitError
        ``min_size`` not a whole number of at least 2.
    DataError
        ``count`` or a named column is missing.

    Notes
    -----
    Suppressing one small cell is not enough when a total is also shown: the hidden value
    is the total minus the others. Then hide a second cell too, or drop the total.

    Examples
    --------
    >>> t = pd.DataFrame({"team": ["bakery", "till", "van"], "n": [9, 6, 2],
    ...                   "avg_score": [4.1, 3.8, 2.5]})
    >>> suppress_small_groups(t, 5)["avg_score"].tolist()
    [4.1, 3.8, nan]
    """
    func = "suppress_small_groups"
    if not isinstance(table, pd.DataFrame):
        raise DataError(f"{func}: `table` must be a DataFrame, not {type(table).__name__}.")
    min_size = _int_at_least(func, "min_size", min_size, 2)
    require_columns(func, list(table.columns), table="table", count=count)
    if columns is None:
        columns = [c for c in table.columns if pd.api.types.is_numeric_dtype(table[c])]
        columns = [c for c in columns if not pd.api.types.is_bool_dtype(table[c])]
    else:
        columns = list(columns)
        missing = [c for c in columns if c not in table.columns]
        if missing:
            raise DataError(
                f"{func}: column {missing[0]!r} (columns=) is not in table; columns are "
                f"{[str(c) for c in table.columns]!r}. Name columns that exist."
            )
    sizes = pd.to_numeric(table[count], errors="coerce")
    small = (sizes < min_size) | sizes.isna()
    out = table.copy()
    for c in columns:
        if pd.api.types.is_integer_dtype(out[c]) and small.any():
            out[c] = out[c].astype("Float64" if str(out[c].dtype)[0] == "I" else float)
        out[c] = out[c].mask(small)
    out["suppressed"] = small.to_numpy()
    return out
