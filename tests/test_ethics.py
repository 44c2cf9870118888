"""smbkit.ethics: gaming simulation, theme counts, group error rates, small-group suppression."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.ethics import (
    gaming_simulation,
    group_error_rates,
    suppress_small_groups,
    tag_themes,
    theme_counts,
    wilson_interval,
)


# ---------------------------------------------------------------------------- wilson
@pytest.mark.parametrize(
    ("x", "n", "lo", "hi"),
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
    [
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_matches_newcombe(x, n, lo, hi):
    got = wilson_interval(x, n)
    assert got[0] == pytest.approx(lo, abs=6e-5) and got[1] == pytest.approx(hi, abs=6e-5)


def test_wilson_zero_trials_is_nan_and_bad_counts_raise():
    assert wilson_interval(0, 7)[0] == 0.0 and wilson_interval(7, 7)[1] == 1.0
    lo, hi = wilson_interval([0, 2], [0, 4])
    assert np.isnan(lo[0]) and np.isnan(hi[0]) and 0 < lo[1] < 0.5 < hi[1] < 1
    with pytest.raises(DataError, match="wilson_interval: `events` must be between 0"):
        wilson_interval(5, 4)
    with pytest.raises(SmbkitError, match="`level` must be a confidence level"):
        wilson_interval(1, 4, level=95)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 500), data=st.data(), level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_contains_the_estimate_and_stays_in_unit_interval(n, data, level):
    x = data.draw(st.integers(0, n))
    lo, hi = wilson_interval(x, n, level=level)
    assert 0 <= lo <= x / n + 1e-12 and x / n <= hi + 1e-12 and hi <= 1
    lo99, hi99 = wilson_interval(x, n, level=0.995)
    assert lo99 <= lo + 1e-12 and hi <= hi99 + 1e-12


# ---------------------------------------------------------------------------- gaming
def test_gaming_simulation_shape_and_determinism():
    a, b = gaming_simulation(seed=3), gaming_simulation(seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(gaming_simulation(seed=4))
    assert a.shape == (8 * 52, 9)
    assert (a["orders"] >= a["customers"]).all()
    before = a[a["period"] == "before bonus"]
    assert (before["orders"] == before["customers"]).all(), "nobody games before the bonus"
    honest = a[~a["games"]]
    assert (honest["orders"] == honest["customers"]).all()


def test_gaming_metric_rises_while_outcome_does_not():
    sim = gaming_simulation(n_staff=200, n_weeks=20, bonus_week=10, seed=0)
    m = sim.groupby(["games", "period"])[["orders_per_hour", "customers_per_hour"]].mean()
    gamer_lift = (
        m.loc[(True, "after bonus"), "orders_per_hour"]
        / m.loc[(True, "before bonus"), "orders_per_hour"]
    )
    # (1 + r)(1 - c) = 1.6 * 0.95 = 1.52, up to the staff's own speeds
    assert gamer_lift == pytest.approx(1.6 * 0.95, rel=0.03)
    outcome = (
        m.loc[(True, "after bonus"), "customers_per_hour"]
        / m.loc[(True, "before bonus"), "customers_per_hour"]
    )
    assert outcome == pytest.approx(0.95, rel=0.02)
    honest = (
        m.loc[(False, "after bonus"), "orders_per_hour"]
        / m.loc[(False, "before bonus"), "orders_per_hour"]
    )
    assert honest == pytest.approx(1.0, abs=0.02)


def test_gaming_share_zero_means_no_gaming():
    sim = gaming_simulation(gaming_share=0.0, seed=1)
    assert not sim["games"].any() and (sim["orders"] == sim["customers"]).all()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"bonus_week": 52}, "`bonus_week` must be from 1 to n_weeks - 1 = 51"),
        ({"bonus_week": 0}, "`bonus_week` must be a whole number of at least 1"),
        ({"n_staff": 2.5}, "`n_staff` must be a whole number"),
        ({"gaming_share": 1.5}, "`gaming_share` must be a number from 0.0 to 1.0"),
        ({"time_cost": 0.95}, "`time_cost` must be a number from 0.0 to 0.9"),
    ],
)
def test_gaming_simulation_rejects_bad_options(kwargs, match):
    with pytest.raises(SmbkitError, match=match):
        gaming_simulation(**kwargs)


def test_plot_gaming_draws_and_validates():
    import matplotlib.pyplot as plt

    from smbkit.plots import plot_gaming

    ax = plot_gaming(gaming_simulation(seed=0))
    assert ax.get_title() and ax.get_xlabel() == "week" and "per staff hour" in ax.get_ylabel()
    assert len(ax.get_legend().get_texts()) == 2
    plt.close("all")
    with pytest.raises(DataError, match="plot_gaming: column 'customers_per_hour'"):
        plot_gaming(gaming_simulation().drop(columns="customers_per_hour"))
    with pytest.raises(DataError, match="must hold both 'before bonus' and 'after bonus'"):
        plot_gaming(gaming_simulation().query("period == 'before bonus'"))


# ---------------------------------------------------------------------------- themes
THEMES = {"queue": ["line", "queue", "wait"], "price": ["price", "expensive"]}


def test_tag_themes_matches_word_starts_only():
    tags = tag_themes(
        pd.Series(["Long LINE", "Online order", "Prices up", "Waited", None, "  "]), THEMES
    )
    assert tags["queue"].tolist() == [True, False, False, True]
    assert tags["price"].tolist() == [False, False, True, False]
    assert tags.index.tolist() == [0, 1, 2, 3]


def test_theme_counts_by_hand():
    comments = ["long queue", "too expensive", "queue and prices", "nice", None]
    t = theme_counts(comments, THEMES).set_index("theme")
    assert t.loc["queue", "comments"] == 2 and t.loc["price", "comments"] == 2
    assert t.loc["(no theme)", "comments"] == 1
    assert (t["total"] == 4).all()
    assert t.loc["queue", "share"] == pytest.approx(0.5)
    lo, hi = wilson_interval(2, 4)
    assert t.loc["queue", "lower"] == pytest.approx(lo) and t.loc["queue", "upper"] == hi


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["line", "price", "line price", "bread", "x"]), min_size=1))
def test_theme_counts_invariants(comments):
    t = theme_counts(comments, THEMES).set_index("theme")
    n = len(comments)
    assert (t["total"] == n).all()
    assert t.loc["queue", "comments"] == sum("line" in c for c in comments)
    assert t.loc["(no theme)", "comments"] == sum(c in ("bread", "x") for c in comments)
    assert ((t["lower"] <= t["share"] + 1e-12) & (t["share"] <= t["upper"] + 1e-12)).all()


@pytest.mark.parametrize(
    ("comments", "themes", "error", "match"),
    [
        (["a"], {}, SmbkitError, "`themes` must be a non-empty dict"),
        (["a"], {"q": "line"}, SmbkitError, "theme 'q' needs a non-empty list of keywords"),
        (["a"], {"q": ["line", ""]}, SmbkitError, "theme 'q' has keywords that are not"),
        ([None, ""], THEMES, DataError, "has no non-empty comment"),
        (pd.DataFrame({"c": ["a"]}), THEMES, DataError, "not a DataFrame"),
    ],
)
def test_theme_counts_errors(comments, themes, error, match):
    with pytest.raises(error, match=match):
        theme_counts(comments, themes)


# ---------------------------------------------------------------------------- fairness
def test_group_error_rates_by_hand():
    y = [1, 1, 0, 0, 0, 1, 0, 0]
    p = [1, 0, 1, 0, 0, 1, 1, 1]
    g = ["a", "a", "a", "a", "b", "b", "b", "b"]
    r = group_error_rates(y, p, g).set_index(["group", "measure"])
    # group a: TP 1, FN 1, FP 1, TN 1; group b: TP 1, FP 2, TN 1
    assert r.loc[("a", "false positive rate"), "rate"] == 0.5
    assert r.loc[("a", "false negative rate"), "rate"] == 0.5
    assert r.loc[("b", "false positive rate"), ["events", "denominator"]].tolist() == [2, 3]
    assert r.loc[("b", "false negative rate"), "rate"] == 0.0
    assert r.loc[("all", "error rate"), ["events", "denominator"]].tolist() == [4, 8]
    assert r.index.get_level_values("group")[-1] == "all"


def test_group_error_rates_zero_denominator_is_nan_with_reason():
    r = group_error_rates([0, 0, 1], [1, 0, 1], ["a", "a", "b"]).set_index(["group", "measure"])
    row = r.loc[("a", "false negative rate")]
    assert np.isnan(row["rate"]) and np.isnan(row["lower"])
    assert row["note"] == "no actual positives in this group"
    assert r.loc[("a", "error rate"), "note"] == ""


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans(), st.sampled_from("xyz")), min_size=1))
def test_group_error_rates_add_up(rows):
    y, p, g = map(list, zip(*rows, strict=True))
    r = group_error_rates(y, p, g)
    groups = r[r["group"] != "all"]
    total = r[r["group"] == "all"].set_index("measure")
    for m in ("error rate", "false positive rate", "false negative rate"):
        part = groups[groups["measure"] == m]
        assert part["events"].sum() == total.loc[m, "events"]
        assert part["denominator"].sum() == total.loc[m, "denominator"]
    assert total.loc["error rate", "events"] == sum(a != b for a, b in zip(y, p, strict=True))


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (([1, 0], [1], ["a", "a"]), "must have the same length"),
        (([1, None], [1, 0], ["a", "a"]), "`y_true` has 1 missing values"),
        (([1, 0], [0.7, 0.2], ["a", "a"]), "`y_pred` must hold 0/1 or True/False"),
        (([1, 0], [1, 0], ["a", None]), "`groups` has 1 missing values"),
    ],
)
def test_group_error_rates_errors(args, match):
    with pytest.raises(DataError, match=match):
        group_error_rates(*args)


# ---------------------------------------------------------------------------- privacy
def test_suppress_small_groups():
    t = pd.DataFrame({"team": ["a", "b", "c"], "n": [10, 4, 5], "mean": [1.0, 2.0, 3.0]})
    out = suppress_small_groups(t, 5)
    assert out["suppressed"].tolist() == [False, True, False]
    assert np.isnan(out.loc[1, "mean"]) and pd.isna(out.loc[1, "n"])
    assert out.loc[2, "mean"] == 3.0 and out["team"].tolist() == ["a", "b", "c"]
    assert t["n"].tolist() == [10, 4, 5], "the input is not changed"
    only = suppress_small_groups(t, 5, columns=["mean"])
    assert only.loc[1, "n"] == 4 and np.isnan(only.loc[1, "mean"])


def test_suppress_small_groups_errors():
    t = pd.DataFrame({"size": [3], "v": [1.0]})
    with pytest.raises(DataError, match="column 'n' \\(count=\\) is not in table"):
        suppress_small_groups(t, 5)
    with pytest.raises(SmbkitError, match="`min_size` must be a whole number of at least 2"):
        suppress_small_groups(t, 1, count="size")
    with pytest.raises(DataError, match="column 'w' \\(columns=\\) is not in table"):
        suppress_small_groups(t, 5, count="size", columns=["w"])
