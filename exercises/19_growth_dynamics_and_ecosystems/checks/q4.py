OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import scrap_per_1000
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Waste per 1,000 units = 1,000 x scrapped units / units produced, both "
    "summed over all lines and products of 2024.",
)
def check_waste(scrap_2024):
    assert scrap_2024 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(scrap_2024, numbers.Real), (
        f"scrap_2024 should be one number, not a {type(scrap_2024).__name__}."
    )
    expected = scrap_per_1000()
    if abs(scrap_2024 - expected) < 1e-6:
        return
    if abs(scrap_2024 - expected / 1000) < 1e-9:
        raise AssertionError("That is per unit: multiply by 1,000 for scrap per 1,000 units.")
    if abs(scrap_2024 - scrap_per_1000("units_defective")) < 1e-6:
        raise AssertionError(
            "You used defective units. Waste is what was thrown away: units_scrapped "
            "(a defect count is a quality measure, not a waste measure)."
        )
    if abs(scrap_2024 - scrap_per_1000(year=None)) < 1e-6:
        raise AssertionError("That covers every year: keep only the 2024 production rows.")
    assert abs(scrap_2024 - expected) < 1e-6, (
        f"scrap_2024 is {scrap_2024:.4f}. Sum units_scrapped and units_produced over 2024 "
        "first, then divide (a ratio of sums, not an average of daily ratios)."
    )
