"""Tests for smbkit.analysis (lead/lag, Granger, alignment report) and its two plots.

The main fixture is a seeded synthetic business over 200 weeks whose answers are known
by construction:

- ``visits`` leads ``sales`` by exactly 2 weeks: the weekly change in sales is
  3 x (the change in visits 2 weeks earlier) + noise of sd 3, so at lag 2 the
  correlation of changes is 3 / sqrt(3^2 + 3^2) = 0.707 and about 0 elsewhere;
- ``likes`` trends up by 1 a week (as sales trend up by 2 a week) but its changes are
  independent of everything: a vanity metric;
- ``orders`` moves in the same week as sales: change = change in sales + noise of sd 3,
  so r at lag 0 = sqrt(18 / 27) = 0.816;
- ``reviews`` follows sales by 3 weeks: change = change in sales 3 weeks earlier + noise
  of sd 3, so r = 0.816 with sales leading by 3.
"""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.analysis import alignment_report, best_lags, granger, lead_lag

T = 200
CANDIDATES = ["visits", "likes", "orders", "reviews"]


def make_business(seed: int = 0, n: int = T, lead: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    shocks = rng.normal(size=n + lead)
    d_visits = shocks[lead:]  # change in visits at t is shocks[t + lead]
    d_sales = 2.0 + 3.0 * shocks[:n] + rng.normal(scale=3.0, size=n)  # = 3 d_visits[t-lead]
    d_likes = 1.0 + rng.normal(size=n)
    d_orders = d_sales + rng.normal(scale=3.0, size=n)
    d_reviews = np.concatenate([rng.normal(size=3), d_sales[:-3]]) + rng.normal(3.0, 3.0, n)
    return pd.DataFrame(
        {
            "date": pd.date_range("2021-01-04", periods=n, freq="7D"),  # Mondays
            "sales": 1000 + np.cumsum(d_sales),
            "visits": 200 + np.cumsum(d_visits),
            "likes": 50 + np.cumsum(d_likes),
            "orders": 300 + np.cumsum(d_orders),
            "reviews": 10 + np.cumsum(d_reviews),
        }
    )


@pytest.fixture(scope="module")
def business() -> pd.DataFrame:
    return make_business()


@pytest.fixture(scope="module")
def report(business) -> pd.DataFrame:
    return alignment_report(business, outcome="sales", candidates=CANDIDATES, max_lag=6)


@pytest.fixture
def plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


# --------------------------------------------------------------------------- lead_lag


def test_lead_lag_table_shape_and_columns(business):
    table = lead_lag(business, outcome="sales", candidates=CANDIDATES, max_lag=8)
    assert list(table.columns) == ["candidate", "lag", "correlation", "n", "p_value"]
    assert list(dict.fromkeys(table["candidate"])) == CANDIDATES
    assert table.groupby("candidate")["lag"].apply(list).map(lambda v: v == list(range(9))).all()
    # 200 weeks -> 199 changes; at lag k, 199 - k pairs.
    visits = table[table["candidate"] == "visits"]
    assert visits["n"].tolist() == [199 - k for k in range(9)]


def test_leader_is_found_at_its_lag(business):
    table = lead_lag(business, outcome="sales", candidates=CANDIDATES, max_lag=8)
    best = best_lags(table).set_index("candidate")
    assert best.loc["visits", "best_lag"] == 2
    # by construction r = 3 / sqrt(18) = 0.707 at lag 2
    assert best.loc["visits", "correlation_at_best_lag"] == pytest.approx(0.707, abs=0.08)
    assert bool(best.loc["visits", "stronger_than_lag0"])
    visits = table[table["candidate"] == "visits"].set_index("lag")
    assert visits.loc[2, "p_value"] < 1e-10
    others = visits.drop(index=2)
    assert (others["correlation"].abs() < 0.2).all()


def test_correlation_and_p_value_match_scipy(business):
    from scipy import stats

    table = lead_lag(business, outcome="sales", candidates=["visits"], max_lag=3)
    x = business["visits"].diff().to_numpy()[1:]
    y = business["sales"].diff().to_numpy()[1:]
    for k in range(4):
        expected = stats.pearsonr(x[: len(x) - k], y[k:])
        row = table[table["lag"] == k].iloc[0]
        assert row["correlation"] == pytest.approx(expected.statistic, abs=1e-12)
        assert row["p_value"] == pytest.approx(expected.pvalue, rel=1e-9)


def test_exact_shift_gives_correlation_one_at_that_lag():
    # Changes of the outcome: 1, -2, 3, 0, 5, ... are the candidate's changes 3 weeks
    # later, so r = 1 at lag 3 (14 pairs).
    c = np.array([1, -2, 3, 0, 5, -1, 2, 2, -3, 4, 0, 1, -2, 3, 1, -1, 2, 0], float)
    data = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=16, freq="7D"),
            "x": np.concatenate([[0.0], np.cumsum(c[3:])]),  # changes c[t + 3], t = 0..14
            "y": np.concatenate([[0.0], np.cumsum(c[:15])]),  # changes c[t]
        }
    )
    table = lead_lag(data, outcome="y", candidates=["x"], max_lag=3)
    row = table[table["lag"] == 3].iloc[0]
    assert row["correlation"] == pytest.approx(1.0)
    assert row["n"] == 12  # 16 weeks -> 15 changes -> 12 pairs at lag 3
    assert row["p_value"] == 0.0


