"""smbkit.lifecycle: logistic S-curve fit and stage calls, and its plot."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from smbkit import DataError, SmbkitError  # noqa: E402
from smbkit.lifecycle import fit_s_curve, logistic  # noqa: E402
from smbkit.plots._lifecycle import plot_lifecycle  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def frame(values, start="2022-01-01") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": pd.date_range(start, periods=len(values), freq="MS"),
            "revenue": np.asarray(values, dtype=float),
        }
    )


# Known curve: K = 1,000,000, r = 0.25 a month, midpoint at month 24, 48 months.
K, R, T0, N = 1_000_000.0, 0.25, 24.0, 48


def test_logistic_by_hand():
    # at the midpoint the curve is half the ceiling; one 1/r later it is K / (1 + e^-1)
    assert float(logistic(T0, K, R, T0)) == pytest.approx(K / 2)
    assert float(logistic(T0 + 1 / R, K, R, T0)) == pytest.approx(K / (1 + math.exp(-1)))


def test_fit_recovers_known_parameters_from_noisy_cumulative_revenue():
    rng = np.random.default_rng(42)
    t = np.arange(N)
    cum = logistic(t, K, R, T0)
    monthly = np.diff(cum, prepend=0.0) * (1 + rng.normal(0, 0.03, N))  # 3 % noise a month
    fit = fit_s_curve(frame(monthly), cumulative=True)
    assert fit.K == pytest.approx(K, rel=0.03)
    assert fit.r == pytest.approx(R, rel=0.05)
    assert fit.t0_periods == pytest.approx(T0, abs=0.5)
    # month 24 after Jan 2022 is Jan 2024
    assert abs((fit.t0 - pd.Timestamp("2024-01-01")).days) <= 16
    assert all(np.isfinite(v) and v > 0 for v in fit.se.values())
    assert fit.r_squared > 0.99
    assert fit.fitted.columns.tolist() == ["period", "actual", "fitted"]
    assert fit.fitted["actual"].to_numpy() == pytest.approx(np.cumsum(monthly))


def test_level_fit_standard_errors_cover_the_known_values():
    # independent 2 % noise on the level: the known values lie within 4 standard errors
    rng = np.random.default_rng(7)
    t = np.arange(N)
    level = logistic(t, K, R, T0) * (1 + rng.normal(0, 0.02, N))
    fit = fit_s_curve(frame(level), cumulative=False)
    assert abs(fit.K - K) < 4 * fit.se["K"]
    assert abs(fit.r - R) < 4 * fit.se["r"]
    assert abs(fit.t0_periods - T0) < 4 * fit.se["t0"]
    assert fit.se["K"] < 0.05 * K


def test_stage_calls_on_a_known_level_curve():
    # exact curve, fitted as a level: growth where 4 p (1 - p) >= 0.5, i.e.
    # |t - 24| <= 1.7627 / 0.25 = 7.05 -> months 17..31; start-up before, maturity after
    t = np.arange(N)
    fit = fit_s_curve(frame(logistic(t, K, R, T0)), cumulative=False)
    stages = fit.stages["stage"].astype(str).to_numpy()
    assert (stages[:17] == "start-up").all()
    assert (stages[17:32] == "growth").all()
    assert (stages[32:] == "maturity").all()
    assert fit.current_stage == "maturity"
    assert fit.evidence.endswith("so the stage is maturity.")
    assert "Dec 2025" in fit.evidence
    assert fit.stages.columns.tolist() == [
        "period",
        "stage",
        "share_of_ceiling",
        "relative_growth",
        "recent_growth",
    ]


def test_decline_when_recent_revenue_falls_year_on_year():
    # S-curve level for 40 months, then the last 8 months fall 3 % a month
    t = np.arange(N)
    level = logistic(t, K, R, 20.0)
    level[40:] = level[39] * 0.97 ** np.arange(1, 9)
    fit = fit_s_curve(frame(level), cumulative=False)
    assert fit.current_stage == "decline"
    assert "below the same periods 12 earlier" in fit.evidence
    # decline: the last 3 months sum to less than the same 3 months a year earlier;
    # at month 47 that is 0.97**6..8 (about 0.80) of the top against about 0.97 of K
    recent = fit.stages["recent_growth"].to_numpy()
    assert recent[-1] == pytest.approx(level[45:48].sum() / level[33:36].sum() - 1)
    assert recent[-1] < 0
    assert "decline" not in set(fit.stages["stage"].astype(str).to_numpy()[:40])
    # months before the fall stay maturity
    assert (fit.stages["stage"].astype(str).to_numpy()[32:40] == "maturity").all()


def test_cumulative_fit_notes_an_unfinished_curve():
    # only the first 18 months (midpoint at 24 not reached yet): K is an extrapolation
    t = np.arange(18)
    monthly = np.diff(logistic(t, K, R, T0), prepend=0.0)
    fit = fit_s_curve(frame(monthly))
    assert fit.t0_periods > 17
    assert "extrapolation" in fit.note
    assert fit.current_stage in {"start-up", "growth"}


def test_fit_is_order_independent_and_does_not_mutate():
    t = np.arange(30)
    df = frame(np.diff(logistic(t, 5e5, 0.3, 15.0), prepend=0.0))
    shuffled = df.sample(frac=1.0, random_state=1)
    before = shuffled.copy()
    a, b = fit_s_curve(df), fit_s_curve(shuffled)
    assert a.K == pytest.approx(b.K)
    pd.testing.assert_frame_equal(shuffled, before)


def test_fit_errors():
    df = frame(np.arange(1, 13))
    with pytest.raises(DataError, match=r"column 'sales' \(value=\) is not in data"):
        fit_s_curve(df, value="sales")
    with pytest.raises(
        DataError,
        match=r"periods are not consecutive: 2022-02 is followed by "
        r"2022-04",
    ):
        fit_s_curve(df.drop(index=2))
    with pytest.raises(DataError, match=r"1 of 13 rows .* repeat a period"):
        fit_s_curve(pd.concat([df, df.iloc[[0]]]))
    with pytest.raises(DataError, match=r"need at least 6 periods to fit an S-curve, got 5"):
        fit_s_curve(df.iloc[:5])
    missing = df.copy()
    missing.loc[3, "revenue"] = np.nan
    with pytest.raises(DataError, match=r"1 of 12 rows .* have a missing 'revenue'"):
        fit_s_curve(missing)
    with pytest.raises(DataError, match=r"'revenue' never rises above zero"):
        fit_s_curve(frame(np.zeros(8)))
    with pytest.raises(SmbkitError, match=r"`threshold` must be between 0 and 1, got 1.5"):
        fit_s_curve(df, threshold=1.5)
    with pytest.raises(SmbkitError, match=r"`freq` must be one of \['W', 'M', 'Q', 'Y'\]"):
        fit_s_curve(df, freq="D")


def test_plot_lifecycle_draws_actual_fitted_and_stage_spans():
    t = np.arange(N)
    fit = fit_s_curve(frame(logistic(t, K, R, T0)), cumulative=False)
    ax = plot_lifecycle(fit)
    actual, fitted = ax.get_lines()
    assert actual.get_ydata() == pytest.approx(fit.fitted["actual"].to_numpy())
    assert fitted.get_ydata() == pytest.approx(fit.fitted["fitted"].to_numpy())
    # three runs of stages: start-up, growth, maturity -> three shaded spans
    assert len(ax.patches) == 3
    assert "now: maturity" in ax.get_title()
    assert ax.get_xlabel() == "Period"
    assert ax.get_ylabel() == "Revenue per period (USD)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["start-up", "growth", "maturity", "Actual", "Fitted S-curve"]


def test_plot_lifecycle_rejects_other_objects():
    with pytest.raises(SmbkitError, match="`result` must be the SCurveFit from fit_s_curve"):
        plot_lifecycle(pd.DataFrame())
