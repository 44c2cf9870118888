OK_FORMAT = False

import math
import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import ORDER_COST, eoq, holding_cost, yearly_demand
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="EOQ = sqrt(2 D S / H): D = total brass bar kg received in 2025, "
    "S = 150 USD per order, H = 0.25 x the mean price_per_kg (USD per kg a year).",
)
def check_eoq(eoq_kg):
    assert eoq_kg is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(eoq_kg, numbers.Real), (
        f"eoq_kg should be one number (kg), not a {type(eoq_kg).__name__}."
    )
    expected = eoq()
    if abs(eoq_kg - expected) < 0.01:
        return
    if abs(eoq_kg - eoq(factor=1.0)) < 0.01:
        raise AssertionError("You left out the 2: EOQ = sqrt(2 D S / H).")
    if abs(eoq_kg - expected**2) < 1:
        raise AssertionError("You forgot the square root.")
    if abs(eoq_kg - eoq(holding=0.25)) < 0.01 or abs(eoq_kg - eoq(holding=25.0)) < 0.01:
        raise AssertionError(
            "The holding cost H is in USD per kg a year: 25 % OF the average price per kg, "
            "0.25 * brass['price_per_kg'].mean(), not the rate on its own."
        )
    if abs(eoq_kg - math.sqrt(2 * yearly_demand() / 12 * ORDER_COST / holding_cost())) < 0.01:
        raise AssertionError(
            "D and H must cover the same period: both per year (you used monthly demand)."
        )
    assert abs(eoq_kg - expected) < 0.01, (
        f"eoq_kg is {eoq_kg:,.2f} kg. Use only the 2025 brass bar lots (already in `brass`), "
        "D = their total quantity_kg, S = 150 and H = 0.25 x their mean price_per_kg."
    )
