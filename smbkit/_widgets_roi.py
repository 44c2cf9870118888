"""The automation ROI calculator widget (re-exported by :mod:`smbkit.widgets`).

A thin view over :func:`smbkit.finance.automation_case`: move the investment, the monthly
saving, the adoption ramp, the discount rate and the horizon; see ROI, payback and NPV and
the cumulative cash-flow chart. ipywidgets and matplotlib are imported inside the builder.
"""

from __future__ import annotations

import html
import math

from smbkit import finance
from smbkit._errors import SmbkitError
from smbkit._widget_common import png_bytes

__all__ = ["AutomationROI", "automation_roi"]

_GOOD, _BAD = "#1a7f37", "#cf222e"


def _money(x: float, currency: str) -> str:
    return "n/a" if math.isnan(x) else f"{x:,.0f} {currency}"


class AutomationROI:
    """The what-if view returned by :func:`automation_roi`.

    Attributes
    ----------
    controls : dict
        ``"investment"`` and ``"monthly_saving"`` (FloatSlider, currency),
        ``"ramp_months"`` and ``"months"`` (IntSlider) and ``"annual_discount_rate"``
        (FloatSlider, a fraction shown as a percentage).
    result : smbkit.finance.AutomationCase
        The last computed case.
    summary : ipywidgets.HTML
        ROI, payback, NPV and IRR in words.
    figure : matplotlib.figure.Figure
        The cumulative cash flow, redrawn on every change.
    widget : ipywidgets.VBox
        The whole view (displaying this object displays it).
    """

    def __init__(self, *, monthly_cost, currency, controls, summary, image, widget, figure):
        self.monthly_cost = monthly_cost
        self.currency = currency
        self.controls = controls
        self.summary = summary
        self.image = image
        self.widget = widget
        self.figure = figure
        self.result: finance.AutomationCase | None = None
        for w in controls.values():
            w.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, _change=None) -> None:
        self.update()

    def compute(self) -> finance.AutomationCase:
        """Run the model on the sliders' current values (no drawing)."""
        c = self.controls
        return finance.automation_case(
            float(c["investment"].value),
            float(c["monthly_saving"].value),
            months=int(c["months"].value),
            ramp_months=int(c["ramp_months"].value),
            annual_discount_rate=float(c["annual_discount_rate"].value),
            monthly_cost=self.monthly_cost,
        )

    def update(self) -> None:
        """Recompute the case, rewrite the summary and redraw the chart."""
        self.result = r = self.compute()
        self.summary.value = self._summary_html(r)
        self._draw(r)

    def _summary_html(self, r: finance.AutomationCase) -> str:
        cur = self.currency
        colour = _GOOD if r.npv >= 0 else _BAD
        roi = "n/a" if math.isnan(r.roi) else f"{r.roi:.0%}"
        if math.isnan(r.payback_months):
            payback = f"not within {r.months} months"
        else:
            disc = r.discounted_payback_months
            extra = "" if math.isnan(disc) else f" ({disc:.1f} discounted)"
            payback = f"{r.payback_months:.1f} months{extra}"
        irr = "n/a" if math.isnan(r.irr_annual) else f"{r.irr_annual:.0%} a year"
        verdict = (
            "worth more than it costs at this discount rate"
            if r.npv >= 0
            else "worth less than it costs at this discount rate"
        )
        note = f"<br><i>{html.escape(r.note)}</i>" if r.note else ""
        return (
            f"Over {r.months} months: saving {_money(r.total_saving, cur)} for "
            f"{_money(r.total_cost, cur)} of cost.<br>"
            f"ROI <b>{roi}</b> &middot; payback <b>{payback}</b> &middot; "
            f"NPV at {r.annual_discount_rate:.1%} a year "
            f"<b style='color:{colour}'>{_money(r.npv, cur)}</b> ({verdict}) &middot; "
            f"IRR {irr}.{note}"
        )

    def _draw(self, r: finance.AutomationCase) -> None:
        from smbkit.plots._experiments import plot_automation_case

        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        plot_automation_case(r, currency=self.currency, ax=ax)
        fig.subplots_adjust(left=0.13, right=0.98, top=0.9, bottom=0.14)
        self.image.value = png_bytes(fig)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def automation_roi(
    *,
    investment: float = 10_000.0,
    monthly_saving: float = 1_000.0,
    ramp_months: int = 3,
    annual_discount_rate: float = 0.08,
    months: int = 36,
    monthly_cost: float = 0.0,
    currency: str = "USD",
) -> AutomationROI:
    """Build an ROI what-if for an automation: move the sliders, see ROI, payback and NPV.

    Parameters
    ----------
    investment : float, default 10,000
        Starting up-front cost (currency); the slider runs from 0 to four times it.
    monthly_saving : float, default 1,000
        Starting saving per month at full adoption (currency); slider 0 to four times it.
    ramp_months : int, default 3
        Starting months until full adoption (slider 0-24).
    annual_discount_rate : float, default 0.08
        Starting discount rate per year (slider 0-30 %).
    months : int, default 36
        Starting horizon (slider 6-120 months).
    monthly_cost : float, default 0.0
        Running cost per month (fixed: not a slider).
    currency : str, default "USD"
        For labels.

    Returns
    -------
    AutomationROI
        ``.controls``, ``.result`` (:class:`smbkit.finance.AutomationCase`), ``.summary``
        (HTML) and ``.figure``.

    Raises
    ------
    SmbkitError
        As :func:`smbkit.finance.automation_case` for bad starting values, or if a
        starting value lies outside its slider's range.

    Notes
    -----
    Every number shown is :func:`smbkit.finance.automation_case`'s, recomputed on each
    slider move; the chart is :func:`smbkit.plots.plot_automation_case`.
    """
    func = "automation_roi"
    # validate through the model first: same rules, same messages
    finance.automation_case(
        investment,
        monthly_saving,
        months=months,
        ramp_months=ramp_months,
        annual_discount_rate=annual_discount_rate,
        monthly_cost=monthly_cost,
    )
    if not isinstance(currency, str):
        raise SmbkitError(f"{func}: `currency` must be text such as 'USD', got {currency!r}")
    for arg, value, low, high in (
        ("ramp_months", ramp_months, 0, 24),
        ("months", months, 6, 120),
        ("annual_discount_rate", annual_discount_rate, 0.0, 0.30),
    ):
        if not low <= value <= high:
            raise SmbkitError(
                f"{func}: `{arg}` must be between {low:g} and {high:g} for the slider, "
                f"got {value!r}"
            )
    import ipywidgets as w
    from matplotlib.figure import Figure

    style = {"description_width": "170px"}
    layout = w.Layout(width="560px")

    def money_slider(value: float, label: str) -> w.FloatSlider:
        top = max(4 * float(value), 1_000.0)
        return w.FloatSlider(
            value=float(value),
            min=0.0,
            max=top,
            step=top / 400,
            description=f"{label} ({currency})",
            readout_format=",.0f",
            continuous_update=False,
            style=style,
            layout=layout,
        )

    controls = {
        "investment": money_slider(investment, "Investment"),
        "monthly_saving": money_slider(monthly_saving, "Monthly saving"),
        "ramp_months": w.IntSlider(
            value=int(ramp_months),
            min=0,
            max=24,
            description="Adoption ramp (months)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "annual_discount_rate": w.FloatSlider(
            value=float(annual_discount_rate),
            min=0.0,
            max=0.30,
            step=0.005,
            description="Discount rate (a year)",
            readout_format=".1%",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
        "months": w.IntSlider(
            value=int(months),
            min=6,
            max=120,
            description="Horizon (months)",
            continuous_update=False,
            style=style,
            layout=layout,
        ),
    }
    summary = w.HTML()
    image = w.Image(format="png")
    box = w.VBox([*controls.values(), summary, image])
    return AutomationROI(
        monthly_cost=float(monthly_cost),
        currency=currency,
        controls=controls,
        summary=summary,
        image=image,
        widget=box,
        figure=Figure(figsize=(8, 3.6)),
    )
