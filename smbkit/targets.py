"""Goals, targets and the status of a KPI against them.

A :class:`Goal` is a SMART goal written down as data: a KPI (specific, measurable), a
baseline and a target (achievable, relevant) and a deadline (time-bound). The SMARTER
extension adds *evaluate* (:meth:`Goal.evaluate`, compare the actual value with the plan)
and *revise* (:meth:`Goal.revise`, change the target or deadline with a reason, keeping
every earlier version).

The pure functions here are small and fast (the what-if widget calls them on every slider
move): :func:`required_growth`, :func:`plan_path`, :func:`status`, :func:`trend_projection`
and :func:`what_if`; :func:`scorecard` turns a tidy KPI table and a set of goals into a
scorecard.

Time is counted in reporting periods (``freq`` in ``{"W", "M", "Q", "Y"}``): one period
after a date is the same day one week, month, quarter or year later; a date in between is
a fraction of a period in proportion to the days.

Frameworks built on these (defined in :mod:`smbkit._frameworks`, loaded on first use):
:func:`balanced_scorecard`, OKRs (:class:`KeyResult`, :class:`Objective`,
:func:`okr_scores`) and goal cascades (:func:`goal_cascade`, :func:`cascade_check`).

>>> from smbkit import targets
>>> round(targets.required_growth(100.0, 121.0, 2), 4)
0.1
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, closest, require_columns

if TYPE_CHECKING:  # pragma: no cover - loaded lazily by __getattr__ below
    from smbkit._frameworks import (  # noqa: F401
        OKR_BANDS,
        PERSPECTIVES,
        KeyResult,
        Objective,
        balanced_scorecard,
        cascade_check,
        goal_cascade,
        key_result_progress,
        okr_scores,
    )

__all__ = [
    "Goal",
    "GoalEvaluation",
    "GoalRevision",
    "WhatIf",
    "plan_path",
    "required_growth",
    "scorecard",
    "status",
    "trend_projection",
    "what_if",
    # frameworks (balanced scorecard, OKRs, goal cascades), defined in smbkit._frameworks
    "OKR_BANDS",
    "PERSPECTIVES",
    "KeyResult",
    "Objective",
    "balanced_scorecard",
    "cascade_check",
    "goal_cascade",
    "key_result_progress",
    "okr_scores",
]

FREQS = ("W", "M", "Q", "Y")
POLARITIES = ("higher", "lower")
METHODS = ("compound", "linear")
STATUSES = ("on track", "at risk", "off track", "no data")
_MONTHS = {"M": 1, "Q": 3, "Y": 12}


# --------------------------------------------------------------------------- periods


def _timestamp(func: str, arg: str, value: object) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(
            f"{func}: `{arg}` must be a date (e.g. '2025-01-01'), but {value!r} was passed"
        ) from exc
    if ts is pd.NaT or pd.isna(ts):
        raise SmbkitError(f"{func}: `{arg}` must be a date, but it is missing ({value!r})")
    if ts.tzinfo is not None:
        raise SmbkitError(
            f"{func}: `{arg}` must be a timezone-naive local date, but {value!r} has a "
            "timezone; use .tz_localize(None)"
        )
    return ts


def _shift(start: pd.Timestamp, k: int, freq: str) -> pd.Timestamp:
    """Return ``start`` moved by ``k`` whole periods."""
    if freq == "W":
        return start + pd.Timedelta(weeks=k)
    return start + pd.DateOffset(months=k * _MONTHS[freq])


def _shift_fraction(start: pd.Timestamp, x: float, freq: str) -> pd.Timestamp:
    """Return ``start`` moved by ``x`` periods, a fraction of a period in proportion to days."""
    k = math.floor(x)
    a, b = _shift(start, k, freq), _shift(start, k + 1, freq)
    return a + (x - k) * (b - a)


def _elapsed(start: pd.Timestamp, at: pd.Timestamp, freq: str) -> float:
    """Return the number of periods from ``start`` to ``at`` (fractional; inverse of _shift)."""
    if freq == "W":
        return (at - start) / pd.Timedelta(weeks=1)
    months = (at.year - start.year) * 12 + (at.month - start.month)
    k = months // _MONTHS[freq]
    while _shift(start, k, freq) > at:
        k -= 1
    while _shift(start, k + 1, freq) <= at:
        k += 1
    a, b = _shift(start, k, freq), _shift(start, k + 1, freq)
    return k + (at - a) / (b - a)


# --------------------------------------------------------------------------- growth


def _finite(func: str, arg: str, value: object) -> float:
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: `{arg}` must be a number, but {value!r} was passed") from exc
    if not math.isfinite(x):
        raise SmbkitError(f"{func}: `{arg}` must be a finite number, but {value!r} was passed")
    return x


def required_growth(
    baseline: float, target: float, periods: float, *, method: str = "compound"
) -> float:
    """Return the growth per period that takes a KPI from its baseline to its target.

    Parameters
    ----------
    baseline : float
        The KPI's value now, in the KPI's unit (e.g. revenue per month in dollars).
    target : float
        The value to reach, in the same unit.
    periods : float
        Number of periods until the deadline (e.g. 12 months); may be fractional.
    method : {"compound", "linear"}, default "compound"
        ``"compound"``: the constant growth *rate* per period (a fraction: 0.02 is 2 %).
        ``"linear"``: the constant absolute *increase* per period, in the KPI's unit.

    Returns
    -------
    float
        The growth per period; negative when the target is below the baseline.

    Raises
    ------
    SmbkitError
        If ``method`` is unknown, a value is not a finite number, ``periods`` is not
        positive, or (compound) the baseline or target is not positive.

    Notes
    -----
    With baseline :math:`B`, target :math:`T` and :math:`n` periods,

    .. math::

        g_{\\text{compound}} = \\left(\\frac{T}{B}\\right)^{1/n} - 1, \\qquad
        g_{\\text{linear}} = \\frac{T - B}{n}.

    Business meaning: how much better the KPI must get every month, on average, to hit
    the target on time; compare it with the growth the business has actually shown.

    Examples
    --------
    >>> round(required_growth(10_000, 12_000, 12), 5)   # 1.53 % a month
    0.01531
    >>> required_growth(10_000, 12_000, 12, method="linear")   # $166.67 more each month
    166.66666666666666
    """
    func = "required_growth"
    check_option(func, "method", method, METHODS)
    b = _finite(func, "baseline", baseline)
    t = _finite(func, "target", target)
    n = _finite(func, "periods", periods)
    if n <= 0:
        raise SmbkitError(
            f"{func}: `periods` must be positive (the number of periods to the deadline), "
            f"but {periods!r} was passed"
        )
    if method == "linear":
        return (t - b) / n
    if b <= 0 or t <= 0:
        arg, val = ("baseline", baseline) if b <= 0 else ("target", target)
        raise SmbkitError(
            f"{func}: compound growth needs a positive baseline and target, but `{arg}` is "
            f"{val!r}; use method='linear' for values that can be zero or negative"
        )
    return (t / b) ** (1.0 / n) - 1.0


def _path_values(b: float, t: float, frac: np.ndarray, method: str) -> np.ndarray:
    """Planned values at fractions ``frac`` (0 = baseline, 1 = target) of the way."""
    frac = np.clip(frac, 0.0, 1.0)
    if method == "linear":
        return b + (t - b) * frac
    return b * (t / b) ** frac


# --------------------------------------------------------------------------- status


def _status_array(actual, target, polarity, bands, band_type) -> np.ndarray:
    a = np.asarray(actual, dtype=float)
    t = np.asarray(target, dtype=float)
    pol = np.asarray(polarity, dtype=object)
    # shortfall: how far the actual is on the bad side of the target (negative = better)
    sign = np.where(pol == "lower", -1.0, 1.0)
    shortfall = sign * (t - a)
    if band_type == "relative":
        w1, w2 = bands[0] * np.abs(t), bands[1] * np.abs(t)
    else:
        w1, w2 = np.full_like(t, bands[0]), np.full_like(t, bands[1])
    out = np.where(shortfall <= w1, "on track", np.where(shortfall <= w2, "at risk", "off track"))
    out = np.where(np.isnan(a) | np.isnan(t), "no data", out).astype(object)
    return out


def _check_bands(func: str, bands: object, band_type: str) -> tuple[float, float]:
    check_option(func, "band_type", band_type, ["relative", "absolute"])
    try:
        b1, b2 = (float(b) for b in bands)  # type: ignore[union-attr]
    except (TypeError, ValueError) as exc:
        raise SmbkitError(
            f"{func}: `bands` must be two numbers (at-risk edge, off-track edge), e.g. "
            f"(0.05, 0.10), but {bands!r} was passed"
        ) from exc
    if not (math.isfinite(b1) and math.isfinite(b2) and 0 <= b1 <= b2):
        raise SmbkitError(
            f"{func}: `bands` must satisfy 0 <= first <= second, but {bands!r} was passed"
        )
    return b1, b2


def status(actual, target, *, polarity, bands=(0.05, 0.10), band_type: str = "relative"):
    """Return "on track", "at risk" or "off track" for actual values against targets.

    Parameters
    ----------
    actual : float, array-like or Series
        The KPI's actual value(s), in the KPI's unit.
    target : float, array-like or Series
        The value(s) to compare with (a final target or the plan's value for the date);
        broadcast against ``actual``.
    polarity : {"higher", "lower"} or array-like of them
        ``"higher"`` when more is better (revenue), ``"lower"`` when less is better
        (customer acquisition cost: being above target is bad).
    bands : (float, float), default (0.05, 0.10)
        The tolerated shortfall before "at risk" and before "off track".
    band_type : {"relative", "absolute"}, default "relative"
        ``"relative"``: bands are shares of the target's absolute value (0.05 = 5 % of
        target). ``"absolute"``: bands are in the KPI's unit (e.g. 2.0 dollars).

    Returns
    -------
    str, ndarray of str or Series of str
        A str for scalar inputs, a Series (with ``actual``'s index) when ``actual`` is a
        Series, otherwise an object ndarray. A missing actual or target gives "no data".

    Raises
    ------
    SmbkitError
        If ``polarity``, ``band_type`` or ``bands`` is invalid.

    Notes
    -----
    The shortfall is how far the actual falls on the bad side of the target:
    :math:`s = T - A` when higher is better, :math:`s = A - T` when lower is better
    (negative when the target is beaten). With band widths :math:`w_1 = b_1 |T|`,
    :math:`w_2 = b_2 |T|` (relative) or :math:`w_i = b_i` (absolute):

    .. math::

        \\text{status} = \\begin{cases}
        \\text{on track} & s \\le w_1 \\\\
        \\text{at risk} & w_1 < s \\le w_2 \\\\
        \\text{off track} & s > w_2
        \\end{cases}

    So a relative target of zero has zero-width bands: any shortfall is off track.
    Business meaning: a traffic light that tolerates a small miss but flags a large one,
    and knows that for costs, above target is the bad side.

    Examples
    --------
    >>> status(96, 100, polarity="higher")    # 4 % short: within the 5 % band
    'on track'
    >>> status(108, 100, polarity="lower")    # cost 8 % above target
    'at risk'
    >>> status([80, 100, 120], 100, polarity="higher").tolist()
    ['off track', 'on track', 'on track']
    """
    func = "status"
    b1, b2 = _check_bands(func, bands, band_type)
    pol = np.asarray(polarity, dtype=object)
    bad = ~np.isin(pol, POLARITIES)
    if bad.any():
        check_option(func, "polarity", pol[bad].ravel()[0], POLARITIES)
    out = _status_array(actual, target, pol, (b1, b2), band_type)
    if isinstance(actual, pd.Series):
        return pd.Series(out, index=actual.index, name="status", dtype=object)
    if out.ndim == 0:
        return str(out[()])
    return out


# --------------------------------------------------------------------------- goals


@dataclass(frozen=True)
class GoalRevision:
    """One earlier version of a goal, why it was changed, and when."""

    previous: Goal
    reason: str
    revised_on: pd.Timestamp


@dataclass(frozen=True)
class GoalEvaluation:
    """A goal's actual value at a date against what the plan expected by then.

    ``gap`` is actual minus expected (KPI units); ``gap_pct`` is the gap as a share of
    the expected value's absolute size (NaN, with ``note``, when the expected value is
    zero); ``progress`` is the share of the way from baseline to target covered so far
    (NaN when target equals baseline); ``status`` compares actual with expected.
    """

    kpi: str
    at: pd.Timestamp
    expected: float
    actual: float
    gap: float
    gap_pct: float
    progress: float
    status: str
    note: str = ""


@dataclass(frozen=True)
class Goal:
    """A SMART goal for one KPI: baseline, target, deadline and which way is better.

    Parameters
    ----------
    kpi : str
        The KPI id (e.g. ``"revenue"``, ``"cac"``), as in the tidy KPI table.
    baseline : float
        The KPI's value at ``baseline_date``, in the KPI's unit.
    baseline_date : date-like
        When the baseline was measured (a period start such as ``"2025-01-01"``).
    target : float
        The value to reach by ``deadline``.
    deadline : date-like
        When the target should be reached; must be after ``baseline_date``.
    polarity : {"higher", "lower"}
        Whether more is better (revenue) or less is better (costs, churn).
    owner, name, unit : str, optional
        Who is accountable, a readable name, and the KPI's unit (for labels).
    method : {"compound", "linear"}, default "compound"
        The shape of the plan from baseline to target (see :func:`plan_path`).
    freq : {"W", "M", "Q", "Y"}, default "M"
        The reporting period the plan is counted in.
    allow_worse : bool, default False
        A goal normally asks for improvement: a "higher" goal whose target is below the
        baseline (or a "lower" goal above it) is refused, because it is most often a
        typo or a flipped polarity. Pass True for a deliberate "limit the fall" goal.
    history : tuple of GoalRevision
        Earlier versions, oldest first; filled by :meth:`revise`, not by hand.

    Raises
    ------
    SmbkitError
        If a value is missing or not finite, the deadline is not after the baseline
        date, ``polarity``/``method``/``freq`` is unknown, the target is worse than the
        baseline without ``allow_worse=True``, or a compound plan has a non-positive
        baseline or target.

    Examples
    --------
    >>> g = Goal("revenue", 80_000, "2025-01-01", 100_000, "2026-01-01", "higher")
    >>> round(g.required_growth(), 4)      # 1.88 % a month
    0.0188
    >>> e = g.evaluate(88_000, "2025-07-01")
    >>> round(e.expected), e.status        # plan says 89,443 by July
    (89443, 'on track')
    """

    kpi: str
    baseline: float
    baseline_date: pd.Timestamp
    target: float
    deadline: pd.Timestamp
    polarity: str
    owner: str | None = None
    name: str | None = None
    unit: str | None = None
    method: str = "compound"
    freq: str = "M"
    allow_worse: bool = False
    history: tuple[GoalRevision, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        func = "Goal"
        if not isinstance(self.kpi, str) or not self.kpi:
            raise SmbkitError(f"{func}: `kpi` must be a KPI id such as 'revenue', got {self.kpi!r}")
        check_option(func, "polarity", self.polarity, POLARITIES)
        check_option(func, "method", self.method, METHODS)
        check_option(func, "freq", self.freq, FREQS)
        b = _finite(func, "baseline", self.baseline)
        t = _finite(func, "target", self.target)
        start = _timestamp(func, "baseline_date", self.baseline_date)
        end = _timestamp(func, "deadline", self.deadline)
        if end <= start:
            raise SmbkitError(
                f"{func}: `deadline` ({end.date()}) must be after `baseline_date` "
                f"({start.date()}); a goal needs time to be reached"
            )
        worse = t < b if self.polarity == "higher" else t > b
        if worse and not self.allow_worse:
            word = "below" if self.polarity == "higher" else "above"
            raise SmbkitError(
                f"{func}: target {t:g} is {word} baseline {b:g} for a KPI where "
                f"{self.polarity} is better, so meeting it would mean getting worse. Check "
                "the target and `polarity`; for a deliberate 'limit the fall' goal pass "
                "allow_worse=True"
            )
        if self.method == "compound" and (b <= 0 or t <= 0):
            raise SmbkitError(
                f"{func}: a compound plan needs a positive baseline and target, but baseline="
                f"{b:g} and target={t:g}; pass method='linear'"
            )
        object.__setattr__(self, "baseline", b)
        object.__setattr__(self, "target", t)
        object.__setattr__(self, "baseline_date", start)
        object.__setattr__(self, "deadline", end)
        object.__setattr__(self, "history", tuple(self.history))

    @property
    def periods(self) -> float:
        """Number of periods (``freq``) from the baseline date to the deadline."""
        return _elapsed(self.baseline_date, self.deadline, self.freq)

    @property
    def label(self) -> str:
        """The goal's name, or its KPI id when it has none."""
        return self.name or self.kpi

    def required_growth(self, method: str | None = None) -> float:
        """Return the growth per period the goal needs (see :func:`required_growth`)."""
        return required_growth(
            self.baseline, self.target, self.periods, method=method or self.method
        )

    def expected(self, at) -> float:
        """Return the plan's value at date ``at`` (the target once the deadline has passed).

        Raises
        ------
        SmbkitError
            If ``at`` is before the baseline date.
        """
        at = _timestamp("Goal.expected", "at", at)
        if at < self.baseline_date:
            raise SmbkitError(
                f"Goal.expected: `at` ({at.date()}) is before the baseline date "
                f"({self.baseline_date.date()}); the plan starts at the baseline"
            )
        frac = _elapsed(self.baseline_date, at, self.freq) / self.periods
        return float(_path_values(self.baseline, self.target, np.asarray(frac), self.method))

    def evaluate(
        self, actual: float, at, *, bands=(0.05, 0.10), band_type: str = "relative"
    ) -> GoalEvaluation:
        """Compare an actual value at date ``at`` with what the plan expected by then.

        Parameters
        ----------
        actual : float
            The KPI's actual value at ``at`` (NaN gives status "no data").
        at : date-like
            The date of the actual value (e.g. the start of the month it measures).
        bands, band_type
            As in :func:`status`.

        Returns
        -------
        GoalEvaluation

        Raises
        ------
        SmbkitError
            If ``at`` is before the baseline date or ``actual`` is not a number.
        """
        at = _timestamp("Goal.evaluate", "at", at)
        try:
            a = float(actual)
        except (TypeError, ValueError) as exc:
            raise SmbkitError(
                f"Goal.evaluate: `actual` must be a number, but {actual!r} was passed"
            ) from exc
        exp = self.expected(at)
        gap = a - exp
        note = ""
        if exp == 0:
            gap_pct = float("nan")
            note = "gap_pct is undefined: the plan expects 0 at this date"
        else:
            gap_pct = gap / abs(exp)
        span = self.target - self.baseline
        progress = (a - self.baseline) / span if span != 0 else float("nan")
        if span == 0:
            note = (note + "; " if note else "") + "progress is undefined: target = baseline"
        st = status(a, exp, polarity=self.polarity, bands=bands, band_type=band_type)
        return GoalEvaluation(self.kpi, at, exp, a, gap, gap_pct, progress, st, note)

    def revise(self, *, target=None, deadline=None, reason: str, on=None) -> Goal:
        """Return a new goal with a changed target and/or deadline, recording why.

        Parameters
        ----------
        target : float, optional
            The new target.
        deadline : date-like, optional
            The new deadline.
        reason : str
            Why the goal changes (required: a revision without a reason is a moved
            goalpost).
        on : date-like, optional
            The date of the revision; today when omitted.

        Returns
        -------
        Goal
            The revised goal; its ``history`` holds this version (without its own
            history) with the reason and date, after every earlier revision.

        Raises
        ------
        SmbkitError
            If neither target nor deadline is given, the reason is empty, or the revised
            goal is invalid (see :class:`Goal`).

        Examples
        --------
        >>> g = Goal("revenue", 80_000, "2025-01-01", 100_000, "2026-01-01", "higher")
        >>> g2 = g.revise(target=95_000, reason="new competitor", on="2025-06-01")
        >>> g2.target, g2.history[0].previous.target, g2.history[0].reason
        (95000.0, 100000.0, 'new competitor')
        """
        func = "Goal.revise"
        if target is None and deadline is None:
            raise SmbkitError(f"{func}: pass a new `target` and/or `deadline` to revise a goal")
        if not isinstance(reason, str) or not reason.strip():
            raise SmbkitError(
                f"{func}: `reason` must say why the goal changes, but {reason!r} was passed"
            )
        when = pd.Timestamp.today().normalize() if on is None else _timestamp(func, "on", on)
        snapshot = replace(self, history=())
        entry = GoalRevision(previous=snapshot, reason=reason.strip(), revised_on=when)
        return replace(
            self,
            target=self.target if target is None else target,
            deadline=self.deadline if deadline is None else deadline,
            history=(*self.history, entry),
        )

    def history_table(self) -> pd.DataFrame:
        """Return every version of the goal as a table, oldest first.

        Returns
        -------
        DataFrame
            ``version, target, deadline, reason, revised_on``; the current version is the
            last row, its ``reason`` and ``revised_on`` those of the latest revision
            (missing for an unrevised goal's only row).
        """
        versions = [h.previous for h in self.history] + [self]
        reasons = [None] + [h.reason for h in self.history]
        dates = [pd.NaT] + [h.revised_on for h in self.history]
        return pd.DataFrame(
            {
                "version": range(1, len(versions) + 1),
                "target": [v.target for v in versions],
                "deadline": pd.to_datetime([v.deadline for v in versions]),
                "reason": pd.Series(reasons, dtype=object),
                "revised_on": pd.to_datetime(dates),
            }
        )