def test_vanity_correlates_in_levels_but_not_in_changes(business):
    levels = lead_lag(business, outcome="sales", candidates=["likes"], max_lag=4, transform="none")
    changes = lead_lag(business, outcome="sales", candidates=["likes"], max_lag=4)
    # Both trend upward, so levels correlate almost perfectly ...
    assert levels.loc[levels["lag"] == 0, "correlation"].iloc[0] > 0.9
    # ... but weekly changes of likes are independent of sales by construction.
    assert (changes["correlation"].abs() < 0.2).all()


def test_daily_rows_are_summed_into_weeks():
    # Two weeks of daily rows: Monday 2024-01-01 .. Sunday 2024-01-14, then 12 more weeks.
    days = pd.date_range("2024-01-01", periods=7 * 14, freq="D")
    rng = np.random.default_rng(5)
    daily = pd.DataFrame(
        {"date": days, "y": rng.integers(0, 10, len(days)), "x": rng.integers(0, 10, len(days))}
    )
    weekly = daily.groupby(np.arange(len(days)) // 7).agg({"date": "first", "y": "sum", "x": "sum"})
    from_daily = lead_lag(daily, outcome="y", candidates=["x"], max_lag=2)
    from_weekly = lead_lag(weekly, outcome="y", candidates=["x"], max_lag=2)
    from_none = lead_lag(weekly, outcome="y", candidates=["x"], max_lag=2, freq=None)
    pd.testing.assert_frame_equal(from_daily, from_weekly)
    pd.testing.assert_frame_equal(from_daily, from_none)


def test_other_transforms_on_hand_built_series():
    t = np.arange(20.0)
    wiggle = np.array([1, -1, 2, 0, -2, 1, 1, -1, 0, 2, -2, 1, 0, -1, 2, 1, -2, 0, 1, -1.0])
    data = pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=20, freq="7D"),
            "y": 100 + 5 * t + wiggle,  # different trends, same wiggle:
            "x": 10 + 2 * t + wiggle,  # detrended they are identical, r = 1 at lag 0
            "z": 3 * (100 + 5 * t + wiggle),  # z = 3 y: identical % changes, r = 1 at lag 0
        }
    )
    detrended = lead_lag(data, outcome="y", candidates=["x"], max_lag=1, transform="detrend")
    assert detrended["correlation"].iloc[0] == pytest.approx(1.0)
    assert detrended["n"].tolist() == [20, 19]  # detrending loses no period
    pct = lead_lag(data, outcome="y", candidates=["z"], max_lag=1, transform="pct_change")
    assert pct["correlation"].iloc[0] == pytest.approx(1.0)
    assert pct["n"].tolist() == [19, 18]


