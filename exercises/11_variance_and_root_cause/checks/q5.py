OK_FORMAT = False

import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import line_variances
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Compare each (location, channel) line's November 2025 revenue with its "
    "budget and pick the line with the most negative variance in USD.",
)
def check_line(worst_line):
    assert worst_line is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(worst_line, tuple | list) and len(worst_line) == 2, (
        "worst_line should be a pair (location, channel), e.g. ('Old Town', 'online')."
    )
    got = tuple(str(x) for x in worst_line)
    table = line_variances("2025-11")
    assert got in set(table.index), (
        f"{got} is not a line of business; lines are {sorted(table.index)}."
    )
    if got == table["pct"].idxmin():
        raise AssertionError(
            "That line has the worst variance in percent, but a small line with a big "
            "percentage explains few dollars. Rank by the variance in USD."
        )
    if got == table["usd"].idxmax():
        raise AssertionError(
            "That line beat its budget by the most. The question asks which line explains "
            "most of the shortfall: the most negative variance."
        )
    assert got == table["usd"].idxmin(), (
        f"{got} is not the line with the largest shortfall in USD; check each line's budget "
        "(November 2024 x (1 + GROWTH_TARGET))."
    )
