"""The scenario-sliders widget (re-exported by :mod:`smbkit.widgets`).

A thin view over :func:`smbkit.scenario.simulate`: move demand growth, volatility, margin,
fixed costs, a one-off demand shift and the chance of cost shocks; see the chance of running
out of cash, the buffer needed for 95 % survival, and the cash fan chart. ipywidgets and
matplotlib are imported inside the builder.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from smbkit import scenario as sc
from smbkit._errors import SmbkitError
from smbkit._widget_common import png_bytes

__all__ = ["ScenarioSliders", "scenario_sliders"]

_GOOD, _BAD = "#1a7f37", "#cf222e"
#: slider name -> (Scenario field, minimum, maximum, step, label, format)
_SLIDERS = {
    "growth": ("growth", -0.05, 0.05, 0.001, "Demand growth (a month)", ".1%"),
    "volatility": ("volatility", 0.0, 0.3, 0.005, "Volatility (a month)", ".1%"),
    "margin": ("margin", 0.0, 1.0, 0.005, "Contribution margin", ".1%"),
    "demand_shift": ("demand_shift", -0.5, 0.5, 0.01, "One-off demand change", ".0%"),
    "shock_prob": ("shock_prob", 0.0, 1.0, 0.01, "Cost-shock chance (a month)", ".0%"),
}


class ScenarioSliders:
    """The view returned by :func:`scenario_sliders`.

    Attributes
    ----------
    controls : dict
        ``"growth"``, ``"volatility"``, ``"margin"``, ``"demand_shift"``, ``"shock_prob"``
        (FloatSliders, fractions shown as percentages) and ``"fixed_costs"`` (FloatSlider,
        currency a month).
    result : dict
        ``"scenario"`` (the :class:`smbkit.scenario.Scenario` of the sliders), ``"cash_out"``
        (share of paths whose cash goes below zero), ``"buffer"`` (cash for 95 % survival)
        and ``"buffer_months"`` (that buffer in months of fixed costs; NaN without fixed costs).
    summary : ipywidgets.HTML
    figure : matplotlib.figure.Figure
        The cash fan chart, redrawn on every change.
    widget : ipywidgets.VBox
    """

    def __init__(self, *, base, settings, currency, controls, summary, image, widget, figure):
        self.base = base
        self.currency = currency
        self.settings = settings
        self.controls = controls
        self.summary = summary
        self.image = image
        self.widget = widget
        self.figure = figure
        self.result: dict = {}
        self.sim: pd.DataFrame | None = None
        for wdg in controls.values():
            wdg.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change=None) -> None:
        self.update()

    def scenario(self) -> sc.Scenario:
        """The scenario the sliders describe."""
        values = {name: float(c.value) for name, c in self.controls.items()}
        return replace(self.base, name="your scenario", **values)

    def compute(self) -> dict:
        """Simulate the sliders' scenario (no drawing)."""
        s = self.scenario()
        sim = sc.simulate(s, **self.settings)
        self.sim = sim
        cash_out = float((sim.groupby("path")["cash"].min() < 0).mean())
        buffer = sc.cash_buffer(sim, survival=0.95)
        months = buffer / s.fixed_costs if s.fixed_costs > 0 else float("nan")
        return {"scenario": s, "cash_out": cash_out, "buffer": buffer, "buffer_months": months}

    def update(self) -> None:
        """Recompute, rewrite the summary and redraw the chart."""
        self.result = r = self.compute()
        cur = self.currency
        colour = _GOOD if r["cash_out"] <= 0.05 else _BAD
        months = (
            ""
            if np.isnan(r["buffer_months"])
            else f" ({r['buffer_months']:.1f} months of fixed costs)"
        )
        self.summary.value = (
            f"Chance the cash runs out within {self.settings['horizon']} months: "
            f"<b style='color:{colour}'>{r['cash_out']:.0%}</b> &middot; "
            f"cash needed at the start for 95 % survival: <b>{r['buffer']:,.0f} {cur}</b>"
            f"{months} &middot; you hold {self.settings['start_cash']:,.0f} {cur}."
        )
        self._draw()

    def _draw(self) -> None:
        from smbkit.plots import plot_forecast

        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        start = pd.Timestamp(self.settings["start"])
        now = pd.Series(
            [self.settings["start_cash"]],
            index=pd.DatetimeIndex([start - pd.offsets.MonthBegin(1)]),
            name="Cash",
        )
        bands = [sc.band(self.sim, column="cash", level=lv) for lv in (0.5, 0.9)]
        plot_forecast(
            now,
            bands,
            ax=ax,
            unit=self.currency,
            title=f"Cash under your scenario: {self.result['cash_out']:.0%} of paths run out",
        )
        ax.axhline(0, color="#000000", linewidth=0.8)
        fig.subplots_adjust(left=0.13, right=0.98, top=0.9, bottom=0.14)
        self.image.value = png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def scenario_sliders(
    base: sc.Scenario,
    *,
    start_revenue: float,
    start_cash: float,
    horizon: int = 24,
    paths: int = 1000,
    seed: int = 0,
    start="2026-01-01",
    currency: str = "USD",
) -> ScenarioSliders:
    """Build a scenario what-if: move the assumptions, see the cash risk and the buffer.

    Parameters
    ----------
    base : smbkit.scenario.Scenario
        Starting values of the sliders (e.g. one of :func:`smbkit.scenario.named_scenarios`).
    start_revenue, start_cash : float
        As in :func:`smbkit.scenario.simulate` (not sliders).
    horizon : int, default 24
        Months simulated.
    paths : int, default 1000
        Simulated futures per slider move (kept small so the view stays quick).
    seed : int, default 0
        The same seed on every move, so a change in the picture comes from the sliders.
    start : date-like, default "2026-01-01"
        First simulated month.
    currency : str, default "USD"

    Returns
    -------
    ScenarioSliders
        ``.controls``, ``.result``, ``.summary`` and ``.figure``.

    Raises
    ------
    SmbkitError
        As :func:`smbkit.scenario.simulate` for bad settings, or if a starting value lies
        outside its slider's range.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from smbkit import scenario as sc
    >>> flat = sc.Scenario(volatility=0.0, margin=0.6, fixed_costs=500)
    >>> ui = scenario_sliders(flat, start_revenue=1000,
    ...                       start_cash=0, horizon=6, paths=200)
    >>> ui.result["cash_out"]  # 600 - 500 = +100 a month, no volatility: never runs out
    0.0
    """
    func = "scenario_sliders"
    if not isinstance(base, sc.Scenario):
        raise SmbkitError(f"{func}: `base` must be a Scenario, got {type(base).__name__}")
    settings = dict(
        start_revenue=start_revenue,
        start_cash=start_cash,
        horizon=horizon,
        paths=paths,
        seed=seed,
        start=start,
    )
    sc.simulate(base, **{**settings, "paths": 1})  # same checks, same messages
    for name, (field, low, high, *_rest) in _SLIDERS.items():
        value = getattr(base, field)
        if not low <= value <= high:
            raise SmbkitError(
                f"{func}: `base.{name}` must be between {low:g} and {high:g} for the slider, "
                f"got {value!r}"
            )
    import ipywidgets as w
    from matplotlib.figure import Figure

    style = {"description_width": "200px"}
    layout = w.Layout(width="560px")
    controls = {
        name: w.FloatSlider(
            value=float(getattr(base, field)),
            min=low,
            max=high,
            step=step,
            description=label,
            readout_format=fmt,
            continuous_update=False,
            style=style,
            layout=layout,
        )
        for name, (field, low, high, step, label, fmt) in _SLIDERS.items()
    }
    top = max(3 * float(base.fixed_costs), 1_000.0)
    controls["fixed_costs"] = w.FloatSlider(
        value=float(base.fixed_costs),
        min=0.0,
        max=top,
        step=top / 300,
        description=f"Fixed costs a month ({currency})",
        readout_format=",.0f",
        continuous_update=False,
        style=style,
        layout=layout,
    )
    summary = w.HTML()
    image = w.Image(format="png")
    box = w.VBox([*controls.values(), summary, image])
    return ScenarioSliders(
        base=base,
        settings=settings,
        currency=currency,
        controls=controls,
        summary=summary,
        image=image,
        widget=box,
        figure=Figure(figsize=(8, 3.6)),
    )
