OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import best_by
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Take the explore_share of the row with the largest mean_profit.",
)
def check_best(best_share):
    assert best_share is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(best_share, numbers.Real), (
        f"best_share should be one number (a fraction), not a {type(best_share).__name__}."
    )
    right = best_by("mean_profit")
    if abs(best_share - right) < 1e-9:
        return
    if abs(best_share - 100 * right) < 1e-6:
        raise AssertionError("That is a percentage; give the share as a fraction, e.g. 0.2.")
    if abs(best_share - best_by("upper")) < 1e-9:
        raise AssertionError(
            "That share has the best *lucky* outcome (the highest upper bound); the question "
            "asks for the highest average, mean_profit."
        )
    if abs(best_share - best_by("found_better")) < 1e-9:
        raise AssertionError(
            "That share most often finds an idea better than the core line, but finding is "
            "not profiting: exploring more costs more. Use mean_profit."
        )
    raise AssertionError(f"best_share is {best_share}, not the share with the highest mean_profit.")
