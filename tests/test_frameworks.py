"""smbkit.targets frameworks: balanced scorecard, OKRs, goal cascades, and their pictures."""

from __future__ import annotations

import math
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.plots import (  # noqa: E402
    OKR_COLOURS,
    STATUS_COLOURS,
    plot_goal_tree,
    plot_okrs,
    style_balanced_scorecard,
)
from smbkit.targets import (  # noqa: E402
    PERSPECTIVES,
    Goal,
    KeyResult,
    Objective,
    balanced_scorecard,
    cascade_check,
    goal_cascade,
    key_result_progress,
    okr_scores,
    scorecard,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def months(start: str, n: int) -> list[pd.Timestamp]:
    return list(pd.date_range(start, periods=n, freq="MS"))


# ----------------------------------------------------------------- key-result progress


def test_key_result_progress_by_hand():
    # re:Work's grading example: "launch six new features", three launched -> 0.5
    # (https://rework.withgoogle.com/guides/set-goals-with-okrs/steps/grade-OKRs/)
    assert key_result_progress(3, 0, 6) == 0.5
    # lower is better: refund rate 10 % -> 5 %, now 7 %: (7 - 10) / (5 - 10) = 0.6
    assert key_result_progress(7.0, 10.0, 5.0) == pytest.approx(0.6)
    # beyond target and worse than start are clipped, unless clip=False
    assert key_result_progress([12, -2, 5], 0, 10).tolist() == [1.0, 0.0, 0.5]
    assert key_result_progress(12, 0, 10, clip=False) == pytest.approx(1.2)
    assert key_result_progress(11.0, 10.0, 5.0, clip=False) == pytest.approx(-0.2)
    # no value, or no way to go: NaN, never 0 or inf
    assert math.isnan(key_result_progress(float("nan"), 0, 10))
    assert math.isnan(key_result_progress(5, 3, 3))


def test_key_result_progress_keeps_a_series_index():
    cur = pd.Series([2.0, 4.0], index=["a", "b"])
    out = key_result_progress(cur, 0.0, 4.0)
    assert isinstance(out, pd.Series)
    assert out.index.tolist() == ["a", "b"]
    assert out.tolist() == [0.5, 1.0]


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(s=finite, t=finite, c=finite)
def test_lower_is_better_is_the_mirror_of_higher(s, t, c):
    # measuring a fall from s to t is the same as measuring a rise from -s to -t
    if s == t:
        return
    p = key_result_progress(c, s, t)
    assert 0.0 <= p <= 1.0
    assert p == pytest.approx(key_result_progress(-c, -s, -t), abs=1e-12)


# ----------------------------------------------------------------- KeyResult / Objective


def test_key_result_infers_polarity_and_progress():
    kr = KeyResult("Defects", 4.0, 2.0, 3.0)
    assert kr.polarity == "lower"
    assert kr.progress == 0.5
    up = KeyResult("Orders", 10, 30, 40, polarity="higher", kpi="orders", weight=2)
    assert (up.polarity, up.progress, up.raw_progress, up.weight) == ("higher", 1.0, 1.5, 2.0)
    assert math.isnan(KeyResult("Not measured yet", 0, 1).progress)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"name": "", "start": 0, "target": 1}, r"KeyResult: `name` must say what is measured"),
        (
            {"name": "Churn", "start": 5, "target": 5},
            r"KeyResult 'Churn': `target` equals `start` \(5\)",
        ),
        (
            {"name": "Churn", "start": 5, "target": 3, "polarity": "higher"},
            r"`target` 3 is below `start` 5, but polarity is 'higher'",
        ),
        (
            {"name": "Sales", "start": 5, "target": 8, "polarity": "up"},
            r"`polarity` must be one of \['higher', 'lower'\], but 'up'",
        ),
        ({"name": "Sales", "start": None, "target": 8}, r"'Sales': `start` is missing"),
        (
            {"name": "Sales", "start": 1, "target": 8, "current": "lots"},
            r"'Sales': `current` must be a number, but 'lots'",
        ),
        (
            {"name": "Sales", "start": 1, "target": float("inf")},
            r"`target` must be a finite number",
        ),
        (
            {"name": "Sales", "start": 1, "target": 8, "weight": -1},
            r"'Sales': `weight` must be a number >= 0, got -1",
        ),
    ],
)
def test_key_result_errors(kwargs, match):
    with pytest.raises(SmbkitError, match=match):
        KeyResult(**kwargs)


def test_objective_errors():
    kr = KeyResult("Orders", 0, 10, 5)
    with pytest.raises(SmbkitError, match=r"Objective 'Grow': has no key results"):
        Objective("Grow", [])
    with pytest.raises(SmbkitError, match=r"two key results are named 'Orders'"):
        Objective("Grow", [kr, kr])
    with pytest.raises(SmbkitError, match=r"must hold KeyResult objects, got dict"):
        Objective("Grow", [{"name": "Orders"}])
    with pytest.raises(SmbkitError, match=r"every key result has weight 0"):
        Objective("Grow", [KeyResult("Orders", 0, 10, 5, weight=0)])
    with pytest.raises(SmbkitError, match=r"Objective: `name` must state the objective"):
        Objective(" ", [kr])
    # a single KeyResult is accepted as the only one
    assert Objective("Grow", kr).key_results == (kr,)


# ----------------------------------------------------------------- okr_scores


