"""Goal pictures: a plan path against actuals, and a traffic-light scorecard."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import SmbkitError
from smbkit._validation import require_columns

__all__ = ["STATUS_COLOURS", "plot_plan", "sparkline", "style_scorecard"]

#: Background colours of the scorecard's status cells (colour-blind-safe light tints).
STATUS_COLOURS = {
    "on track": "#b8e0b8",
    "at risk": "#fde29a",
    "off track": "#f4a6a0",
    "no data": "#e0e0e0",
}
_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values) -> str:
    """Return a text sparkline of ``values`` in unicode blocks (missing values as spaces).

    The lowest value maps to the lowest block and the highest to the highest; a constant
    series is drawn at mid height.

    >>> sparkline([1, 2, 3, 4, 5, 6, 7, 8])
    '▁▂▃▄▅▆▇█'
    >>> sparkline([5, float("nan"), 5])
    '▄ ▄'
    """
    v = np.asarray(list(values), dtype=float)
    ok = ~np.isnan(v)
    if not ok.any():
        return " " * len(v)
    lo, hi = float(v[ok].min()), float(v[ok].max())
    chars = []
    for x in v:
        if np.isnan(x):
            chars.append(" ")
        elif hi == lo:
            chars.append(_BLOCKS[3])
        else:
            chars.append(_BLOCKS[int(round((x - lo) / (hi - lo) * (len(_BLOCKS) - 1)))])
    return "".join(chars)


def style_scorecard(card: pd.DataFrame):
    """Return a pandas Styler of a scorecard with traffic-light status and sparklines.

    Parameters
    ----------
    card : DataFrame
        A table from :func:`smbkit.targets.scorecard` (needs ``kpi``, ``actual``,
        ``status``; uses ``trend`` for the sparkline when present).

    Returns
    -------
    pandas.io.formats.style.Styler
        The card without its ``trend`` and ``note`` columns, with a ``sparkline``
        column (the trend in unicode blocks, oldest left) and the ``status`` cells
        coloured by :data:`STATUS_COLOURS`.

    Raises
    ------
    DataError
        If a required column is missing.
    """
    require_columns(
        "style_scorecard",
        list(card.columns),
        table="card",
        kpi="kpi",
        actual="actual",
        status="status",
    )
    show = card.drop(columns=[c for c in ("trend", "note") if c in card.columns])
    if "trend" in card.columns:
        show.insert(len(show.columns), "sparkline", [sparkline(t) for t in card["trend"]])

    def colour(col: pd.Series) -> list[str]:
        return [f"background-color: {STATUS_COLOURS.get(s, '')}" for s in col]

    fmt = {
        c: "{:,.2f}"
        for c in ("actual", "baseline", "target", "benchmark", "variance")
        if c in show.columns
    }
    if "variance_pct" in show.columns:
        fmt["variance_pct"] = "{:+.1%}"
    for c in ("period", "deadline"):
        if c in show.columns:
            fmt[c] = lambda d: "" if pd.isna(d) else f"{d:%Y-%m-%d}"
    return show.style.apply(colour, subset=["status"]).format(fmt, na_rep="–")


def _actual_series(actual, kpi: str | None) -> pd.Series:
    if isinstance(actual, pd.Series):
        return pd.Series(actual.to_numpy(dtype=float), index=pd.to_datetime(actual.index))
    if not isinstance(actual, pd.DataFrame):
        raise SmbkitError(
            f"plot_plan: `actual` must be a DataFrame (period, value) or a Series indexed by "
            f"date, got {type(actual).__name__}"
        )
    require_columns(
        "plot_plan", list(actual.columns), table="actual", period="period", value="value"
    )
    rows = actual
    if "kpi" in actual.columns and kpi is not None:
        rows = actual[actual["kpi"] == kpi]
    if "partial" in rows.columns:
        rows = rows[~rows["partial"].astype(bool)]
    s = pd.Series(rows["value"].to_numpy(dtype=float), index=pd.to_datetime(rows["period"]))
    return s.sort_index()


def plot_plan(goal_or_plan, actual=None, *, projection=None, unit: str | None = None, ax=None):
    """Draw a goal's plan path from baseline to target, with actual values if given.

    Parameters
    ----------
    goal_or_plan : Goal or DataFrame
        A :class:`smbkit.targets.Goal`, or a plan from :func:`smbkit.targets.plan_path`
        (``period, planned``).
    actual : DataFrame or Series, optional
        Actual values: a tidy KPI table (``period, kpi, value``; filtered to the goal's
        KPI, partial periods left out) or a Series indexed by date.
    projection : DataFrame, optional
        A trend from :func:`smbkit.targets.trend_projection` (``period, projected``).
    unit : str, optional
        The KPI's unit for the y label; the goal's unit when omitted.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Lines in order: plan, then actual and projection when given; the target is a
        marker at the deadline.
    """
    from smbkit.targets import Goal, plan_path

    if isinstance(goal_or_plan, Goal):
        plan = plan_path(goal_or_plan)
        kpi, label = goal_or_plan.kpi, goal_or_plan.label
        unit = unit or goal_or_plan.unit
    elif isinstance(goal_or_plan, pd.DataFrame):
        require_columns(
            "plot_plan",
            list(goal_or_plan.columns),
            table="plan",
            period="period",
            planned="planned",
        )
        plan, kpi, label = goal_or_plan, None, "KPI"
    else:
        raise SmbkitError(
            "plot_plan: `goal_or_plan` must be a Goal or a plan_path() DataFrame, got "
            f"{type(goal_or_plan).__name__}"
        )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 3.5))
    ax.plot(plan["period"], plan["planned"], linestyle="--", color="0.35", label="Plan")
    ax.plot(
        plan["period"].iloc[[-1]],
        plan["planned"].iloc[[-1]],
        marker="*",
        markersize=14,
        linestyle="none",
        color="#d55e00",
        label="Target",
    )
    if actual is not None:
        s = _actual_series(actual, kpi)
        ax.plot(s.index, s.to_numpy(), marker="o", markersize=3, color="#0072b2", label="Actual")
    if projection is not None:
        require_columns(
            "plot_plan",
            list(projection.columns),
            table="projection",
            period="period",
            projected="projected",
        )
        ax.plot(
            projection["period"],
            projection["projected"],
            linestyle=":",
            color="#009e73",
            label="Current trend",
        )
    ax.set_title(f"{label}: plan from baseline to target")
    ax.set_xlabel("Period")
    ax.set_ylabel(f"{label} ({unit})" if unit else label)
    from smbkit.plots._kpi import _thousands

    _thousands(ax)
    ax.legend(loc="best", fontsize="small")
    return ax
