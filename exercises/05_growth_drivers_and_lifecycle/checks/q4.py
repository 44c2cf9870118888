OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import curve_point, curve_stage
from otter.test_files import test_case

name = "q4"

STAGES = ("start-up", "growth", "maturity", "decline")


@test_case(
    points=1,
    failure_message="p = 1 / (1 + exp(-r (t - t0))) is the share of the ceiling; "
    "the speed relative to the peak is 4 p (1 - p); growth when it is at least 0.5, "
    "otherwise start-up before the midpoint t0 and maturity after it.",
)
def check_stage(speed_month_22, stage_month_22):
    assert speed_month_22 is not ..., "Not answered yet: replace `...` in speed_month_22."
    assert stage_month_22 is not ..., "Not answered yet: replace `...` in stage_month_22."
    assert isinstance(speed_month_22, numbers.Real), (
        "speed_month_22 should be one number between 0 and 1."
    )
    share, speed = curve_point()
    if abs(speed_month_22 - share) < 1e-3:
        raise AssertionError(
            "That is p, the share of the ceiling reached. The speed relative to the "
            "peak is 4 p (1 - p): 1 at the midpoint, near 0 at both ends."
        )
    if abs(speed_month_22 / 100 - speed) < 1e-3:
        raise AssertionError(
            "Give the speed as a fraction of the peak (between 0 and 1), not in percent."
        )
    assert 0 <= speed_month_22 <= 1, "The speed relative to the peak lies between 0 and 1."
    assert abs(speed_month_22 - speed) < 1e-3, (
        f"speed_month_22 is {speed_month_22:.3f}. Compute p at t = 22 with K, r and t0 from the "
        "question, then 4 p (1 - p)."
    )
    assert isinstance(stage_month_22, str), 'stage_month_22 should be a string such as "growth".'
    stage = stage_month_22.strip().lower()
    assert stage in STAGES, f"stage_month_22 should be one of {STAGES}, not {stage_month_22!r}."
    expected = curve_stage()
    if stage == "growth" and expected != "growth":
        raise AssertionError(
            "Still rising is not the same as the growth stage: the speed is below "
            "half its peak and month 22 is after the midpoint."
        )
    if stage == "decline" and expected != "decline":
        raise AssertionError(
            "Decline needs actual revenue falling year on year; a logistic curve "
            "never falls, so a curve alone cannot call decline."
        )
    if stage == "start-up" and expected != "start-up":
        raise AssertionError(
            "Start-up is the slow part before the midpoint; month 22 is after t0 = 14."
        )
    assert stage == expected, (
        f"The stage at month 22 is not {stage_month_22!r}: apply the rule above."
    )