def test_okr_scores_weighted_by_hand():
    obj = Objective(
        "Win back regulars",
        [
            KeyResult("Repeat rate", 20.0, 30.0, 25.0, weight=3),  # 0.5
            KeyResult("Churn", 40.0, 30.0, 31.0, weight=1),  # (31-40)/(30-40) = 0.9
        ],
        owner="Ana",
    )
    t = okr_scores(obj)
    assert t["level"].tolist() == ["objective", "key result", "key result"]
    # (3 * 0.5 + 1 * 0.9) / 4 = 0.6: yellow, not a success
    assert t.loc[0, "progress"] == pytest.approx(0.6)
    assert (t.loc[0, "band"], bool(t.loc[0, "success"])) == ("yellow", False)
    assert t["share"].tolist()[1:] == [0.75, 0.25]
    assert t["band"].tolist()[1:] == ["yellow", "green"]
    assert t["polarity"].tolist()[1:] == ["higher", "lower"]
    assert (t["owner"] == "Ana").all()
    assert obj.score == pytest.approx(0.6)
    assert t.columns.tolist() == [
        "objective",
        "key_result",
        "level",
        "owner",
        "kpi",
        "unit",
        "polarity",
        "start",
        "target",
        "current",
        "weight",
        "share",
        "raw_progress",
        "progress",
        "band",
        "success",
        "note",
    ]


@pytest.mark.parametrize(
    ("progress", "band"),
    [
        (0.0, "red"),
        (0.3, "red"),
        (0.35, "red"),  # between Doerr's 0.3 and 0.4: not yet yellow
        (0.3999, "red"),
        (0.4, "yellow"),
        (0.65, "yellow"),  # between 0.6 and 0.7: not yet green
        (0.6999, "yellow"),
        (0.7, "green"),
        (1.0, "green"),
    ],
)
def test_okr_band_edges(progress, band):
    t = okr_scores(Objective("O", [KeyResult("KR", 0.0, 1.0, progress)]))
    assert t["band"].tolist() == [band, band]
    assert t["success"].tolist() == [band == "green"] * 2


def test_okr_band_edge_is_robust_to_rounding():
    # 30 % -> 40 %, now 37 %: 0.7 by hand, 0.6999999999999998 in floating point
    kr = KeyResult("Retention", 0.3, 0.4, 0.37)
    assert kr.progress < 0.7
    t = okr_scores(Objective("Keep customers", [kr]))
    assert t["band"].tolist() == ["green", "green"]
    # the mean of 0.6, 0.7, 0.8 is 0.6999999999999998 in floating point too
    three = Objective(
        "O", [KeyResult(f"KR{i}", 0.0, 1.0, p) for i, p in enumerate([0.6, 0.7, 0.8])]
    )
    assert okr_scores(three).loc[0, "band"] == "green"


def test_okr_custom_bands():
    t = okr_scores(Objective("O", [KeyResult("KR", 0.0, 1.0, 0.75)]), bands=(0.5, 0.8))
    assert t.loc[0, "band"] == "yellow"


def test_okr_missing_values_propagate_or_skip():
    obj = Objective("O", [KeyResult("A", 0, 10, 8), KeyResult("B", 0, 10)])
    prop = okr_scores(obj)
    assert math.isnan(prop.loc[0, "progress"])
    assert prop.loc[0, "band"] == "no data"
    assert prop["success"].isna().tolist() == [True, False, True]
    assert "no current value for 'B'" in prop.loc[0, "note"]
    assert prop.loc[2, "note"] == "no current value"
    skip = okr_scores(obj, missing="skip")
    assert skip.loc[0, "progress"] == pytest.approx(0.8)
    assert "scored without 'B'" in skip.loc[0, "note"]
    # a key result with weight 0 does not block the score
    zero = Objective("O", [KeyResult("A", 0, 10, 8), KeyResult("B", 0, 10, weight=0)])
    assert okr_scores(zero).loc[0, "progress"] == pytest.approx(0.8)


def test_okr_notes_clipping():
    t = okr_scores(Objective("O", [KeyResult("Up", 0, 10, 15), KeyResult("Down", 0, 10, -5)]))
    assert t["raw_progress"].tolist()[1:] == [1.5, -0.5]
    assert t["progress"].tolist() == [0.5, 1.0, 0.0]
    assert t.loc[1, "note"] == "beyond target: progress capped at 1"
    assert t.loc[2, "note"] == "worse than start: progress set to 0"


@pytest.fixture
def kv():
    # revenue Jan-Jun 2025 and a partial July; cac Jan-Jun
    return pd.DataFrame(
        {
            "period": months("2025-01-01", 7) + months("2025-01-01", 6),
            "kpi": ["revenue"] * 7 + ["cac"] * 6,
            "value": [100.0, 102.0, 104.0, 106.0, 108.0, 110.0, 40.0]
            + [50.0, 51.0, 52.0, 53.0, 54.0, 55.0],
            "partial": [False] * 6 + [True] + [False] * 6,
        }
    )