# --------------------------------------------------------------------------- plan path


def plan_path(
    goal_or_baseline,
    target: float | None = None,
    *,
    periods: float | None = None,
    start=None,
    freq: str | None = None,
    method: str | None = None,
) -> pd.DataFrame:
    """Return the planned value of a KPI for every period from baseline to target.

    Call it with a :class:`Goal` (``plan_path(goal)``) or with numbers
    (``plan_path(baseline, target, periods=12, start="2025-01-01")``).

    Parameters
    ----------
    goal_or_baseline : Goal or float
        A goal, or the baseline value.
    target : float, optional
        The target (only with a baseline value).
    periods : float, optional
        Periods from baseline to deadline (only with a baseline value).
    start : date-like, optional
        The baseline's date (only with a baseline value).
    freq : {"W", "M", "Q", "Y"}, optional
        The period; the goal's, or ``"M"``.
    method : {"compound", "linear"}, optional
        The plan's shape; the goal's, or ``"compound"``.

    Returns
    -------
    DataFrame
        ``period`` (Timestamp), ``step`` (periods since the baseline, float) and
        ``planned`` (KPI units): one row per whole period from the baseline to the
        deadline, plus the deadline itself when it falls between periods.

    Raises
    ------
    SmbkitError
        If arguments are missing or conflict with a goal, or the values are invalid for
        the method (see :func:`required_growth`).

    Notes
    -----
    After :math:`k` of :math:`n` periods the plan is

    .. math::

        P_k = B \\left(\\frac{T}{B}\\right)^{k/n} \\;\\text{(compound)}, \\qquad
        P_k = B + (T - B)\\,\\frac{k}{n} \\;\\text{(linear)}.

    Business meaning: the milestones that say, month by month, whether the goal is
    still within reach.

    Examples
    --------
    >>> plan_path(100.0, 121.0, periods=2, start="2025-01-01")
          period  step  planned
    0 2025-01-01   0.0    100.0
    1 2025-02-01   1.0    110.0
    2 2025-03-01   2.0    121.0
    """
    func = "plan_path"
    if isinstance(goal_or_baseline, Goal):
        g = goal_or_baseline
        if target is not None or periods is not None or start is not None:
            raise SmbkitError(
                f"{func}: with a Goal, do not pass `target`, `periods` or `start`; they come "
                "from the goal (use goal.revise(...) to change them)"
            )
        freq = g.freq if freq is None else freq
        method = g.method if method is None else method
        check_option(func, "freq", freq, FREQS)
        check_option(func, "method", method, METHODS)
        b, t, s = g.baseline, g.target, g.baseline_date
        n = _elapsed(s, g.deadline, freq)
    else:
        freq = "M" if freq is None else freq
        method = "compound" if method is None else method
        check_option(func, "freq", freq, FREQS)
        check_option(func, "method", method, METHODS)
        missing = [
            k for k, v in (("target", target), ("periods", periods), ("start", start)) if v is None
        ]
        if missing:
            raise SmbkitError(
                f"{func}: with a baseline value, also pass {', '.join(missing)} (or pass a Goal)"
            )
        b = _finite(func, "baseline", goal_or_baseline)
        t = _finite(func, "target", target)
        n = _finite(func, "periods", periods)
        s = _timestamp(func, "start", start)
    required_growth(b, t, n, method=method)  # validates values for the method
    whole = int(math.floor(n + 1e-9))
    steps = [float(k) for k in range(whole + 1)]
    dates = [_shift(s, k, freq) for k in range(whole + 1)]
    if n - whole > 1e-9:
        steps.append(n)
        dates.append(_shift_fraction(s, n, freq))
    st = np.asarray(steps)
    return pd.DataFrame(
        {
            "period": pd.DatetimeIndex(dates).astype("datetime64[ns]"),
            "step": st,
            "planned": _path_values(b, t, st / n, method),
        }
    )