def test_input_is_not_mutated_and_row_order_does_not_matter(business):
    before = business.copy()
    table = lead_lag(business, outcome="sales", candidates=["visits", "likes"], max_lag=3)
    pd.testing.assert_frame_equal(business, before)
    shuffled = business.sample(frac=1.0, random_state=3)
    again = lead_lag(shuffled, outcome="sales", candidates=["visits", "likes"], max_lag=3)
    pd.testing.assert_frame_equal(table, again)


def test_nullable_integer_columns_are_accepted(business):
    data = business.assign(visits=business["visits"].round().astype("Int64"))
    table = lead_lag(data, outcome="sales", candidates=["visits"], max_lag=2)
    assert best_lags(table)["best_lag"].iloc[0] == 2


def test_best_lags_picks_largest_absolute_correlation_and_smallest_lag_on_ties():
    table = pd.DataFrame(
        {
            "candidate": ["a"] * 4 + ["b"] * 4,
            "lag": [0, 1, 2, 3] * 2,
            "correlation": [0.9, 0.2, -0.4, 0.3, 0.0, 0.5, -0.5, 0.1],
        }
    )
    best = best_lags(table)
    assert best["candidate"].tolist() == ["a", "b"]
    assert best["best_lag"].tolist() == [2, 1]  # |-0.4| largest for a; tie 0.5/-0.5 -> lag 1
    assert best["correlation_at_best_lag"].tolist() == [-0.4, 0.5]
    assert best["correlation_at_lag0"].tolist() == [0.9, 0.0]
    assert best["stronger_than_lag0"].tolist() == [False, True]


# ---------------------------------------------------------------------------- granger


def test_granger_finds_the_leader_and_not_the_vanity(business):
    result = granger(business, outcome="sales", candidates=CANDIDATES, max_lag=4)
    assert list(result.columns) == ["candidate", "lag", "f_stat", "p_value", "p_adjusted"]
    assert len(result) == 4 * 4
    at = result.set_index(["candidate", "lag"])
    assert at.loc[("visits", 2), "p_adjusted"] < 1e-10
    assert at.loc[("visits", 1), "p_adjusted"] > 0.01  # lag 1 alone misses a 2-week lead
    assert (at.loc["likes", "p_adjusted"] > 0.05).all()
    assert ((result["p_value"] >= 0) & (result["p_value"] <= 1)).all()
    assert (result["p_adjusted"] >= result["p_value"]).all()


def test_granger_holm_and_bonferroni_by_hand(business):
    raw = granger(business, outcome="sales", candidates=CANDIDATES, max_lag=2, correction="none")
    holm = granger(business, outcome="sales", candidates=CANDIDATES, max_lag=2)
    bonf = granger(
        business, outcome="sales", candidates=CANDIDATES, max_lag=2, correction="bonferroni"
    )
    assert (raw["p_adjusted"] == raw["p_value"]).all()
    pd.testing.assert_series_equal(raw["p_value"], holm["p_value"])
    for lag in (1, 2):
        p = raw.loc[raw["lag"] == lag, "p_value"].to_numpy()
        m = len(p)  # 4 candidates per lag
        order = np.argsort(p)
        # Holm (1979): the i-th smallest p times (m - i + 1), made monotone, capped at 1.
        stepped = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
        expected = np.empty(m)
        expected[order] = stepped
        np.testing.assert_allclose(holm.loc[holm["lag"] == lag, "p_adjusted"], expected)
        np.testing.assert_allclose(
            bonf.loc[bonf["lag"] == lag, "p_adjusted"], np.minimum(1.0, m * p)
        )


