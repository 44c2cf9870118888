"""smbkit.plots._goals: plan plot, scorecard styling and sparklines."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.plots._goals import STATUS_COLOURS, plot_plan, sparkline, style_scorecard  # noqa: E402
from smbkit.targets import Goal, plan_path, scorecard, trend_projection  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def goal():
    return Goal(
        "revenue", 100.0, "2025-01-01", 121.0, "2025-03-01", "higher", name="Revenue", unit="USD"
    )


@pytest.fixture
def kv():
    return pd.DataFrame(
        {
            "period": list(pd.date_range("2025-01-01", periods=3, freq="MS")) * 2,
            "kpi": ["revenue"] * 3 + ["cac"] * 3,
            "value": [100.0, 108.0, 125.0, 50.0, 49.0, 60.0],
        }
    )


def test_plot_plan_from_goal_draws_plan_target_and_actual(goal, kv):
    ax = plot_plan(goal, kv)
    plan, target, actual = ax.get_lines()
    # plan 100 -> 110 -> 121 (10 % a month)
    assert plan.get_ydata() == pytest.approx([100.0, 110.0, 121.0])
    assert list(target.get_ydata()) == [121.0]
    # only the goal's KPI is drawn as actual
    assert actual.get_ydata() == pytest.approx([100.0, 108.0, 125.0])
    assert ax.get_title() == "Revenue: plan from baseline to target"
    assert ax.get_xlabel() == "Period"
    assert ax.get_ylabel() == "Revenue (USD)"


def test_plot_plan_from_frame_with_projection():
    plan = plan_path(100.0, 121.0, periods=2, start="2025-01-01")
    hist = pd.DataFrame(
        {
            "period": pd.date_range("2024-10-01", periods=4, freq="MS"),
            "value": [70.0, 80.0, 90.0, 100.0],
        }
    )
    proj = trend_projection(hist, periods_ahead=2, method="linear")
    _, ax = plt.subplots()
    out = plot_plan(
        plan,
        pd.Series([90.0, 100.0], index=hist["period"].iloc[2:]),
        projection=proj,
        unit="USD",
        ax=ax,
    )
    assert out is ax
    lines = ax.get_lines()
    assert len(lines) == 4
    assert lines[3].get_ydata() == pytest.approx([100.0, 110.0, 120.0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Plan",
        "Target",
        "Actual",
        "Current trend",
    ]
    assert ax.get_ylabel() == "KPI (USD)"


def test_plot_plan_errors(goal):
    with pytest.raises(SmbkitError, match="`goal_or_plan` must be a Goal or a plan_path"):
        plot_plan([1, 2, 3])
    with pytest.raises(DataError, match=r"column 'planned' \(planned=\) is not in plan"):
        plot_plan(pd.DataFrame({"period": [], "value": []}))
    with pytest.raises(SmbkitError, match="`actual` must be a DataFrame .* got list"):
        plot_plan(goal, [1.0])


def test_sparkline():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([8, 1]) == "█▁"
    assert sparkline([3.0, 3.0]) == "▄▄"
    assert sparkline([np.nan, 1.0, 2.0]) == " ▁█"
    assert sparkline([]) == ""


def test_style_scorecard_colours_status_and_adds_sparkline(kv):
    goals = [
        Goal("revenue", 100, "2025-01-01", 121, "2025-03-01", "higher"),
        Goal("cac", 50, "2025-01-01", 40, "2025-03-01", "lower"),
    ]
    card = scorecard(kv, goals)
    styler = style_scorecard(card)
    shown = styler.data
    assert "trend" not in shown.columns
    assert "note" not in shown.columns
    # revenue 100, 108, 125 -> lowest, middle (8/25 * 7 = 2.24 -> block 2), highest
    assert shown["sparkline"].tolist() == ["▁▃█", "▂▁█"]
    html = styler.to_html()
    # revenue 125 vs plan 121: on track (green); cac 60 vs plan 40: off track (red)
    assert card["status"].tolist() == ["on track", "off track"]
    assert f"background-color: {STATUS_COLOURS['on track']}" in html
    assert f"background-color: {STATUS_COLOURS['off track']}" in html
    assert "+3.3%" in html  # variance_pct of revenue: (125 - 121) / 121
    assert len(card) == 2  # the input is untouched


def test_style_scorecard_needs_status():
    with pytest.raises(DataError, match=r"column 'status' \(status=\) is not in card"):
        style_scorecard(pd.DataFrame({"kpi": ["x"], "actual": [1.0]}))
