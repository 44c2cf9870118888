"""The SWOT quadrant picture."""

from __future__ import annotations

import pandas as pd

from smbkit._validation import require_columns

__all__ = ["plot_swot"]

# quadrant -> (x, y) of its lower-left corner: internal on top, helpful on the left
_CELLS = {
    "strength": (0.0, 1.0),
    "weakness": (1.0, 1.0),
    "opportunity": (0.0, 0.0),
    "threat": (1.0, 0.0),
}
_TITLES = {
    "strength": "Strengths",
    "weakness": "Weaknesses",
    "opportunity": "Opportunities",
    "threat": "Threats",
}
_FILL = {
    "strength": "#cfe8d5",
    "weakness": "#f8d5cc",
    "opportunity": "#d3e5f5",
    "threat": "#fbe3b5",
}


def plot_swot(swot_table: pd.DataFrame, *, max_items: int = 6, ax=None):
    """Draw a SWOT as a 2x2 picture: internal/external by helpful/harmful.

    Parameters
    ----------
    swot_table : DataFrame
        A table from :func:`smbkit.strategy.swot`.
    max_items : int, default 6
        Items shown per quadrant, highest priority first; the rest are counted.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Four rectangles (strengths, weaknesses, opportunities, threats, in that order);
        each item is a text "• item — KPI" (or "— no KPI yet").
    """
    require_columns(
        "plot_swot",
        list(swot_table.columns),
        table="swot_table",
        item="item",
        quadrant="quadrant",
        kpi="kpi",
        priority="priority",
    )
    from matplotlib.patches import Rectangle

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(9, 6))
    for quad, (x, y) in _CELLS.items():
        ax.add_patch(
            Rectangle((x, y), 1.0, 1.0, facecolor=_FILL[quad], edgecolor="white", linewidth=3)
        )
        ax.text(x + 0.04, y + 0.93, _TITLES[quad], fontsize=12, fontweight="bold", va="top")
        rows = swot_table[swot_table["quadrant"] == quad]
        rows = rows.sort_values("priority", ascending=False, kind="stable")
        for j, (_, row) in enumerate(rows.head(max_items).iterrows()):
            kpi = "no KPI yet" if pd.isna(row["kpi"]) else str(row["kpi"])
            ax.text(x + 0.05, y + 0.80 - 0.11 * j, f"• {row['item']} — {kpi}", fontsize=9, va="top")
        if len(rows) > max_items:
            ax.text(
                x + 0.05,
                y + 0.80 - 0.11 * max_items,
                f"(+{len(rows) - max_items} more)",
                fontsize=8,
                va="top",
                style="italic",
            )
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_xticks([0.5, 1.5], ["Helpful", "Harmful"])
    ax.set_yticks([1.5, 0.5], ["Internal", "External"])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    ax.set_xlabel("Effect on the aim")
    ax.set_ylabel("Origin")
    ax.set_title("SWOT: each item with the KPI that measures it")
    return ax
