OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import chance
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Simulate the base case for 12 months (paths=2000, seed=0) and take the "
    "share of paths whose total revenue reaches 1.1 x the 2025 revenue.",
)
def check_chance(chance_target):
    assert chance_target is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(chance_target, numbers.Real), (
        f"chance_target should be one number, not a {type(chance_target).__name__}."
    )
    right = chance()
    if abs(chance_target - right) < 1e-9:
        return
    if abs(chance_target - (1 - right)) < 1e-9:
        raise AssertionError("That is the chance of missing the target: reach it means >=.")
    if abs(chance_target - 100 * right) < 1e-6:
        raise AssertionError("That is a percentage: give the chance as a fraction (0-1).")
    raise AssertionError(
        f"chance_target is {chance_target:.4f}. Use horizon=12 (the year 2026), how='total' "
        "(revenue summed over the 12 months) and target = 1.1 x revenue_2025."
    )
