"""smbkit.forecast: forecasts with intervals, back-tests, STL decomposition, goal outlook."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError
from smbkit import forecast as F
from smbkit.targets import Goal

Z90 = statistics.NormalDist().inv_cdf(0.95)  # 1.6449: the 90 % normal multiplier


def monthly(values, start="2022-01-01", name="revenue"):
    return pd.Series(
        np.asarray(values, dtype=float),
        index=pd.date_range(start, periods=len(values), freq="MS"),
        name=name,
    )


@pytest.fixture
def seasonal():
    """Three years of months: a trend of +2 a month and a fixed seasonal pattern."""
    pattern = np.array([0, -5, 3, 8, 10, 4, 1, -2, 0, 6, 12, 20], dtype=float)
    t = np.arange(36)
    return monthly(100 + 2 * t + np.tile(pattern, 3))


@pytest.fixture
def quarterly():
    """Five years of quarters: level 200, +3 a quarter, a seasonal swing, seeded noise."""
    rng = np.random.default_rng(7)
    t = np.arange(20)
    values = 200 + 3 * t + np.tile([-20.0, 5.0, 25.0, -10.0], 5) + rng.normal(0, 2, 20)
    return pd.Series(values, index=pd.date_range("2021-01-01", periods=20, freq="QS"))


@pytest.fixture(scope="module")
def bakery_revenue():
    from smbkit import datasets

    fin = datasets.load("daily_crumb").financials
    return fin.set_index("month")["revenue"]  # no freq set: forecast infers "MS"


# --------------------------------------------------------------------------- simple methods


def test_naive_by_hand():
    y = monthly([1.0, 2.0, 4.0, 7.0])
    fc = F.forecast(y, horizon=3, model="naive")
    assert list(fc.columns) == ["date", "forecast", "lower", "upper"]
    assert fc["forecast"].tolist() == [7.0, 7.0, 7.0]
    assert [f"{d:%Y-%m-%d}" for d in fc["date"]] == ["2022-05-01", "2022-06-01", "2022-07-01"]
    # one-step residuals 1, 2, 3: sigma = sqrt((1 + 4 + 9) / 3); sigma_h = sigma * sqrt(h)
    sigma = math.sqrt(14 / 3)
    for h in (1, 2, 3):
        assert fc["upper"].iloc[h - 1] == pytest.approx(7 + Z90 * sigma * math.sqrt(h))
        assert fc["lower"].iloc[h - 1] == pytest.approx(7 - Z90 * sigma * math.sqrt(h))
    assert fc.attrs["model"] == "naive" and fc.attrs["level"] == 0.9
    assert fc.attrs["warnings"] == ()


def test_seasonal_naive_by_hand():
    y = pd.Series(
        [10.0, 20.0, 30.0, 40.0, 12.0, 21.0, 33.0, 44.0],
        index=pd.date_range("2023-01-01", periods=8, freq="QS"),
    )
    fc = F.forecast(y, horizon=6, model="seasonal_naive", level=0.8)  # quarters: m = 4
    assert fc.attrs["seasonal_periods"] == 4
    assert fc["forecast"].tolist() == [12.0, 21.0, 33.0, 44.0, 12.0, 21.0]
    # residuals y_t - y_{t-4}: 2, 1, 3, 4 -> sigma = sqrt(30 / 4); sigma_h = sigma sqrt(k + 1)
    sigma = math.sqrt(30 / 4)
    z80 = statistics.NormalDist().inv_cdf(0.9)
    half = (fc["upper"] - fc["forecast"]).to_numpy()
    k = np.array([0, 0, 0, 0, 1, 1])
    assert half == pytest.approx(z80 * sigma * np.sqrt(k + 1))


def test_drift_by_hand():
    y = monthly([10.0, 13.0, 14.0, 19.0])  # slope (19 - 10) / 3 = 3
    fc = F.forecast(y, horizon=2, model="drift")
    assert fc["forecast"].tolist() == pytest.approx([22.0, 25.0])
    # residuals of the differences 3, 1, 5 around the slope 3: 0, -2, 2; one parameter
    sigma = math.sqrt(8 / 2)
    h = np.array([1.0, 2.0])
    sd = sigma * np.sqrt(h * (1 + h / 3))
    assert (fc["upper"] - fc["forecast"]).to_numpy() == pytest.approx(Z90 * sd)


def test_drift_of_a_straight_line_is_exact_with_no_spread():
    fc = F.forecast(monthly(5.0 + 2.5 * np.arange(10)), horizon=3, model="drift")
    assert fc["forecast"].tolist() == pytest.approx([30.0, 32.5, 35.0])
    assert (fc["upper"] - fc["lower"]).to_numpy() == pytest.approx(0.0)


@settings(max_examples=30)
@given(
    values=st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=15, max_size=30),
    shift=st.floats(-1e3, 1e3, allow_nan=False),
    model=st.sampled_from(["naive", "seasonal_naive", "drift"]),
)
def test_simple_methods_shift_with_the_data(values, shift, model):
    """Adding a constant to the history adds it to the forecast and interval."""
    y = monthly(values)
    a = F.forecast(y, horizon=5, model=model, seasonal_periods=4)
    b = F.forecast(y + shift, horizon=5, model=model, seasonal_periods=4)
    for col in ("forecast", "lower", "upper"):
        assert (b[col] - a[col]).to_numpy() == pytest.approx(shift, abs=1e-6 * (1 + abs(shift)))


# --------------------------------------------------------------------------- intervals


@pytest.mark.parametrize("model", F.MODELS)
def test_interval_holds_the_point_and_widens_with_horizon(bakery_revenue, model):
    fc = F.forecast(bakery_revenue, horizon=24, model=model)
    assert len(fc) == 24
    assert (fc["lower"] <= fc["forecast"]).all() and (fc["forecast"] <= fc["upper"]).all()
    width = (fc["upper"] - fc["lower"]).to_numpy()
    # the same month a year later is less certain (seasonal widths differ within a year)
    assert (width[12:] > width[:12]).all()
    assert fc["date"].iloc[0] == pd.Timestamp("2026-01-01")
    assert fc["date"].iloc[-1] == pd.Timestamp("2027-12-01")


@pytest.mark.parametrize("model", ["naive", "drift", "ses"])
def test_non_seasonal_intervals_widen_every_step(seasonal, model):
    fc = F.forecast(seasonal, horizon=8, model=model)
    assert (np.diff((fc["upper"] - fc["lower"]).to_numpy()) > 0).all()


def test_a_higher_level_gives_a_wider_interval(bakery_revenue):
    w80 = F.forecast(bakery_revenue, horizon=6, model="ets", level=0.8)
    w95 = F.forecast(bakery_revenue, horizon=6, model="ets", level=0.95)
    assert ((w95["upper"] - w95["lower"]) > (w80["upper"] - w80["lower"])).all()
    assert w95["forecast"].to_numpy() == pytest.approx(w80["forecast"].to_numpy())


def test_ets_spec_follows_the_data(quarterly):
    fc = F.forecast(quarterly, horizon=2, model="ets")
    assert fc.attrs["spec"] == "ETS(A,Ad,M)"
    assert fc.attrs["interval_method"] == "simulated (1000 paths, seed=0)"
    assert {"smoothing_level", "smoothing_trend", "damping_trend"} <= set(fc.attrs["params"])
    fc = F.forecast(quarterly - 250, horizon=2, model="ets")
    assert fc.attrs["spec"] == "ETS(A,Ad,A)"
    assert fc.attrs["interval_method"] == "exact (ETS state-space formulas)"
    fc = F.forecast(quarterly, horizon=2, model="ets", seasonal_periods=1)
    assert fc.attrs["spec"] == "ETS(A,Ad,N)"
    assert F.forecast(quarterly, horizon=2, model="sarimax").attrs["spec"] == (
        "ARIMA(0,1,1)(0,1,1)[4]"
    )
    fc = F.forecast(quarterly, horizon=2, model="sarimax", seasonal_periods=1)
    assert fc.attrs["spec"] == "ARIMA(0,1,1)"


def test_ets_continues_trend_and_season(quarterly):
    """Next year keeps the pattern's shape and level (not exactly: the model damps the
    trend and treats the season as multiplicative, and the data are noisy)."""
    got = F.forecast(quarterly, horizon=4, model="ets")["forecast"].to_numpy()
    truth = 200 + 3 * np.arange(20, 24) + np.array([-20.0, 5.0, 25.0, -10.0])
    assert got == pytest.approx(truth, rel=0.05)
    assert np.argmax(got) == 2 and np.argmin(got) == 0  # third quarter top, first bottom


def test_simulated_intervals_are_deterministic_per_seed(quarterly):
    a = F.forecast(quarterly, horizon=6, model="ets", seed=1)
    b = F.forecast(quarterly, horizon=6, model="ets", seed=1)
    c = F.forecast(quarterly, horizon=6, model="ets", seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["interval_method"] == "simulated (1000 paths, seed=1)"
    assert a["forecast"].to_numpy() == pytest.approx(c["forecast"].to_numpy())
    assert not np.allclose(a["upper"], c["upper"])  # the seed does reach the simulation


def test_optimiser_warnings_are_reported_not_raised():
    """Few observations for a seasonal ARIMA: statsmodels warns; we record it (pytest turns
    any warning that escapes into an error)."""
    rng = np.random.default_rng(3)
    y = monthly(100 + np.arange(30) + rng.normal(0, 3, 30))
    fc = F.forecast(y, horizon=3, model="sarimax")
    assert any("Too few observations" in w for w in fc.attrs["warnings"])
    assert fc["forecast"].notna().all()


# --------------------------------------------------------------------------- references


def _local_level_filter(y, var_eps, var_eta):
    """Kalman filter of the local level model (diffuse start: the first value is the level)."""
    a, p = y[0], var_eps  # after the first observation with a diffuse prior
    for obs in y[1:]:
        p_pred = p + var_eta
        k = p_pred / (p_pred + var_eps)
        a, p = a + k * (obs - a), (1 - k) * p_pred
    return a, k


def test_ses_on_the_nile_matches_the_published_local_level_model():
    """Simple exponential smoothing is the local level model in other clothes.

    Durbin and Koopman (2012), *Time Series Analysis by State Space Methods*, 2nd ed.,
    §2.10, estimate for the Nile flow 1871-1970 sigma2_eps = 15099 and sigma2_eta = 1469.1.
    Filtering with those published variances gives the level at 1970 and the steady-state
    gain (SES's alpha, about 0.267); our maximum-likelihood SES must land close to both.
    """
    import statsmodels.api as sm

    nile = sm.datasets.nile.load_pandas().data
    y = pd.Series(
        nile["volume"].to_numpy(dtype=float),
        index=pd.date_range("1871-01-01", periods=len(nile), freq="YS"),
    )
    level, gain = _local_level_filter(y.to_numpy(), 15099.0, 1469.1)
    assert gain == pytest.approx(0.267, abs=0.002)
    fc = F.forecast(y, horizon=1, model="ses")
    assert fc.attrs["params"]["smoothing_level"] == pytest.approx(gain, abs=0.05)
    assert fc["forecast"].iloc[0] == pytest.approx(level, rel=0.02)
    assert fc["date"].iloc[0] == pd.Timestamp("1971-01-01")


def test_ets_beats_seasonal_naive_on_mauna_loa_co2():
    """The Mauna Loa CO2 record (statsmodels' co2 data; the series Cleveland et al. 1990
    used for STL) has a steady trend and a steady season: a seasonal exponential smoothing
    model should beat last year's value and be within about half a percent."""
    import statsmodels.api as sm

    weekly = sm.datasets.co2.load_pandas().data["co2"]
    y = weekly.resample("MS").mean().interpolate().loc["1991":"2000"]
    bt = F.backtest(y, horizon=12, origins=1, models=["ets"])
    s = bt.summary.set_index("model")
    assert bt.beats_benchmark("ets") and bt.best == "ets"
    assert s.at["ets", "mape"] < 0.5
    assert s.at["ets", "vs_benchmark"] < 0.6  # last year's value misses a year of trend


# --------------------------------------------------------------------------- accuracy


@settings(max_examples=40)
@given(
    values=st.lists(st.floats(1, 1e5, allow_nan=False), min_size=14, max_size=40),
    m=st.sampled_from([1, 4, 12]),
)
def test_seasonal_naive_in_sample_has_mase_one(values, m):
    y = np.array(values)
    if len(y) <= m or np.all(y[m:] == y[:-m]):
        return
    a = F.accuracy(y[m:], y[:-m], history=y, seasonal_periods=m)
    assert a.mase == pytest.approx(1.0)
    assert a.n == len(y) - m


@settings(max_examples=30)
@given(
    values=st.lists(st.floats(1, 1e4, allow_nan=False), min_size=6, max_size=20),
    factor=st.floats(0.01, 100),
)
def test_mase_and_mape_do_not_depend_on_the_unit(values, factor):
    y = np.array(values)
    actual, pred = y[-3:], y[-3:] * 1.1
    a = F.accuracy(actual, pred, history=y[:-3])
    b = F.accuracy(actual * factor, pred * factor, history=y[:-3] * factor)
    assert b.mape == pytest.approx(a.mape)
    if not math.isnan(a.mase):
        assert b.mase == pytest.approx(a.mase)
    assert b.mae == pytest.approx(a.mae * factor)


def test_accuracy_by_hand_and_nan_with_reasons():
    a = F.accuracy([100.0, 200.0], [110.0, 180.0], history=[1.0, 3.0, 6.0])
    assert a.mae == 15.0
    assert a.mape == pytest.approx(100 * (0.1 + 0.1) / 2)
    assert a.mase == pytest.approx(15.0 / 2.5)  # naive in-sample MAE: (2 + 3) / 2
    z = F.accuracy([0.0, 5.0], [1.0, 5.0], history=[2.0, 2.0, 2.0])
    assert math.isnan(z.mape) and math.isnan(z.mase)
    assert "MAPE is undefined: 1 actual value(s) are 0" in z.note
    assert "MASE is undefined" in z.note
    with pytest.raises(SmbkitError, match="same, non-zero length, got 2 and 1"):
        F.accuracy([1.0, 2.0], [1.0], history=[1.0, 2.0])
    with pytest.raises(SmbkitError, match="more than seasonal_periods=12 values"):
        F.accuracy([1.0], [1.0], history=[1.0] * 12, seasonal_periods=12)
    with pytest.raises(
        SmbkitError, match=r"`predicted` has 1 missing values \(first at position 0"
    ):
        F.accuracy([1.0], [np.nan], history=[1.0, 2.0])


# --------------------------------------------------------------------------- back-test


def test_backtest_by_hand(seasonal):
    bt = F.backtest(seasonal, horizon=3, origins=2, models=["naive"])
    assert bt.benchmark == "seasonal_naive"
    assert list(bt.summary["model"]) == ["seasonal_naive", "naive"]  # benchmark added first
    assert bt.origins == (pd.Timestamp("2024-08-01"), pd.Timestamp("2024-09-01"))
    e = bt.errors
    assert len(e) == 2 * 2 * 3
    assert list(e.columns) == [
        "model",
        "origin",
        "date",
        "step",
        "actual",
        "forecast",
        "lower",
        "upper",
        "error",
        "scale",
    ]
    # trend +2 a month, so last year's same month is always 24 short, and the in-sample
    # seasonal naive MAE (the scale) is 24 too: MASE exactly 1
    snaive = e[e["model"] == "seasonal_naive"]
    assert snaive["error"].to_numpy() == pytest.approx(24.0)
    assert snaive["scale"].to_numpy() == pytest.approx(24.0)
    row = bt.summary.set_index("model").loc["seasonal_naive"]
    assert row["mae"] == pytest.approx(24.0) and row["mase"] == pytest.approx(1.0)
    assert row["vs_benchmark"] == pytest.approx(1.0)
    # naive from 2024-08 (value 100 + 2*31 - 2 = 160) against Sep-Nov 2024
    naive = e[(e["model"] == "naive") & (e["origin"] == pd.Timestamp("2024-08-01"))]
    assert naive["forecast"].to_numpy() == pytest.approx(160.0)
    assert naive["actual"].to_numpy() == pytest.approx(
        [100 + 2 * 32 + 0, 100 + 2 * 33 + 6, 100 + 2 * 34 + 12]
    )
    assert 0 <= bt.summary["coverage"].min() <= bt.summary["coverage"].max() <= 1


def test_backtest_origins_as_dates_and_best(quarterly):
    bt = F.backtest(
        quarterly, horizon=4, origins=["2024-01-01", "2024-04-01"], models=["seasonal_naive", "ses"]
    )
    assert bt.origins == (pd.Timestamp("2024-01-01"), pd.Timestamp("2024-04-01"))
    same = F.backtest(quarterly, horizon=4, origins=quarterly.index[[12, 13]], models=["ses"])
    pd.testing.assert_frame_equal(same.summary, bt.summary)
    assert list(bt.summary["model"]) == ["seasonal_naive", "ses"]
    # SES has no season: on a strongly seasonal series it loses to last year's quarter
    assert bt.best == "seasonal_naive" and not bt.beats_benchmark("ses")
    assert bt.summary.set_index("model").at["ses", "vs_benchmark"] > 1


def test_backtest_of_the_bakery(bakery_revenue):
    bt = F.backtest(bakery_revenue, horizon=12, origins=2, models=["naive", "ets"])
    s = bt.summary.set_index("model")
    assert bt.origins[-1] == pd.Timestamp("2024-12-01")
    assert (s["mase"] > 0).all() and (s["mape"] > 0).all()
    assert s.at["ets", "vs_benchmark"] == pytest.approx(
        s.at["ets", "mase"] / s.at["seasonal_naive", "mase"]
    )
    # a growing business: last year's month is a low bar, and ETS clears it
    assert bt.beats_benchmark("ets")


def test_backtest_mape_is_nan_with_a_reason_when_an_actual_is_zero():
    y = monthly([5.0, 6.0, 4.0, 7.0, 0.0, 6.0, 5.0])
    bt = F.backtest(y, horizon=2, origins=2, models=["drift"], seasonal_periods=1)
    assert bt.benchmark == "naive"
    s = bt.summary.set_index("model")
    assert s["mape"].isna().all()
    assert s.at["drift", "note"].startswith("MAPE is undefined: 1 actual value(s) are 0")
    assert not s["mase"].isna().any()


def test_backtest_errors(seasonal):
    with pytest.raises(SmbkitError, match=r"must be one of .* but 'arima' was passed"):
        F.backtest(seasonal, horizon=3, models=["arima"])
    with pytest.raises(SmbkitError, match="`models` is empty"):
        F.backtest(seasonal, horizon=3, models=[])
    with pytest.raises(SmbkitError, match=r"origin 2030-01-01 is not a date of `series`"):
        F.backtest(seasonal, horizon=3, origins=["2030-01-01"])
    with pytest.raises(SmbkitError, match=r"latest possible origin is 2024-09-01"):
        F.backtest(seasonal, horizon=3, origins=["2024-11-01"])
    with pytest.raises(DataError, match=r"40 origins with horizon=3 need at least 44 values"):
        F.backtest(seasonal, horizon=3, origins=40)
    with pytest.raises(DataError, match=r"needs at least 26 values, but the earliest origin"):
        F.backtest(seasonal, horizon=12, origins=3, models=["ets"])
    with pytest.raises(SmbkitError, match="`origins` must be a number of origins"):
        F.backtest(seasonal, horizon=3, origins="2024-01-01")
    with pytest.raises(SmbkitError, match="`origins` is an empty list"):
        F.backtest(seasonal, horizon=3, origins=[])


# --------------------------------------------------------------------------- input checks


def test_frequency_is_inferred_and_dates_continue(bakery_revenue):
    assert bakery_revenue.index.freq is None
    fc = F.forecast(bakery_revenue, horizon=2, model="naive")
    assert list(fc["date"]) == [pd.Timestamp("2026-01-01"), pd.Timestamp("2026-02-01")]
    assert fc.attrs["seasonal_periods"] == 12
    assert bakery_revenue.index.freq is None  # the input is not changed


@pytest.mark.parametrize(
    ("freq", "m"), [("MS", 12), ("ME", 12), ("QS", 4), ("W-SUN", 52), ("D", 7), ("YS", 1)]
)
def test_default_seasonal_period_from_the_frequency(freq, m):
    y = pd.Series(np.arange(120.0) + 1, index=pd.date_range("2020-01-01", periods=120, freq=freq))
    assert F.forecast(y, horizon=1, model="naive").attrs["seasonal_periods"] == m


def test_input_errors_name_the_fix(seasonal):
    with pytest.raises(SmbkitError, match=r"`model` must be one of .* 'ETS' was passed"):
        F.forecast(seasonal, horizon=3, model="ETS")
    with pytest.raises(SmbkitError, match="Did you mean 'seasonal_naive'"):
        F.forecast(seasonal, horizon=3, model="seasonal naive")
    with pytest.raises(SmbkitError, match=r"`horizon` must be a whole number >= 1, got 0"):
        F.forecast(seasonal, horizon=0)
    with pytest.raises(SmbkitError, match=r"`horizon` must be a whole number >= 1, got 2.5"):
        F.forecast(seasonal, horizon=2.5)
    with pytest.raises(SmbkitError, match=r"for a 90 % interval pass level=0.9"):
        F.forecast(seasonal, horizon=3, level=90)
    with pytest.raises(SmbkitError, match=r"`seasonal_periods` must be a whole number >= 1"):
        F.forecast(seasonal, horizon=3, seasonal_periods=0)
    frame = seasonal.rename("revenue").reset_index()
    with pytest.raises(SmbkitError, match=r"got a DataFrame .* data.set_index\('month'\)"):
        F.forecast(frame, horizon=3)
    with pytest.raises(DataError, match="must have a DatetimeIndex, but its index is RangeIndex"):
        F.forecast(seasonal.reset_index(drop=True), horizon=3)
    with pytest.raises(SmbkitError, match="must be a pandas Series indexed by date, got list"):
        F.forecast([1.0, 2.0], horizon=3)


def test_irregular_dates_are_refused_with_the_asfreq_fix(seasonal):
    gappy = seasonal.drop(seasonal.index[[5, 9]])
    gappy.index.freq = None
    with pytest.raises(DataError, match=r"no regular frequency .* series.asfreq\('MS'\)"):
        F.forecast(gappy, horizon=3, model="naive")
    # the fix works, and then the gaps are named
    with pytest.raises(DataError, match=r"2 of 36 values \(5.56 %\) of `series` are missing"):
        F.forecast(gappy.asfreq("MS"), horizon=3, model="naive")


def test_missing_values_give_a_count_and_the_first_date(seasonal):
    y = seasonal.copy()
    y.iloc[[7, 20]] = np.nan
    with pytest.raises(DataError, match=r"2 of 36 values .* missing \(first: row 2022-08-01\)"):
        F.forecast(y, horizon=3)


def test_other_data_problems(seasonal):
    with pytest.raises(DataError, match=r"3 repeated dates \(first: 2022-01-01"):
        F.forecast(pd.concat([seasonal.iloc[:3], seasonal]).sort_index(), horizon=1)
    with pytest.raises(DataError, match=r"not in order; use series.sort_index\(\)"):
        F.forecast(seasonal.iloc[::-1], horizon=1)
    with pytest.raises(DataError, match="`series` is empty"):
        F.forecast(seasonal.iloc[:0], horizon=1)
    with pytest.raises(DataError, match=r"needs at least 26 values, but `series` has 20; use a"):
        F.forecast(seasonal.iloc[:20], horizon=1, model="ets")
    with pytest.raises(DataError, match=r"model='naive' with seasonal_periods=12 needs at least 3"):
        F.forecast(seasonal.iloc[:2], horizon=1, model="naive")
    y = seasonal.copy()
    y.iloc[4] = np.inf
    with pytest.raises(DataError, match=r"infinite values \(first: 2022-05-01\)"):
        F.forecast(y, horizon=1)


# --------------------------------------------------------------------------- decompose


def test_decompose_additive_and_multiplicative(seasonal):
    d = F.decompose(seasonal, robust=False)
    assert list(d.columns) == ["date", "observed", "trend", "seasonal", "resid"]
    assert (d["trend"] + d["seasonal"] + d["resid"]).to_numpy() == pytest.approx(
        seasonal.to_numpy()
    )
    # the fixed pattern is found: December (pattern +20) is the top season, Feb (-5) the low
    last_year = d.iloc[-12:].set_index(d["date"].iloc[-12:].dt.month)["seasonal"]
    assert last_year.idxmax() == 12 and last_year.idxmin() == 2
    assert d.attrs["seasonal_strength"] > 0.9 and d.attrs["trend_strength"] > 0.9
    assert d.attrs["period"] == 12 and d.attrs["model"] == "additive"
    m = F.decompose(seasonal, model="multiplicative")
    assert (m["trend"] * m["seasonal"] * m["resid"]).to_numpy() == pytest.approx(
        seasonal.to_numpy()
    )
    assert (m["seasonal"] > 0).all()


@settings(max_examples=20)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=8, max_size=30))
def test_decompose_strengths_are_between_zero_and_one(values):
    y = pd.Series(values, index=pd.date_range("2020-01-01", periods=len(values), freq="QS"))
    if y.std() == 0:
        return
    d = F.decompose(y)
    for key in ("trend_strength", "seasonal_strength"):
        v = d.attrs[key]
        assert math.isnan(v) or 0 <= v <= 1


