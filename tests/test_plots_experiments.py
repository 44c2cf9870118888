"""smbkit.plots._experiments: A/B test bars, power curves and the payback chart."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import SmbkitError  # noqa: E402
from smbkit.experiments import ab_test, power  # noqa: E402
from smbkit.finance import automation_case  # noqa: E402
from smbkit.plots import plot_ab_test, plot_automation_case, plot_power_curve  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def result():
    data = pd.DataFrame(
        {
            "variant": ["A"] * 1000 + ["B"] * 1000,
            "converted": [1] * 20 + [0] * 980 + [1] * 38 + [0] * 962,
        }
    )
    return ab_test(data)


def test_ab_bars_are_the_rates_with_their_intervals(result):
    ax = plot_ab_test(result)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([2.0, 3.8])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["A", "B"]
    # the error bars span each variant's interval (in percent)
    segments = ax.collections[-1].get_segments()
    spans = [(s[:, 1].min(), s[:, 1].max()) for s in segments]
    expected = (100 * result.variants[["ci_low", "ci_high"]]).to_numpy()
    np.testing.assert_allclose(spans, expected)
    assert ax.get_title() == "converted: B vs A, +1.80 points (p = 0.0165)"
    assert ax.get_ylabel() == "Share converted (%)"
    assert ax.get_xlabel().startswith("Variant")
    assert [t.get_text() for t in ax.texts] == ["2.00 %", "3.80 %"]


def test_power_curves_are_the_model(result):
    ax = plot_power_curve(0.02, [0.004, 0.006], n=9000, n_max=20_000)
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 2]
    assert len(lines) == 2
    x, y = lines[1].get_xdata(), lines[1].get_ydata()
    assert x.max() == pytest.approx(20_000)
    i = len(x) // 2
    assert y[i] == pytest.approx(power(0.02, 0.006, x[i]))
    assert np.all(np.diff(y) > 0)  # bigger tests, more power
    vertical = [line for line in ax.get_lines() if list(line.get_xdata()) == [9000, 9000]]
    horizontal = [line for line in ax.get_lines() if list(line.get_ydata()) == [0.8, 0.8]]
    assert vertical and horizontal
    assert ax.get_xlabel() == "People in each group"
    assert ax.get_ylabel() == "Power (chance to detect it)"
    assert "2.0% baseline" in ax.get_title()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[0] == "+0.40 points (2.0% to 2.4%)"


def test_payback_chart():
    case = automation_case(12_000, 1_000, ramp_months=6)
    ax = plot_automation_case(case)
    first, second = ax.get_lines()[:2]
    np.testing.assert_allclose(first.get_ydata(), case.cash_flows["cumulative"])
    np.testing.assert_allclose(second.get_ydata(), case.cash_flows["cumulative_present_value"])
    assert second.get_ydata()[-1] == pytest.approx(case.npv)
    payback = [line for line in ax.get_lines() if list(line.get_xdata()) == [14.5, 14.5]]
    assert payback, "a vertical line at the payback month"
    assert (
        ax.get_title()
        == f"Investment case: NPV {case.npv:,.0f} USD, payback 14.5 months, ROI {case.roi:.0%}"
    )
    assert ax.get_ylabel() == "Cumulative cash flow (USD)"
    assert ax.get_xlabel() == "Months after the investment"
    never = plot_automation_case(automation_case(50_000, 100, months=12), currency="EUR")
    assert "no payback" in never.get_title() and never.get_ylabel().endswith("(EUR)")


def test_errors():
    with pytest.raises(SmbkitError, match=r"plot_ab_test: `result` must be the ABTest"):
        plot_ab_test({"rate": 1})
    with pytest.raises(SmbkitError, match=r"plot_automation_case: `case` must be the Automation"):
        plot_automation_case(None)
    with pytest.raises(SmbkitError, match=r"plot_power_curve: give at least one effect"):
        plot_power_curve(0.02, [])
    with pytest.raises(SmbkitError, match=r"`n_max` must be above 10, got 5"):
        plot_power_curve(0.02, [0.01], n_max=5)
