"""Interactive views for the course: thin ipywidgets layers over pure functions.

Every computation lives in a tested model function (here :func:`smbkit.targets.what_if`);
a widget only reads its sliders, calls the model and shows the result in ``HTML`` widgets
and a redrawn figure (no ``Output`` widgets, so it works without a kernel and under
nbval). A builder returns an object with ``.controls`` (name -> widget), ``.result`` (the
model's last result) and ``.figure``; displaying it shows the widget.

ipywidgets and matplotlib are imported inside the builders.
"""

from __future__ import annotations

import math

import pandas as pd

from smbkit import targets
from smbkit._errors import SmbkitError
from smbkit._forecast_widget import ForecastExplorer, forecast_explorer
from smbkit._validation import check_option
from smbkit._widget_common import fmt_amount, png_bytes
from smbkit._widgets_optimize import PriceBudgetWhatIf, price_budget_whatif
from smbkit._widgets_roi import AutomationROI, automation_roi
from smbkit._widgets_scenario import ScenarioSliders, scenario_sliders

__all__ = [
    "AutomationROI",
    "ForecastExplorer",
    "PriceBudgetWhatIf",
    "ScenarioSliders",
    "TargetWhatIf",
    "automation_roi",
    "forecast_explorer",
    "price_budget_whatif",
    "scenario_sliders",
    "target_whatif",
]

_STATUS_COLOUR = {
    "on track": "#1a7f37",
    "at risk": "#9a6700",
    "off track": "#cf222e",
    "no data": "#57606a",
}


