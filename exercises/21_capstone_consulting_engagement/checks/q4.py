OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import goal_status
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Build the Goal (baseline = February 2025 revenue, target "
    "3,000 USD by 2026-02-01, higher is better) and evaluate it with December 2025's "
    "revenue: the status compares the actual with the plan for December.",
)
def check_status(goal_status_december):
    assert goal_status_december is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(goal_status_december, str), (
        "goal_status_december should be the status text, e.g. 'on track'; take .status of "
        "the evaluation."
    )
    assert goal_status_december in {"on track", "at risk", "off track"}, (
        f"{goal_status_december!r} is not a status: they are 'on track', 'at risk', 'off track'."
    )
    if goal_status_december == goal_status(3000.0, against_plan=False) != goal_status(3000.0):
        raise AssertionError(
            "You compared December with the final target. The deadline is February 2026: in "
            "December the plan asks for less, so compare with the plan's value for December."
        )
    assert goal_status_december == goal_status(3000.0), (
        "Not the status of December 2025. Check the baseline (February 2025's revenue, from "
        "the cleaned orders) and that you evaluate at 2025-12-01."
    )
