"""The before/after picture of a gamed metric."""

from __future__ import annotations

import pandas as pd

from smbkit._errors import DataError
from smbkit._validation import require_columns

__all__ = ["plot_gaming"]

_NEEDED = ("week", "period", "orders_per_hour", "customers_per_hour")


def plot_gaming(simulation: pd.DataFrame, *, ax=None):
    """Draw the paid metric and the true outcome, week by week, before and after a bonus.

    Parameters
    ----------
    simulation : DataFrame
        The result of :func:`smbkit.ethics.gaming_simulation` (or any table with ``week``,
        ``period``, ``orders_per_hour`` and ``customers_per_hour``, one row per person-week).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two lines of team averages per week (orders per staff hour, the paid metric, and
        customers served per staff hour, the outcome), a dashed line where the bonus starts
        and each period's average written next to the lines.
    """
    if not isinstance(simulation, pd.DataFrame):
        raise DataError(
            f"plot_gaming: `simulation` must be the DataFrame from gaming_simulation(), "
            f"not {type(simulation).__name__}."
        )
    for col in _NEEDED:
        require_columns("plot_gaming", list(simulation.columns), table="simulation", column=col)
    if set(simulation["period"]) != {"before bonus", "after bonus"}:
        raise DataError(
            "plot_gaming: `period` must hold both 'before bonus' and 'after bonus'; "
            f"it holds {sorted(set(simulation['period']))!r}."
        )
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 4.2))
    names = {
        "orders_per_hour": "orders per staff hour (the paid metric)",
        "customers_per_hour": "customers served per staff hour (the outcome)",
    }
    weekly = simulation.groupby("week", as_index=False)[list(names)].mean()
    long = weekly.melt(id_vars="week", var_name="series", value_name="per_hour")
    long["series"] = long["series"].map(names)
    palette = dict(zip(names.values(), ["#d55e00", "#0072b2"], strict=True))
    sns.lineplot(data=long, x="week", y="per_hour", hue="series", palette=palette, ax=ax)
    start = int(simulation.loc[simulation["period"] == "after bonus", "week"].min())
    ax.axvline(start - 0.5, color="0.3", linestyle="--", linewidth=1)
    top = float(long["per_hour"].max())
    ax.annotate(
        "bonus on orders per hour starts",
        (start - 0.5, top * 1.12),
        xytext=(4, 0),
        textcoords="offset points",
        fontsize="small",
        va="top",
    )
    means = simulation.groupby("period")[list(names)].mean()
    for col, colour in zip(names, palette.values(), strict=True):
        for period, x in (("before bonus", 0), ("after bonus", start)):
            ax.hlines(
                means.loc[period, col],
                x,
                (start - 1) if period == "before bonus" else weekly["week"].max(),
                colors=colour,
                linestyles=":",
                linewidth=1,
            )
    ax.set_ylim(0, top * 1.2)
    ax.set_xlabel("week")
    ax.set_ylabel("per staff hour (team average)")
    ax.set_title("A gamed metric: orders per hour rise, customers served do not")
    ax.legend(title=None, loc="lower left", fontsize="small")
    return ax