class TargetWhatIf:
    """The what-if view returned by :func:`target_whatif`.

    Attributes
    ----------
    controls : dict
        ``"target"`` (FloatSlider, KPI units), ``"deadline_months"`` (IntSlider) and
        ``"baseline_periods"`` (IntSlider).
    result : smbkit.targets.WhatIf
        The last computed result.
    summary : ipywidgets.HTML
        The text shown: required growth, the linear alternative, the trend and status.
    figure : matplotlib.figure.Figure
        The plan against the current trend, redrawn on every change.
    widget : ipywidgets.VBox
        The whole view (displaying this object displays it).
    """

    def __init__(
        self, series, *, kpi, unit, polarity, fit_periods, controls, summary, image, widget, figure
    ):
        self._series = series
        self.kpi = kpi
        self.unit = unit
        self.polarity = polarity
        self.fit_periods = fit_periods
        self.controls = controls
        self.summary = summary
        self.image = image
        self.widget = widget
        self.figure = figure
        self.result: targets.WhatIf | None = None
        for w in controls.values():
            w.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change=None) -> None:
        self.update()

    def compute(self) -> targets.WhatIf:
        """Run the model on the sliders' current values (no drawing)."""
        c = self.controls
        return targets._what_if(
            self._series,
            float(c["target"].value),
            int(c["deadline_months"].value),
            self.kpi,
            int(c["baseline_periods"].value),
            self.fit_periods,
            self.polarity,
            "M",
            "log-linear",
            (0.05, 0.10),
            "relative",
        )

    def update(self) -> None:
        """Recompute the result, rewrite the summary and redraw the figure."""
        self.result = r = self.compute()
        self.summary.value = self._summary_html(r)
        self._draw(r)

    def _summary_html(self, r: targets.WhatIf) -> str:
        u = self.unit
        growth = (
            "n/a (compound growth needs positive values)"
            if math.isnan(r.required_growth)
            else f"{r.required_growth:+.2%}"
        )
        trend = "n/a" if math.isnan(r.trend_growth) else f"{r.trend_growth:+.2%}"
        colour = _STATUS_COLOUR[r.status]
        return (
            f"<b>{self.kpi}</b>: from {fmt_amount(r.baseline, u)} ({r.baseline_period:%b %Y}) "
            f"to {fmt_amount(r.target, u)} by {r.deadline:%b %Y} ({r.periods} months).<br>"
            f"Required growth: <b>{growth}</b> a month (compound), "
            f"or <b>{fmt_amount(r.required_increase, u)}</b> a month (linear).<br>"
            f"Current trend: {trend} a month, reaching {fmt_amount(r.projected_at_deadline, u)} "
            f"by the deadline: <b style='color:{colour}'>{r.status}</b>."
        )

    def _draw(self, r: targets.WhatIf) -> None:
        from smbkit.plots._goals import plot_plan

        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        recent = self._series.iloc[-24:]
        plot_plan(r.plan, recent, projection=r.projection, unit=self.unit, ax=ax)
        ax.set_title(f"{self.kpi}: plan to target against the current trend")
        ax.set_ylabel(f"{self.kpi} ({self.unit})" if self.unit else self.kpi)
        fig.autofmt_xdate()
        fig.subplots_adjust(left=0.11, right=0.98, top=0.9, bottom=0.2)
        self.image.value = png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def target_whatif(
    history: pd.DataFrame,
    *,
    kpi: str = "revenue",
    target: float | None = None,
    deadline_months: int = 12,
    baseline_periods: int = 1,
    date: str = "period",
    value: str = "value",
    polarity: str = "higher",
    unit: str | None = None,
    fit_periods: int = 12,
) -> TargetWhatIf:
    """Build a what-if view: move the target and deadline, see the growth they need.

    Parameters
    ----------
    history : DataFrame
        Monthly history of the KPI: the tidy KPI table (``period, kpi, value``) or a wide
        table with the KPI as a column (pass ``date=``, e.g. the financials with
        ``date="month"``).
    kpi : str, default "revenue"
        The KPI id (tidy table) or column (wide table).
    target : float, optional
        The starting target; 20 % better than the baseline when omitted.
    deadline_months : int, default 12
        The starting deadline, in months after the last observed month.
    baseline_periods : int, default 1
        The starting number of recent months averaged into the baseline.
    date, value : str
        Column names.
    polarity : {"higher", "lower"}, default "higher"
    unit : str, optional
        The KPI's unit for labels (e.g. "USD").
    fit_periods : int, default 12
        Months used for the current-trend line (see :func:`smbkit.targets.trend_projection`).

    Returns
    -------
    TargetWhatIf
        ``.controls`` (``target``, ``deadline_months``, ``baseline_periods``),
        ``.result`` (:class:`smbkit.targets.WhatIf`), ``.summary`` (HTML), ``.figure``.

    Raises
    ------
    SmbkitError, DataError
        As :func:`smbkit.targets.what_if` for bad options or data.

    Notes
    -----
    The view calls :func:`smbkit.targets.what_if`'s model on every slider move; the
    numbers it shows are those of :func:`smbkit.targets.required_growth` and
    :func:`smbkit.targets.trend_projection`.
    """
    import ipywidgets as w
    from matplotlib.figure import Figure

    func = "target_whatif"
    check_option(func, "polarity", polarity, targets.POLARITIES)
    series = targets._kpi_series(func, history, kpi, date=date, value=value).dropna()
    if len(series) < 2:
        raise SmbkitError(
            f"{func}: need at least 2 observed months of {kpi!r}, found {len(series)}"
        )
    for arg, v, least in (
        ("deadline_months", deadline_months, 1),
        ("baseline_periods", baseline_periods, 1),
        ("fit_periods", fit_periods, 2),
    ):
        if int(v) != v or v < least:
            raise SmbkitError(f"{func}: `{arg}` must be a whole number >= {least}, got {v!r}")
    max_base = min(12, len(series))
    if baseline_periods > max_base:
        raise SmbkitError(
            f"{func}: `baseline_periods` must be at most {max_base} here, got {baseline_periods}"
        )
    base = float(series.iloc[-baseline_periods:].mean())
    scale = abs(base) if base != 0 else 1.0
    if target is None:
        target = base * (1.2 if polarity == "higher" else 0.8) if base != 0 else 1.0
    lo = min(0.25 * scale, float(target))
    hi = max(3.0 * scale, 1.5 * float(target))
    style = {"description_width": "150px"}
    layout = w.Layout(width="560px")
    controls = {
        "target": w.FloatSlider(
            value=float(target),
            min=lo,
            max=hi,
            step=scale / 200,
            description=f"Target ({unit})" if unit else "Target",
            readout_format=",.0f",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "deadline_months": w.IntSlider(
            value=int(deadline_months),
            min=1,
            max=max(36, int(deadline_months)),
            description="Deadline (months)",
            style=style,
            continuous_update=False,
            layout=layout,
        ),
        "baseline_periods": w.IntSlider(
            value=int(baseline_periods),
            min=1,
            max=max_base,
            description="Baseline (months avg.)",
            style=style,
            continuous_update=False,
            layout=layout,
        ),
    }
    summary = w.HTML()
    image = w.Image(format="png")
    box = w.VBox([*controls.values(), summary, image])
    figure = Figure(figsize=(8, 3.5))
    return TargetWhatIf(
        series,
        kpi=kpi,
        unit=unit,
        polarity=polarity,
        fit_periods=int(fit_periods),
        controls=controls,
        summary=summary,
        image=image,
        widget=box,
        figure=figure,
    )
