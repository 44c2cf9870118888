OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import stickiness_june
from otter.test_files import test_case

name = "q2"

TOL = 0.06


@test_case(
    points=1,
    failure_message="Stickiness is the month's mean daily active users over its mean "
    "monthly active users, counting customers (logged-in users) only.",
)
def check_stickiness(stickiness_june_pct):
    assert stickiness_june_pct is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(stickiness_june_pct, numbers.Real) and not isinstance(
        stickiness_june_pct, bool
    ), f"stickiness_june_pct should be one number, not a {type(stickiness_june_pct).__name__}."
    expected = stickiness_june()
    if 0 < stickiness_june_pct <= 1 and abs(100 * stickiness_june_pct - expected) < TOL:
        raise AssertionError("Right idea, but give it in percent (17 for 17 %), not a fraction.")
    assert 0 <= stickiness_june_pct <= 100, "Stickiness is between 0 and 100 %."
    for wrong in (stickiness_june(anonymous=True), stickiness_june(anonymous=True, link=False)):
        if abs(stickiness_june_pct - wrong) < TOL:
            raise AssertionError(
                "That counts anonymous devices as users. The question is about customers: "
                "how do the engagement KPIs leave out events that have no user id?"
            )
    if abs(stickiness_june_pct - stickiness_june(internal=True)) < TOL:
        raise AssertionError(
            "Brightlane's own staff and QA robot are in your events. Tell the reader who is "
            "internal (the lesson shows how)."
        )
    if abs(stickiness_june_pct - stickiness_june(window=7)) < TOL:
        raise AssertionError(
            "That divides by weekly active users. Stickiness compares a day with the month."
        )
    assert abs(stickiness_june_pct - expected) < TOL, (
        f"stickiness_june_pct is {stickiness_june_pct:.2f}. Check the month (June 2025) and "
        "that it is DAU over MAU, in percent."
    )
