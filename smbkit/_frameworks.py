"""Management frameworks on top of goals: balanced scorecard, OKRs and goal cascades.

The public names are re-exported from :mod:`smbkit.targets` (use ``smbkit.targets.okr_scores``
and friends); this private module keeps ``targets.py`` small.

- :func:`balanced_scorecard` places each KPI in one of the four perspectives of Kaplan &
  Norton's balanced scorecard (financial, customer, internal process, learning and growth),
  scores it against its goal where there is one, and flags a perspective that no KPI covers.
- :class:`KeyResult`, :class:`Objective` and :func:`okr_scores` grade objectives and key
  results (OKRs) on Google's 0.0-1.0 scale, where 0.7 counts as success.
- :func:`goal_cascade` rolls progress up a tree of goals (company, departments, teams) with
  weights, and :func:`cascade_check` lists the gaps: goals nothing measures and KPIs that
  serve no goal.

>>> from smbkit.targets import key_result_progress
>>> key_result_progress(3, start=0, target=6)     # 3 of 6 new features launched
0.5
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import KW_ONLY, dataclass, replace

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, closest, describe_rows, require_columns
from smbkit.targets import (
    _SCORECARD_COLUMNS,
    POLARITIES,
    Goal,
    _check_bands,
    _direction,
    _kpi_series,
    _timestamp,
    scorecard,
)

__all__ = [
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

#: The four perspectives of the balanced scorecard, in the order they are shown.
PERSPECTIVES = ("financial", "customer", "internal process", "learning and growth")
#: OKR colour bands, lowest first: a score is in a band from its lower edge up to (not
#: including) the next band's lower edge.
OKR_BANDS = ("red", "yellow", "green")
_EPS = 1e-9  # scores within this of a band edge count as reaching it (0.7 is 0.7)


def _missing(x) -> bool:
    if x is None:
        return True
    if isinstance(x, str):
        return not x.strip()
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def _float_or_nan(func: str, what: str, value) -> float:
    """Return a finite float, NaN for a missing value; raise for text or infinity."""
    if _missing(value):
        return float("nan")
    if isinstance(value, bool):
        raise SmbkitError(f"{func}: {what} must be a number, but {value!r} was passed")
    try:
        x = float(value)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(f"{func}: {what} must be a number, but {value!r} was passed") from exc
    if not math.isfinite(x):
        raise SmbkitError(f"{func}: {what} must be a finite number, but {value!r} was passed")
    return x


# --------------------------------------------------------------------------- progress


def key_result_progress(current, start, target, *, clip: bool = True):
    """Return the share of the way from start to target that the current value covers.

    Parameters
    ----------
    current : float, array-like or Series
        The metric's value now, in its unit (NaN for "not measured yet").
    start : float or array-like
        The metric's value when the key result was set.
    target : float or array-like
        The value that counts as fully achieved. Below ``start`` when lower is better
        (costs, defects, churn): the same formula then measures the fall.
    clip : bool, default True
        Limit the progress to [0, 1]: falling back below the start scores 0 and beating
        the target scores 1. Pass False to see the raw ratio.

    Returns
    -------
    float, ndarray or Series
        A float for scalar inputs, a Series (with ``current``'s index) when ``current`` is
        a Series, otherwise a float ndarray. NaN where ``current`` is missing or
        ``target`` equals ``start`` (no way to go, so no share of it).

    Notes
    -----
    With start :math:`s`, target :math:`t` and current value :math:`c`,

    .. math::

        p = \\min\\left(1, \\max\\left(0, \\frac{c - s}{t - s}\\right)\\right),
        \\qquad t \\ne s.

    When lower is better, :math:`t < s` and both the numerator and the denominator are
    negative while the metric improves, so no separate formula is needed. Business
    meaning: 0.5 is "half-way there", whichever way "there" is.

    Examples
    --------
    >>> key_result_progress(3, start=0, target=6)       # 3 of 6 launches done
    0.5
    >>> key_result_progress(7.0, start=10.0, target=5.0)  # defects 10 % -> 7 %, aim 5 %
    0.6
    >>> key_result_progress([12, -2], start=0, target=10).tolist()   # capped at 1 and 0
    [1.0, 0.0]
    >>> key_result_progress(12, start=0, target=10, clip=False)
    1.2
    """
    c = np.asarray(current, dtype=float)
    s = np.asarray(start, dtype=float)
    t = np.asarray(target, dtype=float)
    span = t - s
    with np.errstate(all="ignore"):
        raw = np.where(span == 0, np.nan, (c - s) / np.where(span == 0, 1.0, span))
    out = np.clip(raw, 0.0, 1.0) if clip else raw
    if isinstance(current, pd.Series):
        return pd.Series(out, index=current.index, name="progress", dtype=float)
    if out.ndim == 0:
        return float(out[()])
    return out


def _check_okr_bands(func: str, bands) -> tuple[float, float]:
    try:
        y, g = (float(b) for b in bands)
    except (TypeError, ValueError) as exc:
        raise SmbkitError(
            f"{func}: `bands` must be two numbers (where yellow starts, where green starts), "
            f"e.g. (0.4, 0.7), but {bands!r} was passed"
        ) from exc
    if not (math.isfinite(y) and math.isfinite(g) and 0 < y <= g <= 1):
        raise SmbkitError(
            f"{func}: `bands` must satisfy 0 < yellow <= green <= 1, but {bands!r} was passed"
        )
    return y, g


def _band(p: float, edges: tuple[float, float]) -> str:
    if math.isnan(p):
        return "no data"
    if p >= edges[1] - _EPS:
        return "green"
    if p >= edges[0] - _EPS:
        return "yellow"
    return "red"


_BAND_STATUS = {"green": "on track", "yellow": "at risk", "red": "off track", "no data": "no data"}


# --------------------------------------------------------------------------- OKRs


@dataclass(frozen=True)
class KeyResult:
    """One key result: a measurable step toward an objective, from a start to a target.

    Parameters
    ----------
    name : str
        What is measured, in words (e.g. "Cut the refund rate to 2 %").
    start : float
        The metric's value when the key result was set, in its unit.
    target : float
        The value that counts as fully achieved (1.0); below ``start`` when lower is better.
    current : float, optional
        The value now. When omitted, :func:`okr_scores` can read it from a tidy KPI table
        (pass ``kpi`` here and ``kpi_values`` there); otherwise progress is NaN.
    kpi : str, optional
        The KPI id when the metric is a KPI (e.g. ``"refund_rate"``); None for a free
        metric such as "features launched".
    polarity : {"higher", "lower"}, optional
        Which way is better. Inferred from ``start`` and ``target`` when omitted; when
        given, it must agree with them (a "lower" key result needs a target below start).
    weight : float, default 1.0
        The key result's weight in its objective's score (>= 0).
    unit : str, optional
        The metric's unit, for labels.

    Raises
    ------
    SmbkitError
        If the name is empty, a number is missing or not finite, ``target`` equals
        ``start``, ``polarity`` is unknown or contradicts start and target, or the weight
        is negative.

    Examples
    --------
    >>> kr = KeyResult("Cut defects to 2 %", start=4.0, target=2.0, current=3.0, unit="%")
    >>> kr.polarity, kr.progress
    ('lower', 0.5)
    """

    name: str
    start: float
    target: float
    current: float | None = None
    _: KW_ONLY
    kpi: str | None = None
    polarity: str | None = None
    weight: float = 1.0
    unit: str | None = None

    def __post_init__(self) -> None:
        func = "KeyResult"
        if not isinstance(self.name, str) or not self.name.strip():
            raise SmbkitError(f"{func}: `name` must say what is measured, got {self.name!r}")
        who = f"{func} {self.name!r}"
        s = _float_or_nan(who, "`start`", self.start)
        t = _float_or_nan(who, "`target`", self.target)
        for arg, v in (("start", s), ("target", t)):
            if math.isnan(v):
                raise SmbkitError(f"{who}: `{arg}` is missing; a key result needs a number")
        if s == t:
            raise SmbkitError(
                f"{who}: `target` equals `start` ({t:g}), so there is no way to go and no "
                "progress to measure; set a target that moves the metric (for 'keep it "
                "where it is', use a Goal with status())"
            )
        c = _float_or_nan(who, "`current`", self.current)
        direction = "higher" if t > s else "lower"
        if self.polarity is None:
            pol = direction
        else:
            check_option(who, "polarity", self.polarity, POLARITIES)
            pol = self.polarity
            if pol != direction:
                word = "below" if direction == "lower" else "above"
                raise SmbkitError(
                    f"{who}: `target` {t:g} is {word} `start` {s:g}, but polarity is "
                    f"{pol!r}; meeting it would mean getting worse. Fix the target, or "
                    "drop `polarity` to infer it from start and target"
                )
        w = _float_or_nan(who, "`weight`", self.weight)
        if math.isnan(w) or w < 0:
            raise SmbkitError(f"{who}: `weight` must be a number >= 0, got {self.weight!r}")
        if self.kpi is not None and (not isinstance(self.kpi, str) or not self.kpi.strip()):
            raise SmbkitError(f"{who}: `kpi` must be a KPI id such as 'revenue' or None")
        object.__setattr__(self, "start", s)
        object.__setattr__(self, "target", t)
        object.__setattr__(self, "current", c)
        object.__setattr__(self, "polarity", pol)
        object.__setattr__(self, "weight", w)

    @property
    def raw_progress(self) -> float:
        """The unclipped ratio (current - start) / (target - start); NaN without a value."""
        return key_result_progress(self.current, self.start, self.target, clip=False)

    @property
    def progress(self) -> float:
        """Progress in [0, 1] (see :func:`key_result_progress`); NaN without a value."""
        return key_result_progress(self.current, self.start, self.target)


@dataclass(frozen=True)
class Objective:
    """An objective with its key results, graded by the weighted mean of their progress.

    Parameters
    ----------
    name : str
        The objective, qualitative and ambitious (e.g. "Customers love our bread").
    key_results : sequence of KeyResult
        At least one; names must be unique within the objective.
    owner : str, optional
        Who is accountable.

    Raises
    ------
    SmbkitError
        If the name is empty, there is no key result, an item is not a KeyResult, two
        key results share a name, or every weight is 0.

    Examples
    --------
    >>> o = Objective("Launch the online shop", [
    ...     KeyResult("Features launched", 0, 6, 3),          # 0.5
    ...     KeyResult("Online orders a week", 0, 50, 45)])    # 0.9
    >>> round(o.score, 2)
    0.7
    """

    name: str
    key_results: tuple[KeyResult, ...]
    _: KW_ONLY
    owner: str | None = None

    def __post_init__(self) -> None:
        func = "Objective"
        if not isinstance(self.name, str) or not self.name.strip():
            raise SmbkitError(f"{func}: `name` must state the objective, got {self.name!r}")
        who = f"{func} {self.name!r}"
        if isinstance(self.key_results, KeyResult):
            krs = (self.key_results,)
        else:
            try:
                krs = tuple(self.key_results)
            except TypeError as exc:
                raise SmbkitError(
                    f"{who}: `key_results` must be a list of KeyResult, got "
                    f"{type(self.key_results).__name__}"
                ) from exc
        if not krs:
            raise SmbkitError(f"{who}: has no key results; add 2-5 measurable key results")
        for kr in krs:
            if not isinstance(kr, KeyResult):
                raise SmbkitError(
                    f"{who}: `key_results` must hold KeyResult objects, got {type(kr).__name__}"
                )
        names = [kr.name for kr in krs]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise SmbkitError(f"{who}: two key results are named {dup[0]!r}; name each one")
        if sum(kr.weight for kr in krs) <= 0:
            raise SmbkitError(
                f"{who}: every key result has weight 0; give at least one a positive weight"
            )
        object.__setattr__(self, "key_results", krs)

    @property
    def score(self) -> float:
        """The weighted mean progress of the key results; NaN if one with weight > 0 has none.

        See :func:`okr_scores` for the formula.
        """
        w = np.array([kr.weight for kr in self.key_results])
        p = np.array([kr.progress for kr in self.key_results])
        used = w > 0
        if np.isnan(p[used]).any():
            return float("nan")
        return float(np.sum(w[used] * p[used]) / np.sum(w[used]))


def _kpi_frame(func: str, kpi_values) -> None:
    if not isinstance(kpi_values, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `kpi_values` must be a tidy KPI DataFrame (period, kpi, value), got "
            f"{type(kpi_values).__name__}"
        )
    require_columns(
        func,
        list(kpi_values.columns),
        table="kpi_values",
        period="period",
        kpi="kpi",
        value="value",
    )


def _current_value(func, kpi_values, kpi, at, include_partial) -> tuple[float, str]:
    """The KPI's latest observed value at or before ``at`` and a note saying which period."""
    s = _kpi_series(func, kpi_values, kpi, include_partial=include_partial).dropna()
    if at is not None:
        s = s[s.index <= at]
    if s.empty:
        when = "" if at is None else f" on or before {at.date()}"
        return float("nan"), f"no value of KPI {kpi!r}{when}"
    return float(s.iloc[-1]), f"current = KPI {kpi!r} for {pd.Timestamp(s.index[-1]).date()}"


def _objectives_from_frame(func: str, frame: pd.DataFrame) -> list[Objective]:
    require_columns(
        func,
        list(frame.columns),
        table="objectives",
        objective="objective",
        key_result="key_result",
        start="start",
        target="target",
    )
    out: dict[str, list[KeyResult]] = {}
    owners: dict[str, str | None] = {}
    for i, row in enumerate(frame.to_dict("records")):
        obj = row["objective"]
        if _missing(obj):
            n_bad = int(frame["objective"].map(_missing).sum())
            raise DataError(
                describe_rows(
                    func, "have no objective", n_bad, len(frame), i, fix="name each objective"
                )
            )
        obj = str(obj).strip()
        kw = {k: row[k] for k in ("kpi", "polarity", "unit") if k in row and not _missing(row[k])}
        if "weight" in row and not _missing(row["weight"]):
            kw["weight"] = row["weight"]
        kr = KeyResult(
            row["key_result"] if not _missing(row["key_result"]) else "",
            row["start"],
            row["target"],
            None if _missing(row.get("current")) else row["current"],
            **kw,
        )
        out.setdefault(obj, []).append(kr)
        if "owner" in row and not _missing(row["owner"]):
            owners.setdefault(obj, str(row["owner"]))
    return [Objective(name, krs, owner=owners.get(name)) for name, krs in out.items()]


_OKR_COLUMNS = [
    "objective",
    "key_result",
    "level",
    "owner",
    "kpi",
    "unit",
    "polarity",
    "start",
    "target",
    "current",
    "weight",
    "share",
    "raw_progress",
    "progress",
    "band",
    "success",
    "note",
]


def okr_scores(
    objectives,
    *,
    kpi_values: pd.DataFrame | None = None,
    at=None,
    bands=(0.4, 0.7),
    missing: str = "propagate",
    include_partial: bool = False,
) -> pd.DataFrame:
    """Grade objectives and their key results on the 0.0-1.0 OKR scale.

    Parameters
    ----------
    objectives : Objective, iterable of Objective, or DataFrame
        The OKRs. A DataFrame has one row per key result with ``objective, key_result,
        start, target`` and optionally ``current, kpi, polarity, weight, unit, owner``.
    kpi_values : DataFrame, optional
        A tidy KPI table (``period, kpi, value``, as from :func:`smbkit.kpis.compute`).
        A key result that names a ``kpi`` but has no ``current`` value takes the KPI's
        latest observed value (at or before ``at``); an explicit ``current`` wins.
    at : date-like, optional
        The date the OKRs are graded at (for values read from ``kpi_values``).
    bands : (float, float), default (0.4, 0.7)
        Where yellow starts and where green starts; green counts as success.
    missing : {"propagate", "skip"}, default "propagate"
        A key result without a current value: ``"propagate"`` leaves the objective's
        score NaN (nothing is graded on partial evidence); ``"skip"`` grades the objective
        on the key results that have a value, renormalising their weights, and says so in
        ``note``.
    include_partial : bool, default False
        Use periods flagged ``partial`` in ``kpi_values``.

    Returns
    -------
    DataFrame
        Per objective, one row with ``level="objective"`` followed by one row per key result
        (``level="key result"``). Columns: ``objective, key_result, level, owner, kpi,
        unit, polarity, start, target, current, weight, share, raw_progress, progress,
        band, success, note``. For a key result ``share`` is its weight over the
        objective's total weight, ``raw_progress`` the unclipped ratio and ``progress`` the
        clipped one; for an objective ``progress`` is its score. ``band`` is "red",
        "yellow", "green" or "no data"; ``success`` (nullable boolean) is True when green.

    Raises
    ------
    SmbkitError
        If an option is invalid, an item is not an Objective, two objectives share a name,
        or a key result is invalid (see :class:`KeyResult`).
    DataError
        If a required column is missing, or a KPI is not in ``kpi_values``.

    Notes
    -----
    A key result's progress is :math:`p_i = \\min(1, \\max(0, (c_i - s_i)/(t_i - s_i)))`
    (see :func:`key_result_progress`); the objective's score is the weighted mean

    .. math::

        S = \\frac{\\sum_i w_i\\, p_i}{\\sum_i w_i}.

    Google grades OKRs on a 0.0-1.0 scale, each objective by a rough, sometimes weighted,
    average of its key results, and treats 0.6-0.7 as the sweet spot: always scoring 1.0
    means the goals were not ambitious enough (re:Work, "Set goals with OKRs: grade
    OKRs", https://rework.withgoogle.com/guides/set-goals-with-okrs/steps/grade-OKRs/).
    The colour bands are those of J. Doerr, *Measure What Matters* (2018): 0.7-1.0 green
    (delivered), 0.4-0.6 yellow (progress, short of completion), 0.0-0.3 red (no real
    progress). Those are read on tenths; for scores in between, each band runs from its
    lower edge up to the next one:

    .. math::

        \\text{band} = \\begin{cases}
        \\text{red} & S < 0.4 \\\\
        \\text{yellow} & 0.4 \\le S < 0.7 \\\\
        \\text{green} & S \\ge 0.7
        \\end{cases}

    so 0.35 is red and 0.65 yellow (a score within :math:`10^{-9}` of an edge counts as
    reaching it). Business meaning: a 0.7 on a stretch objective is a success, not a
    miss; a team that always scores 1.0 is setting goals too low.

    Examples
    --------
    >>> o = Objective("Launch the online shop", [
    ...     KeyResult("Features launched", 0, 6, 3),
    ...     KeyResult("Refund rate", 4.0, 2.0, 2.5, kpi="refund_rate", unit="%")])
    >>> okr_scores(o)[["key_result", "level", "progress", "band", "success"]]
              key_result       level  progress    band  success
    0                NaN   objective     0.625  yellow    False
    1  Features launched  key result     0.500  yellow    False
    2        Refund rate  key result     0.750   green     True
    """
    func = "okr_scores"
    check_option(func, "missing", missing, ["propagate", "skip"])
    edges = _check_okr_bands(func, bands)
    if isinstance(objectives, pd.DataFrame):
        objs = _objectives_from_frame(func, objectives)
    elif isinstance(objectives, Objective):
        objs = [objectives]
    else:
        try:
            objs = list(objectives)
        except TypeError as exc:
            raise SmbkitError(
                f"{func}: `objectives` must be an Objective, a list of them or a DataFrame, "
                f"got {type(objectives).__name__}"
            ) from exc
    if not objs:
        raise SmbkitError(f"{func}: `objectives` is empty; pass at least one Objective")
    for o in objs:
        if not isinstance(o, Objective):
            raise SmbkitError(
                f"{func}: `objectives` must hold Objective objects, got {type(o).__name__}"
            )
    names = [o.name for o in objs]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise SmbkitError(f"{func}: two objectives are named {dup[0]!r}; name each one")
    if kpi_values is not None:
        _kpi_frame(func, kpi_values)
    at_ts = None if at is None else _timestamp(func, "at", at)

    rows = []
    for o in objs:
        krs, kr_notes = [], []
        for kr in o.key_results:
            note = ""
            if math.isnan(kr.current) and kr.kpi is not None and kpi_values is not None:
                value, note = _current_value(func, kpi_values, kr.kpi, at_ts, include_partial)
                kr = replace(kr, current=value)
            elif math.isnan(kr.current):
                note = "no current value"
            if kr.raw_progress > 1:
                note = "; ".join(filter(None, [note, "beyond target: progress capped at 1"]))
            elif kr.raw_progress < 0:
                note = "; ".join(filter(None, [note, "worse than start: progress set to 0"]))
            krs.append(kr)
            kr_notes.append(note)
        w = np.array([kr.weight for kr in krs])
        p = np.array([kr.progress for kr in krs])
        lacking = [kr.name for kr, wi, pi in zip(krs, w, p, strict=True) if wi > 0 and np.isnan(pi)]
        use = (w > 0) & ~np.isnan(p)
        obj_note = ""
        if lacking and missing == "propagate":
            score = float("nan")
            obj_note = f"no score: no current value for {', '.join(map(repr, lacking))}"
        elif use.any():
            score = float(np.sum(w[use] * p[use]) / np.sum(w[use]))
            if lacking:
                obj_note = f"scored without {', '.join(map(repr, lacking))} (no current value)"
        else:
            score = float("nan")
            obj_note = "no score: no key result has a current value"
        band = _band(score, edges)
        rows.append(
            {
                "objective": o.name,
                "key_result": None,
                "level": "objective",
                "owner": o.owner,
                "progress": score,
                "band": band,
                "success": pd.NA if band == "no data" else band == "green",
                "note": obj_note,
            }
        )
        total = float(w.sum())
        for kr, note in zip(krs, kr_notes, strict=True):
            b = _band(kr.progress, edges)
            rows.append(
                {
                    "objective": o.name,
                    "key_result": kr.name,
                    "level": "key result",
                    "owner": o.owner,
                    "kpi": kr.kpi,
                    "unit": kr.unit,
                    "polarity": kr.polarity,
                    "start": kr.start,
                    "target": kr.target,
                    "current": kr.current,
                    "weight": kr.weight,
                    "share": kr.weight / total,
                    "raw_progress": kr.raw_progress,
                    "progress": kr.progress,
                    "band": b,
                    "success": pd.NA if b == "no data" else b == "green",
                    "note": note,
                }
            )
    out = pd.DataFrame(rows).reindex(columns=_OKR_COLUMNS)
    for c in ("start", "target", "current", "weight", "share", "raw_progress", "progress"):
        out[c] = out[c].astype(float)
    out["success"] = out["success"].astype("boolean")
    return out


# --------------------------------------------------------------------------- cascades


def _tree(func: str, frame: pd.DataFrame):
    """Check a parent/child table and return (names, parents, children, preorder, levels).

    ``children[None]`` are the top goals; ``preorder`` lists names depth-first with
    children in input order.
    """
    require_columns(func, list(frame.columns), table="nodes", node="node", parent="parent")
    if frame.empty:
        raise DataError(f"{func}: `nodes` is empty; list at least one goal")
    raw = frame["node"].tolist()
    bad = [i for i, v in enumerate(raw) if _missing(v)]
    if bad:
        raise DataError(
            describe_rows(
                func, "have no node name", len(bad), len(raw), bad[0], fix="name every goal"
            )
        )
    names = [str(v).strip() for v in raw]
    seen: set[str] = set()
    for n in names:
        if n in seen:
            raise DataError(
                f"{func}: node {n!r} appears {names.count(n)} times; give each goal a unique name"
            )
        seen.add(n)
    parents: dict[str, str | None] = {}
    for n, p in zip(names, frame["parent"].tolist(), strict=True):
        p = None if _missing(p) else str(p).strip()
        if p is not None and p not in seen:
            hint = closest(p, names)
            tail = f" Did you mean {hint[0]!r}?" if hint else ""
            raise DataError(
                f"{func}: node {n!r} has parent {p!r}, which is not a node.{tail} Leave "
                "`parent` empty for a top goal"
            )
        parents[n] = p
    children: dict[str | None, list[str]] = {None: []}
    for n in names:
        children.setdefault(n, [])
    for n in names:
        children[parents[n]].append(n)
    preorder: list[str] = []
    levels: dict[str, int] = {}
    stack = [(n, 0) for n in reversed(children[None])]
    while stack:
        n, lev = stack.pop()
        preorder.append(n)
        levels[n] = lev
        stack.extend((c, lev + 1) for c in reversed(children[n]))
    if len(preorder) < len(names):
        start = next(n for n in names if n not in levels)
        path = [start]
        while parents[path[-1]] not in path:
            path.append(parents[path[-1]])
        loop_start = parents[path[-1]]
        loop = path[path.index(loop_start) :] + [loop_start]
        # walk the loop top-down (parent before child) for the message
        chain = " -> ".join(repr(x) for x in reversed(loop))
        raise DataError(
            f"{func}: the goals {chain} form a cycle: node {loop_start!r} is its own "
            "ancestor. Every chain of parents must end at a top goal (empty `parent`)"
        )
    return names, parents, children, preorder, levels


def _shares(func: str, children, weights: dict[str, float]) -> dict[str, float]:
    shares: dict[str, float] = {}
    for parent, kids in children.items():
        if not kids:
            continue
        total = sum(weights[k] for k in kids)
        if total <= 0:
            who = "the top goals" if parent is None else f"the children of {parent!r}"
            raise DataError(
                f"{func}: all of {who} ({', '.join(map(repr, kids))}) have weight 0; give "
                "at least one a positive weight"
            )
        for k in kids:
            shares[k] = weights[k] / total
    return shares


_CASCADE_COLUMNS = [
    "node",
    "parent",
    "level",
    "kpi",
    "weight",
    "share",
    "start",
    "target",
    "current",
    "own_progress",
    "progress",
    "status",
    "n_children",
    "note",
]


def goal_cascade(
    nodes,
    *,
    kpi_values: pd.DataFrame | None = None,
    at=None,
    bands=(0.4, 0.7),
    missing: str = "propagate",
    include_partial: bool = False,
) -> pd.DataFrame:
    """Roll progress up a tree of goals, from teams to departments to the company goal.

    Parameters
    ----------
    nodes : DataFrame or list of dict
        One row per goal: ``node`` (a unique name) and ``parent`` (the name of the goal
        it serves; empty for a top goal); optionally ``weight`` (its importance among its
        siblings, default 1, >= 0), ``kpi`` (the KPI that measures it), and either
        ``progress`` (a share in [0, 1]) or ``start``, ``target`` and ``current`` (the
        metric's values, as in a :class:`KeyResult`).
    kpi_values : DataFrame, optional
        A tidy KPI table; a goal with ``kpi``, ``start`` and ``target`` but no ``current``
        takes the KPI's latest observed value at or before ``at``.
    at : date-like, optional
        The date the cascade is read at (for values from ``kpi_values``).
    bands : (float, float), default (0.4, 0.7)
        Progress from which a goal is "at risk" and from which it is "on track" (the OKR
        colour bands of :func:`okr_scores`).
    missing : {"propagate", "skip"}, default "propagate"
        A child without progress: ``"propagate"`` leaves its parent's progress NaN;
        ``"skip"`` rolls up the children that have progress, renormalising their weights,
        and says so in ``note``.
    include_partial : bool, default False
        Use periods flagged ``partial`` in ``kpi_values``.

    Returns
    -------
    DataFrame
        Depth-first (each goal followed by the goals below it, in input order), one row
        per goal: ``node, parent, level`` (0 for a top goal), ``kpi, weight, share``
        (weight over the siblings' total), ``start, target, current, own_progress`` (from
        the goal's own values, NaN without them), ``progress`` (own for a leaf, rolled up
        from the children for a parent), ``status`` ("on track", "at risk", "off track"
        or "no data"), ``n_children`` and ``note``.

    Raises
    ------
    SmbkitError
        If an option is invalid.
    DataError
        If a column is missing, a name is missing or repeated, a parent is unknown, the
        parents form a cycle, a weight is negative or all siblings have weight 0, a
        progress is outside [0, 1], or a goal's values are incomplete or contradictory.

    Notes
    -----
    Siblings' weights are normalised, :math:`a_j = w_j / \\sum_k w_k`, and a parent's
    progress is the weighted mean of its children's:

    .. math::

        P_{\\text{parent}} = \\sum_j a_j P_j.

    A leaf's progress is :func:`key_result_progress` of its start, target and current
    value (or the progress given). A parent's own KPI (``own_progress``) is shown beside
    the rolled-up value: if the children are on track but the parent's own KPI is not,
    the cascade is missing a driver. Business meaning: each team sees how much its goal
    counts toward the company goal, and the owner sees where the company goal is being
    lost.

    Examples
    --------
    >>> tree = goal_cascade([
    ...     {"node": "Defects 4 % -> 2 %", "parent": None},
    ...     {"node": "Production", "parent": "Defects 4 % -> 2 %", "weight": 3,
    ...      "start": 5.0, "target": 2.0, "current": 3.5},              # 0.5 of the way
    ...     {"node": "Procurement", "parent": "Defects 4 % -> 2 %", "weight": 1,
    ...      "progress": 0.9}])
    >>> tree[["node", "level", "share", "progress", "status"]]
                     node  level  share  progress    status
    0  Defects 4 % -> 2 %      0   1.00       0.6   at risk
    1          Production      1   0.75       0.5   at risk
    2         Procurement      1   0.25       0.9  on track
    """
    func = "goal_cascade"
    check_option(func, "missing", missing, ["propagate", "skip"])
    edges = _check_okr_bands(func, bands)
    frame = _nodes_frame(func, nodes)
    names, parents, children, preorder, levels = _tree(func, frame)
    if kpi_values is not None:
        _kpi_frame(func, kpi_values)
    at_ts = None if at is None else _timestamp(func, "at", at)
    records = dict(zip(names, frame.to_dict("records"), strict=True))

    weights: dict[str, float] = {}
    info: dict[str, dict] = {}
    for n in names:
        row = records[n]
        w = _float_or_nan(f"{func}: node {n!r}", "`weight`", row.get("weight"))
        w = 1.0 if math.isnan(w) else w
        if w < 0:
            raise DataError(f"{func}: node {n!r} has weight {w:g}; weights must be >= 0")
        weights[n] = w
        info[n] = _own_progress(func, n, row, kpi_values, at_ts, include_partial)
    shares = _shares(func, children, weights)

    progress: dict[str, float] = {}
    notes: dict[str, list[str]] = {n: [info[n]["note"]] if info[n]["note"] else [] for n in names}
    for n in reversed(preorder):
        kids = children[n]
        if not kids:
            progress[n] = info[n]["own_progress"]
            continue
        counted = [k for k in kids if shares[k] > 0]
        lacking = [k for k in counted if np.isnan(progress[k])]
        have = [k for k in counted if not np.isnan(progress[k])]
        if lacking and (missing == "propagate" or not have):
            progress[n] = float("nan")
            notes[n].append(f"no roll-up: no progress for {', '.join(map(repr, lacking))}")
        else:
            total = sum(shares[k] for k in have)
            progress[n] = float(sum(shares[k] * progress[k] for k in have) / total)
            if lacking:
                notes[n].append(f"rolled up without {', '.join(map(repr, lacking))} (no data)")

    rows = [
        {
            "node": n,
            "parent": parents[n],
            "level": levels[n],
            "kpi": info[n]["kpi"],
            "weight": weights[n],
            "share": shares[n],
            "start": info[n]["start"],
            "target": info[n]["target"],
            "current": info[n]["current"],
            "own_progress": info[n]["own_progress"],
            "progress": progress[n],
            "status": _BAND_STATUS[_band(progress[n], edges)],
            "n_children": len(children[n]),
            "note": "; ".join(notes[n]),
        }
        for n in preorder
    ]
    out = pd.DataFrame(rows, columns=_CASCADE_COLUMNS)
    for c in ("weight", "share", "start", "target", "current", "own_progress", "progress"):
        out[c] = out[c].astype(float)
    out["level"] = out["level"].astype("int64")
    out["n_children"] = out["n_children"].astype("int64")
    return out


def _nodes_frame(func: str, nodes) -> pd.DataFrame:
    if isinstance(nodes, pd.DataFrame):
        return nodes.reset_index(drop=True)
    try:
        return pd.DataFrame(list(nodes))
    except TypeError as exc:
        raise SmbkitError(
            f"{func}: `nodes` must be a DataFrame or a list of dicts (node, parent, ...), got "
            f"{type(nodes).__name__}"
        ) from exc


def _own_progress(func, n, row, kpi_values, at_ts, include_partial) -> dict:
    who = f"{func}: node {n!r}"
    kpi = row.get("kpi")
    kpi = None if _missing(kpi) else str(kpi).strip()
    s = _float_or_nan(who, "`start`", row.get("start"))
    t = _float_or_nan(who, "`target`", row.get("target"))
    c = _float_or_nan(who, "`current`", row.get("current"))
    given = _float_or_nan(who, "`progress`", row.get("progress"))
    note = ""
    has_values = not (math.isnan(s) and math.isnan(t) and math.isnan(c))
    if not math.isnan(given):
        if has_values:
            raise DataError(
                f"{who} has both `progress` and start/target/current; give one or the other"
            )
        if not 0 <= given <= 1:
            raise DataError(
                f"{who} has progress {given:g}; progress is a share in [0, 1] (0 = at the "
                "start, 1 = target reached)"
            )
        p = given
    elif has_values:
        if math.isnan(s) or math.isnan(t):
            lacking = "start" if math.isnan(s) else "target"
            raise DataError(
                f"{who} has no `{lacking}`; progress needs both a start and a target value"
            )
        if s == t:
            raise DataError(
                f"{who} has start = target = {t:g}, so progress is undefined; set a target "
                "that moves the metric"
            )
        if math.isnan(c) and kpi is not None and kpi_values is not None:
            c, note = _current_value(func, kpi_values, kpi, at_ts, include_partial)
        elif math.isnan(c):
            note = "no current value"
        p = key_result_progress(c, s, t)
    else:
        p = float("nan")
    return {"kpi": kpi, "start": s, "target": t, "current": c, "own_progress": p, "note": note}


def cascade_check(cascade, *, kpis_in_use=None) -> pd.DataFrame:
    """List the gaps in a goal cascade: goals nothing measures, KPIs that serve no goal.

    Parameters
    ----------
    cascade : DataFrame or list of dict
        A table from :func:`goal_cascade`, or its input (``node, parent`` and ``kpi``).
    kpis_in_use : iterable of str or DataFrame, optional
        The KPIs the business tracks (e.g. on its scorecard or dashboard), or a tidy KPI
        table whose ``kpi`` column lists them. Without it only unmeasured goals are
        checked.

    Returns
    -------
    DataFrame
        ``issue, node, kpi, detail``, one row per problem, in this order:
        "objective without KPI" (a goal with no KPI on itself or on any goal below it,
        depth-first), "KPI not in use" (a goal's KPI that is not among ``kpis_in_use``)
        and "orphan KPI" (a KPI in use that no goal names). Empty when nothing is wrong.

    Raises
    ------
    DataError
        If a column is missing or the tree is invalid (see :func:`goal_cascade`).

    Notes
    -----
    A parent without a KPI of its own is measured through its children, so it is only
    flagged when nothing below it is measured either. Business meaning: an orphan KPI is
    tracked effort that serves no goal (a candidate vanity metric, or a goal nobody wrote
    down); a goal without a KPI is a wish.

    Examples
    --------
    >>> nodes = [{"node": "Grow", "parent": None, "kpi": "revenue"},
    ...          {"node": "Delight", "parent": "Grow", "kpi": None},
    ...          {"node": "Sell online", "parent": "Grow", "kpi": "conversion_rate"}]
    >>> gaps = cascade_check(nodes, kpis_in_use=["revenue", "conversion_rate", "social_likes"])
    >>> gaps[["issue", "node", "kpi"]]
                       issue     node           kpi
    0  objective without KPI  Delight           NaN
    1             orphan KPI      NaN  social_likes
    """
    func = "cascade_check"
    frame = _nodes_frame(func, cascade)
    require_columns(func, list(frame.columns), table="cascade", node="node", kpi="kpi")
    names, _, children, preorder, _ = _tree(func, frame)
    kpi_of = {
        n: (None if _missing(k) else str(k).strip())
        for n, k in zip(names, frame["kpi"].tolist(), strict=True)
    }
    measured: dict[str, bool] = {}
    for n in reversed(preorder):
        measured[n] = kpi_of[n] is not None or any(measured[c] for c in children[n])
    rows = [
        {
            "issue": "objective without KPI",
            "node": n,
            "kpi": None,
            "detail": "no KPI on this goal or on any goal below it",
        }
        for n in preorder
        if not measured[n]
    ]
    if kpis_in_use is not None:
        if isinstance(kpis_in_use, pd.DataFrame):
            require_columns(func, list(kpis_in_use.columns), table="kpis_in_use", kpi="kpi")
            in_use = list(pd.unique(kpis_in_use["kpi"].dropna().astype(str)))
        elif isinstance(kpis_in_use, str):
            raise SmbkitError(
                f"{func}: `kpis_in_use` must be a list of KPI ids, got the string "
                f"{kpis_in_use!r}; wrap it in a list"
            )
        else:
            in_use = list(dict.fromkeys(str(k) for k in kpis_in_use))
        tied = {k for k in kpi_of.values() if k is not None}
        rows += [
            {
                "issue": "KPI not in use",
                "node": n,
                "kpi": kpi_of[n],
                "detail": "the goal's KPI is not among the KPIs in use: nobody tracks it",
            }
            for n in preorder
            if kpi_of[n] is not None and kpi_of[n] not in in_use
        ]
        rows += [
            {
                "issue": "orphan KPI",
                "node": None,
                "kpi": k,
                "detail": "a KPI in use that no goal names",
            }
            for k in in_use
            if k not in tied
        ]
    return pd.DataFrame(rows, columns=["issue", "node", "kpi", "detail"])


# --------------------------------------------------------------------------- balanced scorecard


_BSC_COLUMNS = ["perspective", *_SCORECARD_COLUMNS]


def _perspective_map(func, catalog, perspectives) -> tuple[dict, dict, dict]:
    """Return kpi -> perspective, kpi -> label and kpi -> polarity."""
    if catalog is None:
        from smbkit.kpis import catalog as kpi_catalog

        catalog = kpi_catalog()
    if not isinstance(catalog, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `catalog` must be a DataFrame with kpi and perspective columns (like "
            f"smbkit.kpis.catalog()), got {type(catalog).__name__}"
        )
    require_columns(
        func, list(catalog.columns), table="catalog", kpi="kpi", perspective="perspective"
    )
    ids = catalog["kpi"].astype(str).tolist()
    persp = dict(zip(ids, catalog["perspective"].tolist(), strict=True))
    labels = dict(zip(ids, catalog["label"], strict=True)) if "label" in catalog else {}
    pols = dict(zip(ids, catalog["polarity"], strict=True)) if "polarity" in catalog else {}
    if perspectives is not None:
        if not isinstance(perspectives, Mapping):
            raise SmbkitError(
                f"{func}: `perspectives` must map KPI ids to perspectives, e.g. "
                f"{{'defect_rate': 'internal process'}}, got {type(perspectives).__name__}"
            )
        persp.update({str(k): v for k, v in perspectives.items()})
    return persp, labels, pols


def balanced_scorecard(
    kpi_values: pd.DataFrame,
    goals: Iterable[Goal] | Mapping[str, Goal] | None = None,
    *,
    catalog: pd.DataFrame | None = None,
    perspectives: Mapping[str, str] | None = None,
    kpis: Iterable[str] | None = None,
    at=None,
    trend_periods: int = 6,
    compare_to: str = "plan",
    bands=(0.05, 0.10),
    band_type: str = "relative",
    flat_within: float = 0.02,
    include_partial: bool = False,
) -> pd.DataFrame:
    """Return a balanced scorecard: KPIs grouped by the four perspectives, with status.

    Parameters
    ----------
    kpi_values : DataFrame
        Tidy KPI table with ``period, kpi, value`` (as from :func:`smbkit.kpis.compute`).
    goals : iterable of Goal, or mapping of KPI id to Goal, optional
        Goals for some or all KPIs; a KPI with a goal is scored exactly as in
        :func:`scorecard`.
    catalog : DataFrame, optional
        Where each KPI's perspective (and ``label``, ``polarity`` when present) comes
        from; :func:`smbkit.kpis.catalog` when omitted.
    perspectives : mapping of str to str, optional
        Perspectives for KPIs not in the catalog (e.g. a manufacturer's
        ``{"defect_rate": "internal process"}``), or to override the catalog's.
    kpis : iterable of str, optional
        The KPIs to show. Default: the goals' KPIs when goals are given, otherwise every
        KPI in ``kpi_values``.
    at, trend_periods, compare_to, bands, band_type, flat_within, include_partial
        As in :func:`scorecard`.

    Returns
    -------
    DataFrame
        ``perspective`` followed by the columns of :func:`scorecard`, ordered by
        perspective (financial, customer, internal process, learning and growth) and then
        as given. A KPI without a goal has its actual value and trend, no target, and
        status "no target"; a perspective no KPI covers gets one row with no KPI, status
        "no KPI" and a note, so the gap shows.

    Raises
    ------
    SmbkitError
        If an option is invalid, a perspective is not one of the four, or a goal's KPI
        is not among ``kpis``.
    DataError
        If a column is missing, a KPI is not in ``kpi_values``, or a KPI has no
        perspective (pass ``perspectives=``).

    Notes
    -----
    Kaplan & Norton's balanced scorecard (Harvard Business Review, 1992) looks at a
    business from four sides, so that good financial results bought by neglecting
    customers, processes or people show up. Status, variance and trend follow
    :func:`scorecard`. Business meaning: one page that asks "are we winning?" from four
    angles, and says which angle nobody is watching.

    Examples
    --------
    >>> kv = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-02-01"] * 2),
    ...                    "kpi": ["revenue"] * 2 + ["nps"] * 2,
    ...                    "value": [100.0, 104.0, 30.0, 35.0]})
    >>> goal = Goal("revenue", 100, "2025-01-01", 112, "2025-04-01", "higher")
    >>> bsc = balanced_scorecard(kv, [goal], kpis=["revenue", "nps"])
    >>> bsc[["perspective", "kpi", "actual", "status"]]
               perspective      kpi  actual     status
    0            financial  revenue   104.0   on track
    1             customer      nps    35.0  no target
    2     internal process      NaN     NaN     no KPI
    3  learning and growth      NaN     NaN     no KPI
    """
    func = "balanced_scorecard"
    check_option(func, "compare_to", compare_to, ["plan", "target"])
    _check_bands(func, bands, band_type)
    if int(trend_periods) != trend_periods or trend_periods < 1:
        raise SmbkitError(
            f"{func}: `trend_periods` must be a whole number >= 1, got {trend_periods!r}"
        )
    _kpi_frame(func, kpi_values)
    if goals is None:
        goal_list: list[Goal] = []
    elif isinstance(goals, Mapping):
        goal_list = list(goals.values())
    else:
        goal_list = list(goals)
    for g in goal_list:
        if not isinstance(g, Goal):
            raise SmbkitError(f"{func}: `goals` must hold Goal objects, got {type(g).__name__}")
    goal_kpis = [g.kpi for g in goal_list]
    if kpis is not None:
        if isinstance(kpis, str):
            raise SmbkitError(f"{func}: `kpis` must be a list of KPI ids, got the string {kpis!r}")
        shown = list(dict.fromkeys(str(k) for k in kpis))
        for k in goal_kpis:
            if k not in shown:
                raise SmbkitError(
                    f"{func}: there is a goal for KPI {k!r}, but {k!r} is not in `kpis`; add "
                    "it to `kpis` or drop the goal"
                )
    elif goal_list:
        shown = list(dict.fromkeys(goal_kpis))
    else:
        shown = [str(k) for k in pd.unique(kpi_values["kpi"].dropna())]
    persp, labels, pols = _perspective_map(func, catalog, perspectives)
    for k in shown:
        if k not in persp or _missing(persp[k]):
            raise DataError(
                f"{func}: KPI {k!r} has no perspective in the catalog; pass "
                f"perspectives={{{k!r}: ...}} with one of {list(PERSPECTIVES)!r}"
            )
        check_option(f"{func} (KPI {k!r})", "perspective", persp[k], PERSPECTIVES)

    card = scorecard(
        kpi_values,
        goal_list,
        at=at,
        trend_periods=trend_periods,
        compare_to=compare_to,
        bands=bands,
        band_type=band_type,
        flat_within=flat_within,
        include_partial=include_partial,
    )
    scored = {row["kpi"]: row for row in card.to_dict("records")}
    at_ts = None if at is None else _timestamp(func, "at", at)
    rows = []
    for k in shown:
        if k in scored:
            row = dict(scored[k])
            if row["label"] == k and k in labels:
                row["label"] = labels[k]
        else:
            row = _unscored(
                func,
                kpi_values,
                k,
                at_ts,
                trend_periods,
                flat_within,
                include_partial,
                labels.get(k, k),
                pols.get(k),
            )
        row["perspective"] = persp[k]
        rows.append(row)
    covered = {persp[k] for k in shown}
    for p in PERSPECTIVES:
        if p not in covered:
            rows.append(
                {
                    "perspective": p,
                    "status": "no KPI",
                    "trend": [],
                    "trend_direction": "no data",
                    "note": f"no KPI measures the {p} perspective: add one to keep the "
                    "scorecard balanced",
                }
            )
    out = pd.DataFrame(rows).reindex(columns=_BSC_COLUMNS)
    order = {p: i for i, p in enumerate(PERSPECTIVES)}
    out = out.iloc[np.argsort(out["perspective"].map(order).to_numpy(), kind="stable")]
    out = out.reset_index(drop=True)
    for c in ("actual", "baseline", "target", "benchmark", "variance", "variance_pct"):
        out[c] = out[c].astype(float)
    for c in ("period", "deadline"):
        out[c] = pd.to_datetime(out[c]).astype("datetime64[ns]")
    return out


def _unscored(
    func, kpi_values, k, at_ts, trend_periods, flat_within, include_partial, label, polarity
) -> dict:
    """A scorecard row for a KPI without a goal: actual value and trend, no status."""
    s = _kpi_series(func, kpi_values, k, include_partial=include_partial)
    obs = s.dropna()
    notes = ["no goal set"]
    if at_ts is None:
        period = pd.Timestamp(obs.index[-1]) if len(obs) else pd.NaT
    else:
        period = at_ts
    actual = float(s.get(period, np.nan)) if period is not pd.NaT else float("nan")
    if np.isnan(actual):
        notes.append("no value for this period")
    window = s[s.index <= period].iloc[-trend_periods:] if period is not pd.NaT else s[:0]
    if polarity in POLARITIES:
        direction = _direction(window.to_numpy(), polarity, flat_within)
    else:
        polarity = None
        direction = "no data"
        notes.append("polarity unknown: no trend direction")
    return {
        "kpi": k,
        "label": label,
        "period": period,
        "actual": actual,
        "status": "no target",
        "polarity": polarity,
        "trend": [float(x) for x in window.to_numpy()],
        "trend_direction": direction,
        "note": "; ".join(notes),
    }