def test_decompose_strength_of_a_flat_series_is_nan_with_a_reason():
    flat = pd.Series(5.0, index=pd.date_range("2020-01-01", periods=12, freq="QS"))
    d = F.decompose(flat)
    assert math.isnan(d.attrs["trend_strength"]) and math.isnan(d.attrs["seasonal_strength"])
    assert d.attrs["note"] == (
        "trend_strength and seasonal_strength undefined: the part plus remainder does not vary"
    )
    line = F.decompose(flat + np.arange(12.0))  # a straight line has no season at all
    assert line.attrs["trend_strength"] == pytest.approx(1.0)
    assert (
        line.attrs["note"] == "seasonal_strength undefined: the part plus remainder does not vary"
    )
    season = F.decompose(flat + np.arange(12.0) + np.tile([1.0, -1.0, 0.5, -0.5], 3))
    assert season.attrs["note"] == ""


def test_only_statsmodels_warnings_are_recorded():
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    notes: list[str] = []
    with pytest.warns(FutureWarning, match="not ours"):
        with F._recorded(notes):
            import warnings

            warnings.warn("did not converge", ConvergenceWarning, stacklevel=1)
            warnings.warn("not ours", FutureWarning, stacklevel=1)
    assert notes == ["ConvergenceWarning: did not converge"]


