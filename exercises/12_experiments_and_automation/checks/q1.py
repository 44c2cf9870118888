OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import lift_points, relative_lift_pct
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Lift in points = 100 x (share of B's recipients who "
    "clicked - share of A's recipients who clicked).",
)
def check_click_lift(click_lift_points):
    assert click_lift_points is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(click_lift_points, numbers.Real), (
        f"click_lift_points should be one number, but it is a {type(click_lift_points).__name__}."
    )
    expected = lift_points("clicked")
    if abs(click_lift_points * 100 - expected) < 0.005:
        raise AssertionError("That is a fraction: percentage points are 100 x the difference.")
    if abs(click_lift_points + expected) < 0.005:
        raise AssertionError("That is A minus B: the lift is B (the new version) minus A.")
    if abs(click_lift_points - relative_lift_pct("clicked")) < 0.05:
        raise AssertionError(
            "That is the relative lift (% of A's rate). The question asks for the difference in "
            "percentage points: B's rate minus A's rate."
        )
    if abs(click_lift_points - lift_points("converted")) < 0.005:
        raise AssertionError("That is the lift in conversions; use the `clicked` column.")
    assert abs(click_lift_points - expected) < 0.005, (
        f"click_lift_points is {click_lift_points:.3f}. Take the mean of `clicked` per variant "
        "(the share of all recipients, not of those who opened)."
    )