def test_okr_current_from_kpi_values(kv):
    obj = Objective(
        "Grow",
        [
            KeyResult("Revenue", 100.0, 120.0, kpi="revenue"),
            KeyResult("CAC", 55.0, 45.0, kpi="cac"),
            KeyResult("Revenue (typed in)", 100.0, 120.0, 115.0, kpi="revenue"),
        ],
    )
    t = okr_scores(obj, kpi_values=kv)
    # latest full month: revenue June 110 -> 0.5; cac June 55 -> 0.0; explicit 115 -> 0.75
    assert t["current"].tolist()[1:] == [110.0, 55.0, 115.0]
    assert t["progress"].tolist()[1:] == pytest.approx([0.5, 0.0, 0.75])
    assert t.loc[1, "note"] == "current = KPI 'revenue' for 2025-06-01"
    assert t.loc[0, "progress"] == pytest.approx((0.5 + 0.0 + 0.75) / 3)
    march = okr_scores(obj, kpi_values=kv, at="2025-03-15")
    assert march["current"].tolist()[1:] == [104.0, 52.0, 115.0]
    assert okr_scores(obj, kpi_values=kv, include_partial=True).loc[1, "current"] == 40.0
    early = okr_scores(obj, kpi_values=kv, at="2024-06-01")
    assert early.loc[1, "note"] == "no value of KPI 'revenue' on or before 2024-06-01"
    with pytest.raises(DataError, match=r"KPI 'churn_rate' is not in the data"):
        okr_scores(Objective("O", [KeyResult("Churn", 5, 3, kpi="churn_rate")]), kpi_values=kv)


def test_okr_scores_from_a_frame_matches_objects():
    frame = pd.DataFrame(
        {
            "objective": ["Win back regulars", "Win back regulars", "Launch shop"],
            "key_result": ["Repeat rate", "Churn", "Features"],
            "start": [20.0, 40.0, 0.0],
            "target": [30.0, 30.0, 6.0],
            "current": [25.0, 31.0, 3.0],
            "weight": [3.0, 1.0, np.nan],
            "owner": ["Ana", "Ana", None],
        }
    )
    t = okr_scores(frame)
    assert t["objective"].tolist() == ["Win back regulars"] * 3 + ["Launch shop"] * 2
    assert t.loc[t["level"] == "objective", "progress"].tolist() == pytest.approx([0.6, 0.5])
    objs = [
        Objective(
            "Win back regulars",
            [KeyResult("Repeat rate", 20, 30, 25, weight=3), KeyResult("Churn", 40, 30, 31)],
            owner="Ana",
        ),
        Objective("Launch shop", [KeyResult("Features", 0, 6, 3)]),
    ]
    pd.testing.assert_frame_equal(t, okr_scores(objs))


def test_okr_scores_errors():
    obj = Objective("O", [KeyResult("KR", 0, 1, 0.5)])
    with pytest.raises(SmbkitError, match=r"`missing` must be one of \['propagate', 'skip'\]"):
        okr_scores(obj, missing="drop")
    with pytest.raises(SmbkitError, match=r"`bands` must satisfy 0 < yellow <= green <= 1"):
        okr_scores(obj, bands=(0.7, 0.4))
    with pytest.raises(SmbkitError, match=r"`bands` must be two numbers"):
        okr_scores(obj, bands=0.7)
    with pytest.raises(SmbkitError, match=r"two objectives are named 'O'"):
        okr_scores([obj, obj])
    with pytest.raises(SmbkitError, match=r"`objectives` must hold Objective objects, got str"):
        okr_scores(["O"])
    with pytest.raises(SmbkitError, match=r"`objectives` is empty"):
        okr_scores([])
    with pytest.raises(SmbkitError, match=r"`objectives` must be an Objective.*got int"):
        okr_scores(3)
    with pytest.raises(DataError, match=r"column 'target' \(target=\) is not in objectives"):
        okr_scores(pd.DataFrame({"objective": ["O"], "key_result": ["KR"], "start": [0]}))
    with pytest.raises(DataError, match=r"1 of 1 rows \(100.00 %\) have no objective"):
        okr_scores(
            pd.DataFrame({"objective": [None], "key_result": ["KR"], "start": [0], "target": [1]})
        )
    with pytest.raises(SmbkitError, match=r"`at` must be a date"):
        okr_scores(obj, kpi_values=pd.DataFrame(columns=["period", "kpi", "value"]), at="soon")
    with pytest.raises(DataError, match=r"column 'kpi' \(kpi=\) is not in kpi_values"):
        okr_scores(obj, kpi_values=pd.DataFrame(columns=["period", "value"]))


key_results = st.lists(
    st.tuples(finite, finite, finite, st.one_of(st.just(0.0), st.floats(0.01, 100))),
    min_size=1,
    max_size=6,
)


@given(krs=key_results)
def test_objective_score_is_within_0_and_1_and_a_weighted_mean(krs):
    krs = [(s, t, c, w) for s, t, c, w in krs if s != t]
    if not krs or sum(w for *_, w in krs) <= 0:
        return
    obj = Objective(
        "O", [KeyResult(f"KR{i}", s, t, c, weight=w) for i, (s, t, c, w) in enumerate(krs)]
    )
    score = okr_scores(obj).loc[0, "progress"]
    assert 0.0 <= score <= 1.0
    p = [key_result_progress(c, s, t) for s, t, c, _ in krs]
    w = [w for *_, w in krs]
    assert score == pytest.approx(np.average(p, weights=w), abs=1e-12)
    assert min(pi for pi, wi in zip(p, w, strict=True) if wi > 0) - 1e-12 <= score
    assert score <= max(pi for pi, wi in zip(p, w, strict=True) if wi > 0) + 1e-12


# ----------------------------------------------------------------- goal_cascade