def test_decompose_errors(seasonal):
    yearly = pd.Series(np.arange(10.0), index=pd.date_range("2000", periods=10, freq="YS"))
    with pytest.raises(SmbkitError, match=r"at least 2, but it is 1 .* pass period="):
        F.decompose(yearly)
    with pytest.raises(DataError, match=r"two full cycles \(24 values for period=12\)"):
        F.decompose(seasonal.iloc[:20])
    with pytest.raises(DataError, match=r"positive values, but 1 of 36 are <= 0 .* 2022-03-01"):
        F.decompose(seasonal.where(seasonal.index != "2022-03-01", -1.0), model="multiplicative")
    with pytest.raises(SmbkitError, match=r"`model` must be one of \['additive'"):
        F.decompose(seasonal, model="mult")
    with pytest.raises(SmbkitError, match="`robust` must be True or False"):
        F.decompose(seasonal, robust="yes")


# --------------------------------------------------------------------------- goals


def _table(lower, point, upper, level=0.9):
    t = pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=3, freq="MS"),
            "forecast": [point] * 3,
            "lower": [lower] * 3,
            "upper": [upper] * 3,
        }
    )
    t.attrs["level"] = level
    return t


@pytest.mark.parametrize(
    ("polarity", "target", "verdict"),
    [
        ("higher", 105.0, "likely"),
        ("higher", 120.0, "uncertain"),
        ("higher", 140.0, "unlikely"),
        ("lower", 140.0, "likely"),
        ("lower", 120.0, "uncertain"),
        ("lower", 105.0, "unlikely"),
    ],
)
def test_goal_outlook_verdicts(polarity, target, verdict):
    baseline = 100.0 if polarity == "higher" else 150.0
    g = Goal("revenue", baseline, "2025-12-01", target, "2026-03-01", polarity)
    o = F.goal_outlook(g, _table(110.0, 120.0, 130.0))
    assert o.verdict == verdict
    assert (o.forecast, o.lower, o.upper, o.level) == (120.0, 110.0, 130.0, 0.9)
    assert 0 <= o.chance <= 1
    if verdict == "uncertain":
        assert o.chance == pytest.approx(0.5)  # target at the point forecast


