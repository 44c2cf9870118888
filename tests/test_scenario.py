"""smbkit.scenario: the Monte Carlo model, its read-outs and its errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit import scenario as sc


def test_deterministic_paths_follow_the_formula():
    s = sc.Scenario(growth=0.02, volatility=0.0, margin=0.4, fixed_costs=30)
    t = sc.simulate(s, start_revenue=100, start_cash=50, horizon=4, paths=3, start="2026-01-15")
    one = t[t["path"] == 1]
    months = np.arange(1, 5)
    np.testing.assert_allclose(one["revenue"], 100 * np.exp(0.02 * months))
    np.testing.assert_allclose(one["profit"], 0.4 * 100 * np.exp(0.02 * months) - 30)
    np.testing.assert_allclose(one["cash"], 50 + np.cumsum(one["profit"]))
    assert list(t.columns) == list(sc.COLUMNS)
    assert one["date"].tolist() == list(pd.date_range("2026-01-01", periods=4, freq="MS"))


def test_same_seed_same_paths_other_seed_other_paths():
    s = sc.Scenario(volatility=0.1, shock_prob=0.3, shock_size=0.1)
    a = sc.simulate(s, start_revenue=100, start_cash=0, seed=7)
    b = sc.simulate(s, start_revenue=100, start_cash=0, seed=7)
    c = sc.simulate(s, start_revenue=100, start_cash=0, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a["revenue"], c["revenue"])


def test_mean_revenue_matches_expected_growth():
    # E[R_t] = R0 (1 + s) e^{g t}: the -sigma^2/2 drift makes g the growth of the mean
    s = sc.Scenario(growth=0.01, volatility=0.1, demand_shift=-0.2)
    t = sc.simulate(s, start_revenue=1000, start_cash=0, horizon=12, paths=40_000, seed=3)
    mean12 = t.loc[t["month"] == 12, "revenue"].mean()
    expected = 1000 * 0.8 * math.exp(0.12)
    se = expected * math.sqrt(math.exp(0.1**2 * 12) - 1) / math.sqrt(40_000)
    assert abs(mean12 - expected) < 4 * se


def test_cost_shocks_happen_at_their_rate():
    s = sc.Scenario(volatility=0.0, margin=0.6, shock_prob=0.25, shock_size=0.1)
    t = sc.simulate(s, start_revenue=100, start_cash=0, horizon=24, paths=2000, seed=1)
    share = (t["margin"] < 0.6 - 1e-12).mean()
    assert share == pytest.approx(0.25, abs=0.02)
    assert set(np.round(t["margin"], 10)) == {0.5, 0.6}


def test_named_scenarios_move_the_right_knobs():
    base = sc.Scenario(growth=0.01, volatility=0.05, margin=0.6, fixed_costs=10)
    s = sc.named_scenarios(base)
    assert s["boom"].growth > base.growth > s["recession"].growth
    assert s["recession"].volatility == pytest.approx(0.075)
    assert s["new_competitor"].demand_shift == pytest.approx(-0.15)
    assert s["supply_shock"].margin < base.margin and s["supply_shock"].shock_prob > 0
    assert all(v.fixed_costs == 10 for v in s.values())
    assert [v.name for v in s.values()] == list(s)


def test_chance_of_target_and_buffer_by_hand():
    s = sc.Scenario(volatility=0.0, margin=0.5, fixed_costs=60)
    t = sc.simulate(s, start_revenue=100, start_cash=0, horizon=6, paths=4)
    assert sc.chance_of_target(t, target=600) == 1.0
    assert sc.chance_of_target(t, target=600.01) == 0.0
    assert sc.chance_of_target(t, target=100, how="final") == 1.0
    assert sc.cash_buffer(t, survival=0.95) == pytest.approx(60.0)  # -10 a month, 6 months


def test_buffer_gives_the_promised_survival():
    s = sc.Scenario(growth=-0.01, volatility=0.15, margin=0.5, fixed_costs=50)
    t = sc.simulate(s, start_revenue=100, start_cash=0, horizon=24, paths=4000, seed=5)
    buffer = sc.cash_buffer(t, survival=0.9)
    again = sc.simulate(
        s, start_revenue=100, start_cash=buffer + 1e-9, horizon=24, paths=4000, seed=5
    )
    survived = (again.groupby("path")["cash"].min() >= 0).mean()
    assert survived == pytest.approx(0.9, abs=0.002)


def test_band_quantiles():
    s = sc.Scenario(volatility=0.2)
    t = sc.simulate(s, start_revenue=100, start_cash=0, horizon=3, paths=999, start="2026-01-01")
    b = sc.band(t, column="revenue", level=0.8)
    m1 = t.loc[t["month"] == 1, "revenue"]
    assert b["forecast"].iloc[0] == pytest.approx(m1.median())
    assert b["lower"].iloc[0] == pytest.approx(m1.quantile(0.1))
    assert b.attrs["level"] == 0.8
    assert (b["lower"] <= b["forecast"]).all() and (b["forecast"] <= b["upper"]).all()


def test_stress_test_by_hand():
    # revenue 100 e^{-0.2 t}: below 70 from month 2; cash 20 + sum(0.5 R - 40) < 0 from month 4
    s = sc.Scenario(name="slide", growth=-0.2, volatility=0.0, margin=0.5, fixed_costs=40)
    down = sc.simulate(s, start_revenue=100, start_cash=20, horizon=6, paths=3)
    ok = sc.simulate(
        sc.Scenario(name="fine", volatility=0.0), start_revenue=100, start_cash=0, paths=2
    )
    out = sc.stress_test(pd.concat([down, ok]), kpi="revenue", threshold=70).set_index("scenario")
    assert out.loc["slide", "cash_out"] == 1.0 and out.loc["slide", "warned"] == 1.0
    assert out.loc["slide", "median_lead"] == 2.0
    assert math.isnan(out.loc["slide", "false_alarm"])
    assert out.loc["fine", "cash_out"] == 0.0 and math.isnan(out.loc["fine", "warned"])
    assert out.loc["fine", "false_alarm"] == 0.0
    late = sc.stress_test(down, kpi="revenue", threshold=40).iloc[0]  # crosses after failing
    assert late["warned"] == 0.0 and "no timely warning" in late["note"]


@settings(max_examples=30, deadline=None)
@given(
    growth=st.floats(-0.1, 0.1),
    vol=st.floats(0, 0.5),
    margin=st.floats(0, 1),
    fixed=st.floats(0, 200),
    seed=st.integers(0, 2**16),
)
def test_cash_is_start_plus_cumulative_profit(growth, vol, margin, fixed, seed):
    s = sc.Scenario(growth=growth, volatility=vol, margin=margin, fixed_costs=fixed)
    t = sc.simulate(s, start_revenue=100, start_cash=25, horizon=6, paths=5, seed=seed)
    for _, p in t.groupby("path"):
        np.testing.assert_allclose(p["cash"], 25 + np.cumsum(p["profit"]), rtol=1e-9, atol=1e-6)
    assert (t["revenue"] > 0).all()
    need = sc.cash_buffer(t, survival=0.5)
    assert need >= 0


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: sc.Scenario(margin=1.5), SmbkitError, "`margin` must be between 0 and 1"),
        (lambda: sc.Scenario(volatility=-0.1), SmbkitError, "`volatility` must be between"),
        (lambda: sc.Scenario(growth="fast"), SmbkitError, "`growth` must be a number"),
        (lambda: sc.Scenario(fixed_costs=-1), SmbkitError, "`fixed_costs` must be >= 0"),
        (lambda: sc.Scenario(demand_shift=-1), SmbkitError, "`demand_shift` is a fraction"),
        (lambda: sc.named_scenarios({"growth": 0.1}), SmbkitError, "`base` must be a Scenario"),
        (
            lambda: sc.simulate("boom", start_revenue=1, start_cash=0),
            SmbkitError,
            "`scenario` must be a Scenario",
        ),
        (
            lambda: sc.simulate(sc.Scenario(), start_revenue=0, start_cash=0),
            SmbkitError,
            "`start_revenue` must be a number > 0",
        ),
        (
            lambda: sc.simulate(sc.Scenario(), start_revenue=1, start_cash=0, horizon=0),
            SmbkitError,
            "`horizon` must be a whole number >= 1",
        ),
        (
            lambda: sc.simulate(sc.Scenario(), start_revenue=1, start_cash=0, paths=2.5),
            SmbkitError,
            "`paths` must be a whole number",
        ),
    ],
)
def test_model_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()


@pytest.fixture
def sim():
    return sc.simulate(sc.Scenario(), start_revenue=100, start_cash=0, horizon=3, paths=4)


def test_readout_errors(sim):
    two = pd.concat([sim, sim.assign(scenario="other")])
    with pytest.raises(DataError, match="chance_of_target: `sim` mixes scenarios"):
        sc.chance_of_target(two, target=1)
    with pytest.raises(SmbkitError, match="`how` must be one of"):
        sc.chance_of_target(sim, target=1, how="mean")
    with pytest.raises(SmbkitError, match="`column` must be one of"):
        sc.chance_of_target(sim, target=1, column="orders")
    with pytest.raises(SmbkitError, match="`survival` is a share of paths"):
        sc.cash_buffer(sim, survival=95)
    with pytest.raises(DataError, match="has no dates"):
        sc.band(sim)
    with pytest.raises(SmbkitError, match="`level` must be strictly between"):
        sc.band(sim, level=90)
    with pytest.raises(SmbkitError, match="`kpi` must be one of"):
        sc.stress_test(sim, kpi="orders", threshold=1)
    with pytest.raises(SmbkitError, match="`direction` must be one of"):
        sc.stress_test(sim, kpi="revenue", threshold=1, direction="under")
    with pytest.raises(SmbkitError, match="`sim` must be the table simulate"):
        sc.cash_buffer([1, 2])
    with pytest.raises(DataError, match="column 'profit'"):
        sc.cash_buffer(sim.drop(columns="profit"))
    with pytest.raises(DataError, match="no rows"):
        sc.cash_buffer(sim.iloc[:0])