@pytest.fixture
def defect_nodes():
    # Northwind-style: the company defect rate 4 % -> 2 % cascaded to departments
    top = "Defect rate 4 % -> 2 %"
    return [
        {
            "node": top,
            "parent": None,
            "kpi": "defect_rate",
            "start": 4.0,
            "target": 2.0,
            "current": 3.5,
        },
        {"node": "Production", "parent": top, "weight": 3},
        {
            "node": "Line A",
            "parent": "Production",
            "kpi": "scrap_a",
            "start": 6.0,
            "target": 2.0,
            "current": 4.0,
        },
        {
            "node": "Line B",
            "parent": "Production",
            "kpi": "scrap_b",
            "start": 5.0,
            "target": 3.0,
            "current": 3.2,
        },
        {
            "node": "Quality control",
            "parent": top,
            "weight": 2,
            "kpi": "qc_detection",
            "start": 80.0,
            "target": 95.0,
            "current": 83.0,
        },
        {"node": "Procurement", "parent": top, "weight": 1, "kpi": "lot_rejects", "progress": 0.2},
    ]


def test_goal_cascade_by_hand(defect_nodes):
    c = goal_cascade(defect_nodes)
    assert c.columns.tolist() == [
        "node",
        "parent",
        "level",
        "kpi",
        "weight",
        "share",
        "start",
        "target",
        "current",
        "own_progress",
        "progress",
        "status",
        "n_children",
        "note",
    ]
    # depth first: each goal followed by the goals below it
    assert c["node"].tolist() == [
        "Defect rate 4 % -> 2 %",
        "Production",
        "Line A",
        "Line B",
        "Quality control",
        "Procurement",
    ]
    assert c["level"].tolist() == [0, 1, 2, 2, 1, 1]
    assert c["n_children"].tolist() == [3, 2, 0, 0, 0, 0]
    assert c["share"].tolist() == pytest.approx([1.0, 3 / 6, 0.5, 0.5, 2 / 6, 1 / 6])
    p = c.set_index("node")["progress"]
    # leaves: (4 - 6) / (2 - 6) = 0.5; (3.2 - 5) / (3 - 5) = 0.9; (83 - 80) / 15 = 0.2
    assert p["Line A"] == pytest.approx(0.5)
    assert p["Line B"] == pytest.approx(0.9)
    assert p["Quality control"] == pytest.approx(0.2)
    assert p["Procurement"] == pytest.approx(0.2)
    # production: 0.5 * 0.5 + 0.5 * 0.9 = 0.7; top: 3/6 * 0.7 + 2/6 * 0.2 + 1/6 * 0.2 = 0.45
    assert p["Production"] == pytest.approx(0.7)
    assert p["Defect rate 4 % -> 2 %"] == pytest.approx(0.45)
    # the company KPI itself: (3.5 - 4) / (2 - 4) = 0.25, lagging the departments' 0.45
    assert c.loc[0, "own_progress"] == pytest.approx(0.25)
    assert c["status"].tolist() == [
        "at risk",
        "on track",
        "at risk",
        "on track",
        "off track",
        "off track",
    ]
    assert pd.isna(c.loc[0, "parent"])
    assert c.loc[2, "parent"] == "Production"


def test_goal_cascade_accepts_a_frame_and_does_not_mutate_it(defect_nodes):
    frame = pd.DataFrame(defect_nodes)
    before = frame.copy()
    pd.testing.assert_frame_equal(goal_cascade(frame), goal_cascade(defect_nodes))
    pd.testing.assert_frame_equal(frame, before)


def test_goal_cascade_missing_propagates_or_is_skipped():
    nodes = [
        {"node": "Top", "parent": None},
        {"node": "A", "parent": "Top", "progress": 0.8, "weight": 1},
        {"node": "B", "parent": "Top", "kpi": "b", "start": 0, "target": 1, "weight": 3},
        {"node": "C", "parent": "Top", "weight": 0},  # no data, but weight 0
    ]
    prop = goal_cascade(nodes).set_index("node")
    assert math.isnan(prop.loc["Top", "progress"])
    assert prop.loc["Top", "status"] == "no data"
    assert prop.loc["Top", "note"] == "no roll-up: no progress for 'B'"
    assert prop.loc["B", "note"] == "no current value"
    assert prop.loc["C", "share"] == 0.0
    skip = goal_cascade(nodes, missing="skip").set_index("node")
    assert skip.loc["Top", "progress"] == pytest.approx(0.8)
    assert skip.loc["Top", "note"] == "rolled up without 'B' (no data)"


def test_goal_cascade_current_from_kpi_values(kv):
    nodes = [
        {"node": "Grow", "parent": None},
        {"node": "Sell", "parent": "Grow", "kpi": "revenue", "start": 100.0, "target": 120.0},
        {"node": "Cheap", "parent": "Grow", "kpi": "cac", "start": 55.0, "target": 45.0},
    ]
    c = goal_cascade(nodes, kpi_values=kv, at="2025-04-01").set_index("node")
    # April: revenue 106 -> 0.3; cac 53 -> 0.2; top = 0.25
    assert c.loc["Sell", "current"] == 106.0
    assert c.loc["Cheap", "progress"] == pytest.approx(0.2)
    assert c.loc["Grow", "progress"] == pytest.approx(0.25)
    assert c.loc["Sell", "note"] == "current = KPI 'revenue' for 2025-04-01"


