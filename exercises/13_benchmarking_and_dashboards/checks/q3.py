OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import average_headcount, bakery, on_staff
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="One leaver adds 100 / average headcount points to the "
    "turnover rate. Riverside's average headcount in 2025 is the mean of the people on "
    "staff on 2025-01-01 and on 2025-12-31.",
)
def check_one_leaver(one_leaver_points):
    assert one_leaver_points is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(one_leaver_points, numbers.Real), (
        "one_leaver_points should be one number, in percentage points."
    )
    expected = 100 / average_headcount(2025, "Riverside")
    if abs(one_leaver_points - 100 / average_headcount(2025)) < 0.01:
        raise AssertionError(
            "That is the whole bakery. The question asks about the Riverside shop alone: "
            "filter the employees on their location first."
        )
    riverside = bakery().employees[bakery().employees["location"] == "Riverside"]
    if abs(one_leaver_points - 100 / len(riverside)) < 0.01:
        raise AssertionError(
            "You divided by everyone who ever worked at Riverside. Count only the people on "
            "staff: at the start and at the end of 2025."
        )
    ends = [on_staff(riverside, d) for d in ("2025-01-01", "2025-12-31")]
    if any(abs(one_leaver_points - 100 / n) < 0.01 for n in ends if n):
        raise AssertionError(
            "You used the headcount on one day only. Turnover divides by the AVERAGE of the "
            "opening and closing headcount."
        )
    if abs(one_leaver_points * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: turnover is in percent, so give points.")
    assert abs(one_leaver_points - expected) < 0.01, (
        f"one_leaver_points is {one_leaver_points:.2f}. Someone is on staff on a day when "
        "they were hired on or before it and have no exit date or left on or after it."
    )
