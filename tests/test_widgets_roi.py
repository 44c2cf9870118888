"""smbkit.widgets.automation_roi: a thin view over smbkit.finance.automation_case."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from smbkit import SmbkitError  # noqa: E402
from smbkit.finance import automation_case  # noqa: E402
from smbkit.widgets import AutomationROI, automation_roi  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_builds_with_controls_result_and_figure():
    ui = automation_roi(investment=12_000, monthly_saving=1_000, ramp_months=0)
    assert isinstance(ui, AutomationROI)
    assert set(ui.controls) == {
        "investment",
        "monthly_saving",
        "ramp_months",
        "annual_discount_rate",
        "months",
    }
    r = ui.result
    assert r.payback_months == pytest.approx(12.0)
    assert r.months == 36 and r.annual_discount_rate == 0.08
    assert "payback <b>12.0 months" in ui.summary.value
    assert f"{r.npv:,.0f} USD" in ui.summary.value
    assert "worth more than it costs" in ui.summary.value
    ax = ui.figure.axes[0]
    assert ax.get_title().startswith("Investment case: NPV")
    assert ax.get_ylabel() == "Cumulative cash flow (USD)"
    assert ui.image.value[:4] == b"\x89PNG"


def test_view_agrees_with_the_model():
    kwargs = dict(ramp_months=6, annual_discount_rate=0.1, months=48, monthly_cost=150)
    ui = automation_roi(investment=9_000, monthly_saving=1_300, **kwargs)
    model = automation_case(9_000, 1_300, **kwargs)
    assert ui.result.npv == pytest.approx(model.npv)
    assert ui.result.payback_months == pytest.approx(model.payback_months)
    assert ui.result.roi == pytest.approx(model.roi)
    assert ui.result.irr_annual == pytest.approx(model.irr_annual)


def test_moving_sliders_recomputes():
    ui = automation_roi(investment=12_000, monthly_saving=1_000, ramp_months=0)
    before = ui.result
    ui.controls["monthly_saving"].value = 2_000
    assert ui.result.payback_months == pytest.approx(6.0)
    assert ui.result.npv > before.npv
    assert "payback <b>6.0 months" in ui.summary.value
    ui.controls["ramp_months"].value = 4
    # 500 + 1,000 + 1,500 + 2,000 in the ramp, then 2,000 a month: 7,000 left after month 4
    assert ui.result.payback_months == pytest.approx(4 + 7_000 / 2_000)
    ui.controls["annual_discount_rate"].value = 0.0
    assert ui.result.npv == pytest.approx(ui.result.cash_flows["cash_flow"].sum())
    ui.controls["months"].value = 6
    assert ui.result.months == 6 and len(ui.result.cash_flows) == 7
    ui.controls["investment"].value = 40_000
    assert "not within 6 months" in ui.summary.value
    assert "worth less than it costs" in ui.summary.value
    assert ui.result.note  # the reason is shown, not hidden
    assert "does not pay back" in ui.summary.value
    # the chart follows: its last discounted point is the NPV
    discounted = ui.figure.axes[0].get_lines()[1]
    assert discounted.get_ydata()[-1] == pytest.approx(ui.result.npv)


def test_errors():
    with pytest.raises(SmbkitError, match=r"automation_case: `investment` must be >= 0"):
        automation_roi(investment=-1)
    with pytest.raises(SmbkitError, match=r"automation_roi: `months` must be between 6 and 120"):
        automation_roi(months=240)
    with pytest.raises(SmbkitError, match=r"`annual_discount_rate` must be between 0 and 0.3"):
        automation_roi(annual_discount_rate=0.5)
    with pytest.raises(SmbkitError, match=r"`currency` must be text such as 'USD', got 3"):
        automation_roi(currency=3)
