"""Exploration share against long-run profit."""

from __future__ import annotations

import pandas as pd

from smbkit._errors import DataError
from smbkit._validation import require_columns

__all__ = ["plot_explore_exploit"]


def plot_explore_exploit(result: pd.DataFrame, *, unit: str = "budget units", ax=None):
    """Draw long-run profit against the share of the budget spent on exploring.

    Parameters
    ----------
    result : DataFrame
        The result of :func:`smbkit.ambidexterity.explore_exploit_simulation`.
    unit : str, default "budget units"
        Unit of profit, for the y-axis label.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        The mean profit as a line with markers, the 5th-95th percentile band of the runs
        shaded, and the best share marked and labelled.
    """
    if not isinstance(result, pd.DataFrame):
        raise DataError(
            "plot_explore_exploit: `result` must be the DataFrame from "
            f"explore_exploit_simulation(), not {type(result).__name__}."
        )
    for col in ("explore_share", "mean_profit", "lower", "upper"):
        require_columns("plot_explore_exploit", list(result.columns), table="result", column=col)
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2))
    r = result.sort_values("explore_share").assign(pct=lambda d: 100 * d["explore_share"])
    ax.fill_between(
        r["pct"],
        r["lower"],
        r["upper"],
        color="#0072b2",
        alpha=0.15,
        label="90 % of simulated businesses",
    )
    sns.lineplot(
        data=r,
        x="pct",
        y="mean_profit",
        marker="o",
        color="#0072b2",
        label="average long-run profit",
        ax=ax,
    )
    best = r.loc[r["mean_profit"].idxmax()]
    ax.axvline(best["pct"], color="0.3", linestyle="--", linewidth=1)
    ax.annotate(
        f"best: explore {best['pct']:.0f} %",
        (best["pct"], best["mean_profit"]),
        xytext=(8, 8),
        textcoords="offset points",
        fontsize="small",
    )
    ax.axhline(0, color="0.5", linewidth=0.8)
    ax.set_xlabel("share of the budget spent on experiments (%)")
    ax.set_ylabel(f"profit over the horizon ({unit})")
    ax.set_title("Explore vs exploit: long-run profit by exploration share")
    ax.legend(loc="lower left", fontsize="small")
    return ax
