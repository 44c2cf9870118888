"""Pictures for prescriptive analytics: response curves with a budget plan, profit by price."""

from __future__ import annotations

import numpy as np
import pandas as pd

from smbkit._errors import SmbkitError


def _new_ax(ax, size):
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=size)
    return ax


def plot_response_curves(
    curves, *, plan=None, max_spend=None, unit="USD", response="response", ax=None
):
    """Draw each channel's fitted response curve, with the chosen spend marked.

    Parameters
    ----------
    curves : mapping of str to smbkit.optimize.ResponseCurve
        One fitted curve per channel.
    plan : pandas.DataFrame, optional
        The table from :func:`smbkit.optimize.allocate_budget`; each channel's spend and
        response are marked with a dot.
    max_spend : float, optional
        Right end of the spend axis (default: 2.5 x the largest planned spend or half point).
    unit : str
        Currency of the spend.
    response : str
        What the response counts, for the axis label (e.g. "new customers a week").
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from smbkit.optimize import ResponseCurve

    if not curves or not all(isinstance(c, ResponseCurve) for c in curves.values()):
        raise SmbkitError(
            "plot_response_curves: `curves` must map channel names to ResponseCurve objects "
            "(from smbkit.optimize.fit_response)."
        )
    import seaborn as sns

    ax = _new_ax(ax, (8, 4.5))
    if max_spend is None:
        top = max(c.half for c in curves.values())
        if plan is not None:
            top = max(top, float(plan["spend"].max()))
        max_spend = 2.5 * top
    x = np.linspace(0, max_spend, 200)
    long = pd.concat(
        [
            pd.DataFrame({"spend": x, "response": c.predict(x), "channel": k})
            for k, c in curves.items()
        ],
        ignore_index=True,
    )
    palette = dict(zip(curves, sns.color_palette("colorblind", len(curves)), strict=True))
    sns.lineplot(data=long, x="spend", y="response", hue="channel", palette=palette, ax=ax)
    title = "Marketing-mix response curves (diminishing returns)"
    if plan is not None:
        for k, row in plan.iterrows():
            ax.plot(row["spend"], row["response"], "o", color=palette[k], markersize=8)
        title += f": best split of {plan['spend'].sum():,.0f} {unit}"
    ax.set_title(title)
    ax.set_xlabel(f"Spend per period ({unit})")
    ax.set_ylabel(f"Response ({response})")
    ax.xaxis.set_major_formatter("{x:,.0f}")
    ax.legend(title="channel (dot = plan)", fontsize="small")
    return ax


def plot_price_profit(prices, profits, *, best_price=None, current_price=None, unit="USD", ax=None):
    """Draw profit against price, marking today's price and the best price.

    Parameters
    ----------
    prices, profits : array-like
        Prices and the profit at each (e.g. from :func:`smbkit.optimize.price_profit`).
    best_price, current_price : float, optional
        Drawn as vertical lines.
    unit : str
        Currency.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    prices = np.asarray(prices, dtype=float)
    profits = np.asarray(profits, dtype=float)
    if prices.shape != profits.shape or prices.ndim != 1 or prices.size < 2:
        raise SmbkitError(
            "plot_price_profit: `prices` and `profits` must be 1-D and of the same length "
            f"(at least 2), got shapes {prices.shape} and {profits.shape}."
        )
    import seaborn as sns

    ax = _new_ax(ax, (8, 4))
    sns.lineplot(x=prices, y=profits, color="#0072b2", ax=ax, label="profit")
    if current_price is not None:
        ax.axvline(
            current_price, color="0.4", linestyle="--", label=f"today {current_price:,.2f} {unit}"
        )
    if best_price is not None:
        ax.axvline(
            best_price,
            color="#d55e00",
            linestyle=":",
            linewidth=2,
            label=f"best {best_price:,.2f} {unit}",
        )
    ax.set_title("Profit by price (constant-elasticity demand)")
    ax.set_xlabel(f"Price ({unit})")
    ax.set_ylabel(f"Profit per period ({unit})")
    ax.yaxis.set_major_formatter("{x:,.0f}")
    ax.legend(fontsize="small")
    return ax
