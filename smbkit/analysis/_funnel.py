"""Funnels: how far deals get through a sales pipeline, and who uses a product feature.

Both aggregate raw rows with narwhals (pandas, polars eager or lazy, DuckDB) and return
small pandas frames.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

import narwhals as nw
import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import closest, require_columns
from smbkit.kpis._engagement import load_events
from smbkit.kpis._engine import as_narwhals, load, ratio, to_frame, to_pandas
from smbkit.kpis._periods import check_freq, grid, partial_flags, period_expr
from smbkit.kpis._pipeline import DEAL_KEY, outcome_rule

__all__ = ["feature_adoption", "stage_conversion"]

_DAY = "__smbkit_day"
_ANY_DAY = _dt.datetime(2000, 1, 1)


def _names(func: str, arg: str, value, example: str) -> list[str]:
    names = [value] if isinstance(value, str) else list(value) if value is not None else []
    if not names or not all(isinstance(n, str) and n for n in names):
        raise SmbkitError(
            f"{func}: `{arg}` must be a name or a list of names such as {example}, but "
            f"{value!r} was passed"
        )
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise SmbkitError(f"{func}: `{arg}` names {twice!r} more than once; give each once")
    return names


def stage_conversion(
    deals,
    *,
    stages: Sequence[str],
    stage: str = "stage",
    outcome: str = "outcome",
    closed_only: bool = False,
) -> pd.DataFrame:
    """Return, per pipeline stage, the deals that reached it and the share that went on.

    Parameters
    ----------
    deals : DataFrame
        One row per CRM deal (pandas or polars DataFrame, polars LazyFrame or DuckDB
        relation).
    stages : sequence of str
        The open stages of the pipeline in order, first to last (e.g. ``["lead",
        "qualified", "proposal", "negotiation"]``), as they appear in ``stage``.
    stage, outcome : str
        Columns with the deal's current stage and its outcome ("won", "lost" or "open").
    closed_only : bool, default False
        Count only won and lost deals. By default open deals count too, as having got
        as far as their current stage: while many deals are in flight the late stages'
        conversion is understated (they may still move on).

    Returns
    -------
    DataFrame
        One row per stage, in order: ``stage``, ``next_stage`` (the following stage;
        "won" after the last), ``reached`` (deals that reached the stage),
        ``reached_next`` (of those, deals that reached the next stage or were won),
        ``conversion_pct`` (100 * reached_next / reached) and ``note`` (why a value is NaN
        or needs care).

    Raises
    ------
    SmbkitError
        If ``stages`` is empty or names a stage twice.
    DataError
        If a column is missing, ``deal_id`` repeats, an outcome is not won, lost or open,
        or an open deal is at a stage that is not in ``stages``.

    Notes
    -----
    An export shows each deal's *current* stage only, so the path is inferred: a deal at
    stage :math:`k` reached every stage before it in the given order, and a won deal
    reached them all. A lost deal whose stage is one of ``stages`` was lost there (some
    CRMs keep it); a lost deal at a stage outside the list (HubSpot's "closedlost") only
    shows that it entered the pipeline, so it counts as reaching the first stage, and the
    note says how many did. With :math:`n_k` the deals that reached stage :math:`k`,

    .. math:: \\text{conversion}_k = 100 \\cdot \\frac{n_{k+1}}{n_k}, \\qquad
              n_{K+1} = \\text{won deals}

    A deal that skipped a stage is counted as having passed through it. Where the
    pipeline loses the most deals is where to look first.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.analysis import stage_conversion
    >>> deals = pd.DataFrame({
    ...     "stage": ["lead", "lead", "demo", "demo", "closedwon", "closedlost"],
    ...     "outcome": ["open", "lost", "open", "lost", "won", "lost"]})
    >>> out = stage_conversion(deals, stages=["lead", "demo"])
    >>> out[["stage", "next_stage", "reached", "reached_next"]]
      stage next_stage  reached  reached_next
    0  lead       demo        6             3
    1  demo        won        3             1
    >>> out["conversion_pct"].round(1).tolist()
    [50.0, 33.3]
    >>> out["note"].iloc[0]   # the "closedlost" deal
    '1 lost deal has a stage outside `stages`: counted as reaching the first stage only'
    """
    func = "stage_conversion"
    order = _names(func, "stages", stages, "['lead', 'qualified', 'proposal']")
    if not isinstance(closed_only, bool):
        raise SmbkitError(f"{func}: `closed_only` must be True or False, not {closed_only!r}")
    # load() expects a date role; this measure has none, so a constant day stands in.
    frame = as_narwhals(func, deals, "deals")
    require_columns(func, frame.columns, table="deals", stage=stage, outcome=outcome)
    src = load(
        func,
        frame.with_columns(nw.lit(_ANY_DAY).alias(_DAY)),
        table="deals",
        roles={"stage": stage, "outcome": outcome, "day": _DAY},
        dates=("day",),
        required=("outcome",),
        rules=[outcome_rule()],
        unique=DEAL_KEY,
    )
    c = nw.col
    k = len(order)
    position = nw.when(c("stage") == order[0]).then(0)
    for i, name in enumerate(order[1:], start=1):
        position = position.when(c("stage") == name).then(i)
    lf = src.lf
    if closed_only:
        lf = lf.filter(c("outcome") != "open")
    placed = lf.with_columns(
        nw.when(c("outcome") == "won")
        .then(nw.lit(k))
        .otherwise(position.otherwise(-1))
        .alias("position")
    )
    counts = to_frame(placed.group_by("outcome", "position").agg(nw.len().alias("deals")))
    pos = counts["position"].to_numpy(dtype="int64")
    result_outcome = counts["outcome"].astype("str").to_numpy()
    n = counts["deals"].to_numpy(dtype="int64")
    stray_open = int(n[(pos == -1) & (result_outcome == "open")].sum())
    if stray_open:
        found = to_frame(
            placed.filter(c("position") == -1, c("outcome") == "open")
            .group_by("stage")
            .agg(nw.len().alias("deals"))
            .sort("deals", "stage", descending=[True, False])
        )
        first = found["stage"].iloc[0]
        first = None if pd.isna(first) else str(first)
        hint = closest(first, order) if first is not None else []
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        raise DataError(
            f"{func}: {stray_open:,} open deal(s) are at a stage that is not in `stages` "
            f"(column {stage!r}, stage=; first: {first!r}, {int(found['deals'].iloc[0]):,} "
            f"deal(s)); `stages` is {order!r}.{tail} List every open stage of the pipeline "
            "in order, or filter the deals to one pipeline first."
        )
    stray_lost = int(n[pos == -1].sum())
    # Reached stage j: deals at position >= j; the stray lost ones reached the first only.
    at = np.array([n[pos == j].sum() for j in range(k + 1)], dtype="float64")
    reached = at[::-1].cumsum()[::-1]  # reached[j] = deals at position j or later
    reached[0] += stray_lost
    reached_next = reached[1:]  # the stray lost deals are in reached[0] only
    value, note = ratio(
        pd.Series(reached_next),
        pd.Series(reached[:k]),
        scale=100.0,
        zero_note="no deal reached this stage: denominator is zero",
    )
    if stray_lost:
        plural = "deal has" if stray_lost == 1 else "deals have"
        note.iloc[0] = (
            f"{stray_lost} lost {plural} a stage outside `stages`: counted as reaching the "
            "first stage only"
        )
    return pd.DataFrame(
        {
            "stage": pd.Series(order, dtype="str"),
            "next_stage": pd.Series([*order[1:], "won"], dtype="str"),
            "reached": reached[:k].astype("int64"),
            "reached_next": reached_next.astype("int64"),
            "conversion_pct": value.to_numpy(),
            "note": pd.Series(note.to_numpy(), dtype="str"),
        }
    )


def feature_adoption(
    events,
    *,
    event: str | Sequence[str],
    freq: str = "M",
    user_id: str = "user_id",
    device_id: str | None = "device_id",
    time: str = "time",
    event_column: str = "event",
) -> pd.DataFrame:
    """Return, per period, the share of active users who used a given event (feature).

    Parameters
    ----------
    events : DataFrame
        One row per product-analytics event (pandas or polars DataFrame, polars LazyFrame
        or DuckDB relation).
    event : str or sequence of str
        The event name(s) standing for the feature, as they appear in ``event_column``;
        one result row per name and period.
    freq : {"W", "M", "Q", "Y"}, default "M"
        Period length; weeks start on Monday.
    user_id, device_id, time : str
        Columns with the user (missing for anonymous events), the device (an anonymous
        event counts as its device's; ``None`` leaves anonymous events out) and the
        event's local time.
    event_column : str, default "event"
        Column with the event's name.

    Returns
    -------
    DataFrame
        ``period``, ``event``, ``users`` (distinct users with that event in the period),
        ``active_users`` (distinct users with any event), ``adoption_pct`` (100 * users /
        active_users), ``partial`` (the data do not cover the whole period) and ``note``;
        sorted by event (in the order given), then period.

    Raises
    ------
    SmbkitError
        If ``freq`` is not an option or ``event`` is empty or repeats a name.
    DataError
        If a column is missing, a time or event name is missing, an event has neither a
        user nor a device id, or a name in ``event`` never occurs (with the closest
        names that do).

    Notes
    -----
    With :math:`A_t` the users with any event in period :math:`t` and :math:`F_t` those
    with the feature's event,

    .. math:: \\text{adoption}_t = 100 \\cdot \\frac{|F_t|}{|A_t|}

    Users are counted as in :func:`smbkit.kpis.dau` (anonymous events by device), over
    the calendar period. Whether a feature is part of how people use the product, or a
    corner few find.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.analysis import feature_adoption
    >>> events = pd.DataFrame({
    ...     "user_id": ["a", "a", "b", "c"], "device_id": ["p", "p", "q", "r"],
    ...     "time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-09"]),
    ...     "event": ["login", "export", "login", "login"]})
    >>> feature_adoption(events, event="export")[["event", "users", "active_users",
    ...                                            "adoption_pct"]]
        event  users  active_users  adoption_pct
    0  export      1             3     33.333333
    """
    func = "feature_adoption"
    check_freq(func, freq)
    names = _names(func, "event", event, "'export' or ['export', 'share']")
    roles = {"user_id": user_id, "time": time, "event": event_column}
    if device_id is not None:
        roles["device_id"] = device_id
    src, lf = load_events(func, events, roles, event=True)
    c = nw.col
    lf = lf.with_columns(period_expr("day", freq).alias("period"))
    active = to_pandas(lf.group_by("period").agg(c("actor").n_unique().alias("active_users")))
    used = to_frame(
        lf.filter(c("event").is_in(names))
        .group_by("period", "event")
        .agg(c("actor").n_unique().alias("users"))
    )
    missing = [n for n in names if n not in set(used["event"].astype("str"))]
    if missing:
        seen = to_frame(lf.select(c("event")).unique())["event"].dropna().astype("str")
        hint = closest(missing[0], seen)
        tail = f" Did you mean {hint[0]!r}?" if hint else ""
        some = sorted(seen)[:10]
        raise DataError(
            f"{func}: event {missing[0]!r} never occurs in events (column {event_column!r}, "
            f"event_column=).{tail} Events that occur include {some!r}."
        )
    periods = grid(src.first_day, src.last_day, freq)
    active_users = active.set_index("period")["active_users"].reindex(periods).fillna(0.0)
    used["period"] = pd.to_datetime(used["period"]).astype("datetime64[ns]")
    partial = np.asarray(partial_flags(periods, freq, src.first_day, src.last_day))
    frames = []
    for name in names:  # one step per feature name, not per row
        rows = used[used["event"].astype("str") == name].set_index("period")["users"]
        users = rows.astype("float64").reindex(periods).fillna(0.0)
        value, note = ratio(
            users,
            active_users,
            scale=100.0,
            zero_note="no active users in period: denominator is zero",
        )
        frames.append(
            pd.DataFrame(
                {
                    "period": periods,
                    "event": name,
                    "users": users.to_numpy(dtype="int64"),
                    "active_users": active_users.to_numpy(dtype="int64"),
                    "adoption_pct": value.to_numpy(),
                    "partial": partial,
                    "note": note.to_numpy(),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    return out.astype({"event": "str", "note": "str"})
