OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import ets_inside
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Fit fc.forecast(..., model='ets', level=0.9) to the months "
    "up to December 2024, forecast 12 months, and count the 2025 months with "
    "lower <= actual <= upper.",
)
def check_inside(inside_2025):
    assert inside_2025 is not ..., "Not answered yet: replace `...` with your count."
    assert isinstance(inside_2025, numbers.Integral) and not isinstance(inside_2025, bool), (
        f"inside_2025 should be a whole number of months (0-12), not a "
        f"{type(inside_2025).__name__}. A share or a True/False per month is not a count: "
        "use int(...sum())."
    )
    expected = ets_inside()
    if inside_2025 == expected:
        return
    assert 0 <= inside_2025 <= 12, "There are only 12 months in 2025."
    if inside_2025 == 12 - expected:
        raise AssertionError(
            "That is the number of months OUTSIDE the interval: count those with "
            "lower <= actual <= upper."
        )
    assert inside_2025 == expected, (
        f"inside_2025 is {inside_2025}. Fit only on revenue.loc[:'2024-12'] (a forecast must "
        "not see the months it forecasts), use level=0.9 and the default seed, and compare "
        "each 2025 month with its own interval."
    )
