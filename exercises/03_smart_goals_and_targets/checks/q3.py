OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import CAC_TARGET, active_customers, cac, spend, traffic_light
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="CAC = December 2025 marketing spend / customers whose "
    "first order ever is in December 2025; status with polarity='lower' (a cost).",
)
def check_cac(cac_dec, cac_status):
    assert cac_dec is not ..., "Not answered yet: replace `...` in `cac_dec`."
    assert isinstance(cac_dec, numbers.Real), "cac_dec should be one number, in USD."
    expected = cac("2025-12")
    if abs(cac_dec - spend("2025-12") / active_customers("2025-12")) < 1e-6:
        raise AssertionError(
            "You divided by every customer who ordered in December. CAC counts only the new "
            "ones: customers whose first order ever falls in December 2025."
        )
    assert abs(cac_dec - expected) < 0.005, (
        f"cac_dec is {cac_dec:.2f}. Sum the marketing `spend` dated in December 2025 and divide "
        "by the number of customer_ids whose earliest order date is in December 2025."
    )
    assert cac_status is not ..., "Not answered yet: replace `...` in `cac_status`."
    assert cac_status in ("on track", "at risk", "off track"), (
        f"cac_status should be 'on track', 'at risk' or 'off track', not {cac_status!r}."
    )
    right = traffic_light(expected, CAC_TARGET, "lower")
    if cac_status == traffic_light(expected, CAC_TARGET, "higher") != right:
        raise AssertionError(
            "That is the status with polarity 'higher'. For a cost, being above target is the "
            "bad side: pass polarity='lower'."
        )
    assert cac_status == right, (
        f"cac_status is {cac_status!r}. The shortfall is (cac - target) / target: up to 5 % is "
        "on track, 5-10 % at risk, more is off track."
    )
