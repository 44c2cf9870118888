"""The variance waterfall: from one total to another, one effect at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns

__all__ = ["WATERFALL_COLOURS", "plot_waterfall"]

#: Bar colours (Okabe-Ito): totals grey, effects that raise the total green, lower it red.
WATERFALL_COLOURS = {"total": "#999999", "up": "#009e73", "down": "#d55e00"}

_KINDS = ("total", "effect")


def _check_bridge(func: str, bridge: object) -> pd.DataFrame:
    if not isinstance(bridge, pd.DataFrame):
        hint = " (pass result.bridge)" if hasattr(bridge, "bridge") else ""
        raise SmbkitError(
            f"{func}: `bridge` must be a DataFrame with columns step, kind, amount, start, "
            f"end, but a {type(bridge).__name__} was passed{hint}"
        )
    require_columns(
        func, list(bridge.columns), table="bridge", step="step", kind="kind", amount="amount"
    )
    require_columns(func, list(bridge.columns), table="bridge", start="start", end="end")
    if len(bridge) == 0:
        raise DataError(f"{func}: `bridge` has no rows; there is nothing to draw")
    kinds = set(bridge["kind"].astype(str))
    if not kinds <= set(_KINDS):
        raise DataError(
            f"{func}: column 'kind' must hold only {list(_KINDS)!r}, "
            f"but it holds {sorted(kinds - set(_KINDS))!r}"
        )
    numbers = bridge[["amount", "start", "end"]].to_numpy(dtype="float64", na_value=np.nan)
    if not np.isfinite(numbers).all():
        raise DataError(f"{func}: `bridge` has a missing or infinite amount, start or end")
    amount, start, end = numbers.T
    size = max(1.0, float(np.abs(numbers).max()))
    total = (bridge["kind"] == "total").to_numpy()
    wrong = np.where(total, (np.abs(start) + np.abs(end - amount)), np.abs(end - start - amount))
    bad = wrong > 1e-9 * size
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise DataError(
            f"{func}: row {i} ({bridge['step'].iloc[i]!r}) does not add up: a total bar runs "
            "from 0 to its amount and an effect bar from start to end = start + amount; "
            "build the bridge with price_volume_mix() or gross_profit_bridge()"
        )
    return bridge


def plot_waterfall(
    bridge: pd.DataFrame,
    *,
    ax=None,
    title: str | None = None,
    unit: str = "USD",
    ylabel: str = "Revenue",
    zoom: bool = False,
):
    """Draw a bridge table as a waterfall: totals grey, rises green, falls red.

    Parameters
    ----------
    bridge : DataFrame
        Columns ``step``, ``kind`` ("total" or "effect"), ``amount``, ``start`` and
        ``end``: the ``bridge`` of :func:`smbkit.analysis.price_volume_mix` or the result
        of :func:`smbkit.finance.gross_profit_bridge`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    title : str, optional
        Defaults to "From <first step> to <last step>".
    unit : str, default "USD"
        The unit of the amounts, shown in the y label.
    ylabel : str, default "Revenue"
        What the amounts are.
    zoom : bool, default False
        Start the y axis just below the lowest effect bar instead of at 0, so small
        effects between large totals are visible; the y label then says the axis is cut.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per row, in order: bar ``i`` spans ``min(start, end)`` to
        ``max(start, end)`` (its patch has that bottom and a non-negative height), with
        the amount written above it and a dotted line from each bar's end to the next bar.

    Raises
    ------
    SmbkitError
        If ``bridge`` is not a DataFrame.
    DataError
        If a column is missing, ``kind`` holds other values, a number is missing, or a
        row does not add up (a total must run from 0 to its amount, an effect from start
        to start + amount).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from smbkit.finance import gross_profit_bridge
    >>> bridge = gross_profit_bridge({"units": 100, "revenue": 500.0, "cogs": 200.0},
    ...                              {"units": 110, "revenue": 583.0, "cogs": 242.0})
    >>> ax = plot_waterfall(bridge, ylabel="Gross profit")
    >>> [round(float(p.get_height()), 2) for p in ax.patches]
    [300.0, 30.0, 33.0, 22.0, 341.0]
    >>> ax.get_ylabel()
    'Gross profit (USD)'
    >>> import matplotlib.pyplot as plt
    >>> plt.close(ax.figure)
    """
    func = "plot_waterfall"
    table = _check_bridge(func, bridge)
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(max(6.0, 1.1 * len(table)), 4.5))
    start = table["start"].to_numpy(dtype="float64")
    end = table["end"].to_numpy(dtype="float64")
    amount = table["amount"].to_numpy(dtype="float64")
    total = (table["kind"] == "total").to_numpy()
    bottoms = np.minimum(start, end)
    heights = np.abs(end - start)
    colours = np.where(
        total,
        WATERFALL_COLOURS["total"],
        np.where(amount >= 0, WATERFALL_COLOURS["up"], WATERFALL_COLOURS["down"]),
    )
    x = np.arange(len(table))
    ax.bar(x, heights, bottom=bottoms, color=colours, width=0.7, zorder=2)
    for i in range(len(table) - 1):
        ax.plot([i + 0.35, i + 0.65], [end[i], end[i]], color="0.4", linestyle=":", zorder=1)
    for i in range(len(table)):
        text = f"{amount[i]:,.0f}" if total[i] else f"{amount[i]:+,.0f}"
        ax.annotate(
            text,
            (x[i], bottoms[i] + heights[i]),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize="small",
        )
    ax.set_xticks(x, [str(s) for s in table["step"]])
    ax.tick_params(axis="x", labelrotation=30)
    for label in ax.get_xticklabels():
        label.set_horizontalalignment("right")
    label = f"{ylabel} ({unit})"
    effects = ~total
    if zoom and effects.any():
        low = float(min(start[effects].min(), end[effects].min()))
        high = float(max(start.max(), end.max()))
        ax.set_ylim(bottom=low - 0.15 * (high - low), top=high + 0.08 * (high - low))
        label += ", axis cut"
    ax.set_ylabel(label)
    ax.set_xlabel("Step")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    steps = list(table["step"])
    ax.set_title(title if title is not None else f"From {steps[0]} to {steps[-1]}")
    return ax
