"""Pictures for growth dynamics: the diffusion curve and the supplier risk chart."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import SmbkitError


def _new_ax(ax, size):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def plot_diffusion(fit, adopters=None, *, horizon=None, period="month", unit="adopters", ax=None):
    """Draw a fitted Bass diffusion curve: new adopters per period, actual and fitted.

    Parameters
    ----------
    fit : smbkit.growth.BassFit
    adopters : array-like, optional
        The observed new adopters per period (drawn as dots).
    horizon : int, optional
        Periods to draw (default: 2.5 x the peak time, at least the data).
    period : str
        Name of one period, for the axis label.
    unit : str
        What is counted.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from smbkit.growth import BassFit

    if not isinstance(fit, BassFit):
        raise SmbkitError(
            f"plot_diffusion: `fit` must be a BassFit (from fit_bass), got {type(fit).__name__}."
        )
    import seaborn as sns

    ax = _new_ax(ax, (8, 4))
    n = fit.n
    if horizon is None:
        horizon = max(n, int(np.ceil(2.5 * max(fit.peak_time, 1))))
    t = np.arange(1, horizon + 1)
    sns.lineplot(
        x=t,
        y=fit.adopters(t),
        color="#0072b2",
        ax=ax,
        label=f"Bass fit (p={fit.p:.4f}, q={fit.q:.3f})",
    )
    if adopters is not None:
        y = np.asarray(pd.Series(adopters).to_numpy(dtype=float))
        sns.scatterplot(x=np.arange(1, len(y) + 1), y=y, color="0.25", s=18, ax=ax, label="actual")
    if fit.peak_time > 0:
        ax.axvline(
            fit.peak_time,
            color="#d55e00",
            linestyle=":",
            label=f"peak at {fit.peak_time:.1f} {period}s",
        )
    ax.set_title(f"Diffusion curve: market potential about {fit.m:,.0f} {unit}")
    ax.set_xlabel(f"{period.capitalize()}s since launch")
    ax.set_ylabel(f"New {unit} per {period}")
    ax.legend(fontsize="small")
    return ax


def plot_supplier_risk(risk, *, ax=None):
    """Draw suppliers by lead time (x) and its variability (y), sized by share.

    Parameters
    ----------
    risk : pandas.DataFrame
        The table from :func:`smbkit.growth.supplier_risk`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    need = {"share", "lead_time_mean", "lead_time_cv"}
    if not isinstance(risk, pd.DataFrame) or not need <= set(risk.columns):
        raise SmbkitError(
            "plot_supplier_risk: `risk` must be the table from supplier_risk(), with columns "
            f"{sorted(need)}."
        )
    import seaborn as sns

    ax = _new_ax(ax, (8, 4.5))
    d = risk.reset_index().rename(columns={risk.index.name or "index": "supplier"})
    sns.scatterplot(
        data=d,
        x="lead_time_mean",
        y="lead_time_cv",
        size="share",
        sizes=(80, 800),
        hue="supplier",
        palette="colorblind",
        legend=False,
        ax=ax,
    )
    # stagger the labels above and below the dots so that close suppliers stay readable
    offsets = [(8, 12), (8, -20), (8, 28), (8, -36)]
    for i, (_, row) in enumerate(d.sort_values("lead_time_mean").iterrows()):
        ax.annotate(
            f"{row['supplier']} ({row['share']:.0%})",
            (row["lead_time_mean"], row["lead_time_cv"]),
            textcoords="offset points",
            xytext=offsets[i % len(offsets)],
            fontsize="small",
        )
    ax.set_title("Supplier risk: slow (right) and unpredictable (up); size = share")
    ax.set_xlabel("Mean lead time (days)")
    ax.set_ylabel("Lead-time variability (coefficient of variation)")
    # start both axes at zero so that small differences are not blown up
    ax.set_xlim(0, float(d["lead_time_mean"].max()) * 1.35)
    ax.set_ylim(0, max(float(d["lead_time_cv"].max()) * 1.35, 0.05))
    return ax