def test_goal_outlook_chance_is_the_normal_tail():
    g = Goal("revenue", 100.0, "2025-12-01", 125.0, "2026-02-01", "higher")
    o = F.goal_outlook(g, _table(110.0, 120.0, 130.0))
    sd = 10 / Z90
    assert o.chance == pytest.approx(1 - statistics.NormalDist(120, sd).cdf(125))


def test_goal_outlook_errors():
    g = Goal("revenue", 100.0, "2025-12-01", 125.0, "2026-12-01", "higher")
    with pytest.raises(SmbkitError, match=r"deadline 2026-12-01 is not a date of the forecast"):
        F.goal_outlook(g, _table(1.0, 2.0, 3.0))
    with pytest.raises(SmbkitError, match="`goal` must be a smbkit.targets.Goal, got str"):
        F.goal_outlook("revenue", _table(1.0, 2.0, 3.0))
    with pytest.raises(DataError, match=r"column 'lower' \(lower=\) is not in forecast_table"):
        F.goal_outlook(g, _table(1.0, 2.0, 3.0).drop(columns="lower"))


# --------------------------------------------------------------------------- packaging


def test_importing_forecast_stays_light():
    out = subprocess.run(
        [sys.executable, "-c", "import smbkit.forecast, sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = set(out.stdout.split())
    assert not {"statsmodels", "matplotlib.pyplot", "seaborn", "scipy.optimize"} & loaded