def test_goal_cascade_several_top_goals_share_weights():
    c = goal_cascade(
        [
            {"node": "Grow", "parent": None, "weight": 1, "progress": 0.4},
            {"node": "Profit", "parent": None, "weight": 3, "progress": 0.8},
        ]
    )
    assert c["share"].tolist() == [0.25, 0.75]
    assert c["level"].tolist() == [0, 0]


@pytest.mark.parametrize(
    ("nodes", "match"),
    [
        (
            [{"node": "A", "parent": "B"}, {"node": "B", "parent": "A"}],
            r"goal_cascade: the goals 'A' -> 'B' -> 'A' form a cycle: node 'A' is its own "
            r"ancestor",
        ),
        (
            [{"node": "Top", "parent": None}, {"node": "X", "parent": "X"}],
            r"the goals 'X' -> 'X' form a cycle",
        ),
        (
            [
                {"node": "Top", "parent": None},
                {"node": "Sales", "parent": "Tpo"},
            ],
            r"node 'Sales' has parent 'Tpo', which is not a node. Did you mean 'Top'\?",
        ),
        (
            [{"node": "A", "parent": None}, {"node": "A", "parent": None}],
            r"node 'A' appears 2 times; give each goal a unique name",
        ),
        (
            [{"node": "A", "parent": None}, {"node": None, "parent": "A"}],
            r"1 of 2 rows \(50.00 %\) have no node name \(first: row 1\)",
        ),
        (
            [{"node": "A", "parent": None}, {"node": "B", "parent": "A", "weight": -1}],
            r"node 'B' has weight -1; weights must be >= 0",
        ),
        (
            [
                {"node": "A", "parent": None},
                {"node": "B", "parent": "A", "weight": 0},
                {"node": "C", "parent": "A", "weight": 0},
            ],
            r"all of the children of 'A' \('B', 'C'\) have weight 0",
        ),
        (
            [{"node": "A", "parent": None, "progress": 1.3}],
            r"node 'A' has progress 1.3; progress is a share in \[0, 1\]",
        ),
        (
            [{"node": "A", "parent": None, "progress": 0.5, "start": 1}],
            r"node 'A' has both `progress` and start/target/current",
        ),
        (
            [{"node": "A", "parent": None, "start": 1, "current": 2}],
            r"node 'A' has no `target`",
        ),
        (
            [{"node": "A", "parent": None, "start": 2, "target": 2}],
            r"node 'A' has start = target = 2, so progress is undefined",
        ),
        ([{"node": "A"}], r"column 'parent' \(parent=\) is not in nodes"),
        ([], r"column 'node' \(node=\) is not in nodes"),
    ],
)
def test_goal_cascade_errors(nodes, match):
    with pytest.raises(DataError, match=match):
        goal_cascade(nodes)


def test_goal_cascade_option_errors():
    nodes = [{"node": "A", "parent": None}]
    with pytest.raises(SmbkitError, match=r"`missing` must be one of"):
        goal_cascade(nodes, missing="ignore")
    with pytest.raises(SmbkitError, match=r"`nodes` must be a DataFrame or a list of dicts"):
        goal_cascade(5)
    with pytest.raises(SmbkitError, match=r"node 'A': `weight` must be a number, but 'high'"):
        goal_cascade([{"node": "A", "parent": None, "weight": "high"}])
    with pytest.raises(DataError, match=r"`nodes` is empty"):
        goal_cascade(pd.DataFrame(columns=["node", "parent"]))


probs = st.floats(0, 1)
weights = st.floats(0.01, 100)


@given(p=probs, ws=st.lists(weights, min_size=1, max_size=8))
def test_rolling_up_equal_children_gives_the_child(p, ws):
    nodes = [{"node": "top", "parent": None}] + [
        {"node": f"c{i}", "parent": "top", "weight": w, "progress": p} for i, w in enumerate(ws)
    ]
    assert goal_cascade(nodes).loc[0, "progress"] == pytest.approx(p, abs=1e-12)


@given(
    kids=st.lists(st.tuples(probs, weights), min_size=1, max_size=8),
    perm_seed=st.integers(0, 2**32 - 1),
    scale=st.floats(0.01, 100),
)
def test_roll_up_ignores_child_order_and_weight_scale(kids, perm_seed, scale):
    def top(children):
        nodes = [{"node": "top", "parent": None}] + [
            {"node": name, "parent": "top", "weight": w, "progress": p} for name, p, w in children
        ]
        return goal_cascade(nodes).loc[0, "progress"]

    named = [(f"c{i}", p, w) for i, (p, w) in enumerate(kids)]
    order = np.random.default_rng(perm_seed).permutation(len(named))
    base = top(named)
    assert top([named[i] for i in order]) == pytest.approx(base, abs=1e-12)
    assert top([(n, p, w * scale) for n, p, w in named]) == pytest.approx(base, abs=1e-12)
    assert 0.0 <= base <= 1.0


@given(
    parents=st.lists(st.integers(0, 50), min_size=1, max_size=15),
    progress=st.lists(probs, min_size=16, max_size=16),
)
def test_every_rolled_up_progress_lies_between_its_leaves(parents, progress):
    # node i's parent is one of the nodes before it, so any such list is a valid tree
    nodes = [{"node": "n0", "parent": None}]
    for i, j in enumerate(parents, start=1):
        nodes.append({"node": f"n{i}", "parent": f"n{j % i}"})
    has_kids = {n["parent"] for n in nodes}
    for i, n in enumerate(nodes):
        if n["node"] not in has_kids:
            n["progress"] = progress[i]
    c = goal_cascade(nodes)
    leaves = c.loc[c["n_children"] == 0, "progress"]
    assert c["progress"].between(leaves.min() - 1e-12, leaves.max() + 1e-12).all()
    assert (c["level"].diff().fillna(0) <= 1).all()  # depth-first: never skip a level down


