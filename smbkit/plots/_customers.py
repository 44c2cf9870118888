"""Customer pictures: a cohort-retention heatmap and RFM segment bars."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import DataError, SmbkitError
from smbkit._validation import check_option, require_columns

__all__ = ["plot_cohorts", "plot_segments"]

_UNIT = {"W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _cohort_label(start: pd.Timestamp, freq: str) -> str:
    if freq == "M":
        return f"{start:%Y-%m}"
    if freq == "Q":
        return f"{start.year}-Q{start.quarter}"
    if freq == "Y":
        return f"{start.year}"
    return f"{start:%Y-%m-%d}"


def plot_cohorts(
    cohorts: pd.DataFrame,
    *,
    freq: str = "M",
    max_periods: int | None = None,
    annotate: bool | None = None,
    ax=None,
):
    """Draw cohort retention as a heatmap: cohorts down, periods since first order across.

    Parameters
    ----------
    cohorts : DataFrame
        The table from :func:`smbkit.customers.cohort_retention` (index ``cohort``,
        column ``customers``, then one column of shares per age 0, 1, 2, ...).
    freq : {"W", "M", "Q", "Y"}, default "M"
        The ``freq`` the table was made with, for the labels.
    max_periods : int, optional
        Draw ages 0 to ``max_periods`` only (all when omitted).
    annotate : bool, optional
        Write the percentage in each cell; by default only when the grid is small
        enough to read (at most 25 cohorts and 19 ages).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One cell per cohort and age, coloured by the percentage of the cohort active
        (blank where the age is not observed yet); the colour scale runs from 0 to the
        highest share after age 0, so the later ages stay readable (age 0 is 100 % by
        definition). Row labels give each cohort and its size.

    Raises
    ------
    SmbkitError
        A bad ``freq`` or ``max_periods``, or ``cohorts`` not a DataFrame.
    DataError
        A table without the ``customers`` column or the age-0 column.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.customers import cohort_retention
    >>> from smbkit.plots import plot_cohorts
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "date": pd.to_datetime(["2025-01-03", "2025-02-09", "2025-01-20"])})
    >>> ax = plot_cohorts(cohort_retention(orders))
    >>> ax.get_xlabel(), ax.get_yticklabels()[0].get_text()
    ('Months since first order', '2025-01 (n=2)')
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    func = "plot_cohorts"
    check_option(func, "freq", freq, list(_UNIT))
    if not isinstance(cohorts, pd.DataFrame):
        raise SmbkitError(
            f"{func}: `cohorts` must be the DataFrame returned by cohort_retention, but a "
            f"{type(cohorts).__name__} was passed"
        )
    require_columns(func, [str(c) for c in cohorts.columns], table="cohorts", customers="customers")
    if 0 not in list(cohorts.columns):
        raise DataError(
            f"{func}: cohorts has no age-0 column; columns are {list(cohorts.columns)!r}. "
            "Pass the table from smbkit.customers.cohort_retention."
        )
    if max_periods is not None and (
        isinstance(max_periods, bool) or not isinstance(max_periods, int) or max_periods < 0
    ):
        raise SmbkitError(
            f"{func}: `max_periods` must be a whole number of periods, 0 or more, but "
            f"{max_periods!r} was passed"
        )
    ages = [c for c in cohorts.columns if c != "customers"]
    if max_periods is not None:
        ages = [a for a in ages if a <= max_periods]
    grid = 100.0 * cohorts[ages].astype("float64")
    labels = [
        f"{_cohort_label(pd.Timestamp(c), freq)} (n={int(n):,})"
        for c, n in zip(cohorts.index, cohorts["customers"], strict=True)
    ]
    grid.index = pd.Index(labels, name="cohort")
    later = grid.drop(columns=0).to_numpy()
    top = float(np.nanmax(later)) if np.isfinite(later).any() else 100.0
    top = top if top > 0 else 100.0
    if annotate is None:
        annotate = grid.shape[0] <= 25 and grid.shape[1] <= 19
    if ax is None:
        width = min(14.0, 2.5 + 0.6 * grid.shape[1])
        _, ax = plt.subplots(figsize=(width, min(12.0, 1.5 + 0.35 * grid.shape[0])))
    sns.heatmap(
        grid,
        ax=ax,
        cmap="Blues",
        vmin=0.0,
        vmax=top,
        annot=annotate,
        fmt=".0f",
        annot_kws={"fontsize": "small"},
        linewidths=0.3,
        cbar_kws={"label": "Customers active (% of cohort)"},
    )
    ax.grid(False)  # the theme's grid would cross the blank (not yet observed) cells
    unit = _UNIT[freq]
    ax.set_title("Cohort retention: share of each cohort buying, by time since first order")
    ax.set_xlabel(f"{unit.capitalize()}s since first order")
    ax.set_ylabel(f"Cohort (first-order {unit}, size)")
    return ax


