OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import change_pct
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Same formula as question 1, on customers_per_hour: the outcome the paid "
    "metric was meant to track. Gaming moves the metric, not this.",
)
def check_outcome(outcome_change_pct):
    assert outcome_change_pct is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(outcome_change_pct, numbers.Real), (
        f"outcome_change_pct should be one number, not a {type(outcome_change_pct).__name__}."
    )
    right = change_pct("customers_per_hour")
    if abs(outcome_change_pct - right) < 0.01:
        return
    if abs(outcome_change_pct + right) < 0.01:
        raise AssertionError(
            "The sign is flipped: compute after ÷ before − 1, so a fall is negative."
        )
    if abs(outcome_change_pct - change_pct("orders_per_hour")) < 0.01:
        raise AssertionError(
            "That is the change in the paid metric (orders_per_hour); this question asks "
            "about the customers actually served, customers_per_hour."
        )
    if abs(outcome_change_pct - right / 100) < 1e-4:
        raise AssertionError("That is a fraction; give the percentage (multiply by 100).")
    raise AssertionError(
        f"outcome_change_pct is {outcome_change_pct:.2f}, not the change in the team's mean "
        "customers_per_hour from before to after the bonus."
    )
