OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import aov_december
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Net AOV = (revenue - refunded) summed over the cleaned "
    "orders created in December 2025, divided by the number of those orders.",
)
def check_aov(aov_december_usd):
    assert aov_december_usd is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(aov_december_usd, numbers.Real), (
        f"aov_december_usd should be one number (USD), not a {type(aov_december_usd).__name__}."
    )
    if abs(aov_december_usd - aov_december(net=False)) < 0.005:
        raise AssertionError("That is gross AOV: subtract the refunded column from revenue.")
    if abs(aov_december_usd - aov_december(clean=False)) < 0.005:
        raise AssertionError(
            "Your orders include test, voided or cancelled ones: use read.data, the cleaned "
            "table, not the raw file."
        )
    assert aov_december_usd > 5, (
        f"{aov_december_usd:.2f} USD is too small for an order: did you divide by the number of "
        "line-item rows of the raw file? Each order counts once."
    )
    assert abs(aov_december_usd - aov_december()) < 0.005, (
        f"aov_december_usd is {aov_december_usd:.2f}. Keep the orders dated 1-31 December 2025 "
        "and divide by how many there are."
    )
