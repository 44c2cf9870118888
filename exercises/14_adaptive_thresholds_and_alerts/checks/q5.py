OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import below, episodes, months
from otter.test_files import test_case

name = "q5"


@test_case(
    points=1,
    failure_message="Alerts per month = alert episodes of the fixed line (runs of days below "
    "150 count once) / the number of months in 2025.",
)
def check_fixed_per_month(fixed_per_month):
    assert fixed_per_month is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(fixed_per_month, numbers.Real), (
        f"fixed_per_month should be one number, not a {type(fixed_per_month).__name__}."
    )
    right = episodes(below()) / months()
    if abs(fixed_per_month - right) < 0.01:
        return
    if abs(fixed_per_month - below().sum() / months()) < 0.02:
        raise AssertionError(
            "That counts every day below the line. A run of quiet days in a row sends one "
            "message, so count episodes (monitor.alert_fatigue does)."
        )
    if abs(fixed_per_month - episodes(below())) < 0.01:
        raise AssertionError("That is the number of alerts in the year: divide by the months.")
    raise AssertionError(
        f"fixed_per_month is {fixed_per_month:,.2f}. Use monitor.fixed_threshold on "
        "orders_2025 with lower=150 and read alerts_per_month from monitor.alert_fatigue."
    )
