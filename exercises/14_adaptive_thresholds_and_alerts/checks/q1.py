OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import below, episodes
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Count the days of 2025 whose order count is strictly below 150 "
    "(the fixed threshold fires on each of them).",
)
def check_days_below(days_below):
    assert days_below is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(days_below, numbers.Integral) and not isinstance(days_below, bool), (
        f"days_below should be a whole number of days, not a {type(days_below).__name__}. "
        "Sum a True/False mask, or use int(...)."
    )
    right = int(below().sum())
    if days_below == right:
        return
    if days_below == int(below(inclusive=True).sum()):
        raise AssertionError("That counts days with 150 orders or fewer; the line is 'below 150'.")
    if days_below == episodes(below()):
        raise AssertionError(
            "That is the number of alert episodes (runs of days in a row). The question asks "
            "for the number of days below the line."
        )
    raise AssertionError(
        f"days_below is {days_below}. Use the 365 days of 2025 only (orders_2025) and count "
        "the days with fewer than 150 orders."
    )
