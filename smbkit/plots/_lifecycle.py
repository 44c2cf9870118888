"""The lifecycle picture: actual against fitted S-curve, stages shaded."""

from __future__ import annotations

import pandas as pd

from smbkit._errors import SmbkitError

__all__ = ["STAGE_COLOURS", "plot_lifecycle"]

#: Shading of each lifecycle stage (Okabe-Ito colours).
STAGE_COLOURS = {
    "start-up": "#56b4e9",
    "growth": "#009e73",
    "maturity": "#e69f00",
    "decline": "#d55e00",
}


def plot_lifecycle(result, *, currency: str = "USD", ax=None):
    """Draw actual against fitted (cumulative) revenue with lifecycle stages shaded.

    Parameters
    ----------
    result : SCurveFit
        A fit from :func:`smbkit.lifecycle.fit_s_curve`.
    currency : str, default "USD"
        The currency for the y label.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two lines (actual with markers, then fitted) and one shaded span per run of
        consecutive periods in the same stage.
    """
    from smbkit.lifecycle import SCurveFit

    if not isinstance(result, SCurveFit):
        raise SmbkitError(
            "plot_lifecycle: `result` must be the SCurveFit from fit_s_curve(), got "
            f"{type(result).__name__}"
        )
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(8, 4))
    fitted, stages = result.fitted, result.stages
    periods = pd.DatetimeIndex(fitted["period"])
    step = periods[-1] - periods[-2] if len(periods) > 1 else pd.Timedelta(days=30)
    edges = list(periods) + [periods[-1] + step]
    labels = [str(s) for s in stages["stage"]]
    shown: set[str] = set()
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            name = labels[start]
            ax.axvspan(
                edges[start],
                edges[i],
                color=STAGE_COLOURS[name],
                alpha=0.15,
                linewidth=0,
                label=None if name in shown else name,
            )
            shown.add(name)
            start = i
    ax.plot(
        periods,
        fitted["actual"],
        marker="o",
        markersize=3,
        linestyle="none",
        color="0.2",
        label="Actual",
    )
    ax.plot(periods, fitted["fitted"], color="#0072b2", label="Fitted S-curve")
    what = "Cumulative revenue" if result.cumulative else "Revenue per period"
    ax.set_title(f"Lifecycle: logistic fit of {what.lower()} (now: {result.current_stage})")
    ax.set_xlabel("Period")
    ax.set_ylabel(f"{what} ({currency})")
    from matplotlib.ticker import StrMethodFormatter

    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.legend(loc="upper left", fontsize="small")
    return ax
