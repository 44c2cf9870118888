"""smbkit.strategy: the SWOT table, unmeasured items, and the SWOT picture."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.plots._swot import plot_swot  # noqa: E402
from smbkit.strategy import QUADRANTS, swot, unmeasured  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


ITEMS = [
    {
        "item": "Loyal regulars",
        "quadrant": "strength",
        "kpi": "repeat_purchase_rate",
        "priority": 3,
    },
    {"item": "Slow online checkout", "quadrant": "weakness", "priority": 3},
    {"item": "Office catering demand", "quadrant": "opportunity", "kpi": None, "priority": 2},
    {"item": "Flour prices rising", "quadrant": "threat", "kpi": "gross_margin", "priority": 2},
    {"item": "Nice logo", "quadrant": "strength", "priority": 1},
]


def test_swot_derives_origin_and_effect():
    t = swot(ITEMS)
    assert t.columns.tolist() == ["item", "quadrant", "origin", "effect", "kpi", "priority"]
    assert t["origin"].tolist() == ["internal", "internal", "external", "external", "internal"]
    assert t["effect"].tolist() == ["helpful", "harmful", "helpful", "harmful", "helpful"]
    assert t["kpi"].isna().tolist() == [False, True, True, False, True]
    assert t["priority"].tolist() == [3, 3, 2, 2, 1]
    assert t["priority"].dtype == "int64"


def test_swot_from_a_dataframe_with_consistent_origin_is_the_same():
    df = pd.DataFrame(ITEMS)
    df["origin"] = [QUADRANTS[q][0] for q in df["quadrant"]]
    pd.testing.assert_frame_equal(swot(df), swot(ITEMS))


def test_unmeasured_lists_items_that_matter_without_a_kpi():
    t = swot(ITEMS)
    assert unmeasured(t)["item"].tolist() == ["Slow online checkout", "Office catering demand"]
    assert unmeasured(t, min_priority=3)["item"].tolist() == ["Slow online checkout"]
    assert unmeasured(t, min_priority=1)["item"].tolist() == [
        "Slow online checkout",
        "Office catering demand",
        "Nice logo",
    ]
    measured = t.assign(kpi="revenue")
    assert unmeasured(measured).empty


def test_known_kpis_checks_links():
    known = ["repeat_purchase_rate", "gross_margin", "revenue"]
    assert len(swot(ITEMS, known_kpis=known)) == 5
    bad = [{"item": "Thin margins", "quadrant": "weakness", "kpi": "gross_margn", "priority": 2}]
    with pytest.raises(
        SmbkitError,
        match=r"linked to KPI 'gross_margn', which is not in "
        r"`known_kpis`. Did you mean 'gross_margin'\?",
    ):
        swot(bad, known_kpis=known)


def test_default_priority_is_explicit():
    items = [{"item": "Good location", "quadrant": "strength"}]
    with pytest.raises(SmbkitError, match=r"item 'Good location' has no priority"):
        swot(items)
    assert swot(items, default_priority=2)["priority"].tolist() == [2]


@pytest.mark.parametrize(
    ("item", "err", "match"),
    [
        (
            {"item": "X", "quadrant": "strengths", "priority": 1},
            SmbkitError,
            r"`quadrant` must be one of .* but 'strengths' was passed. Did you mean 'strength'",
        ),
        (
            {"item": "X", "quadrant": "threat", "origin": "internal", "priority": 1},
            SmbkitError,
            r"'X' is a threat, so its origin is 'external', but 'internal' was given",
        ),
        (
            {"item": "X", "quadrant": "threat", "effect": "helpful", "priority": 1},
            SmbkitError,
            r"so its effect is 'harmful'",
        ),
        (
            {"item": "X", "quadrant": "threat", "priority": 5},
            SmbkitError,
            r"item 'X' has priority 5; use 1 \(low\), 2 \(medium\) or 3 \(high\)",
        ),
        (
            {"item": "  ", "quadrant": "threat", "priority": 1},
            DataError,
            r"1 of 1 rows .* have no item text",
        ),
        (
            {"text": "X", "quadrant": "threat"},
            DataError,
            r"column 'item' \(item=\) is not in items",
        ),
    ],
)
def test_swot_errors(item, err, match):
    with pytest.raises(err, match=match):
        swot([item])


def test_swot_empty_and_wrong_type():
    with pytest.raises(DataError, match="`items` is empty"):
        swot([])
    with pytest.raises(
        SmbkitError, match="`items` must be a list of dicts or a DataFrame, got int"
    ):
        swot(3)
    with pytest.raises(SmbkitError, match=r"`min_priority` must be one of \[1, 2, 3\]"):
        unmeasured(swot(ITEMS), min_priority=0)


@given(st.permutations(ITEMS))
def test_swot_rows_follow_input_order(items):
    t = swot(list(items))
    assert t["item"].tolist() == [i["item"] for i in items]
    assert set(unmeasured(t)["item"]) == {"Slow online checkout", "Office catering demand"}


def test_plot_swot_draws_four_quadrants_with_items_and_kpis():
    t = swot(ITEMS)
    ax = plot_swot(t)
    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(rects) == 4
    assert [(r.get_x(), r.get_y()) for r in rects] == [(0, 1), (1, 1), (0, 0), (1, 0)]
    texts = [x.get_text() for x in ax.texts]
    for header in ("Strengths", "Weaknesses", "Opportunities", "Threats"):
        assert header in texts
    assert "• Loyal regulars — repeat_purchase_rate" in texts
    assert "• Slow online checkout — no KPI yet" in texts
    # strengths: priority 3 item listed above priority 1 item
    y = {x.get_text(): x.get_position()[1] for x in ax.texts}
    assert y["• Loyal regulars — repeat_purchase_rate"] > y["• Nice logo — no KPI yet"]
    assert ax.get_title() == "SWOT: each item with the KPI that measures it"
    assert ax.get_xlabel() == "Effect on the aim"
    assert ax.get_ylabel() == "Origin"


def test_plot_swot_counts_items_beyond_max():
    many = [{"item": f"S{i}", "quadrant": "strength", "priority": 2} for i in range(5)]
    ax = plot_swot(swot(many), max_items=3)
    texts = [x.get_text() for x in ax.texts]
    assert "(+2 more)" in texts
    assert "• S3 — no KPI yet" not in texts
