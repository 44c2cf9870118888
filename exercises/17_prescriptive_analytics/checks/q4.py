OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import reorder_point, safety_stock, safety_stock_added_sds
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Safety stock = z * sqrt(L * sd_d**2 + d**2 * sd_L**2) with z for 95 % "
    "(about 1.645), d = 2025 kg / 365, sd_d = 450, L and sd_L = mean and std of the lead times.",
)
def check_safety(safety_kg):
    assert safety_kg is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(safety_kg, numbers.Real), (
        f"safety_kg should be one number (kg), not a {type(safety_kg).__name__}."
    )
    expected = safety_stock()
    if abs(safety_kg - expected) < 0.01:
        return
    if abs(safety_kg - safety_stock(varying=False)) < 0.01:
        raise AssertionError(
            "That is the safety stock for a FIXED lead time (z * sd_d * sqrt(L)). The question "
            "asks to cover late deliveries too: add d**2 * sd_L**2 under the square root."
        )
    if abs(safety_kg - safety_stock_added_sds()) < 0.01:
        raise AssertionError(
            "You added the two standard deviations. Independent uncertainties add as "
            "variances: z * sqrt(L * sd_d**2 + d**2 * sd_L**2)."
        )
    if abs(safety_kg - safety_stock(level=0.975)) < 0.01:
        raise AssertionError(
            "z = 1.96 is for a two-sided 95 % interval. A 95 % service level is one-sided: "
            "z = NormalDist().inv_cdf(0.95), about 1.645."
        )
    if abs(safety_kg - reorder_point()) < 0.01:
        raise AssertionError(
            "That is the reorder point (lead-time demand + safety stock). Give the safety "
            "stock alone."
        )
    assert abs(safety_kg - expected) < 0.01, (
        f"safety_kg is {safety_kg:,.2f} kg. Check d (2025 total / 365), the lead time mean "
        "and std of the 2025 brass bar lots, sd_d = 450 and z for 0.95."
    )
