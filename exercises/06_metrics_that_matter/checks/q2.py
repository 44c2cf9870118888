OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import daily_r, lagged_r
from otter.test_files import test_case

name = "q2"

TOL = 0.005


@test_case(
    points=1,
    failure_message="Sum likes and net revenue by week (Monday to Sunday). Levels: "
    "correlate the weekly totals. Changes: correlate this week minus last week of both. "
    "Both are same-week correlations (no lag).",
)
def check_likes(likes_r_levels, likes_r_changes):
    for label, value in (("likes_r_levels", likes_r_levels), ("likes_r_changes", likes_r_changes)):
        assert value is not ..., f"Not answered yet: replace the `...` of {label}."
        assert isinstance(value, numbers.Real), (
            f"{label} should be one correlation (a number), not a {type(value).__name__}."
        )
        assert -1 <= value <= 1, f"{label} = {value:.3f}: a correlation lies between -1 and 1."
    levels, changes = lagged_r("likes", 0, changes=False), lagged_r("likes", 0)
    if abs(likes_r_levels - changes) < TOL and abs(likes_r_changes - levels) < TOL:
        raise AssertionError("Your two answers are swapped: levels first, changes second.")
    if (
        abs(likes_r_levels - daily_r("likes", changes=False)) < TOL
        or abs(likes_r_changes - daily_r("likes", changes=True)) < TOL
    ):
        raise AssertionError(
            "That is a correlation of daily numbers. Sum the days into weeks first, as the "
            "alignment analysis does: daily numbers mostly follow the day of the week."
        )
    assert abs(likes_r_levels - levels) < TOL, (
        f"likes_r_levels is {likes_r_levels:.3f}. Correlate the weekly totals of likes and net "
        "revenue as they are, in the same week, without taking differences."
    )
    assert abs(likes_r_changes - changes) < TOL, (
        f"likes_r_changes is {likes_r_changes:.3f}. Take week-on-week changes (this week minus "
        "last week, .diff()) of both weekly series, then correlate them in the same week."
    )