# ----------------------------------------------------------------- cascade_check


def test_cascade_check_flags_orphans_and_unmeasured_goals():
    nodes = [
        {"node": "Grow", "parent": None, "kpi": None},
        {"node": "Sell online", "parent": "Grow", "kpi": "conversion_rate"},
        {"node": "Delight", "parent": "Grow", "kpi": None},
        {"node": "Faster service", "parent": "Delight", "kpi": None},
        {"node": "Hire", "parent": "Grow", "kpi": "employee_turnover"},
    ]
    in_use = ["revenue", "conversion_rate", "social_likes", "revenue"]
    gaps = cascade_check(nodes, kpis_in_use=in_use)
    assert gaps.columns.tolist() == ["issue", "node", "kpi", "detail"]
    # 'Grow' has no KPI of its own but is measured through its children: not flagged
    found = [
        [None if pd.isna(v) else v for v in row]
        for row in gaps[["issue", "node", "kpi"]].itertuples(index=False)
    ]
    assert found == [
        ["objective without KPI", "Delight", None],
        ["objective without KPI", "Faster service", None],
        ["KPI not in use", "Hire", "employee_turnover"],
        ["orphan KPI", None, "revenue"],
        ["orphan KPI", None, "social_likes"],
    ]


def test_cascade_check_on_a_cascade_and_a_kpi_table(defect_nodes, kv):
    c = goal_cascade(defect_nodes)
    gaps = cascade_check(c, kpis_in_use=kv)
    # Production is measured by its lines; none of the goals' KPIs is in kv
    assert "objective without KPI" not in set(gaps["issue"])
    assert gaps.loc[gaps["issue"] == "orphan KPI", "kpi"].tolist() == ["revenue", "cac"]
    assert len(gaps[gaps["issue"] == "KPI not in use"]) == 5
    # nothing to report: an empty table with the same columns
    ok = cascade_check([{"node": "A", "parent": None, "kpi": "revenue"}], kpis_in_use=["revenue"])
    assert ok.empty
    assert ok.columns.tolist() == ["issue", "node", "kpi", "detail"]
    # without kpis_in_use only unmeasured goals are checked
    assert cascade_check([{"node": "A", "parent": None, "kpi": None}])["node"].tolist() == ["A"]


def test_cascade_check_errors():
    with pytest.raises(DataError, match=r"cascade_check: the goals 'A' -> 'B' -> 'A' form a cycle"):
        cascade_check(
            [{"node": "A", "parent": "B", "kpi": "x"}, {"node": "B", "parent": "A", "kpi": "y"}]
        )
    with pytest.raises(DataError, match=r"column 'kpi' \(kpi=\) is not in cascade"):
        cascade_check([{"node": "A", "parent": None}])
    with pytest.raises(
        SmbkitError, match=r"`kpis_in_use` must be a list of KPI ids, got the string"
    ):
        cascade_check([{"node": "A", "parent": None, "kpi": "x"}], kpis_in_use="x")


# ----------------------------------------------------------------- balanced_scorecard


@pytest.fixture
def bsc_kv(kv):
    extra = pd.DataFrame(
        {
            "period": months("2025-01-01", 6),
            "kpi": "employee_turnover",
            "value": [5.0, 4.0, 6.0, 3.0, 3.0, 2.0],
            "partial": False,
        }
    )
    return pd.concat([kv, extra], ignore_index=True)


@pytest.fixture
def goals():
    return [
        Goal("revenue", 100, "2025-01-01", 120, "2025-12-01", "higher", method="linear"),
        Goal("cac", 50, "2025-01-01", 40, "2025-12-01", "lower", method="linear"),
    ]


def test_balanced_scorecard_places_kpis_by_perspective(bsc_kv, goals):
    bsc = balanced_scorecard(bsc_kv, goals, kpis=["employee_turnover", "cac", "revenue"])
    assert bsc.columns.tolist()[:2] == ["perspective", "kpi"]
    assert bsc.columns.tolist()[1:] == scorecard(bsc_kv, goals).columns.tolist()
    # catalog: revenue financial, cac customer, employee turnover learning and growth
    assert bsc["perspective"].tolist() == list(PERSPECTIVES)
    assert bsc["kpi"].tolist()[:2] == ["revenue", "cac"]
    assert pd.isna(bsc.loc[2, "kpi"]) and bsc.loc[3, "kpi"] == "employee_turnover"
    # the internal-process perspective has no KPI: flagged
    assert bsc.loc[2, "status"] == "no KPI"
    assert "no KPI measures the internal process perspective" in bsc.loc[2, "note"]
    # KPIs with goals are scored exactly as scorecard() scores them
    card = scorecard(bsc_kv, goals).set_index("kpi")
    scored = bsc.set_index("kpi").loc[["revenue", "cac"]]
    for col in ("actual", "benchmark", "variance_pct"):
        assert scored[col].tolist() == pytest.approx(card[col].tolist())
    for col in ("status", "trend_direction", "period"):
        assert scored[col].tolist() == card[col].tolist()
    assert bsc.loc[0, "label"] == "Net revenue"  # from the catalog
    # a KPI without a goal: actual, trend and direction (lower is better), no status
    et = bsc.loc[3]
    assert (et["actual"], et["status"], et["polarity"]) == (2.0, "no target", "lower")
    assert et["trend"] == [5.0, 4.0, 6.0, 3.0, 3.0, 2.0]
    assert et["trend_direction"] == "improving"
    assert math.isnan(et["target"])
    assert et["label"] == "Employee turnover"
    assert et["note"] == "no goal set"