def test_granger_f_statistic_matches_two_regressions_by_hand(business):
    # Lag order 1: y_t on (1, y_{t-1}) versus (1, y_{t-1}, x_{t-1}), on the weekly changes.
    y = business["sales"].diff().to_numpy()[1:]
    x = business["visits"].diff().to_numpy()[1:]
    target = y[1:]
    restricted = np.column_stack([np.ones(len(target)), y[:-1]])
    unrestricted = np.column_stack([restricted, x[:-1]])

    def ssr(design):
        coef = np.linalg.lstsq(design, target, rcond=None)[0]
        return float(np.sum((target - design @ coef) ** 2))

    df_resid = len(target) - 3
    f_expected = (ssr(restricted) - ssr(unrestricted)) / 1 / (ssr(unrestricted) / df_resid)
    result = granger(business, outcome="sales", candidates=["visits"], max_lag=1)
    assert result["f_stat"].iloc[0] == pytest.approx(f_expected, rel=1e-9)


# -------------------------------------------------------------------- alignment report


def test_report_columns_and_order(report):
    assert list(report.columns) == [
        "candidate",
        "verdict",
        "best_lag",
        "correlation_at_best_lag",
        "correlation_at_lag0",
        "granger_p_adjusted",
        "confidence",
        "explanation",
    ]
    assert report["candidate"].tolist() == CANDIDATES


def test_report_verdicts_match_construction(report):
    by = report.set_index("candidate")
    assert by.loc["visits", "verdict"] == "leading indicator"
    assert by.loc["visits", "best_lag"] == 2
    assert by.loc["visits", "confidence"] == "high"
    assert by.loc["likes", "verdict"] == "vanity"
    assert by.loc["orders", "verdict"] == "coincident"
    assert by.loc["orders", "best_lag"] == 0
    assert by.loc["orders", "correlation_at_lag0"] == pytest.approx(0.816, abs=0.08)
    assert by.loc["reviews", "verdict"] == "lagging"
    assert by.loc["reviews", "best_lag"] == -3
    assert by.loc["reviews", "correlation_at_best_lag"] == pytest.approx(0.816, abs=0.08)
    assert set(report["confidence"]) <= {"high", "medium", "low"}


def test_report_explanations_are_plain_sentences(report):
    text = report.set_index("candidate")["explanation"]
    assert text["visits"].startswith("Weekly changes in visits are followed 2 weeks later")
    assert "Holm correction across 4 metrics" in text["visits"]
    assert re.search(r"\(r = 0\.[67]\d;", text["visits"])
    assert "in levels the two look related" in text["likes"]
    assert "same week" in text["orders"]
    assert "follow changes in sales by 3 weeks" in text["reviews"]
    assert "sales -> reviews" in text["reviews"]
    assert all(sentence.endswith(".") for sentence in report["explanation"])


def test_report_granger_p_is_corrected_for_the_chosen_lag_and_the_candidates(business, report):
    # g+ = Holm over candidates of min(1, K x raw Granger p at the candidate's best lag k+)
    k = 6  # max_lag of the report fixture
    raw = granger(business, outcome="sales", candidates=CANDIDATES, max_lag=k, correction="none")
    raw = raw.set_index(["candidate", "lag"])["p_value"]
    best = best_lags(lead_lag(business, outcome="sales", candidates=CANDIDATES, max_lag=k))
    chosen = np.array(
        [raw[(c, lag)] for c, lag in zip(best["candidate"], best["best_lag"], strict=True)]
    )
    scaled = np.minimum(1.0, k * chosen)
    m = len(scaled)
    order = np.argsort(scaled)
    stepped = np.minimum(1.0, np.maximum.accumulate(scaled[order] * (m - np.arange(m))))
    expected = np.empty(m)
    expected[order] = stepped
    np.testing.assert_allclose(report["granger_p_adjusted"], expected, rtol=1e-12)
    assert (report["granger_p_adjusted"].to_numpy() >= chosen).all()


def test_report_with_a_single_candidate_says_so(business):
    one = alignment_report(business, outcome="sales", candidates=["visits"], max_lag=3)
    assert "(one metric tested)" in one["explanation"].iloc[0]


