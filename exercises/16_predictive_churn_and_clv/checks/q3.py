OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import YEAR, expected, summary
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Expected purchase days in 2025 = the sum over customers of "
    "model.expected_purchases(crumb, t) with t = 365 / 7 weeks (the model's unit).",
)
def check_expected(expected_2025):
    assert expected_2025 is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(expected_2025, numbers.Real), (
        f"expected_2025 should be one number (visits), not a {type(expected_2025).__name__}. "
        "Add up the customers' expectations with .sum()."
    )
    s = summary()
    right = float(expected(s["x"], s["t_x"], s["T"], YEAR).sum())
    if abs(expected_2025 / right - 1) < 1e-3:
        return
    if expected_2025 == int(s["holdout"].sum()):
        raise AssertionError(
            "That is what customers actually did in 2025 (frequency_holdout), not what the "
            "model expected from 2022-2024. Ask the model."
        )
    if abs(expected_2025 / float(expected(s["x"], s["t_x"], s["T"], 365.0).sum()) - 1) < 1e-3:
        raise AssertionError(
            "t = 365 is in days, but the model counts time in weeks: use t = 365 / 7."
        )
    assert abs(expected_2025 / right - 1) < 1e-3, (
        f"expected_2025 is {expected_2025:,.0f}. Use each customer's own history: "
        "model.expected_purchases(crumb, 365 / 7).sum(), not the formula for a new customer."
    )
