OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import confusion, fpr
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="False-positive rate = flagged among those who did NOT churn = FP ÷ (FP + TN), "
    "within the smb segment only.",
)
def check_fpr(fpr_smb):
    assert fpr_smb is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(fpr_smb, numbers.Real), (
        f"fpr_smb should be one number (a fraction), not a {type(fpr_smb).__name__}."
    )
    k = confusion("smb")
    if abs(fpr_smb - fpr("smb")) < 1e-9:
        return
    if abs(fpr_smb - k["fp"] / (k["fp"] + k["tp"])) < 1e-9:
        raise AssertionError(
            "That is the share of flagged accounts that did not churn (the false discovery "
            "rate). The false-positive rate divides by the accounts that did not churn."
        )
    if abs(fpr_smb - k["fp"] / sum(k.values())) < 1e-9:
        raise AssertionError(
            "You divided by every smb account; divide by the smb accounts that did not churn."
        )
    if abs(fpr_smb - k["fn"] / (k["fn"] + k["tp"])) < 1e-9:
        raise AssertionError(
            "That is the false-negative rate (churners the flag missed). The false-positive "
            "rate is about accounts that stayed but were flagged."
        )
    if abs(fpr_smb - fpr(None)) < 1e-9:
        raise AssertionError("That is the rate for all segments; keep only segment == 'smb'.")
    if abs(fpr_smb - 100 * fpr("smb")) < 1e-6:
        raise AssertionError("That is a percentage; give a fraction between 0 and 1.")
    raise AssertionError(f"fpr_smb is {fpr_smb:.4f}, not FP ÷ (FP + TN) for the smb segment.")
