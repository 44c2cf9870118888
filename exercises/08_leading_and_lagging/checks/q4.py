OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import auc
from otter.test_files import test_case

name = "q4"

TOL = 0.002


@test_case(
    points=1,
    failure_message="Predict the risk of every account-month of 2025 with the model of "
    "Question 3; AUC = the chance that a 2025 account-month followed by churn gets a higher "
    "risk than one that is not (ranks: (sum of the positives' ranks - n1 (n1 + 1) / 2) / "
    "(n1 n0)).",
)
def check_holdout_auc(holdout_auc):
    value = holdout_auc
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"holdout_auc should be one number between 0 and 1, not a {type(value).__name__}."
    )
    expected = auc("test")
    if abs(value - auc("train")) < TOL:
        raise AssertionError(
            "That is the AUC on the months the model was fitted on, which flatters it. "
            "Score the 2025 account-months, which the model has not seen."
        )
    if abs(value - (1 - expected)) < TOL:
        raise AssertionError(
            "That is 1 - AUC: the ranks are reversed. Rank by predicted risk, highest risk "
            "highest rank, and sum the ranks of the account-months followed by churn."
        )
    assert 0 <= value <= 1, f"holdout_auc = {value:.3f}: an AUC lies between 0 and 1."
    assert abs(value - expected) < TOL, (
        f"holdout_auc is {value:.3f}. Use the rows with month from 2025-01-01 on, the model "
        "of Question 3 and its predicted probabilities."
    )
