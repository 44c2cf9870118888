OK_FORMAT = False

import numbers
import os
import sys

import numpy as np

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import variance
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Cost variance = November 2025's cost of the lines - budget (November "
    "2024's cost x (1 + GROWTH_TARGET)). Cost has polarity 'lower': spending less than "
    "budget is favourable.",
)
def check_cost(cost_variance_nov, cost_favourable):
    assert cost_variance_nov is not ..., "Not answered yet: replace the first `...`."
    assert cost_favourable is not ..., "Not answered yet: replace the second `...`."
    assert isinstance(cost_variance_nov, numbers.Real), (
        "cost_variance_nov should be one number in USD."
    )
    expected = variance("2025-11", "cost")
    if abs(cost_variance_nov + expected) < 0.01:
        raise AssertionError("The sign is the wrong way round: variance = actual - budget.")
    if abs(cost_variance_nov - variance("2025-11")) < 0.01:
        raise AssertionError("That is the revenue variance: use the `cost` column.")
    assert abs(cost_variance_nov - expected) < 0.01, (
        f"cost_variance_nov is {cost_variance_nov:,.2f} USD; the budget is November 2024's "
        "cost x (1 + GROWTH_TARGET)."
    )
    assert isinstance(cost_favourable, bool | np.bool_), (
        f"cost_favourable should be True or False, not {cost_favourable!r}."
    )
    assert bool(cost_favourable) == bool(expected <= 0), (
        "For a cost, lower is better: a variance below zero (spent less than budget) is "
        "favourable, a variance above zero unfavourable. Revenue works the other way."
    )
