"""smbkit.widgets.target_whatif: a thin view over smbkit.targets.what_if."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.targets import what_if  # noqa: E402
from smbkit.widgets import TargetWhatIf, target_whatif  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def history():
    # revenue grows exactly 2 % a month from 10,000 over 12 months; a partial 13th month
    vals = list(10_000 * 1.02 ** np.arange(12)) + [3_000.0]
    return pd.DataFrame(
        {
            "period": pd.date_range("2025-01-01", periods=13, freq="MS"),
            "kpi": "revenue",
            "value": vals,
            "unit": "USD",
            "partial": [False] * 12 + [True],
        }
    )


def test_builds_with_controls_result_and_figure(history):
    ui = target_whatif(history, unit="USD")
    assert isinstance(ui, TargetWhatIf)
    assert set(ui.controls) == {"target", "deadline_months", "baseline_periods"}
    last = 10_000 * 1.02**11  # 12,433.74; the partial month is left out
    r = ui.result
    assert r.baseline == pytest.approx(last)
    assert r.target == pytest.approx(1.2 * last)  # default: 20 % better
    assert r.periods == 12
    assert r.trend_growth == pytest.approx(0.02)
    assert r.required_growth == pytest.approx(1.2 ** (1 / 12) - 1)  # 1.53 %
    # the trend (2 %) beats the 1.53 % needed: on track
    assert r.status == "on track"
    assert "+1.53%" in ui.summary.value
    assert "on track" in ui.summary.value
    ax = ui.figure.axes[0]
    assert ax.get_title() == "revenue: plan to target against the current trend"
    assert ax.get_xlabel() == "Period"
    assert ax.get_ylabel() == "revenue (USD)"
    assert ui.image.value[:4] == b"\x89PNG"


def test_moving_the_target_recomputes(history):
    ui = target_whatif(history, unit="USD")
    base = ui.result.baseline
    ui.controls["target"].value = 2 * base
    r = ui.result
    assert r.target == pytest.approx(2 * base)
    assert r.required_growth == pytest.approx(2 ** (1 / 12) - 1)  # 5.95 % a month
    assert r.status == "off track"
    assert "+5.95%" in ui.summary.value
    assert "off track" in ui.summary.value
    # the plan drawn ends at the new target
    plan_line = ui.figure.axes[0].get_lines()[0]
    assert plan_line.get_ydata()[-1] == pytest.approx(2 * base)


def test_moving_deadline_and_baseline_recomputes(history):
    ui = target_whatif(history, target=15_000.0)
    ui.controls["deadline_months"].value = 24
    assert ui.result.periods == 24
    assert ui.result.deadline == pd.Timestamp("2027-12-01")  # Dec 2025 + 24 months
    assert "(24 months)" in ui.summary.value
    ui.controls["baseline_periods"].value = 3
    expected_base = np.mean(10_000 * 1.02 ** np.arange(9, 12))
    assert ui.result.baseline == pytest.approx(expected_base)


def test_view_agrees_with_the_model(history):
    ui = target_whatif(history, target=14_000.0, deadline_months=6, baseline_periods=2)
    model = what_if(history, kpi="revenue", target=14_000.0, periods=6, baseline_periods=2)
    assert ui.result.required_growth == pytest.approx(model.required_growth)
    assert ui.result.projected_at_deadline == pytest.approx(model.projected_at_deadline)
    assert ui.result.status == model.status


def test_lower_polarity(history):
    cac = history.assign(kpi="cac")
    ui = target_whatif(cac, kpi="cac", polarity="lower")
    assert ui.result.target == pytest.approx(0.8 * ui.result.baseline)
    # cost rising 2 % a month against a target 20 % lower: off track
    assert ui.result.status == "off track"


def test_errors(history):
    with pytest.raises(DataError, match=r"KPI 'revnue' is not in the data.*'revenue'"):
        target_whatif(history, kpi="revnue")
    with pytest.raises(SmbkitError, match=r"`polarity` must be one of"):
        target_whatif(history, polarity="up")
    with pytest.raises(SmbkitError, match=r"`baseline_periods` must be at most 12 here, got 13"):
        target_whatif(history, baseline_periods=13)
    with pytest.raises(SmbkitError, match=r"`deadline_months` must be a whole number >= 1"):
        target_whatif(history, deadline_months=0)
    with pytest.raises(SmbkitError, match=r"need at least 2 observed months of 'revenue'"):
        target_whatif(history.iloc[:1])
