OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import catering_growth_rate, catering_share_of_growth, catering_share_of_revenue
from otter.test_files import test_case

name = "q3"


@test_case(
    points=1,
    failure_message="Share of growth (%) = 100 x (catering 2025 - catering 2024) / "
    "(all revenue 2025 - all revenue 2024), with net revenue = revenue - refunded.",
)
def check_share(catering_growth_share):
    assert catering_growth_share is not ..., (
        "Not answered yet: replace `...` with your calculation."
    )
    assert isinstance(catering_growth_share, numbers.Real), (
        "catering_growth_share should be one number, in percent."
    )
    x = catering_growth_share
    expected = catering_share_of_growth()
    if abs(100 * x - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: give the share in percent.")
    if abs(x - catering_share_of_revenue()) < 0.01:
        raise AssertionError(
            "That is catering's share of 2025 revenue. The question asks for its "
            "share of the growth: divide catering's change by the total change."
        )
    if abs(x - catering_growth_rate()) < 0.01:
        raise AssertionError(
            "That is how fast catering itself grew. The question asks what share "
            "of the bakery's growth came from catering: catering's change in USD "
            "over the whole bakery's change in USD."
        )
    if abs(x - catering_share_of_growth(net=False)) < 0.01:
        raise AssertionError("You used gross revenue: subtract the `refunded` column first.")
    assert abs(x - expected) < 0.01, (
        f"catering_growth_share is {x:.2f} %. Both the numerator and the denominator are changes "
        "from 2024 to 2025: catering's change over the whole bakery's change."
    )