# --------------------------------------------------------------------------- KPI tables


def _kpi_series(
    func: str,
    data: pd.DataFrame,
    kpi: str | None,
    *,
    date: str = "period",
    value: str = "value",
    include_partial: bool = False,
) -> pd.Series:
    """Return one KPI as a float Series indexed by date, sorted, checked."""
    if not isinstance(data, pd.DataFrame):
        raise DataError(f"{func}: data must be a pandas DataFrame, got {type(data).__name__}")
    cols = list(data.columns)
    if kpi is not None and "kpi" in cols:  # tidy KPI table
        require_columns(func, cols, date=date, value=value)
        rows = data[data["kpi"] == kpi]
        if rows.empty:
            present = sorted(map(str, pd.unique(data["kpi"])))
            hint = closest(kpi, present)
            tail = f" Did you mean {hint[0]!r}?" if hint else ""
            raise DataError(f"{func}: KPI {kpi!r} is not in the data; KPIs are {present}.{tail}")
    elif kpi is not None:  # wide table: the KPI is a column
        require_columns(func, cols, date=date, kpi=kpi)
        rows = data.rename(columns={kpi: "_v"})
        value = "_v"
    else:
        require_columns(func, cols, date=date, value=value)
        rows = data
    if not include_partial and "partial" in rows.columns:
        flag = rows["partial"]
        if flag.isna().any():
            # NaN would read as True under astype(bool) and silently drop the period
            raise DataError(
                f"{func}: column 'partial' has {int(flag.isna().sum())} missing values "
                f"(first: row {flag.index[flag.isna()][0]!r}); set it to False for complete "
                "periods and True for partial ones, or drop the column."
            )
        rows = rows[~flag.astype(bool)]
    dates = pd.to_datetime(rows[date])
    if dates.duplicated().any():
        first = dates[dates.duplicated()].iloc[0]
        raise DataError(
            f"{func}: {int(dates.duplicated().sum())} duplicate periods for KPI {kpi!r} "
            f"(first: {first.date()}); keep one row per period (e.g. filter a location)"
        )
    s = pd.Series(pd.to_numeric(rows[value]).to_numpy(dtype=float), index=dates.to_numpy())
    return s.sort_index()