def test_balanced_scorecard_default_kpis(bsc_kv, goals):
    # with goals: the goals' KPIs; without: every KPI in the table
    assert balanced_scorecard(bsc_kv, goals)["kpi"].dropna().tolist() == ["revenue", "cac"]
    everything = balanced_scorecard(bsc_kv)
    assert everything["kpi"].dropna().tolist() == ["revenue", "cac", "employee_turnover"]
    assert (everything["status"].isin(["no target", "no KPI"])).all()
    # mapping of goals works too, and at= picks the period
    march = balanced_scorecard(bsc_kv, {g.kpi: g for g in goals}, at="2025-03-01")
    assert march.loc[0, "actual"] == 104.0


def test_balanced_scorecard_custom_kpis_and_catalog():
    kv = pd.DataFrame(
        {
            "period": months("2025-01-01", 2) * 4,
            "kpi": ["revenue"] * 2 + ["defect_rate"] * 2 + ["nps"] * 2 + ["training_hours"] * 2,
            "value": [10.0, 11.0, 4.0, 3.5, 30.0, 32.0, 5.0, 6.0],
        }
    )
    bsc = balanced_scorecard(
        kv,
        perspectives={"defect_rate": "internal process", "training_hours": "learning and growth"},
    )
    assert bsc["kpi"].tolist() == ["revenue", "nps", "defect_rate", "training_hours"]
    assert (bsc["status"] == "no target").all()  # every perspective covered
    assert bsc.loc[2, "trend_direction"] == "no data"  # polarity unknown
    assert "polarity unknown" in bsc.loc[2, "note"]
    # a catalog of one's own replaces smbkit's
    cat = pd.DataFrame({"kpi": ["defect_rate"], "perspective": ["internal process"]})
    own = balanced_scorecard(kv, catalog=cat, kpis=["defect_rate"])
    assert own["status"].tolist() == ["no KPI", "no KPI", "no target", "no KPI"]
    assert own.loc[2, "label"] == "defect_rate"


def test_balanced_scorecard_errors(bsc_kv, goals):
    kv = bsc_kv
    with pytest.raises(
        DataError,
        match=r"KPI 'defect_rate' has no perspective in the catalog; pass "
        r"perspectives=\{'defect_rate': ...\}",
    ):
        balanced_scorecard(
            pd.concat(
                [
                    kv,
                    pd.DataFrame(
                        {
                            "period": [pd.Timestamp("2025-01-01")],
                            "kpi": ["defect_rate"],
                            "value": [1.0],
                        }
                    ),
                ]
            )
        )
    with pytest.raises(
        SmbkitError,
        match=r"balanced_scorecard \(KPI 'revenue'\): the value for `perspective` must be one of"
        r".*but 'money' was passed",
    ):
        balanced_scorecard(kv, perspectives={"revenue": "money"})
    with pytest.raises(SmbkitError, match=r"there is a goal for KPI 'cac', but 'cac' is not in"):
        balanced_scorecard(kv, goals, kpis=["revenue"])
    with pytest.raises(SmbkitError, match=r"`kpis` must be a list of KPI ids, got the string"):
        balanced_scorecard(kv, kpis="revenue")
    with pytest.raises(DataError, match=r"KPI 'churn_rate' is not in the data"):
        balanced_scorecard(kv, kpis=["churn_rate"])
    with pytest.raises(DataError, match=r"column 'perspective' \(perspective=\) is not in catalog"):
        balanced_scorecard(kv, catalog=pd.DataFrame({"kpi": ["revenue"]}))
    with pytest.raises(SmbkitError, match=r"`catalog` must be a DataFrame"):
        balanced_scorecard(kv, catalog={"revenue": "financial"})
    with pytest.raises(SmbkitError, match=r"`perspectives` must map KPI ids to perspectives"):
        balanced_scorecard(kv, perspectives=["financial"])
    with pytest.raises(SmbkitError, match=r"`goals` must hold Goal objects, got str"):
        balanced_scorecard(kv, ["revenue"])
    with pytest.raises(SmbkitError, match=r"`compare_to` must be one of"):
        balanced_scorecard(kv, compare_to="budget")
    with pytest.raises(SmbkitError, match=r"`trend_periods` must be a whole number >= 1, got 0"):
        balanced_scorecard(kv, trend_periods=0)
    with pytest.raises(DataError, match=r"column 'value' \(value=\) is not in kpi_values"):
        balanced_scorecard(kv.drop(columns="value"))


def test_balanced_scorecard_does_not_mutate_input(bsc_kv, goals):
    before = bsc_kv.copy()
    balanced_scorecard(bsc_kv, goals)
    pd.testing.assert_frame_equal(bsc_kv, before)


# ----------------------------------------------------------------- pictures


