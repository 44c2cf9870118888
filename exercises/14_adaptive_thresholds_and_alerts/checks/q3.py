OK_FORMAT = False

import numbers
import os
import sys

if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import below, episodes, seasonal_flags
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Run monitor.seasonal_baseline on `recent` (period=7, window=8, k=3), "
    "keep the rows of 2025 and count the alerts with monitor.alert_fatigue (runs of "
    "signalling days count once).",
)
def check_seasonal_alerts(seasonal_alerts):
    assert seasonal_alerts is not ..., "Not answered yet: replace `...` with your answer."
    assert isinstance(seasonal_alerts, numbers.Integral) and not isinstance(
        seasonal_alerts, bool
    ), f"seasonal_alerts should be a whole number, not a {type(seasonal_alerts).__name__}."
    right = episodes(seasonal_flags())
    if seasonal_alerts == right:
        return
    if seasonal_alerts in (int(below().sum()), episodes(below())):
        raise AssertionError(
            "That is the fixed line of question 1. Use the seasonal baseline, which compares "
            "each day with the same weekday of the last 8 weeks."
        )
    raise AssertionError(
        f"seasonal_alerts is {seasonal_alerts}. Build the baseline on `recent` (it needs the "
        "autumn of 2024 as history), then keep only dates in 2025 before counting."
    )
