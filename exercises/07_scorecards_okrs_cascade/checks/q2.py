OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import objective_score, refund_progress, repeat_progress
from otter.test_files import test_case

name = "q2"

TOL = 0.005


@test_case(
    points=1,
    failure_message="The objective score is the mean of its key results' progress, each "
    "capped to [0, 1]. The refund key result runs from the Q4 2024 refund rate down to "
    "0.60 %: lower is better, and the same formula (current - start) / (target - start) works.",
)
def check_objective_score(objective_score_q4):
    value = objective_score_q4
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real) and not isinstance(value, bool), (
        f"objective_score_q4 should be one number between 0 and 1, not a {type(value).__name__}."
    )
    expected = objective_score()
    if abs(value / 100 - expected) < TOL:
        raise AssertionError("That is in percent: an OKR score runs from 0 to 1.")
    raw = refund_progress(clip=False)
    if abs(value - (repeat_progress() + raw) / 2) < TOL:
        raise AssertionError(
            f"The refund rate got worse than its start (raw progress {raw:.2f}). Progress is "
            "capped at 0: going backwards scores 0, it does not subtract from the other key "
            "result."
        )
    if abs(value - (repeat_progress() - raw) / 2) < TOL:
        raise AssertionError(
            "The refund key result's sign is flipped: the refund rate rose, which is worse, "
            "so its progress cannot be positive. Use (current - start) / (target - start) as "
            "it is: with a target below the start, both differences are negative when the "
            "rate improves."
        )
    if abs(value - repeat_progress()) < TOL:
        raise AssertionError("That is the repeat key result alone: average both key results.")
    assert 0 <= value <= 1, f"{value:.3f} is outside 0-1: cap each key result at 0 and 1."
    assert abs(value - expected) < TOL, (
        f"objective_score_q4 is {value:.3f}. Compute the refund rate as refunded / revenue x 100 "
        "for each quarter, then average the two key results' progress."
    )
