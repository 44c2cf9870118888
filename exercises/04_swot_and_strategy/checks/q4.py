OK_FORMAT = False

import numbers
import os
import sys

# the checks run with the exercise folder as working directory, like otter's tests_dir
if os.path.abspath("checks") not in sys.path:
    sys.path.insert(0, os.path.abspath("checks"))
from _answers import COST_SHOCK, margin_2025
from otter.test_files import test_case

name = "q4"


@test_case(
    points=1,
    failure_message="Shocked gross margin = 100 x (net revenue - 1.15 x cost) / net revenue, "
    "over 2025's orders, with net revenue = revenue - refunded.",
)
def check_shock(shocked_margin):
    assert shocked_margin is not ..., "Not answered yet: replace `...` with your calculation."
    assert isinstance(shocked_margin, numbers.Real), "shocked_margin should be one number (%)."
    expected = margin_2025(COST_SHOCK)
    today = margin_2025()
    if abs(shocked_margin * 100 - expected) < 0.01:
        raise AssertionError("Your answer is a fraction: express the margin in percent.")
    if abs(shocked_margin - today) < 0.01:
        raise AssertionError(
            "That is 2025's actual gross margin: apply the shock by multiplying cost by 1.15."
        )
    if abs(shocked_margin - (today - 15)) < 0.01:
        raise AssertionError(
            "Costs rising 15 % does not take 15 points off the margin: it raises the cost "
            "share by 15 %. Recompute with cost x 1.15."
        )
    if abs(shocked_margin - 0.85 * today) < 0.01:
        raise AssertionError(
            "Scaling the margin by 0.85 is not the same as raising costs by 15 %: recompute "
            "(net revenue - 1.15 x cost) / net revenue."
        )
    if abs(shocked_margin - margin_2025(COST_SHOCK, refunds=False)) < 0.01:
        raise AssertionError("You used gross revenue: subtract `refunded` first.")
    assert abs(shocked_margin - expected) < 0.01, (
        f"shocked_margin is {shocked_margin:.2f} %. Prices stay the same, so net revenue does "
        "not change; only the cost grows by 15 %."
    )
