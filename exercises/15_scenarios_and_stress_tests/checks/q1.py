OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import cash_out, cash_out_final, cash_out_rows
from otter.test_files import test_case

name = "q1"


@test_case(
    points=1,
    failure_message="Share of the 2,000 paths whose cash is below zero in at least one of "
    "the 24 months (a fraction between 0 and 1).",
)
def check_cash_out(competitor_cash_out):
    assert competitor_cash_out is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(competitor_cash_out, numbers.Real), (
        f"competitor_cash_out should be one number, not a {type(competitor_cash_out).__name__}."
    )
    right = cash_out("new_competitor")
    if abs(competitor_cash_out - right) < 1e-9:
        return
    if abs(competitor_cash_out - 100 * right) < 1e-6:
        raise AssertionError("That is a percentage: give the share as a fraction (0-1).")
    if abs(competitor_cash_out - cash_out_rows("new_competitor")) < 1e-9:
        raise AssertionError(
            "That is the share of path-months below zero. A path counts once if its cash "
            "goes below zero in ANY month: take each path's minimum cash first."
        )
    if abs(competitor_cash_out - cash_out_final("new_competitor")) < 1e-9:
        raise AssertionError(
            "That only looks at the last month. Some paths dip below zero and recover: they "
            "ran out of cash too. Use each path's lowest cash."
        )
    raise AssertionError(
        f"competitor_cash_out is {competitor_cash_out:.4f}. Simulate "
        "scenarios['new_competitor'] with horizon=24, paths=2000, seed=0."
    )
