"""smbkit.targets: required growth, plan paths, status, goals, trends and scorecards."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.targets import (
    Goal,
    plan_path,
    required_growth,
    scorecard,
    status,
    trend_projection,
    what_if,
)

MS = "MS"


def months(start: str, n: int) -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq=MS)


# ----------------------------------------------------------------- required_growth


def test_required_growth_by_hand():
    # 100 -> 121 in 2 periods: 100 * 1.1 * 1.1 = 121, so 10 % a period
    assert required_growth(100, 121, 2) == pytest.approx(0.10)
    # linear: (121 - 100) / 2 = 10.5 a period
    assert required_growth(100, 121, 2, method="linear") == pytest.approx(10.5)
    # falling target: 100 -> 81 in 2 periods is -10 % a period
    assert required_growth(100, 81, 2) == pytest.approx(-0.10)
    # fractional periods: 100 -> 150 in 0.5 periods: 1.5 ** 2 - 1 = 1.25
    assert required_growth(100, 150, 0.5) == pytest.approx(1.25)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"baseline": 100, "target": 120, "periods": 0}, r"`periods` must be positive.*0"),
        ({"baseline": 100, "target": 120, "periods": -3}, r"`periods` must be positive.*-3"),
        ({"baseline": 0, "target": 120, "periods": 3}, r"`baseline` is 0; use method='linear'"),
        ({"baseline": 10, "target": -5, "periods": 3}, r"`target` is -5; use method='linear'"),
        ({"baseline": float("nan"), "target": 1, "periods": 3}, r"`baseline` must be a finite"),
        ({"baseline": "ten", "target": 1, "periods": 3}, r"`baseline` must be a number.*'ten'"),
        (
            {"baseline": 1, "target": 2, "periods": 3, "method": "exp"},
            r"`method` must be one of \['compound', 'linear'\], but 'exp'",
        ),
    ],
)
def test_required_growth_errors(kwargs, match):
    with pytest.raises(SmbkitError, match=match):
        required_growth(**kwargs)


def test_required_growth_linear_allows_zero_and_negative():
    # -50 -> 0 in 5 periods: +10 a period
    assert required_growth(-50, 0, 5, method="linear") == pytest.approx(10.0)


@given(
    b=st.floats(0.01, 1e7),
    ratio=st.floats(0.05, 20),
    n=st.integers(1, 60),
)
def test_compounding_the_required_growth_reaches_the_target(b, ratio, n):
    t = b * ratio
    g = required_growth(b, t, n)
    assert b * (1 + g) ** n == pytest.approx(t, rel=1e-9)
    inc = required_growth(b, t, n, method="linear")
    assert b + n * inc == pytest.approx(t, rel=1e-9)


# ----------------------------------------------------------------- plan_path


def test_plan_path_by_hand():
    plan = plan_path(100.0, 121.0, periods=2, start="2025-01-01")
    assert plan.columns.tolist() == ["period", "step", "planned"]
    assert plan["period"].tolist() == list(months("2025-01-01", 3))
    assert plan["planned"].to_numpy() == pytest.approx([100.0, 110.0, 121.0])
    lin = plan_path(100.0, 121.0, periods=2, start="2025-01-01", method="linear")
    assert lin["planned"].to_numpy() == pytest.approx([100.0, 110.5, 121.0])


def test_plan_path_fractional_periods_ends_at_deadline():
    # 1.5 months: points at 0, 1 and the deadline (1.5): mid-February is 14 days in
    plan = plan_path(100.0, 150.0, periods=1.5, start="2025-01-01", method="linear")
    assert plan["step"].tolist() == [0.0, 1.0, 1.5]
    assert plan["period"].iloc[-1] == pd.Timestamp("2025-02-15")
    assert plan["planned"].iloc[-1] == pytest.approx(150.0)


def test_plan_path_quarterly_and_weekly():
    q = plan_path(100.0, 121.0, periods=2, start="2025-01-01", freq="Q")
    assert q["period"].tolist() == [
        pd.Timestamp(d) for d in ("2025-01-01", "2025-04-01", "2025-07-01")
    ]
    w = plan_path(100.0, 121.0, periods=2, start="2025-01-06", freq="W")
    assert w["period"].iloc[-1] == pd.Timestamp("2025-01-20")


def test_plan_path_from_goal_matches_goal_expected():
    g = Goal("revenue", 80_000, "2025-01-01", 100_000, "2026-01-01", "higher")
    plan = plan_path(g)
    assert len(plan) == 13
    assert plan["planned"].iloc[0] == pytest.approx(80_000)
    assert plan["planned"].iloc[-1] == pytest.approx(100_000)
    # the plan's July point equals what evaluate() expects in July
    july = plan.loc[plan["period"] == "2025-07-01", "planned"].iloc[0]
    assert july == pytest.approx(g.expected("2025-07-01"))


def test_plan_path_errors():
    g = Goal("revenue", 80, "2025-01-01", 100, "2026-01-01", "higher")
    with pytest.raises(SmbkitError, match="with a Goal, do not pass `target`"):
        plan_path(g, 120)
    with pytest.raises(SmbkitError, match="also pass periods, start"):
        plan_path(100.0, 120.0)
    with pytest.raises(SmbkitError, match=r"`freq` must be one of .* but 'monthly'"):
        plan_path(100.0, 120.0, periods=3, start="2025-01-01", freq="monthly")
    with pytest.raises(SmbkitError, match="`start` must be a date.*'soon'"):
        plan_path(100.0, 120.0, periods=3, start="soon")
    with pytest.raises(SmbkitError, match="compound growth needs a positive"):
        plan_path(0.0, 120.0, periods=3, start="2025-01-01")


# ----------------------------------------------------------------- status


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "expected"),
    [
        (100, 100, "higher", "on track"),
        (120, 100, "higher", "on track"),  # beating the target
        (95, 100, "higher", "on track"),  # 5 % short: exactly on the edge, still on track
        (94, 100, "higher", "at risk"),  # 6 % short
        (90, 100, "higher", "at risk"),  # 10 % short: edge of at risk
        (89, 100, "higher", "off track"),
        (80, 100, "lower", "on track"),  # cost below target is good
        (105, 100, "lower", "on track"),
        (108, 100, "lower", "at risk"),  # CAC 8 % above target
        (111, 100, "lower", "off track"),
        (-106, -100, "higher", "at risk"),  # shortfall 6 against |target| 100
    ],
)
def test_status_relative_bands(actual, target, polarity, expected):
    assert status(actual, target, polarity=polarity) == expected


def test_status_absolute_bands():
    # bands in the KPI's units: 2 and 5 dollars
    got = status([49, 47, 44.5], 50, polarity="higher", bands=(2, 5), band_type="absolute")
    assert got.tolist() == ["on track", "at risk", "off track"]


def test_status_zero_target_relative_has_zero_width_bands():
    assert status(0.0, 0.0, polarity="lower") == "on track"
    assert status(0.1, 0.0, polarity="lower") == "off track"


def test_status_missing_values_are_no_data():
    got = status([np.nan, 100.0], [100.0, np.nan], polarity="higher")
    assert got.tolist() == ["no data", "no data"]


def test_status_series_keeps_index_and_vectorised_polarity():
    s = pd.Series([90.0, 120.0], index=["revenue", "cac"])
    got = status(s, pd.Series([100.0, 100.0], index=s.index), polarity=["higher", "lower"])
    assert isinstance(got, pd.Series)
    assert got.to_dict() == {"revenue": "at risk", "cac": "off track"}


def test_status_scalar_returns_str():
    assert type(status(1.0, 1.0, polarity="higher")) is str


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"polarity": "up"}, r"`polarity` must be one of \['higher', 'lower'\], but 'up'"),
        ({"polarity": ["higher", "less"]}, r"but 'less' was passed"),
        ({"polarity": "higher", "bands": (0.1, 0.05)}, r"0 <= first <= second.*\(0.1, 0.05\)"),
        ({"polarity": "higher", "bands": (0.1,)}, r"`bands` must be two numbers"),
        ({"polarity": "higher", "band_type": "pct"}, r"`band_type` must be one of"),
    ],
)
def test_status_errors(kwargs, match):
    with pytest.raises(SmbkitError, match=match):
        status(1.0, 1.0, **kwargs)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(a=finite, t=finite)
def test_status_lower_is_the_mirror_of_higher(a, t):
    assert status(a, t, polarity="higher") == status(-a, -t, polarity="lower")


@given(a=finite, d=st.floats(0, 1e6), t=finite)
def test_more_is_never_worse_when_higher_is_better(a, d, t):
    rank = {"on track": 0, "at risk": 1, "off track": 2}
    assert rank[status(a + d, t, polarity="higher")] <= rank[status(a, t, polarity="higher")]


# ----------------------------------------------------------------- Goal


def goal(**kw) -> Goal:
    base = dict(
        kpi="revenue",
        baseline=80_000,
        baseline_date="2025-01-01",
        target=100_000,
        deadline="2026-01-01",
        polarity="higher",
    )
    base.update(kw)
    return Goal(**base)


def test_goal_normalises_and_is_frozen():
    g = goal(owner="Ana", unit="USD")
    assert g.baseline_date == pd.Timestamp("2025-01-01")
    assert isinstance(g.baseline, float)
    assert g.periods == pytest.approx(12.0)
    assert g.label == "revenue"
    with pytest.raises(dataclasses.FrozenInstanceError):
        g.target = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"deadline": "2024-12-01"}, r"`deadline` \(2024-12-01\) must be after `baseline_date`"),
        ({"deadline": "2025-01-01"}, r"must be after `baseline_date` \(2025-01-01\)"),
        ({"polarity": "more"}, r"`polarity` must be one of \['higher', 'lower'\]"),
        ({"target": 70_000}, r"target 70000 is below baseline 80000 .* allow_worse=True"),
        ({"polarity": "lower", "target": 90_000}, r"target 90000 is above baseline 80000"),
        ({"kpi": ""}, r"`kpi` must be a KPI id"),
        ({"baseline": float("inf")}, r"`baseline` must be a finite number"),
        ({"deadline": None}, r"`deadline` must be a date, but it is missing"),
        ({"method": "linear", "freq": "D"}, r"`freq` must be one of \['W', 'M', 'Q', 'Y'\]"),
        ({"baseline": 0.0}, r"compound plan needs a positive baseline .* method='linear'"),
    ],
)
def test_goal_validation(kw, match):
    with pytest.raises(SmbkitError, match=match):
        goal(**kw)


def test_goal_allow_worse_and_hold_the_line():
    # a deliberate "limit the fall to 10 %" goal
    g = goal(target=72_000, allow_worse=True)
    assert g.required_growth() < 0
    # target equal to baseline (maintain) is not worse: allowed without the flag
    assert goal(target=80_000).required_growth() == pytest.approx(0.0)


def test_goal_evaluate_by_hand():
    g = goal()
    # 6 of 12 months: expected = 80,000 * 1.25 ** 0.5 = 89,442.72
    e = g.evaluate(88_000, "2025-07-01")
    assert e.expected == pytest.approx(80_000 * 1.25**0.5)
    assert e.gap == pytest.approx(88_000 - 89_442.719, abs=1e-3)
    assert e.gap_pct == pytest.approx(-1_442.719 / 89_442.719, rel=1e-6)  # -1.6 %
    assert e.progress == pytest.approx(0.4)  # 8,000 of the 20,000 way
    assert e.status == "on track"
    # 80,000 in July is 10.6 % below plan: off track
    assert g.evaluate(80_000, "2025-07-01").status == "off track"
    # after the deadline the plan is the target
    assert g.evaluate(100_000, "2026-06-01").expected == pytest.approx(100_000)
    # linear plan: halfway is 90,000
    assert goal(method="linear").expected("2025-07-01") == pytest.approx(90_000)


def test_goal_evaluate_lower_polarity():
    g = Goal("cac", 50, "2025-01-01", 40, "2025-11-01", "lower", method="linear")
    # 5 of 10 months: plan expects 45; actual 48 is 6.7 % above: at risk
    e = g.evaluate(48, "2025-06-01")
    assert e.expected == pytest.approx(45.0)
    assert e.status == "at risk"
    assert e.progress == pytest.approx(0.2)  # 2 of the 10 dollars of reduction


def test_goal_evaluate_errors_and_notes():
    g = goal()
    with pytest.raises(SmbkitError, match=r"`at` \(2024-12-01\) is before the baseline date"):
        g.evaluate(1.0, "2024-12-01")
    with pytest.raises(SmbkitError, match=r"`actual` must be a number, but 'lots'"):
        g.evaluate("lots", "2025-03-01")
    flat = Goal("x", 5, "2025-01-01", 5, "2025-06-01", "higher")
    e = flat.evaluate(5, "2025-03-01")
    assert math.isnan(e.progress)
    assert "target = baseline" in e.note
    zero = Goal("x", -2, "2025-01-01", 2, "2025-05-01", "higher", method="linear")
    e = zero.evaluate(1, "2025-03-01")  # halfway the linear plan expects 0
    assert math.isnan(e.gap_pct)
    assert "plan expects 0" in e.note


def test_goal_revise_keeps_history_immutably():
    g1 = goal()
    g2 = g1.revise(target=95_000, reason="new competitor", on="2025-06-01")
    g3 = g2.revise(deadline="2026-06-01", reason="oven broke", on="2025-09-01")
    assert g1.history == ()  # the original is untouched
    assert (g3.target, g3.deadline) == (95_000.0, pd.Timestamp("2026-06-01"))
    assert [h.reason for h in g3.history] == ["new competitor", "oven broke"]
    assert [h.previous.target for h in g3.history] == [100_000.0, 95_000.0]
    assert g3.history[1].revised_on == pd.Timestamp("2025-09-01")
    assert g3.history[0].previous.history == ()
    table = g3.history_table()
    assert table["version"].tolist() == [1, 2, 3]
    assert table["target"].tolist() == [100_000.0, 95_000.0, 95_000.0]
    assert table["reason"].tolist()[1:] == ["new competitor", "oven broke"]


def test_goal_revise_errors():
    g = goal()
    with pytest.raises(SmbkitError, match="pass a new `target` and/or `deadline`"):
        g.revise(reason="because")
    with pytest.raises(SmbkitError, match=r"`reason` must say why the goal changes, but '  '"):
        g.revise(target=90_000, reason="  ")
    with pytest.raises(SmbkitError, match="target 60000 is below baseline"):
        g.revise(target=60_000, reason="recession", on="2025-05-01")


# ----------------------------------------------------------------- trend_projection


def test_trend_projection_recovers_constant_growth():
    df = pd.DataFrame({"period": months("2025-01-01", 6), "value": 100 * 1.05 ** np.arange(6)})
    proj = trend_projection(df, periods_ahead=2)
    assert proj["period"].tolist() == list(months("2025-06-01", 3))
    assert proj["step"].tolist() == [0, 1, 2]
    assert proj["projected"].to_numpy() == pytest.approx(100 * 1.05 ** np.arange(5, 8))


def test_trend_projection_uses_only_the_last_fit_periods():
    # flat at 50 for a year, then exact +10 a month for 3 months: a 3-period linear fit
    # sees only the ramp (130, 140, 150) and projects 160
    vals = [50.0] * 12 + [130.0, 140.0, 150.0]
    df = pd.DataFrame({"period": months("2024-01-01", 15), "value": vals})
    proj = trend_projection(df, periods_ahead=1, fit_periods=3, method="linear")
    assert proj["projected"].to_numpy() == pytest.approx([150.0, 160.0])


def test_trend_projection_ignores_row_order():
    df = pd.DataFrame({"period": months("2025-01-01", 5), "value": [3.0, 5.0, 4.0, 6.0, 7.0]})
    a = trend_projection(df, periods_ahead=3)
    b = trend_projection(df.iloc[::-1], periods_ahead=3)
    pd.testing.assert_frame_equal(a, b)


def test_trend_projection_errors():
    df = pd.DataFrame({"period": months("2025-01-01", 3), "value": [1.0, 0.0, 2.0]})
    with pytest.raises(DataError, match=r"1 of 3 are <= 0 \(first: 2025-02-01\).*'linear'"):
        trend_projection(df, periods_ahead=1)
    with pytest.raises(SmbkitError, match="`periods_ahead` must be a whole number >= 1"):
        trend_projection(df, periods_ahead=0)
    with pytest.raises(DataError, match="need at least 2 observed values"):
        trend_projection(df.iloc[:1], periods_ahead=1)
    with pytest.raises(DataError, match=r"column 'value' \(value=\) is not in data"):
        trend_projection(df.rename(columns={"value": "v"}), periods_ahead=1)


# ----------------------------------------------------------------- what_if


def test_what_if_by_hand():
    # 100, 110, 121, 133.1: exactly +10 % a month
    df = pd.DataFrame({"period": months("2025-01-01", 4), "value": [100.0, 110.0, 121.0, 133.1]})
    r = what_if(df, target=266.2, periods=5)
    assert r.baseline == pytest.approx(133.1)
    assert r.deadline == pd.Timestamp("2025-09-01")
    assert r.required_growth == pytest.approx(2**0.2 - 1)  # doubling in 5 months: 14.9 %
    assert r.required_increase == pytest.approx(133.1 / 5)
    assert r.trend_growth == pytest.approx(0.10)
    assert r.projected_at_deadline == pytest.approx(133.1 * 1.1**5)  # 214.4
    assert r.status == "off track"  # 19.5 % short of 266.2
    assert r.plan["planned"].iloc[-1] == pytest.approx(266.2)
    # baseline over 2 months: (121 + 133.1) / 2 = 127.05
    assert what_if(df, target=200, periods=5, baseline_periods=2).baseline == pytest.approx(127.05)


def test_what_if_tidy_and_wide_tables_agree():
    tidy = pd.DataFrame(
        {"period": months("2025-01-01", 4), "kpi": "revenue", "value": [10.0, 12.0, 11.0, 13.0]}
    )
    wide = pd.DataFrame({"month": months("2025-01-01", 4), "revenue": [10.0, 12.0, 11.0, 13.0]})
    a = what_if(tidy, kpi="revenue", target=20, periods=6)
    b = what_if(wide, kpi="revenue", date="month", target=20, periods=6)
    assert (a.required_growth, a.trend_growth, a.status) == (
        b.required_growth,
        b.trend_growth,
        b.status,
    )


def test_what_if_non_positive_baseline_gives_nan_with_note():
    df = pd.DataFrame({"period": months("2025-01-01", 3), "value": [-3.0, -2.0, -1.0]})
    r = what_if(df, target=2.0, periods=3, trend="linear")
    assert math.isnan(r.required_growth)
    assert r.required_increase == pytest.approx(1.0)
    assert "compound growth is undefined" in r.note


def test_what_if_errors():
    tidy = pd.DataFrame({"period": months("2025-01-01", 2), "kpi": "revenue", "value": [1.0, 2.0]})
    with pytest.raises(DataError, match=r"KPI 'revnue' is not in the data.*Did you mean 'revenue'"):
        what_if(tidy, kpi="revnue", target=3, periods=2)
    with pytest.raises(DataError, match="`baseline_periods`=3 but only 2 observed values"):
        what_if(tidy, kpi="revenue", target=3, periods=2, baseline_periods=3)
    with pytest.raises(SmbkitError, match="`periods` must be a whole number >= 1, got 0"):
        what_if(tidy, kpi="revenue", target=3, periods=0)


# ----------------------------------------------------------------- scorecard


@pytest.fixture
def kv():
    # revenue Jan-Jun 2025 rising; cac rising (bad); a partial July for revenue
    rev = [100.0, 102.0, 104.0, 106.0, 108.0, 110.0, 40.0]
    cac = [50.0, 51.0, 52.0, 53.0, 54.0, 55.0]
    return pd.DataFrame(
        {
            "period": list(months("2025-01-01", 7)) + list(months("2025-01-01", 6)),
            "kpi": ["revenue"] * 7 + ["cac"] * 6,
            "value": rev + cac,
            "unit": ["USD"] * 13,
            "partial": [False] * 6 + [True] + [False] * 6,
        }
    )


@pytest.fixture
def goals():
    return [
        Goal(
            "revenue",
            100,
            "2025-01-01",
            120,
            "2026-01-01",
            "higher",
            name="Net revenue",
            method="linear",
        ),
        Goal("cac", 50, "2025-01-01", 40, "2026-01-01", "lower", method="linear"),
    ]


def test_scorecard_by_hand(kv, goals):
    card = scorecard(kv, goals, trend_periods=3)
    assert card.columns.tolist() == [
        "kpi",
        "label",
        "period",
        "actual",
        "baseline",
        "target",
        "deadline",
        "benchmark",
        "variance",
        "variance_pct",
        "status",
        "polarity",
        "trend",
        "trend_direction",
        "note",
    ]
    rev, cac = card.iloc[0], card.iloc[1]
    # the partial July is left out: the latest full month is June
    assert rev["period"] == pd.Timestamp("2025-06-01")
    assert rev["label"] == "Net revenue"
    # linear plan: 100 + 20 * 5/12 = 108.33 in June; 110 beats it
    assert rev["benchmark"] == pytest.approx(100 + 20 * 5 / 12)
    assert rev["variance"] == pytest.approx(110 - 108.3333, abs=1e-3)
    assert rev["status"] == "on track"
    assert rev["trend"] == [106.0, 108.0, 110.0]
    assert rev["trend_direction"] == "improving"
    # cac plan: 50 - 10 * 5/12 = 45.83; actual 55 is 20 % above: off track, and rising
    assert cac["benchmark"] == pytest.approx(50 - 10 * 5 / 12)
    assert cac["variance_pct"] == pytest.approx((55 - 45.8333) / 45.8333, rel=1e-5)
    assert cac["status"] == "off track"
    assert cac["trend_direction"] == "worsening"


def test_scorecard_at_and_compare_to_target(kv, goals):
    card = scorecard(kv, {g.kpi: g for g in goals}, at="2025-02-01", compare_to="target")
    assert card["actual"].tolist() == [102.0, 51.0]
    assert card["benchmark"].tolist() == [120.0, 40.0]
    assert card["status"].tolist() == ["off track", "off track"]
    # a period with no value: no data, with a note
    late = scorecard(kv, goals, at="2025-09-01")
    assert late["status"].tolist() == ["no data", "no data"]
    assert late["note"].str.contains("no value for this period").all()


def test_scorecard_flat_trend_and_include_partial(kv, goals):
    flat = kv.copy()
    flat.loc[flat["kpi"] == "cac", "value"] = [50.0, 50.5, 49.5, 50.0, 50.2, 49.8]
    card = scorecard(flat, goals)
    assert card.loc[1, "trend_direction"] == "flat"
    with_partial = scorecard(kv, goals, include_partial=True)
    assert with_partial.loc[0, "actual"] == 40.0


def test_scorecard_does_not_mutate_input(kv, goals):
    before = kv.copy()
    scorecard(kv, goals)
    pd.testing.assert_frame_equal(kv, before)


def test_scorecard_errors(kv, goals):
    with pytest.raises(
        DataError,
        match=r"KPI 'churn_rate' is not in the data; KPIs are "
        r"\['cac', 'revenue'\]",
    ):
        scorecard(kv, [Goal("churn_rate", 5, "2025-01-01", 4, "2025-12-01", "lower")])
    with pytest.raises(SmbkitError, match="two goals for KPI 'revenue'"):
        scorecard(kv, [goals[0], goals[0]])
    with pytest.raises(SmbkitError, match="`goals` must hold Goal objects, got dict"):
        scorecard(kv, [{"kpi": "revenue"}])
    dup = pd.concat([kv, kv.iloc[[0]]])
    with pytest.raises(
        DataError,
        match=r"1 duplicate periods for KPI 'revenue' \(first: "
        r"2025-01-01\)",
    ):
        scorecard(dup, goals)
    with pytest.raises(DataError, match=r"column 'kpi' \(kpi=\) is not in kpi_values"):
        scorecard(kv.drop(columns="kpi"), goals)
    with pytest.raises(SmbkitError, match="`compare_to` must be one of"):
        scorecard(kv, goals, compare_to="budget")


def test_scorecard_refuses_a_missing_partial_flag(kv, goals):
    # a NaN flag would read as True and silently drop the period
    gappy = kv.astype({"partial": "object"})
    gappy.loc[3, "partial"] = None
    with pytest.raises(DataError, match=r"column 'partial' has 1 missing values \(first: row 3\)"):
        scorecard(gappy, goals)
