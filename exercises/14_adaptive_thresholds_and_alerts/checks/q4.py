OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import cusum_weeks
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="monitor.cusum_chart(year_weeks, k=0.5, h=5, baseline=25), then count "
    "the rows whose rule is 'cusum_down' (weeks the lower CUSUM is above h sigma).",
)
def check_cusum_down(cusum_down_weeks):
    assert cusum_down_weeks is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(cusum_down_weeks, numbers.Integral) and not isinstance(
        cusum_down_weeks, bool
    ), f"cusum_down_weeks should be a whole number, not a {type(cusum_down_weeks).__name__}."
    low, high = cusum_weeks()
    if cusum_down_weeks == low:
        return
    if cusum_down_weeks == low + high:
        raise AssertionError(
            "That counts every signalling week, high ones too. Count only the weeks flagged "
            "'cusum_down' (the business running below its first-half level)."
        )
    if cusum_down_weeks == high:
        raise AssertionError("That is the number of 'cusum_up' weeks; count 'cusum_down'.")
    raise AssertionError(
        f"cusum_down_weeks is {cusum_down_weeks}. Use all 51 weeks in `year_weeks` and "
        "baseline=25 so target and sigma come from the first half of the year."
    )