def test_report_on_levels_is_fooled_by_trends(business):
    # In levels, the trending vanity series no longer looks like vanity: the reason the
    # default transform is "diff".
    levels = alignment_report(
        business, outcome="sales", candidates=["likes"], max_lag=3, transform="none"
    )
    assert levels["verdict"].iloc[0] != "vanity"


# ------------------------------------------------------------------ property tests


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=24, max_size=24),
    st.lists(st.floats(-1e3, 1e3, allow_nan=False), min_size=24, max_size=24),
    st.sampled_from(["diff", "detrend", "none"]),
)
def test_correlation_within_bounds_and_p_within_unit_interval(ys, xs, transform):
    data = pd.DataFrame(
        {"date": pd.date_range("2024-01-01", periods=24, freq="7D"), "y": ys, "x": xs}
    )
    try:
        table = lead_lag(data, outcome="y", candidates=["x"], max_lag=4, transform=transform)
    except DataError as exc:  # a constant series is refused, with its name
        assert "is constant after transform" in str(exc)
        return
    r = table["correlation"].dropna()
    assert ((r >= -1.0) & (r <= 1.0)).all()
    p = table["p_value"].dropna()
    assert ((p >= 0.0) & (p <= 1.0)).all()


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), base=st.integers(1, 3), shift=st.integers(0, 4))
def test_shifting_the_candidate_earlier_moves_its_best_lag_by_the_shift(seed, base, shift):
    # visits leads sales by `base`; visits'(t) = visits(t + shift) leads by base + shift.
    data = make_business(seed=seed, n=120 + shift, lead=base)
    moved = data.assign(visits=data["visits"].shift(-shift)).iloc[: len(data) - shift]
    table = lead_lag(moved, outcome="sales", candidates=["visits"], max_lag=8)
    assert best_lags(table)["best_lag"].iloc[0] == base + shift


# ------------------------------------------------------------------------ errors


def test_missing_column_names_it_and_suggests(business):
    with pytest.raises(DataError, match=r"column 'visit' \(candidates=\) is not in data.*'visits'"):
        lead_lag(business, outcome="sales", candidates=["visit"])
    with pytest.raises(DataError, match=r"column 'sale' \(outcome=\) .*Did you mean 'sales'"):
        granger(business, outcome="sale", candidates=["visits"])
    with pytest.raises(DataError, match=r"column 'day' \(date=\)"):
        alignment_report(business, outcome="sales", candidates=["visits"], date="day")


@pytest.mark.parametrize(
    ("kwargs", "pattern"),
    [
        ({"candidates": "visits"}, r"single string 'visits' was passed; write candidates=\["),
        ({"candidates": []}, r"`candidates` must be a non-empty list"),
        ({"candidates": ["visits", "visits"]}, r"lists \['visits'\] more than once"),
        ({"candidates": ["sales"]}, r"outcome 'sales' is also in `candidates`"),
        ({"candidates": [3]}, r"must be a column name \(str\), but 3 was passed"),
        ({"transform": "log"}, r"`transform` must be one of .*'log' was passed"),
        ({"freq": "weekly"}, r"`freq` must be one of .*'weekly' was passed"),
        ({"max_lag": 0}, r"`max_lag` must be a whole number >= 1, but 0 was passed"),
        ({"max_lag": 2.5}, r"`max_lag` must be a whole number >= 1, but 2.5 was passed"),
    ],
)
def test_bad_arguments(business, kwargs, pattern):
    args = {"outcome": "sales", "candidates": ["visits"], **kwargs}
    with pytest.raises(SmbkitError, match=pattern):
        lead_lag(business, **args)


def test_bad_report_options(business):
    with pytest.raises(SmbkitError, match=r"alignment_report: `alpha` must be a number .* 1.5"):
        alignment_report(business, outcome="sales", candidates=["visits"], alpha=1.5)
    with pytest.raises(SmbkitError, match=r"`min_corr` must be a number strictly between"):
        alignment_report(business, outcome="sales", candidates=["visits"], min_corr=-0.1)
    with pytest.raises(SmbkitError, match=r"granger: the value for `correction` .*'BH'"):
        granger(business, outcome="sales", candidates=["visits"], correction="BH")


