"""Forecast pictures: a fan chart of a forecast's intervals, and an STL decomposition."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import require_columns

__all__ = ["plot_decomposition", "plot_forecast"]

_HISTORY_COLOUR = "#0072b2"
_FORECAST_COLOUR = "#d55e00"


def _label(name, unit: str | None) -> str:
    name = str(name) if name is not None else "Value"
    return f"{name} ({unit})" if unit else name


def _date_axis(ax) -> None:
    """A few concise date labels, so they do not run into each other."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _history(func: str, history) -> pd.Series:
    if not isinstance(history, pd.Series) or not isinstance(history.index, pd.DatetimeIndex):
        raise SmbkitError(
            f"{func}: `history` must be a pandas Series indexed by date (as given to "
            f"smbkit.forecast.forecast), got {type(history).__name__}"
        )
    return history


def _tables(func: str, fc) -> list[pd.DataFrame]:
    tables = [fc] if isinstance(fc, pd.DataFrame) else list(fc) if isinstance(fc, Sequence) else []
    if not tables or not all(isinstance(t, pd.DataFrame) for t in tables):
        raise SmbkitError(
            f"{func}: `fc` must be a table from smbkit.forecast.forecast (or a list of them at "
            f"different levels), got {type(fc).__name__}"
        )
    for t in tables:
        require_columns(
            func,
            list(t.columns),
            table="fc",
            date="date",
            forecast="forecast",
            lower="lower",
            upper="upper",
        )
    first = pd.to_datetime(tables[0]["date"])
    for t in tables[1:]:
        if (
            not pd.to_datetime(t["date"])
            .reset_index(drop=True)
            .equals(first.reset_index(drop=True))
        ):
            raise DataError(
                f"{func}: the forecast tables in `fc` cover different dates; forecast the "
                "same horizon from the same history at each level"
            )
    # widest interval first, so narrower (darker) bands are drawn on top
    return sorted(tables, key=lambda t: -float(t.attrs.get("level", 0.0)))


