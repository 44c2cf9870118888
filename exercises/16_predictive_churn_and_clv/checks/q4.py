OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import confident, p_alive, summary
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Among customers with frequency > 0 and P(alive) >= 0.9 at the end of "
    "2024, the share (0 to 1) with at least one visit in 2025 (frequency_holdout > 0).",
)
def check_share(share_back_confident):
    assert share_back_confident is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(share_back_confident, numbers.Real), (
        f"share_back_confident should be one number between 0 and 1, not a "
        f"{type(share_back_confident).__name__}. The mean of a True/False column is a share."
    )
    group = confident()
    right = float((group["holdout"] > 0).mean())
    if abs(share_back_confident - right) < 1e-6:
        return
    if abs(share_back_confident - float(group["p_alive"].mean())) < 1e-6:
        raise AssertionError(
            "That is the model's own average P(alive) for the group, not what happened. "
            "Evaluate honestly: compare with frequency_holdout > 0."
        )
    if share_back_confident == int((group["holdout"] > 0).sum()):
        raise AssertionError("That is a count of customers: divide by the group's size.")
    s = summary()
    pa = p_alive(s["x"], s["t_x"], s["T"])
    with_once = s[pa >= 0.9]
    if abs(share_back_confident - float((with_once["holdout"] > 0).mean())) < 1e-6:
        raise AssertionError(
            "That group includes the one-time customers, whose P(alive) is 1 by the model's "
            "convention whatever they do. Keep frequency > 0 only."
        )
    assert abs(share_back_confident - right) < 1e-6, (
        f"share_back_confident is {share_back_confident:.4f}. Keep customers with frequency > 0 "
        "and P(alive) >= 0.9, then take the share with frequency_holdout > 0."
    )
