OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import UNIT_COST, elasticity
from _answers import best_price as expected_price
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="Best price with constant elasticity e < -1 and unit cost c: "
    "p* = c * e / (1 + e), using the elasticity you estimated in question 1.",
)
def check_best_price(best_price):
    assert best_price is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(best_price, numbers.Real), (
        f"best_price should be one number (USD), not a {type(best_price).__name__}."
    )
    e = elasticity()
    expected = expected_price()
    if abs(best_price - expected) < 1e-4:
        return
    if abs(best_price - expected_price(-2.6)) < 1e-4:
        raise AssertionError(
            "You used the planted -2.6. Use the elasticity estimated from the data (question 1)."
        )
    if abs(best_price - UNIT_COST * (1 + e) / e) < 1e-4:
        raise AssertionError(
            "Your mark-up is upside down: p* = c * e / (1 + e), which is above the unit cost "
            "when e < -1."
        )
    if abs(best_price - e / (1 + e)) < 1e-4:
        raise AssertionError(
            "That is the mark-up factor e / (1 + e) alone: multiply it by the unit cost."
        )
    if abs(best_price - UNIT_COST * abs(e) / (1 + abs(e))) < 1e-4:
        raise AssertionError(
            "You dropped the elasticity's sign, which gives a price below cost. Keep e negative "
            "in p* = c * e / (1 + e)."
        )
    assert best_price > UNIT_COST, (
        f"{best_price:.2f} USD is not above the unit cost of {UNIT_COST:.2f} USD: selling "
        "below cost cannot maximise profit."
    )
    assert abs(best_price - expected) < 1e-4, (
        f"best_price is {best_price:.4f} USD. Compute UNIT_COST * e / (1 + e) with your "
        "unrounded elasticity from question 1."
    )
