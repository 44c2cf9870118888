OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import xmr
from otter.test_files import test_case

name = "q2"


@test_case(
    points=1,
    failure_message="XmR upper limit = mean of the 25 weekly totals + 2.66 x the mean "
    "absolute difference between consecutive weeks (the average moving range).",
)
def check_xmr_upper(xmr_upper):
    assert xmr_upper is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(xmr_upper, numbers.Real), (
        f"xmr_upper should be one number (orders per week), not a {type(xmr_upper).__name__}."
    )
    centre, mr_bar, sd = xmr()
    if abs(xmr_upper - (centre + 2.66 * mr_bar)) < 0.01:
        return
    if abs(xmr_upper - (centre + 3 * sd)) < 0.01:
        raise AssertionError(
            "That uses 3 x the standard deviation. An XmR chart estimates the spread from the "
            "moving ranges instead (so a trend or a shift does not widen the limits): use 2.66 "
            "x the average moving range."
        )
    if abs(xmr_upper - (centre + 3 * mr_bar)) < 0.01:
        raise AssertionError(
            "Close: the factor is 2.66 (= 3 / 1.128), not 3. The average moving range is not "
            "itself a standard deviation."
        )
    if abs(xmr_upper - (centre - 2.66 * mr_bar)) < 0.01:
        raise AssertionError("That is the lower limit: add 2.66 x the average moving range.")
    raise AssertionError(
        f"xmr_upper is {xmr_upper:,.2f}. Use the weekly totals in `weeks` (25 weeks), "
        "their mean, and the mean of the absolute week-to-week differences (np.diff)."
    )
