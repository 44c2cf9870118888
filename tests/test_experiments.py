"""smbkit.experiments: the A/B test and its planning (sample size, power)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from smbkit import DataError, SmbkitError
from smbkit.experiments import ab_test, detectable_effect, power, sample_size


def _frame(x_a: int, n_a: int, x_b: int, n_b: int, *, shuffle: int | None = None):
    variant = ["A"] * n_a + ["B"] * n_b
    converted = [True] * x_a + [False] * (n_a - x_a) + [True] * x_b + [False] * (n_b - x_b)
    frame = pd.DataFrame({"variant": variant, "converted": converted})
    if shuffle is not None:
        frame = frame.sample(frac=1.0, random_state=shuffle).reset_index(drop=True)
    return frame


def _wilson(x: int, n: int, z: float = norm.ppf(0.975)) -> tuple[float, float]:
    p = x / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


# ------------------------------------------------------------------------ ab_test
def test_ab_test_by_hand():
    r = ab_test(_frame(20, 1000, 38, 1000))
    assert (r.control, r.treatment) == ("A", "B")
    assert r.control_rate == 0.02 and r.treatment_rate == 0.038
    assert r.difference == pytest.approx(0.018)
    assert r.relative_lift == pytest.approx(0.9)
    # pooled two-proportion z-test, written out
    pooled = 58 / 2000
    z = 0.018 / math.sqrt(pooled * (1 - pooled) * (2 / 1000))
    assert r.z == pytest.approx(z, rel=1e-12)
    assert r.p_value == pytest.approx(2 * norm.sf(z), rel=1e-9)
    assert r.significant and r.verdict.startswith("B beats A on converted: B 3.80% vs A 2.00%")
    assert "p = 0.0165 < 0.05" in r.verdict
    # Newcomb's interval from two Wilson intervals (Newcomb 1998, method 10)
    la, ua = _wilson(20, 1000)
    lb, ub = _wilson(38, 1000)
    assert r.ci_low == pytest.approx(0.018 - math.sqrt((0.038 - lb) ** 2 + (ua - 0.02) ** 2))
    assert r.ci_high == pytest.approx(0.018 + math.sqrt((ub - 0.038) ** 2 + (0.02 - la) ** 2))
    v = r.variants
    assert v.columns.tolist() == ["variant", "n", "conversions", "rate", "ci_low", "ci_high"]
    assert v["variant"].tolist() == ["A", "B"] and v["n"].tolist() == [1000, 1000]
    assert v["ci_low"].tolist() == pytest.approx([la, lb])
    assert r.note == ""


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # Newcomb, R. G. (1998). Interval estimation for the difference between independent
        # proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890,
        # Table II, method 10 (the hybrid score interval), to 4 decimals.
        ((56, 70, 48, 80), (0.0524, 0.3339)),
        ((9, 10, 3, 10), (0.1705, 0.8090)),
        ((6, 7, 2, 7), (0.0582, 0.8062)),
        ((5, 56, 0, 29), (-0.0381, 0.1926)),
        ((0, 10, 0, 20), (-0.1611, 0.2775)),
        ((10, 10, 0, 20), (0.6791, 1.0000)),
    ],
)
def test_interval_matches_newcombs_published_table(counts, expected):
    x1, n1, x2, n2 = counts  # group 1 is the treatment
    data = pd.DataFrame(
        {
            "arm": ["new"] * n1 + ["old"] * n2,
            "bought": [1] * x1 + [0] * (n1 - x1) + [1] * x2 + [0] * (n2 - x2),
        }
    )
    r = ab_test(data, variant="arm", outcome="bought", control="old")
    assert (round(r.ci_low, 4), round(r.ci_high, 4)) == expected


def test_no_clear_winner_verdict():
    r = ab_test(_frame(20, 1000, 26, 1000))
    assert not r.significant and r.p_value > 0.05
    assert r.ci_low < 0 < r.ci_high
    assert r.verdict.startswith("No clear winner on converted")
    assert "could be chance" in r.verdict and "bigger test" in r.verdict


def test_treatment_worse_and_label_swap():
    r = ab_test(_frame(40, 1000, 20, 1000))
    assert r.significant and r.difference < 0
    assert r.verdict.startswith("B does worse than A")
    swapped = ab_test(_frame(40, 1000, 20, 1000), control="B")
    assert (swapped.control, swapped.treatment) == ("B", "A")
    assert swapped.difference == pytest.approx(-r.difference)
    assert swapped.p_value == pytest.approx(r.p_value)
    assert (swapped.ci_low, swapped.ci_high) == pytest.approx((-r.ci_high, -r.ci_low))


def test_one_sided():
    data = _frame(20, 1000, 31, 1000)
    two = ab_test(data)
    larger = ab_test(data, alternative="larger")
    smaller = ab_test(data, alternative="smaller")
    assert larger.p_value == pytest.approx(two.p_value / 2)
    assert smaller.p_value == pytest.approx(1 - two.p_value / 2)
    assert math.isinf(larger.ci_high) and larger.ci_low > two.ci_low
    assert math.isinf(smaller.ci_low) and smaller.ci_high < two.ci_high
    assert "at least" in larger.verdict or "No clear evidence" in larger.verdict
    assert smaller.verdict.startswith("No clear evidence that B does worse than A")


def test_edge_cases_give_nan_with_a_note():
    nothing = ab_test(_frame(0, 50, 0, 50))
    assert math.isnan(nothing.z) and math.isnan(nothing.p_value) and not nothing.significant
    assert "no variation" in nothing.note
    assert nothing.verdict.startswith("Nothing to test")
    zero_control = ab_test(_frame(0, 100, 5, 100))
    assert math.isnan(zero_control.relative_lift)
    assert "control rate is 0" in zero_control.note
    assert np.isfinite(zero_control.p_value)


def test_accepts_zero_one_outcomes_and_other_labels():
    data = pd.DataFrame({"group": ["old", "new", "new", "old"] * 50, "sale": [0, 1, 0, 0] * 50})
    r = ab_test(data, variant="group", outcome="sale", control="old")
    assert r.treatment == "new" and r.treatment_rate == 0.5 and r.control_rate == 0.0


def test_ab_test_on_harbor_co():
    from smbkit import datasets

    ab = datasets.load("harbor_co").email_ab_test
    clicked = ab_test(ab, outcome="clicked")
    by_hand = ab.groupby("variant")["clicked"].mean()
    assert clicked.control_rate == pytest.approx(by_hand["A"])
    assert clicked.treatment_rate == pytest.approx(by_hand["B"])
    assert clicked.variants["n"].sum() == len(ab)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 400),
    st.integers(0, 400),
    st.integers(1, 400),
    st.integers(0, 400),
    st.integers(0, 10_000),
)
def test_properties(n_a, x_a, n_b, x_b, seed):
    x_a, x_b = min(x_a, n_a), min(x_b, n_b)
    r = ab_test(_frame(x_a, n_a, x_b, n_b, shuffle=seed))
    again = ab_test(_frame(x_a, n_a, x_b, n_b))
    # row order does not matter
    assert r.difference == again.difference and r.ci_low == again.ci_low
    assert r.difference == pytest.approx(x_b / n_b - x_a / n_a)
    assert -1 <= r.ci_low <= r.difference <= r.ci_high <= 1
    if np.isfinite(r.p_value):
        assert 0 <= r.p_value <= 1
        assert r.significant == (r.p_value < 0.05)
        # the note flags the rare cases where interval and test disagree about 0
        disagree = r.significant != (r.ci_low > 0 or r.ci_high < 0)
        assert disagree == ("borderline" in r.note)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"variant": "arm"}, DataError, r"ab_test: column 'arm' \(variant=\) is not in data"),
        ({"outcome": "convertd"}, DataError, r"Did you mean 'converted'\?"),
        ({"control": "a"}, SmbkitError, r"`control` must be one of the variants \['A', 'B'\]"),
        ({"alpha": 5}, SmbkitError, r"`alpha` must be a fraction in \(0, 1\), but 5"),
        ({"alternative": "greater"}, SmbkitError, r"`alternative` must be one of.*'greater'"),
    ],
)
def test_ab_test_argument_errors(kwargs, error, match):
    with pytest.raises(error, match=match):
        ab_test(_frame(5, 100, 8, 100), **kwargs)


def test_ab_test_data_errors():
    three = pd.DataFrame({"variant": ["A", "B", "C"], "converted": [1, 0, 1]})
    with pytest.raises(DataError, match=r"exactly two variants, but has 3: \['A', 'B', 'C'\]"):
        ab_test(three)
    gap = _frame(5, 100, 8, 100)
    gap.loc[3, "variant"] = None
    with pytest.raises(DataError, match=r"1 of 200 rows .* have no variant \('variant'\)"):
        ab_test(gap)
    amounts = _frame(5, 100, 8, 100).assign(converted=lambda d: d["converted"] * 25.0)
    with pytest.raises(DataError, match=r"not yes/no .*first: row 0, value 25.0.*test of means"):
        ab_test(amounts)
    missing = _frame(5, 100, 8, 100).astype({"converted": "boolean"})
    missing.loc[7, "converted"] = pd.NA
    with pytest.raises(DataError, match=r"1 of 200 rows .* have no 'converted' outcome"):
        ab_test(missing)
    text = _frame(5, 100, 8, 100).assign(converted="yes")
    with pytest.raises(DataError, match=r"must hold yes/no values .* but has 'yes'"):
        ab_test(text)
    with pytest.raises(SmbkitError, match=r"`data` must be a DataFrame, got dict"):
        ab_test({"variant": ["A"]})


# ---------------------------------------------------------------------- planning
def test_effect_size_matches_statsmodels_documented_example():
    # statsmodels documentation, proportion_effectsize: proportion_effectsize(0.5, 0.4)
    # = 0.20135792079033088 (Cohen's h for a rise from 40 % to 50 %)
    assert sample_size(0.4, 0.1).effect_size == pytest.approx(0.20135792079033088, rel=1e-12)


def test_matches_r_power_prop_test_documented_examples():
    # R's documentation of stats::power.prop.test (R Core Team), Examples:
    #   power.prop.test(n = 50, p1 = .50, p2 = .75)      ## => power = 0.740
    #   power.prop.test(p1 = .50, p2 = .75, power = .90) ## => n = 76.7
    # and UVA Library StatLab, "Power and sample size analysis in R", two-sample
    # proportion test: power.prop.test(p1 = 0.30, p2 = 0.25, power = 0.9) -> n = 1673.856.
    # R works on the rate scale, smbkit (statsmodels) on the arcsine scale (Cohen's h):
    # the two approximations agree to within a percent here.
    assert power(0.5, 0.25, 50) == pytest.approx(0.740, abs=0.01)
    assert sample_size(0.5, 0.25, power=0.9).n_control == pytest.approx(76.7, abs=1)
    assert sample_size(0.30, -0.05, power=0.9).n_control == pytest.approx(1673.856, rel=0.005)


def test_sample_size_by_hand():
    # Cohen's h and the normal approximation, written out
    p1, p2 = 0.02, 0.026
    h = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p1))
    z = norm.ppf(0.975) + norm.ppf(0.8)
    plan = sample_size(p1, p2 - p1)
    assert plan.effect_size == pytest.approx(h)
    assert plan.n_control == pytest.approx(2 * (z / h) ** 2, abs=1)
    assert plan.total == plan.n_control + plan.n_treatment
    one = sample_size(p1, p2 - p1, alternative="larger")
    z1 = norm.ppf(0.95) + norm.ppf(0.8)
    assert one.n_control == math.ceil(2 * (z1 / h) ** 2)
    unequal = sample_size(p1, p2 - p1, ratio=2)
    # with twice as many in treatment, control needs (1 + 1/2) / 2 = 3/4 as many
    assert unequal.n_control == pytest.approx(0.75 * plan.n_control, abs=1)
    assert unequal.n_treatment == pytest.approx(2 * unequal.n_control, abs=1)


@settings(max_examples=40, deadline=None)
@given(
    st.floats(0.01, 0.6),
    st.floats(0.005, 0.2),
    st.sampled_from([0.7, 0.8, 0.9]),
    st.sampled_from([0.5, 1.0, 2.0]),
)
def test_sample_size_is_the_smallest_with_enough_power(p, mde, target, ratio):
    plan = sample_size(p, mde, power=target, ratio=ratio)
    assert power(p, mde, plan.n_control, ratio=ratio) >= target - 1e-9
    if plan.n_control > 1:
        assert power(p, mde, plan.n_control - 1, ratio=ratio) < target
    # more people, more power; detectable_effect inverts sample_size
    assert power(p, mde, 2 * plan.n_control, ratio=ratio) > power(
        p, mde, plan.n_control, ratio=ratio
    )
    assert detectable_effect(p, plan.n_control, power=target, ratio=ratio) <= mde * (
        1 + 1e-4
    )  # solver tolerance


def test_detectable_effect():
    assert detectable_effect(0.02, 9758) == pytest.approx(0.006, abs=2e-5)
    down = detectable_effect(0.02, 9758, alternative="smaller")
    assert down < 0
    assert power(0.02, down, 9758, alternative="smaller") == pytest.approx(0.8, abs=1e-4)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((2.0, 0.01), {}, r"sample_size: `baseline_rate` must be a fraction in \(0, 1\).*0.02"),
        ((0.02, 0), {}, r"`minimum_detectable_effect` must be a non-zero difference"),
        ((0.9, 0.2), {}, r"baseline_rate \+ minimum_detectable_effect = 1.1 is not a rate"),
        ((0.02, 0.01), {"power": 0.04}, r"`power` \(0.04\) must exceed `alpha` \(0.05\)"),
        ((0.02, 0.01), {"ratio": 0}, r"`ratio` must be a positive number, but 0"),
        ((0.02, -0.01), {"alternative": "larger"}, r"tests for a rise.*flip its sign"),
        ((0.02, 0.01), {"alternative": "up"}, r"`alternative` must be one of"),
        (("two", 0.01), {}, r"`baseline_rate` must be a number, but 'two'"),
    ],
)
def test_sample_size_errors(args, kwargs, match):
    with pytest.raises(SmbkitError, match=match):
        sample_size(*args, **kwargs)


def test_power_and_detectable_effect_errors():
    with pytest.raises(SmbkitError, match=r"power: `n_control` must be a positive number"):
        power(0.02, 0.01, 0)
    with pytest.raises(SmbkitError, match=r"detectable_effect: `power` \(0.01\) must exceed"):
        detectable_effect(0.02, 1000, power=0.01)
    with pytest.raises(SmbkitError, match=r"detectable_effect: the value for `alternative`"):
        detectable_effect(0.02, 1000, alternative="both")


def test_importing_the_new_modules_stays_light():
    import subprocess
    import sys

    code = (
        "import smbkit.experiments, smbkit.finance, smbkit._widgets_roi, smbkit.widgets, "
        "smbkit.plots._experiments, smbkit.datasets._harbor_co\n"
        "import sys\nprint('\\n'.join(sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stdout.split())
    heavy = ("statsmodels", "seaborn", "ipywidgets", "scipy.optimize", "matplotlib.pyplot")
    assert [m for m in heavy if m in loaded] == []