def trend_projection(
    data: pd.DataFrame,
    *,
    periods_ahead: int,
    date: str = "period",
    value: str = "value",
    fit_periods: int = 12,
    freq: str = "M",
    method: str = "log-linear",
) -> pd.DataFrame:
    """Project a KPI's recent trend forward with a straight-line fit.

    Parameters
    ----------
    data : DataFrame
        One row per period with a date column and a value column (e.g. one KPI of the
        tidy KPI table). Missing values are left out of the fit.
    periods_ahead : int
        How many periods past the last observed one to project.
    date, value : str
        Column names.
    fit_periods : int, default 12
        The fit uses the last ``fit_periods`` observed periods (12 months smooths over
        one season of each month).
    freq : {"W", "M", "Q", "Y"}, default "M"
        The period length.
    method : {"log-linear", "linear"}, default "log-linear"
        ``"log-linear"``: least-squares line through log(value), i.e. constant growth
        *rate* (needs positive values). ``"linear"``: line through the values, i.e.
        constant absolute growth.

    Returns
    -------
    DataFrame
        ``period, step, projected``: step 0 is the last observed period (its fitted
        value), then one row per period ahead.

    Raises
    ------
    SmbkitError
        If an option is unknown or ``periods_ahead``/``fit_periods`` is too small.
    DataError
        If fewer than two values can be fitted, or log-linear meets a value <= 0.

    Notes
    -----
    With :math:`t` the period index and :math:`y_t` the value, the log-linear fit is
    :math:`\\log y_t = a + b t`, so the projection grows by :math:`e^{b} - 1` per period:

    .. math::

        \\hat y_{t} = e^{a + b t}.

    Business meaning: where the KPI ends up if the last year's pace simply continues;
    a plan that needs much more than this needs a reason to believe it.

    Examples
    --------
    >>> df = pd.DataFrame({"period": pd.date_range("2025-01-01", periods=4, freq="MS"),
    ...                    "value": [100.0, 110.0, 121.0, 133.1]})
    >>> trend_projection(df, periods_ahead=1).round({"projected": 2})
          period  step  projected
    0 2025-04-01     0     133.10
    1 2025-05-01     1     146.41
    """
    func = "trend_projection"
    check_option(func, "method", method, ["log-linear", "linear"])
    check_option(func, "freq", freq, FREQS)
    if int(periods_ahead) != periods_ahead or periods_ahead < 1:
        raise SmbkitError(
            f"{func}: `periods_ahead` must be a whole number >= 1, got {periods_ahead!r}"
        )
    if int(fit_periods) != fit_periods or fit_periods < 2:
        raise SmbkitError(f"{func}: `fit_periods` must be a whole number >= 2, got {fit_periods!r}")
    s = _kpi_series(func, data, None, date=date, value=value, include_partial=True)
    return _project(func, s, int(periods_ahead), int(fit_periods), freq, method)


