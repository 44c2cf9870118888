OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import p_value, yates_p_value
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Two-sided two-proportion z-test of `converted`, B against "
    "A, with the pooled rate in the standard error (statsmodels' proportions_ztest, or "
    "experiments.ab_test).",
)
def check_p_value(p_conversion):
    assert p_conversion is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(p_conversion, numbers.Real), "p_conversion should be one number."
    assert 0 <= p_conversion <= 1, (
        f"A p-value is a probability between 0 and 1, not {p_conversion}."
    )
    expected = p_value("converted")
    if abs(p_conversion - expected / 2) < 1e-6:
        raise AssertionError(
            "That is the one-sided p-value. The question asks for a two-sided test: a "
            "difference in either direction counts."
        )
    if abs(p_conversion - (1 - expected)) < 1e-6:
        raise AssertionError(
            "That is 1 - p: the p-value is the chance of a difference this "
            "large or larger if the variants were equal."
        )
    if abs(p_conversion - p_value("clicked")) < 1e-6:
        raise AssertionError("That is the p-value for clicks; test the `converted` column.")
    if abs(p_conversion - p_value("converted", pooled=False)) < 1e-7:
        raise AssertionError(
            "Close, but you used each group's own rate in the standard error. The test asks "
            "'what if both had the same rate?', so it pools the two groups' rate."
        )
    if abs(p_conversion - yates_p_value("converted")) < 1e-6:
        raise AssertionError(
            "That chi-square test has Yates's continuity correction (scipy's default): pass "
            "correction=False, or use the two-proportion z-test."
        )
    assert abs(p_conversion - expected) < 1e-6, (
        f"p_conversion is {p_conversion:.5f}. Count conversions and recipients per variant and "
        "run a two-sided two-proportion z-test."
    )
