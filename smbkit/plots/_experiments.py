"""Experiment and investment pictures: an A/B test's rates, power curves, a payback chart."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from smbkit._errors import SmbkitError

__all__ = ["plot_ab_test", "plot_automation_case", "plot_power_curve"]


def _new_ax(ax, size):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def plot_ab_test(result, *, ax=None):
    """Draw each variant's rate with its confidence interval.

    Parameters
    ----------
    result : ABTest
        A result of :func:`smbkit.experiments.ab_test`.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One bar per variant (control first), height = rate in percent, with the
        variant's interval as an error bar and the rate written above it; the title
        gives the difference and the p-value.
    """
    from smbkit.experiments import ABTest

    if not isinstance(result, ABTest):
        raise SmbkitError(
            f"plot_ab_test: `result` must be the ABTest from ab_test(), got {type(result).__name__}"
        )
    import seaborn as sns

    ax = _new_ax(ax, (6, 4))
    table = result.variants.assign(
        label=lambda d: d["variant"].astype(str),
        rate_pct=lambda d: 100 * d["rate"],
    )
    labels = table["label"].tolist()
    sns.barplot(
        data=table,
        x="label",
        y="rate_pct",
        hue="label",
        hue_order=labels,
        order=labels,
        palette=["0.65", "#0072b2"],
        legend=False,
        errorbar=None,
        ax=ax,
    )
    low = 100 * (table["rate"] - table["ci_low"]).to_numpy()
    high = 100 * (table["ci_high"] - table["rate"]).to_numpy()
    ax.errorbar(
        np.arange(len(table)),
        table["rate_pct"],
        yerr=np.vstack([low, high]),
        fmt="none",
        ecolor="0.15",
        capsize=8,
        linewidth=1.5,
    )
    for x, (rate, top) in enumerate(zip(table["rate_pct"], table["rate_pct"] + high, strict=True)):
        ax.annotate(
            f"{rate:.2f} %",
            (x, top),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize="small",
        )
    level = f"{1 - result.alpha:.0%}"
    p = "p n/a" if not math.isfinite(result.p_value) else f"p = {result.p_value:.3g}"
    ax.set_title(
        f"{result.outcome}: {result.treatment} vs {result.control}, "
        f"{100 * result.difference:+.2f} points ({p})"
    )
    ax.set_xlabel(f"Variant (bars: rate; lines: {level} confidence interval)")
    ax.set_ylabel(f"Share {result.outcome} (%)")
    ax.set_ylim(0, 1.18 * float((table["rate_pct"] + high).max()) or 1.0)
    return ax


def plot_power_curve(
    baseline_rate: float,
    minimum_detectable_effects: Sequence[float],
    *,
    n: float | None = None,
    n_max: float | None = None,
    alpha: float = 0.05,
    target_power: float = 0.8,
    ratio: float = 1.0,
    ax=None,
):
    """Draw the power of an A/B test against its size, one line per effect.

    Parameters
    ----------
    baseline_rate : float
        The control group's rate (fraction).
    minimum_detectable_effects : sequence of float
        Absolute differences in rates (0.006 = 0.6 points), one line each.
    n : float, optional
        A test's actual size per control group, drawn as a vertical line.
    n_max : float, optional
        Right end of the x axis; by default 1.3 times the size the largest-needing
        effect requires for ``target_power`` (or ``2 n``, whichever is larger).
    alpha, ratio : float
        As in :func:`smbkit.experiments.power` (two-sided test).
    target_power : float, default 0.8
        Drawn as a horizontal line.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        One line per effect (power from :func:`smbkit.experiments.power` on a grid of
        sizes), the target line and, when ``n`` is given, the test's size.
    """
    from smbkit.experiments import power, sample_size

    effects = [float(e) for e in minimum_detectable_effects]
    if not effects:
        raise SmbkitError(
            "plot_power_curve: give at least one effect in `minimum_detectable_effects`"
        )
    needed = max(
        sample_size(baseline_rate, e, alpha=alpha, power=target_power, ratio=ratio).n_control
        for e in effects
    )
    right = n_max if n_max is not None else max(1.3 * needed, 2 * n if n else 0.0)
    if not right > 10:
        raise SmbkitError(f"plot_power_curve: `n_max` must be above 10, got {n_max!r}")
    grid = np.unique(np.linspace(10, right, 150).round())
    rows = []
    for e in effects:
        label = f"{100 * e:+.2f} points ({baseline_rate:.1%} to {baseline_rate + e:.1%})"
        for size in grid:
            rows.append(
                {
                    "n": size,
                    "effect": label,
                    "power": power(baseline_rate, e, size, alpha=alpha, ratio=ratio),
                }
            )
    curves = pd.DataFrame(rows)
    import seaborn as sns

    ax = _new_ax(ax, (8, 4.5))
    order = list(dict.fromkeys(curves["effect"]))
    sns.lineplot(data=curves, x="n", y="power", hue="effect", hue_order=order, ax=ax)
    ax.axhline(
        target_power, color="0.3", linestyle="--", linewidth=1, label=f"power {target_power:.0%}"
    )
    if n is not None:
        ax.axvline(
            float(n), color="#d55e00", linestyle=":", linewidth=1.5, label="this test's size"
        )
    ax.set_ylim(0, 1)
    ax.set_xlim(0, right)
    ax.set_title(
        f"Chance to detect a lift from a {baseline_rate:.1%} baseline "
        f"(two-sided, {alpha:.0%} significance)"
    )
    ax.set_xlabel("People in each group")
    ax.set_ylabel("Power (chance to detect it)")
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.legend(title="True effect", fontsize="small", loc="lower right")
    return ax


def plot_automation_case(case, *, currency: str = "USD", ax=None):
    """Draw an investment's cumulative cash flow, plain and discounted, with its payback.

    Parameters
    ----------
    case : AutomationCase
        A result of :func:`smbkit.finance.automation_case`.
    currency : str, default "USD"
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Two lines over the months (cumulative cash flow; cumulative present value, whose
        end is the NPV), a zero line and a vertical line at the payback month when the
        investment pays back within the horizon.
    """
    from smbkit.finance import AutomationCase

    if not isinstance(case, AutomationCase):
        raise SmbkitError(
            "plot_automation_case: `case` must be the AutomationCase from automation_case(), "
            f"got {type(case).__name__}"
        )
    import seaborn as sns

    ax = _new_ax(ax, (8, 4))
    t = case.cash_flows
    long = pd.concat(
        [
            pd.DataFrame(
                {"month": t["month"], "line": "cumulative cash flow", "value": t["cumulative"]}
            ),
            pd.DataFrame(
                {
                    "month": t["month"],
                    "line": f"discounted at {case.annual_discount_rate:.1%} a year",
                    "value": t["cumulative_present_value"],
                }
            ),
        ],
        ignore_index=True,
    )
    sns.lineplot(
        data=long,
        x="month",
        y="value",
        hue="line",
        hue_order=list(dict.fromkeys(long["line"])),
        palette=["#0072b2", "#009e73"],
        ax=ax,
    )
    ax.axhline(0, color="0.3", linewidth=1)
    if math.isfinite(case.payback_months):
        ax.axvline(
            case.payback_months,
            color="#d55e00",
            linestyle=":",
            linewidth=1.5,
            label=f"payback: {case.payback_months:.1f} months",
        )
    pay = (
        "no payback"
        if math.isnan(case.payback_months)
        else f"payback {case.payback_months:.1f} months"
    )
    ax.set_title(f"Investment case: NPV {case.npv:,.0f} {currency}, {pay}, ROI {case.roi:.0%}")
    ax.set_xlabel("Months after the investment")
    ax.set_ylabel(f"Cumulative cash flow ({currency})")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.legend(fontsize="small", loc="upper left")
    return ax
