OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import as_pair, confusion, fpr_interval, wald
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Wilson interval of FP out of (FP + TN) smb accounts, at 95 %, as "
    "(lower, upper) fractions.",
)
def check_interval(fpr_smb_interval):
    assert fpr_smb_interval is not ..., "Not answered yet: replace `...` with your answer."
    pair = as_pair(fpr_smb_interval)
    assert pair is not None, (
        "fpr_smb_interval should be two numbers (lower, upper), e.g. the tuple that "
        "proportion_confint returns."
    )
    lo, hi = float(pair[0]), float(pair[1])
    right = fpr_interval("smb")
    if abs(lo - right[0]) < 1e-6 and abs(hi - right[1]) < 1e-6:
        return
    if abs(lo - right[1]) < 1e-6 and abs(hi - right[0]) < 1e-6:
        raise AssertionError("The bounds are swapped: give (lower, upper).")
    k = confusion("smb")
    normal = wald(k["fp"], k["fp"] + k["tn"])
    if abs(lo - normal[0]) < 1e-6 and abs(hi - normal[1]) < 1e-6:
        raise AssertionError(
            "That is the normal-approximation (Wald) interval; pass method='wilson'. With few "
            "events the Wald interval is too narrow and can go below 0."
        )
    level90 = fpr_interval("smb", 0.9)
    if abs(lo - level90[0]) < 1e-6 and abs(hi - level90[1]) < 1e-6:
        raise AssertionError("That is a 90 % interval; use 95 % (alpha=0.05).")
    if abs(lo - 100 * right[0]) < 1e-4:
        raise AssertionError("Those are percentages; give fractions between 0 and 1.")
    raise AssertionError(
        f"({lo:.4f}, {hi:.4f}) is not the 95 % Wilson interval of FP out of FP + TN smb accounts."
    )
