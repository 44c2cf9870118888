"""smbkit.growth: Bass diffusion, HHI, supplier risk, reinforcing loops."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from smbkit import DataError, SmbkitError, plots  # noqa: E402
from smbkit import growth as gr  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_bass_fit_reproduces_a_published_nls_fit():
    # The sales series and R nls() estimates of C. Wang's Bass model tutorial
    # (rpubs.com/chengjun/bass_model): m = 6.80e4, p = 6.59e-3, q = 0.638, fitting the
    # density form m f(t) at t = 1..10.
    sales = [840, 1470, 2110, 4000, 7590, 10950, 10530, 9470, 7790, 5890]
    fit = gr.fit_bass(sales, form="density")
    assert fit.m == pytest.approx(6.80e4, rel=0.005)
    assert fit.p == pytest.approx(6.59e-3, rel=0.005)
    assert fit.q == pytest.approx(0.638, rel=0.005)
    # the tutorial's standard errors: m 3.13e3, p 1.43e-3, q 4.14e-2
    assert fit.m_se == pytest.approx(3.13e3, rel=0.02)
    assert fit.q_se == pytest.approx(4.14e-2, rel=0.02)


def test_bass_peak_time_formula():
    # Bass (1969): the peak of adoptions is at t* = ln(q/p) / (p + q); the density there is
    # m (p + q)^2 / (4 q).
    p, q, m = 0.03, 0.38, 1000.0
    t = np.linspace(0, 30, 300001)
    rate = np.gradient(gr.bass_cumulative(t, p=p, q=q, m=m), t)
    assert t[rate.argmax()] == pytest.approx(math.log(q / p) / (p + q), abs=1e-3)
    assert rate.max() == pytest.approx(m * (p + q) ** 2 / (4 * q), rel=1e-4)


@settings(max_examples=25, deadline=None)
@given(p=st.floats(0.005, 0.08), q=st.floats(0.1, 0.8), m=st.floats(500, 1e5))
def test_bass_fit_recovers_noise_free_curves(p, q, m):
    t = np.arange(1, 21)
    new = gr.bass_cumulative(t, p=p, q=q, m=m) - gr.bass_cumulative(t - 1, p=p, q=q, m=m)
    fit = gr.fit_bass(new)
    assert fit.p == pytest.approx(p, rel=1e-3)
    assert fit.q == pytest.approx(q, rel=1e-3)
    assert fit.m == pytest.approx(m, rel=1e-3)
    assert fit.cumulative(20) == pytest.approx(new.sum(), rel=1e-6)
    assert fit.adopters(t) == pytest.approx(new, rel=1e-4, abs=1e-6)


@settings(max_examples=50, deadline=None)
@given(p=st.floats(0.001, 0.5), q=st.floats(0, 2), t=st.floats(0, 50))
def test_bass_cumulative_is_increasing_and_bounded(p, q, t):
    a, b = gr.bass_cumulative([t, t + 1], p=p, q=q, m=1.0)
    assert 0 <= a <= b <= 1 + 1e-12


def test_bass_errors():
    with pytest.raises(SmbkitError, match=r"fit_bass: the value for `form` must be one of"):
        gr.fit_bass([1, 2, 3, 4], form="cumulative")
    with pytest.raises(DataError, match=r"fit_bass: `adopters` must be one series of at least 4"):
        gr.fit_bass([1, 2, 3])
    with pytest.raises(DataError, match=r"non-negative numbers without gaps"):
        gr.fit_bass([1, 2, np.nan, 4, 5])
    with pytest.raises(DataError, match=r"are all zero"):
        gr.fit_bass([0, 0, 0, 0])
    with pytest.raises(SmbkitError, match=r"bass_cumulative: need p > 0"):
        gr.bass_cumulative(1.0, p=0, q=0.3)


def test_hhi_known_values_and_doj_thresholds():
    assert gr.hhi([100]) == 10000
    assert gr.hhi([25, 25, 25, 25]) == pytest.approx(2500)
    assert gr.hhi([0.5, 0.3, 0.2]) == pytest.approx(3800)
    assert math.isnan(gr.hhi([0, 0]))
    # US DOJ/FTC Horizontal Merger Guidelines 2010, 5.3: < 1,500 / 1,500-2,500 / > 2,500
    assert gr.concentration_level(1499.9) == "unconcentrated"
    assert gr.concentration_level(1500) == "moderately concentrated"
    assert gr.concentration_level(2500) == "moderately concentrated"
    assert gr.concentration_level(2500.1) == "highly concentrated"
    with pytest.raises(SmbkitError, match=r"concentration_level: `index` must be an HHI"):
        gr.concentration_level(12000)
    with pytest.raises(DataError, match=r"hhi: `values` must be one or more non-negative"):
        gr.hhi([-1, 2])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1e6), min_size=1, max_size=30))
def test_hhi_bounds(values):
    h = gr.hhi(values)
    assert 10000 / len(values) - 1e-6 <= h <= 10000 + 1e-6
    assert gr.hhi([v * 3 for v in values]) == pytest.approx(h)


def test_supplier_risk_by_hand():
    df = pd.DataFrame(
        {
            "sup": ["a", "a", "a", "b", "b"],
            "lt": [10.0, 12, 14, 20, 20],
            "kg": [1.0, 1, 1, 3, 4],
            "quoted": [11, 11, 11, 21, 21],
        }
    )
    r = gr.supplier_risk(df, supplier="sup", lead_time="lt", quantity="kg", quoted="quoted")
    assert r.index.tolist() == ["b", "a"]
    assert r.loc["b", "share"] == pytest.approx(0.7)
    assert r.loc["a", "lead_time_mean"] == pytest.approx(12)
    assert r.loc["a", "lead_time_cv"] == pytest.approx(2 / 12)
    assert r.loc["a", "late_share"] == pytest.approx(2 / 3)
    assert r.loc["b", "lead_time_cv"] == 0
    zero = gr.supplier_risk(pd.DataFrame({"supplier": ["x", "x"], "lead_time_days": [0, 0]}))
    assert math.isnan(zero.loc["x", "lead_time_cv"])
    with pytest.raises(DataError, match=r"column 'days' \(lead_time=\)"):
        gr.supplier_risk(df, supplier="sup", lead_time="days")
    with pytest.raises(DataError, match=r"supplier_risk: `lt` has negative lead times"):
        gr.supplier_risk(df.assign(lt=-1), supplier="sup", lead_time="lt")
    with pytest.raises(DataError, match=r"supplier_risk: `data` has no rows"):
        gr.supplier_risk(df.iloc[:0], supplier="sup", lead_time="lt")


def test_polya_urn_spreads_out_instead_of_settling():
    s = gr.polya_urn(runs=2000, steps=400, seed=3)
    final = s[:, -1]
    # limit is uniform(0, 1): variance 1/12; a fair coin would give ~ 0.25 / 402
    assert final.var() == pytest.approx(1 / 12, rel=0.15)
    assert ((final < 0.2) | (final > 0.8)).mean() == pytest.approx(0.4, abs=0.05)
    # the same seed gives the same histories
    assert np.array_equal(gr.polya_urn(runs=5, steps=20, seed=1), gr.polya_urn(5, 20, seed=1))
    with pytest.raises(SmbkitError, match=r"polya_urn: `runs` must be a positive whole"):
        gr.polya_urn(runs=0)
    with pytest.raises(SmbkitError, match=r"`start` needs at least one customer per firm"):
        gr.polya_urn(start=(0, 1))


def test_growth_plots():
    t = np.arange(1, 13)
    new = gr.bass_cumulative(t, p=0.02, q=0.5, m=800) - gr.bass_cumulative(
        t - 1, p=0.02, q=0.5, m=800
    )
    fit = gr.fit_bass(new)
    ax = plots.plot_diffusion(fit, new, period="quarter")
    assert ax.get_xlabel() == "Quarters since launch"
    assert "market potential about 800" in ax.get_title()
    df = pd.DataFrame({"supplier": ["a", "a", "b", "b"], "lead_time_days": [10, 14, 5, 6]})
    ax = plots.plot_supplier_risk(gr.supplier_risk(df))
    assert ax.get_xlabel() == "Mean lead time (days)"
    with pytest.raises(SmbkitError, match=r"plot_diffusion: `fit` must be a BassFit"):
        plots.plot_diffusion({"p": 1})
    with pytest.raises(SmbkitError, match=r"plot_supplier_risk: `risk` must be the table"):
        plots.plot_supplier_risk(df)
