OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import (
    champions_customer_share,
    champions_share_of_all_revenue,
    spend_share_of_champions,
)
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="RFM: score every identified customer as of 31 December 2025 "
    "(customers.rfm does it); the answer is the Champions' total `monetary` divided by the "
    "total `monetary` of all scored customers.",
)
def check_champions(champions_spend_share):
    value = champions_spend_share
    assert value is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(value, numbers.Real), (
        f"champions_spend_share should be one number (a fraction), not a {type(value).__name__}."
    )
    expected = spend_share_of_champions()
    if abs(value - 100 * expected) < 0.01:
        raise AssertionError("That is a percentage: give the share as a fraction.")
    if abs(value - champions_customer_share()) < 1e-6:
        raise AssertionError(
            "That is the Champions' share of customers. The question asks for their share of "
            "spend: sum the `monetary` column by segment."
        )
    if abs(value - champions_share_of_all_revenue()) < 1e-6:
        raise AssertionError(
            "You divided by all revenue, guests included. RFM scores identified customers "
            "only: divide by the total `monetary` of the RFM table."
        )
    assert abs(value - expected) < 1e-6, (
        f"champions_spend_share is {value:.4f}. Use the default `as_of` (the last day of "
        "the data) and all orders, so every identified customer is scored."
    )
