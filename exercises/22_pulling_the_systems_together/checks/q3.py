OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import on_time_june
from otter.test_files import test_case

name = "q3"

TOL = 0.06


@test_case(
    points=1,
    failure_message="On-time rate: of the tasks completed in the month that had a promise "
    "(a due date), the share completed on or before it.",
)
def check_on_time(on_time_june_pct):
    assert on_time_june_pct is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(on_time_june_pct, numbers.Real) and not isinstance(on_time_june_pct, bool), (
        f"on_time_june_pct should be one number, not a {type(on_time_june_pct).__name__}."
    )
    expected = on_time_june()
    if 0 < on_time_june_pct <= 1 and abs(100 * on_time_june_pct - expected) < TOL:
        raise AssertionError("Right idea, but give it in percent (70 for 70 %), not a fraction.")
    assert 0 <= on_time_june_pct <= 100, "An on-time rate is between 0 and 100 %."
    if abs(on_time_june_pct - on_time_june(no_due="late")) < TOL:
        raise AssertionError(
            "Your denominator includes tasks without a due date, so they count as missed. "
            "A task with no due date promised nothing: can it be late?"
        )
    if abs(on_time_june_pct - on_time_june(no_due="on time")) < TOL:
        raise AssertionError(
            "Tasks without a due date count as on time in your answer. They promised nothing, "
            "so they are neither on time nor late."
        )
    if abs(on_time_june_pct - on_time_june(by="due")) < TOL:
        raise AssertionError(
            "That takes the tasks due in June. The rate is over the tasks completed in June."
        )
    assert abs(on_time_june_pct - expected) < TOL, (
        f"on_time_june_pct is {on_time_june_pct:.2f}. Check the month (tasks completed in "
        "June 2025) and compare the completion day with the due day."
    )
