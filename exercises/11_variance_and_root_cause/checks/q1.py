OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import actual, budget, last_year, variance
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Variance = actual - budget, where the budget for November 2025 is "
    "November 2024's line revenue x (1 + GROWTH_TARGET), and actual is November 2025's "
    "line revenue, in USD.",
)
def check_variance(variance_nov):
    assert variance_nov is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(variance_nov, numbers.Real), (
        f"variance_nov should be one number in USD, but it is a "
        f"{type(variance_nov).__name__}. Did you forget .sum()?"
    )
    expected = variance("2025-11")
    if abs(variance_nov + expected) < 0.01:
        raise AssertionError(
            "The sign is the wrong way round: variance = actual - budget, so a shortfall "
            "is negative."
        )
    if abs(variance_nov - (actual("2025-11") - last_year("2025-11"))) < 0.01:
        raise AssertionError(
            "That compares with November 2024 itself. The budget is last year x "
            "(1 + GROWTH_TARGET): the plan asked for 15 % more."
        )
    if abs(variance_nov - 100 * expected / budget("2025-11")) < 0.01:
        raise AssertionError("That is the variance in percent; give it in USD.")
    assert abs(variance_nov - expected) < 0.01, (
        f"variance_nov is {variance_nov:,.2f} USD. Check both months' filters (1 to 30 "
        "November) and that you use the `revenue` column of the order lines."
    )
