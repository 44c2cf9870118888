OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import summary
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="A one-time customer made no REPEAT purchase in 2022-2024: frequency 0 "
    "in the calibration summary (one day with an order, counted once).",
)
def check_one_timers(one_timers):
    assert one_timers is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(one_timers, numbers.Integral) and not isinstance(one_timers, bool), (
        f"one_timers should be a whole number of customers, not a {type(one_timers).__name__}. "
        "Count with int((...).sum())."
    )
    s = summary()
    right = int((s["x"] == 0).sum())
    if one_timers == right:
        return
    if one_timers == int((s["x"] == 1).sum()):
        raise AssertionError(
            "That counts customers with frequency 1: they came back once. Frequency counts "
            "REPEAT purchases, so a one-time customer has frequency 0."
        )
    if one_timers == len(s):
        raise AssertionError("That is every customer: keep only those with frequency 0.")
    assert one_timers == right, (
        f"one_timers is {one_timers:,}. Use the calibration summary `crumb` (orders up to "
        "2024-12-31) and count the rows with frequency == 0."
    )