def test_too_few_periods_says_how_many_are_needed(business):
    short = business.head(15)
    # lead_lag: 8 + 10 pairs + 1 lost to differencing = 19
    with pytest.raises(DataError, match=r"lead_lag: the data have 15 weekly periods.*at least 19"):
        lead_lag(short, outcome="sales", candidates=["visits"], max_lag=8)
    # granger: 3 x 4 + 1 + 10 + 1 = 24
    with pytest.raises(DataError, match=r"granger: the data have 15 weekly periods.*at least 24"):
        granger(short, outcome="sales", candidates=["visits"], max_lag=4)
    # alignment_report: the larger of the two, 3 x 8 + 12 = 36
    with pytest.raises(DataError, match=r"at least 36 are needed"):
        alignment_report(business.head(30), outcome="sales", candidates=["visits"])


def test_constant_series_is_named(business):
    flat = business.assign(visits=7.0)
    with pytest.raises(DataError, match=r"series 'visits' is constant after transform='diff'"):
        lead_lag(flat, outcome="sales", candidates=["visits"])
    # A straight line is constant once differenced, and after detrending.
    line = business.assign(likes=np.arange(T) * 2.5)
    with pytest.raises(DataError, match=r"series 'likes' is constant after transform='detrend'"):
        lead_lag(line, outcome="sales", candidates=["likes"], transform="detrend")


def test_series_flat_where_a_granger_lag_looks_is_named(business):
    # likes move only in weeks 2 and 3 (up 1, back down): not constant overall, but its
    # changes are all 0 from the third change on, which is the whole window that lag 1
    # covers at lag order 3 (as the bakery's shares in its first year, when they were
    # almost always 0).
    likes = np.full(T, 50.0)
    likes[1] = 51.0
    blip = business.assign(likes=likes)
    assert not lead_lag(blip, outcome="sales", candidates=["likes"], max_lag=4).empty
    granger(blip, outcome="sales", candidates=["likes"], max_lag=2)  # still computable
    with pytest.raises(
        DataError,
        match=r"granger: series 'likes' is constant \(after the transform\) from 2021-01-25 to "
        r"2024-10-21, the periods its lag 1 enters in the Granger test at lag order 3.*"
        r"remove this metric or use a longer history or a max_lag below 3",
    ):
        granger(blip, outcome="sales", candidates=["likes"], max_lag=4)
    with pytest.raises(DataError, match=r"alignment_report: series 'likes' is constant"):
        alignment_report(blip, outcome="sales", candidates=["visits", "likes"], max_lag=4)


def test_outcome_that_is_an_exact_copy_of_the_past_is_refused(business):
    # the change in y is the change in x one week earlier, exactly: a perfect fit
    rng = np.random.default_rng(0)
    c = rng.normal(size=T)
    exact = pd.DataFrame(
        {
            "date": business["date"],
            "x": np.cumsum(c),
            "y": np.concatenate([[0.0], np.cumsum(c[:-1])]),
        }
    )
    with pytest.raises(
        DataError, match=r"granger: the Granger test of 'x' -> 'y' cannot be computed.*exact"
    ):
        granger(exact, outcome="y", candidates=["x"], max_lag=2)


def test_missing_values_are_refused_not_zero_filled(business):
    holes = business.copy()
    holes.loc[[5, 9], "visits"] = np.nan
    with pytest.raises(
        DataError,
        match=r"2 of 200 rows \(1.00 %\) have no finite value in "
        r"column 'visits' \(first: row 5",
    ):
        lead_lag(holes, outcome="sales", candidates=["visits"])


def test_a_week_without_rows_is_refused(business):
    gap = business.drop(index=[50, 51])
    with pytest.raises(
        DataError, match=r"2 of 200 weekly periods have no rows \(first: 2021-12-20"
    ):
        lead_lag(gap, outcome="sales", candidates=["visits"])


