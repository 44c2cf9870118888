"""The control chart: a series, its centre and limits, and the points that raised an alert."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns

__all__ = ["ALERT_COLOUR", "plot_control_chart"]

#: Colour of flagged points (Okabe-Ito vermillion).
ALERT_COLOUR = "#d55e00"


def plot_control_chart(
    chart: pd.DataFrame,
    *,
    ax=None,
    title: str | None = None,
    ylabel: str = "Value",
    unit: str = "USD",
    show_value: bool = False,
):
    """Draw a chart table from :mod:`smbkit.monitor` with its alerts marked.

    The plotted statistic is a line, the centre a dashed line, the limits a shaded band
    (they may move from row to row), and each row with ``signal`` True a vermillion dot.

    Parameters
    ----------
    chart : DataFrame
        Columns ``date, statistic, centre, lower, upper, signal`` (and ``value``), e.g. from
        :func:`smbkit.monitor.xmr_chart`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    title : str, optional
        Defaults to "Control chart: N alerts".
    ylabel : str, default "Value"
        What the statistic is; the unit is added in brackets.
    unit : str, default "USD"
    show_value : bool, default False
        Also draw the raw values as faint dots (useful when the statistic is an EWMA).

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    SmbkitError
        If ``chart`` is not a DataFrame.
    DataError
        If a chart column is missing or the table is empty.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pandas as pd
    >>> from smbkit import monitor
    >>> y = pd.Series([10.0, 12, 11, 13, 30], index=pd.date_range("2025-01-01", periods=5))
    >>> ax = plot_control_chart(monitor.xmr_chart(y, baseline=4))
    >>> ax.get_title()
    'Control chart: 1 alert'
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    func = "plot_control_chart"
    if not isinstance(chart, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `chart` must be the DataFrame a smbkit.monitor chart returns, "
            f"but a {type(chart).__name__} was passed"
        )
    require_columns(
        func,
        list(chart.columns),
        "chart",
        date="date",
        statistic="statistic",
        centre="centre",
        lower="lower",
        upper="upper",
        signal="signal",
    )
    if len(chart) == 0:
        raise DataError(f"{func}: `chart` has no rows; there is nothing to draw")
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 4))
    dates = pd.DatetimeIndex(chart["date"])
    lower = chart["lower"].to_numpy(dtype=float)
    upper = chart["upper"].to_numpy(dtype=float)
    finite = np.isfinite(lower) & np.isfinite(upper)
    ax.fill_between(
        dates, lower, upper, where=finite, color="#56b4e9", alpha=0.2, label="normal range"
    )
    for col, style in (("lower", ":"), ("upper", ":")):
        vals = chart[col].to_numpy(dtype=float)
        if np.isfinite(vals).any():
            ax.plot(dates, np.where(np.isfinite(vals), vals, np.nan), style, color="#0072b2")
    if show_value and "value" in chart:
        ax.plot(dates, chart["value"], ".", color="#999999", alpha=0.5, label="value")
    sns.lineplot(
        x=dates,
        y=chart["statistic"].to_numpy(dtype=float),
        ax=ax,
        color="#000000",
        linewidth=1,
        label="series",
    )
    ax.plot(dates, chart["centre"], "--", color="#0072b2", linewidth=1, label="centre")
    flagged = chart["signal"].to_numpy(dtype=bool)
    n = int(flagged.sum())
    ax.scatter(
        dates[flagged],
        chart["statistic"].to_numpy(dtype=float)[flagged],
        color=ALERT_COLOUR,
        s=30,
        zorder=3,
        label=f"alert ({n})",
    )
    ax.set_title(title or f"Control chart: {n} alert{'s' if n != 1 else ''}")
    ax.set_xlabel("Date")
    ax.set_ylabel(f"{ylabel} ({unit})")
    ax.legend(loc="upper left", fontsize="small")
    return ax