def _project(func, s: pd.Series, ahead: int, fit_periods: int, freq: str, method: str):
    s = s.dropna().iloc[-fit_periods:]
    if len(s) < 2:
        raise DataError(f"{func}: need at least 2 observed values to fit a trend, found {len(s)}")
    last = pd.Timestamp(s.index[-1])
    t = np.array([-_elapsed(pd.Timestamp(d), last, freq) for d in s.index])
    y = s.to_numpy()
    if method == "log-linear":
        if (y <= 0).any():
            bad = int((y <= 0).sum())
            raise DataError(
                f"{func}: log-linear trend needs positive values, but {bad} of {len(y)} are "
                f"<= 0 (first: {s.index[int(np.argmax(y <= 0))].date()}); use method='linear'"
            )
        slope, icept = np.polyfit(t, np.log(y), 1)
        steps = np.arange(ahead + 1)
        proj = np.exp(icept + slope * steps)
    else:
        slope, icept = np.polyfit(t, y, 1)
        steps = np.arange(ahead + 1)
        proj = icept + slope * steps
    dates = [_shift(last, int(k), freq) for k in steps]
    return pd.DataFrame(
        {
            "period": pd.DatetimeIndex(dates).astype("datetime64[ns]"),
            "step": steps,
            "projected": proj,
        }
    )


