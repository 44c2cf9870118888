OK_FORMAT = False

import os
import sys

import pandas as pd

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import AOV_TARGET, aov, planned, traffic_light
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="june = aov_goal.evaluate(<net AOV of June 2025>, "
    '"2025-06-01"); June is half-way from the December 2024 baseline to December 2025.',
)
def check_evaluation(june):
    assert june is not ..., "Not answered yet: replace `...` with aov_goal.evaluate(...)."
    assert all(hasattr(june, a) for a in ("at", "actual", "expected", "status")), (
        f"june should be what aov_goal.evaluate(...) returns (a GoalEvaluation), not a "
        f"{type(june).__name__}."
    )
    assert pd.Timestamp(june.at) == pd.Timestamp("2025-06-01"), (
        f"You evaluated the goal at {pd.Timestamp(june.at):%Y-%m-%d}; evaluate it at "
        "'2025-06-01', the month the actual value measures."
    )
    actual = aov("2025-06")
    if abs(june.actual - aov("2025-06", refunds=False)) < 1e-6:
        raise AssertionError("The actual AOV uses gross revenue: subtract `refunded` first.")
    if abs(june.actual - AOV_TARGET) < 1e-9:
        raise AssertionError("You passed the target as the actual value: pass June's AOV.")
    assert abs(june.actual - actual) < 0.005, (
        f"The actual value you passed is {june.actual:.2f}, not June 2025's net AOV "
        "(net revenue / number of orders, for orders dated in June 2025)."
    )
    expected = planned(aov("2024-12"), AOV_TARGET, 0.5)
    assert abs(june.expected - expected) < 0.005, (
        f"The plan's value is {june.expected:.2f}, but half-way along a compound plan it "
        "should be sqrt(baseline * target). Did you change aov_goal?"
    )
    assert june.status == traffic_light(actual, expected, "higher"), (
        f"Status {june.status!r} does not match the default bands: use evaluate's defaults."
    )
