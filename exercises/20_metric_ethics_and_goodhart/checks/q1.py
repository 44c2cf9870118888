OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import change_abs, change_pct
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Percentage change = 100 × (mean after / mean before − 1), where each mean "
    "is taken over every person-week of its period, for the paid metric orders_per_hour.",
)
def check_metric(metric_change_pct):
    assert metric_change_pct is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(metric_change_pct, numbers.Real), (
        f"metric_change_pct should be one number, not a {type(metric_change_pct).__name__}."
    )
    right = change_pct("orders_per_hour")
    if abs(metric_change_pct - right) < 0.01:
        return
    if abs(metric_change_pct - right / 100) < 1e-4:
        raise AssertionError("That is a fraction; give the percentage (multiply by 100).")
    if (
        abs(metric_change_pct - (100 + right)) < 0.01
        or abs(metric_change_pct - (1 + right / 100)) < 1e-4
    ):
        raise AssertionError(
            "That is after ÷ before (the ratio); the change is the ratio minus 1, in percent."
        )
    if abs(metric_change_pct - change_pct("customers_per_hour")) < 0.01:
        raise AssertionError(
            "That is the change in customers_per_hour (question 2); this one asks for the paid "
            "metric, orders_per_hour."
        )
    if abs(metric_change_pct - change_pct("orders_per_hour", gamers_only=True)) < 0.01:
        raise AssertionError(
            "That is the change for the staff who game only; the owner's dashboard shows the "
            "whole team, so average over everyone."
        )
    if abs(metric_change_pct - change_abs("orders_per_hour")) < 0.01:
        raise AssertionError(
            "That is the change in orders per hour (after − before), not a percentage of the "
            "before value."
        )
    raise AssertionError(
        f"metric_change_pct is {metric_change_pct:.2f}, not the change in the team's mean "
        "orders_per_hour from before to after the bonus."
    )
