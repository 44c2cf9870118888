"""KPI pictures: one trend, a grid of trends, a report card."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from smbkit._validation import check_option, require_columns

__all__ = ["kpi_grid", "kpi_trend", "report_card", "set_theme"]

_TIDY = ("period", "kpi", "value")


def set_theme(context: str = "notebook") -> None:
    """Apply the course's seaborn theme (white grid, colour-blind palette).

    Call it once in a notebook's set-up cell; importing smbkit changes nothing.

    Parameters
    ----------
    context : {"notebook", "paper", "talk"}
        seaborn plotting context: the scale of fonts and lines.
    """
    check_option("set_theme", "context", context, ["notebook", "paper", "talk"])
    import seaborn as sns

    sns.set_theme(context=context, style="whitegrid", palette="colorblind")


def _unit_label(unit: str) -> str:
    return {"%": "percent (%)", "USD": "US dollars ($)"}.get(unit, unit)


def _labels(kpi_ids: Sequence[str]) -> dict[str, str]:
    from smbkit.kpis import catalog

    cat = catalog().set_index("kpi")
    return {k: (cat.at[k, "label"] if k in cat.index else k) for k in kpi_ids}


def _thousands(ax) -> None:
    """Label the y axis 12,500 rather than 12500 (small values keep their decimals)."""
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _pos: f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}")
    )


def _select(kpi_values: pd.DataFrame, kpis: Sequence[str] | None, func: str) -> pd.DataFrame:
    require_columns(
        func,
        list(kpi_values.columns),
        table="kpi_values",
        period="period",
        kpi="kpi",
        value="value",
    )
    if kpis is None:
        return kpi_values
    present = list(dict.fromkeys(kpi_values["kpi"]))
    for k in kpis:
        check_option(func, "kpis", k, present)
    return kpi_values[kpi_values["kpi"].isin(list(kpis))]


def kpi_trend(
    kpi_values: pd.DataFrame,
    kpi: str,
    *,
    hue: str | None = None,
    include_partial: bool = False,
    ax=None,
):
    """Draw one KPI over time as a line.

    Parameters
    ----------
    kpi_values : DataFrame
        Tidy KPI table as returned by :func:`smbkit.kpis.compute`
        (``period, kpi, value, unit``, optionally ``partial``).
    kpi : str
        The KPI id to draw.
    hue : str, optional
        A column to split lines by (e.g. ``"location"`` in a table that has it).
    include_partial : bool, default False
        Partial periods (first and last, usually) are left out unless True:
        a half month looks like a collapse.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    data = _select(kpi_values, [kpi], "kpi_trend")
    if not include_partial and "partial" in data.columns:
        data = data[~data["partial"].astype(bool)]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    sns.lineplot(data=data, x="period", y="value", hue=hue, marker="o", ax=ax)
    unit = str(data["unit"].iloc[0]) if "unit" in data.columns and len(data) else ""
    ax.set_title(_labels([kpi])[kpi])
    ax.set_xlabel("Period")
    ax.set_ylabel(_unit_label(unit))
    _thousands(ax)
    return ax


def kpi_grid(
    kpi_values: pd.DataFrame,
    kpis: Sequence[str] | None = None,
    *,
    col_wrap: int = 3,
    include_partial: bool = False,
    height: float = 2.4,
    title: str | None = None,
):
    """Draw a small-multiples grid: one panel per KPI, each with its own y axis and unit.

    Parameters
    ----------
    kpi_values : DataFrame
        Tidy KPI table (``period, kpi, value, unit``, optionally ``partial``).
    kpis : list of str, optional
        KPI ids in the order to draw; all KPIs in the table when omitted.
    col_wrap : int, default 3
        Panels per row.
    include_partial : bool, default False
        Draw partial periods too (left out by default).
    height : float
        Height of one panel in inches.
    title : str, optional
        A title over the whole grid.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.dates as mdates
    import seaborn as sns

    data = _select(kpi_values, kpis, "kpi_grid")
    if not include_partial and "partial" in data.columns:
        data = data[~data["partial"].astype(bool)]
    order = list(kpis) if kpis is not None else list(dict.fromkeys(data["kpi"]))
    labels = _labels(order)
    units = data.drop_duplicates("kpi").set_index("kpi")["unit"] if "unit" in data else {}
    grid = sns.relplot(
        data=data,
        x="period",
        y="value",
        col="kpi",
        col_order=order,
        col_wrap=col_wrap,
        kind="line",
        height=height,
        aspect=1.6,
        facet_kws={"sharey": False},
    )
    for kpi, ax in grid.axes_dict.items():
        ax.set_title(labels[kpi])
        ax.set_ylabel(_unit_label(str(units[kpi])) if len(units) else "")
        ax.set_xlabel("Period")
        # a few dates per narrow panel, so the labels do not run into each other
        locator = mdates.AutoDateLocator(minticks=3, maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        _thousands(ax)
    if title:
        grid.figure.suptitle(title, y=1.02)
    return grid.figure


def report_card(
    card: pd.DataFrame,
    *,
    dimension: str = "dimension",
    measure: str = "measure",
    score: str = "score",
    ax=None,
):
    """Draw a report card: one bar per measure, grouped and coloured by dimension.

    Parameters
    ----------
    card : DataFrame
        One row per measure with a dimension (e.g. efficiency, effectiveness,
        adaptability), the measure's name and a score on a common scale
        (e.g. percent of target, where 100 means the target is met).
    dimension, measure, score : str
        Column names.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    require_columns(
        "report_card",
        list(card.columns),
        table="card",
        dimension=dimension,
        measure=measure,
        score=score,
    )
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.45 * len(card) + 1.2))
    sns.barplot(data=card, y=measure, x=score, hue=dimension, dodge=False, ax=ax)
    ax.axvline(100, color="0.3", linestyle="--", linewidth=1)
    sns.move_legend(ax, "upper left", bbox_to_anchor=(1.01, 1), title=None, frameon=False)
    ax.set_title("Report card: each measure against its target")
    ax.set_xlabel("Score (% of target; 100 = target met)")
    ax.set_ylabel("")
    return ax
