"""Framework pictures: the balanced scorecard table, OKR scores and the goal tree."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from smbkit._errors import DataError
from smbkit._validation import require_columns
from smbkit.plots._goals import STATUS_COLOURS, style_scorecard

__all__ = ["OKR_COLOURS", "plot_goal_tree", "plot_okrs", "style_balanced_scorecard"]

#: Colours of the statuses only the balanced scorecard uses (added to STATUS_COLOURS).
_BSC_EXTRA = {"no target": "#ffffff", "no KPI": "#d7cdea"}
#: Colours of the OKR bands, the same tints as the scorecard's traffic lights.
OKR_COLOURS = {
    "green": STATUS_COLOURS["on track"],
    "yellow": STATUS_COLOURS["at risk"],
    "red": STATUS_COLOURS["off track"],
    "no data": STATUS_COLOURS["no data"],
}


def style_balanced_scorecard(bsc: pd.DataFrame):
    """Return a pandas Styler of a balanced scorecard with traffic lights and sparklines.

    Parameters
    ----------
    bsc : DataFrame
        A table from :func:`smbkit.targets.balanced_scorecard` (needs ``perspective``,
        ``kpi``, ``actual``, ``status``; uses ``trend`` for the sparkline).

    Returns
    -------
    pandas.io.formats.style.Styler
        As :func:`style_scorecard` (no ``trend`` and ``note`` columns, a ``sparkline``
        column, ``status`` cells coloured by :data:`STATUS_COLOURS`), with "no target"
        cells white and a perspective that no KPI covers ("no KPI") in lilac, the index
        hidden and a caption.

    Raises
    ------
    DataError
        If a required column is missing.

    Examples
    --------
    >>> from smbkit.targets import balanced_scorecard
    >>> kv = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...                    "kpi": "revenue", "value": [100.0, 104.0]})
    >>> styler = style_balanced_scorecard(balanced_scorecard(kv))
    >>> styler.data[["perspective", "status"]]
               perspective     status
    0            financial  no target
    1             customer     no KPI
    2     internal process     no KPI
    3  learning and growth     no KPI
    >>> styler.data["sparkline"].tolist()
    ['▁█', '', '', '']
    """
    require_columns(
        "style_balanced_scorecard",
        list(bsc.columns),
        table="bsc",
        perspective="perspective",
        kpi="kpi",
        actual="actual",
        status="status",
    )
    styler = style_scorecard(bsc)

    def extra(col: pd.Series) -> list[str]:
        return [f"background-color: {_BSC_EXTRA[s]}" if s in _BSC_EXTRA else "" for s in col]

    return (
        styler.apply(extra, subset=["status"])
        .hide(axis="index")
        .set_caption(
            "Balanced scorecard: financial, customer, internal process, learning and growth"
        )
    )


def plot_okrs(okr_table: pd.DataFrame, *, ax=None):
    """Draw OKR scores as horizontal bars: each key result's progress and each objective's score.

    Parameters
    ----------
    okr_table : DataFrame
        A table from :func:`smbkit.targets.okr_scores`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per row of ``okr_table``, top to bottom in its order (an objective's bar
        first, outlined, then its key results), length = progress (0 where there is no
        data), coloured by band (:data:`OKR_COLOURS`); dashed lines mark where yellow and
        green start.

    Raises
    ------
    DataError
        If a required column is missing.

    Examples
    --------
    >>> from smbkit.targets import KeyResult, Objective, okr_scores
    >>> okrs = okr_scores(Objective("Launch the shop", [KeyResult("Features", 0, 6, 3),
    ...                                                 KeyResult("Orders", 0, 50, 45)]))
    >>> ax = plot_okrs(okrs)
    >>> [round(float(bar.get_width()), 2) for bar in ax.patches]   # score, key results
    [0.7, 0.5, 0.9]
    """
    require_columns(
        "plot_okrs",
        list(okr_table.columns),
        table="okr_table",
        objective="objective",
        key_result="key_result",
        level="level",
        progress="progress",
        band="band",
    )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 0.45 * len(okr_table) + 1.2))
    y = -np.arange(len(okr_table), dtype=float)
    is_obj = (okr_table["level"] == "objective").to_numpy()
    labels = [
        f"{o}" if obj else f"    {k}"
        for o, k, obj in zip(okr_table["objective"], okr_table["key_result"], is_obj, strict=True)
    ]
    widths = okr_table["progress"].fillna(0.0).to_numpy(dtype=float)
    colours = [OKR_COLOURS.get(b, OKR_COLOURS["no data"]) for b in okr_table["band"]]
    ax.barh(
        y,
        widths,
        color=colours,
        edgecolor=["0.2" if o else "none" for o in is_obj],
        linewidth=[1.2 if o else 0.0 for o in is_obj],
        height=0.7,
    )
    for yi, p, obj in zip(y, okr_table["progress"], is_obj, strict=True):
        text = "no data" if pd.isna(p) else f"{p:.2f}"
        ax.text(
            (0.0 if pd.isna(p) else p) + 0.01,
            yi,
            text,
            va="center",
            fontsize=8,
            fontweight="bold" if obj else "normal",
        )
    for edge, name in ((0.4, "yellow from 0.4"), (0.7, "green (success) from 0.7")):
        ax.axvline(edge, linestyle="--", color="0.5", linewidth=0.8, label=name)
    ax.set_yticks(y, labels)
    for tick, obj in zip(ax.get_yticklabels(), is_obj, strict=True):
        tick.set_fontweight("bold" if obj else "normal")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small", frameon=False)
    ax.set_xlim(0, 1.12)
    ax.set_xlabel("Progress toward target (0 = start, 1 = target reached)")
    ax.set_ylabel("Objective and its key results")
    ax.set_title("OKR scores: 0.7 counts as success")
    return ax


def _tree_layout(cascade: pd.DataFrame) -> dict[str, tuple[float, float]]:
    """x, y of each node: leaves side by side in depth-first order, parents centred above."""
    children: dict[str, list[str]] = {}
    roots = []
    for n, p in zip(cascade["node"], cascade["parent"], strict=True):
        children.setdefault(n, [])
        if pd.isna(p):
            roots.append(n)
        else:
            children.setdefault(p, []).append(n)
    pos: dict[str, tuple[float, float]] = {}
    next_x = [0.0]

    def place(n: str, level: int) -> float:
        kids = children[n]
        if kids:
            xs = [place(k, level + 1) for k in kids]
            x = (xs[0] + xs[-1]) / 2
        else:
            x = next_x[0]
            next_x[0] += 1.0
        pos[n] = (x, -float(level))
        return x

    for r in roots:
        place(r, 0)
    return pos


def plot_goal_tree(cascade: pd.DataFrame, *, ax=None):
    """Draw a goal cascade as a tree: one box per goal, coloured by status, with edges.

    Parameters
    ----------
    cascade : DataFrame
        A table from :func:`smbkit.targets.goal_cascade` (needs ``node, parent, level,
        progress, status``; shows ``kpi``, ``share`` and a parent's ``own_progress``
        when present).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One rounded box per goal in the table's (depth-first) order, its face colour that
        of its status in :data:`STATUS_COLOURS`, its ``gid`` the goal's name; one line per
        parent-child edge; one text per box with the goal, its KPI, its progress (and a
        parent's own KPI progress) and its weight share; top goals at the top (level 0)
        and a status legend.

    Raises
    ------
    DataError
        If a required column is missing or the table is empty.

    Examples
    --------
    >>> from smbkit.targets import goal_cascade
    >>> tree = goal_cascade([{"node": "Company", "parent": None},
    ...                      {"node": "Sales", "parent": "Company", "progress": 0.8},
    ...                      {"node": "Service", "parent": "Company", "progress": 0.2}])
    >>> ax = plot_goal_tree(tree)
    >>> [p.get_gid() for p in ax.patches], len(ax.get_lines())
    (['Company', 'Sales', 'Service'], 2)
    """
    func = "plot_goal_tree"
    require_columns(
        func,
        list(cascade.columns),
        table="cascade",
        node="node",
        parent="parent",
        level="level",
        progress="progress",
        status="status",
    )
    if cascade.empty:
        raise DataError(f"{func}: `cascade` is empty; build it with goal_cascade(...)")
    from matplotlib.patches import FancyBboxPatch, Patch

    pos = _tree_layout(cascade)
    n_cols = max(x for x, _ in pos.values()) + 1
    depth = int(cascade["level"].max()) + 1
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(max(6.0, 2.3 * n_cols), max(2.5, 1.7 * depth)))
    w, h = 0.86, 0.56
    for n, p in zip(cascade["node"], cascade["parent"], strict=True):
        if pd.isna(p):
            continue
        (x0, y0), (x1, y1) = pos[p], pos[n]
        ax.plot(
            [x0, x0, x1, x1],
            [y0 - h / 2, (y0 + y1) / 2, (y0 + y1) / 2, y1 + h / 2],
            color="0.45",
            linewidth=1.0,
            zorder=1,
        )
    for row in cascade.to_dict("records"):
        x, y = pos[row["node"]]
        box = FancyBboxPatch(
            (x - w / 2, y - h / 2),
            w,
            h,
            boxstyle="round,pad=0.02,rounding_size=0.06",
            facecolor=STATUS_COLOURS.get(row["status"], STATUS_COLOURS["no data"]),
            edgecolor="0.3",
            linewidth=1.0,
            zorder=2,
            gid=str(row["node"]),
        )
        ax.add_patch(box)
        lines = [textwrap.shorten(str(row["node"]), width=34, placeholder="…")]
        kpi = row.get("kpi")
        if kpi is not None and not pd.isna(kpi):
            lines.append(f"KPI: {kpi}")
        p = row["progress"]
        lines.append("progress: no data" if pd.isna(p) else f"progress {p:.0%}")
        own = row.get("own_progress")
        if row.get("n_children", 0) and own is not None and not pd.isna(own):
            lines.append(f"own KPI {own:.0%}")
        share = row.get("share")
        if share is not None and not pd.isna(share) and not pd.isna(row["parent"]):
            lines.append(f"weight {share:.0%}")
        wrapped = "\n".join(textwrap.fill(s, width=24) for s in lines)
        ax.text(x, y, wrapped, ha="center", va="center", fontsize=7.5, zorder=3)
    ax.set_xlim(-0.6, n_cols - 0.4)
    ax.set_ylim(-depth + 1 - 0.6, 0.6)
    ax.set_xticks([])
    ax.set_yticks(
        [-float(k) for k in range(depth)],
        ["top goal" if k == 0 else f"level {k}" for k in range(depth)],
    )
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("Goals at each level (colour: status; % of the way from start to target)")
    ax.set_ylabel("Level in the cascade")
    ax.set_title("Goal cascade: progress rolled up from each goal to the one it serves")
    handles = [
        Patch(facecolor=STATUS_COLOURS[s], edgecolor="0.3", label=s)
        for s in ("on track", "at risk", "off track", "no data")
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize="small",
        title="status",
        frameon=False,
    )
    return ax