# --------------------------------------------------------------------------- what-if


@dataclass(frozen=True)
class WhatIf:
    """The result of :func:`what_if`: what a target needs, and where the trend leads.

    Growth fields are per period: ``required_growth`` and ``trend_growth`` are rates
    (0.02 = 2 %), ``required_increase`` is in the KPI's unit. ``status`` compares the
    trend's value at the deadline with the target. ``note`` explains any NaN.
    """

    kpi: str
    baseline: float
    baseline_period: pd.Timestamp
    target: float
    deadline: pd.Timestamp
    periods: int
    required_growth: float
    required_increase: float
    trend_growth: float
    projected_at_deadline: float
    status: str
    polarity: str
    plan: pd.DataFrame = field(repr=False)
    projection: pd.DataFrame = field(repr=False)
    note: str = ""


def what_if(
    history: pd.DataFrame,
    *,
    target: float,
    periods: int,
    kpi: str | None = None,
    date: str = "period",
    value: str = "value",
    baseline_periods: int = 1,
    fit_periods: int = 12,
    polarity: str = "higher",
    freq: str = "M",
    trend: str = "log-linear",
    bands=(0.05, 0.10),
    band_type: str = "relative",
    include_partial: bool = False,
) -> WhatIf:
    """Compute what a target needs and where the current trend would take the KPI.

    The model behind :func:`smbkit.widgets.target_whatif`.

    Parameters
    ----------
    history : DataFrame
        Either the tidy KPI table (``period, kpi, value``; pass ``kpi=``), a wide table
        with the KPI as a column (pass ``kpi=`` and ``date=``, e.g. the financials with
        ``date="month", kpi="revenue"``), or a two-column ``date, value`` table.
    target : float
        The value to reach, in the KPI's unit.
    periods : int
        Periods from the last observed period to the deadline (e.g. 12 months ahead).
    kpi : str, optional
        The KPI id (tidy table) or column (wide table).
    date, value : str
        Column names of the period and the value.
    baseline_periods : int, default 1
        The baseline is the mean of the last ``baseline_periods`` observed values,
        dated at the last one: 1 is the latest month; 3 smooths a lumpy month; 12 is a
        trailing-year average that removes seasonality (but lags a growing business).
    fit_periods : int, default 12
        Periods used for the trend fit (see :func:`trend_projection`).
    polarity : {"higher", "lower"}, default "higher"
    freq : {"W", "M", "Q", "Y"}, default "M"
    trend : {"log-linear", "linear"}, default "log-linear"
    bands, band_type
        As in :func:`status`.
    include_partial : bool, default False
        Keep periods flagged ``partial`` in a tidy KPI table.

    Returns
    -------
    WhatIf

    Raises
    ------
    SmbkitError
        If an option or number is invalid.
    DataError
        If the history lacks a column, the KPI, or enough values.

    Notes
    -----
    ``required_growth`` uses the compound formula of :func:`required_growth` (NaN with a
    note when the baseline or target is not positive), ``required_increase`` the linear
    one; the trend is :func:`trend_projection`.

    Examples
    --------
    >>> df = pd.DataFrame({"period": pd.date_range("2025-01-01", periods=4, freq="MS"),
    ...                    "value": [100.0, 110.0, 121.0, 133.1]})
    >>> r = what_if(df, target=200.0, periods=4)
    >>> round(r.required_growth, 4), round(r.trend_growth, 4), r.status
    (0.1072, 0.1, 'on track')
    """
    func = "what_if"
    check_option(func, "polarity", polarity, POLARITIES)
    check_option(func, "freq", freq, FREQS)
    check_option(func, "trend", trend, ["log-linear", "linear"])
    _check_bands(func, bands, band_type)
    for arg, v, lo in (
        ("periods", periods, 1),
        ("baseline_periods", baseline_periods, 1),
        ("fit_periods", fit_periods, 2),
    ):
        if int(v) != v or v < lo:
            raise SmbkitError(f"{func}: `{arg}` must be a whole number >= {lo}, got {v!r}")
    t = _finite(func, "target", target)
    s = _kpi_series(
        func, history, kpi, date=date, value=value, include_partial=include_partial
    ).dropna()
    if len(s) < baseline_periods:
        raise DataError(
            f"{func}: `baseline_periods`={baseline_periods} but only {len(s)} observed values"
        )
    return _what_if(
        s,
        t,
        int(periods),
        kpi or value,
        int(baseline_periods),
        int(fit_periods),
        polarity,
        freq,
        trend,
        bands,
        band_type,
    )