def test_other_data_errors(business):
    with pytest.raises(DataError, match=r"column 'date' \(date=\) must hold dates.*pd.to_datetime"):
        lead_lag(
            business.assign(date=business["date"].astype(str)),
            outcome="sales",
            candidates=["visits"],
        )
    with pytest.raises(DataError, match=r"column 'visits' must hold numbers"):
        lead_lag(business.assign(visits="many"), outcome="sales", candidates=["visits"])
    with pytest.raises(SmbkitError, match=r"`data` must be a pandas DataFrame.*dict"):
        lead_lag({"date": []}, outcome="sales", candidates=["visits"])
    twice = pd.concat([business, business.head(1)], ignore_index=True)
    with pytest.raises(DataError, match=r"1 of 201 rows .* repeat an earlier date.*freq='W'"):
        lead_lag(twice, outcome="sales", candidates=["visits"], freq=None)
    zero = business.assign(visits=np.where(np.arange(T) == 4, 0.0, business["visits"]))
    with pytest.raises(DataError, match=r"series 'visits' is 0 in 1 of 200 periods.*'diff'"):
        lead_lag(zero, outcome="sales", candidates=["visits"], transform="pct_change")


def test_best_lags_errors():
    with pytest.raises(DataError, match=r"best_lags: column 'correlation' \(correlation=\)"):
        best_lags(pd.DataFrame({"candidate": ["a"], "lag": [0], "r": [0.1]}))
    no_zero = pd.DataFrame({"candidate": ["a", "a"], "lag": [1, 2], "correlation": [0.1, 0.2]})
    with pytest.raises(DataError, match=r"candidate 'a' has no row with lag 0"):
        best_lags(no_zero)
    only_zero = pd.DataFrame({"candidate": ["a"], "lag": [0], "correlation": [0.1]})
    with pytest.raises(DataError, match=r"candidate 'a' has no finite correlation at a lag >= 1"):
        best_lags(only_zero)


# ---------------------------------------------------------------------------- plots


def test_heatmap_draws_the_table(business, plt):
    from smbkit.plots._alignment import plot_lag_heatmap

    table = lead_lag(business, outcome="sales", candidates=["visits", "likes"], max_lag=4)
    ax = plot_lag_heatmap(table)
    drawn = np.asarray(ax.collections[0].get_array()).reshape(2, 5)
    expected = np.vstack(
        [table.loc[table["candidate"] == c, "correlation"].to_numpy() for c in ["visits", "likes"]]
    )
    np.testing.assert_allclose(drawn, expected)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["visits", "likes"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0", "1", "2", "3", "4"]
    assert ax.get_xlabel() == "lag (weeks)"
    assert ax.get_ylabel() == "metric"
    assert ax.get_title().startswith("Correlation with the outcome by lag")
    assert ax.texts[2].get_text() == f"{expected[0, 2]:.2f}"  # annotated cells
    assert ax.collections[0].get_clim() == (-1.0, 1.0)  # symmetric: centred at 0


def test_heatmap_refuses_repeated_rows(plt):
    from smbkit.plots._alignment import plot_lag_heatmap

    table = pd.DataFrame({"candidate": ["a", "a"], "lag": [0, 0], "correlation": [0.1, 0.2]})
    with pytest.raises(DataError, match=r"1 rows of lead_lag_table repeat .*candidate 'a', lag 0"):
        plot_lag_heatmap(table)


def test_lead_lag_plot_draws_standardised_shifted_series(business, plt):
    from smbkit.plots._alignment import plot_lead_lag

    ax = plot_lead_lag(business, outcome="sales", candidate="visits", lag=2)
    outcome_line, candidate_line = ax.lines[0], ax.lines[1]
    y = business["sales"].diff().to_numpy()[3:]  # outcome at t, from the third change on
    x = business["visits"].diff().to_numpy()[1:-2]  # candidate 2 weeks earlier
    np.testing.assert_allclose(outcome_line.get_ydata(), (y - y.mean()) / y.std())
    np.testing.assert_allclose(candidate_line.get_ydata(), (x - x.mean()) / x.std())
    # mean product of the two z-scores is the lag-2 correlation lead_lag reports
    r = lead_lag(business, outcome="sales", candidates=["visits"], max_lag=2)["correlation"]
    assert np.mean(outcome_line.get_ydata() * candidate_line.get_ydata()) == pytest.approx(r[2])
    assert ax.get_title() == "visits (2 weeks earlier) vs sales"
    assert ax.get_ylabel() == "change from previous period (z-score)"
    assert ax.get_xlabel() == "week (start date)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "sales (same week)",
        "visits (2 weeks earlier)",
    ]


