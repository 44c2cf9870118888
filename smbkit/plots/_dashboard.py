"""The one-page KPI dashboard: trends, targets, peer bands and a headline per KPI."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, require_columns
from smbkit.plots._goals import STATUS_COLOURS
from smbkit.plots._kpi import _labels, _select, _unit_label

__all__ = ["dashboard", "format_value"]

_PERIOD_NAMES = {"W": "Week", "M": "Month", "Q": "Quarter", "Y": "Year"}
_ACTUAL_COLOUR = "#0072b2"
_TARGET_COLOUR = "#d55e00"
_BAND_COLOUR = "0.55"


def format_value(value: float, unit: str) -> str:
    """Return a KPI value as a short headline in its unit.

    >>> format_value(69.176, "%"), format_value(18.63, "USD"), format_value(48.9, "points")
    ('69.2 %', '$18.63', '49 points')
    >>> format_value(float("nan"), "%")
    'no data'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    v = float(value)
    if unit == "%":
        return f"{v:.1f} %"
    if unit == "USD":
        return f"${v:,.2f}" if abs(v) < 1000 else f"${v:,.0f}"
    if unit == "points":
        return f"{v:.0f} points"
    if unit == "count":
        return f"{v:,.0f}"
    if unit == "days":
        return f"{v:.0f} days"
    if unit == "times":
        return f"{v:.1f}×"
    return f"{v:,.2f} {unit}".strip()


def _polarity(kpi: str, bands: pd.DataFrame | None) -> str | None:
    from smbkit.kpis import catalog

    cat = catalog().set_index("kpi")
    if kpi in cat.index:
        return str(cat.at[kpi, "polarity"])
    if bands is not None and "polarity" in bands.columns:
        pol = bands.loc[bands["kpi"] == kpi, "polarity"].dropna()
        if len(pol):
            return str(pol.iloc[0])
    return None


def _check_targets(func: str, targets, kpis: Sequence[str]) -> dict:
    from smbkit.targets import Goal

    if targets is None:
        return {}
    if not isinstance(targets, Mapping):
        raise SmbkitError(
            f"{func}: `targets` must map KPI ids to a Goal or a number, e.g. "
            f"{{'gross_margin': 70.0}}, but a {type(targets).__name__} was passed"
        )
    for k, t in targets.items():
        check_option(func, "targets", k, list(kpis))
        if isinstance(t, Goal):
            if t.kpi != k:
                raise SmbkitError(
                    f"{func}: `targets[{k!r}]` is a Goal for KPI {t.kpi!r}; key each goal by "
                    "its own KPI"
                )
        elif isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
            raise SmbkitError(
                f"{func}: `targets[{k!r}]` must be a Goal or a finite number, but {t!r} was passed"
            )
    return dict(targets)


def _check_bands(func: str, benchmarks) -> pd.DataFrame | None:
    if benchmarks is None:
        return None
    if not isinstance(benchmarks, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `benchmarks` must be the table smbkit.benchmarks.benchmark_bands() "
            f"returns, but a {type(benchmarks).__name__} was passed"
        )
    require_columns(
        func,
        list(benchmarks.columns),
        table="benchmarks",
        kpi="kpi",
        period="period",
        lower="lower",
        upper="upper",
    )
    return benchmarks


