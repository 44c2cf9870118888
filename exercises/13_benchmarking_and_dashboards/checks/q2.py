OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import better_than, percentile, turnover
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Place the 2024 employee turnover on the bakery peers' "
    "yearly row (freq 'Y'), then remember that lower turnover is better: the share of "
    "peers the bakery beats is 100 minus the percentile.",
)
def check_better_than(turnover_better_than):
    assert turnover_better_than is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(turnover_better_than, numbers.Real), (
        "turnover_better_than should be one number from 0 to 100 (a share of peers, in %)."
    )
    value = turnover(2024)
    expected = better_than(value, "employee_turnover", "Y")
    if abs(turnover_better_than - percentile(value, "employee_turnover", "Y")) < 0.01:
        raise AssertionError(
            "That is the percentile: the share of peers with LOWER turnover, who do better "
            "than the bakery. For turnover lower is better, so take 100 minus it."
        )
    if abs(turnover_better_than - better_than(value, "employee_turnover", "Q")) < 0.01:
        raise AssertionError(
            "You used the quarterly benchmark row. The 2024 turnover counts a whole year's "
            "leavers: use the row whose freq is 'Y'."
        )
    if abs(turnover_better_than * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: give the share of peers in percent.")
    assert 0 <= turnover_better_than <= 100, "A share of peers lies between 0 and 100 %."
    assert abs(turnover_better_than - expected) < 0.01, (
        f"turnover_better_than is {turnover_better_than:.2f}. Use the 2024 yearly turnover "
        "and the bakery peers' yearly row, interpolating between its percentiles."
    )