def _what_if(
    s, t, periods, kpi, baseline_periods, fit_periods, polarity, freq, trend, bands, band_type
) -> WhatIf:
    func = "what_if"
    b = float(s.iloc[-baseline_periods:].mean())
    start = pd.Timestamp(s.index[-1])
    notes = []
    if b > 0 and t > 0:
        g = required_growth(b, t, periods)
        plan_method = "compound"
    else:
        g = float("nan")
        plan_method = "linear"
        notes.append("compound growth is undefined for a baseline or target <= 0")
    inc = required_growth(b, t, periods, method="linear")
    plan = plan_path(b, t, periods=periods, start=start, freq=freq, method=plan_method)
    proj = _project(func, s, periods, fit_periods, freq, trend)
    y = proj["projected"].to_numpy()
    if y[0] > 0 and y[1] > 0:
        tg = float(y[1] / y[0] - 1.0)
    else:
        tg = float("nan")
        notes.append("the trend's growth rate is undefined for values <= 0")
    at_deadline = float(y[-1])
    st = str(_status_array(at_deadline, t, polarity, bands, band_type)[()])
    return WhatIf(
        kpi=kpi,
        baseline=b,
        baseline_period=start,
        target=t,
        deadline=_shift(start, periods, freq),
        periods=periods,
        required_growth=g,
        required_increase=inc,
        trend_growth=tg,
        projected_at_deadline=at_deadline,
        status=st,
        polarity=polarity,
        plan=plan,
        projection=proj,
        note="; ".join(notes),
    )


# --------------------------------------------------------------------------- scorecard


def _direction(values: np.ndarray, polarity: str, flat_within: float) -> str:
    v = values[~np.isnan(values)]
    if len(v) < 2:
        return "no data"
    slope = np.polyfit(np.arange(len(v), dtype=float), v, 1)[0]
    change = slope * (len(v) - 1)
    scale = abs(float(np.mean(v)))
    if abs(change) <= flat_within * scale:
        return "flat"
    good = change > 0 if polarity == "higher" else change < 0
    return "improving" if good else "worsening"


#: Columns of :func:`scorecard`, in order (the balanced scorecard adds ``perspective``).
_SCORECARD_COLUMNS = [
    "kpi",
    "label",
    "period",
    "actual",
    "baseline",
    "target",
    "deadline",
    "benchmark",
    "variance",
    "variance_pct",
    "status",
    "polarity",
    "trend",
    "trend_direction",
    "note",
]


