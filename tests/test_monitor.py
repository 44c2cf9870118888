"""smbkit.monitor: control charts against published worked examples, rules, fatigue, errors."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from smbkit import DataError, SmbkitError, monitor  # noqa: E402
from smbkit.plots import ALERT_COLOUR, plot_control_chart  # noqa: E402


def _series(values, start="2025-01-01"):
    return pd.Series(
        np.asarray(values, dtype=float),
        index=pd.date_range(start, periods=len(values), freq="D"),
    )


# Montgomery (2009), Introduction to Statistical Quality Control, 6th ed., Example 9.1 /
# Table 9.1: 30 individual observations, the first 20 from N(10, 1), the last 10 from N(11, 1).
MONTGOMERY = [
    9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.20, 10.34,
    9.03, 11.47, 10.51, 9.40, 10.08, 9.37, 10.62, 10.31, 8.52, 10.84,
    10.90, 9.33, 12.29, 11.50, 10.60, 11.08, 10.38, 11.62, 11.31, 10.52,
]  # fmt: skip

# NIST/SEMATECH e-Handbook §6.3.2.4, "Example of calculation of parameters for an EWMA control
# chart": 20 points, EWMA_0 = 50, s = 2.0539, lambda = 0.3, k = 3.
NIST_EWMA_DATA = [
    52.0, 47.0, 53.0, 49.3, 50.1, 47.0, 51.0, 50.1, 51.2, 50.5,
    49.6, 47.6, 49.9, 51.3, 47.8, 51.2, 52.6, 52.4, 53.6, 52.1,
]  # fmt: skip
NIST_EWMA_VALUES = [
    50.60, 49.52, 50.56, 50.18, 50.16, 49.21, 49.75, 49.85, 50.26, 50.33,
    50.11, 49.36, 49.52, 50.05, 49.38, 49.92, 50.73, 51.23, 51.94, 51.99,
]  # fmt: skip


def test_cusum_matches_montgomery_table_9_2():
    # mu0 = 10, sigma = 1, k = 0.5, h = 5: C+ first exceeds H = 5 at observation 29 with
    # C+_29 = 5.28, after N+ = 7 consecutive positive sums (Montgomery Table 9.2).
    chart = monitor.cusum_chart(_series(MONTGOMERY), k=0.5, h=5, target=10, sigma=1)
    assert chart["cusum_up"].iloc[28] == pytest.approx(5.28, abs=0.005)
    assert int(np.flatnonzero(chart["signal"])[0]) == 28
    assert chart["rule"].iloc[28] == "cusum_up"
    positive = (chart["cusum_up"].iloc[:29] > 0).to_numpy()[::-1]
    assert int(np.argmin(positive)) == 7
    assert not chart["signal"].iloc[:28].any()
    assert (chart["cusum_down"] < 5).all()
    assert chart["upper"].iloc[0] == 5 and chart["lower"].iloc[0] == -5


def test_ewma_matches_nist_example():
    chart = monitor.ewma_chart(
        _series(NIST_EWMA_DATA), lam=0.3, L=3, target=50, sigma=2.0539, limits="asymptotic"
    )
    np.testing.assert_allclose(chart["statistic"], NIST_EWMA_VALUES, atol=0.005)
    # NIST: UCL = 50 + 3(0.4201)(2.0539) = 52.5884, LCL = 47.4115
    assert chart["upper"].iloc[0] == pytest.approx(52.5884, abs=1e-3)
    assert chart["lower"].iloc[0] == pytest.approx(47.4115, abs=1e-3)
    assert not chart["signal"].any()  # NIST: "the process is in control"


def test_ewma_exact_limits_widen_towards_asymptotic():
    y = _series(NIST_EWMA_DATA)
    exact = monitor.ewma_chart(y, lam=0.3, target=50, sigma=2.0539)
    asym = monitor.ewma_chart(y, lam=0.3, target=50, sigma=2.0539, limits="asymptotic")
    width = (exact["upper"] - exact["centre"]).to_numpy()
    assert width[0] == pytest.approx(3 * 2.0539 * 0.3)  # sqrt(lam/(2-lam)(1-(1-lam)^2)) = lam
    assert np.all(np.diff(width) > 0)
    assert width[-1] == pytest.approx(asym["upper"].iloc[-1] - 50, rel=1e-4)


def test_xmr_limits_by_hand():
    y = _series([10, 12, 11, 13, 12, 30])
    chart = monitor.xmr_chart(y, baseline=5)
    mr_bar = (2 + 1 + 2 + 1) / 4
    assert chart["centre"].iloc[0] == pytest.approx(11.6)
    assert chart["upper"].iloc[0] == pytest.approx(11.6 + 2.66 * mr_bar)
    assert chart["lower"].iloc[0] == pytest.approx(11.6 - 2.66 * mr_bar)
    assert chart["signal"].tolist() == [False] * 5 + [True]
    assert chart["rule"].tolist() == [""] * 5 + ["beyond_limits"]
    assert list(chart.columns) == list(monitor.COLUMNS)


def test_xmr_catches_the_montgomery_shift_only_with_run_rules():
    chart = monitor.xmr_chart(_series(MONTGOMERY), baseline=20)
    assert not chart["signal"].any()  # a one-sigma shift hides inside 3-sigma limits
    ruled = monitor.apply_rules(chart)
    assert ruled["signal"].iloc[20:].any()
    assert set(ruled["rule"]) <= {"", *monitor.RULES}


def test_run_rules_on_constructed_patterns():
    # baseline 10, 11, 9, ...: centre 10.125, MR-bar 9/7, sigma = MR-bar / 1.128 = 1.14
    base = [10.0, 11, 9, 10, 11, 9, 10, 11]
    chart = monitor.xmr_chart(_series(base + [13.0, 10.0, 13.0]), baseline=8)
    sigma = (chart["upper"].iloc[0] - chart["centre"].iloc[0]) / 3
    assert 2 * sigma < 13.0 - chart["centre"].iloc[0] < 3 * sigma
    out = monitor.apply_rules(chart, rules=["two_of_three"])
    assert out["rule"].tolist()[-3:] == ["", "", "two_of_three"]
    only_limits = monitor.apply_rules(chart, rules="beyond_limits")
    assert not only_limits["signal"].any()
    low = monitor.apply_rules(monitor.xmr_chart(_series(base + [8.0] * 5), baseline=8))
    assert low["rule"].iloc[-1] == "four_of_five"


def test_seasonal_baseline_ignores_the_weekly_pattern():
    rng = np.random.default_rng(1)
    weeks = 20
    pattern = np.tile([100, 100, 100, 100, 150, 300, 200], weeks).astype(float)
    y = _series(pattern + rng.normal(0, 5, pattern.size), start="2025-01-06")
    fixed = monitor.fixed_threshold(y, lower=0.8 * y.mean())
    seasonal = monitor.seasonal_baseline(y, period=7, window=8)
    assert fixed["signal"].sum() > 40  # every quiet weekday cries wolf
    assert seasonal["signal"].sum() <= 2
    assert seasonal["centre"].iloc[: 7 * 8].isna().all()
    assert (
        seasonal["upper"].iloc[: 7 * 10].isna().all() and seasonal["upper"].iloc[70:].notna().all()
    )
    saturday = seasonal.iloc[7 * 8 + 5]
    assert saturday["centre"] == pytest.approx(300, abs=10)
    # a real drop on one Saturday is caught
    y2 = y.copy()
    y2.iloc[-2] = 150
    assert monitor.seasonal_baseline(y2)["signal"].iloc[-2]
    # while an XmR chart, its limits widened by the weekly swings, misses it
    assert not monitor.xmr_chart(y2, baseline=7 * 8)["signal"].iloc[-2]


def test_alert_fatigue_counts():
    y = _series([1, 2, 1, 2, 9, 1, 9, 9] + [1] * 22)
    chart = monitor.fixed_threshold(y, upper=5)
    real = np.zeros(30, dtype=bool)
    real[6:8] = True
    fat = monitor.alert_fatigue(chart, real=real)
    # rows 4, 6, 7 signal: two episodes (4 and 6-7), the second one real
    assert fat.signals == 3 and fat.alerts == 2 and fat.real_alerts == 1
    assert fat.precision == pytest.approx(1 / 2)
    assert fat.delay == 0.0
    assert fat.months == pytest.approx(30 / 30.44)
    assert fat.alerts_per_month == pytest.approx(2 / (30 / 30.44))
    late = np.zeros(30, dtype=bool)
    late[5:] = True  # the change starts on row 5 and is first caught on row 6
    assert monitor.alert_fatigue(chart, real=late).delay == 1.0
    quiet = monitor.alert_fatigue(monitor.fixed_threshold(y, upper=50), real=real)
    assert math.isnan(quiet.precision) and math.isnan(quiet.delay)
    assert "never caught" in quiet.note and "no alerts" in quiet.note
    unknown = monitor.alert_fatigue(chart)
    assert math.isnan(unknown.precision) and "no `real`" in unknown.note


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(-1e4, 1e4), min_size=3, max_size=40),
    st.floats(0.1, 100),
    st.floats(-1e3, 1e3),
)
def test_xmr_limits_move_with_shift_and_scale(values, scale, shift):
    y = _series(values)
    if np.ptp(y) < 1e-6:
        return
    a = monitor.xmr_chart(y)
    b = monitor.xmr_chart(y * scale + shift)
    for col in ("centre", "lower", "upper"):
        np.testing.assert_allclose(b[col], a[col] * scale + shift, rtol=1e-7, atol=1e-6)
    width = (a["upper"] - a["centre"]).iloc[0]
    assert width == pytest.approx(2.66 * np.abs(np.diff(y)).mean(), rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=30), st.floats(0.01, 1))
def test_ewma_stays_between_target_and_extremes(values, lam):
    y = _series(values)
    chart = monitor.ewma_chart(y, lam=lam, target=0.0, sigma=1.0)
    lo, hi = min(0.0, min(values)), max(0.0, max(values))
    assert (chart["statistic"] >= lo - 1e-9).all() and (chart["statistic"] <= hi + 1e-9).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-10, 10), min_size=2, max_size=30))
def test_cusum_equals_the_largest_recent_partial_sum(values):
    # Lindley's identity: C+_t = S_t - min(0, S_1, ..., S_t) with S_t = sum(x_i - mu0 - K)
    x = np.asarray(values)
    chart = monitor.cusum_chart(_series(values), target=0.0, sigma=1.0, k=0.5)
    up = np.cumsum(x - 0.5)
    down = np.cumsum(-0.5 - x)
    np.testing.assert_allclose(
        chart["cusum_up"], up - np.minimum.accumulate(np.minimum(up, 0)), atol=1e-9
    )
    np.testing.assert_allclose(
        chart["cusum_down"], down - np.minimum.accumulate(np.minimum(down, 0)), atol=1e-9
    )
    assert (chart["cusum_up"] >= 0).all() and (chart["cusum_down"] >= 0).all()


def test_plot_control_chart_marks_every_alert():
    chart = monitor.xmr_chart(_series([10, 12, 11, 13, 12, 30, 1]), baseline=5)
    ax = plot_control_chart(chart, title="Daily revenue", ylabel="Net revenue")
    assert ax.get_title() == "Daily revenue"
    assert ax.get_ylabel() == "Net revenue (USD)" and ax.get_xlabel() == "Date"
    dots = [c for c in ax.collections if c.get_offsets().shape[0] == 2]
    assert len(dots) == 1
    assert matplotlib.colors.to_hex(dots[0].get_facecolor()[0]) == ALERT_COLOUR
    seasonal = monitor.seasonal_baseline(_series(np.arange(30.0)), period=7, window=3)
    assert plot_control_chart(seasonal, show_value=True).get_title().startswith("Control")
    matplotlib.pyplot.close("all")


def test_plot_errors():
    with pytest.raises(SmbkitError, match="plot_control_chart: `chart` must be the DataFrame"):
        plot_control_chart([1, 2])
    with pytest.raises(DataError, match="column 'signal'"):
        plot_control_chart(monitor.xmr_chart(_series([1, 2, 3])).drop(columns="signal"))
    with pytest.raises(DataError, match="no rows"):
        plot_control_chart(monitor.xmr_chart(_series([1, 2, 3])).iloc[:0])


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda y: monitor.xmr_chart(y.to_frame()), SmbkitError, "xmr_chart: `series` must be"),
        (lambda y: monitor.xmr_chart(y.reset_index(drop=True)), DataError, "DatetimeIndex"),
        (lambda y: monitor.xmr_chart(y.iloc[:1]), DataError, "at least 2 values"),
        (lambda y: monitor.xmr_chart(y.where(y > 2)), DataError, "missing or infinite"),
        (lambda y: monitor.xmr_chart(y, baseline=1), SmbkitError, "`baseline` must be between"),
        (lambda y: monitor.xmr_chart(y, baseline=2.5), SmbkitError, "whole number"),
        (lambda y: monitor.ewma_chart(y, lam=1.5), SmbkitError, r"`lam` must be a number in"),
        (lambda y: monitor.ewma_chart(y, L=0), SmbkitError, "`L` must be a number > 0"),
        (lambda y: monitor.ewma_chart(y, limits="steady"), SmbkitError, "`limits` must be one of"),
        (lambda y: monitor.ewma_chart(y * 0), DataError, "spread is 0; pass `sigma=`"),
        (lambda y: monitor.cusum_chart(y, k=-1), SmbkitError, "`k` must be a number >= 0"),
        (lambda y: monitor.cusum_chart(y, h="x"), SmbkitError, "`h` must be a number"),
        (lambda y: monitor.cusum_chart(y * 0), DataError, "spread is 0"),
        (lambda y: monitor.seasonal_baseline(y, window=2), SmbkitError, "`window` must be"),
        (lambda y: monitor.seasonal_baseline(y, period=0), SmbkitError, "`period` must be"),
        (lambda y: monitor.seasonal_baseline(y), DataError, "not enough for a baseline"),
        (lambda y: monitor.seasonal_baseline(y, period=1, window=3, k=-1), SmbkitError, "`k`"),
        (lambda y: monitor.fixed_threshold(y), SmbkitError, "give `lower=` and/or `upper=`"),
        (lambda y: monitor.fixed_threshold(y, lower=5, upper=1), SmbkitError, "must be below"),
        (
            lambda y: monitor.apply_rules(monitor.xmr_chart(y), rules="nelson_9"),
            SmbkitError,
            "`rules` must be one of",
        ),
        (
            lambda y: monitor.alert_fatigue(monitor.xmr_chart(y), real=[True]),
            DataError,
            "one flag per chart row",
        ),
        (lambda y: monitor.alert_fatigue(y.to_frame("value")), DataError, "column 'date'"),
    ],
)
def test_errors_name_the_function_argument_and_fix(call, error, match):
    y = _series([1.0, 2, 3, 4, 5, 6])
    with pytest.raises(error, match=match):
        call(y)
