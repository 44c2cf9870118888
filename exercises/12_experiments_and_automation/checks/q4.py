OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import flows, payback
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Monthly cash flow = adoption x 1,200 - 100, with adoption "
    "25 %, 50 %, 75 %, then 100 %; payback is when the cumulative flow (starting at "
    "-9,000) reaches 0, counting each month's flow as arriving evenly.",
)
def check_payback(payback_months):
    assert payback_months is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(payback_months, numbers.Real), "payback_months should be one number."
    expected = payback(flows())
    if abs(payback_months - payback(flows(ramp=False))) < 0.01:
        raise AssertionError("You left out the adoption ramp: the first three months save less.")
    if abs(payback_months - payback(flows(subscription=False))) < 0.01:
        raise AssertionError("You left out the 100 USD monthly subscription.")
    if abs(payback_months - payback(flows(ramp=False, subscription=False))) < 0.01:
        raise AssertionError(
            "9,000 / 1,200 ignores both the ramp and the subscription: build the monthly flows."
        )
    if (
        abs(payback_months - round(expected)) < 0.01
        or abs(payback_months - int(expected) - 1) < 0.01
    ):
        raise AssertionError(
            "Close: you counted whole months. Assume each month's saving arrives evenly and "
            "add the fraction of the last month needed."
        )
    assert abs(payback_months - expected) < 0.01, (
        f"payback_months is {payback_months:.2f}. Add up the monthly flows from -9,000 and find "
        "where the running total crosses zero."
    )
