OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import value
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Seasonal naive: a future month = the same month one "
    "year (12 months) before, the latest one observed. For March 2026 that is March 2025.",
)
def check_snaive(snaive_march):
    assert snaive_march is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(snaive_march, numbers.Real), (
        f"snaive_march should be one number (USD), not a {type(snaive_march).__name__}. "
        "Pick one month's value, e.g. revenue['YYYY-MM-01']."
    )
    if abs(snaive_march - value("2025-03-01")) < 0.01:
        return
    if abs(snaive_march - value("2025-12-01")) < 0.01:
        raise AssertionError(
            "That is the naive forecast (the last month, December 2025). The seasonal naive "
            "method repeats the same month of the last year instead."
        )
    if abs(snaive_march - value("2024-03-01")) < 0.01:
        raise AssertionError(
            "That is March 2024: the seasonal naive method uses the most recent March."
        )
    assert abs(snaive_march - value("2025-03-01")) < 0.01, (
        f"snaive_march is {snaive_march:,.2f}, which is not a March value of the history. "
        "Take the net revenue of the most recent March."
    )