def plot_segments(
    rfm_table: pd.DataFrame, *, value: str = "customers", currency: str = "USD", ax=None
):
    """Draw RFM segments as horizontal bars, labelled with their share of the total.

    Parameters
    ----------
    rfm_table : DataFrame
        The table from :func:`smbkit.customers.rfm` (one row per customer with
        ``segment`` and ``monetary``).
    value : {"customers", "monetary"}, default "customers"
        Bar length: the number of customers in the segment, or their total spend.
    currency : str, default "USD"
        The currency of ``monetary``, for the axis label.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        One bar per segment, in the order of :func:`smbkit.customers.rfm_segments`
        (empty segments included, with a zero bar), each labelled with its share of the
        total in %.

    Raises
    ------
    SmbkitError
        A bad ``value``.
    DataError
        A missing column, or a segment that is not one of the RFM segments.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.plots import plot_segments
    >>> table = pd.DataFrame({"segment": ["Champions", "Lost", "Lost"],
    ...                       "monetary": [300.0, 20.0, 10.0]})
    >>> ax = plot_segments(table, value="monetary")
    >>> [round(p.get_width()) for p in ax.patches][:2], ax.get_xlabel()
    ([300, 0], 'Total spend (USD)')
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.ticker import StrMethodFormatter

    from smbkit.customers import SEGMENTS

    func = "plot_segments"
    check_option(func, "value", value, ["customers", "monetary"])
    roles = {"segment": "segment"} | ({"monetary": "monetary"} if value == "monetary" else {})
    require_columns(func, list(rfm_table.columns), table="rfm_table", **roles)
    segment = rfm_table["segment"].astype("str")
    unknown = sorted(set(segment) - set(SEGMENTS))
    if unknown:
        raise DataError(
            f"{func}: rfm_table has segments {unknown!r} that are not RFM segments "
            f"{list(SEGMENTS)!r}; pass the table from smbkit.customers.rfm"
        )
    if value == "customers":
        totals = segment.value_counts()
    else:
        totals = rfm_table["monetary"].astype("float64").groupby(segment.to_numpy()).sum()
    totals = totals.reindex(list(SEGMENTS), fill_value=0).astype("float64")
    share = 100.0 * totals / totals.sum() if totals.sum() > 0 else totals * np.nan
    frame = pd.DataFrame({"segment": list(SEGMENTS), "value": totals.to_numpy()})
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    sns.barplot(
        data=frame,
        y="segment",
        x="value",
        hue="segment",
        order=list(SEGMENTS),
        hue_order=list(SEGMENTS),
        palette="colorblind",
        legend=False,
        ax=ax,
    )
    for patch, pct in zip(ax.patches, share.to_numpy(), strict=False):
        if np.isfinite(pct):
            ax.annotate(
                f"{pct:.0f} %",
                (patch.get_width(), patch.get_y() + patch.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize="small",
            )
    if value == "customers":
        ax.set_title("Customers by RFM segment")
        ax.set_xlabel("Customers (count)")
    else:
        ax.set_title("Spend by RFM segment")
        ax.set_xlabel(f"Total spend ({currency})")
    ax.set_ylabel("Segment")
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))  # 1,500,000, not 1.5 1e6
    ax.margins(x=0.12)
    return ax
