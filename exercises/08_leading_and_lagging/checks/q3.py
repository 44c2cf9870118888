OK_FORMAT = False

import math
import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import engagement_coefficient, engagement_odds_ratio
from otter.test_files import test_case

name = "q3"

TOL = 0.002


@test_case(
    points=1,
    failure_message="Target: churns_next_month = 1 when months_to_churn == 1. Fit the logit "
    "on the months up to December 2024 with the formula given, and take exp() of the "
    "`engagement` coefficient: the odds ratio for 10 more engagement points.",
)
def check_engagement_or(engagement_or):
    value = engagement_or
    assert value is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"engagement_or should be one number, not a {type(value).__name__}."
    )
    expected = engagement_odds_ratio()
    if abs(value - engagement_coefficient()) < TOL:
        raise AssertionError(
            "That is the coefficient, on the log-odds scale. The odds ratio is its "
            "exponential: np.exp(model.params['engagement'])."
        )
    assert value > 0, "An odds ratio is a ratio of odds, always above 0."
    if abs(value - 1 / expected) < TOL:
        raise AssertionError(
            "That is 1 / odds ratio, the factor for 10 points *less* engagement. The question "
            "asks for the odds ratio of the `engagement` term as the model reports it."
        )
    if abs(value - math.exp(engagement_coefficient() / 10)) < TOL:
        raise AssertionError(
            "That is per single point. `engagement` is in tens of points (the score / 10), so "
            "its odds ratio is per 10 points: exp of the coefficient as fitted."
        )
    if abs(value - engagement_odds_ratio(target_lead=0)) < TOL:
        raise AssertionError(
            "Your target is churn in the same month (months_to_churn == 0). The model "
            "predicts next month: churns_next_month = (months_to_churn == 1)."
        )
    if abs(value - engagement_odds_ratio(split=False)) < TOL:
        raise AssertionError(
            "That model was fitted on every month, 2025 included. Fit on the months up to "
            "December 2024 only, so that 2025 stays a fair test in Question 4."
        )
    assert abs(value - expected) < TOL, (
        f"engagement_or is {value:.3f}. Check the target, the training months (up to "
        "2024-12-01 included) and the formula."
    )
