OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import capture
from otter.test_files import test_case

name = "q5"

TOL = 0.005


@test_case(
    points=1,
    failure_message="Among the 2025 account-months, take those whose predicted risk is at or "
    "above np.quantile(risk, 0.9); top-decile capture = the churners (next month) among them "
    "divided by all the 2025 churners.",
)
def check_capture(top_decile_capture):
    value = top_decile_capture
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"top_decile_capture should be one share between 0 and 1, not a {type(value).__name__}."
    )
    expected = capture("test")
    if abs(value / 100 - expected) < TOL:
        raise AssertionError("That is in percent: give the share between 0 and 1.")
    if abs(value - capture("test", precision=True)) < TOL:
        raise AssertionError(
            "That is the share of the top 10 % that churns (how many calls hit a churner). "
            "The question asks the other way round: the share of all 2025 churners that the "
            "top 10 % contains."
        )
    if abs(value - capture("train")) < TOL:
        raise AssertionError("That is on the fitted months; use the 2025 account-months.")
    assert 0 <= value <= 1, f"top_decile_capture = {value:.3f} is not a share."
    assert abs(value - expected) < TOL, (
        f"top_decile_capture is {value:.3f}. Rank the 2025 account-months by predicted risk; "
        "the top decile are those at or above the 90th percentile."
    )
