"""Pictures for probability-model CLV: the calibration/holdout check and a tracking plot."""

from __future__ import annotations

import pandas as pd

from smbkit._errors import SmbkitError
from smbkit._validation import require_columns

__all__ = ["plot_holdout_check", "plot_tracking"]


def _frame(func: str, table) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise SmbkitError(
            f"{func}: the first argument must be a DataFrame, not {type(table).__name__}"
        )
    return table


def plot_holdout_check(table: pd.DataFrame, *, unit: str = "weeks", ax=None):
    """Draw expected against actual holdout purchases by calibration frequency.

    Parameters
    ----------
    table : DataFrame
        The output of :func:`smbkit.customers.holdout_check` (index ``frequency``,
        columns ``actual`` and ``expected``); the last group means "that many or more".
    unit : str, default "weeks"
        Time unit of the holdout period, for the title.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines, actual and model, of mean purchases in the holdout per customer.

    Raises
    ------
    SmbkitError
        If ``table`` is not a DataFrame.
    DataError
        If a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.plots import plot_holdout_check
    >>> t = pd.DataFrame({"actual": [0.2, 1.0, 2.1], "expected": [0.25, 0.9, 2.0]},
    ...                  index=pd.RangeIndex(3, name="frequency"))
    >>> ax = plot_holdout_check(t)
    >>> ax.get_xlabel(), [tx.get_text() for tx in ax.get_xticklabels()][-1]
    ('Repeat purchases in the calibration period', '2+')
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    func = "plot_holdout_check"
    table = _frame(func, table)
    require_columns(func, table.columns, "table", actual="actual", expected="expected")
    long = pd.DataFrame(
        {
            "frequency": list(range(len(table))) * 2,
            "purchases": list(table["actual"]) + list(table["expected"]),
            "series": ["actual"] * len(table) + ["model (BG/NBD)"] * len(table),
        }
    )
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4))
    sns.lineplot(
        data=long,
        x="frequency",
        y="purchases",
        hue="series",
        style="series",
        markers=True,
        dashes=[(1, 0), (4, 2)],
        ax=ax,
    )
    labels = [str(i) for i in table.index]
    labels[-1] = f"{labels[-1]}+"
    ax.set_xticks(range(len(table)), labels)
    ax.set_xlabel("Repeat purchases in the calibration period")
    ax.set_ylabel("Mean purchases per customer in the holdout")
    ax.set_title(f"Calibration/holdout check: expected vs actual ({unit} of holdout)")
    ax.legend(title=None)
    return ax


def plot_tracking(
    tracking: pd.DataFrame,
    *,
    time: str = "week",
    actual: str = "actual",
    expected: str = "expected",
    calibration_end: float | None = None,
    unit: str = "weeks",
    ax=None,
):
    """Draw cumulative repeat purchases over time, model against actual.

    Parameters
    ----------
    tracking : DataFrame
        One row per time point: the time since the start, the actual cumulative repeat
        purchases and the model's expectation (e.g.
        :meth:`smbkit.customers.BGNBD.expected_cumulative`).
    time, actual, expected : str
        Column names.
    calibration_end : float, optional
        Time at which the calibration period ends: a vertical line separates the fit
        from the holdout.
    unit : str, default "weeks"
        Time unit, for the axis label.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.axes.Axes
        Two lines: actual and model cumulative repeat purchases.

    Raises
    ------
    SmbkitError
        If ``tracking`` is not a DataFrame.
    DataError
        If a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from smbkit.plots import plot_tracking
    >>> t = pd.DataFrame({"week": [1, 2, 3], "actual": [5, 12, 20], "expected": [6, 12, 19]})
    >>> ax = plot_tracking(t, calibration_end=2)
    >>> ax.get_ylabel()
    'Cumulative repeat purchases'
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    func = "plot_tracking"
    tracking = _frame(func, tracking)
    require_columns(func, tracking.columns, "tracking", time=time, actual=actual, expected=expected)
    long = pd.concat(
        [
            pd.DataFrame({"t": tracking[time], "purchases": tracking[actual], "series": "actual"}),
            pd.DataFrame(
                {"t": tracking[time], "purchases": tracking[expected], "series": "model (BG/NBD)"}
            ),
        ],
        ignore_index=True,
    )
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    sns.lineplot(
        data=long,
        x="t",
        y="purchases",
        hue="series",
        style="series",
        dashes=[(1, 0), (4, 2)],
        ax=ax,
    )
    if calibration_end is not None:
        ax.axvline(calibration_end, color="grey", linestyle=":", linewidth=1)
        ax.annotate(
            "end of calibration",
            (calibration_end, 0),
            xytext=(4, 4),
            textcoords="offset points",
            color="grey",
            fontsize=9,
        )
    ax.set_xlabel(f"Time since the cohort's start ({unit})")
    ax.set_ylabel("Cumulative repeat purchases")
    ax.set_title("Tracking: cumulative repeat purchases, model vs actual")
    ax.legend(title=None)
    return ax
