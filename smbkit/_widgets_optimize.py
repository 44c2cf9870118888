"""Price and budget what-if with goal-seek (re-exported by :mod:`smbkit.widgets`).

A thin view over :mod:`smbkit.optimize`: move the price and see the profit against the best
price; type a profit goal and read the prices that reach it (:func:`~smbkit.optimize.
price_for_profit`); move the marketing budget and see its best split and response; type a
response goal and read the budget it needs (:func:`~smbkit.optimize.budget_for_response`).
ipywidgets and matplotlib are imported inside the builder.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from smbkit import optimize as opt
from smbkit._errors import SmbkitError
from smbkit._widget_common import fmt_amount, png_bytes

__all__ = ["PriceBudgetWhatIf", "price_budget_whatif"]


class PriceBudgetWhatIf:
    """The view returned by :func:`price_budget_whatif`.

    Attributes
    ----------
    controls : dict
        ``"price"`` and ``"profit_goal"`` (price side), ``"budget"`` and
        ``"response_goal"`` (marketing side): FloatSliders.
    result : dict
        The last computed numbers: ``profit``, ``best_price``, ``best_profit``,
        ``goal_prices`` (low, high), ``plan`` (the allocation table), ``response`` and
        ``budget_needed``.
    summary : ipywidgets.HTML
        The numbers in words.
    figure : matplotlib.figure.Figure
        Profit by price, redrawn on every change.
    widget : ipywidgets.VBox
        The whole view.
    """

    def __init__(self, *, demand, curves, unit, controls, summary, image, widget, figure):
        self.demand = demand
        self.curves = curves
        self.unit = unit
        self.controls = controls
        self.summary = summary
        self.image = image
        self.widget = widget
        self.figure = figure
        self.result: dict = {}
        for w in controls.values():
            w.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change=None) -> None:
        self.update()

    def compute(self) -> dict:
        """Run the models on the sliders' current values (no drawing)."""
        c, d = self.controls, self.demand
        price = float(c["price"].value)
        best = opt.optimal_price(unit_cost=d["unit_cost"], elasticity=d["elasticity"])
        plan = opt.allocate_budget(self.curves, budget=float(c["budget"].value))
        return {
            "price": price,
            "profit": opt.price_profit(price, **d),
            "best_price": best,
            "best_profit": opt.price_profit(best, **d),
            "goal_prices": opt.price_for_profit(float(c["profit_goal"].value), **d),
            "plan": plan,
            "response": float(plan["response"].sum()),
            "budget_needed": opt.budget_for_response(
                self.curves, target=float(c["response_goal"].value)
            ),
        }

    def update(self) -> None:
        """Recompute, rewrite the summary and redraw the chart."""
        self.result = r = self.compute()
        self.summary.value = self._summary_html(r)
        self._draw(r)

    def _summary_html(self, r: dict) -> str:
        u = self.unit
        lo, hi = r["goal_prices"]
        goal = float(self.controls["profit_goal"].value)
        if math.isnan(lo):
            seek = f"no price reaches a profit of {fmt_amount(goal, u)} (the most is {fmt_amount(r['best_profit'], u)})"
        else:
            seek = f"a profit of {fmt_amount(goal, u)} needs a price between {fmt_amount(lo, u)} and {fmt_amount(hi, u)}"
        split = ", ".join(f"{k} {fmt_amount(v, u)}" for k, v in r["plan"]["spend"].items())
        need = r["budget_needed"]
        rgoal = float(self.controls["response_goal"].value)
        need_text = (
            f"{fmt_amount(rgoal)} needs a budget of <b>{fmt_amount(need, u)}</b>"
            if not math.isnan(need)
            else f"{fmt_amount(rgoal)} is beyond what the channels can deliver"
        )
        return (
            f"<b>Price</b> {fmt_amount(r['price'], u)}: profit <b>{fmt_amount(r['profit'], u)}</b>; best "
            f"price {fmt_amount(r['best_price'], u)} (profit {fmt_amount(r['best_profit'], u)}). "
            f"Goal-seek: {seek}.<br>"
            f"<b>Budget</b> {fmt_amount(float(self.controls['budget'].value), u)}: best split {split}, "
            f"response <b>{fmt_amount(r['response'])}</b>. Goal-seek: a response of {need_text}."
        )

    def _draw(self, r: dict) -> None:
        from smbkit.plots._optimize import plot_price_profit

        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        d = self.demand
        grid = np.linspace(d["unit_cost"] * 1.01, max(r["best_price"], r["price"]) * 2, 200)
        plot_price_profit(
            grid,
            opt.price_profit(grid, **d),
            best_price=r["best_price"],
            current_price=r["price"],
            unit=self.unit,
            ax=ax,
        )
        fig.subplots_adjust(left=0.14, right=0.98, top=0.9, bottom=0.15)
        self.image.value = png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def price_budget_whatif(
    *,
    unit_cost: float,
    elasticity: float,
    base_price: float,
    base_quantity: float,
    curves: Mapping[str, opt.ResponseCurve],
    budget: float,
    unit: str = "USD",
) -> PriceBudgetWhatIf:
    """Build the price and budget what-if with goal-seek.

    Parameters
    ----------
    unit_cost, elasticity, base_price, base_quantity : float
        Constant-elasticity demand through today's price and quantity (see
        :func:`smbkit.optimize.price_profit`); ``elasticity`` must be below -1.
    curves : mapping of str to ResponseCurve
        Fitted response curves per channel (:func:`smbkit.optimize.fit_response`).
    budget : float
        Today's marketing budget per period (the slider starts there).
    unit : str
        Currency.

    Returns
    -------
    PriceBudgetWhatIf

    Examples
    --------
    >>> from smbkit import optimize as opt
    >>> c = {"a": opt.ResponseCurve(100.0, 50.0, 1.0, 1.0, 10)}
    >>> w = price_budget_whatif(unit_cost=2.0, elasticity=-3.0, base_price=4.0,
    ...                         base_quantity=100, curves=c, budget=50)
    >>> round(w.result["best_price"], 2), round(w.result["response"], 2)
    (3.0, 50.0)
    """
    func = "price_budget_whatif"
    best = opt.optimal_price(unit_cost=unit_cost, elasticity=elasticity)
    demand = {
        "unit_cost": float(unit_cost),
        "elasticity": float(elasticity),
        "base_price": float(base_price),
        "base_quantity": float(base_quantity),
    }
    opt.price_profit(base_price, **demand)  # validates the demand inputs
    if not curves:
        raise SmbkitError(f"{func}: `curves` is empty; pass {{channel: fit_response(...)}}.")
    opt.allocate_budget(curves, budget=budget)  # validates curves and budget
    import ipywidgets as w
    from matplotlib.figure import Figure

    best_profit = opt.price_profit(best, **demand)
    top = sum(c.top for c in curves.values())
    style = {"description_width": "150px"}
    layout = w.Layout(width="520px")
    controls = {
        "price": w.FloatSlider(
            value=float(base_price),
            min=round(unit_cost * 1.05, 2),
            max=round(max(best, base_price) * 2, 2),
            step=0.05,
            description=f"Price ({unit})",
            style=style,
            layout=layout,
        ),
        "profit_goal": w.FloatSlider(
            value=round(0.9 * best_profit, 2),
            min=round(0.1 * best_profit, 2),
            max=round(1.2 * best_profit, 2),
            step=round(best_profit / 100, 2) or 0.01,
            description=f"Profit goal ({unit})",
            style=style,
            layout=layout,
        ),
        "budget": w.FloatSlider(
            value=float(budget),
            min=round(budget * 0.1, 2),
            max=round(budget * 4, 2),
            step=round(budget / 100, 2) or 0.01,
            description=f"Budget ({unit})",
            style=style,
            layout=layout,
        ),
        "response_goal": w.FloatSlider(
            value=round(0.5 * top, 2),
            min=round(0.05 * top, 2),
            max=round(0.99 * top, 2),
            step=round(top / 200, 2) or 0.01,
            description="Response goal",
            style=style,
            layout=layout,
        ),
    }
    summary = w.HTML()
    image = w.Image(format="png")
    figure = Figure(figsize=(7, 3.5))
    widget = w.VBox([*controls.values(), summary, image])
    return PriceBudgetWhatIf(
        demand=demand,
        curves=dict(curves),
        unit=unit,
        controls=controls,
        summary=summary,
        image=image,
        widget=widget,
        figure=figure,
    )
