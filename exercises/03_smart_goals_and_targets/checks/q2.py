OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import MONTHS, TARGET_REVENUE, baseline_2025, compound
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Linear plan: the same number of dollars every month, "
    "monthly_increase = (120000 - baseline) / 12.",
)
def check_increase(monthly_increase):
    assert monthly_increase is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(monthly_increase, numbers.Real), "monthly_increase should be one number."
    b = baseline_2025()
    gap = TARGET_REVENUE - b
    if abs(monthly_increase - gap) < 0.01:
        raise AssertionError("That is the whole gap to the target: spread it over 12 months.")
    if abs(monthly_increase - gap / MONTHS / b) < 1e-6:
        raise AssertionError("Give the increase in dollars (USD) a month, not as a fraction.")
    if abs(monthly_increase - compound(b, TARGET_REVENUE, MONTHS) * b) < 0.01:
        raise AssertionError(
            "That is the first month's dollar step of the compound plan. The linear plan adds "
            "the same amount every month: (target - baseline) / 12."
        )
    if abs(monthly_increase - gap / (MONTHS - 1)) < 0.01:
        raise AssertionError("From December 2025 to December 2026 is 12 monthly steps, not 11.")
    assert abs(monthly_increase - gap / MONTHS) < 0.01, (
        f"monthly_increase is {monthly_increase:,.2f}; baseline + 12 * monthly_increase "
        "should equal 120,000. Did you use question 1's baseline?"
    )