def test_lead_lag_plot_errors(business, plt):
    from smbkit.plots._alignment import plot_lead_lag

    with pytest.raises(SmbkitError, match=r"`lag` must be a whole number >= 0, but -1"):
        plot_lead_lag(business, outcome="sales", candidate="visits", lag=-1)
    with pytest.raises(SmbkitError, match=r"`candidate` and `outcome` are both 'sales'"):
        plot_lead_lag(business, outcome="sales", candidate="sales", lag=1)
    with pytest.raises(DataError, match=r"plot_lead_lag: column 'visit' \(candidates=\)"):
        plot_lead_lag(business, outcome="sales", candidate="visit", lag=1)


# ------------------------------------------------------------------- laziness, data


def test_import_does_not_load_heavy_libraries():
    code = (
        "import sys, smbkit.analysis, smbkit.plots._alignment\n"
        "heavy = [m for m in ('statsmodels', 'seaborn', 'matplotlib.pyplot', 'scipy.stats')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_daily_crumb_search_visits_lead_and_likes_are_vanity():
    datasets = pytest.importorskip(
        "smbkit.datasets", reason="smbkit.datasets (the bundled bakery) is not available yet"
    )
    bakery = datasets.load("daily_crumb")
    orders = bakery.orders
    sales = (
        orders.assign(
            date=orders["date"].dt.normalize(), net=orders["revenue"] - orders["refunded"]
        )
        .groupby("date", as_index=False)["net"]
        .sum()
    )
    marketing = bakery.marketing
    search = marketing.loc[marketing["channel"] == "search", ["date", "local_search_visits"]]
    social = marketing.loc[marketing["channel"] == "social", ["date", "likes"]]
    daily = sales.merge(search, on="date").merge(social, on="date")
    # whole weeks only (Monday to Sunday), so no half week looks like a collapse
    start, end = daily["date"].min(), daily["date"].max()
    first = start + pd.Timedelta(days=(7 - start.weekday()) % 7)  # first Monday
    last = end - pd.Timedelta(days=(end.weekday() + 1) % 7)  # last Sunday
    daily = daily[(daily["date"] >= first) & (daily["date"] <= last)]
    report = alignment_report(
        daily, outcome="net", candidates=["local_search_visits", "likes"], freq="W"
    ).set_index("candidate")
    assert report.loc["local_search_visits", "verdict"] == "leading indicator"
    assert 1 <= report.loc["local_search_visits", "best_lag"] <= 3
    assert report.loc["likes", "verdict"] == "vanity"


def test_weak_levels_correlation_is_not_called_related():
    # two independent random walks: a weak levels correlation (0.2 <= |r| < 0.5) is not
    # worth the "they look related" remark
    rng = np.random.default_rng(3)
    n = 156
    weeks = pd.date_range("2023-01-02", periods=n, freq="W-MON")
    sales = 100 + np.cumsum(rng.normal(size=n))
    noise = 50 + 0.3 * np.cumsum(rng.normal(size=n)) + rng.normal(size=n)
    assert 0.2 <= abs(np.corrcoef(sales, noise)[0, 1]) < 0.5
    data = pd.DataFrame({"date": weeks, "sales": sales, "noise": noise})
    report = alignment_report(data, outcome="sales", candidates=["noise"], max_lag=3, freq="W")
    assert report["verdict"].iloc[0] == "vanity"
    assert "look related" not in report["explanation"].iloc[0]
