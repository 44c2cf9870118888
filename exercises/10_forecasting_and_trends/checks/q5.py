OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import goal_chance
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Goal: baseline = December 2025 revenue, target = 1.2 x "
    "baseline by 2026-12-01, higher is better; outlook = fc.goal_outlook(goal, forecast "
    "of the full history, 'ets', level 0.9); answer outlook.chance.",
)
def check_chance(chance_goal):
    assert chance_goal is not ..., "Not answered yet: replace `...` with your answer."
    if isinstance(chance_goal, str):
        raise AssertionError(
            f"{chance_goal!r} is the verdict; the question asks for the chance, a number "
            "(outlook.chance)."
        )
    assert isinstance(chance_goal, numbers.Real), (
        f"chance_goal should be a number between 0 and 1, not a {type(chance_goal).__name__}."
    )
    expected = goal_chance()
    if abs(chance_goal - expected) < 1e-4:
        return
    if abs(chance_goal - 100 * expected) < 0.5:
        raise AssertionError("That is a percentage: give the chance as a fraction (0.25, not 25).")
    assert 0 <= chance_goal <= 1, "A chance lies between 0 and 1."
    if abs(chance_goal - (1 - expected)) < 0.005:
        raise AssertionError(
            "That is the chance of missing the target. For a higher-is-better goal the chance "
            "of reaching it is the share of the forecast distribution above the target."
        )
    assert abs(chance_goal - expected) < 1e-4, (
        f"chance_goal is {chance_goal:.3f}. Check the target (1.2 x December 2025, not "
        "rounded), that the forecast uses the whole history up to December 2025, and "
        "level=0.9."
    )
