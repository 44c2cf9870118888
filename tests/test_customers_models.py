"""BG/NBD, gamma-gamma, CLV and shifted-beta-geometric models (smbkit.customers._models).

The reference tests reproduce published estimates on the published data:
- BG/NBD on the CDNOW 1/10 sample, 39-week calibration: Fader, Hardie & Lee (2005),
  "'Counting Your Customers' the Easy Way", Marketing Science 24(2), p. 280;
- gamma-gamma on the same sample's repeat buyers: Fader & Hardie (2013), "The Gamma-Gamma
  Model of Monetary Value" (brucehardie.com/notes/025/);
- sBG on the "regular" and "high end" cohorts: Fader & Hardie (2007), "How to Project
  Customer Retention", Journal of Interactive Marketing 21(1), Table 1 and p. 80.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import DataError, SmbkitError, customers, datasets
from smbkit.customers import BGNBD, GammaGamma, ShiftedBetaGeometric

matplotlib.use("Agg")

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PUBLISHED = BGNBD(r=0.243, alpha=4.414, a=0.793, b=2.426, log_likelihood=0.0, n_customers=1)

# Fader & Hardie (2007), Table 1: % of the starting cohort still active, years 0-12.
REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3]
HIGH_END = [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4]


@pytest.fixture(scope="module")
def sample():
    """The CDNOW 1/10 sample summarised by smbkit, in weeks (x, t_x, T as published)."""
    ref = pd.read_csv(
        FIXTURES / "cdnow" / "fader_hardie_sample_summary.csv", dtype={"customer_id": "str"}
    )
    cdnow = datasets.load("cdnow").transactions
    s = customers.summary_from_transactions(
        cdnow[cdnow["customer_id"].isin(ref["customer_id"])],
        calibration_end="1997-09-30",
        observation_end="1998-06-30",
    )
    assert len(s) == 2_357
    return s.assign(recency=s["recency"] / 7, T=s["T"] / 7)


@pytest.fixture(scope="module")
def bgnbd(sample):
    return customers.fit_bgnbd(sample)


def close(got, want, rel):
    return abs(got - want) <= rel * abs(want)


def test_bgnbd_reproduces_fader_hardie_lee_2005(bgnbd):
    # Fader, Hardie & Lee (2005), p. 280: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426,
    # LL = -9582.4. Published to 3 decimals: 1 % tolerance, 0.1 on the log-likelihood.
    for got, want in [(bgnbd.r, 0.243), (bgnbd.alpha, 4.414), (bgnbd.a, 0.793), (bgnbd.b, 2.426)]:
        assert close(got, want, 0.01), (got, want)
    assert abs(bgnbd.log_likelihood - -9582.4) < 0.1
    assert bgnbd.n_customers == 2_357


def test_bgnbd_worked_customer_matches_the_paper(bgnbd):
    # Fader, Hardie & Lee (2005), section 3: a customer with x = 2, t_x = 30.43, T = 38.86
    # is expected to make 1.226 purchases in the next 39 weeks.
    one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86]})
    assert abs(bgnbd.expected_purchases(one, 39.0).iloc[0] - 1.226) < 0.002


def test_gamma_gamma_reproduces_fader_hardie_2013(sample):
    gg = customers.fit_gamma_gamma(sample)
    # Fader & Hardie (2013) note: p = 6.25, q = 3.74, gamma = 15.44 (946 repeat buyers).
    assert gg.n_customers == 946
    for got, want in [(gg.p, 6.25), (gg.q, 3.74), (gg.gamma, 15.44)]:
        assert close(got, want, 0.01), (got, want)


@pytest.mark.parametrize(
    ("curve", "alpha", "beta"), [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)]
)
def test_sbg_reproduces_fader_hardie_2007_and_projects(curve, alpha, beta):
    # fitted on years 0-7, as in the paper; years 8-12 are the holdout
    m = customers.fit_sbg(curve[:8])
    assert close(m.alpha, alpha, 0.01) and close(m.beta, beta, 0.01), m
    assert m.periods == 7
    projected = 100 * m.survival(np.arange(8, 13))
    actual = np.array(curve[8:])
    # the paper's point: the projection stays close (within 2.5 points here) ...
    assert np.abs(projected - actual).max() < 2.5
    # ... and beats a constant retention rate fitted to the same years
    flat = 100 * (curve[7] / 100) ** (np.arange(8, 13) / 7)
    assert np.abs(projected - actual).mean() < np.abs(flat - actual).mean()


def test_holdout_check_on_cdnow(sample, bgnbd):
    table = customers.holdout_check(sample, model=bgnbd, t=39.0)
    assert list(table.index) == list(range(8))
    assert table["customers"].sum() == 2_357
    assert table.loc[0, "customers"] == (sample["frequency"] == 0).sum()
    # actual holdout means come straight from the data
    means = sample.groupby(sample["frequency"].clip(upper=7))["frequency_holdout"].mean()
    np.testing.assert_allclose(table["actual"], means.to_numpy())
    # the model tracks the data: more calibration purchases, more holdout purchases, and
    # within 0.6 purchases per customer in every group
    assert table["expected"].is_monotonic_increasing
    assert (table["expected"] - table["actual"]).abs().max() < 0.6


def test_expected_cumulative_tracks_holdout_total(sample, bgnbd):
    births = (sample["first_purchase"] - pd.Timestamp("1997-01-01")).dt.days / 7
    total = bgnbd.expected_cumulative(births, [39.0, 78.0])
    # calibration repeat purchases are the data the model was fitted on
    assert close(total[0], sample["frequency"].sum(), 0.03)
    # holdout: the model falls short of the actual 1,882 purchase days on this sample
    # (by about 12 %; the lesson shows where, week by week): pin it between 80 and 100 %
    holdout = total[1] - total[0]
    assert sample["frequency_holdout"].sum() == 1_882
    assert 0.8 < holdout / 1_882 < 1.0


def test_new_customer_formula_is_the_conditional_one_at_zero(bgnbd):
    t = np.array([1.0, 10.0, 52.0])
    zero = pd.DataFrame({"frequency": [0, 0, 0], "recency": [0.0] * 3, "T": [0.0] * 3})
    for ti in t:
        cond = bgnbd.expected_purchases(zero, ti).iloc[0]
        assert abs(cond - bgnbd.expected_purchases_new(ti)) < 1e-9


def test_bgnbd_expected_purchases_new_matches_simulation():
    """E[X(t)] (eq. 7) against a direct simulation of the BG/NBD story."""
    m, t, n = PUBLISHED, 39.0, 200_000
    rng = np.random.default_rng(1)
    lam = rng.gamma(m.r, 1 / m.alpha, n)
    p = rng.beta(m.a, m.b, n)
    counts = np.zeros(n)
    clock = np.zeros(n)
    active = np.ones(n, dtype=bool)
    while active.any():
        clock[active] += rng.exponential(1 / lam[active])
        buys = active & (clock <= t)
        counts[buys] += 1
        active = buys & (rng.random(n) >= p)
    assert abs(counts.mean() - m.expected_purchases_new(t)) < 0.03


def test_bgnbd_recovers_simulated_parameters():
    rng = np.random.default_rng(7)
    r, alpha, a, b, n = 0.5, 8.0, 0.6, 2.5, 3_000
    lam, p = rng.gamma(r, 1 / alpha, n), rng.beta(a, b, n)
    big_t = rng.uniform(20, 52, n)
    x, tx = np.zeros(n), np.zeros(n)
    clock, active = np.zeros(n), np.ones(n, dtype=bool)
    while active.any():
        clock[active] += rng.exponential(1 / lam[active])
        buys = active & (clock <= big_t)
        x[buys] += 1
        tx[buys] = clock[buys]
        active = buys & (rng.random(n) >= p)
    fit = customers.fit_bgnbd(pd.DataFrame({"frequency": x, "recency": tx, "T": big_t}))
    assert close(fit.r, r, 0.2) and close(fit.alpha, alpha, 0.25)
    assert close(fit.a / (fit.a + fit.b), a / (a + b), 0.25)


@settings(max_examples=40, deadline=None)
@given(
    x=st.integers(0, 30),
    tx_share=st.floats(0.01, 1.0),
    big_t=st.floats(1.0, 100.0),
    t=st.floats(0.1, 100.0),
)
def test_bgnbd_properties(x, tx_share, big_t, t):
    one = pd.DataFrame(
        {"frequency": [x], "recency": [tx_share * big_t if x else 0.0], "T": [big_t]}
    )
    alive = PUBLISHED.p_alive(one).iloc[0]
    assert 0 < alive <= 1
    assert (alive == 1) == (x == 0)
    e1 = PUBLISHED.expected_purchases(one, t).iloc[0]
    e2 = PUBLISHED.expected_purchases(one, 2 * t).iloc[0]
    assert 0 <= e1 <= e2
    if x > 0:  # a more recent last purchase means more likely alive
        later = one.assign(recency=big_t)
        assert PUBLISHED.p_alive(later).iloc[0] >= alive - 1e-12


@settings(max_examples=40, deadline=None)
@given(x=st.integers(1, 50), zbar=st.floats(0.5, 500.0))
def test_gamma_gamma_spend_is_between_population_and_own_mean(x, zbar):
    gg = GammaGamma(6.25, 3.74, 15.44, 0.0, 1)
    one = pd.DataFrame({"frequency": [x], "monetary": [zbar]})
    got = gg.expected_spend(one).iloc[0]
    low, high = sorted([gg.population_mean(), zbar])
    assert low - 1e-9 <= got <= high + 1e-9


@settings(max_examples=40, deadline=None)
@given(alpha=st.floats(0.1, 5.0), beta=st.floats(0.1, 10.0))
def test_sbg_survival_is_the_product_of_retention_rates(alpha, beta):
    m = ShiftedBetaGeometric(alpha, beta, 0.0, 1)
    t = np.arange(1, 11)
    np.testing.assert_allclose(m.survival(t), np.cumprod(m.retention(t)), rtol=1e-9)
    assert np.all(np.diff(m.retention(t)) >= -1e-12)  # retention rises with tenure


def test_sbg_fit_is_scale_free():
    a = customers.fit_sbg(REGULAR[:8])
    b = customers.fit_sbg(np.array(REGULAR[:8]) * 10)  # counts of 1,000 instead of %
    assert close(a.alpha, b.alpha, 1e-4) and close(a.beta, b.beta, 1e-4)


def test_clv_is_purchases_times_spend_times_margin(sample, bgnbd):
    gg = customers.fit_gamma_gamma(sample)
    value = customers.clv(sample, purchases=bgnbd, spend=gg, horizon=52, margin=0.3)
    direct = 0.3 * bgnbd.expected_purchases(sample, 52) * gg.expected_spend(sample)
    np.testing.assert_allclose(value, direct, rtol=1e-9)
    # discounting by 1 % a (4-week) step lowers every value, but not below the
    # value with every purchase discounted as if at the horizon
    disc = customers.clv(
        sample, purchases=bgnbd, spend=gg, horizon=52, margin=0.3, discount_rate=0.01, step=4
    )
    assert (disc <= value + 1e-12).all() and (disc >= value / 1.01**13 - 1e-12).all()
    assert value.name == "clv" and value.index.equals(sample.index)


def test_clv_discount_by_hand():
    gg = GammaGamma(6.25, 3.74, 15.44, 0.0, 1)
    one = pd.DataFrame({"frequency": [2], "recency": [30.43], "T": [38.86], "monetary": [22.35]})
    got = customers.clv(
        one, purchases=PUBLISHED, spend=gg, horizon=10, margin=0.5, discount_rate=0.1, step=4
    ).iloc[0]
    cum = [PUBLISHED.expected_purchases(one, t).iloc[0] for t in (0.0, 4.0, 8.0, 10.0)]
    want = (
        0.5
        * gg.expected_spend(one).iloc[0]
        * sum((cum[k] - cum[k - 1]) / 1.1**k for k in (1, 2, 3))
    )
    assert abs(got - want) < 1e-9


# --- errors ------------------------------------------------------------------------------


def test_errors_name_function_argument_and_fix():
    good = pd.DataFrame({"frequency": [1, 0], "recency": [3.0, 0.0], "T": [5.0, 4.0]})
    with pytest.raises(SmbkitError, match="fit_bgnbd: `summary` must be a pandas DataFrame"):
        customers.fit_bgnbd([1, 2, 3])
    with pytest.raises(DataError, match=r"fit_bgnbd: column 'freq'.*Pass frequency="):
        customers.fit_bgnbd(good, frequency="freq")
    with pytest.raises(DataError, match=r"fit_bgnbd: column 'recency' \(recency\) has 1 missing"):
        customers.fit_bgnbd(good.assign(recency=[np.nan, 0.0]))
    with pytest.raises(DataError, match="recency must be at most T"):
        customers.fit_bgnbd(good.assign(recency=[9.0, 0.0]))
    with pytest.raises(DataError, match="no customer with a repeat purchase"):
        customers.fit_bgnbd(good.assign(frequency=0, recency=0.0))
    with pytest.raises(SmbkitError, match=r"BGNBD.expected_purchases: `t` must be 0 or more"):
        PUBLISHED.expected_purchases(good, -1)
    money = good.assign(monetary=[10.0, np.nan])
    with pytest.raises(DataError, match="fit_gamma_gamma: only 1 customer"):
        customers.fit_gamma_gamma(money)
    with pytest.raises(DataError, match="fit_gamma_gamma: column 'monetary' has 1 repeat"):
        customers.fit_gamma_gamma(pd.DataFrame({"frequency": [1, 2], "monetary": [0.0, 5.0]}))
    gg = GammaGamma(6.25, 3.74, 15.44, 0.0, 1)
    with pytest.raises(SmbkitError, match="clv: `margin` must be a number between 0 and 1"):
        customers.clv(money, purchases=PUBLISHED, spend=gg, horizon=10, margin=30)
    with pytest.raises(SmbkitError, match="clv: `discount_rate` must be a number"):
        customers.clv(
            money, purchases=PUBLISHED, spend=gg, horizon=10, margin=0.3, discount_rate="5%"
        )
    with pytest.raises(SmbkitError, match="clv: `purchases` must be a BGNBD"):
        customers.clv(money, purchases=gg, spend=gg, horizon=10, margin=0.3)
    with pytest.raises(SmbkitError, match="clv: `horizon` must be finite and `step` above 0"):
        customers.clv(money, purchases=PUBLISHED, spend=gg, horizon=10, margin=0.3, step=0)
    with pytest.raises(DataError, match="fit_sbg: `survival` rises at period 2"):
        customers.fit_sbg([100, 60, 70])
    with pytest.raises(DataError, match="fit_sbg: `survival` needs the starting value"):
        customers.fit_sbg([100])
    with pytest.raises(SmbkitError, match="retention: `t` counts periods from 1"):
        ShiftedBetaGeometric(1.0, 1.0, 0.0, 1).retention([0])
    with pytest.raises(SmbkitError, match="holdout_check: `max_frequency` must be 1 or more"):
        customers.holdout_check(good, model=PUBLISHED, t=5, max_frequency=0)
    with pytest.raises(DataError, match="column 'frequency_holdout'"):
        customers.holdout_check(good, model=PUBLISHED, t=5)


def test_gamma_gamma_mean_is_nan_when_q_at_most_one():
    gg = GammaGamma(2.0, 0.8, 10.0, 0.0, 1)
    assert np.isnan(gg.population_mean())
    assert gg.expected_spend(pd.DataFrame({"frequency": [1], "monetary": [5.0]})).isna().all()


# --- pictures ---------------------------------------------------------------------------


def test_plots(sample, bgnbd):
    import matplotlib.pyplot as plt

    from smbkit.plots import plot_holdout_check, plot_tracking

    ax = plot_holdout_check(customers.holdout_check(sample, model=bgnbd, t=39.0))
    assert ax.get_title() and ax.get_ylabel() and len(ax.get_lines()) >= 2
    assert ax.get_xticklabels()[-1].get_text() == "7+"
    t = pd.DataFrame({"week": [1, 2], "actual": [1, 3], "expected": [1.5, 2.5]})
    ax = plot_tracking(t, calibration_end=1.5)
    assert ax.get_xlabel() == "Time since the cohort's start (weeks)"
    with pytest.raises(DataError, match="plot_tracking: column 'week'"):
        plot_tracking(t.rename(columns={"week": "w"}))
    with pytest.raises(SmbkitError, match="plot_holdout_check: the first argument must be"):
        plot_holdout_check([1, 2])
    plt.close("all")
