"""Strategic-alignment pictures: a lag-correlation heatmap and a lead/lag chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, require_columns

__all__ = ["plot_lag_heatmap", "plot_lead_lag"]

_UNIT = {"W": "week", "M": "month", "Q": "quarter", "Y": "year", None: "period"}
_Y_LABEL = {
    "diff": "change from previous period (z-score)",
    "pct_change": "% change from previous period (z-score)",
    "detrend": "deviation from trend (z-score)",
    "none": "level (z-score)",
}


def plot_lag_heatmap(lead_lag_table: pd.DataFrame, *, freq: str | None = "W", ax=None):
    """Draw the correlation of each candidate with the outcome at each lag as a heatmap.

    Parameters
    ----------
    lead_lag_table : DataFrame
        A table as returned by :func:`smbkit.analysis.lead_lag`
        (``candidate, lag, correlation``; one row per candidate and lag).
    freq : {"W", "M", "Q", "Y"} or None, default "W"
        The period the lags count, for the axis label (None: "periods").
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Rows are candidates in the table's order, columns lags 0..max_lag; each cell is
        annotated with r, coloured on a diverging palette centred at 0 (from -1 to 1).

    Raises
    ------
    DataError
        Missing columns, or a candidate and lag that appear more than once.
    SmbkitError
        A bad ``freq``.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.plots import plot_lag_heatmap
    >>> table = pd.DataFrame({"candidate": ["visits"] * 3 + ["likes"] * 3,
    ...                       "lag": [0, 1, 2] * 2,
    ...                       "correlation": [0.0, 0.1, 0.6, 0.05, -0.02, 0.01]})
    >>> ax = plot_lag_heatmap(table)
    >>> ax.get_xlabel()
    'lag (weeks)'
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    func = "plot_lag_heatmap"
    check_option(func, "freq", freq, list(_UNIT))
    if not isinstance(lead_lag_table, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `lead_lag_table` must be the DataFrame returned by lead_lag, "
            f"but a {type(lead_lag_table).__name__} was passed"
        )
    require_columns(
        func,
        list(lead_lag_table.columns),
        table="lead_lag_table",
        candidate="candidate",
        lag="lag",
        correlation="correlation",
    )
    repeated = lead_lag_table.duplicated(["candidate", "lag"]).to_numpy()
    if repeated.any():
        first = lead_lag_table.iloc[int(np.flatnonzero(repeated)[0])]
        raise DataError(
            f"{func}: {int(repeated.sum())} rows of lead_lag_table repeat a candidate and lag "
            f"(first: candidate {first['candidate']!r}, lag {first['lag']}); pass one "
            "lead_lag result per heatmap"
        )
    order = list(dict.fromkeys(lead_lag_table["candidate"]))
    lags = sorted(set(lead_lag_table["lag"].tolist()))
    grid = pd.DataFrame(
        np.nan, index=pd.Index(order, name="candidate"), columns=pd.Index(lags, name="lag")
    )
    rows = grid.index.get_indexer(lead_lag_table["candidate"])
    cols = grid.columns.get_indexer(lead_lag_table["lag"])
    values = grid.to_numpy(copy=True)
    values[rows, cols] = lead_lag_table["correlation"].to_numpy(dtype="float64")
    grid = pd.DataFrame(values, index=grid.index, columns=grid.columns)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.7 * grid.shape[1], 1.2 + 0.5 * grid.shape[0]))
    sns.heatmap(
        grid,
        ax=ax,
        # A diverging palette on the symmetric range [-1, 1] is centred at 0 by itself;
        # seaborn's `center=` re-builds the colour map with a call matplotlib deprecates.
        cmap="vlag",
        vmin=-1.0,
        vmax=1.0,
        annot=True,
        fmt=".2f",
        linewidths=0.5,
        cbar_kws={"label": "correlation r (-1 to 1)"},
    )
    ax.set_title("Correlation with the outcome by lag\n(positive lag: the metric moves first)")
    ax.set_xlabel(f"lag ({_UNIT[freq]}s)")
    ax.set_ylabel("metric")
    return ax