def dashboard(
    kpi_values: pd.DataFrame,
    *,
    kpis: Sequence[str],
    targets: Mapping | None = None,
    benchmarks: pd.DataFrame | None = None,
    title: str = "KPI dashboard",
    labels: Mapping[str, str] | None = None,
    col_wrap: int = 3,
    height: float = 2.8,
    include_partial: bool = False,
):
    """Draw a one-page KPI dashboard: one panel per KPI with its trend, target and peer band.

    Each panel shows the KPI's values over time (a line), its target (a dashed line: the
    goal's plan for a :class:`~smbkit.targets.Goal`, a flat line for a number), the peers'
    benchmark band shaded between its lower and upper edge (usually p25-p75) with the
    peer median dotted, and a headline: the latest value, its status against the target
    (coloured as in :data:`STATUS_COLOURS`) and where it sits among peers.

    Parameters
    ----------
    kpi_values : DataFrame
        Tidy KPI table (``period, kpi, value``, optionally ``unit`` and ``partial``) with
        one value per KPI and period, as from :func:`smbkit.kpis.compute`.
    kpis : list of str
        The KPIs to show, in panel order.
    targets : mapping of KPI id to Goal or float, optional
        A Goal's status is against its plan for the latest period (as in
        :func:`smbkit.targets.scorecard`); a number's status is against that number, with
        the polarity from :func:`smbkit.kpis.catalog` (or the benchmark table).
    benchmarks : DataFrame, optional
        Peer bands as from :func:`smbkit.benchmarks.benchmark_bands` (``kpi, period,
        lower, upper``; uses ``median``, ``percentile``, ``better_than_pct``, ``flag``,
        ``polarity``, ``illustrative``, ``source`` and ``segment`` when present). Rows for
        KPIs not in ``kpis`` are not drawn.
    title : str
        The page's title.
    labels : mapping of KPI id to str, optional
        Panel titles to use instead of the catalogue's labels (e.g. to say that an
        average order value covers in-store orders only).
    col_wrap : int, default 3
        Panels per row.
    height : float, default 2.8
        Height of one panel in inches.
    include_partial : bool, default False
        Draw partial periods too (left out by default: a half period looks like a fall).

    Returns
    -------
    matplotlib.figure.Figure
        One Axes per KPI (its gid is the KPI id). In each, the line with gid ``"actual"``
        holds the KPI's values, ``"target"`` the target or plan, ``"peer_median"`` the
        median, and the filled area with gid ``"band"`` the band; the right-hand title
        (gid ``"headline"``) is the headline.

    Raises
    ------
    SmbkitError
        If ``kpis`` is empty or names a KPI not in the table, or ``targets``,
        ``benchmarks``, ``labels`` or ``col_wrap`` is invalid.
    DataError
        If a column is missing or a KPI has two values for one period.

    Notes
    -----
    Status uses :func:`smbkit.targets.status` (default bands: within 5 % of target is on
    track, 5-10 % short is at risk). The footnote says whether the peer bands are
    illustrative or names their sources. Business meaning: the whole business on one page,
    each number next to what it should be and what peers achieve.
    """
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import seaborn as sns

    from smbkit.benchmarks import BenchmarkPosition, _infer_freq
    from smbkit.targets import Goal, status

    func = "dashboard"
    if isinstance(kpis, str) or not isinstance(kpis, Sequence) or len(kpis) == 0:
        raise SmbkitError(
            f"{func}: `kpis` must be a non-empty list of KPI ids, e.g. ['gross_margin', "
            f"'nps'], but {kpis!r} was passed"
        )
    if isinstance(col_wrap, bool) or not isinstance(col_wrap, numbers.Integral) or col_wrap < 1:
        raise SmbkitError(f"{func}: `col_wrap` must be a whole number >= 1, got {col_wrap!r}")
    data = _select(kpi_values, kpis, func)
    if not include_partial and "partial" in data.columns:
        data = data[~data["partial"].astype(bool)]
    counts = data.groupby(["kpi", "period"], sort=True).size()
    repeated = counts[counts > 1]
    if len(repeated):
        (kpi, period), times = repeated.index[0], int(repeated.iloc[0])
        raise DataError(
            f"{func}: KPI {kpi!r} has {times} values for period {pd.Timestamp(period).date()} "
            f"({len(repeated)} periods have more than one); aggregate first, or filter to one "
            "location or channel"
        )
    goals = _check_targets(func, targets, kpis)
    bands = _check_bands(func, benchmarks)
    if labels is not None and not isinstance(labels, Mapping):
        raise SmbkitError(
            f"{func}: `labels` must map KPI ids to panel titles, but a "
            f"{type(labels).__name__} was passed"
        )
    titles = _labels(list(kpis))
    for k, text in (labels or {}).items():
        check_option(func, "labels", k, list(kpis))
        titles[k] = str(text)
    freq = _infer_freq(data["period"])
    x_label = _PERIOD_NAMES.get(freq or "", "Period")

    n = len(kpis)
    ncols = min(col_wrap, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(ncols * height * 1.7, nrows * height + 0.9),
        squeeze=False,
        layout="constrained",
    )
    used_bands = []
    for i, kpi in enumerate(kpis):
        ax = axes.flat[i]
        ax.set_gid(kpi)
        sub = data[data["kpi"] == kpi].assign(period=lambda d: pd.to_datetime(d["period"]))
        sub = sub.sort_values("period")
        unit = str(sub["unit"].iloc[0]) if "unit" in sub.columns and len(sub) else ""
        before = len(ax.lines)
        sns.lineplot(
            data=sub,
            x="period",
            y="value",
            marker="o",
            color=_ACTUAL_COLOUR,
            ax=ax,
            label="Actual",
        )
        if len(ax.lines) > before:
            ax.lines[before].set_gid("actual")
        # the peers' band
        band = None
        if bands is not None:
            band = bands[bands["kpi"] == kpi].assign(period=lambda d: pd.to_datetime(d["period"]))
            band = band[band["period"].isin(sub["period"])].sort_values("period")
            if len(band):
                used_bands.append(band)
                illustrative = "illustrative" in band.columns and bool(band["illustrative"].any())
                word = " (illustrative)" if illustrative else ""
                edges = _edges(band)
                fill = ax.fill_between(
                    band["period"],
                    band["lower"].to_numpy(dtype=float),
                    band["upper"].to_numpy(dtype=float),
                    color=_BAND_COLOUR,
                    alpha=0.22,
                    linewidth=0,
                    label=f"Peer band{edges}{word}",
                )
                fill.set_gid("band")
                if "median" in band.columns and band["median"].notna().any():
                    (med,) = ax.plot(
                        band["period"],
                        band["median"].to_numpy(dtype=float),
                        linestyle=":",
                        color="0.35",
                        linewidth=1.2,
                        label=f"Peer median{word}",
                    )
                    med.set_gid("peer_median")
            else:
                band = None
        # the target or the goal's plan
        goal = goals.get(kpi)
        polarity = None
        if isinstance(goal, Goal):
            polarity = goal.polarity
            on_plan = sub["period"][sub["period"] >= goal.baseline_date]
            (line,) = ax.plot(
                on_plan,
                [goal.expected(p) for p in on_plan],
                linestyle="--",
                color=_TARGET_COLOUR,
                linewidth=1.4,
                label="Target",
            )
            line.set_gid("target")
        elif goal is not None:
            polarity = _polarity(kpi, bands)
            if polarity is None:
                raise SmbkitError(
                    f"{func}: KPI {kpi!r} is not in the catalogue, so its polarity is unknown; "
                    "pass a targets.Goal (which carries it) instead of a number"
                )
            line = ax.axhline(
                float(goal), linestyle="--", color=_TARGET_COLOUR, linewidth=1.4, label="Target"
            )
            line.set_gid("target")
        # the headline: latest value, status, position among peers
        observed = sub.dropna(subset=["value"])
        if len(observed):
            latest = observed.iloc[-1]
            value, period = float(latest["value"]), pd.Timestamp(latest["period"])
        else:
            value, period = float("nan"), pd.NaT
        parts = [format_value(value, unit)]
        st = None
        if goal is not None:
            if isinstance(goal, Goal):
                ok = period is not pd.NaT and period >= goal.baseline_date
                benchmark = goal.expected(period) if ok else float("nan")
            else:
                benchmark = float(goal)
            st = status(value, benchmark, polarity=polarity)
            parts.append(st)
        peer = ""
        if band is not None and period is not pd.NaT:
            row = band[band["period"] == period]
            need = {"percentile", "better_than_pct", "flag", "polarity"}
            if len(row) and need <= set(row.columns):
                r = row.iloc[0]
                peer = BenchmarkPosition(
                    value,
                    float(r["percentile"]),
                    float(r["better_than_pct"]),
                    str(r["flag"]),
                    str(r["polarity"]),
                ).describe()
                peer = (
                    peer.replace("better than at least", "beats ≥")
                    .replace("better than at most", "beats ≤")
                    .replace("better than", "beats")
                )
        headline = " · ".join(parts) + (f"\n{peer}" if peer else "")
        ax.set_title(titles[kpi], loc="left", fontsize="medium", fontweight="bold")
        right = ax.set_title(headline, loc="right", fontsize="small")
        right.set_gid("headline")
        if st is not None:
            right.set_bbox(
                {"facecolor": STATUS_COLOURS[st], "edgecolor": "none", "boxstyle": "round"}
            )
        ax.set_xlabel(x_label)
        ax.set_ylabel(_unit_label(unit))
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        locator = mdates.AutoDateLocator(minticks=3, maxticks=5)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    for ax in axes.flat[n:]:
        ax.remove()
    # one legend for the page, with each kind of line once
    handles: dict[str, object] = {}
    for ax in fig.axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lab, h)
    # the footnote (where the peer bands come from) heads the legend under the panels
    note = _footnote(pd.concat(used_bands) if used_bands else None)
    if handles:
        legend = fig.legend(
            list(handles.values()),
            list(handles),
            loc="outside lower center",
            ncols=min(len(handles), 5),
            frameon=False,
            fontsize="small",
            title=note or None,
            title_fontsize="x-small",
        )
        legend.set_gid("legend")
    fig.suptitle(title, fontweight="bold")
    return fig


def _footnote(bands: pd.DataFrame | None) -> str:
    """Say where the peer bands come from, and whether they are illustrative."""
    if bands is None:
        return ""
    peers = ""
    if "segment" in bands.columns:
        peers = " for " + ", ".join(str(s) for s in dict.fromkeys(bands["segment"]))
    shaded = f"Shaded: the peer band{_edges(bands)}."
    if "illustrative" in bands.columns and bool(bands["illustrative"].any()):
        return (
            f"Peer bands{peers} are ILLUSTRATIVE: figures invented for teaching, not survey "
            f"data. {shaded}"
        )
    sources = []
    if "source" in bands.columns:
        sources = [str(s) for s in dict.fromkeys(bands["source"].dropna())]
    tail = f" Sources: {'; '.join(sources)}." if sources else ""
    return f"{shaded[:-1]}{peers}.{tail}"


def _edges(bands: pd.DataFrame) -> str:
    """Return ' p25-p75' from a band table's ``band_edges`` column, or ''."""
    if "band_edges" not in bands.columns:
        return ""
    edges = [str(e) for e in dict.fromkeys(bands["band_edges"].dropna())]
    return f" {edges[0]}" if len(edges) == 1 else ""
