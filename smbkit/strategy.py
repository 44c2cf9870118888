"""SWOT analysis as a small table tied to KPIs.

A SWOT lists strengths and weaknesses (internal: what the business controls) and
opportunities and threats (external: what it does not). Strengths and opportunities help
the aim; weaknesses and threats harm it. A SWOT earns its keep when each item that matters
is tied to a measure, so the strategy can be checked: :func:`swot` builds the table and
:func:`unmeasured` lists the items that matter but have no KPI yet.

>>> from smbkit import strategy
>>> t = strategy.swot([{"item": "Loyal regulars", "quadrant": "strength", "priority": 3,
...                     "kpi": "repeat_purchase_rate"}])
>>> t.loc[0, ["origin", "effect"]].tolist()
['internal', 'helpful']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, closest, describe_rows, require_columns

__all__ = ["QUADRANTS", "swot", "unmeasured"]

#: quadrant -> (origin, effect)
QUADRANTS = {
    "strength": ("internal", "helpful"),
    "weakness": ("internal", "harmful"),
    "opportunity": ("external", "helpful"),
    "threat": ("external", "harmful"),
}
PRIORITIES = (1, 2, 3)
_COLUMNS = ["item", "quadrant", "origin", "effect", "kpi", "priority"]


def _missing(x) -> bool:
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def swot(
    items,
    *,
    known_kpis: Iterable[str] | None = None,
    default_priority: int | None = None,
) -> pd.DataFrame:
    """Return a tidy SWOT table with origin and effect derived from each quadrant.

    Parameters
    ----------
    items : list of dict or DataFrame
        One entry per item with ``item`` (text) and ``quadrant`` (one of "strength",
        "weakness", "opportunity", "threat"); optionally ``kpi`` (the id of the KPI that
        measures it), ``priority`` (1 = low, 2 = medium, 3 = high), and ``origin`` /
        ``effect``, which are checked against the quadrant when given.
    known_kpis : iterable of str, optional
        KPI ids that exist (e.g. ``smbkit.kpis.catalog()["kpi"]``); a linked KPI not in
        it is an error with a did-you-mean hint.
    default_priority : {1, 2, 3}, optional
        The priority of items that have none; when omitted, a missing priority is an
        error (nothing is filled in silently).

    Returns
    -------
    DataFrame
        ``item, quadrant, origin, effect, kpi, priority`` in the input order; ``origin``
        is "internal" or "external", ``effect`` "helpful" or "harmful", ``kpi`` is
        missing for unmeasured items, ``priority`` is an int in 1-3.

    Raises
    ------
    SmbkitError
        If an item has an unknown quadrant, priority or KPI, or an origin/effect that
        contradicts its quadrant.
    DataError
        If ``item`` or ``quadrant`` is missing, or an item text is empty.

    Notes
    -----
    .. math::

        \\text{origin} = \\begin{cases} \\text{internal} & \\text{strength, weakness} \\\\
        \\text{external} & \\text{opportunity, threat} \\end{cases}, \\quad
        \\text{effect} = \\begin{cases} \\text{helpful} & \\text{strength, opportunity}
        \\\\ \\text{harmful} & \\text{weakness, threat} \\end{cases}

    Business meaning: one row per thing that helps or harms the aim, each with the
    measure that will show whether the strategy deals with it.

    Examples
    --------
    >>> swot([{"item": "Rent rises in 2026", "quadrant": "threat", "priority": 2}])
                     item quadrant    origin   effect  kpi  priority
    0  Rent rises in 2026   threat  external  harmful  NaN         2
    """
    func = "swot"
    if isinstance(items, pd.DataFrame):
        frame = items.copy()
    else:
        try:
            frame = pd.DataFrame(list(items))
        except TypeError as exc:
            raise SmbkitError(
                f"{func}: `items` must be a list of dicts or a DataFrame, got "
                f"{type(items).__name__}"
            ) from exc
    if frame.empty:
        raise DataError(f"{func}: `items` is empty; list at least one item")
    require_columns(func, list(frame.columns), table="items", item="item", quadrant="quadrant")
    if default_priority is not None:
        check_option(func, "default_priority", default_priority, PRIORITIES)
    known = None if known_kpis is None else [str(k) for k in known_kpis]
    n = len(frame)
    out = {c: [] for c in _COLUMNS}
    for i, row in enumerate(frame.to_dict("records")):
        text = row.get("item")
        if _missing(text) or not str(text).strip():
            raise DataError(
                describe_rows(
                    func, "have no item text", 1, n, i, fix="describe each item in a few words"
                )
            )
        text = str(text).strip()
        quad = row.get("quadrant")
        check_option(f"{func} (item {text!r})", "quadrant", quad, list(QUADRANTS))
        origin, effect = QUADRANTS[quad]
        for col, derived in (("origin", origin), ("effect", effect)):
            given = row.get(col)
            if not _missing(given) and given != derived:
                raise SmbkitError(
                    f"{func}: item {text!r} is a {quad}, so its {col} is {derived!r}, but "
                    f"{given!r} was given; fix the quadrant or drop the {col} column"
                )
        kpi = row.get("kpi")
        kpi = np.nan if _missing(kpi) or not str(kpi).strip() else str(kpi).strip()
        if known is not None and isinstance(kpi, str) and kpi not in known:
            hint = closest(kpi, known)
            tail = f" Did you mean {hint[0]!r}?" if hint else ""
            raise SmbkitError(
                f"{func}: item {text!r} is linked to KPI {kpi!r}, which is not in "
                f"`known_kpis`.{tail}"
            )
        prio = row.get("priority")
        if _missing(prio):
            if default_priority is None:
                raise SmbkitError(
                    f"{func}: item {text!r} has no priority; give each item a priority "
                    "1 (low) to 3 (high), or pass default_priority="
                )
            prio = default_priority
        if isinstance(prio, bool) or prio not in PRIORITIES:
            raise SmbkitError(
                f"{func}: item {text!r} has priority {prio!r}; use 1 (low), 2 (medium) or 3 (high)"
            )
        for col, v in zip(_COLUMNS, (text, quad, origin, effect, kpi, int(prio)), strict=True):
            out[col].append(v)
    table = pd.DataFrame(out)
    table["kpi"] = table["kpi"].astype(object)
    table["priority"] = table["priority"].astype("int64")
    return table


def unmeasured(swot_table: pd.DataFrame, *, min_priority: int = 2) -> pd.DataFrame:
    """Return the SWOT items that matter but are tied to no KPI.

    Parameters
    ----------
    swot_table : DataFrame
        A table from :func:`swot`.
    min_priority : {1, 2, 3}, default 2
        Items with at least this priority matter (2: medium and high).

    Returns
    -------
    DataFrame
        The rows of ``swot_table`` (same columns and index) with ``priority >=
        min_priority`` and no ``kpi``; empty when every item that matters is measured.

    Raises
    ------
    SmbkitError
        If ``min_priority`` is not 1, 2 or 3.
    DataError
        If a column is missing.

    Notes
    -----
    Business meaning: an item that matters but has no measure cannot be managed; the
    list is the to-do list for the scorecard.

    Examples
    --------
    >>> t = swot([{"item": "Slow checkout", "quadrant": "weakness", "priority": 3},
    ...           {"item": "Nice logo", "quadrant": "strength", "priority": 1}])
    >>> unmeasured(t)["item"].tolist()
    ['Slow checkout']
    """
    func = "unmeasured"
    check_option(func, "min_priority", min_priority, PRIORITIES)
    require_columns(
        func,
        list(swot_table.columns),
        table="swot_table",
        item="item",
        kpi="kpi",
        priority="priority",
    )
    keep = (swot_table["priority"] >= min_priority) & swot_table["kpi"].isna()
    return swot_table[keep].copy()