def scorecard(
    kpi_values: pd.DataFrame,
    goals: Iterable[Goal] | Mapping[str, Goal],
    *,
    at=None,
    trend_periods: int = 6,
    compare_to: str = "plan",
    bands=(0.05, 0.10),
    band_type: str = "relative",
    flat_within: float = 0.02,
    include_partial: bool = False,
) -> pd.DataFrame:
    """Return a scorecard: each goal's KPI, its actual value, its benchmark and status.

    Parameters
    ----------
    kpi_values : DataFrame
        Tidy KPI table with ``period, kpi, value`` (as from :func:`smbkit.kpis.compute`;
        other columns are ignored, periods flagged ``partial`` are left out unless
        ``include_partial``).
    goals : iterable of Goal, or mapping of KPI id to Goal
        At most one goal per KPI.
    at : date-like, optional
        The period to score; each KPI's latest observed period when omitted.
    trend_periods : int, default 6
        How many periods (ending at the scored one) go into ``trend``.
    compare_to : {"plan", "target"}, default "plan"
        ``"plan"``: the benchmark is the plan's value at the scored period
        (:meth:`Goal.expected`), so "on track" means on the way to the target.
        ``"target"``: the benchmark is the final target.
    bands, band_type
        As in :func:`status`.
    flat_within : float, default 0.02
        The trend is "flat" when the fitted change over the trend window is within this
        share of the window's mean.
    include_partial : bool, default False

    Returns
    -------
    DataFrame
        One row per goal: ``kpi, label, period, actual, baseline, target, deadline,
        benchmark, variance, variance_pct, status, polarity, trend, trend_direction,
        note``. ``variance`` = actual - benchmark (KPI units); ``variance_pct`` =
        variance / \\|benchmark\\| (NaN with a note when the benchmark is 0); ``trend`` is
        a list of the last ``trend_periods`` values (for sparklines); ``trend_direction``
        is "improving", "worsening", "flat" or "no data" and respects polarity.

    Raises
    ------
    SmbkitError
        If an option is invalid or two goals share a KPI.
    DataError
        If a column is missing, a goal's KPI is not in the table, or a KPI has duplicate
        periods.

    Notes
    -----
    The trend direction comes from the least-squares slope :math:`b` of the trend
    window's :math:`m` values: the change :math:`\\Delta = b (m - 1)` is "flat" when
    :math:`|\\Delta| \\le f\\,|\\bar y|`, otherwise improving when it moves the KPI the
    good way. Business meaning: one table that says, per goal, where we are, where we
    should be, and whether it is getting better.

    Examples
    --------
    >>> kv = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-02-01"] * 2),
    ...                    "kpi": ["revenue"] * 2 + ["cac"] * 2,
    ...                    "value": [100.0, 104.0, 50.0, 58.0]})
    >>> goals = [Goal("revenue", 100, "2025-01-01", 112, "2025-04-01", "higher"),
    ...          Goal("cac", 50, "2025-01-01", 44, "2025-04-01", "lower")]
    >>> card = scorecard(kv, goals)   # benchmark: the plan's value for February
    >>> card[["kpi", "actual", "benchmark", "status", "trend_direction"]].round(2)
           kpi  actual  benchmark     status trend_direction
    0  revenue   104.0     103.85   on track       improving
    1      cac    58.0      47.91  off track       worsening
    """
    func = "scorecard"
    check_option(func, "compare_to", compare_to, ["plan", "target"])
    _check_bands(func, bands, band_type)
    if int(trend_periods) != trend_periods or trend_periods < 1:
        raise SmbkitError(
            f"{func}: `trend_periods` must be a whole number >= 1, got {trend_periods!r}"
        )
    goal_list = list(goals.values()) if isinstance(goals, Mapping) else list(goals)
    for g in goal_list:
        if not isinstance(g, Goal):
            raise SmbkitError(f"{func}: `goals` must hold Goal objects, got {type(g).__name__}")
    seen: set[str] = set()
    for g in goal_list:
        if g.kpi in seen:
            raise SmbkitError(f"{func}: two goals for KPI {g.kpi!r}; keep one goal per KPI")
        seen.add(g.kpi)
    require_columns(
        func,
        list(kpi_values.columns),
        table="kpi_values",
        period="period",
        kpi="kpi",
        value="value",
    )
    at_ts = None if at is None else _timestamp(func, "at", at)
    rows = []
    for g in goal_list:
        s = _kpi_series(func, kpi_values, g.kpi, include_partial=include_partial)
        obs = s.dropna()
        notes = []
        if at_ts is None:
            period = pd.Timestamp(obs.index[-1]) if len(obs) else pd.NaT
        else:
            period = at_ts
        actual = float(s.get(period, np.nan)) if period is not pd.NaT else float("nan")
        if np.isnan(actual):
            notes.append("no value for this period")
        window = s[s.index <= period].iloc[-trend_periods:] if period is not pd.NaT else s[:0]
        if compare_to == "target" or period is pd.NaT:
            bench = g.target
        elif period < g.baseline_date:
            bench = float("nan")
            notes.append("period is before the goal's baseline date")
        else:
            bench = g.expected(period)
        var = actual - bench
        if bench == 0:
            var_pct = float("nan")
            notes.append("variance_pct is undefined: benchmark is 0")
        else:
            var_pct = var / abs(bench)
        st = str(_status_array(actual, bench, g.polarity, bands, band_type)[()])
        rows.append(
            {
                "kpi": g.kpi,
                "label": g.label,
                "period": period,
                "actual": actual,
                "baseline": g.baseline,
                "target": g.target,
                "deadline": g.deadline,
                "benchmark": bench,
                "variance": var,
                "variance_pct": var_pct,
                "status": st,
                "polarity": g.polarity,
                "trend": [float(x) for x in window.to_numpy()],
                "trend_direction": _direction(window.to_numpy(), g.polarity, flat_within),
                "note": "; ".join(notes),
            }
        )
    out = pd.DataFrame(rows, columns=_SCORECARD_COLUMNS)
    out["period"] = pd.to_datetime(out["period"]).astype("datetime64[ns]")
    out["deadline"] = pd.to_datetime(out["deadline"]).astype("datetime64[ns]")
    return out


# --------------------------------------------------------------------------- frameworks

_FRAMEWORKS = frozenset(__all__[__all__.index("OKR_BANDS") :])


def __getattr__(name: str):
    # Loaded on first use: smbkit._frameworks builds on this module.
    if name in _FRAMEWORKS:
        from smbkit import _frameworks

        return getattr(_frameworks, name)
    raise AttributeError(f"module 'smbkit.targets' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _FRAMEWORKS)