def plot_forecast(
    history: pd.Series,
    fc,
    *,
    ax=None,
    title: str | None = None,
    unit: str | None = None,
):
    """Draw a fan chart: the history, the forecast and its prediction interval(s).

    Parameters
    ----------
    history : Series
        The observed values, indexed by date. It may run past the forecast's start (to show
        what actually happened against a forecast made earlier).
    fc : DataFrame or list of DataFrame
        A table from :func:`smbkit.forecast.forecast` (``date, forecast, lower, upper``),
        or several at different ``level`` for a fan of nested bands.
    ax : matplotlib Axes, optional
    title : str, optional
        Defaults to "<name>: forecast with prediction interval".
    unit : str, optional
        Unit of the values for the y label (e.g. "USD").

    Returns
    -------
    matplotlib.axes.Axes
        Lines in order: history, then the forecast; one filled band per table in ``fc``,
        widest first.

    Raises
    ------
    SmbkitError
        If ``history`` is not a dated Series or ``fc`` not a forecast table.
    DataError
        If a table lacks a column or the tables cover different dates.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.forecast import forecast
    >>> from smbkit.plots import plot_forecast
    >>> y = pd.Series([10.0, 12, 11, 13, 14, 13],
    ...               index=pd.date_range("2025-01-01", periods=6, freq="MS"), name="Orders")
    >>> fans = [forecast(y, horizon=3, model="naive", level=lv) for lv in (0.5, 0.9)]
    >>> ax = plot_forecast(y, fans, unit="orders")
    >>> ax.get_ylabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('Orders (orders)', ['Actual', '90% interval', '50% interval', 'Forecast (naive)'])
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.ticker import StrMethodFormatter

    func = "plot_forecast"
    s = _history(func, history)
    tables = _tables(func, fc)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    sns.lineplot(
        x=s.index,
        y=s.to_numpy(dtype=float),
        ax=ax,
        color=_HISTORY_COLOUR,
        marker="o",
        markersize=3,
        label="Actual",
    )
    levels = [t.attrs.get("level") for t in tables]
    shades = np.linspace(0.18, 0.45, len(tables))
    for t, lvl, alpha in zip(tables, levels, shades, strict=True):
        band = "interval" if lvl is None else f"{lvl:.0%} interval"
        ax.fill_between(
            pd.to_datetime(t["date"]),
            t["lower"].to_numpy(dtype=float),
            t["upper"].to_numpy(dtype=float),
            color=_FORECAST_COLOUR,
            alpha=float(alpha),
            linewidth=0,
            label=band,
        )
    main = tables[-1]
    spec = main.attrs.get("spec")
    sns.lineplot(
        x=pd.to_datetime(main["date"]),
        y=main["forecast"].to_numpy(dtype=float),
        ax=ax,
        color=_FORECAST_COLOUR,
        linestyle="--",
        label=f"Forecast ({spec})" if spec else "Forecast",
    )
    name = s.name if s.name is not None else "Value"
    ax.set_title(title or f"{name}: forecast with prediction interval")
    ax.set_xlabel("Date")
    ax.set_ylabel(_label(name, unit))
    _date_axis(ax)
    if np.nanmax(np.abs(s.to_numpy(dtype=float))) >= 1000:  # thousands separators
        ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.legend(loc="upper left", fontsize="small")
    return ax


def plot_decomposition(
    decomposed: pd.DataFrame, *, title: str | None = None, unit: str | None = None
):
    """Draw an STL decomposition: observed, trend, seasonal and remainder in four panels.

    Parameters
    ----------
    decomposed : DataFrame
        A table from :func:`smbkit.forecast.decompose` (``date, observed, trend, seasonal,
        resid``).
    title : str, optional
        A title over the figure.
    unit : str, optional
        Unit of the observed values (e.g. "USD"); the seasonal and remainder panels of a
        multiplicative decomposition are factors (1 = no effect).

    Returns
    -------
    matplotlib.figure.Figure
        Four Axes, top to bottom: observed, trend, seasonal, remainder.

    Raises
    ------
    DataError
        If a column is missing.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from smbkit.forecast import decompose
    >>> from smbkit.plots import plot_decomposition
    >>> y = pd.Series(50 + np.arange(16) + np.tile([3.0, -1, -4, 2], 4),
    ...               index=pd.date_range("2022-01-01", periods=16, freq="QS"))
    >>> fig = plot_decomposition(decompose(y))
    >>> [ax.get_title(loc="left") for ax in fig.axes]
    ['Observed', 'Trend', 'Seasonal', 'Remainder']
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.ticker import StrMethodFormatter

    func = "plot_decomposition"
    require_columns(
        func,
        list(decomposed.columns),
        table="decomposed",
        date="date",
        observed="observed",
        trend="trend",
        seasonal="seasonal",
        resid="resid",
    )
    factor = decomposed.attrs.get("model") == "multiplicative"
    fig, axes = plt.subplots(4, 1, figsize=(8, 7), sharex=True)
    panels = [
        ("observed", "Observed", _label("Observed", unit)),
        ("trend", "Trend", _label("Trend", unit)),
        ("seasonal", "Seasonal", "Factor (×)" if factor else _label("Seasonal", unit)),
        ("resid", "Remainder", "Factor (×)" if factor else _label("Remainder", unit)),
    ]
    dates = pd.to_datetime(decomposed["date"])
    for ax, (col, name, ylabel) in zip(axes, panels, strict=True):
        sns.lineplot(x=dates, y=decomposed[col].to_numpy(dtype=float), ax=ax, color="0.25")
        if col in ("seasonal", "resid"):
            ax.axhline(1.0 if factor else 0.0, color="0.6", linewidth=0.8)
        if np.nanmax(np.abs(decomposed[col].to_numpy(dtype=float))) >= 1000:
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.set_title(name, loc="left", fontsize="medium")
        ax.set_ylabel(ylabel)
        ax.set_xlabel("")
    _date_axis(axes[-1])
    axes[-1].set_xlabel("Date")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
