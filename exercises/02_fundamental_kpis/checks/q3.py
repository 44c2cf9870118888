OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import gross_margin, markup
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Gross margin % = 100 x (net revenue - cost) / net revenue "
    "for orders in 2024, where net revenue = revenue - refunded.",
)
def check_margin(gross_margin_2024):
    assert gross_margin_2024 is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(gross_margin_2024, numbers.Real), "gross_margin_2024 should be one number."
    expected = gross_margin(2024)
    if abs(gross_margin_2024 * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: express the margin in percent.")
    if abs(gross_margin_2024 - gross_margin(2024, refunds=False)) < 0.01:
        raise AssertionError("You used gross revenue: refunded money is not revenue, subtract it.")
    if abs(gross_margin_2024 - markup(2024)) < 0.01:
        raise AssertionError(
            "You divided gross profit by cost: that is the mark-up, not the margin. "
            "The margin divides by net revenue, so it is always below 100 %."
        )
    for year in (2022, 2023, 2025):
        if abs(gross_margin_2024 - gross_margin(year)) < 0.01:
            raise AssertionError(
                f"That is the margin of {year}: keep only orders dated in 2024 "
                "(orders['date'].dt.year == 2024)."
            )
    assert gross_margin_2024 <= 100, (
        "A margin above 100 % means negative costs: check your formula."
    )
    assert abs(gross_margin_2024 - expected) < 0.01, (
        f"gross_margin_2024 is {gross_margin_2024:.2f} %. Check that you kept only the orders of "
        "2024 and divided gross profit (net revenue - cost) by net revenue."
    )
