OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import REPEAT_TARGET, repeat_progress, repeat_rate
from otter.test_files import test_case

name = "q1"

TOL = 0.005


@test_case(
    points=1,
    failure_message="Progress = (current - start) / (target - start), capped to [0, 1], with "
    "start = the repeat purchase rate of Q4 2024, target = 82 and current = the rate of "
    "Q4 2025 (all in %).",
)
def check_repeat_progress(repeat_progress_q4):
    value = repeat_progress_q4
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"repeat_progress_q4 should be one number between 0 and 1, not a {type(value).__name__}."
    )
    expected = repeat_progress()
    if abs(value / 100 - expected) < TOL:
        raise AssertionError(
            "That is progress in percent. Key-result progress is a share from 0 (at the start) "
            "to 1 (target reached): divide by 100."
        )
    if abs(value - (1 - expected)) < TOL:
        raise AssertionError(
            "That is the share of the way still to go (target - current) / (target - start). "
            "Progress is the share already covered: (current - start) / (target - start)."
        )
    start, now = repeat_rate("2024Q4"), repeat_rate("2025Q4")
    if abs(value - now / REPEAT_TARGET) < TOL:
        raise AssertionError(
            "current / target ignores where the key result started. Measure the way from the "
            "start (Q4 2024) to the target: (current - start) / (target - start)."
        )
    if abs(value - repeat_progress("2025Q3")) < TOL:
        raise AssertionError(
            "That uses July-September 2025. The key result is graded on Q4 2025 (October-December)."
        )
    if abs(value - (now - start)) < TOL:
        raise AssertionError(
            "That is the change in percentage points. Divide it by the whole way to go, "
            "target - start, to get the share covered."
        )
    assert 0 <= value <= 1, f"{value:.3f} is outside 0-1: cap progress at 0 and 1."
    assert abs(value - expected) < TOL, (
        f"repeat_progress_q4 is {value:.3f}. Check the two rates: a customer counts as a repeat "
        "purchaser when they ordered at least twice in the quarter (guests without a "
        f"customer_id are left out). Start (Q4 2024) should be about {start:.1f} %."
    )
