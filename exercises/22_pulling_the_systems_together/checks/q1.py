OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import win_rate_all_deals, win_rate_q2
from otter.test_files import test_case

name = "q1"

TOL = 0.06


@test_case(
    points=1,
    failure_message="Win rate compares the deals won in the quarter with the deals decided "
    "(won or lost) in it, after both exports are combined into one version of each deal.",
)
def check_win_rate(win_rate_q2_pct):
    assert win_rate_q2_pct is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(win_rate_q2_pct, numbers.Real) and not isinstance(win_rate_q2_pct, bool), (
        "win_rate_q2_pct should be one number (a percentage), not "
        f"a {type(win_rate_q2_pct).__name__}."
    )
    expected = win_rate_q2()
    if 0 < win_rate_q2_pct <= 1 and abs(100 * win_rate_q2_pct - expected) < TOL:
        raise AssertionError("Right idea, but give it in percent (30 for 30 %), not a fraction.")
    assert 0 <= win_rate_q2_pct <= 100, "A win rate is between 0 and 100 %."
    if abs(win_rate_q2_pct - win_rate_all_deals()) < TOL:
        raise AssertionError(
            "That divides by every deal in the CRM, open ones and other quarters included. "
            "Which deals had an outcome in Q2?"
        )
    if abs(win_rate_q2_pct - win_rate_q2(include_open=True)) < TOL:
        raise AssertionError(
            "Your denominator counts deals that are still open. An open deal has not been "
            "decided yet: it is neither a win nor a loss."
        )
    for k in (1, 2):
        if abs(win_rate_q2_pct - win_rate_q2(only_file=k)) < TOL:
            raise AssertionError(
                f"That uses export {k} only. Read both files together: each holds deals the "
                "other does not, and the later version of a deal is the one to keep."
            )
    if abs(win_rate_q2_pct - win_rate_q2(latest=False)) < TOL:
        raise AssertionError(
            "Some deals are counted twice: the two exports overlap. Keep one version of each "
            "deal (io.read_deals does this for you)."
        )
    assert abs(win_rate_q2_pct - expected) < TOL, (
        f"win_rate_q2_pct is {win_rate_q2_pct:.2f}. Check the quarter (April to June 2025, by "
        "close date) and that only won and lost deals are counted."
    )