def plot_lead_lag(
    data: pd.DataFrame,
    *,
    outcome: str,
    candidate: str,
    lag: int,
    date: str = "date",
    freq: str | None = "W",
    transform: str = "diff",
    ax=None,
):
    """Draw the outcome and a candidate shifted by ``lag`` periods, both standardised.

    Parameters
    ----------
    data : DataFrame
        Tidy by date, as for :func:`smbkit.analysis.lead_lag` (rows are summed into
        ``freq`` periods).
    outcome : str
        Column of the goal.
    candidate : str
        Column of the metric.
    lag : int
        Periods to shift the candidate forward (>= 0): its value from period t - lag is
        drawn at period t, so a metric that leads by ``lag`` lines up with the outcome.
    date : str, default "date"
        Column of dates.
    freq : {"W", "M", "Q", "Y"} or None, default "W"
        Period to sum rows into; ``None`` takes each row as one period.
    transform : {"diff", "pct_change", "detrend", "none"}, default "diff"
        Applied to both series before standardising, as in ``lead_lag``.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines over the periods where both series exist: the outcome first, then the
        shifted candidate.

    Raises
    ------
    SmbkitError
        A bad option or ``lag``.
    DataError
        As for :func:`smbkit.analysis.lead_lag`.

    Notes
    -----
    Each line is standardised over the periods drawn, :math:`z = (v - \\bar v) / s` with
    the population standard deviation :math:`s`, so the mean of the products of the two
    lines equals the correlation at this lag that ``lead_lag`` reports. Business meaning:
    when the lines move together, the metric gave ``lag`` periods of warning.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from smbkit.plots import plot_lead_lag
    >>> rng = np.random.default_rng(0)
    >>> shocks = rng.normal(size=42)
    >>> data = pd.DataFrame({"date": pd.date_range("2024-01-01", periods=40, freq="7D"),
    ...                      "visits": np.cumsum(shocks[2:]),
    ...                      "sales": np.cumsum(shocks[:-2])})
    >>> ax = plot_lead_lag(data, outcome="sales", candidate="visits", lag=2)
    >>> ax.get_title()
    'visits (2 weeks earlier) vs sales'
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from smbkit.analysis._alignment import MIN_PAIRS, TRANSFORMS, _check_int, _prepare

    func = "plot_lead_lag"
    for arg, value in (("outcome", outcome), ("candidate", candidate)):
        if not isinstance(value, str):
            raise SmbkitError(f"{func}: `{arg}` must be one column name, but {value!r} was passed")
    if outcome == candidate:
        raise SmbkitError(
            f"{func}: `candidate` and `outcome` are both {outcome!r}; pick two different series"
        )
    _check_int(func, "lag", lag, 0)
    check_option(func, "freq", freq, list(_UNIT))
    check_option(func, "transform", transform, TRANSFORMS)
    lost = 1 if transform in ("diff", "pct_change") else 0
    why = f"lag={lag} + {MIN_PAIRS} overlapping periods"
    if lost:
        why += f" + {lost} lost to transform={transform!r}"
    needed = (int(lag) + MIN_PAIRS + lost, why)
    _, series = _prepare(
        func,
        data,
        outcome=outcome,
        candidates=[candidate],
        date=date,
        freq=freq,
        transform=transform,
        needed=needed,
    )
    shifted = series[candidate].shift(int(lag))
    both = shifted.notna().to_numpy()
    unit = _UNIT[freq]
    earlier = f"{lag} {unit}{'' if lag == 1 else 's'} earlier"
    out_name = f"{outcome} (same {unit})"
    cand_name = f"{candidate} ({earlier})"

    def z(values: np.ndarray) -> np.ndarray:
        return (values - values.mean()) / values.std()

    periods = series.index[both]
    tidy = pd.DataFrame(
        {
            "period": np.concatenate([periods, periods]),
            "series": [out_name] * len(periods) + [cand_name] * len(periods),
            "z": np.concatenate([z(series[outcome].to_numpy()[both]), z(shifted.to_numpy()[both])]),
        }
    )
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.5))
    sns.lineplot(
        data=tidy,
        x="period",
        y="z",
        hue="series",
        hue_order=[out_name, cand_name],
        errorbar=None,
        ax=ax,
    )
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    ax.set_title(f"{candidate} ({earlier}) vs {outcome}")
    ax.set_xlabel(f"{unit} (start date)" if freq is not None else "date")
    ax.set_ylabel(_Y_LABEL[transform])
    ax.legend(title=None)
    return ax
