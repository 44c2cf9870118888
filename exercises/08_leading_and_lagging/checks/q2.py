OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import engagement_gap
from otter.test_files import test_case

name = "q2"

TOL = 0.05


@test_case(
    points=1,
    failure_message="Mean engagement score over the account-months of accounts that never "
    "churned, minus the mean engagement score of churned accounts in the month before their "
    "churn month (months_to_churn == 1).",
)
def check_engagement_gap(engagement_gap_pts):
    value = engagement_gap_pts
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"engagement_gap_pts should be one number (points), not a {type(value).__name__}."
    )
    expected = engagement_gap()
    if abs(value + expected) < TOL:
        raise AssertionError(
            "The sign is reversed: the question asks for retained minus churners, a positive "
            "gap when churners are less engaged."
        )
    if abs(value - engagement_gap(0)) < TOL:
        raise AssertionError(
            "That uses the churn month itself (months_to_churn == 0). A warning has to come "
            "earlier: use the month before (months_to_churn == 1)."
        )
    if abs(value - engagement_gap(None)) < TOL:
        raise AssertionError(
            "That averages every month of the churned accounts, including their healthy "
            "months long before churn. Keep only the month before the churn month."
        )
    if abs(value - expected / 10) < TOL / 10:
        raise AssertionError(
            "That gap is in tens of points (the model table's `engagement` column is the score "
            "/ 10). Use `engagement_score` in `panel`, in points from 0 to 100."
        )
    assert abs(value - expected) < TOL, (
        f"engagement_gap_pts is {value:.2f} points. Accounts that never churned have no "
        "churn_date; churned accounts count in the month with months_to_churn == 1."
    )