def test_style_balanced_scorecard(bsc_kv, goals):
    bsc = balanced_scorecard(bsc_kv, goals, kpis=["revenue", "cac", "employee_turnover"])
    styler = style_balanced_scorecard(bsc)
    shown = styler.data
    assert "trend" not in shown.columns and "note" not in shown.columns
    # employee turnover 5, 4, 6, 3, 3, 2: (x - 2) / 4 * 7 = 5.25, 3.5, 7, 1.75, 1.75, 0,
    # rounded (half to even) to blocks 5, 4, 7, 2, 2, 0
    assert shown["sparkline"].tolist()[3] == "▆▅█▃▃▁"
    assert shown["sparkline"].tolist()[2] == ""  # the empty perspective
    html = styler.to_html()
    assert "background-color: #d7cdea" in html  # "no KPI"
    assert f"background-color: {STATUS_COLOURS[bsc.loc[0, 'status']]}" in html
    assert "Balanced scorecard: financial, customer" in html
    with pytest.raises(DataError, match=r"column 'perspective' \(perspective=\) is not in bsc"):
        style_balanced_scorecard(scorecard(bsc_kv, goals))


def test_plot_goal_tree_draws_the_cascade(defect_nodes):
    c = goal_cascade(defect_nodes)
    ax = plot_goal_tree(c)
    boxes = ax.patches
    assert [b.get_gid() for b in boxes] == c["node"].tolist()
    assert [b.get_facecolor() for b in boxes] == [to_rgba(STATUS_COLOURS[s]) for s in c["status"]]
    # one edge per parent-child link
    assert len(ax.get_lines()) == len(c) - 1
    centre = {
        b.get_gid(): (b.get_x() + b.get_width() / 2, b.get_y() + b.get_height() / 2) for b in boxes
    }
    # leaves side by side; a parent centred over its first and last child; level = -y
    assert centre["Line A"][0] == pytest.approx(0.0)
    assert centre["Line B"][0] == pytest.approx(1.0)
    assert centre["Production"][0] == pytest.approx(0.5)
    assert centre["Defect rate 4 % -> 2 %"][0] == pytest.approx((0.5 + 3.0) / 2)
    assert [round(-centre[n][1]) for n in c["node"]] == c["level"].tolist()
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == len(c)
    assert texts[0].splitlines()[-3:] == ["KPI: defect_rate", "progress 45%", "own KPI 25%"]
    assert "weight 50%" in texts[1]
    assert ax.get_title() == "Goal cascade: progress rolled up from each goal to the one it serves"
    assert ax.get_ylabel() == "Level in the cascade"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["top goal", "level 1", "level 2"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "on track",
        "at risk",
        "off track",
        "no data",
    ]


def test_plot_goal_tree_on_given_axes_and_errors():
    c = goal_cascade([{"node": "Solo", "parent": None}])
    _, ax = plt.subplots()
    assert plot_goal_tree(c, ax=ax) is ax
    assert ax.patches[0].get_facecolor() == to_rgba(STATUS_COLOURS["no data"])
    assert "progress: no data" in ax.texts[0].get_text()
    assert len(ax.get_lines()) == 0
    with pytest.raises(DataError, match=r"column 'status' \(status=\) is not in cascade"):
        plot_goal_tree(c.drop(columns="status"))
    with pytest.raises(DataError, match=r"plot_goal_tree: `cascade` is empty"):
        plot_goal_tree(c.iloc[:0])


def test_plot_okrs_draws_progress_by_band():
    t = okr_scores(
        [
            Objective(
                "Regulars", [KeyResult("Repeat", 20, 30, 27), KeyResult("Churn", 40, 30, 38)]
            ),
            Objective("Shop", [KeyResult("Features", 0, 6, 6), KeyResult("Orders", 0, 50)]),
        ],
        missing="skip",
    )
    ax = plot_okrs(t)
    bars = ax.patches
    assert len(bars) == len(t)
    # widths are the progress values (0 where there is no data), top to bottom
    assert [b.get_width() for b in bars] == pytest.approx([0.45, 0.7, 0.2, 1.0, 1.0, 0.0])
    assert [b.get_facecolor() for b in bars] == [to_rgba(OKR_COLOURS[b]) for b in t["band"]]
    assert [round(b.get_y() + b.get_height() / 2) for b in bars] == [0, -1, -2, -3, -4, -5]
    assert [x.get_text() for x in ax.get_yticklabels()] == [
        "Regulars",
        "    Repeat",
        "    Churn",
        "Shop",
        "    Features",
        "    Orders",
    ]
    assert [line.get_xdata()[0] for line in ax.get_lines()] == [0.4, 0.7]
    assert ax.get_title() == "OKR scores: 0.7 counts as success"
    assert ax.get_xlabel() == "Progress toward target (0 = start, 1 = target reached)"
    assert ax.texts[-1].get_text() == "no data"
    with pytest.raises(DataError, match=r"column 'band' \(band=\) is not in okr_table"):
        plot_okrs(t.drop(columns="band"))


def test_frameworks_import_no_plotting_library():
    code = (
        "import sys, smbkit.targets, smbkit._frameworks, smbkit.plots\n"
        "smbkit.targets.okr_scores\n"
        "print([m for m in ('matplotlib.pyplot', 'seaborn', 'statsmodels') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_targets_reexports_the_frameworks():
    import smbkit._frameworks as fw
    import smbkit.targets as targets

    for name in fw.__all__:
        assert getattr(targets, name) is getattr(fw, name)
        assert name in targets.__all__ and name in dir(targets)
    with pytest.raises(AttributeError, match=r"module 'smbkit.targets' has no attribute 'nope'"):
        targets.nope  # noqa: B018
