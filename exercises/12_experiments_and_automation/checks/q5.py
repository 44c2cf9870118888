OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import ANNUAL_RATE, flows, monthly_rate, npv
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="NPV = sum over months t = 0..36 of flow_t / 1.08^(t/12), "
    "where flow_0 = -9,000 (today, not discounted) and the monthly flows are those of "
    "question 4.",
)
def check_npv(npv_36):
    assert npv_36 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(npv_36, numbers.Real), "npv_36 should be one number (USD)."
    cash = flows()
    expected = npv(cash, monthly_rate())
    if abs(npv_36 - cash.sum()) < 1:
        raise AssertionError("That is the plain sum of the flows: discount month t by 1.08^(t/12).")
    if abs(npv_36 - npv(cash, ANNUAL_RATE / 12)) < 1:
        raise AssertionError(
            "You used 8 % / 12 a month. The question compounds: (1.08)^(1/12) - 1 a month, so "
            "that twelve months give exactly 8 %."
        )
    if abs(npv_36 - npv(cash, monthly_rate(), shift=1)) < 1:
        raise AssertionError(
            "You discounted the investment too (Excel's NPV does that). Today's flow counts in "
            "full: add -9,000 undiscounted."
        )
    if abs(npv_36 - npv(cash, ANNUAL_RATE)) < 1:
        raise AssertionError("You discounted at 8 % per month; 8 % is a yearly rate.")
    assert abs(npv_36 - expected) < 1, (
        f"npv_36 is {npv_36:,.2f} USD. Check the flows (37 of them: month 0 to 36) and the "
        "discount factor 1.08^(t/12)."
    )
