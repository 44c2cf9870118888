"""smbkit.ambidexterity: revenue shares, months to a share, vitality, explore/exploit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit.ambidexterity import (
    explore_exploit_simulation,
    monthly_shares,
    months_to_share,
    vitality,
)


def _sales():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                ["2025-01-10", "2025-01-20", "2025-03-02", "2025-03-15", "2025-04-01", "2025-04-09"]
            ),
            "product": ["bread", "bread", "bread", "cake", "bread", "cake"],
            "revenue": [50.0, 50.0, 90.0, 10.0, 70.0, 30.0],
        }
    )


def test_monthly_shares_by_hand_fills_empty_months():
    s = monthly_shares(_sales(), group="product")
    assert s.index.freqstr == "MS" and len(s) == 4
    assert s["cake"].tolist()[0] == 0.0 and s["cake"].tolist()[2:] == [0.1, 0.3]
    assert s.iloc[1].isna().all(), "February has no revenue: shares are undefined"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.sampled_from("abc"), st.floats(0.01, 1e4)),
        min_size=1,
        max_size=40,
    )
)
def test_shares_sum_to_one_in_months_with_revenue(rows):
    d = pd.DataFrame(
        {
            "date": [pd.Timestamp("2025-01-15") + pd.DateOffset(months=m) for m, _, _ in rows],
            "g": [g for _, g, _ in rows],
            "revenue": [r for _, _, r in rows],
        }
    )
    s = monthly_shares(d, group="g")
    has = s.notna().all(axis=1)
    assert np.allclose(s[has].sum(axis=1), 1.0)
    assert ((s[has] >= 0) & (s[has] <= 1 + 1e-12)).all().all()


def test_months_to_share_by_hand_and_notes():
    s = monthly_shares(_sales(), group="product")
    r = months_to_share(s, 0.2).set_index("group")
    assert np.isnan(r.at["bread", "months"]) and "first month" in r.at["bread", "note"]
    assert r.at["cake", "launch"] == pd.Timestamp("2025-03-01")
    assert r.at["cake", "months"] == 1.0 and r.at["cake", "peak_share"] == pytest.approx(0.3)
    never = months_to_share(s, 0.5).set_index("group")
    assert (
        np.isnan(never.at["cake", "months"]) and "has not reached 50%" in never.at["cake", "note"]
    )


def test_vitality_by_hand():
    v = vitality(_sales(), item="product", window_months=2)
    # cake launched in March: new in March and April (2-month window)
    assert v["vitality"].iloc[0] == 0.0 and np.isnan(v["vitality"].iloc[1])
    assert v["vitality"].iloc[2:].tolist() == pytest.approx([0.1, 0.3])
    assert vitality(_sales(), item="product", window_months=1)["vitality"].iloc[3] == 0.0


def test_errors():
    with pytest.raises(DataError, match="monthly_shares: column 'channel' \\(group=\\)"):
        monthly_shares(_sales(), group="channel")
    with pytest.raises(SmbkitError, match="`threshold` must be a share above 0"):
        months_to_share(monthly_shares(_sales(), group="product"), 5)
    with pytest.raises(DataError, match="must be the month x group table"):
        months_to_share(_sales(), 0.1)
    with pytest.raises(SmbkitError, match="`window_months` must be a whole number"):
        vitality(_sales(), item="product", window_months=0)
    with pytest.raises(SmbkitError, match="`explore_shares` must be a list of shares from 0 to 1"):
        explore_exploit_simulation([0.2, 1.5])
    with pytest.raises(SmbkitError, match="both numbers of `prior` must be above 0"):
        explore_exploit_simulation([0.2], prior=(0, 1))


def test_simulation_is_seeded_and_has_an_inner_optimum():
    shares = [0.0, 0.3, 1.0]
    a = explore_exploit_simulation(shares, n_runs=60, seed=3)
    pd.testing.assert_frame_equal(a, explore_exploit_simulation(shares, n_runs=60, seed=3))
    assert not a.equals(explore_exploit_simulation(shares, n_runs=60, seed=4))
    profit = a.set_index("explore_share")["mean_profit"]
    assert profit[0.3] > profit[0.0] and profit[0.3] > profit[1.0]
    assert (a["lower"] <= a["mean_profit"] + 1e-9).all()
    assert (a["mean_profit"] <= a["upper"] + 1e-9).all()


def test_simulation_without_exploring_is_the_core_line_by_formula():
    r = explore_exploit_simulation([0.0], periods=10, budget=4, core_return=1.1, core_decay=0.1)
    expected = sum(4 * 1.1 * 0.9**t - 4 for t in range(10))
    assert r.at[0, "mean_profit"] == pytest.approx(expected)
    assert r.at[0, "found_better"] == 0.0


def test_exploring_everything_earns_only_test_revenue():
    r = explore_exploit_simulation([1.0], test_yield=0.0, periods=5, budget=3, n_runs=10)
    assert r.at[0, "mean_profit"] == pytest.approx(-15.0)


def test_plot_explore_exploit():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from smbkit.plots import plot_explore_exploit

    r = explore_exploit_simulation([0.0, 0.3, 1.0], n_runs=20)
    ax = plot_explore_exploit(r)
    assert ax.get_title() and "(%)" in ax.get_xlabel() and "budget units" in ax.get_ylabel()
    assert "best: explore 30 %" in [t.get_text() for t in ax.texts]
    plt.close("all")
    with pytest.raises(DataError, match="plot_explore_exploit: column 'lower'"):
        plot_explore_exploit(r.drop(columns="lower"))
