"""smbkit.finance: ROI, payback, NPV, IRR, MIRR and the automation investment case."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smbkit import SmbkitError
from smbkit.finance import (
    AutomationCase,
    automation_case,
    irr,
    mirr,
    npv,
    payback_period,
    roi,
)

money = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


# --------------------------------------------------------------------------- roi
def test_roi_by_hand():
    assert roi(15_000, 10_000) == 0.5
    assert roi(8_000, 10_000) == pytest.approx(-0.2)
    assert roi(10_000, 10_000) == 0.0
    assert math.isnan(roi(5_000, 0))  # nothing spent: no return per dollar


def test_roi_errors():
    with pytest.raises(SmbkitError, match=r"roi: `cost` must be >= 0, but -5"):
        roi(100, -5)
    with pytest.raises(SmbkitError, match=r"roi: `gain` must be a number, but 'a lot'"):
        roi("a lot", 5)


# --------------------------------------------------------------------------- npv
def test_npv_matches_excels_documented_example():
    # Microsoft Support, "NPV function" (Excel), example 1: rate 10 %, an initial cost of
    # 10,000 one year from today and returns of 3,000, 4,200 and 6,800 in the three years
    # after: =NPV(10%, -10000, 3000, 4200, 6800) = $1,188.44. Excel discounts its first
    # value by one period, so it equals npv with a zero flow today.
    assert npv(0.10, [0, -10_000, 3_000, 4_200, 6_800]) == pytest.approx(1_188.44, abs=0.005)
    assert npv(0.10, [-10_000, 3_000, 4_200, 6_800]) / 1.10 == pytest.approx(1_188.44, abs=0.005)


def test_npv_by_hand():
    # -1,000 today, 500 at the end of each of three years, 10 %
    expected = -1_000 + 500 / 1.1 + 500 / 1.1**2 + 500 / 1.1**3
    assert npv(0.1, [-1_000, 500, 500, 500]) == pytest.approx(expected)
    assert npv(0.0, [-1_000, 500, 500, 500]) == 500.0
    assert npv(0.05, [250.0]) == 250.0  # today's money is not discounted


@settings(max_examples=60, deadline=None)
@given(st.lists(money, min_size=1, max_size=40), st.floats(0.0, 0.5))
def test_npv_properties(flows, rate):
    assert npv(0.0, flows) == pytest.approx(sum(flows), abs=1e-6)
    # one flow at period t is worth flow / (1 + r)^t today
    t = len(flows) - 1
    single = [0.0] * t + [flows[-1]]
    assert npv(rate, single) == pytest.approx(flows[-1] / (1 + rate) ** t, rel=1e-12, abs=1e-9)
    # with money out today and only money in later, a higher rate lowers the NPV
    inflows = [-1_000.0, *(abs(f) + 1 for f in flows)]
    assert npv(rate + 0.01, inflows) < npv(rate, inflows)


def test_npv_errors():
    with pytest.raises(SmbkitError, match=r"npv: `rate` must be above -1 \(-100 %\), but -1"):
        npv(-1, [1, 2])
    with pytest.raises(SmbkitError, match=r"npv: `cash_flows` must be a non-empty 1-D"):
        npv(0.1, [])
    with pytest.raises(
        SmbkitError, match=r"npv: `cash_flows` must be finite numbers, but period 1"
    ):
        npv(0.1, [1.0, float("nan")])
    with pytest.raises(SmbkitError, match=r"npv: `cash_flows` must be a sequence of numbers"):
        npv(0.1, ["a", "b"])


# --------------------------------------------------------------------------- irr
def test_irr_matches_excels_documented_example():
    # Microsoft Support, "IRR function" (Excel): a business costing 70,000 with net income
    # of 12,000, 15,000, 18,000, 21,000 and 26,000 in its first five years.
    # IRR after four years -2.1 %, after five years 8.7 %, after two years -44.4 %.
    flows = [-70_000, 12_000, 15_000, 18_000, 21_000, 26_000]
    assert irr(flows[:5]) == pytest.approx(-0.021, abs=0.0005)
    assert irr(flows) == pytest.approx(0.087, abs=0.0005)
    assert irr(flows[:3]) == pytest.approx(-0.444, abs=0.0005)


@settings(max_examples=50, deadline=None)
@given(
    st.floats(100, 1e6),
    st.lists(st.floats(1, 1e5), min_size=1, max_size=60),
)
def test_irr_zeroes_the_npv(investment, inflows):
    flows = [-investment, *inflows]
    r = irr(flows)
    if math.isnan(r):  # only when the root lies outside the scanned range
        assert npv(-0.9, flows) < 0 or npv(10.0, flows) > 0
        return
    assert abs(npv(r, flows)) < 1e-6 * max(investment, sum(inflows))
    assert (r > 0) == (sum(inflows) > investment)


def test_irr_nan_when_no_rate_works():
    assert math.isnan(irr([-1_000, -100, -10]))
    assert math.isnan(irr([0.0, 0.0]))
    assert math.isnan(irr([100, -300, 250]))  # two sign changes, but no real root


def test_irr_refuses_to_pick_one_of_several_rates():
    # NPV = -100 + 230 x - 132 x^2 with x = 1/(1+r): roots x = 10/11 and 5/6, r = 10 % and 20 %
    with pytest.raises(
        SmbkitError,
        match=r"irr: these cash flows change sign 2 times and have 2 internal rates of return, "
        r"10\.0 % and 20\.0 %; .*npv\(rate, cash_flows\) at your cost of capital .*mirr\(",
    ):
        irr([-100, 230, -132])
    # three roots, 10 %, 20 % and 30 %: (1.1 - y)(1.2 - y)(1.3 - y) with y = 1 + r
    with pytest.raises(
        SmbkitError, match=r"3 internal rates of return, 10\.0 %, 20\.0 % and 30\.0 %"
    ):
        irr([-1_000, 3_600, -4_310, 1_716])
    # close roots get the decimals that tell them apart
    with pytest.raises(SmbkitError, match=r"10\.00 % and 10\.01 %"):
        irr(np.poly([1.1, 1.1001]) * 1_000)  # flows = coefficients of (y - 1.1)(y - 1.1001)


def test_irr_with_several_sign_changes_but_one_root_returns_it():
    flows = [-100, 50, -10, 100]
    r = irr(flows)
    assert abs(npv(r, flows)) < 1e-9 and 0.15 < r < 0.16
    assert irr([-100, 200, -100]) == pytest.approx(0.0, abs=1e-6)  # a double root at 0 %


@settings(max_examples=60, deadline=None)
@given(
    st.floats(1, 1e6),
    st.lists(st.one_of(st.just(0.0), st.floats(1, 1e6)), min_size=1, max_size=40).filter(
        lambda xs: any(xs)
    ),
    st.integers(0, 3),
    st.booleans(),
)
def test_one_sign_change_has_exactly_one_irr(investment, inflows, zeros_ahead, loan):
    # Descartes' rule of signs: one sign change in the flows, exactly one rate above -100 %,
    # wherever it lies (the old scan stopped at -90 % and 1,000 %)
    flows = np.array([0.0] * zeros_ahead + [-investment, *inflows])
    if loan:  # money received first, repaid later: the same root
        flows = -flows
    r = irr(flows)
    assert math.isfinite(r) and r > -1
    t = np.arange(len(flows))
    scale = np.sum(np.abs(flows) / (1 + r) ** t)
    assert abs(npv(r, flows)) <= 1e-9 * scale


@settings(max_examples=60, deadline=None)
@given(
    st.floats(-0.5, 1.0),
    st.floats(0.01, 1.0),
    st.floats(1, 1e4),
)
def test_two_chosen_roots_are_both_reported(low, gap, size):
    high = low + gap
    flows = np.poly([1 + low, 1 + high]) * size  # NPV (1+r)^2 = size (1+r-1-low)(1+r-1-high)
    with pytest.raises(SmbkitError, match=r"2 internal rates of return") as caught:
        irr(flows)
    shown = [float(p) / 100 for p in re.findall(r"(-?[\d,]+\.\d+) %", str(caught.value))]
    assert shown == pytest.approx([low, high], abs=1e-3)


# -------------------------------------------------------------------------- mirr
def test_mirr_matches_excels_documented_example():
    # Microsoft Support, "MIRR function" (Excel): a loan of 120,000 at 10 % a year, five
    # years of income reinvested at 12 %: MIRR 12.61 % after five years, -4.80 % after
    # three, 13.48 % after five with income reinvested at 14 %.
    flows = [-120_000, 39_000, 30_000, 21_000, 37_000, 46_000]
    assert mirr(flows, 0.10, 0.12) == pytest.approx(0.1261, abs=5e-5)
    assert mirr(flows[:4], 0.10, 0.12) == pytest.approx(-0.0480, abs=5e-5)
    assert mirr(flows, 0.10, 0.14) == pytest.approx(0.1348, abs=5e-5)


def test_mirr_gives_one_answer_where_irr_has_two():
    flows = [-100, 230, -132]
    # at a 12 % cost of capital the NPV is just positive, so the MIRR is just above 12 %
    assert npv(0.12, flows) > 0 and mirr(flows, 0.12, 0.12) == pytest.approx(0.1203, abs=1e-4)
    assert npv(0.25, flows) < 0 and mirr(flows, 0.25, 0.25) < 0.25


def test_mirr_edge_cases_and_errors():
    assert math.isnan(mirr([100, 50], 0.1, 0.1))  # nothing invested
    assert math.isnan(mirr([-100, -50], 0.1, 0.1))  # nothing comes back
    with pytest.raises(SmbkitError, match=r"mirr: `cash_flows` needs at least two periods"):
        mirr([-100], 0.1, 0.1)
    with pytest.raises(SmbkitError, match=r"mirr: `finance_rate` must be above -1"):
        mirr([-100, 120], -1.0, 0.1)
    with pytest.raises(SmbkitError, match=r"mirr: `reinvest_rate` must be a finite number"):
        mirr([-100, 120], 0.1, float("nan"))
    with pytest.raises(SmbkitError, match=r"mirr: `cash_flows` must be finite numbers"):
        mirr([-100, float("inf")], 0.1, 0.1)


# ------------------------------------------------------------------ payback_period
def test_payback_by_hand():
    # uneven flows: after 2 periods 300 + 400 = 700 is back, the third brings 500 evenly,
    # so the remaining 300 take 300 / 500 = 0.6 of it
    assert payback_period([-1_000, 300, 400, 500, 600]) == pytest.approx(2.6)
    assert payback_period([-1_000, 250, 250, 250, 250]) == pytest.approx(4.0)
    assert payback_period([100, 50]) == 0.0  # nothing to pay back
    assert math.isnan(payback_period([-1_000, 300, 300]))  # not within the flows given
    # discounted: 272.73 + 330.58 + 375.66 = 978.96 after three periods; then 21.04 of 409.81
    assert payback_period([-1_000, 300, 400, 500, 600], rate=0.10) == pytest.approx(
        3 + 21.0436 / 409.8081, abs=1e-4
    )


@settings(max_examples=60, deadline=None)
@given(st.floats(100, 1e5), st.lists(st.floats(0, 5e4), min_size=1, max_size=48))
def test_payback_properties(investment, inflows):
    flows = np.array([-investment, *inflows])
    p = payback_period(flows)
    if math.isnan(p):
        assert flows.sum() < 0
        return
    k = math.ceil(p) if p > 0 else 0
    # the cumulative flow, with the last period's flow spread evenly, is zero at p
    partial = flows[:k].sum() + (p - (k - 1)) * flows[k] if k >= 1 else flows[0]
    assert partial == pytest.approx(0.0, abs=1e-6 * investment)
    assert p <= len(inflows)
    assert payback_period(flows, rate=0.01) >= p or math.isnan(payback_period(flows, rate=0.01))


def test_payback_errors():
    with pytest.raises(SmbkitError, match=r"payback_period: `rate` must be above -1"):
        payback_period([-1, 2], rate=-2)


# ---------------------------------------------------------------- automation_case
def test_automation_case_by_hand():
    case = automation_case(12_000, 1_000, months=36, annual_discount_rate=0.0)
    assert isinstance(case, AutomationCase)
    assert case.payback_months == 12.0
    assert case.total_saving == 36_000 and case.total_cost == 12_000
    assert case.roi == pytest.approx(2.0)
    assert case.npv == pytest.approx(24_000)
    assert case.note == ""
    t = case.cash_flows
    assert t.columns.tolist() == [
        "month",
        "adoption",
        "saving",
        "cost",
        "cash_flow",
        "cumulative",
        "present_value",
        "cumulative_present_value",
    ]
    assert len(t) == 37 and t["cash_flow"].iloc[0] == -12_000


def test_ramp_running_cost_and_discounting():
    case = automation_case(
        12_000, 1_000, months=36, ramp_months=6, annual_discount_rate=0.08, monthly_cost=100
    )
    t = case.cash_flows
    np.testing.assert_allclose(t["adoption"].iloc[1:7], np.arange(1, 7) / 6)
    assert (t["adoption"].iloc[7:] == 1.0).all()
    flows = t["cash_flow"].to_numpy()
    np.testing.assert_allclose(flows[1:7], 1_000 * np.arange(1, 7) / 6 - 100)
    monthly = 1.08 ** (1 / 12) - 1
    assert case.monthly_rate == pytest.approx(monthly)
    # the summary numbers are the stand-alone functions on the monthly flows
    assert case.npv == pytest.approx(npv(monthly, flows))
    assert case.payback_months == pytest.approx(payback_period(flows))
    assert case.discounted_payback_months == pytest.approx(payback_period(flows, rate=monthly))
    assert case.discounted_payback_months > case.payback_months
    assert case.irr_annual == pytest.approx((1 + irr(flows)) ** 12 - 1)
    assert case.roi == pytest.approx(roi(flows[1:].sum() + 36 * 100, 12_000 + 36 * 100))
    # by hand: 3,500 saved in the ramp months less 600 running cost; then 900 a month
    assert case.payback_months == pytest.approx(6 + (12_000 - 2_900) / 900)


def test_not_paying_back_is_nan_with_a_note():
    case = automation_case(50_000, 500, months=24)
    assert math.isnan(case.payback_months) and math.isnan(case.discounted_payback_months)
    assert "does not pay back within 24 months" in case.note
    assert case.npv < 0 and case.roi < 0
    free = automation_case(0, 0)
    assert math.isnan(free.roi) and "nothing was spent" in free.note
    assert math.isnan(free.irr_annual) and "IRR is undefined" in free.note


@settings(max_examples=40, deadline=None)
@given(
    st.floats(0, 1e5),
    st.floats(0, 1e4),
    st.integers(1, 120),
    st.integers(0, 24),
    st.floats(0, 0.3),
)
def test_automation_case_properties(investment, saving, months, ramp, rate):
    case = automation_case(
        investment, saving, months=months, ramp_months=ramp, annual_discount_rate=rate
    )
    t = case.cash_flows
    assert ((t["adoption"] >= 0) & (t["adoption"] <= 1)).all()
    assert t["adoption"].is_monotonic_increasing
    assert case.npv <= t["cash_flow"].sum() + 1e-6  # discounting never adds value here
    more = automation_case(
        investment, saving + 100, months=months, ramp_months=ramp, annual_discount_rate=rate
    )
    assert more.npv > case.npv


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"investment": -1}, r"automation_case: `investment` must be >= 0, but -1"),
        ({"monthly_saving": -5}, r"`monthly_saving` must be >= 0"),
        ({"monthly_cost": -5}, r"`monthly_cost` must be >= 0"),
        ({"months": 0}, r"`months` must be a whole number of months from 1 to 600, got 0"),
        ({"months": 12.5}, r"`months` must be a whole number"),
        ({"ramp_months": -1}, r"`ramp_months` must be a whole number >= 0, got -1"),
        ({"annual_discount_rate": -1.5}, r"`annual_discount_rate` must be above -1"),
        ({"investment": "ten"}, r"`investment` must be a number, but 'ten'"),
    ],
)
def test_automation_case_errors(kwargs, match):
    args = {"investment": 10_000, "monthly_saving": 1_000} | kwargs
    with pytest.raises(SmbkitError, match=match):
        automation_case(args.pop("investment"), args.pop("monthly_saving"), **args)
